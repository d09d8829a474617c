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
  beforeAll(async () => {
    t = await startTestApp({ kind });
    rich = await createCustomer(t, { locale: 'en-US' });
    poor = await createCustomer(t, { locale: 'zh-CN' });
    await t.setClock('2026-01-10T10:00:00+08:00');
    for (const c of [rich, poor]) await buyPlan(t, c.id, 'business', { unit: 'year', count: 1 });
    await topUp(t, rich.id, '20000.00');
    await topUp(t, poor.id, '100.00');
    const records = [record(rich.id, `r-${rich.id}`, '100000.00'), record(poor.id, `p-${poor.id}`, '100000.00')];
    expect((await t.api.post('/api/v1/usage', { records })).status).toBe(200);
    await t.setClock('2026-02-01T00:00:01+08:00');
    await settle(t);
  });
  afterAll(async () => t?.close());

  const billOf = async (id: string) => (await t.api.get(`/api/v1/accounts/${id}/bills?month=2026-01`)).body.items[0];
  const balanceOf = async (id: string) => (await t.api.get(`/api/v1/accounts/${id}/balance`)).body;

  it('issued → paid: the incremental fee is debited once, the balance keeps the rest', async () => {
    const bill = await billOf(rich.id);
    expect(bill.status).toBe('paid');
    expect(bill.paidAt).toBe('2026-01-31T16:00:00.000Z');
    expect(bill.shortfall).toBeNull();
    const incremental = bill.lines.filter((l: any) => l.kind === 'incremental');
    expect(incremental).toHaveLength(1);
    expect(bill.due).toEqual(incremental[0].amount);
    expect(Number(bill.due.amount)).toBeGreaterThan(0);
    // The bill's base line was paid with the order: only the incremental fee leaves the balance.
    expect(Number(bill.total.amount)).toBeGreaterThan(Number(bill.due.amount));
    const balance = await balanceOf(rich.id);
    expect(balance.entries[0]).toMatchObject({ kind: 'bill', billId: bill.id, amount: usd(`-${bill.due.amount}`) });
    expect(balance.balance.amount).toBe((20000 - Number(bill.due.amount)).toFixed(2));
    const notice = (await t.api.get(`/api/v1/accounts/${rich.id}/messages?kind=bill.issued`)).body.items;
    expect(notice).toHaveLength(1);
    expect(notice[0].data).toMatchObject({ status: 'paid', due: bill.due });
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
    expect(notice[0]).toMatchObject({ data: { status: 'overdue', shortfall: bill.shortfall } });
    expect(notice[0].title['zh-CN']).toContain('待支付');
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
});
