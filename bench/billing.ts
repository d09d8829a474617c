/**
 * `npm run bench -- billing`: the month-end run (R-BIL-2/3) for N accounts (default 100,000) × 30 days of usage
 * (3,000,000 records), on PostgreSQL and on the embedded database, against floors measured in the same run: one SQL
 * GROUP BY account over the same month's records, which writes nothing (goal of old: first run ≤ 2× it), and the
 * write floor, the run's rows (a bill, two lines and a notice per account) written with three INSERT … SELECT
 * generate_series and rolled back. Goals (issue 17): first run ≤ 1.5× (GROUP BY floor + write floor), a re-run of the
 * completed month ≤ 0.1× the first run, JS heap growth at its peak ≤ 150 MB. A batch of the run is two statements
 * (its id span and billed count, then one statement that sums the whole-month accounts' usage in one GROUP BY over
 * the span and writes their bills, lines and notices with INSERT … SELECT; store/month-end-batch.ts). Data is
 * generated in SQL (INSERT … SELECT generate_series, a day at a time).
 * TIERDESK_BENCH_BILLING_ACCOUNTS sets N; TIERDESK_BENCH_BILLING_DATABASES picks `postgres`, `embedded` or both (default). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { openDatabase, type Database } from '../src/platform/db.js';
import { TestClock } from '../src/platform/clock.js';
import { createLogger } from '../src/platform/logger.js';
import { OutboxDispatcher } from '../src/platform/outbox.js';
import { setSetting } from '../src/platform/settings.js';
import { testConfig } from '../src/platform/config.js';
import type { Deps } from '../src/platform/deps.js';
import { loadCatalog } from '../src/contexts/catalog/use-cases/load-catalog.js';
import { runMonth } from '../src/contexts/billing/use-cases/run-month.js';
import { createBenchDatabase, median, type BenchResult, type BenchSection } from './lib.js';
import { seedBillingAccounts } from '../test/support/billing-seed.js';

const MONTH = '2026-03';
const DAYS = 30;

/** Accounts on business since February (a whole-month segment in March), a renewal paid in March, a record a day. */
async function seed(db: Database, accounts: number, note: (s: string) => void): Promise<number> {
  const t0 = performance.now();
  await setSetting(db.db, 'catalog', { id: 'huaweicloud-intl', version: 'bench' });
  await seedBillingAccounts(db.db, {
    prefix: 'b',
    accounts,
    level: 'business',
    since: '2026-02-15T02:00:00Z',
    month: MONTH,
    days: DAYS,
    renewalMinor: 9000n,
    currency: 'USD',
  });
  // What autovacuum does after a bulk load on PostgreSQL (PGlite has no autovacuum): hint bits, visibility, statistics.
  await db.db.execute(sql`VACUUM ANALYZE`);
  const records = accounts * DAYS;
  note(
    `seeded ${accounts} accounts and ${records} usage records in ${((performance.now() - t0) / 1000).toFixed(1)} s (INSERT … SELECT generate_series, a day at a time)`,
  );
  return records;
}

async function groupByFloor(db: Database): Promise<number> {
  const t0 = performance.now();
  await db.rows(sql`SELECT count(*), sum(s) FROM (SELECT account_id, sum(amount_minor) AS s FROM usage_records
    WHERE to_date >= '2026-03-01' AND from_date <= '2026-03-31' GROUP BY account_id) x`);
  return performance.now() - t0;
}

/**
 * A second, informational floor: writing the rows a run must write (a bill, two lines and a notice per account) with
 * one INSERT … SELECT generate_series each, in a transaction that is rolled back. The GROUP BY floor writes nothing.
 */
