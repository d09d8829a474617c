/**
 * Issue 11: month-end bills are collected from the balance when issued — `issued` → `paid` with one `bill` entry
 * of the incremental fees (the base fee was prepaid with its order), or `overdue` with the shortfall and a notice
 * that says so — and never twice: not by a re-run of the month, a single-account run, nor a retried collection.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../support/databases.js';
import { buyPlan, createCustomer, startTestApp, type TestApp } from '../support/harness.js';
import { settle, topUp } from '../support/actors.js';
import { runMonth } from '../../src/contexts/billing/index.js';
import { collectBill } from '../../src/contexts/billing/use-cases/collect-bill.js';
import { billLedger } from '../../src/contexts/subscriptions/use-cases/balance.js';

const usd = (amount: string) => ({ amount, currency: 'USD' });
const record = (accountId: string, id: string, amount: string) => ({
  id,
  accountId,
  service: 'ecs',
  category: 'cloud',
  listPrice: usd(amount),
  from: '2026-01-12',
  to: '2026-01-12',
});

describe.each(DB_KINDS)('bill collection on %s', (kind) => {
  let t: TestApp;
  let rich: Awaited<ReturnType<typeof createCustomer>>;
  let poor: Awaited<ReturnType<typeof createCustomer>>;
  let late: Awaited<ReturnType<typeof createCustomer>>;
  beforeAll(async () => {
    t = await startTestApp({ kind });
    rich = await createCustomer(t, { locale: 'en-US' });
    poor = await createCustomer(t, { locale: 'zh-CN' });
    late = await createCustomer(t, { locale: 'en-US' });
    await t.setClock('2026-01-10T10:00:00+08:00');
    for (const c of [rich, poor, late]) await buyPlan(t, c.id, 'business', { unit: 'year', count: 1 });
    await topUp(t, rich.id, '20000.00');
    await topUp(t, poor.id, '100.00');
    await topUp(t, late.id, '100.00');
    const records = [
      record(rich.id, `r-${rich.id}`, '100000.00'),
      record(poor.id, `p-${poor.id}`, '100000.00'),
      record(late.id, `l-${late.id}`, '100000.00'),
    ];
    expect((await t.api.post('/api/v1/usage', { records })).status).toBe(200);
    await t.setClock('2026-02-01T00:00:01+08:00');
    await settle(t);
  });
  afterAll(async () => t?.close());

  const billOf = async (id: string, month = '2026-01') =>
    (await t.api.get(`/api/v1/accounts/${id}/bills?month=${month}`)).body.items[0]!;
  const balanceOf = async (id: string) => (await t.api.get(`/api/v1/accounts/${id}/balance`)).body;

  it('issued → paid: the incremental fee is debited once, the balance keeps the rest', async () => {
    const bill = await billOf(rich.id);
    expect(bill.status).toBe('paid');
    expect(bill.paidAt).toBe('2026-01-31T16:00:00.000Z');
    expect(bill.shortfall).toBeNull();
    const incremental = bill.lines.filter((l: any) => l.kind === 'incremental');
    expect(incremental).toHaveLength(1);
    expect(bill.due).toEqual(incremental[0]!.amount);
    expect(Number(bill.due.amount)).toBeGreaterThan(0);
    // The bill's base line was paid with the order: only the incremental fee leaves the balance.
    expect(Number(bill.total.amount)).toBeGreaterThan(Number(bill.due.amount));
    const balance = await balanceOf(rich.id);
    expect(balance.entries[0]!).toMatchObject({ kind: 'bill', billId: bill.id, amount: usd(`-${bill.due.amount}`) });
    expect(balance.balance.amount).toBe((20000 - Number(bill.due.amount)).toFixed(2));
    const notice = (await t.api.get(`/api/v1/accounts/${rich.id}/messages?kind=bill.issued`)).body.items;
    expect(notice).toHaveLength(1);
    expect(notice[0]!.data).toMatchObject({ status: 'paid', due: bill.due });
  });

  it('issued → overdue with the shortfall, nothing debited; the notice says overdue (zh-CN)', async () => {
    const bill = await billOf(poor.id);
    expect(bill).toMatchObject({ status: 'overdue', paidAt: null });
    expect(bill.shortfall).toEqual(usd((Number(bill.due.amount) - 100).toFixed(2)));
    const balance = await balanceOf(poor.id);
    expect(balance.balance).toEqual(usd('100.00'));
    expect(balance.entries.filter((e: any) => e.kind === 'bill')).toEqual([]);
    const notice = (await t.api.get(`/api/v1/accounts/${poor.id}/messages?kind=bill.issued`)).body.items;
    expect(notice).toHaveLength(1);
    expect(notice[0]!).toMatchObject({ data: { status: 'overdue', shortfall: bill.shortfall } });
    expect(notice[0]!.title['zh-CN']).toContain('待支付');
  });

  it('never twice: a re-run of the month, a single-account run and a retried collection debit nothing more', async () => {
    const before = await balanceOf(rich.id);
    const now = new Date('2026-02-01T00:00:02+08:00');
    const again = await runMonth(t.app.deps, { month: '2026-01', trigger: 'cli', now });
    expect(again.createdNow).toBe(0);
    const single = await runMonth(t.app.deps, { month: '2026-01', accountId: rich.id, trigger: 'cli', now });
    expect(single.createdNow).toBe(0);
    const bill = await billOf(rich.id);
    await t.app.deps.db.transaction(async (tx) => {
      expect((await collectBill(billLedger(t.app.deps), tx, bill.id, now))!.bill.status).toBe('paid');
    });
    await settle(t);
    expect(await balanceOf(rich.id)).toEqual(before);
    expect((await billOf(rich.id)).status).toBe('paid');
  });

  it('issue 11 overdue bills are collected when the balance is credited: oldest first, whole bills, once', async () => {
    // A second overdue month, smaller than the first.
    const feb = { ...record(late.id, `l2-${late.id}`, '60000.00'), from: '2026-02-10', to: '2026-02-10' };
    expect((await t.api.post('/api/v1/usage', { records: [feb] })).status).toBe(200);
    await t.setClock('2026-03-01T00:00:01+08:00');
    await settle(t);
    const [jan0, feb0] = [await billOf(late.id), await billOf(late.id, '2026-02')];
    expect([jan0.status, feb0.status]).toEqual(['overdue', 'overdue']);
    const cents = (m: { amount: string }) => Math.round(Number(m.amount) * 100);
    const [d1, d2] = [cents(jan0.due), cents(feb0.due)];
    expect(d2).toBeGreaterThan(0);
    expect(d1).toBeGreaterThan(d2 + 100_00);
    const amount = (c: number) => (c / 100).toFixed(2);
    const billEntries = async () =>
      (await t.api.get(`/api/v1/accounts/${late.id}/balance/entries?pageSize=100`)).body.items.filter(
        (e: any) => e.kind === 'bill',
      );
    const paidNotices = async () => (await t.api.get(`/api/v1/accounts/${late.id}/messages?kind=bill.paid`)).body.items;

    // Enough for February's bill, not January's: nothing is collected (the older bill comes first).
    await topUp(t, late.id, amount(d2));
    await settle(t);
    expect([(await billOf(late.id)).status, (await billOf(late.id, '2026-02')).status]).toEqual(['overdue', 'overdue']);
    expect(await billEntries()).toEqual([]);

    // A staff adjustment that covers January (not both): January is paid, February waits.
    const balance1 = 100_00 + d2;
    const adjustment = await t.api.post(`/api/v1/accounts/${late.id}/balance/adjustments`, {
      amount: usd(amount(d1 - balance1 + 1)),
      reason: 'goodwill',
    });
    expect(adjustment.status).toBe(201);
    await settle(t);
    const jan1 = await billOf(late.id);
    expect(jan1).toMatchObject({ status: 'paid', shortfall: null });
    expect(jan1.paidAt).not.toBeNull();
    expect((await billOf(late.id, '2026-02')).status).toBe('overdue');
    expect(await billEntries()).toMatchObject([{ billId: jan0.id, amount: usd(`-${jan0.due.amount}`) }]);
    expect((await balanceOf(late.id)).balance).toEqual(usd('0.01'));
    const notices = await paidNotices();
    expect(notices).toHaveLength(1);
    expect(notices[0]!).toMatchObject({ data: { billId: jan0.id, month: '2026-01', status: 'paid', due: jan0.due } });

    // Two top-ups at once, each covering February: it is collected once.
    const both = await Promise.all([1, 2].map((n) => topUp(t, late.id, amount(d2), `wire ${n}`)));
    expect(both).toHaveLength(2);
    await settle(t);
    expect((await billOf(late.id, '2026-02')).status).toBe('paid');
    const entries = await billEntries();
    expect(entries.map((e: any) => e.billId).sort()).toEqual([jan0.id, feb0.id].sort());
    expect((await balanceOf(late.id)).balance).toEqual(usd(amount(1 + d2)));
    expect((await paidNotices()).map((n: any) => n.data.month).sort()).toEqual(['2026-01', '2026-02']);

    // Nothing overdue any more: a further credit collects nothing.
    await topUp(t, late.id, '5.00');
    expect(await billEntries()).toHaveLength(2);
    expect((await balanceOf(late.id)).balance).toEqual(usd(amount(1 + d2 + 500)));
  });
});
