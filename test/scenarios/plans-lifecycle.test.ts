/**
 * Plans through the real CLI (`tierdesk serve --test-clock`): Tianyi (ctyun) light bought for 24 months from the
 * balance and upgraded to business the same day (SPEC R-SUB-3's worked example, 588,000.00 CNY), paid through the
 * provider's payment system (a forged callback refused, the signed one accepted, issue 11), and the 7-day no-reason
 * refund to the balance (R-SUB-6) that pays the next purchase, then one recorded by staff as an external payment;
 * Huawei (huaweicloud-intl) developer monthly with auto-renew renewed at validTo from the balance with reminders 7
 * and 1 days before, and without auto-renew expiring back to basic (R-SUB-5).
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, ok, removeDir, startCli, type CliServer, type Client } from './cli-server.js';
import { migratedDataDir } from './migrated-data-dir.js';

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
const ms = (s: string) => new Date(s).getTime();
/** Beijing has no DST: a local wall time as an instant. */
const beijing = (dateTime: string) => iso(ms(`${dateTime}+08:00`));

async function customerOf(server: CliServer, input: Record<string, unknown>): Promise<{ id: string; api: Client }> {
  const account = ok(await server.admin.post('/api/v1/accounts', { timeZone: 'Asia/Shanghai', ...input }), 201);
  const key = ok(await server.admin.post(`/api/v1/accounts/${account.id}/api-keys`, {}), 201);
  return { id: account.id, api: server.as(key.token) };
}

const PAYMENT_SECRET = `whsec_${Buffer.from('tierdesk scenario payment secret!').toString('base64')}`;

/** POSTs a payment callback signed (Standard Webhooks) with `secret` at the server's test-clock time. */
async function callback(server: CliServer, secret: string, webhookId: string, body: Record<string, unknown>) {
  const raw = JSON.stringify(body);
  const ts = Math.floor(ms(await server.now()) / 1000);
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const signature = `v1,${createHmac('sha256', key).update(`${webhookId}.${ts}.${raw}`).digest('base64')}`;
  const res = await fetch(`${server.url}/api/v1/payments/callback`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': webhookId,
      'webhook-timestamp': String(ts),
      'webhook-signature': signature,
    },
    body: raw,
  });
  return { status: res.status, body: (await res.json()) as any };
}

/**
 * A purchase the customer pays from the balance (issue 11): staff top the balance up by `topUp` (the amount when
 * not given), the owner pays `{ "method": "balance" }`.
 */
async function buy(
  server: CliServer,
  c: { id: string; api: Client },
  body: Record<string, unknown>,
  opts: { topUp?: string } = {},
) {
  const order = ok(
    await c.api.post(`/api/v1/accounts/${c.id}/orders`, { action: 'purchase', agreementAccepted: true, ...body }),
    201,
  );
  const amount = { amount: opts.topUp ?? order.amount.amount, currency: order.amount.currency };
  if (amount.amount !== '0.00')
    ok(await server.admin.post(`/api/v1/accounts/${c.id}/balance/top-ups`, { amount, reason: 'bank transfer' }), 201);
  return ok(await c.api.post(`/api/v1/orders/${order.id}/pay`, { method: 'balance' }));
}