async function writeFloor(db: Database, accounts: number): Promise<number> {
  const rollback = new Error('rollback');
  const t0 = performance.now();
  await db.db
    .transaction(async (tx) => {
      const ids = sql.raw(`generate_series(1, ${accounts}) AS a`);
      await tx.execute(sql`INSERT INTO bills (id, tenant_id, account_id, month, status, currency, total_minor, consumption_minor, run_id, issued_at)
        SELECT 'bil_floor' || a, 'acc_b' || lpad(a::text, 8, '0'), 'acc_b' || lpad(a::text, 8, '0'), '1999-01', 'issued', 'USD', 12345, 6789, 'run_floor', now() FROM ${ids}`);
      await tx.execute(sql`INSERT INTO bill_lines (bill_id, line_no, tenant_id, kind, level, days, description, amount_minor, consumption_minor, order_id, period_start, period_end)
        SELECT 'bil_floor' || a, n, 'acc_b' || lpad(a::text, 8, '0'), 'incremental', 'business', 31,
               'Incremental support fee, Business, 2026-03-01 to 2026-03-31 (31 of 31 days): consumption 12345.67 USD', 100, 100, NULL, '2026-03-01', '2026-03-31'
        FROM ${ids}, generate_series(1, 2) AS n`);
      await tx.execute(sql`INSERT INTO outbox (tenant_id, topic, dedupe_key, payload, created_at, available_at)
        SELECT 'acc_b' || lpad(a::text, 8, '0'), 'floor', 'floor:' || a, jsonb_build_object('billId', 'bil_floor' || a, 'month', '1999-01'), now(), now() FROM ${ids}`);
      throw rollback;
    })
    .catch((err) => {
      if (err !== rollback) throw err;
    });
  return performance.now() - t0;
}

