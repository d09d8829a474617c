/**
 * Test databases. Store and HTTP tests run on PGlite always and on PostgreSQL when TIERDESK_TEST_DATABASE_URL is
 * set (CI sets it), each test file in its own fresh database that it drops afterwards.
 * PGlite's initdb takes seconds, so a migrated template data dir is built once per migration set (global setup)
 * and copied for each test.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrationsFolder, openDatabase, type Database } from '../../src/platform/db.js';

export type DbKind = 'pglite' | 'postgres';

export const PG_URL = process.env.TIERDESK_TEST_DATABASE_URL ?? null;
export const DB_KINDS: DbKind[] = PG_URL ? ['pglite', 'postgres'] : ['pglite'];

function migrationsHash(): string {
  const dir = migrationsFolder();
  const h = createHash('sha256');
  for (const f of readdirSync(dir).sort()) if (f.endsWith('.sql')) h.update(f).update(readFileSync(join(dir, f)));
  h.update(readFileSync(join(dir, 'meta', '_journal.json')));
  return h.digest('hex').slice(0, 16);
}

export function pgliteTemplateDir(): string {
  return join(tmpdir(), `tierdesk-pglite-template-${migrationsHash()}`);
}

/** Builds the migrated PGlite template once (called from vitest global setup). */
export async function ensurePgliteTemplate(): Promise<string> {
  const dir = pgliteTemplateDir();
  if (existsSync(join(dir, 'ready'))) return dir;
  const building = `${dir}.building-${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  const db = await openDatabase({ dataDir: building, databaseUrl: null });
  await db.close();
  rmSync(join(building, 'tierdesk.lock'), { force: true });
  cpSync(building, dir, { recursive: true });
  rmSync(building, { recursive: true, force: true });
  cpSync(join(dir, 'pgdata', 'PG_VERSION'), join(dir, 'ready'));
  return dir;
}

export interface TestDatabase {
  readonly kind: DbKind;
  /** For PGlite: the data dir to open; for PostgreSQL: the URL. */
  readonly dataDir: string | null;
  readonly url: string | null;
  open(): Promise<Database>;
  drop(): Promise<void>;
}

export async function createTestDatabase(kind: DbKind): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const template = await ensurePgliteTemplate();
    const dataDir = mkdtempSync(join(tmpdir(), 'tierdesk-test-'));
    cpSync(template, dataDir, { recursive: true });
    return {
      kind,
      dataDir,
      url: null,
      open: () => openDatabase({ dataDir, databaseUrl: null }),
      async drop() {
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  if (!PG_URL) throw new Error('TIERDESK_TEST_DATABASE_URL is not set');
  const name = `tierdesk_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return {
    kind,
    dataDir: null,
    url: url.toString(),
    open: () => openDatabase({ dataDir: null, databaseUrl: url.toString() }),
    async drop() {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
