/**
 * Concurrent requests through the real app on every database kind (Promise.all of inject calls): limits, payments,
 * refunds, order numbers and idempotency hold exactly when requests race.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../support/databases.js';
import { buyPlan, createCustomer, startTestApp, type Reply, type TestApp } from '../support/harness.js';
import { placeOrder, topUp } from '../support/actors.js';
import type { OrderInput } from '../support/api-types.js';

const YEAR = { unit: 'year', count: 1 } as const;

/** Plain accounts (no API key: argon2 hashing would dominate) created by the admin. */
async function bareAccounts(t: TestApp, n: number): Promise<string[]> {
  const replies = await Promise.all(
    Array.from({ length: n }, (_, i) =>
      t.api.post('/api/v1/accounts', {
        name: `Target ${i}`,
        email: `t${i}@example.com`,
        region: 'cn-huadong1',
        timeZone: 'Asia/Shanghai',
        locale: 'zh-CN',
      }),
    ),
  );
  for (const res of replies)
    if (res.status !== 201) throw new Error(`account: ${res.status} ${JSON.stringify(res.body)}`);
  return replies.map((r) => r.body.id as string);
}

const statuses = (replies: Reply[]) => replies.map((r) => r.status).sort();
const count = (replies: Reply[], status: number) => replies.filter((r) => r.status === status).length;

