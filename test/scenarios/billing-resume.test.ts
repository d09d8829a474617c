/**
 * R-BIL-3 through the real command line: `tierdesk billing run` on an embedded data dir seeded with thousands of
 * accounts and a month of daily usage is killed with SIGKILL once it printed some progress, then started again:
 * the run completes (resumed), every account has exactly one bill with the oracle's total, every bill one notice;
 * a third run bills nothing. Beside a running server on the same data dir the run exits 3 (the data-dir lock). The
 * kill-and-resume runs on PostgreSQL too (`--database-url`) when TIERDESK_TEST_DATABASE_URL is set.
 */
import { spawn } from 'node:child_process';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/platform/db.js';
import { setSetting } from '../../src/platform/settings.js';
import { seedBillingAccounts, seededAccountId, seededUsageMinor } from '../support/billing-seed.js';
import { oracleIncrementalMinor } from '../support/billing-oracle.js';
import { CLI, ROOT, ensureBuilt, freshDataDir, removeDir, runCli, startCli } from './cli-server.js';
import { PG_URL, createTestDatabase, type TestDatabase } from '../support/databases.js';

const N = 3000;
const BUSINESS_TIERS = [
  { upTo: '9000.00', rate: '0.10' },
  { upTo: '72000.00', rate: '0.07' },
  { upTo: '225000.00', rate: '0.05' },
  { upTo: null, rate: '0.03' },
];
const expectedTotal = (n: number) => {
  let consumption = 0n;
  for (let d = 1; d <= 31; d++) consumption += seededUsageMinor(n, d);
  return (
    9000n +
    oracleIncrementalMinor({
      consumptionMinor: consumption,
      tiers: BUSINESS_TIERS,
      baseMonthly: '90.00',
      segmentDays: 31,
      monthDays: 31,
    })
  );
};
const RUN_ARGS = (target: string[]) => [
  'billing',
  'run',
  '--month',
  '2026-03',
  ...target,
  '--catalog',
  'huaweicloud-intl',
  '--test-clock',
  '--batch-size',
  '50',
];

/**
 * Starts the run (60 batches), kills it with SIGKILL as soon as it reported its first batch of bills, checks the
 * half-done state, runs it again to the end and checks every bill against the oracle; a third run bills nothing.
 */
