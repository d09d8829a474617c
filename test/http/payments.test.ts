/**
 * Issue 11 "a customer gets any plan without paying": payment methods by role (402 PAYMENT_REQUIRED), the balance
 * ledger (409 INSUFFICIENT_BALANCE with the shortfall, staff top-ups and adjustments, refunds credited), vouchers
 * (applied once, also under concurrency) and the payment system's signed callback (unsigned, forged, stale,
 * replayed and mismatched callbacks change nothing), on every database kind.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../support/databases.js';
import { createCustomer, startTestApp, type Api, type TestApp } from '../support/harness.js';
import { createStaff, expectError, placeOrder, topUp } from '../support/actors.js';

const YEAR = { unit: 'year', count: 1 } as const;
const SECRET = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
const T0 = '2026-03-02T02:00:00.000Z';

/** Signs a callback body as the provider's payment system would (Standard Webhooks). */
export function signedCallback(secret: string, id: string, at: Date, body: unknown) {
  const raw = JSON.stringify(body);
  const ts = Math.floor(at.getTime() / 1000);
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const sig = createHmac('sha256', key).update(`${id}.${ts}.${raw}`).digest('base64');
  return {
    raw,
    headers: { 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': `v1,${sig}` },
  };
}

async function postRaw(t: TestApp, raw: string, headers: Record<string, string>) {
  const res = await t.app.http.inject({
    method: 'POST',
    url: '/api/v1/payments/callback',
    payload: raw,
    headers: { 'content-type': 'application/json', ...headers },
  });
  return { status: res.statusCode, body: JSON.parse(res.body) };
}

const balanceOf = async (api: Api, id: string) => (await api.get(`/api/v1/accounts/${id}/balance`)).body;
const planLevel = async (t: TestApp, id: string) => (await t.api.get(`/api/v1/accounts/${id}/plan`)).body.level;

describe.each(DB_KINDS)('payments on %s', (kind) => {
  let t: TestApp;
  let bare: TestApp;
  beforeAll(async () => {
    [t, bare] = await Promise.all([startTestApp({ kind, config: { paymentSecret: SECRET } }), startTestApp({ kind })]);
    await t.setClock(T0);
  });
  afterAll(async () => {
    await Promise.all([t?.close(), bare?.close()]);
  });

  it('R-SUB-2 a customer owner cannot pay without money: 402 PAYMENT_REQUIRED, the order waits, the plan stays', async () => {
    const c = await createCustomer(t);
    const order = await placeOrder(t, c.id, { action: 'purchase', level: 'business', term: YEAR }, c.token);
    for (const body of [
      {},
      { method: 'external' },
      { method: 'external', reference: 'r-1' },
      { reference: 'r-1' },
    ] as const) {
      const res = await t.as(c.token).post(`/api/v1/orders/${order.id}/pay`, body);
      expect(expectError(res, 402, 'PAYMENT_REQUIRED')).toMatchObject({
        orderId: order.id,
        amount: order.amount,
        acceptedMethods: ['balance'],
      });
    }
    expect((await t.api.get(`/api/v1/orders/${order.id}`)).body).toMatchObject({
      status: 'pending_payment',
      payment: null,
    });
    expect(await planLevel(t, c.id)).toBe('basic');
    expect((await balanceOf(t.api, c.id)).entries).toEqual([]);
  });

  it('R-SUB-2 a balance payment: 409 INSUFFICIENT_BALANCE with the shortfall until the balance covers it', async () => {
    const c = await createCustomer(t);
    const order = await placeOrder(t, c.id, { action: 'purchase', level: 'developer', term: YEAR }, c.token);
    const amount = order.amount.amount as string;
    const short = await t.as(c.token).post(`/api/v1/orders/${order.id}/pay`, { method: 'balance' });
    expect(expectError(short, 409, 'INSUFFICIENT_BALANCE')).toMatchObject({
      balance: { amount: '0.00' },
      amount: { amount },
      shortfall: { amount },
    });
    await topUp(t, c.id, '100.00', 'bank transfer 42');
    const still = await t.as(c.token).post(`/api/v1/orders/${order.id}/pay`, { method: 'balance' });
    const shortfall = (Number(amount) - 100).toFixed(2);
    expect(expectError(still, 409, 'INSUFFICIENT_BALANCE').shortfall).toEqual({ amount: shortfall, currency: 'USD' });
    expect((await t.api.get(`/api/v1/orders/${order.id}`)).body.status).toBe('pending_payment');
    await topUp(t, c.id, shortfall);
    const paid = await t.as(c.token).post(`/api/v1/orders/${order.id}/pay`, { method: 'balance' });
    expect(paid.status).toBe(200);
    expect(paid.body).toMatchObject({
      status: 'paid',
      payment: { method: 'balance', fromBalance: { amount }, voucher: null, reference: null },
    });
    expect(await planLevel(t, c.id)).toBe('developer');
    const balance = await balanceOf(t.as(c.token), c.id);
    expect(balance.balance.amount).toBe('0.00');
    expect(balance.entries.map((e: { kind: string; amount: { amount: string } }) => [e.kind, e.amount.amount])).toEqual(
      [
        ['order_payment', `-${amount}`],
        ['top_up', shortfall],
        ['top_up', '100.00'],
      ],
    );
    expect(balance.entries[2]).toMatchObject({ reason: 'bank transfer 42', createdBy: 'admin' });
    expect(balance.entries[0]).toMatchObject({ orderId: order.id, balanceAfter: { amount: '0.00' } });
  });

  it('R-SUB-2 staff record an external payment with a reference; roles without billing may not', async () => {
    const c = await createCustomer(t);
    const billing = await createStaff(t, 'billing_operator');
    const tam = await createStaff(t, 'tam');
    const order = await placeOrder(t, c.id, { action: 'purchase', level: 'business', term: YEAR }, c.token);
    expectError(await t.as(tam.token).post(`/api/v1/orders/${order.id}/pay`, { reference: 'x' }), 403, 'FORBIDDEN');
    const paid = await t.as(billing.token).post(`/api/v1/orders/${order.id}/pay`, { reference: 'SAP-2026-0042' });
    expect(paid.status).toBe(200);
    expect(paid.body.payment).toMatchObject({
      method: 'external',
      reference: 'SAP-2026-0042',
      paidBy: billing.userId,
      fromBalance: { amount: '0.00' },
    });
    expect(await planLevel(t, c.id)).toBe('business');
    expect((await balanceOf(t.api, c.id)).entries).toEqual([]);
  });

  it('balance: read by the owner and any staff, not by another customer; written by billing staff only', async () => {
    const c = await createCustomer(t);
    const other = await createCustomer(t);
    const tam = await createStaff(t, 'tam');
    expect((await t.as(c.token).get(`/api/v1/accounts/${c.id}/balance`)).status).toBe(200);
    expect((await t.as(tam.token).get(`/api/v1/accounts/${c.id}/balance`)).status).toBe(200);
    expectError(await t.as(other.token).get(`/api/v1/accounts/${c.id}/balance`), 404, 'NOT_FOUND');
    expectError(await t.as(other.token).get(`/api/v1/accounts/${c.id}/balance/entries`), 404, 'NOT_FOUND');
    const money = { amount: '10.00', currency: 'USD' };
    for (const token of [c.token, tam.token])
      for (const path of ['top-ups', 'adjustments'] as const)
        expectError(
          await t.as(token).post(`/api/v1/accounts/${c.id}/balance/${path}`, { amount: money, reason: 'x' }),
          403,
          'FORBIDDEN',
        );
    expectError(
      await t.api.unchecked.post(`/api/v1/accounts/${c.id}/balance/adjustments`, { amount: money }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await t.api.post(`/api/v1/accounts/${c.id}/balance/top-ups`, { amount: { amount: '10.00', currency: 'CNY' } }),
      400,
      'VALIDATION_FAILED',
    );
    expectError(
      await t.api.post(`/api/v1/accounts/${c.id}/balance/top-ups`, { amount: { amount: '-1.00', currency: 'USD' } }),
      400,
      'VALIDATION_FAILED',
    );
    await topUp(t, c.id, '10.00');
    const minus = (amount: string) => ({ amount: { amount, currency: 'USD' }, reason: 'goodwill reversed' });
    expect(
      expectError(
        await t.api.post(`/api/v1/accounts/${c.id}/balance/adjustments`, minus('-10.01')),
        409,
        'INSUFFICIENT_BALANCE',
      ).shortfall,
    ).toEqual({ amount: '0.01', currency: 'USD' });
    const adj = await t.api.post(`/api/v1/accounts/${c.id}/balance/adjustments`, minus('-4.00'));
    expect(adj.status).toBe(201);
    expect(adj.body).toMatchObject({
      kind: 'adjustment',
      reason: 'goodwill reversed',
      balanceAfter: { amount: '6.00' },
    });
    const page = (await t.as(c.token).get(`/api/v1/accounts/${c.id}/balance/entries?pageSize=1`)).body;
    expect(page).toMatchObject({ total: 2, page: 1, pageSize: 1, items: [{ kind: 'adjustment' }] });
  });

  it('R-SUB-4/6 refunds are credited to the ledger and pay the next order', async () => {
    const c = await createCustomer(t);
    const buy = await placeOrder(t, c.id, { action: 'purchase', level: 'business', term: YEAR }, c.token);
    await t.api.post(`/api/v1/orders/${buy.id}/pay`, { reference: 'ext' });
    const down = await placeOrder(t, c.id, { action: 'downgrade', level: 'developer' }, c.token);
    expect(down.status).toBe('refunded');
    const balance = await balanceOf(t.api, c.id);
    expect(balance.balance).toEqual(down.amount);
    expect(balance.entries[0]).toMatchObject({ kind: 'downgrade_refund', orderId: down.id, amount: down.amount });
  });

  it('vouchers: staff issue, the quote shows them, payment applies them once; expired, used or other levels refused', async () => {
    const c = await createCustomer(t);
    const expiresAt = '2026-06-30T16:00:00Z';
    const usd = (amount: string) => ({ amount, currency: 'USD' });
    expectError(
      await t.as(c.token).post(`/api/v1/accounts/${c.id}/vouchers`, { amount: usd('50.00'), expiresAt }),
      403,
      'FORBIDDEN',
    );
    const v = await t.api.post(`/api/v1/accounts/${c.id}/vouchers`, {
      amount: usd('50.00'),
      expiresAt,
      levels: ['developer'],
      note: 'welcome',
    });
    expect(v.status).toBe(201);
    expect(v.body).toMatchObject({ state: 'available', levels: ['developer'], amount: usd('50.00') });
    const onBusiness = await t.as(c.token).post(`/api/v1/accounts/${c.id}/quotes`, {
      action: 'purchase',
      level: 'business',
      term: YEAR,
      voucherId: v.body.id,
    });
    expect(expectError(onBusiness, 409, 'VOUCHER_NOT_APPLICABLE')).toMatchObject({ reason: 'level' });
    const q = await t.as(c.token).post(`/api/v1/accounts/${c.id}/quotes`, {
      action: 'purchase',
      level: 'developer',
      term: YEAR,
      voucherId: v.body.id,
    });
    expect(q.status).toBe(200);
    const payable = (Number(q.body.amount.amount) - 50).toFixed(2);
    expect(q.body).toMatchObject({ voucher: { id: v.body.id, amount: usd('50.00') }, payable: usd(payable) });
    const a = await placeOrder(t, c.id, { action: 'purchase', level: 'developer', term: YEAR }, c.token);
    const b = await placeOrder(t, c.id, { action: 'purchase', level: 'developer', term: YEAR }, c.token);
    await topUp(t, c.id, q.body.amount.amount);
    // Two payments name the voucher at once: one applies it (the other is superseded or refused), never both.
    const replies = await Promise.all(
      [a, b].map((o) => t.as(c.token).post(`/api/v1/orders/${o.id}/pay`, { method: 'balance', voucherId: v.body.id })),
    );
    const ok = replies.filter((r) => r.status === 200);
    expect(ok).toHaveLength(1);
    expect(ok[0]!.body.payment).toMatchObject({
      voucher: { id: v.body.id, amount: usd('50.00') },
      fromBalance: usd(payable),
    });
    expect((await balanceOf(t.api, c.id)).balance).toEqual(usd('50.00'));
    const vouchers = (await t.as(c.token).get(`/api/v1/accounts/${c.id}/vouchers`)).body.items;
    expect(vouchers).toMatchObject([{ id: v.body.id, state: 'used', usedOrderId: ok[0]!.body.id }]);
    const renew = await placeOrder(t, c.id, { action: 'renew', term: YEAR }, c.token);
    expect(
      expectError(
        await t.as(c.token).post(`/api/v1/orders/${renew.id}/pay`, { method: 'balance', voucherId: v.body.id }),
        409,
        'VOUCHER_NOT_APPLICABLE',
      ),
    ).toMatchObject({ reason: 'used' });
    const soon = await t.api.post(`/api/v1/accounts/${c.id}/vouchers`, {
      amount: usd('5.00'),
      expiresAt: '2026-03-02T03:00:00Z',
    });
    const other = await createCustomer(t);
    expectError(
      await t.as(other.token).post(`/api/v1/accounts/${other.id}/quotes`, {
        action: 'purchase',
        level: 'developer',
        term: YEAR,
        voucherId: soon.body.id,
      }),
      404,
      'NOT_FOUND',
    );
    await t.setClock('2026-03-02T03:00:00.000Z');
    expect(
      expectError(
        await t.as(c.token).post(`/api/v1/orders/${renew.id}/pay`, { method: 'balance', voucherId: soon.body.id }),
        409,
        'VOUCHER_NOT_APPLICABLE',
      ),
    ).toMatchObject({ reason: 'expired' });
  });

  it('R-SUB-2 the payment callback: not configured is refused', async () => {
    const c = await createCustomer(bare);
    const order = await placeOrder(bare, c.id, { action: 'purchase', level: 'developer', term: YEAR }, c.token);
    const body = { orderId: order.id, paymentId: 'pay_1', amount: order.amount };
    const { raw, headers } = signedCallback(SECRET, 'msg_1', new Date(), body);
    expectError((await postRaw(bare, raw, headers)) as never, 403, 'PAYMENTS_NOT_CONFIGURED');
    expect((await bare.api.get(`/api/v1/orders/${order.id}`)).body.status).toBe('pending_payment');
  });

  it('R-SUB-2 the payment callback: unsigned, forged, stale, replayed and mismatched callbacks change nothing', async () => {
    const c = await createCustomer(t);
    const order = await placeOrder(t, c.id, { action: 'purchase', level: 'business', term: YEAR }, c.token);
    const now = new Date((await t.api.get('/api/v1/test-clock')).body.now);
    const body = { orderId: order.id, paymentId: 'pay_A', amount: order.amount };
    const unchanged = async () => {
      expect((await t.api.get(`/api/v1/orders/${order.id}`)).body.status).toBe('pending_payment');
      expect(await planLevel(t, c.id)).toBe('basic');
    };
    const good = signedCallback(SECRET, 'msg_A1', now, body);
    expect(expectError((await postRaw(t, good.raw, {})) as never, 401, 'PAYMENT_SIGNATURE_INVALID').reason).toBe(
      'missing_headers',
    );
    const forged = signedCallback(`whsec_${Buffer.alloc(32, 9).toString('base64')}`, 'msg_A1', now, body);
    expect(
      expectError((await postRaw(t, forged.raw, forged.headers)) as never, 401, 'PAYMENT_SIGNATURE_INVALID').reason,
    ).toBe('mismatch');
    // The signature covers the bytes: the same headers over another amount do not verify.
    const tampered = JSON.stringify({ ...body, amount: { amount: '0.01', currency: 'USD' } });
    expectError((await postRaw(t, tampered, good.headers)) as never, 401, 'PAYMENT_SIGNATURE_INVALID');
    const stale = signedCallback(SECRET, 'msg_A2', new Date(now.getTime() - 301_000), body);
    expectError((await postRaw(t, stale.raw, stale.headers)) as never, 401, 'PAYMENT_CALLBACK_STALE');
    const future = signedCallback(SECRET, 'msg_A3', new Date(now.getTime() + 301_000), body);
    expectError((await postRaw(t, future.raw, future.headers)) as never, 401, 'PAYMENT_CALLBACK_STALE');
    const wrong = signedCallback(SECRET, 'msg_A4', now, { ...body, amount: { ...order.amount, amount: '1.00' } });
    expect(expectError((await postRaw(t, wrong.raw, wrong.headers)) as never, 422, 'PAYMENT_MISMATCH')).toMatchObject({
      expected: order.amount,
    });
    const cny = signedCallback(SECRET, 'msg_A5', now, { ...body, amount: { ...order.amount, currency: 'CNY' } });
    expectError((await postRaw(t, cny.raw, cny.headers)) as never, 422, 'PAYMENT_MISMATCH');
    await unchanged();

    const accepted = await postRaw(t, good.raw, good.headers);
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({
      outcome: 'paid',
      credit: null,
      duplicate: false,
      order: { status: 'paid', payment: { method: 'provider', providerPaymentId: 'pay_A' } },
    });
    expect(await planLevel(t, c.id)).toBe('business');
    expectError((await postRaw(t, good.raw, good.headers)) as never, 409, 'PAYMENT_CALLBACK_REPLAYED');
    const again = signedCallback(SECRET, 'msg_A6', now, body);
    expect(await postRaw(t, again.raw, again.headers)).toMatchObject({ status: 200, body: { duplicate: true } });
    // The payment id paid this order: it cannot pay another.
    const c2 = await createCustomer(t);
    const order2 = await placeOrder(t, c2.id, { action: 'purchase', level: 'business', term: YEAR }, c2.token);
    const reuse = signedCallback(SECRET, 'msg_B1', now, { ...body, orderId: order2.id });
    expect(expectError((await postRaw(t, reuse.raw, reuse.headers)) as never, 422, 'PAYMENT_MISMATCH').reason).toBe(
      'payment_used',
    );
    expect((await t.api.get(`/api/v1/orders/${order2.id}`)).body.status).toBe('pending_payment');
    const orders = (await t.api.get(`/api/v1/accounts/${c.id}/orders`)).body.items;
    expect(orders).toHaveLength(1);
  });

  it('issue 11 a callback for an order that can no longer be paid credits the balance, once per payment id', async () => {
    const c = await createCustomer(t);
    const now = new Date((await t.api.get('/api/v1/test-clock')).body.now);
    const cancelled = await placeOrder(t, c.id, { action: 'purchase', level: 'business', term: YEAR }, c.token);
    expect((await t.as(c.token).post(`/api/v1/orders/${cancelled.id}/cancel`, {})).status).toBe(200);
    const body = { orderId: cancelled.id, paymentId: 'pay_C', amount: cancelled.amount };
    // Two deliveries of one payment at once (two webhook ids): one credit.
    const both = await Promise.all(
      ['msg_C1', 'msg_C2'].map((id) => {
        const cb = signedCallback(SECRET, id, now, body);
        return postRaw(t, cb.raw, cb.headers);
      }),
    );
    for (const res of both) expect(res!.status).toBe(200);
    const fresh = both.find((r) => !r.body.duplicate)!;
    expect(both.filter((r) => r.body.duplicate)).toHaveLength(1);
    expect(fresh.body).toMatchObject({
      outcome: 'credited',
      order: { id: cancelled.id, status: 'cancelled', cancelReason: 'customer', payment: null },
      credit: { kind: 'payment_credit', amount: cancelled.amount, paymentId: 'pay_C', orderId: cancelled.id },
    });
    expect(both.map((r) => r.body.credit.id)).toEqual([fresh.body.credit.id, fresh.body.credit.id]);
    expect((await balanceOf(t.api, c.id)).balance).toEqual(cancelled.amount);
    expect(await planLevel(t, c.id)).toBe('basic');
    // A replayed webhook id changes nothing; a second payment of the same dead order is credited too.
    const replay = signedCallback(SECRET, 'msg_C1', now, body);
    expectError((await postRaw(t, replay.raw, replay.headers)) as never, 409, 'PAYMENT_CALLBACK_REPLAYED');
    const twice = signedCallback(SECRET, 'msg_D1', now, { ...body, paymentId: 'pay_D' });
    expect(await postRaw(t, twice.raw, twice.headers)).toMatchObject({
      status: 200,
      body: { outcome: 'credited', duplicate: false, credit: { paymentId: 'pay_D' } },
    });
    const doubled = (Number(cancelled.amount.amount) * 2).toFixed(2);
    expect((await balanceOf(t.api, c.id)).balance.amount).toBe(doubled);
    // A credited payment id cannot pay another order.
    const live = await placeOrder(t, c.id, { action: 'purchase', level: 'developer', term: YEAR }, c.token);
    const reuse = signedCallback(SECRET, 'msg_C3', now, { ...body, orderId: live.id, amount: live.amount });
    expect(expectError((await postRaw(t, reuse.raw, reuse.headers)) as never, 422, 'PAYMENT_MISMATCH').reason).toBe(
      'payment_used',
    );
    expect((await t.api.get(`/api/v1/orders/${live.id}`)).body.status).toBe('pending_payment');
    // An order paid from the balance meanwhile: the provider's later payment is credited, not lost.
    expect((await t.as(c.token).post(`/api/v1/orders/${live.id}/pay`, { method: 'balance' })).status).toBe(200);
    const late = signedCallback(SECRET, 'msg_E1', now, { orderId: live.id, paymentId: 'pay_E', amount: live.amount });
    expect(await postRaw(t, late.raw, late.headers)).toMatchObject({
      status: 200,
      body: { outcome: 'credited', order: { status: 'paid' }, credit: { amount: live.amount } },
    });
    expect((await balanceOf(t.api, c.id)).balance.amount).toBe(doubled);
    // An order that expired unpaid (the clock passes its expiry): credited, the order says expired.
    const c2 = await createCustomer(t);
    const expiring = await placeOrder(t, c2.id, { action: 'purchase', level: 'business', term: YEAR }, c2.token);
    await t.setClock(new Date(new Date(expiring.expiresAt!).getTime() + 60_000).toISOString());
    const after = new Date((await t.api.get('/api/v1/test-clock')).body.now);
    const gone = signedCallback(SECRET, 'msg_F1', after, {
      orderId: expiring.id,
      paymentId: 'pay_F',
      amount: expiring.amount,
    });
    expect(await postRaw(t, gone.raw, gone.headers)).toMatchObject({
      status: 200,
      body: {
        outcome: 'credited',
        order: { status: 'cancelled', cancelReason: 'expired' },
        credit: { paymentId: 'pay_F' },
      },
    });
    expect((await balanceOf(t.api, c2.id)).balance).toEqual(expiring.amount);
    expect(await planLevel(t, c2.id)).toBe('basic');
  });
});
