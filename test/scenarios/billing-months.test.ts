/**
 * R-BIL-1/2/3 and R-SUB-5/6 across four months through the real command line (`tierdesk serve --test-clock`):
 * buy (monthly with auto-renew, yearly, one month without renewal), consume (daily and a prepaid 90-day record),
 * auto-renew, expire, unsubscribe mid-month, upgrade mid-month; the month ends run on the test clock and each bill
 * holds that month's base-fee lines (auto-renewals included), refunds and the incremental fee of each level
 * segment, with amounts from the oracle. Then the server stops, `tierdesk billing run` re-runs a month on the same
 * data dir and bills nothing twice, and the restarted server shows the same bills.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oracleIncrementalMinor, type OracleTier } from '../support/billing-oracle.js';
import { formatMinor } from '../support/quote-oracle.js';
import { freshDataDir, ok, removeDir, runCli, startCli, type CliServer } from './cli-server.js';

const TIERS: Record<string, { tiers: OracleTier[]; base: string }> = {
  business: {
    tiers: [
      { upTo: '9000.00', rate: '0.10' },
      { upTo: '72000.00', rate: '0.07' },
      { upTo: '225000.00', rate: '0.05' },
      { upTo: null, rate: '0.03' },
    ],
    base: '90.00',
  },
  enterprise: {
    tiers: [
      { upTo: '135000.00', rate: '0.10' },
      { upTo: '450000.00', rate: '0.07' },
      { upTo: '900000.00', rate: '0.05' },
      { upTo: null, rate: '0.03' },
    ],
    base: '13500.00',
  },
};
const minor = (major: string) => BigInt(major.replace('.', ''));
const money = (m: bigint) => formatMinor(m, 2);
const inc = (level: string, consumption: string, days: number, monthDays: number) =>
  money(
    oracleIncrementalMinor({
      consumptionMinor: minor(consumption),
      tiers: TIERS[level]!.tiers,
      baseMonthly: TIERS[level]!.base,
      segmentDays: days,
      monthDays,
    }),
  );

type Line = [kind: string, level: string | null, days: number | null, amount: string];

describe('R-BIL billing across four months through the command line', () => {
  let dir: string;
  let server: CliServer;
  const ids = { a: '', b: '', c: '' };
  const orders: Record<string, string> = {};

  const account = async (name: string) =>
    ok(
      await server.admin.post('/api/v1/accounts', {
        name,
        email: `${name}@example.com`,
        region: 'ap-southeast-3',
        timeZone: 'Asia/Shanghai',
        locale: 'en-US',
      }),
      201,
    ).id as string;
  const order = async (id: string, body: Record<string, unknown>) => {
    const placed = ok(
      await server.admin.post(`/api/v1/accounts/${id}/orders`, { agreementAccepted: true, ...body }),
      201,
    );
    return placed.status === 'pending_payment'
      ? ok(await server.admin.post(`/api/v1/orders/${placed.id}/pay`, { reference: 'bank transfer' }))
      : placed;
  };
  const usage = async (records: [string, string, string, string, string][]) =>
    ok(
      await server.admin.post('/api/v1/usage', {
        records: records.map(([id, accountId, amount, from, to]) => ({
          id,
          accountId,
          service: 'ecs',
          category: 'cloud',
          listPrice: { amount, currency: 'USD' },
          from,
          to,
        })),
      }),
    );
  const lines = async (id: string, month: string): Promise<{ lines: Line[]; total: string } | null> => {
    const page = ok(await server.admin.get(`/api/v1/accounts/${id}/bills?month=${month}`));
    expect(page.total).toBeLessThanOrEqual(1);
    const bill = page.items[0];
    return bill
      ? {
          lines: bill.lines.map((l: any) => [l.kind, l.level ?? null, l.days ?? null, l.amount.amount]),
          total: bill.total.amount,
        }
      : null;
  };
  const sum = (ls: Line[]) => money(ls.reduce((s, l) => s + minor(l[3]), 0n));

  beforeAll(async () => {
    dir = await freshDataDir('tierdesk-billing-months-');
    server = await startCli({ catalog: 'huaweicloud-intl', dataDir: dir });
  });
  afterAll(async () => {
    await server?.stop();
    if (dir) removeDir(dir);
  });

  it('January: three purchases, usage, the first month end', async () => {
    [ids.a, ids.b, ids.c] = [await account('a'), await account('b'), await account('c')];
    await server.setClock('2026-01-05T10:00:00+08:00');
    // Issue 11: A's balance pays its auto-renewals and collects its bills; B and C have none (their bills go overdue).
    ok(
      await server.admin.post(`/api/v1/accounts/${ids.a}/balance/top-ups`, {
        amount: { amount: '100000.00', currency: 'USD' },
        reason: 'prepayment',
      }),
      201,
    );
    orders.bNew = (
      await order(ids.b, { action: 'purchase', level: 'business', term: { unit: 'year', count: 1 } })
    ).amount.amount; // 1,080.00
    await server.setClock('2026-01-10T10:00:00+08:00');
    orders.aNew = (
      await order(ids.a, { action: 'purchase', level: 'business', term: { unit: 'month', count: 1 }, autoRenew: true })
    ).amount.amount;
    await server.setClock('2026-01-20T10:00:00+08:00');
    orders.cNew = (
      await order(ids.c, { action: 'purchase', level: 'business', term: { unit: 'month', count: 1 } })
    ).amount.amount;
    await usage([
      ['a-jan', ids.a, '12000.00', '2026-01-15', '2026-01-15'],
      ['b-jan', ids.b, '100000.00', '2026-01-12', '2026-01-12'],
      ['c-jan', ids.c, '5000.00', '2026-01-25', '2026-01-25'],
      ['c-jan-early', ids.c, '7000.00', '2026-01-02', '2026-01-02'], // before C's purchase: basic, not billed
    ]);
    await server.setClock('2026-02-01T00:00:05+08:00');

    expect(await lines(ids.a, '2026-01')).toEqual({
      lines: [
        ['base', 'business', null, '90.00'],
        ['incremental', 'business', 22, inc('business', '12000.00', 22, 31)],
      ],
      total: expect.any(String),
    });
    expect(await lines(ids.b, '2026-01')).toMatchObject({
      lines: [
        ['base', 'business', null, '1080.00'],
        ['incremental', 'business', 27, inc('business', '100000.00', 27, 31)],
      ],
    });
    const c = (await lines(ids.c, '2026-01'))!;
    expect(c.lines).toEqual([
      ['base', 'business', null, '90.00'],
      ['incremental', 'business', 12, inc('business', '5000.00', 12, 31)],
    ]);
    expect(c.total).toBe(sum(c.lines));
    // Collected from the balance when issued: A's incremental fee is debited once, B's bill is overdue.
    const billOf = async (id: string) =>
      ok(await server.admin.get(`/api/v1/accounts/${id}/bills?month=2026-01`)).items[0];
    const aBill = await billOf(ids.a!);
    expect(aBill).toMatchObject({ status: 'paid', due: { amount: inc('business', '12000.00', 22, 31) } });
    expect(await billOf(ids.b!)).toMatchObject({
      status: 'overdue',
      shortfall: { amount: inc('business', '100000.00', 27, 31) },
    });
    const aLedger = ok(await server.admin.get(`/api/v1/accounts/${ids.a}/balance/entries?pageSize=100`)).items;
    expect(aLedger.filter((e: any) => e.kind === 'bill')).toMatchObject([
      { billId: aBill.id, amount: { amount: `-${aBill.due.amount}` } },
    ]);
    for (const [id, amount] of [
      [ids.a, orders.aNew],
      [ids.b, orders.bNew],
      [ids.c, orders.cNew],
    ])
      expect((await lines(id!, '2026-01'))!.lines[0]![3]).toBe(amount);
  });

  it('February: an auto-renewal, an expiry and an unsubscribe, each billed by its days', async () => {
    await usage([
      ['a-feb', ids.a, '50000.00', '2026-02-08', '2026-02-08'],
      ['b-feb-1', ids.b, '30000.00', '2026-02-19', '2026-02-19'],
      ['b-feb-2', ids.b, '20000.00', '2026-02-21', '2026-02-21'], // after the unsubscribe: basic
      ['c-feb', ids.c, '1000.00', '2026-02-10', '2026-02-10'],
      ['c-feb-late', ids.c, '9000.00', '2026-02-21', '2026-02-21'], // after the expiry on the 20th: basic
    ]);
    await server.setClock('2026-02-20T10:00:00+08:00');
    const refund = await order(ids.b, { action: 'unsubscribe', reason: 'testing_finished' });
    expect(refund.direction).toBe('refund');
    await server.setClock('2026-03-01T00:00:05+08:00');

    // A: auto-renewed at 2026-02-10 23:59:59 (a base line in February), business all 28 days.
    expect(await lines(ids.a, '2026-02')).toMatchObject({
      lines: [
        ['base', 'business', null, '90.00'],
        ['incremental', 'business', 28, inc('business', '50000.00', 28, 28)],
      ],
    });
    const aFeb = ok(await server.admin.get(`/api/v1/accounts/${ids.a}/bills?month=2026-02`)).items[0];
    expect(aFeb.lines[0].description).toMatch(/^Auto-renewal, Business, 1 month \(order \d+\)$/);
    // B: the refund, and the days 1…20 (the unsubscribe day counts).
    expect(await lines(ids.b, '2026-02')).toMatchObject({
      lines: [
        ['refund', 'business', null, `-${refund.amount.amount}`],
        ['incremental', 'business', 20, inc('business', '30000.00', 20, 28)],
      ],
    });
    // C: expired at 2026-02-20 23:59:59 without renewal: days 1…20, no base line.
    expect(await lines(ids.c, '2026-02')).toMatchObject({
      lines: [['incremental', 'business', 20, inc('business', '1000.00', 20, 28)]],
    });
    const plan = ok(await server.admin.get(`/api/v1/accounts/${ids.c}/plan`));
    expect([plan.level, plan.status]).toEqual(['basic', 'active']);
  });

  it('March: an upgrade mid-month splits the month in two level segments; a prepaid 90-day record is spread', async () => {
    await usage([
      ['a-mar-1', ids.a, '40000.00', '2026-03-05', '2026-03-05'],
      ['a-mar-2', ids.a, '200000.00', '2026-03-20', '2026-03-20'],
      ['a-prepaid', ids.a, '9000.00', '2026-03-01', '2026-05-29'], // 90 days: 100.00 a day
      ['b-mar', ids.b, '70000.00', '2026-03-03', '2026-03-03'], // basic: no bill
    ]);
    await server.setClock('2026-03-15T10:00:00+08:00');
    const upgrade = await order(ids.a, { action: 'upgrade', level: 'enterprise' });
    await server.setClock('2026-04-01T00:00:05+08:00');
    // Renewed on 2026-03-10 (business), upgraded on the 15th: business days 1…14, enterprise 15…31.
    const a = (await lines(ids.a, '2026-03'))!;
    expect(a.lines).toEqual([
      ['base', 'business', null, '90.00'],
      ['base', 'enterprise', null, upgrade.amount.amount],
      ['incremental', 'business', 14, inc('business', '41400.00', 14, 31)],
      ['incremental', 'enterprise', 17, inc('enterprise', '201700.00', 17, 31)],
    ]);
    expect(a.total).toBe(sum(a.lines));
    expect(await lines(ids.b, '2026-03')).toBeNull();
    expect(await lines(ids.c, '2026-03')).toBeNull();
  });

  it('April: the enterprise plan auto-renews at its level; bill notices reached the message center once a bill', async () => {
    await server.setClock('2026-05-01T00:00:05+08:00');
    const a = (await lines(ids.a, '2026-04'))!;
    // Auto-renewal on 2026-04-10 at the enterprise price; the prepaid record's April part (30 days × 100.00).
    expect(a.lines).toEqual([
      ['base', 'enterprise', null, '13500.00'],
      ['incremental', 'enterprise', 30, inc('enterprise', '3000.00', 30, 30)],
    ]);
    const notices = ok(await server.admin.get(`/api/v1/accounts/${ids.a}/messages?pageSize=100`)).items.filter(
      (m: any) => m.kind === 'bill.issued',
    );
    expect(notices.map((m: any) => m.data.month).sort()).toEqual(['2026-01', '2026-02', '2026-03', '2026-04']);
  });

  it('R-BIL-3 the command line re-runs a billed month on the same data dir and bills nothing twice', async () => {
    const before = ok(await server.admin.get(`/api/v1/accounts/${ids.a}/bills`));
    expect(before.items.map((b: any) => b.month)).toEqual(['2026-04', '2026-03', '2026-02', '2026-01']);
    const ledger = async () => ok(await server.admin.get(`/api/v1/accounts/${ids.a}/balance/entries?pageSize=100`));
    const ledgerBefore = await ledger();
    // Every bill was collected when issued: one ledger entry for each bill with incremental fees.
    expect(before.items.map((b: any) => b.status)).toEqual(['paid', 'paid', 'paid', 'paid']);
    expect(
      ledgerBefore.items
        .filter((e: any) => e.kind === 'bill')
        .map((e: any) => e.billId)
        .sort(),
    ).toEqual(
      before.items
        .filter((b: any) => b.due.amount !== '0.00')
        .map((b: any) => b.id)
        .sort(),
    );
    await server.stop();
    const run = await runCli(
      ['billing', 'run', '--month', '2026-03', '--data', dir, '--catalog', 'huaweicloud-intl', '--test-clock'],
      { timeoutMs: 120_000 },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(
      /billing 2026-03 done: 3 account\(s\), 0 bill\(s\) created in this pass \(0 by this run\), 1 already billed in/,
    );
    server = await startCli({ catalog: 'huaweicloud-intl', dataDir: dir });
    expect(ok(await server.admin.get(`/api/v1/accounts/${ids.a}/bills`))).toEqual(before);
    // Issue 11: nothing collected twice either.
    expect(await ledger()).toEqual(ledgerBefore);
  });
});