async function killAndResume(target: string[], open: () => Promise<Database>): Promise<void> {
  // 1. Start the run (60 batches) and kill it as soon as it reported its first batch of bills.
  const child = spawn(process.execPath, [CLI, ...RUN_ARGS(target)], {
    cwd: ROOT,
    env: { ...process.env, TIERDESK_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exit = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no progress within 120 s:\n${out}`)), 120_000);
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      if (/accounts, \d+ bills created/.test(out) && child.exitCode === null) {
        clearTimeout(timer);
        child.kill('SIGKILL');
        resolve();
      }
    });
    child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
    void exit.then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
  const killed = await exit;
  expect(killed.signal, `the run finished before it could be killed:\n${out}`).toBe('SIGKILL');
  expect(out).toMatch(/^billing 2026-03: \d+\/3000 accounts, \d+ bills created, 0 already billed$/m);
  expect(out).not.toMatch(/done/);

  const half = await open(); // on a data dir the dead run's lock is taken over
  try {
    const [mid] = await half.rows<{ bills: string; status: string }>(
      sql`SELECT (SELECT count(*) FROM bills WHERE month = '2026-03') AS bills, status FROM billing_runs WHERE month = '2026-03' AND scope = 'all'`,
    );
    expect(mid!.status).toBe('running');
    expect(Number(mid!.bills)).toBeGreaterThanOrEqual(50);
    expect(Number(mid!.bills), 'killed half-way: some accounts are not billed yet').toBeLessThan(N);
  } finally {
    await half.close();
  }

  // 2. Started again, the run resumes after its last committed batch.
  const again = await runCli(RUN_ARGS(target), { timeoutMs: 300_000 });
  expect(again.stderr).toBe('');
  expect(again.code).toBe(0);
  expect(again.stdout).toMatch(
    /billing 2026-03 done: 3000 account\(s\), 3000 bill\(s\) created in this pass \(\d+ by this run\), 0 already billed \(resumed\)/,
  );

  // 3. Every account exactly once, with the oracle's total; one notice per bill; the run completed.
  const db = await open();
  try {
    const bills = await db.rows<{ account_id: string; total: string; n: string; lines: string }>(
      sql`SELECT b.account_id, b.total_minor::text AS total, count(*) OVER (PARTITION BY b.account_id) AS n,
                 (SELECT count(*) FROM bill_lines l WHERE l.bill_id = b.id) AS lines
          FROM bills b WHERE b.month = '2026-03' ORDER BY b.account_id`,
    );
    expect(bills).toHaveLength(N);
    bills.forEach((b, i) => {
      expect(b.account_id).toBe(seededAccountId('k', i + 1));
      expect([Number(b.n), Number(b.lines)]).toEqual([1, 2]);
      expect(BigInt(b.total), b.account_id).toBe(expectedTotal(i + 1));
    });
    const [state] = await db.rows<{ status: string; accounts_done: number; bills_created: number; notices: string }>(
      sql`SELECT status, accounts_done, bills_created, (SELECT count(*) FROM outbox WHERE topic = 'billing.bill-notice') AS notices
          FROM billing_runs WHERE month = '2026-03' AND scope = 'all'`,
    );
    expect(state).toMatchObject({ status: 'completed', accounts_done: N, bills_created: N });
    expect(Number(state!.notices)).toBe(N);
  } finally {
    await db.close();
  }

  // 4. A third run bills nothing.
  const third = await runCli(RUN_ARGS(target), { timeoutMs: 300_000 });
  expect(third.code).toBe(0);
  expect(third.stdout).toMatch(
    /billing 2026-03 done: 3000 account\(s\), 0 bill\(s\) created in this pass \(0 by this run\), 3000 already billed in/,
  );
}

describe('R-BIL-3 a month-end run killed with SIGKILL half-way and started again', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await freshDataDir('tierdesk-billing-resume-');
    // A real server creates the database (migrations, catalog binding, test clock), then stops.
    const server = await startCli({ catalog: 'huaweicloud-intl', dataDir: dir });
    await server.stop(); // SIGTERM (SIGKILL after 30 s on a loaded machine): either way its lock is released or stale
    const db = await openDatabase({ dataDir: dir, databaseUrl: null });
    try {
      await seedBillingAccounts(db.db, {
        prefix: 'k',
        accounts: N,
        level: 'business',
        since: '2026-02-10T02:00:00Z',
        month: '2026-03',
        days: 31,
        renewalMinor: 9000n,
        currency: 'USD',
      });
      await setSetting(db.db, 'test_clock', '2026-04-01T01:00:00.000Z');
    } finally {
      await db.close();
    }
    await ensureBuilt();
  });
  afterAll(() => dir && removeDir(dir));

  it('completes with every account billed exactly once and the right totals', async () => {
    await killAndResume(['--data', dir], () => openDatabase({ dataDir: dir, databaseUrl: null }));
  });

  it('refuses a month that has not ended, an unknown account, a missing database, another catalog (exit 1) and bad flags (exit 2)', async () => {
    const base = ['--data', dir, '--catalog', 'huaweicloud-intl', '--test-clock'];
    const notEnded = await runCli(['billing', 'run', '--month', '2026-04', ...base]);
    expect([notEnded.code, notEnded.stderr]).toEqual([1, expect.stringContaining('has not ended')]);
    const badMonth = await runCli(['billing', 'run', '--month', '2026-13', ...base]);
    expect([badMonth.code, badMonth.stderr]).toEqual([2, expect.stringContaining('--month YYYY-MM')]);
    const badBatch = await runCli(['billing', 'run', '--month', '2026-03', '--batch-size', '0', ...base]);
    expect([badBatch.code, badBatch.stderr]).toEqual([2, expect.stringContaining('--batch-size')]);
    const unknown = await runCli(['billing', 'run', '--month', '2026-03', '--account', 'acc_nobody', ...base]);
    expect([unknown.code, unknown.stderr]).toEqual([1, expect.stringContaining('acc_nobody')]);
    const other = await runCli([
      'billing',
      'run',
      '--month',
      '2026-03',
      '--data',
      dir,
      '--catalog',
      'ctyun',
      '--test-clock',
    ]);
    expect([other.code, other.stderr]).toEqual([1, expect.stringContaining('huaweicloud-intl')]);
    const empty = await freshDataDir();
    const missing = await runCli([
      'billing',
      'run',
      '--month',
      '2026-03',
      '--data',
      empty,
      '--catalog',
      'huaweicloud-intl',
    ]);
    removeDir(empty);
    expect([missing.code, missing.stderr]).toEqual([1, expect.stringContaining('no Tierdesk database')]);
    const usage = await runCli(['billing', 'frobnicate']);
    expect(usage.code).toBe(2);
    // The run takes the data-dir lock: beside a running server it exits 3 and touches nothing.
    const server = await startCli({ catalog: 'huaweicloud-intl', dataDir: dir });
    try {
      const locked = await runCli(['billing', 'run', '--month', '2026-03', ...base]);
      expect([locked.code, locked.stderr]).toEqual([3, expect.stringContaining('in use by another Tierdesk server')]);
    } finally {
      await server.stop();
    }
    // One account billed on demand: already billed by the full run, so nothing new.
    const one = await runCli(['billing', 'run', '--month', '2026-03', '--account', seededAccountId('k', 42), ...base]);
    expect(one.code).toBe(0);
    expect(one.stdout).toContain(`done for ${seededAccountId('k', 42)}: 1 account(s), 0 bill(s) created`);
  });
});

describe.skipIf(!PG_URL)('R-BIL-3 the same on PostgreSQL (--database-url)', () => {
  let pgDb: TestDatabase;
  beforeAll(async () => {
    pgDb = await createTestDatabase('postgres');
    const db = await pgDb.open(); // migrations
    try {
      await setSetting(db.db, 'catalog', { id: 'huaweicloud-intl', version: 'test' });
      await seedBillingAccounts(db.db, {
        prefix: 'k',
        accounts: N,
        level: 'business',
        since: '2026-02-10T02:00:00Z',
        month: '2026-03',
        days: 31,
        renewalMinor: 9000n,
        currency: 'USD',
      });
      await setSetting(db.db, 'test_clock', '2026-04-01T01:00:00.000Z');
    } finally {
      await db.close();
    }
    await ensureBuilt();
  });
  afterAll(() => pgDb?.drop());

  it('completes with every account billed exactly once and the right totals', async () => {
    await killAndResume(['--database-url', pgDb.url!], () => pgDb.open());
  });
});
