/**
 * Storage: one PostgreSQL dialect through drizzle-orm. PGlite in the data dir by default (embedded, single
 * process: a lock file refuses a second server), or a PostgreSQL server with --database-url. Both run the same
 * drizzle-kit migrations at start.
 */
import { mkdirSync, existsSync, readFileSync } from 'node:fs';
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
  /**
   * Runs `fn` holding a PostgreSQL session advisory lock (processes starting together on one database take turns);
   * embedded, just runs it (one process per data dir).
   */
  withAdvisoryLock<T>(key: number, fn: () => Promise<T>): Promise<T>;
  /** PostgreSQL: the pool's connections (GET /metrics); null embedded. */
  poolStats(): { total: number; idle: number; waiting: number; max: number } | null;
  close(): Promise<void>;
}

/** How many drizzle-kit migrations this build ships (the journal's entries). */
export function expectedMigrationCount(): number {
  const journal = JSON.parse(readFileSync(join(migrationsFolder(), 'meta', '_journal.json'), 'utf8')) as {
    entries: unknown[];
  };
  return journal.entries.length;
}

/** How many migrations the database has applied (drizzle's own table); throws when the database does not answer. */
export async function appliedMigrationCount(database: Pick<Database, 'rows'>): Promise<number> {
  const [row] = await database.rows<{ n: string | number }>(
    sql`SELECT count(*) AS n FROM drizzle.__drizzle_migrations`,
  );
  return Number(row?.n ?? 0);
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
      withAdvisoryLock: (_key, fn) => fn(),
      poolStats: () => null,
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
  const POOL_MAX = 10;
  const statementNames = new Map<string, string>();
  const pool = new pg.Pool({ connectionString: url, max: POOL_MAX });
  pool.on('error', () => {
    /* idle client errors are reported by the next query */
  });
  pool.on('connect', (client) => preparesStatements(client, statementNames));
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
    async withAdvisoryLock(key, fn) {
      const c = await pool.connect();
      try {
        await c.query('SELECT pg_advisory_lock($1)', [key]);
        return await fn();
      } finally {
        await c.query('SELECT pg_advisory_unlock($1)', [key]).catch(() => undefined);
        c.release();
      }
    },
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: POOL_MAX }),
    async close() {
      await pool.end();
    },
  };
}

/**
 * Issue 17: every statement text this database runs (up to PREPARED_TEXTS_MAX of them) as a named prepared statement
 * on each connection: parsed and analysed once per connection instead of at every execution (the intake's CTE costs
 * the server half as much CPU so). The same text always has the same name (`statementNames`, one map per database);
 * texts past the cap, texts with many parameters, and anything but one SELECT/INSERT/UPDATE/DELETE/WITH run unnamed,
 * as before. The rows and errors are those of the unnamed statement. (A prepared statement holds server memory on
 * each connection until it closes: hence the caps.)
 */
const PREPARED_TEXTS_MAX = 200;
/** A text with more bind parameters is one of many shapes (a list spread into `$n`s): not worth a name. */
const PREPARED_PARAMS_MAX = 32;
/** One plain query or data-modifying statement (no `;`: migrations, DDL and scripts run unnamed). */
const PREPARABLE = /^\s*(select|insert|update|delete|with)\b[^;]*$/i;

function preparesStatements(client: PgClientLike, statementNames: Map<string, string>): void {
  const query = (client.query as (...args: unknown[]) => unknown).bind(client);
  client.query = ((config: unknown, ...rest: unknown[]) => {
    if (config && typeof config === 'object' && !('name' in config && (config as { name?: string }).name)) {
      const text = (config as { text?: unknown }).text;
      const values = rest[0];
      if (typeof text === 'string' && (!Array.isArray(values) || values.length <= PREPARED_PARAMS_MAX)) {
        // Only texts that get a name are kept (and counted against the cap): the DDL of a migration, which runs
        // unnamed, would otherwise fill the cap before the first statement the process serves.
        let name = statementNames.get(text);
        if (name === undefined && statementNames.size < PREPARED_TEXTS_MAX && PREPARABLE.test(text))
          statementNames.set(text, (name = `td${statementNames.size}`));
        if (name) return query({ ...config, name }, ...rest);
      }
    }
    return query(config, ...rest);
  }) as never;
}

interface PgClientLike {
  query: unknown;
}

export async function openDatabase(opts: { dataDir: string | null; databaseUrl: string | null }): Promise<Database> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl) : openPglite(opts.dataDir);
}

export { sql };
