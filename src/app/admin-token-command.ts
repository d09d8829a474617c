/**
 * `tierdesk admin-token --rotate [--data <dir> | --database-url postgres://…]` (issue 12): a generated admin token is
 * printed once, at the first start; this prints a new one and invalidates the old (src/app/bootstrap.ts). An embedded
 * database is locked by its running server (stop it first); on PostgreSQL the running servers take the new token at
 * once.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../platform/config.js';
import { notifyAuthChange } from '../platform/change-feed.js';
import { openDatabase } from '../platform/db.js';
import { getSetting } from '../platform/settings.js';
import { rotateAdminToken } from './bootstrap.js';

export class AdminTokenError extends Error {}

export async function adminTokenRotate(config: Config): Promise<string> {
  if (config.adminToken) {
    throw new AdminTokenError(
      'TIERDESK_ADMIN_TOKEN is set, so the admin token is that value: change it there (nothing was rotated)',
    );
  }
  if (!config.databaseUrl && !existsSync(join(config.dataDir, 'pgdata'))) {
    throw new AdminTokenError(`no Tierdesk database in ${config.dataDir} (use --data <dir> or --database-url)`);
  }
  const database = await openDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  try {
    const bound = await getSetting<{ id: string }>(database.db, 'catalog').catch(() => undefined);
    if (!bound) throw new AdminTokenError('this database was never started by Tierdesk (tierdesk serve creates it)');
    return await rotateAdminToken(database.db, database.kind === 'postgres' ? notifyAuthChange : null);
  } finally {
    await database.close();
  }
}