async function benchOne(
  kind: string,
  db: Database,
  accounts: number,
  results: BenchResult[],
  notes: string[],
): Promise<void> {
  const records = await seed(db, accounts, (s) => notes.push(`${kind}: ${s}`));
  const catalog = await loadCatalog('huaweicloud-intl');
  const clock = new TestClock(new Date('2026-04-01T00:00:00+08:00'));
  const log = createLogger('silent');
  const outbox = new OutboxDispatcher(db.db, clock, log);
  await outbox.stop();
  const deps: Deps = { db: db.db, catalog, clock, log, outbox, config: testConfig() };

  await groupByFloor(db); // warm the cache: the run and the floor both read warm pages
  const floors = [await groupByFloor(db), await groupByFloor(db), await groupByFloor(db)];
  const floor = median(floors);

  const heap0 = process.memoryUsage().heapUsed;
  let heapPeak = heap0;
  const batchMs: number[] = [];
  let last = performance.now();
  const t0 = last;
  const first = await runMonth(deps, {
    month: MONTH,
    trigger: 'cli',
    now: clock.now(),
    onProgress: (p) => {
      heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
      const now = performance.now();
      if (p.phase === 'bills' && p.accountsDone > 0) batchMs.push(now - last);
      last = now;
    },
  });
  const firstMs = performance.now() - t0;
  const t1 = performance.now();
  const again = await runMonth(deps, { month: MONTH, trigger: 'cli', now: clock.now() });
  const rerunMs = performance.now() - t1;
  const floorAfter = median([await groupByFloor(db), await groupByFloor(db), await groupByFloor(db)]);
  const writes = median([
    await writeFloor(db, accounts),
    await writeFloor(db, accounts),
    await writeFloor(db, accounts),
  ]);

  const [check] = await db.rows<{ bills: string; lines: string; total: string; notices: string }>(sql`SELECT
    (SELECT count(*) FROM bills WHERE month = ${MONTH}) AS bills, (SELECT count(*) FROM bill_lines) AS lines,
    (SELECT sum(total_minor) FROM bills WHERE month = ${MONTH})::text AS total, (SELECT count(*) FROM outbox WHERE topic = 'billing.bill-notice') AS notices`);
  if (Number(check!.bills) !== accounts || first.billsCreated !== accounts || again.billsCreated !== 0) {
    throw new Error(
      `${kind}: expected ${accounts} bills once, got ${JSON.stringify({ check, first: first.billsCreated, again: again.billsCreated })}`,
    );
  }
  notes.push(
    `${kind}: ${batchMs.length} batches of 5000 accounts (each: its id span, then one statement that picks the whole-month accounts, sums their usage in one GROUP BY over the span and writes bills, lines and notices with INSERT … SELECT), median ${median(batchMs).toFixed(0)} ms a batch`,
  );
  notes.push(
    `${kind}: the GROUP BY floor writes nothing${kind === 'PostgreSQL' ? ' (and PostgreSQL runs it with parallel workers, which no writing statement gets)' : ''}; the run must also write every bill, its lines and its notice (the write floor alone is ${(writes / floor).toFixed(1)}× the GROUP BY floor)`,
  );
  notes.push(
    `${kind}: ${check!.bills} bills, ${check!.lines} lines, ${check!.notices} notices; bills total ${check!.total} minor units; re-run created ${again.billsCreated}`,
  );
  results.push({
    metric: `${kind} month-end run, ${accounts} accounts × ${DAYS} days (${records} records)`,
    value: firstMs,
    unit: 'ms',
  });
  results.push({ metric: `${kind} floor: one GROUP BY over the same records (median of 3)`, value: floor, unit: 'ms' });
  results.push({ metric: `${kind} floor again after the run (median of 3)`, value: floorAfter, unit: 'ms' });
  results.push({
    metric: `${kind} run ÷ floor`,
    value: firstMs / floor,
    unit: '×',
    goal: '≤ 2×',
    pass: firstMs / floor <= 2,
  });
  results.push({
    metric: `${kind} write floor: the run's rows in 3 INSERT … SELECT (median of 3, rolled back)`,
    value: writes,
    unit: 'ms',
  });
  results.push({
    metric: `${kind} run ÷ (GROUP BY floor + write floor)`,
    value: firstMs / (floor + writes),
    unit: '×',
    goal: '≤ 1.5×',
    pass: firstMs / (floor + writes) <= 1.5,
  });
  results.push({ metric: `${kind} re-run of the completed month`, value: rerunMs, unit: 'ms' });
  results.push({
    metric: `${kind} re-run ÷ first run`,
    value: rerunMs / firstMs,
    unit: '×',
    goal: '≤ 0.1×',
    pass: rerunMs / firstMs <= 0.1,
  });
  const heapMb = (heapPeak - heap0) / 2 ** 20;
  results.push({
    metric: `${kind} run: JS heap growth at its peak`,
    value: heapMb,
    unit: 'MB',
    goal: '≤ 150 MB',
    pass: heapMb <= 150,
  });
}

export default async function billingBench(): Promise<BenchSection> {
  const accounts = Number(process.env.TIERDESK_BENCH_BILLING_ACCOUNTS ?? 100_000);
  const results: BenchResult[] = [];
  const notes: string[] = [];
  const kinds = (process.env.TIERDESK_BENCH_BILLING_DATABASES ?? 'postgres,embedded').split(',');
  const pgDb = kinds.includes('postgres') ? await createBenchDatabase('tierdesk_bench_billing') : null;
  if (pgDb) {
    const db = await openDatabase({ dataDir: null, databaseUrl: pgDb.url });
    try {
      await benchOne('PostgreSQL', db, accounts, results, notes);
    } finally {
      await db.close();
      await pgDb.drop();
    }
  } else if (kinds.includes('postgres')) notes.push('PostgreSQL unreachable: PostgreSQL rows skipped');
  const name = `billing month-end run (${accounts} accounts × ${DAYS} days)`;
  if (!kinds.includes('embedded')) return { name, results, notes };
  const dir = mkdtempSync(join(tmpdir(), 'tierdesk-bench-billing-'));
  const db = await openDatabase({ dataDir: dir, databaseUrl: null });
  try {
    await benchOne('embedded', db, accounts, results, notes);
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return { name, results, notes };
}
