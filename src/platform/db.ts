/**
 * Storage: one PostgreSQL dialect through drizzle-orm. PGlite in the data dir by default (embedded, single
 * process: a lock file refuses a second server), or a PostgreSQL server with --database-url. Both run the same
 * drizzle-kit migrations at start.
 */
import { mkdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { sql, type SQL } from 'drizzle-orm';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.js';
import { rowsOf } from './sql-params.js';

export type Db = PgDatabase<PgQueryResultHKT, Record<string, never>>;

/** What pg-boss needs to run its queries on our connection. */
export interface SqlExecutor {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

export interface Database {
  readonly kind: 'pglite' | 'postgres';
  readonly db: Db;
  /** Raw rows of one statement. */
  rows<T = Record<string, unknown>>(query: SQL): Promise<T[]>;
  /** For pg-boss: a connection string (PostgreSQL) or an executor on the embedded database. */
  readonly boss: { connectionString: string } | { executor: SqlExecutor };
  close(): Promise<void>;
}

export function migrationsFolder(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'drizzle');
    if (existsSync(join(candidate, 'meta', '_journal.json'))) return candidate;
    dir = dirname(dir);
  }
  throw new Error('drizzle migrations folder not found');
}

// PGlite defaults to 128 MB of shared buffers inside its WASM heap; 16 MB keeps idle RSS small (bench: idle RSS).
const PGLITE_CONF = ['shared_buffers=16MB'];

export async function openPglite(dataDir: string | null): Promise<Database> {
  let lock: DataDirLock | null = null;
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true });
    lock = acquireDataDirLock(dataDir);
  }
  let client: PGlite;
  try {
    // Drivers load on demand: an embedded server never loads `pg`, a PostgreSQL one never loads the WASM build.
    const [{ PGlite }, { drizzle: drizzlePglite }, { migrate: migratePglite }] = await Promise.all([
      import('@electric-sql/pglite'),
      import('drizzle-orm/pglite'),
      import('drizzle-orm/pglite/migrator'),
    ]);
    client = new PGlite(dataDir ? join(dataDir, 'pgdata') : undefined, { postgresqlconf: PGLITE_CONF });
    await client.waitReady;
    const db = drizzlePglite({ client }) as unknown as Db;
    await migratePglite(db as never, { migrationsFolder: migrationsFolder() });
    return {
      kind: 'pglite',
      db,
      rows: (query) => rowsOf(db, query),
      boss: {
        executor: {
          async executeSql(text: string, values?: unknown[]) {
            if (values && values.length) return client.query(text, values);
            const results = await client.exec(text);
            return results[results.length - 1] ?? { rows: [] };
          },
        },
      },
      async close() {
        try {
          if (!client.closed) await client.close();
        } finally {
          lock?.release();
        }
      },
    };
  } catch (err) {
    lock?.release();
    throw err;
  }
}

export async function openPostgres(url: string): Promise<Database> {
  const [{ default: pg }, { drizzle: drizzlePg }, { migrate: migratePg }] = await Promise.all([
    import('pg'),
    import('drizzle-orm/node-postgres'),
    import('drizzle-orm/node-postgres/migrator'),
  ]);
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  pool.on('error', () => {
    /* idle client errors are reported by the next query */
  });
  const db = drizzlePg({ client: pool }) as unknown as Db;
  // Serialise migrations across servers sharing one database.
  const lockClient = await pool.connect();
  try {
    await lockClient.query('SELECT pg_advisory_lock(7415001)');
    await migratePg(drizzlePg({ client: lockClient }) as never, { migrationsFolder: migrationsFolder() });
  } finally {
    await lockClient.query('SELECT pg_advisory_unlock(7415001)').catch(() => undefined);
    lockClient.release();
  }
  return {
    kind: 'postgres',
    db,
    rows: (query) => rowsOf(db, query),
    boss: { connectionString: url },
    async close() {
      await pool.end();
    },
  };
}

export async function openDatabase(opts: { dataDir: string | null; databaseUrl: string | null }): Promise<Database> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl) : openPglite(opts.dataDir);
}

export { sql };