describe('R-SUB scenario: Tianyi (ctyun) through the real CLI', () => {
  let dataDir: string;
  let server: CliServer;

  beforeAll(async () => {
    await ensureBuilt();
    dataDir = await migratedDataDir();
    server = await startCli({ catalog: 'ctyun', dataDir, env: { TIERDESK_PAYMENT_SECRET: PAYMENT_SECRET } });
    await server.setClock('2026-03-02T10:00:00+08:00');
  }, 300_000);
  afterAll(async () => {
    if (server) expect(await server.stop()).toBe(0);
    if (dataDir) removeDir(dataDir);
  });

  it('R-SUB-3 light for 24 months from the balance, upgraded to business the same day: 588000.00 CNY confirmed by the payment system', async () => {
    const c = await customerOf(server, {
      name: '云上商城',
      email: 'ops@shop.example.cn',
      region: 'cn-huadong1',
      locale: 'zh-CN',
    });
    // Issue 11: without money the owner's payment is refused and the order waits.
    const unpaid = ok(
      await c.api.post(`/api/v1/accounts/${c.id}/orders`, {
        action: 'purchase',
        level: 'light',
        term: { unit: 'year', count: 2 },
        agreementAccepted: true,
      }),
      201,
    );
    expect((await c.api.post(`/api/v1/orders/${unpaid.id}/pay`)).body.error.code).toBe('PAYMENT_REQUIRED');
    const short = await c.api.post(`/api/v1/orders/${unpaid.id}/pay`, { method: 'balance' });
    expect(short.status).toBe(409);
    expect(short.body.error).toMatchObject({
      code: 'INSUFFICIENT_BALANCE',
      details: { shortfall: { amount: '12000.00', currency: 'CNY' } },
    });
    ok(await c.api.post(`/api/v1/orders/${unpaid.id}/cancel`));
    const bought = await buy(server, c, { level: 'light', term: { unit: 'year', count: 2 } });
    expect(bought).toMatchObject({
      type: 'new',
      status: 'paid',
      amount: { amount: '12000.00', currency: 'CNY' },
      payment: { method: 'balance', fromBalance: { amount: '12000.00' } },
    });
    expect(ok(await c.api.get(`/api/v1/accounts/${c.id}/balance`)).balance).toEqual({
      amount: '0.00',
      currency: 'CNY',
    });
    const validTo = ok(await c.api.get(`/api/v1/accounts/${c.id}/plan`)).validTo;
    await server.setClock('2026-03-02T16:30:00+08:00');
    const quote = ok(await c.api.post(`/api/v1/accounts/${c.id}/quotes`, { action: 'upgrade', level: 'business' }));
    expect(quote).toMatchObject({ direction: 'charge', amount: { amount: '588000.00', currency: 'CNY' } });
    const order = ok(
      await c.api.post(`/api/v1/accounts/${c.id}/orders`, {
        action: 'upgrade',
        level: 'business',
        agreementAccepted: true,
      }),
      201,
    );
    expect(order).toMatchObject({
      type: 'upgrade',
      status: 'pending_payment',
      fromLevel: 'light',
      level: 'business',
      amount: { amount: '588000.00', currency: 'CNY' },
    });
    // The provider's payment system confirms it: a forged callback is refused and changes nothing, the signed one
    // pays the order, a replay of it is refused.
    const confirmation = { orderId: order.id, paymentId: 'alipay-2026030216300001', amount: order.amount };
    const forged = await callback(
      server,
      `whsec_${Buffer.from('not the provider secret, 32 bytes').toString('base64')}`,
      'msg-1',
      confirmation,
    );
    expect(forged).toMatchObject({ status: 401, body: { error: { code: 'PAYMENT_SIGNATURE_INVALID' } } });
    expect(ok(await c.api.get(`/api/v1/orders/${order.id}`)).status).toBe('pending_payment');
    expect(ok(await c.api.get(`/api/v1/accounts/${c.id}/plan`)).level).toBe('light');
    const confirmed = await callback(server, PAYMENT_SECRET, 'msg-2', confirmation);
    expect(confirmed).toMatchObject({
      status: 200,
      body: {
        duplicate: false,
        order: { status: 'paid', payment: { method: 'provider', providerPaymentId: 'alipay-2026030216300001' } },
      },
    });
    const replayed = await callback(server, PAYMENT_SECRET, 'msg-2', confirmation);
    expect(replayed).toMatchObject({ status: 409, body: { error: { code: 'PAYMENT_CALLBACK_REPLAYED' } } });
    expect(ok(await c.api.get(`/api/v1/orders/${order.id}`)).status).toBe('paid');
    // The level changes now; the term does not.
    expect(ok(await c.api.get(`/api/v1/accounts/${c.id}/plan`))).toMatchObject({
      level: 'business',
      status: 'active',
      validTo,
    });
  });

  it('R-SUB-6 an unsubscribe within 7×24 h refunds 100 % to the balance; noReasonRefundsRemaining counts down 3 → 2', async () => {
    const c = await customerOf(server, {
      name: '小工作室',
      email: 'boss@studio.example.cn',
      region: 'cn-huabei2',
      locale: 'zh-CN',
    });
    const bought = await buy(server, c, { level: 'light', term: { unit: 'year', count: 1 } });
    expect(bought.amount).toEqual({ amount: '6000.00', currency: 'CNY' });
    await server.setClock(iso(ms(bought.paidAt) + 6 * DAY));
    const quote = ok(await c.api.post(`/api/v1/accounts/${c.id}/quotes`, { action: 'unsubscribe' }));
    expect(quote).toMatchObject({
      direction: 'refund',
      noReasonRefund: true,
      noReasonRefundsRemaining: 3,
      amount: { amount: '6000.00' },
    });
    const refund = ok(
      await c.api.post(`/api/v1/accounts/${c.id}/orders`, {
        action: 'unsubscribe',
        reason: 'wrong_parameters',
        agreementAccepted: true,
      }),
      201,
    );
    expect(refund).toMatchObject({
      type: 'unsubscribe',
      status: 'refunded',
      direction: 'refund',
      amount: { amount: '6000.00', currency: 'CNY' },
    });
    expect(ok(await c.api.get(`/api/v1/accounts/${c.id}/balance`)).balance).toEqual({
      amount: '6000.00',
      currency: 'CNY',
    });
    expect(ok(await c.api.get(`/api/v1/accounts/${c.id}/plan`)).level).toBe('standard');

    // The refund pays the next purchase from the balance (no top-up needed).
    const again = await buy(server, c, { level: 'light', term: { unit: 'year', count: 1 } }, { topUp: '0.00' });
    expect(again.payment).toMatchObject({ method: 'balance', fromBalance: { amount: '6000.00' } });
    const ledger = ok(await c.api.get(`/api/v1/accounts/${c.id}/balance`));
    expect(ledger.balance).toEqual({ amount: '0.00', currency: 'CNY' });
    expect(ledger.entries.map((e: any) => [e.kind, e.amount.amount])).toEqual([
      ['order_payment', '-6000.00'],
      ['unsubscribe_refund', '6000.00'],
      ['order_payment', '-6000.00'],
      ['top_up', '6000.00'],
    ]);
    await server.setClock(iso(ms(again.paidAt) + DAY));
    const next = ok(await c.api.post(`/api/v1/accounts/${c.id}/quotes`, { action: 'unsubscribe' }));
    expect(next).toMatchObject({ noReasonRefund: true, noReasonRefundsRemaining: 2, amount: { amount: '6000.00' } });
  });

  it('issue 11 a billing operator records a payment taken in the provider’s own billing system', async () => {
    const c = await customerOf(server, {
      name: '线下客户',
      email: 'finance@offline.example.cn',
      region: 'cn-huadong1',
      locale: 'zh-CN',
    });
    const user = ok(
      await server.admin.post('/api/v1/users', {
        name: '财务',
        email: 'billing@provider.example.cn',
        role: 'billing_operator',
      }),
      201,
    );
    const billing = server.as(ok(await server.admin.post(`/api/v1/users/${user.id}/api-keys`, {}), 201).token);
    const order = ok(
      await c.api.post(`/api/v1/accounts/${c.id}/orders`, {
        action: 'purchase',
        level: 'business',
        term: { unit: 'year', count: 1 },
        agreementAccepted: true,
      }),
      201,
    );
    const paid = ok(await billing.post(`/api/v1/orders/${order.id}/pay`, { reference: '对公转账 2026-0302-17' }));
    expect(paid).toMatchObject({
      status: 'paid',
      payment: { method: 'external', reference: '对公转账 2026-0302-17', paidBy: user.id },
    });
    expect(ok(await c.api.get(`/api/v1/accounts/${c.id}/plan`))).toMatchObject({ level: 'business', status: 'active' });
    expect(ok(await c.api.get(`/api/v1/accounts/${c.id}/balance`)).entries).toEqual([]);
  });
});

