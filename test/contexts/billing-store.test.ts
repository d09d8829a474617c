/**
 * R-BIL-1/3 on PGlite and PostgreSQL: the SQL per-day spread equals the domain's, month totals and segment sums are
 * exact, and the month-end run is idempotent and resumable — stopped between batches, run twice, run concurrently,
 * run for one account first — with every account billed exactly once and every amount equal to the oracle's.
 */
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PRINCIPAL } from '../../src/platform/http/principal.js';
import { DomainError } from '../../src/platform/errors.js';
import { monthWindow } from '../../src/contexts/billing/domain/month.js';
import { spreadPartMinor } from '../../src/contexts/billing/domain/usage-split.js';
import { insertUsage, monthTotalsInRange, segmentConsumption } from '../../src/contexts/billing/store/usage-store.js';
import { runMonth } from '../../src/contexts/billing/use-cases/run-month.js';
import { insertBills } from '../../src/contexts/billing/store/bill-store.js';
import { recordUsage } from '../../src/contexts/billing/use-cases/record-usage.js';
import { DB_KINDS } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { seedBillingAccounts, seededAccountId, seededUsageMinor } from '../support/billing-seed.js';
import { oracleIncrementalMinor } from '../support/billing-oracle.js';

const ZONE = 'Asia/Shanghai';
const BUSINESS_TIERS = [
  { upTo: '9000.00', rate: '0.10' },
  { upTo: '72000.00', rate: '0.07' },
  { upTo: '225000.00', rate: '0.05' },
  { upTo: null, rate: '0.03' },
];
const APRIL_1 = new Date('2026-04-01T00:00:00+08:00');

