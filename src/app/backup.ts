/**
 * `tierdesk backup` / `tierdesk restore` (issue 17) for the embedded database: PGlite's own dump of its data dir
 * (dumpDataDir, a gzipped tar) and a new data dir loaded from it (loadDataDir). Attachments and deliverables live
 * in the database, so the one file is everything. The backup takes the data-dir lock: a running server holds it,
 * so stop the server first (a copy of a live data dir would not be consistent). PostgreSQL: pg_dump (README).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { acquireDataDirLock } from '../platform/data-dir-lock.js';

export class BackupError extends Error {}

const PGLITE_CONF = ['shared_buffers=16MB'];

export async function backupDataDir(
  dataDirArg: string,
  fileArg: string,
): Promise<{ dataDir: string; file: string; bytes: number }> {
  const dataDir = resolve(dataDirArg);
  const file = resolve(fileArg);
  if (!existsSync(join(dataDir, 'pgdata', 'PG_VERSION')))
    throw new BackupError(`${dataDir} holds no Tierdesk database (no pgdata/)`);
  const lock = acquireDataDirLock(dataDir);
  try {
    const { PGlite } = await import('@electric-sql/pglite');
    const client = new PGlite(join(dataDir, 'pgdata'), { postgresqlconf: PGLITE_CONF });
    try {
      await client.waitReady;
      const dump = await client.dumpDataDir('gzip');
      const bytes = Buffer.from(await dump.arrayBuffer());
      writeFileSync(file, bytes);
      return { dataDir, file, bytes: bytes.length };
    } finally {
      await client.close();
    }
  } finally {
    lock.release();
  }
}

export async function restoreDataDir(fileArg: string, dataDirArg: string): Promise<{ dataDir: string; file: string }> {
  const dataDir = resolve(dataDirArg);
  const file = resolve(fileArg);
  if (!existsSync(file)) throw new BackupError(`${file}: no such backup file`);
  // Never over a database: restoring is into a new (or empty) directory only.
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0)
    throw new BackupError(`${dataDir} is not empty; restore into a new directory`);
  mkdirSync(dataDir, { recursive: true });
  const lock = acquireDataDirLock(dataDir);
  try {
    const { PGlite } = await import('@electric-sql/pglite');
    const blob = new Blob([readFileSync(file)], { type: 'application/x-gzip' });
    const client = new PGlite(join(dataDir, 'pgdata'), { postgresqlconf: PGLITE_CONF, loadDataDir: blob });
    try {
      await client.waitReady;
      // A readable database, or the file was not a backup.
      await client.query('SELECT count(*) FROM settings');
    } finally {
      await client.close();
    }
    return { dataDir, file };
  } catch (err) {
    if (err instanceof BackupError) throw err;
    throw new BackupError(`${file}: not a Tierdesk backup (${(err as Error).message})`);
  } finally {
    lock.release();
  }
}