describe.each(DB_KINDS)('concurrency on %s', (kind) => {
  let cy: TestApp;
  let hw: TestApp;
  beforeAll(async () => {
    [cy, hw] = await Promise.all([startTestApp({ kind, catalog: 'ctyun' }), startTestApp({ kind })]);
  });
  afterAll(async () => {
    await Promise.all([cy?.close(), hw?.close()]);
  });

  it('R-ACC-3 50 simultaneous link requests against a limit of 3 create exactly 3', async () => {
    const owner = await createCustomer(cy);
    await buyPlan(cy, owner.id, 'business');
    const targets = await bareAccounts(cy, 50);
    // NOTE: warm the token cache first; 50 cold requests would each verify the key with argon2 (slow, not racy).
    expect((await cy.as(owner.token).get(`/api/v1/accounts/${owner.id}/plan`)).status).toBe(200);
    const replies = await Promise.all(
      targets.map((id) => cy.as(owner.token).post(`/api/v1/accounts/${owner.id}/linked-accounts`, { accountId: id })),
    );
    expect(count(replies, 201)).toBe(3);
    expect(count(replies, 409)).toBe(47);
    expect(replies.filter((r) => r.status === 409).every((r) => r.body.error?.code === 'QUOTA_EXCEEDED')).toBe(true);
    const links = await cy.api.get(`/api/v1/accounts/${owner.id}/linked-accounts`);
    expect(links.body.items.filter((l: { status: string }) => l.status === 'pending')).toHaveLength(3);
    const quota = (await cy.api.get(`/api/v1/accounts/${owner.id}/plan`)).body.quotas.find(
      (q: { quota: string }) => q.quota === 'linked_accounts',
    );
    expect(quota).toMatchObject({ limit: 3, used: 3, remaining: 0 });
  });

  it('R-ACC-3 an account is linked once, even when several owners ask for it at the same time', async () => {
    const owners = await Promise.all([1, 2, 3, 4, 5].map(() => createCustomer(cy)));
    for (const o of owners) await buyPlan(cy, o.id, 'enterprise');
    const target = (await bareAccounts(cy, 1))[0]!;
    const replies = await Promise.all(
      owners.map((o) => cy.api.post(`/api/v1/accounts/${o.id}/linked-accounts`, { accountId: target })),
    );
    expect(statuses(replies)).toEqual([201, 409, 409, 409, 409]);
    const live = [];
    for (const o of owners) live.push(...(await cy.api.get(`/api/v1/accounts/${o.id}/linked-accounts`)).body.items);
    expect(live.filter((l: { accountId: string }) => l.accountId === target)).toHaveLength(1);
  });

  it('R-SUB-2 three concurrent balance payments of one order: exactly one is paid, the balance debited once', async () => {
    const c = await createCustomer(hw);
    const order = await placeOrder(hw, c.id, { action: 'purchase', level: 'business', term: YEAR }, c.token);
    const amount = BigInt(order.amount.amount.replace('.', ''));
    await topUp(hw, c.id, (Number(amount * 3n) / 100).toFixed(2));
    const replies = await Promise.all(
      [1, 2, 3].map(() => hw.as(c.token).post(`/api/v1/orders/${order.id}/pay`, { method: 'balance' })),
    );
    expect(statuses(replies)).toEqual([200, 409, 409]);
    expect(replies.filter((r) => r.status === 409).every((r) => r.body.error?.code === 'INVALID_STATE')).toBe(true);
    const balance = (await hw.api.get(`/api/v1/accounts/${c.id}/balance`)).body;
    expect(balance.balance.amount).toBe((Number(amount * 2n) / 100).toFixed(2));
    expect(balance.entries.filter((e: { kind: string }) => e.kind === 'order_payment')).toHaveLength(1);
    const plan = (await hw.api.get(`/api/v1/accounts/${c.id}/plan`)).body;
    expect(plan.level).toBe('business');
    // One term only: validTo is 1 year out, not 2 or 3.
    const paidAt = replies.find((r) => r.status === 200)!.body.paidAt as string;
    const years = (new Date(plan.validTo!).getTime() - new Date(paidAt).getTime()) / (365.25 * 86_400_000);
    expect(years).toBeGreaterThan(0.9);
    expect(years).toBeLessThan(1.1);
  });

  it('R-SUB-2 two pending purchases paid at once: one wins, the other is cancelled (superseded)', async () => {
    const c = await createCustomer(hw);
    const a = await placeOrder(hw, c.id, { action: 'purchase', level: 'business', term: YEAR }, c.token);
    const b = await placeOrder(hw, c.id, { action: 'purchase', level: 'developer', term: YEAR }, c.token);
    const minor = (o: { amount: { amount: string } }) => BigInt(o.amount.amount.replace('.', ''));
    await topUp(hw, c.id, (Number(minor(a) + minor(b)) / 100).toFixed(2));
    const replies = await Promise.all(
      [a, b].map((o) => hw.as(c.token).post(`/api/v1/orders/${o.id}/pay`, { method: 'balance' })),
    );
    expect(statuses(replies)).toEqual([200, 409]);
    // Only the winner's amount left the balance.
    const won = replies.find((r) => r.status === 200)!.body;
    const left = (await hw.api.get(`/api/v1/accounts/${c.id}/balance`)).body.balance.amount;
    expect(left).toBe((Number(minor(a) + minor(b) - minor(won)) / 100).toFixed(2));
    const orders = (await hw.api.get(`/api/v1/accounts/${c.id}/orders`)).body.items as {
      status: string;
      cancelReason: string | null;
      level: string;
    }[];
    expect(orders.map((o) => o.status).sort()).toEqual(['cancelled', 'paid']);
    expect(orders.find((o) => o.status === 'cancelled')!.cancelReason).toBe('superseded');
    const winner = orders.find((o) => o.status === 'paid')!.level;
    expect((await hw.api.get(`/api/v1/accounts/${c.id}/plan`)).body.level).toBe(winner);
  });

  it('R-SUB-6 concurrent unsubscribes refund once', async () => {
    const c = await createCustomer(hw);
    await buyPlan(hw, c.id, 'business');
    const replies = await Promise.all(
      [1, 2, 3, 4].map(() =>
        hw.as(c.token).post(`/api/v1/accounts/${c.id}/orders`, {
          action: 'unsubscribe',
          reason: 'testing_finished',
          agreementAccepted: true,
        }),
      ),
    );
    expect(statuses(replies)).toEqual([201, 409, 409, 409]);
    const refunded = replies.find((r) => r.status === 201)!.body.amount.amount as string;
    expect(refunded).toBe('1080.00'); // the same day: everything unused
    expect((await hw.api.get(`/api/v1/accounts/${c.id}/balance`)).body.balance.amount).toBe('1080.00');
  });

  it('R-SUB-2 orders placed at once for one account and for many get unique numbers', async () => {
    const c = await createCustomer(hw);
    const others = await Promise.all([1, 2, 3].map(() => createCustomer(hw)));
    const body: OrderInput = { action: 'purchase', level: 'developer', term: YEAR, agreementAccepted: true };
    const replies = await Promise.all([
      ...Array.from({ length: 20 }, () => hw.as(c.token).post(`/api/v1/accounts/${c.id}/orders`, body)),
      ...others.flatMap((o) =>
        Array.from({ length: 5 }, () => hw.as(o.token).post(`/api/v1/accounts/${o.id}/orders`, body)),
      ),
    ]);
    expect(count(replies, 201)).toBe(35);
    const numbers = replies.map((r) => r.body.number as string);
    expect(new Set(numbers).size).toBe(35);
    expect(new Set(replies.map((r) => r.body.id)).size).toBe(35);
    expect((await hw.api.get(`/api/v1/accounts/${c.id}/orders?pageSize=100`)).body.total).toBe(20);
  });

  it('API conventions: one Idempotency-Key sent several times at once creates one order', async () => {
    const c = await createCustomer(hw);
    const body: OrderInput = { action: 'purchase', level: 'developer', term: YEAR, agreementAccepted: true };
    const replies = await Promise.all(
      [1, 2, 3, 4].map(() =>
        hw.as(c.token).post(`/api/v1/accounts/${c.id}/orders`, body, { 'idempotency-key': 'same-key' }),
      ),
    );
    // Each answer is the first response replayed, or a conflict while the first is still running; never a second order.
    for (const r of replies) expect([201, 409]).toContain(r.status);
    const created = new Set(replies.filter((r) => r.status === 201).map((r) => r.body.id));
    expect(created.size).toBe(1);
    expect((await hw.api.get(`/api/v1/accounts/${c.id}/orders`)).body.total).toBe(1);
  });
});