describe.each(DB_KINDS)('billing store on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ kind });
  });
  afterAll(async () => t?.close());
  const rows = async <T>(q: ReturnType<typeof sql>) => t.app.database.rows<T>(q);

  it('R-BIL-1 the SQL spread of records over segments and months equals the domain rule, to the minor unit', async () => {
    const db = t.app.deps.db;
    const base = new Date('2026-01-01T00:00:00Z').getTime();
    const date = (offset: number) => new Date(base + offset * 86_400_000).toISOString().slice(0, 10);
    const records = fc.sample(
      fc.tuple(
        fc.integer({ min: 0, max: 500 }),
        fc.integer({ min: 1, max: 400 }),
        fc.bigInt({ min: 0n, max: 10_000_000_000_000n }),
        fc.constantFrom('cloud', 'marketplace'),
      ),
      {
        numRuns: 300,
        seed: 7,
      },
    );
    await insertUsage(
      db,
      records.map(([start, length, amount, category], i) => ({
        recordId: `spread-${kind}-${i}`,
        tenantId: `acc_spread${i % 3}`,
        accountId: `acc_spread${i % 3}`,
        service: 'obs',
        category,
        amountMinor: amount,
        currency: 'USD',
        fromDate: date(start),
        toDate: date(start + length - 1),
        contentHash: 'x',
      })),
      new Date(),
    );
    const counted = records.map((r, i) => ({ r, i })).filter(({ r }) => r[3] === 'cloud');
    const partOf = (account: number, first: number, last: number) =>
      counted
        .filter(({ i }) => i % 3 === account)
        .reduce((sum, { r: [start, length, amount] }) => {
          const lo = Math.max(first, start);
          const hi = Math.min(last, start + length - 1);
          return hi < lo ? sum : sum + spreadPartMinor(amount, length, lo - start, hi - start + 1);
        }, 0n);
    const specs = fc.sample(
      fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 900 }), fc.integer({ min: 0, max: 60 })),
      { numRuns: 60, seed: 8 },
    );
    const sums = await segmentConsumption(
      db,
      specs.map(([account, first, length], k) => ({
        billAccountId: `b${k}`,
        segment: k,
        usageAccountId: `acc_spread${account}`,
        firstDate: date(first),
        lastDate: date(first + length),
      })),
      ['marketplace'],
    );
    specs.forEach(([account, first, length], k) =>
      expect(sums.get(`b${k}/${k}`) ?? 0n, `spec ${k}`).toBe(partOf(account, first, first + length)),
    );

    // Month totals of an id range (a run's batch): one GROUP BY; months of 2026 add up like the domain's parts, and
    // accounts outside the range are not read.
    for (const month of ['2026-02', '2026-07']) {
      const w = monthWindow(month, ZONE);
      const totals = await monthTotalsInRange(db, w, ['marketplace'], 'acc_spread0', 'acc_spread2');
      const first = Math.round((new Date(`${w.firstDate}T00:00:00Z`).getTime() - base) / 86_400_000);
      for (const a of [0, 1, 2]) expect(totals.get(`acc_spread${a}`) ?? 0n).toBe(partOf(a, first, first + w.days - 1));
      const inner = await monthTotalsInRange(db, w, ['marketplace'], 'acc_spread1', 'acc_spread1');
      expect([...inner.keys()]).toEqual(partOf(1, first, first + w.days - 1) > 0n ? ['acc_spread1'] : []);
    }
  });

  it('bills and lines round-trip through the one-parameter-per-column insert, whatever their text holds', async () => {
    const tricky = ['a "quoted" \\ backslash, {braces}', 'NULL', '', '增量支持费（商业级）', "it's"];
    const lines = tricky.map((description, i) => ({
      kind: 'base' as const,
      level: i % 2 ? null : 'business',
      days: i % 2 ? null : i,
      description,
      amountMinor: BigInt(-i),
      consumptionMinor: i % 2 ? 5n : null,
      orderId: i % 2 ? null : `ord_${i}`,
      periodStart: i % 2 ? null : '2026-03-01',
      periodEnd: null,
    }));
    const bill = {
      id: `bil_rt_${kind}`,
      tenantId: 'acc_rt',
      accountId: `acc_rt_${kind}`,
      month: '2030-01',
      currency: 'USD',
      totalMinor: -10n,
      consumptionMinor: 5n,
      runId: 'run_rt',
      lines,
    };
    const done = await t.app.deps.db.transaction(async (tx) =>
      insertBills(tx as never, [bill], new Date('2030-02-01T00:00:00Z')),
    );
    expect(done.map((b) => b.id)).toEqual([bill.id]);
    const again = await t.app.deps.db.transaction(async (tx) =>
      insertBills(tx as never, [{ ...bill, id: `bil_rt2_${kind}` }], new Date()),
    );
    expect(again).toEqual([]); // (account, month) exists: neither the bill nor its lines
    const stored = await rows<{
      line_no: number;
      level: string | null;
      days: number | null;
      description: string;
      amount: string;
      cons: string | null;
      order_id: string | null;
      ps: string | null;
    }>(
      sql`SELECT line_no, level, days, description, amount_minor::text AS amount, consumption_minor::text AS cons, order_id, period_start::text AS ps FROM bill_lines WHERE bill_id IN (${bill.id}, ${`bil_rt2_${kind}`}) ORDER BY line_no`,
    );
    expect(stored).toEqual(
      lines.map((l, i) => ({
        line_no: i + 1,
        level: l.level,
        days: l.days,
        description: l.description,
        amount: String(l.amountMinor),
        cons: l.consumptionMinor === null ? null : String(l.consumptionMinor),
        order_id: l.orderId,
        ps: l.periodStart,
      })),
    );
  });

  describe('R-BIL-3 a month-end run over many accounts', () => {
    const N = 1234;
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
    beforeAll(async () => {
      await seedBillingAccounts(t.app.deps.db, {
        prefix: 'r',
        accounts: N,
        level: 'business',
        since: '2026-02-10T02:00:00Z',
        month: '2026-03',
        days: 31,
        renewalMinor: 9000n,
        currency: 'USD',
      });
    });

    it('R-BIL-3 stopped after three batches and run again: every account billed exactly once, amounts = oracle', async () => {
      let batches = 0;
      const crash = new Error('stopped');
      await expect(
        runMonth(t.app.deps, {
          month: '2026-03',
          trigger: 'schedule',
          now: APRIL_1,
          batchSize: 100,
          onProgress: (p) => {
            if (p.phase === 'bills' && ++batches === 3) throw crash;
          },
        }),
      ).rejects.toBe(crash);
      const [mid] = await rows<{ status: string; accounts_done: number; bills: string }>(
        sql`SELECT status, accounts_done, (SELECT count(*) FROM bills WHERE month = '2026-03') AS bills FROM billing_runs WHERE month = '2026-03' AND scope = 'all'`,
      );
      expect(mid).toMatchObject({ status: 'running', accounts_done: 300 });
      expect(Number(mid!.bills)).toBe(300);

      const resumed = await runMonth(t.app.deps, {
        month: '2026-03',
        trigger: 'schedule',
        now: APRIL_1,
        batchSize: 100,
      });
      expect(resumed).toMatchObject({
        resumed: true,
        accountsDone: N,
        accountsTotal: N,
        billsCreated: N,
        createdNow: N - 300,
        alreadyBilled: 0,
        phase: 'done',
      });

      const bills = await rows<{ account_id: string; total: string; n: string }>(
        sql`SELECT account_id, total_minor::text AS total, count(*) OVER (PARTITION BY account_id) AS n FROM bills WHERE month = '2026-03' AND account_id LIKE 'acc_r%' ORDER BY account_id`,
      );
      expect(bills).toHaveLength(N);
      bills.forEach((b, i) => {
        expect(b.account_id).toBe(seededAccountId('r', i + 1));
        expect(Number(b.n)).toBe(1);
        expect(BigInt(b.total), b.account_id).toBe(expectedTotal(i + 1));
      });
      const [lines] = await rows<{ n: string; notices: string }>(
        sql`SELECT (SELECT count(*) FROM bill_lines l JOIN bills b ON b.id = l.bill_id WHERE b.month = '2026-03') AS n,
                   (SELECT count(*) FROM outbox WHERE topic = 'billing.bill-notice' AND dedupe_key LIKE 'bill:acc_r%:2026-03') AS notices`,
      );
      expect([Number(lines!.n), Number(lines!.notices)]).toEqual([2 * N, N]);
    });

    it('R-BIL-3 running a month twice bills nothing twice; the schedule leaves a completed month alone', async () => {
      const again = await runMonth(t.app.deps, { month: '2026-03', trigger: 'cli', now: APRIL_1, batchSize: 500 });
      expect(again).toMatchObject({ billsCreated: 0, alreadyBilled: N, accountsDone: N, resumed: false });
      const scheduled = await runMonth(t.app.deps, { month: '2026-03', trigger: 'schedule', now: APRIL_1 });
      expect(scheduled.alreadyCompleted).toBe(true);
      const [{ n }] = (await rows<{ n: string }>(sql`SELECT count(*) AS n FROM bills WHERE month = '2026-03'`)) as [
        { n: string },
      ];
      expect(Number(n)).toBe(N);
    });

    it('R-BIL-3 two runs of one month at the same time, after a single-account run: each account once', async () => {
      const one = await runMonth(t.app.deps, {
        month: '2026-04',
        accountId: seededAccountId('r', 7),
        trigger: 'cli',
        now: new Date('2026-05-01T00:00:00+08:00'),
      });
      expect(one).toMatchObject({ billsCreated: 1, accountsDone: 1 });
      const now = new Date('2026-05-01T00:00:00+08:00');
      const [a, b] = await Promise.all([
        runMonth(t.app.deps, { month: '2026-04', trigger: 'cli', now, batchSize: 150 }),
        runMonth(t.app.deps, { month: '2026-04', trigger: 'cli', now, batchSize: 150 }),
      ]);
      expect(a.createdNow + b.createdNow).toBe(N - 1);
      expect([a.billsCreated, b.billsCreated]).toEqual([N - 1, N - 1]); // the pass's count, shared
      const counts = await rows<{ account_id: string; n: string }>(
        sql`SELECT account_id, count(*) AS n FROM bills WHERE month = '2026-04' GROUP BY account_id HAVING count(*) > 1`,
      );
      expect(counts).toEqual([]);
      const [{ n }] = (await rows<{ n: string }>(sql`SELECT count(*) AS n FROM bills WHERE month = '2026-04'`)) as [
        { n: string },
      ];
      expect(Number(n)).toBe(N);
    });

    it('R-BIL-3 a month that has not ended cannot run; records dated in a billed month are refused', async () => {
      await expect(
        runMonth(t.app.deps, { month: '2026-05', trigger: 'cli', now: new Date('2026-05-31T23:59:59+08:00') }),
      ).rejects.toMatchObject({ code: 'INVALID_STATE' });
      const refused = recordUsage(t.app.deps, ADMIN_PRINCIPAL, {
        records: [
          {
            id: `late-${kind}`,
            accountId: seededAccountId('r', 1),
            service: 'ecs',
            category: 'cloud',
            listPrice: { amount: '1.00', currency: 'USD' },
            from: '2026-03-31',
            to: '2026-05-02',
          },
        ],
      });
      await expect(refused).rejects.toBeInstanceOf(DomainError);
      await expect(refused).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        details: { issues: [{ path: 'body.records.0.from' }] },
      });
    });

    it('R-BIL-3 a single-account run closes that account’s month only: other accounts’ records of the month still come in', async () => {
      const rec = (n: number, id: string) => ({
        id: `${id}-${kind}`,
        accountId: seededAccountId('r', n),
        service: 'ecs',
        category: 'cloud',
        listPrice: { amount: '2.00', currency: 'USD' },
        from: '2026-06-15',
        to: '2026-06-15',
      });
      await runMonth(t.app.deps, {
        month: '2026-06',
        accountId: seededAccountId('r', 11),
        trigger: 'cli',
        now: new Date('2026-07-01T00:00:00+08:00'),
      });
      await expect(recordUsage(t.app.deps, ADMIN_PRINCIPAL, { records: [rec(11, 'june-11')] })).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        details: { issues: [{ path: 'body.records.0.from' }] },
      });
      await expect(recordUsage(t.app.deps, ADMIN_PRINCIPAL, { records: [rec(12, 'june-12')] })).resolves.toMatchObject({
        created: 1,
      });
      // The run over all accounts then closes the month for everyone.
      await runMonth(t.app.deps, { month: '2026-06', trigger: 'cli', now: new Date('2026-07-01T00:00:00+08:00') });
      await expect(recordUsage(t.app.deps, ADMIN_PRINCIPAL, { records: [rec(13, 'june-13')] })).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
      });
    });
  });
});
