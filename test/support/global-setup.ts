/**
 * Runs once before the suite. PostgreSQL variants run only when TIERDESK_TEST_DATABASE_URL is set (CI sets it);
 * on a newcomer's laptop they are skipped with this notice.
 */
export default function setup(): void {
  if (!process.env.TIERDESK_TEST_DATABASE_URL) {
    console.log('\n[tierdesk] TIERDESK_TEST_DATABASE_URL is not set: PostgreSQL variants of the store tests are skipped (PGlite variants run).\n');
  }
}
