/**
 * Issue 11: the balance ledger under concurrency, a fast-check property on every database kind. Each run takes a
 * fresh account and fires a random batch of top-ups, adjustments either way and a balance payment of an order, all
 * at once. Whatever the interleaving: each request is applied or refused with 409 INSUFFICIENT_BALANCE (nothing
 * else); the balance is the sum of the entries and equals the sum of what was applied; replaying the entries in
 * the order they were written gives every entry's balanceAfter, and none is below zero.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/harness.js';

const RUNS = Number(process.env.TIERDESK_LEDGER_RUNS ?? 12);
const cents = (minor: bigint) => {
  const sign = minor < 0n ? '-' : '';
  const abs = minor < 0n ? -minor : minor;
  return `${sign}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
};
const minorOf = (amount: string) => {
  const negative = amount.startsWith('-');
  const [whole, frac = ''] = amount.replace('-', '').split('.');
  const minor = BigInt(whole!) * 100n + BigInt(frac.padEnd(2, '0'));
  return negative ? -minor : minor;
};

type Op = { kind: 'top_up'; minor: bigint } | { kind: 'adjust'; minor: bigint } | { kind: 'pay' };

const ZOp: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('top_up' as const), minor: fc.bigInt({ min: 1n, max: 50_000n }) }),
  fc.record({
    kind: fc.constant('adjust' as const),
    minor: fc.bigInt({ min: -60_000n, max: 20_000n }).filter((m) => m !== 0n),
  }),
  fc.constant({ kind: 'pay' as const }),
);

describe.each(DB_KINDS)('the balance ledger under concurrency on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ kind });
  });
  afterAll(async () => t?.close());

  async function freshAccount(n: number): Promise<string> {
    const res = await t.api.post('/api/v1/accounts', {
      name: `Ledger ${n}`,
      email: `ledger${n}@example.com`,
      region: t.app.catalog.def.regions[0]!.id,
      timeZone: 'Asia/Shanghai',
      locale: 'en-US',
    });
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    return res.body.id as string;
  }

  it('issue 11 balance = sum of entries = sum of what was applied, never below zero, for random concurrent batches', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.bigInt({ min: 0n, max: 40_000n }),
        fc.array(ZOp, { minLength: 2, maxLength: 12 }),
        async (opening, ops) => {
          const accountId = await freshAccount(n++);
          const usd = (minor: bigint) => ({ amount: cents(minor), currency: 'USD' });
          if (opening > 0n) {
            const r = await t.api.post(`/api/v1/accounts/${accountId}/balance/top-ups`, { amount: usd(opening) });
            expect(r.status).toBe(201);
          }
          // At most one payment per batch: purchases of one account supersede each other.
          const payIndex = ops.findIndex((o) => o.kind === 'pay');
          const order =
            payIndex >= 0
              ? (
                  await t.api.post(`/api/v1/accounts/${accountId}/orders`, {
                    action: 'purchase',
                    level: 'developer',
                    term: { unit: 'month', count: 1 },
                    agreementAccepted: true,
                  })
                ).body
              : null;
          const batch = ops.filter((o, i) => o.kind !== 'pay' || i === payIndex);
          const replies = await Promise.all(
            batch.map((op) => {
              if (op.kind === 'pay') return t.api.post(`/api/v1/orders/${order!.id}/pay`, { method: 'balance' });
              const path = op.kind === 'top_up' ? 'top-ups' : 'adjustments';
              return t.api.post(`/api/v1/accounts/${accountId}/balance/${path}`, {
                amount: usd(op.minor),
                reason: 'property',
              });
            }),
          );
          let applied = opening;
          batch.forEach((op, i) => {
            const r = replies[i]!;
            if (r.status === 409) {
              expect(r.body.error?.code).toBe('INSUFFICIENT_BALANCE');
              expect(minorOf((r.body.error?.details.shortfall as { amount: string }).amount)).toBeGreaterThan(0n);
              return;
            }
            expect([200, 201]).toContain(r.status);
            applied += op.kind === 'pay' ? -minorOf(order!.amount.amount) : op.minor;
            if (op.kind === 'top_up') expect(op.minor).toBeGreaterThan(0n);
          });
          const balance = (await t.api.get(`/api/v1/accounts/${accountId}/balance`)).body;
          const entries = (await t.api.get(`/api/v1/accounts/${accountId}/balance/entries?pageSize=100`)).body
            .items as {
            id: string;
            orderId: string | null;
            amount: { amount: string };
            balanceAfter: { amount: string };
          }[];
          expect(minorOf(balance.balance.amount)).toBe(applied);
          expect(entries.reduce((s, e) => s + minorOf(e.amount.amount), 0n)).toBe(applied);
          let running = 0n;
          for (const e of [...entries].sort((a, b) => (a.id < b.id ? -1 : 1))) {
            running += minorOf(e.amount.amount);
            expect(minorOf(e.balanceAfter.amount)).toBe(running);
            expect(running).toBeGreaterThanOrEqual(0n);
          }
          if (order) {
            const paid = (await t.api.get(`/api/v1/orders/${order.id}`)).body.status === 'paid';
            expect(entries.filter((e) => e.orderId === order.id)).toHaveLength(paid ? 1 : 0);
            expect(paid).toBe(replies[batch.findIndex((o) => o.kind === 'pay')]!.status === 200);
          }
        },
      ),
      { numRuns: RUNS },
    );
  }, 300_000);
});
