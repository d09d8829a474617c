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
import { draftBill, type SettledOrder } from '../../src/contexts/billing/domain/bill.js';
import { excludedCategories } from '../../src/contexts/billing/domain/usage-record.js';
import { orderShapeParts, wholeMonthTerms } from '../../src/contexts/billing/domain/whole-month.js';
import { billWholeMonthBatch, monthOrderShapes } from '../../src/contexts/billing/store/month-end-batch.js';
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

  it('R-BIL-2 the set-based batch writes what draftBill says: money, lines, text and notices, account by account', async () => {
    // August 2026 (31 days): whole-month accounts at business and enterprise, both locales, consumption at and around
    // the tier bounds and rounding halves, records spread across the month's edges, excluded categories, and every
    // order shape (new, renewals, upgrade, downgrade refund, unsubscribe refund, add-on, several at one account);
    // plus accounts the statement must leave to the general path (a mid-month upgrade, a partial month, a custody
    // pair, a fixed-fee level) and one billed already.
    const db = t.app.deps.db;
    const catalog = t.app.deps.catalog;
    const month = '2026-08';
    const window = monthWindow(month, ZONE);
    const now = new Date('2026-09-01T00:00:00+08:00');
    const id = (n: number) => `acc_w${kind}${String(n).padStart(4, '0')}`;
    type Ord = {
      type: string;
      level: string | null;
      fromLevel: string | null;
      direction: 'charge' | 'refund';
      amount: bigint;
      at: string;
      termUnit?: string | null;
      termCount?: number | null;
      addOnType?: string | null;
      addOnCount?: number | null;
      autoRenew?: boolean;
    };
    type Rec = { amount: bigint; from: string; to: string; category?: string };
    type Acc = {
      n: number;
      locale: string;
      plan: { level: string; from: string; to?: string | null }[];
      records: Rec[];
      orders: Ord[];
      parent?: number;
      custody?: boolean;
    };
    const shapes: Omit<Ord, 'amount' | 'at'>[] = [
      {
        type: 'renew',
        level: 'business',
        fromLevel: 'business',
        direction: 'charge',
        termUnit: 'month',
        termCount: 1,
        autoRenew: true,
      },
      { type: 'renew', level: 'business', fromLevel: 'business', direction: 'charge', termUnit: 'year', termCount: 2 },
      { type: 'new', level: 'enterprise', fromLevel: null, direction: 'charge', termUnit: 'month', termCount: 3 },
      { type: 'upgrade', level: 'enterprise', fromLevel: 'business', direction: 'charge' },
      { type: 'downgrade', level: 'business', fromLevel: 'enterprise', direction: 'refund' },
      { type: 'unsubscribe', level: null, fromLevel: 'business', direction: 'refund' },
      { type: 'add_on', level: null, fromLevel: null, direction: 'charge', addOnType: 'tam-hours', addOnCount: 3 },
    ];
    // Consumption (minor units) at and around the bounds of the business tiers (9,000 / 72,000 / 225,000.00) and
    // of the base fee, and values whose fee ends in a half cent.
    const amounts = [
      0n,
      1n,
      90000n,
      90001n,
      899999n,
      900000n,
      900001n,
      1285715n,
      7199999n,
      7200000n,
      7200001n,
      22499999n,
      22500000n,
      22500001n,
      22500050n,
      123456789n,
      5n,
      15n,
      25n,
      35n,
      1000005n,
      1000015n,
    ];
    const accounts: Acc[] = amounts.map((amount, i) => ({
      n: i + 1,
      locale: i % 2 ? 'zh-CN' : 'en-US',
      plan: [
        {
          level: i % 3 === 2 ? 'enterprise' : 'business',
          from: '2026-06-10T03:00:00Z',
          to: i % 4 === 1 ? '2026-09-03T00:00:00Z' : null,
        },
      ],
      records: [
        { amount: amount / 2n, from: '2026-08-05', to: '2026-08-05' },
        // 62 days, 31 of them in August: the spread's cumulative rounding decides this record's August part.
        { amount: amount - amount / 2n, from: '2026-07-15', to: '2026-09-14' },
        { amount: 777n, from: '2026-08-09', to: '2026-08-09', category: 'support_plan' },
      ],
      orders:
        i % 7 === 6
          ? []
          : [
              { ...shapes[i % shapes.length]!, amount: 1000n + BigInt(i), at: '2026-08-02T02:00:00Z' },
              ...(i % 3 === 0
                ? [{ ...shapes[(i + 3) % shapes.length]!, amount: 250n, at: '2026-08-20T09:30:00Z' }]
                : []),
            ],
    }));
    const general: Acc[] = [
      // upgraded on the 12th: two segments
      {
        n: 101,
        locale: 'en-US',
        plan: [
          { level: 'business', from: '2026-06-01T00:00:00Z', to: '2026-08-12T04:00:00Z' },
          { level: 'enterprise', from: '2026-08-12T04:00:00Z' },
        ],
        records: [{ amount: 5000000n, from: '2026-08-01', to: '2026-08-31' }],
        orders: [{ ...shapes[3]!, amount: 4000n, at: '2026-08-12T04:00:00Z' }],
      },
      // bought on the 20th: a partial month
      {
        n: 102,
        locale: 'zh-CN',
        plan: [{ level: 'business', from: '2026-08-20T02:00:00Z' }],
        records: [{ amount: 3000000n, from: '2026-08-21', to: '2026-08-21' }],
        orders: [{ ...shapes[2]!, amount: 9000n, at: '2026-08-20T02:00:00Z' }],
      },
      // a custody master and its sub
      {
        n: 103,
        locale: 'en-US',
        plan: [{ level: 'business', from: '2026-06-01T00:00:00Z' }],
        records: [{ amount: 200000n, from: '2026-08-03', to: '2026-08-03' }],
        orders: [],
      },
      {
        n: 104,
        locale: 'en-US',
        parent: 103,
        custody: true,
        plan: [{ level: 'business', from: '2026-06-01T00:00:00Z' }],
        records: [{ amount: 300000n, from: '2026-08-04', to: '2026-08-04' }],
        orders: [],
      },
      // a fixed-fee level: no incremental line, a bill for its order only
      {
        n: 105,
        locale: 'en-US',
        plan: [{ level: 'developer', from: '2026-06-01T00:00:00Z' }],
        records: [],
        orders: [
          { ...shapes[0]!, level: 'developer', fromLevel: 'developer', amount: 2600n, at: '2026-08-02T02:00:00Z' },
        ],
      },
    ];
    const all = [...accounts, ...general];
    for (const a of all) {
      const acc = id(a.n);
      await db.execute(sql`INSERT INTO accounts (id, tenant_id, name, email, region, time_zone, locale, parent_id, finance_mode, created_at, updated_at)
        VALUES (${acc}, ${acc}, ${'W ' + a.n}, ${`w${a.n}-${kind}@example.com`}, 'ap-southeast-3', 'Asia/Shanghai', ${a.locale},
                ${a.parent ? id(a.parent) : null}, ${a.custody ? 'custody' : null}, '2026-06-01T00:00:00Z', '2026-06-01T00:00:00Z')`);
      for (const [k, p] of a.plan.entries())
        await db.execute(sql`INSERT INTO plan_history (id, tenant_id, account_id, level, from_at, to_at, order_id)
          VALUES (${`phs_w${kind}${a.n}_${k}`}, ${acc}, ${acc}, ${p.level}, ${p.from}::timestamptz, ${p.to ?? null}::timestamptz, NULL)`);
      for (const [k, o] of a.orders.entries()) {
        const refunded = o.direction === 'refund';
        await db.execute(sql`INSERT INTO orders (id, number, tenant_id, account_id, type, status, level, from_level, term_unit, term_count, direction,
            amount_minor, currency, breakdown, action_date, add_on_type, add_on_count, auto_renew, placed_by, placed_by_staff, created_at, paid_at, refunded_at)
          VALUES (${`ord_w${kind}${a.n}_${k}`}, ${`W${kind}${a.n}-${k}`}, ${acc}, ${acc}, ${o.type}, ${refunded ? 'refunded' : 'paid'}, ${o.level}, ${o.fromLevel},
            ${o.termUnit ?? null}, ${o.termCount ?? null}, ${o.direction}, ${o.amount.toString()}::bigint, 'USD', '[]'::jsonb, ${o.at.slice(0, 10)}::date,
            ${o.addOnType ?? null}, ${o.addOnCount ?? null}, ${o.autoRenew ?? false}, 'user', false, ${o.at}::timestamptz,
            ${refunded ? null : o.at}::timestamptz, ${refunded ? o.at : null}::timestamptz)`);
      }
      await insertUsage(
        db,
        a.records.map((r, k) => ({
          recordId: `w${kind}-${a.n}-${k}`,
          tenantId: acc,
          accountId: acc,
          service: 'ecs',
          category: r.category ?? 'cloud',
          amountMinor: r.amount,
          currency: 'USD',
          fromDate: r.from,
          toDate: r.to,
          contentHash: `h${a.n}-${k}`,
        })),
        new Date('2026-08-31T00:00:00Z'),
      );
    }
    // The sharing switch that makes the custody pair a pair (R-ACC-2, from the audit trail).
    await db.execute(sql`INSERT INTO audit_events (tenant_id, actor, action, object_id, at)
      VALUES (${id(103)}, 'user', 'sharing.enabled', ${id(103)}, '2026-06-01T00:00:00Z')`);
    // One billed already (a bill of an earlier pass): left as it is.
    await insertBills(
      db,
      [
        {
          id: `bil_w${kind}pre`,
          tenantId: id(22),
          accountId: id(22),
          month,
          currency: 'USD',
          totalMinor: 1n,
          consumptionMinor: 1n,
          runId: 'run_pre',
          lines: [],
        },
      ],
      now,
    );

    // The statement itself (rolled back): it bills the whole-month accounts and leaves exactly the others.
    const rollback = new Error('rollback');
    await db
      .transaction(async (tx) => {
        const terms = wholeMonthTerms(catalog, window);
        const shapes = (await monthOrderShapes(tx, window)).flatMap((shape) =>
          orderShapeParts(catalog, shape).map((p) => ({ key: shape.key, ...p })),
        );
        const batch = await billWholeMonthBatch(tx, {
          afterId: `acc_w${kind}`,
          firstId: id(1),
          lastId: id(105),
          createdBefore: window.end,
          window,
          excluded: excludedCategories(catalog.def.subscription.excludedUsageCategories),
          terms,
          shapes,
          billIds: all.map((a) => `bil_w${kind}${a.n}`),
          runId: 'run_w',
          currency: catalog.currency,
          issuedAt: now,
          outbox: t.app.deps.outbox,
          noticeTopic: 'billing.bill-notice',
        });
        expect(batch).toMatchObject({ accounts: all.length, created: accounts.length - 1, alreadyBilled: 1 });
        expect(batch.rest.map((r) => r.id)).toEqual(general.map((a) => id(a.n)));
        throw rollback;
      })
      .catch((err) => {
        if (err !== rollback) throw err;
      });

    const summary = await runMonth(t.app.deps, { month, trigger: 'cli', now, batchSize: 10 });
    expect(summary.billsCreated + summary.alreadyBilled).toBe(
      summary.accountsDone -
        (
          await rows<{ n: string }>(
            sql`SELECT count(*) AS n FROM accounts a WHERE a.created_at < ${window.end.toISOString()}::timestamptz
          AND NOT EXISTS (SELECT 1 FROM bills b WHERE b.account_id = a.id AND b.month = ${month})`,
          )
        ).map((r) => Number(r.n))[0]!,
    );

    const usageOf = (a: Acc) =>
      a.records
        .filter(
          (r) => !excludedCategories(catalog.def.subscription.excludedUsageCategories).includes(r.category ?? 'cloud'),
        )
        .reduce((sum, r) => {
          const from = Date.parse(`${r.from}T00:00:00Z`) / 86_400_000;
          const days = Date.parse(`${r.to}T00:00:00Z`) / 86_400_000 - from + 1;
          const lo = Math.max(0, Date.parse(`${window.firstDate}T00:00:00Z`) / 86_400_000 - from);
          const hi = Math.min(days, Date.parse(`${window.lastDate}T00:00:00Z`) / 86_400_000 - from + 1);
          return hi > lo ? sum + spreadPartMinor(r.amount, days, lo, hi) : sum;
        }, 0n);
    const settled = (a: Acc): SettledOrder[] =>
      a.orders.map((o, k) => ({
        id: `ord_w${kind}${a.n}_${k}`,
        number: `W${kind}${a.n}-${k}`,
        type: o.type,
        level: o.level,
        fromLevel: o.fromLevel,
        direction: o.direction,
        amountMinor: o.amount,
        at: new Date(o.at),
        termUnit: o.termUnit ?? null,
        termCount: o.termCount ?? null,
        addOnType: o.addOnType ?? null,
        addOnCount: o.addOnCount ?? null,
        autoRenew: o.autoRenew ?? false,
        placedBy: 'user',
      }));
    const billOf = async (acc: string) => {
      const [bill] = await rows<{ id: string; total: string; cons: string; run_id: string }>(
        sql`SELECT id, total_minor::text AS total, consumption_minor::text AS cons, run_id FROM bills WHERE account_id = ${acc} AND month = ${month}`,
      );
      const lines = await rows<Record<string, unknown>>(
        sql`SELECT line_no, kind, level, days, description, amount_minor::text AS amount, consumption_minor::text AS cons, order_id,
                   period_start::text AS ps, period_end::text AS pe
            FROM bill_lines WHERE bill_id = ${bill?.id ?? ''} ORDER BY line_no`,
      );
      const notices = await rows<{ payload: Record<string, unknown> | string }>(
        sql`SELECT payload FROM outbox WHERE topic = 'billing.bill-notice' AND dedupe_key = ${`bill:${acc}:${month}`}`,
      );
      return {
        bill,
        lines,
        notices: notices.map((r) => (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload)),
      };
    };
    for (const a of accounts) {
      const acc = id(a.n);
      const got = await billOf(acc);
      if (a.n === 22) {
        expect(got.bill, acc).toMatchObject({ id: `bil_w${kind}pre`, total: '1' });
        continue;
      }
      const consumption = usageOf(a);
      const level = a.plan[0]!.level;
      const draft = draftBill({
        catalog,
        window,
        locale: a.locale,
        orders: settled(a),
        segments: [{ level, firstDay: 0, lastDay: window.days - 1, consumptionMinor: consumption }],
      })!;
      expect(got.bill, acc).toMatchObject({
        total: String(draft.totalMinor),
        cons: String(consumption),
        run_id: summary.runId,
      });
      expect(got.lines, acc).toEqual(
        draft.lines.map((l, i) => ({
          line_no: i + 1,
          kind: l.kind,
          level: l.level,
          days: l.days,
          description: l.description,
          amount: String(l.amountMinor),
          cons: l.consumptionMinor === null ? null : String(l.consumptionMinor),
          order_id: l.orderId,
          ps: l.periodStart,
          pe: l.periodEnd,
        })),
      );
      // The independent oracle agrees on the incremental fee.
      const tiers = level === 'business' ? BUSINESS_TIERS : null;
      if (tiers)
        expect(BigInt(got.lines.at(-1)!.amount as string), acc).toBe(
          oracleIncrementalMinor({
            consumptionMinor: consumption,
            tiers,
            baseMonthly: '90.00',
            segmentDays: 31,
            monthDays: 31,
          }),
        );
      expect(got.notices, acc).toEqual([{ billId: got.bill!.id, accountId: acc, month }]);
    }
    // The general path billed the others as before: two segments, a partial month, custody, a fixed-fee order.
    const upgraded = await billOf(id(101));
    expect(upgraded.lines.map((l) => [l.kind, l.level, l.days])).toEqual([
      ['base', 'enterprise', null],
      ['incremental', 'business', 11],
      ['incremental', 'enterprise', 20],
    ]);
    const partial = await billOf(id(102));
    expect(partial.lines.map((l) => [l.kind, l.days, l.cons])).toEqual([
      ['base', null, null],
      ['incremental', 12, '3000000'],
    ]);
    const master = await billOf(id(103));
    const sub = await billOf(id(104));
    expect(master.bill?.cons).toBe('500000'); // the sub's consumption on the shared days is the master's
    expect(sub.bill).toBeUndefined();
    const fixed = await billOf(id(105));
    expect(fixed.lines.map((l) => [l.kind, l.amount])).toEqual([['base', '2600']]);
    for (const b of [upgraded, partial, master, fixed]) expect(b.notices).toHaveLength(1);
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
