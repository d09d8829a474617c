/**
 * Runs once before the suite: builds the migrated PGlite template, checks PostgreSQL when asked to use it.
 * PostgreSQL variants run only when TIERDESK_TEST_DATABASE_URL is set (CI sets it); on a newcomer's laptop they
 * are skipped with this notice.
 */
import pg from 'pg';
import { ensurePgliteTemplate } from './databases.js';

export default async function setup(): Promise<void> {
  await ensurePgliteTemplate();
  const url = process.env.TIERDESK_TEST_DATABASE_URL;
  if (!url) {
    console.log(
      '\n[tierdesk] TIERDESK_TEST_DATABASE_URL is not set: the PostgreSQL variants of the store and HTTP tests are skipped (PGlite variants run).\n',
    );
    return;
  }
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (err) {
    throw new Error(`TIERDESK_TEST_DATABASE_URL is set but PostgreSQL is unreachable: ${(err as Error).message}`, {
      cause: err,
    });
  } finally {
    await client.end().catch(() => undefined);
  }
}