describe('R-SUB scenario: Huawei (huaweicloud-intl) renewals through the real CLI', () => {
  let dataDir: string;
  let server: CliServer;

  beforeAll(async () => {
    await ensureBuilt();
    dataDir = await migratedDataDir();
    server = await startCli({ catalog: 'huaweicloud-intl', dataDir });
    await server.setClock('2026-03-02T10:00:00+08:00');
  }, 300_000);
  afterAll(async () => {
    if (server) expect(await server.stop()).toBe(0);
    if (dataDir) removeDir(dataDir);
  });

  const expiring = async (c: { id: string; api: Client }) =>
    (
      ok(await c.api.get(`/api/v1/accounts/${c.id}/messages?kind=plan.expiring&pageSize=100`)).items as {
        data: { daysBefore: number; validTo: string };
      }[]
    )
      .map((m) => m.data.daysBefore)
      .sort();

  it('R-SUB-5 developer monthly: auto-renew renews at validTo (a paid renew order), reminders 7 and 1 days before; without auto-renew it expires to basic', async () => {
    const auto = await customerOf(server, {
      name: 'Auto',
      email: 'auto@example.com',
      region: 'cn-north-4',
      locale: 'en-US',
    });
    const manual = await customerOf(server, {
      name: 'Manual',
      email: 'manual@example.com',
      region: 'cn-north-4',
      locale: 'en-US',
    });
    // The balance pays the purchase and, at validTo, the auto-renewal.
    const paid = await buy(
      server,
      auto,
      { level: 'developer', term: { unit: 'month', count: 1 }, autoRenew: true },
      { topUp: '52.00' },
    );
    expect(paid).toMatchObject({ autoRenew: true, amount: { amount: '26.00', currency: 'USD' } });
    await buy(server, manual, { level: 'developer', term: { unit: 'month', count: 1 } });
    // R-SUB-8: Huawei validity ends 23:59:59 of E (2026-03-02 + 1 month) in Beijing time.
    const validTo = beijing('2026-04-02T23:59:59');
    for (const c of [auto, manual])
      expect(ok(await c.api.get(`/api/v1/accounts/${c.id}/plan`))).toMatchObject({ level: 'developer', validTo });
    expect(ok(await auto.api.get(`/api/v1/accounts/${auto.id}/plan`)).autoRenew).toBe(true);

    await server.setClock(iso(ms(validTo) - 7 * DAY - 60_000));
    for (const c of [auto, manual]) expect(await expiring(c)).toEqual([]);
    await server.setClock(iso(ms(validTo) - 7 * DAY + 1000));
    for (const c of [auto, manual]) expect(await expiring(c)).toEqual([7]);
    await server.setClock(iso(ms(validTo) - DAY + 1000));
    for (const c of [auto, manual]) expect(await expiring(c)).toEqual([1, 7]);

    await server.setClock(iso(ms(validTo) + 1000));
    const renewals = ok(await auto.api.get(`/api/v1/accounts/${auto.id}/orders?type=renew`));
    expect(renewals.total).toBe(1);
    expect(renewals.items[0]).toMatchObject({
      type: 'renew',
      status: 'paid',
      payment: { method: 'balance', fromBalance: { amount: '26.00' } },
      level: 'developer',
      amount: { amount: '26.00', currency: 'USD' },
      term: { unit: 'month', count: 1 },
      paidAt: validTo,
    });
    expect(ok(await auto.api.get(`/api/v1/accounts/${auto.id}/plan`))).toMatchObject({
      level: 'developer',
      status: 'active',
      validTo: beijing('2026-05-02T23:59:59'),
    });

    expect(ok(await manual.api.get(`/api/v1/accounts/${manual.id}/orders?type=renew`)).total).toBe(0);
    expect(ok(await manual.api.get(`/api/v1/accounts/${manual.id}/plan`))).toMatchObject({
      level: 'basic',
      status: 'active',
    });
    const expired = ok(await manual.api.get(`/api/v1/accounts/${manual.id}/messages?kind=plan.expired`));
    expect(expired.total).toBe(1);
    expect(ok(await auto.api.get(`/api/v1/accounts/${auto.id}/messages?kind=plan.expired`)).total).toBe(0);
  });
});
