/**
 * R-SUB and R-ACC-2/3 through the HTTP API on every database kind: buy, pay, upgrade, downgrade, renew,
 * auto-renew, expiry, reminders, unpaid-order expiry, unsubscribe (Huawei reasons, Tianyi 7-day no-reason
 * refunds), balance, sharing, Tianyi linked accounts, partner ticket packs and quota views.
 * Expected money and dates come from the catalog numbers and the independent oracle (test/support/quote-oracle.ts),
 * never from the engine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../support/databases.js';
import { buyPlan, createCustomer, startTestApp, type TestApp } from '../support/harness.js';
import { createStaff, DAY, expectError, HOUR, pay, placeOrder, plusMs, settle, topUp } from '../support/actors.js';
import { addMonths, dayNumber, Fraction, formatMinor } from '../support/quote-oracle.js';

const BEIJING_MS = 8 * HOUR; // Asia/Shanghai has no DST: local = UTC + 8 h
const localDate = (iso: string) => new Date(new Date(iso).getTime() + BEIJING_MS).toISOString().slice(0, 10);
const localTime = (iso: string) => new Date(new Date(iso).getTime() + BEIJING_MS).toISOString().slice(11, 19);
const beijing = (date: string, time: string) => new Date(`${date}T${time}+08:00`).toISOString();
/** R-SUB-8 Huawei family: validity ends 23:59:59 of E. */
const endOfDay = (E: string) => beijing(E, '23:59:59');
/** value × R ÷ T in minor units, half-up once (oracle fractions). */
const share = (minor: bigint, R: number, T: number) => new Fraction(minor * BigInt(R), BigInt(T)).roundHalfUp();
const money2 = (minor: bigint) => formatMinor(minor, 2);

async function now(t: TestApp): Promise<string> {
  return (await t.api.get('/api/v1/test-clock')).body.now as string;
}

/** Moves the clock to the next instant (after now + `minAheadMs`) whose Beijing date/time match. */
async function moveToNext(t: TestApp, match: (date: string) => boolean, time: string, minAheadMs = 0): Promise<string> {
  const from = new Date(new Date(await now(t)).getTime() + minAheadMs);
  for (let i = 0; i < 800; i++) {
    const date = localDate(new Date(from.getTime() + i * DAY).toISOString());
    const at = beijing(date, time);
    if (at > from.toISOString() && match(date)) return t.setClock(at);
  }
  throw new Error('no matching date within 800 days');
}

async function plan(t: TestApp, accountId: string, token?: string) {
  const res = await (token ? t.as(token) : t.api).get(`/api/v1/accounts/${accountId}/plan`);
  expect(res.status).toBe(200);
  return res.body;
}

async function messages(t: TestApp, accountId: string, kind?: string) {
  await settle(t);
  const res = await t.api.get(`/api/v1/accounts/${accountId}/messages?pageSize=100${kind ? `&kind=${kind}` : ''}`);
  expect(res.status).toBe(200);
  return res.body.items as { kind: string; data: Record<string, unknown> }[];
}

async function balance(t: TestApp, accountId: string, token?: string): Promise<string> {
  const res = await (token ? t.as(token) : t.api).get(`/api/v1/accounts/${accountId}/balance`);
  expect(res.status).toBe(200);
  return res.body.balance.amount;
}

describe.each(DB_KINDS)('plans and orders on %s', (kind) => {
  let hw: TestApp;
  let cy: TestApp;
  let is: TestApp;
  let pt: TestApp;
  beforeAll(async () => {
    [hw, cy, is, pt] = await Promise.all([
      startTestApp({ kind }),
      startTestApp({ kind, catalog: 'ctyun' }),
      startTestApp({ kind, catalog: 'isoftstone' }),
      startTestApp({ kind, catalog: 'huaweicloud-partner' }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([hw?.close(), cy?.close(), is?.close(), pt?.close()]);
  });

  describe('R-SUB-2 buy: quote → order → pay → active', () => {
    it('R-SUB-2 R-SUB-8 huaweicloud-intl business for 1 month bought on a 31st at 11:41:23: validTo 23:59:59 of the clamped E', async () => {
      const c = await createCustomer(hw);
      expect(await plan(hw, c.id, c.token)).toMatchObject({ level: 'basic', status: 'active', source: 'own' });
      await moveToNext(hw, (d) => d.endsWith('-31'), '11:41:23');
      const api = hw.as(c.token);
      const body = { action: 'purchase', level: 'business', term: { unit: 'month', count: 1 } } as const;
      const q = await api.post(`/api/v1/accounts/${c.id}/quotes`, body);
      expect(q.status).toBe(200);
      expect(q.body).toMatchObject({
        amount: { amount: '90.00', currency: 'USD' },
        direction: 'charge',
        level: 'business',
      });
      const order = await placeOrder(hw, c.id, body, c.token);
      expect(order).toMatchObject({
        type: 'new',
        status: 'pending_payment',
        amount: { amount: '90.00', currency: 'USD' },
        level: 'business',
      });
      expect(order.number).toMatch(/^\d{8}\d{6,}$/);
      expect(new Date(order.expiresAt!).getTime() - new Date(order.createdAt).getTime()).toBe(24 * HOUR);
      expect((await plan(hw, c.id)).level).toBe('basic'); // nothing changes before payment
      const paid = await pay(hw, order.id, c.token);
      expect(paid.status).toBe('paid');
      const S = localDate(paid.paidAt!);
      const E = addMonths(S, 1);
      expect(Number(E.slice(8))).toBeLessThanOrEqual(31);
      const p = await plan(hw, c.id, c.token);
      expect(p).toMatchObject({
        level: 'business',
        status: 'active',
        source: 'own',
        planAccountId: c.id,
        locked: false,
      });
      expect(p.validFrom).toBe(paid.paidAt);
      expect(p.validTo).toBe(endOfDay(E));
      const orders = await api.get(`/api/v1/accounts/${c.id}/orders`);
      expect(orders.body.items.map((o: { id: string; status: string }) => [o.id, o.status])).toEqual([
        [order.id, 'paid'],
      ]);
      expect((await messages(hw, c.id, 'order.new')).length).toBe(1);
    });

    it('R-SUB-8 ctyun: validity ends at the purchase time of day on E (1 year)', async () => {
      const c = await createCustomer(cy);
      await moveToNext(cy, () => true, '11:08:36');
      const paid = await buyPlan(cy, c.id, 'light');
      expect(paid.amount).toEqual({ amount: '6000.00', currency: 'CNY' });
      const p = await plan(cy, c.id, c.token);
      const S = localDate(paid.paidAt!);
      expect(p.validTo).toBe(beijing(addMonths(S, 12), localTime(paid.paidAt!)));
      expect(localTime(p.validTo!)).toBe('11:08:36');
    });
  });

  describe('R-SUB-3 / R-SUB-4 level changes', () => {
    it('R-SUB-3 upgrade developer → business after 100 days charges 1080 × R/T − 312 × R/T', async () => {
      const c = await createCustomer(hw);
      const bought = await buyPlan(hw, c.id, 'developer');
      expect(bought.amount.amount).toBe('312.00'); // 26 × 12
      const S = localDate(bought.paidAt!);
      const E = addMonths(S, 12);
      await hw.setClock(plusMs(bought.paidAt!, 100 * DAY));
      const D = localDate(await now(hw));
      const T = dayNumber(E) - dayNumber(S);
      const R = dayNumber(E) - dayNumber(D);
      const expected = share(108_000n, R, T) - share(31_200n, R, T);
      const q = await hw.as(c.token).post(`/api/v1/accounts/${c.id}/quotes`, { action: 'upgrade', level: 'business' });
      expect(q.body).toMatchObject({
        direction: 'charge',
        amount: { amount: money2(expected) },
        remainingDays: R,
        totalDays: T,
        fromLevel: 'developer',
        level: 'business',
      });
      const order = await placeOrder(hw, c.id, { action: 'upgrade', level: 'business' }, c.token);
      expect(order).toMatchObject({ type: 'upgrade', status: 'pending_payment', amount: { amount: money2(expected) } });
      expect((await plan(hw, c.id)).level).toBe('developer');
      await pay(hw, order.id, c.token);
      const p = await plan(hw, c.id);
      expect(p).toMatchObject({ level: 'business', status: 'active', validTo: endOfDay(E) });
    });

    it('R-SUB-4 downgrade business → developer after 40 days refunds 1080 × R/T − 312 × R/T to the balance at once', async () => {
      const c = await createCustomer(hw);
      const bought = await buyPlan(hw, c.id, 'business');
      const S = localDate(bought.paidAt!);
      const E = addMonths(S, 12);
      await hw.setClock(plusMs(bought.paidAt!, 40 * DAY + 5 * HOUR));
      const D = localDate(await now(hw));
      const T = dayNumber(E) - dayNumber(S);
      const R = dayNumber(E) - dayNumber(D);
      const expected = share(108_000n, R, T) - share(31_200n, R, T);
      const q = await hw
        .as(c.token)
        .post(`/api/v1/accounts/${c.id}/quotes`, { action: 'downgrade', level: 'developer' });
      expect(q.body).toMatchObject({
        direction: 'refund',
        amount: { amount: money2(expected) },
        remainingDays: R,
        totalDays: T,
      });
      const order = await placeOrder(hw, c.id, { action: 'downgrade', level: 'developer' }, c.token);
      expect(order).toMatchObject({
        type: 'downgrade',
        status: 'refunded',
        direction: 'refund',
        amount: { amount: money2(expected) },
      });
      expect(await balance(hw, c.id, c.token)).toBe(money2(expected));
      expect(await plan(hw, c.id)).toMatchObject({ level: 'developer', validTo: endOfDay(E) });
    });

    it('R-SUB-4 going back to the free default level is an unsubscribe', async () => {
      const c = await createCustomer(hw);
      await buyPlan(hw, c.id, 'developer');
      const res = await hw.as(c.token).post(`/api/v1/accounts/${c.id}/quotes`, { action: 'downgrade', level: 'basic' });
      expect(expectError(res, 409, 'PLAN_CONFLICT').action).toBe('unsubscribe');
    });
  });

  describe('R-SUB-5 renew, auto-renew, reminders, expiry', () => {
    it('R-SUB-5 renewing extends validTo from E by the chosen term at the level price', async () => {
      const c = await createCustomer(hw);
      const bought = await buyPlan(hw, c.id, 'business', { unit: 'month', count: 1 });
      const E = addMonths(localDate(bought.paidAt!), 1);
      await hw.setClock(plusMs(bought.paidAt!, 3 * DAY));
      const body = { action: 'renew', term: { unit: 'month', count: 2 } } as const;
      const q = await hw.as(c.token).post(`/api/v1/accounts/${c.id}/quotes`, body);
      expect(q.body).toMatchObject({ amount: { amount: '180.00' }, direction: 'charge', level: 'business' });
      const order = await placeOrder(hw, c.id, body, c.token);
      expect(order.type).toBe('renew');
      await pay(hw, order.id, c.token);
      const p = await plan(hw, c.id);
      expect(p).toMatchObject({
        level: 'business',
        status: 'active',
        validFrom: bought.paidAt,
        validTo: endOfDay(addMonths(E, 2)),
      });
    });

    it('R-SUB-5 reminders 7 days and 1 day before validTo, in the message center', async () => {
      const c = await createCustomer(hw);
      await buyPlan(hw, c.id, 'developer', { unit: 'month', count: 1 });
      const validTo = (await plan(hw, c.id)).validTo as string;
      await hw.setClock(plusMs(validTo, -7 * DAY - 60_000));
      expect(await messages(hw, c.id, 'plan.expiring')).toEqual([]);
      await hw.setClock(plusMs(validTo, -7 * DAY + 1000));
      const seven = await messages(hw, c.id, 'plan.expiring');
      expect(seven.map((m) => m.data.daysBefore)).toEqual([7]);
      await hw.setClock(plusMs(validTo, -1 * DAY - 1000));
      expect((await messages(hw, c.id, 'plan.expiring')).length).toBe(1);
      await hw.setClock(plusMs(validTo, -1 * DAY + 1000));
      const both = await messages(hw, c.id, 'plan.expiring');
      expect(both.map((m) => m.data.daysBefore).sort()).toEqual([1, 7]);
      expect(both.every((m) => m.data.validTo === validTo)).toBe(true);
    });

    it('R-SUB-5 auto-renew at validTo: a renew order for one unit of the term paid from the balance, validTo extended', async () => {
      const c = await createCustomer(hw);
      const bought = await buyPlan(hw, c.id, 'developer', { unit: 'month', count: 1 });
      await topUp(hw, c.id, '30.00');
      const on = await hw.as(c.token).post(`/api/v1/accounts/${c.id}/plan/auto-renew`, { enabled: true });
      expect(on.status).toBe(200);
      expect(on.body.autoRenew).toBe(true);
      const E = addMonths(localDate(bought.paidAt!), 1);
      const validTo = endOfDay(E);
      await hw.setClock(plusMs(validTo, 60_000));
      const renewals = (await hw.api.get(`/api/v1/accounts/${c.id}/orders?type=renew`)).body.items;
      expect(renewals).toHaveLength(1);
      expect(renewals[0]).toMatchObject({
        status: 'paid',
        amount: { amount: '26.00' },
        term: { unit: 'month', count: 1 },
        level: 'developer',
        payment: { method: 'balance', fromBalance: { amount: '26.00' } },
      });
      expect(renewals[0]!.paidAt).toBe(validTo);
      const balance = (await hw.api.get(`/api/v1/accounts/${c.id}/balance`)).body;
      expect(balance.balance.amount).toBe('4.00');
      expect(balance.entries[0]!).toMatchObject({
        kind: 'order_payment',
        orderId: renewals[0]!.id,
        createdAt: validTo,
      });
      const p = await plan(hw, c.id);
      expect(p).toMatchObject({
        level: 'developer',
        status: 'active',
        autoRenew: true,
        validTo: endOfDay(addMonths(E, 1)),
      });
      expect(await messages(hw, c.id, 'plan.expired')).toEqual([]);
    });

    it('R-SUB-5 issue 11 auto-renew the balance does not cover: no renewal, the plan expires and the notice says why', async () => {
      const c = await createCustomer(hw);
      await buyPlan(hw, c.id, 'developer', { unit: 'month', count: 1 });
      await topUp(hw, c.id, '25.99');
      await hw.as(c.token).post(`/api/v1/accounts/${c.id}/plan/auto-renew`, { enabled: true });
      const validTo = (await plan(hw, c.id)).validTo as string;
      await hw.setClock(plusMs(validTo, 1000));
      expect((await hw.api.get(`/api/v1/accounts/${c.id}/orders?type=renew`)).body.total).toBe(0);
      expect(await plan(hw, c.id)).toMatchObject({ level: 'basic' });
      expect((await hw.api.get(`/api/v1/accounts/${c.id}/balance`)).body.balance.amount).toBe('25.99');
      const expired = await messages(hw, c.id, 'plan.expired');
      expect(expired).toHaveLength(1);
      expect(expired[0]).toMatchObject({ data: { autoRenewFailed: 'insufficient_balance' } });
    });

    it('R-SUB-5 without auto-renew the plan expires at validTo and huaweicloud-intl falls back to basic', async () => {
      const c = await createCustomer(hw);
      await buyPlan(hw, c.id, 'developer', { unit: 'month', count: 1 });
      const validTo = (await plan(hw, c.id)).validTo as string;
      await hw.setClock(plusMs(validTo, -1000));
      expect((await plan(hw, c.id)).level).toBe('developer');
      await hw.setClock(plusMs(validTo, 1000));
      expect(await plan(hw, c.id)).toMatchObject({ level: 'basic', status: 'active', source: 'own' });
      expect((await hw.api.get(`/api/v1/accounts/${c.id}/orders?type=renew`)).body.total).toBe(0);
      expect((await messages(hw, c.id, 'plan.expired')).length).toBe(1);
      // Back on the free level: a purchase is allowed again.
      expect(
        (
          await hw.as(c.token).post(`/api/v1/accounts/${c.id}/quotes`, {
            action: 'purchase',
            level: 'developer',
            term: { unit: 'month', count: 1 },
          })
        ).status,
      ).toBe(200);
    });

    it('R-SUB-5 isoftstone has no default level: after expiry the account has no active plan', async () => {
      const c = await createCustomer(is);
      expect(await plan(is, c.id)).toMatchObject({ level: null, status: 'none' });
      const bought = await buyPlan(is, c.id, 'basic', { unit: 'month', count: 1 });
      expect(bought.amount.amount).toBe('480.00');
      const validTo = (await plan(is, c.id)).validTo as string;
      await is.setClock(plusMs(validTo, 1000));
      const p = await plan(is, c.id, c.token);
      expect(p.status).not.toBe('active');
      expect(p).toMatchObject({ level: null, status: 'expired', entitlements: null });
    });
  });

  describe('R-SUB-5a unpaid orders expire', () => {
    it('R-SUB-5a an order unpaid after 24 h is cancelled with reason expired', async () => {
      const c = await createCustomer(hw);
      const order = await placeOrder(
        hw,
        c.id,
        { action: 'purchase', level: 'developer', term: { unit: 'month', count: 1 } },
        c.token,
      );
      await hw.setClock(plusMs(order.createdAt, 24 * HOUR - 1000));
      expect((await hw.as(c.token).get(`/api/v1/orders/${order.id}`)).body.status).toBe('pending_payment');
      await hw.setClock(plusMs(order.createdAt, 24 * HOUR + 1000));
      const got = (await hw.as(c.token).get(`/api/v1/orders/${order.id}`)).body;
      expect(got).toMatchObject({ status: 'cancelled', cancelReason: 'expired', cancelledAt: order.expiresAt });
      expect((await plan(hw, c.id)).level).toBe('basic');
    });
  });

  describe('R-SUB-6 unsubscribe', () => {
    const REASONS = [
      'wrong_parameters',
      'over_purchased',
      'testing_finished',
      'hard_to_use',
      'not_meeting_needs',
      'unrepairable_fault',
      'other',
    ];

    it('R-SUB-6 huaweicloud-intl offers the seven reasons of seed 001 §5', async () => {
      const cat = (await hw.api.get('/api/v1/catalog')).body;
      expect(cat.unsubscribeReasons.map((r: { id: string }) => r.id)).toEqual(REASONS);
    });

    it('R-SUB-6 "other" needs a text; an unknown reason is refused', async () => {
      const c = await createCustomer(hw);
      await buyPlan(hw, c.id, 'business');
      const api = hw.as(c.token);
      const other = await api.post(`/api/v1/accounts/${c.id}/orders`, {
        action: 'unsubscribe',
        reason: 'other',
        agreementAccepted: true,
      });
      expect(expectError(other, 400, 'VALIDATION_FAILED').issues.map((i: { path: string }) => i.path)).toEqual([
        'body.reasonText',
      ]);
      const blank = await api.post(`/api/v1/accounts/${c.id}/orders`, {
        action: 'unsubscribe',
        reason: 'other',
        reasonText: '   ',
        agreementAccepted: true,
      });
      expectError(blank, 400, 'VALIDATION_FAILED');
      const unknown = await api.post(`/api/v1/accounts/${c.id}/orders`, {
        action: 'unsubscribe',
        reason: 'too_expensive',
        agreementAccepted: true,
      });
      expect(expectError(unknown, 400, 'VALIDATION_FAILED').issues.map((i: { path: string }) => i.path)).toEqual([
        'body.reason',
      ]);
      const none = await api.post(`/api/v1/accounts/${c.id}/orders`, {
        action: 'unsubscribe',
        agreementAccepted: true,
      });
      expectError(none, 400, 'VALIDATION_FAILED');
      expect((await plan(hw, c.id)).level).toBe('business');
      const ok = await api.post(`/api/v1/accounts/${c.id}/orders`, {
        action: 'unsubscribe',
        reason: 'other',
        reasonText: 'moving to another region',
        agreementAccepted: true,
      });
      expect(ok.status).toBe(201);
      expect(ok.body).toMatchObject({
        type: 'unsubscribe',
        status: 'refunded',
        reason: 'other',
        reasonText: 'moving to another region',
      });
    });

    it.each(REASONS.slice(0, 6))(
      'R-SUB-6 unsubscribe with reason %s: paid, consumed, fee, refund pro rata to the balance; back to basic',
      async (reason) => {
        const c = await createCustomer(hw);
        const bought = await buyPlan(hw, c.id, 'business');
        const S = localDate(bought.paidAt!);
        const E = addMonths(S, 12);
        await hw.setClock(plusMs(bought.paidAt!, 17 * DAY));
        const D = localDate(await now(hw));
        const T = dayNumber(E) - dayNumber(S);
        const R = dayNumber(E) - dayNumber(D);
        const refund = share(108_000n, R, T);
        const q = await hw.as(c.token).post(`/api/v1/accounts/${c.id}/quotes`, { action: 'unsubscribe' });
        expect(q.body).toMatchObject({
          direction: 'refund',
          amount: { amount: money2(refund) },
          paid: { amount: '1080.00' },
          consumed: { amount: money2(108_000n - refund) },
          fee: { amount: '0.00' },
          remainingDays: R,
          totalDays: T,
        });
        expect(q.body.noReasonRefundsRemaining).toBeUndefined();
        const order = await placeOrder(hw, c.id, { action: 'unsubscribe', reason }, c.token);
        expect(order).toMatchObject({
          type: 'unsubscribe',
          status: 'refunded',
          amount: { amount: money2(refund) },
          reason,
        });
        expect(await balance(hw, c.id, c.token)).toBe(money2(refund));
        expect(await plan(hw, c.id)).toMatchObject({ level: 'basic', status: 'active' });
        // The unsubscribed plan is gone: nothing to unsubscribe twice.
        expectError(
          await hw.as(c.token).post(`/api/v1/accounts/${c.id}/quotes`, { action: 'unsubscribe' }),
          409,
          'PLAN_CONFLICT',
        );
      },
    );

    it('R-SUB-8 seed 001 §5: unsubscribed the day it was bought, business 90 USD for 1 month refunds 90.00 (consumed 0.00)', async () => {
      const c = await createCustomer(hw);
      await moveToNext(hw, () => true, '11:41:23');
      await buyPlan(hw, c.id, 'business', { unit: 'month', count: 1 });
      await hw.setClock(plusMs(await now(hw), 2 * HOUR));
      const q = await hw.as(c.token).post(`/api/v1/accounts/${c.id}/quotes`, { action: 'unsubscribe' });
      expect(q.body).toMatchObject({
        amount: { amount: '90.00' },
        paid: { amount: '90.00' },
        consumed: { amount: '0.00' },
        fee: { amount: '0.00' },
      });
      const order = await placeOrder(hw, c.id, { action: 'unsubscribe', reason: 'testing_finished' }, c.token);
      expect(order.amount.amount).toBe('90.00');
      expect(await balance(hw, c.id)).toBe('90.00');
    });

    it('R-SUB-6 isoftstone falls back to no plan after an unsubscribe', async () => {
      const c = await createCustomer(is);
      await buyPlan(is, c.id, 'basic', { unit: 'month', count: 1 });
      const order = await placeOrder(
        is,
        c.id,
        { action: 'unsubscribe', reason: (await is.api.get('/api/v1/catalog')).body.unsubscribeReasons[0]!.id },
        c.token,
      );
      expect(order.amount.amount).toBe('480.00'); // same day: R = T
      // R-SUB-6: validTo becomes the unsubscribe instant.
      expect(await plan(is, c.id)).toMatchObject({
        level: null,
        status: 'unsubscribed',
        entitlements: null,
        validTo: order.refundedAt,
      });
    });
  });

  describe('R-SUB-6 Tianyi 7-day no-reason refunds: 100% within 7×24 h of payment, 3 per account', () => {
    it('R-SUB-6 three full refunds, the quote counting down; the fourth is pro rata', async () => {
      const c = await createCustomer(cy);
      const api = cy.as(c.token);
      let credited = 0n;
      for (const remaining of [3, 2, 1]) {
        const bought = await buyPlan(cy, c.id, 'light');
        await cy.setClock(plusMs(bought.paidAt!, 2 * DAY));
        const q = await api.post(`/api/v1/accounts/${c.id}/quotes`, { action: 'unsubscribe' });
        expect(q.body).toMatchObject({
          noReasonRefundsRemaining: remaining,
          noReasonRefund: true,
          amount: { amount: '6000.00' },
          consumed: { amount: '0.00' },
        });
        const order = await placeOrder(cy, c.id, { action: 'unsubscribe', reason: 'wrong_parameters' }, c.token);
        expect(order.amount.amount).toBe('6000.00');
        credited += 600_000n;
        expect(await balance(cy, c.id)).toBe(money2(credited));
        await cy.setClock(plusMs(await now(cy), HOUR));
      }
      const bought = await buyPlan(cy, c.id, 'light');
      await cy.setClock(plusMs(bought.paidAt!, 2 * DAY));
      const S = localDate(bought.paidAt!);
      const E = addMonths(S, 12);
      const D = localDate(await now(cy));
      const prorata = share(600_000n, dayNumber(E) - dayNumber(D), dayNumber(E) - dayNumber(S));
      const q = await api.post(`/api/v1/accounts/${c.id}/quotes`, { action: 'unsubscribe' });
      expect(q.body).toMatchObject({
        noReasonRefundsRemaining: 0,
        noReasonRefund: false,
        amount: { amount: money2(prorata) },
      });
      expect(prorata < 600_000n).toBe(true);
      await placeOrder(cy, c.id, { action: 'unsubscribe', reason: 'wrong_parameters' }, c.token);
      expect(await balance(cy, c.id)).toBe(money2(credited + prorata));
    });

    it('R-SUB-6 after 7×24 h the pro-rata rule applies and no refund is used up', async () => {
      const c = await createCustomer(cy);
      const bought = await buyPlan(cy, c.id, 'business');
      await cy.setClock(plusMs(bought.paidAt!, 7 * DAY - 1000));
      const within = await cy.as(c.token).post(`/api/v1/accounts/${c.id}/quotes`, { action: 'unsubscribe' });
      expect(within.body).toMatchObject({ noReasonRefund: true, amount: { amount: '300000.00' } });
      await cy.setClock(plusMs(bought.paidAt!, 7 * DAY + 1000));
      const S = localDate(bought.paidAt!);
      const E = addMonths(S, 12);
      const D = localDate(await now(cy));
      const prorata = share(30_000_000n, dayNumber(E) - dayNumber(D), dayNumber(E) - dayNumber(S));
      const after = await cy.as(c.token).post(`/api/v1/accounts/${c.id}/quotes`, { action: 'unsubscribe' });
      expect(after.body).toMatchObject({
        noReasonRefund: false,
        noReasonRefundsRemaining: 3,
        amount: { amount: money2(prorata) },
      });
      await placeOrder(cy, c.id, { action: 'unsubscribe', reason: 'features_insufficient' }, c.token);
      const again = await buyPlan(cy, c.id, 'light');
      await cy.setClock(plusMs(again.paidAt!, HOUR));
      const q = await cy.as(c.token).post(`/api/v1/accounts/${c.id}/quotes`, { action: 'unsubscribe' });
      expect(q.body).toMatchObject({
        noReasonRefundsRemaining: 3,
        noReasonRefund: true,
        amount: { amount: '6000.00' },
      });
    });

    it('R-SUB-6 a term that ended long ago does not spoil the 7-day window of a new purchase', async () => {
      const c = await createCustomer(cy);
      const first = await buyPlan(cy, c.id, 'light');
      const validTo = (await plan(cy, c.id)).validTo as string;
      expect(validTo > first.paidAt!).toBe(true);
      await cy.setClock(plusMs(validTo, DAY));
      expect((await plan(cy, c.id)).level).toBe('standard');
      const second = await buyPlan(cy, c.id, 'light');
      await cy.setClock(plusMs(second.paidAt!, DAY));
      const q = await cy.as(c.token).post(`/api/v1/accounts/${c.id}/quotes`, { action: 'unsubscribe' });
      expect(q.body).toMatchObject({
        noReasonRefund: true,
        noReasonRefundsRemaining: 3,
        amount: { amount: '6000.00' },
        paid: { amount: '6000.00' },
      });
    });
  });

  describe('R-ACC-2 sharing (custody masters, one switch for all subs)', () => {
    it('R-ACC-2 a custody master shares with its custody subs; independent subs keep their own; a shared sub cannot buy', async () => {
      const master = await createCustomer(hw);
      const base = { region: master.account.region, timeZone: 'Asia/Shanghai', locale: 'en-US', parentId: master.id };
      const custody = await createCustomer(hw, { ...base, name: 'Custody', financeMode: 'custody' });
      const custody2 = await createCustomer(hw, { ...base, name: 'Custody 2', financeMode: 'custody' });
      const independent = await createCustomer(hw, { ...base, name: 'Independent', financeMode: 'independent' });
      await buyPlan(hw, master.id, 'business');
      const on = await hw.as(master.token).post(`/api/v1/accounts/${master.id}/sharing`, { enabled: true });
      expect(on.status).toBe(200);
      expect([...on.body.sharedWith].sort()).toEqual([custody.id, custody2.id].sort());
      for (const sub of [custody, custody2]) {
        expect(await plan(hw, sub.id, sub.token)).toMatchObject({
          level: 'business',
          source: 'shared',
          planAccountId: master.id,
          status: 'active',
        });
      }
      expect(await plan(hw, independent.id, independent.token)).toMatchObject({ level: 'basic', source: 'own' });
      // An independent sub (or any sub) cannot share.
      expectError(
        await hw.as(independent.token).post(`/api/v1/accounts/${independent.id}/sharing`, { enabled: true }),
        409,
        'PLAN_CONFLICT',
      );
      // A custody sub under sharing cannot buy its own plan (one plan per account).
      const buy = await hw.as(custody.token).post(`/api/v1/accounts/${custody.id}/orders`, {
        action: 'purchase',
        level: 'developer',
        term: { unit: 'month', count: 1 },
        agreementAccepted: true,
      });
      expect(expectError(buy, 409, 'PLAN_CONFLICT').masterAccountId).toBe(master.id);
      // The independent sub buys its own.
      expect(
        (
          await hw.as(independent.token).post(`/api/v1/accounts/${independent.id}/orders`, {
            action: 'purchase',
            level: 'developer',
            term: { unit: 'month', count: 1 },
            agreementAccepted: true,
          })
        ).status,
      ).toBe(201);
      // One switch off: every custody sub is back on its own plan.
      expect((await hw.as(master.token).post(`/api/v1/accounts/${master.id}/sharing`, { enabled: false })).status).toBe(
        200,
      );
      expect(await plan(hw, custody.id)).toMatchObject({ level: 'basic', source: 'own' });
    });

    it('R-ACC-2 a single account (no subs) and a master without a paid plan cannot share', async () => {
      const single = await createCustomer(hw);
      await buyPlan(hw, single.id, 'business');
      expectError(
        await hw.as(single.token).post(`/api/v1/accounts/${single.id}/sharing`, { enabled: true }),
        409,
        'PLAN_CONFLICT',
      );
      const master = await createCustomer(hw);
      await createCustomer(hw, {
        region: master.account.region,
        parentId: master.id,
        financeMode: 'custody',
        locale: 'en-US',
      });
      expectError(
        await hw.as(master.token).post(`/api/v1/accounts/${master.id}/sharing`, { enabled: true }),
        409,
        'PLAN_CONFLICT',
      );
    });
  });

  describe('R-ACC-3 Tianyi linked accounts', () => {
    it('R-ACC-3 staff links at once, a customer link waits for approval; linked accounts are served under the owner’s level and see none of its data', async () => {
      const owner = await createCustomer(cy);
      await buyPlan(cy, owner.id, 'business');
      const l1 = await createCustomer(cy);
      const l2 = await createCustomer(cy);
      const staff = await createStaff(cy, 'billing_operator');
      const byStaff = await cy
        .as(staff.token)
        .post(`/api/v1/accounts/${owner.id}/linked-accounts`, { accountId: l1.id });
      expect(byStaff.status).toBe(201);
      expect(byStaff.body).toMatchObject({ status: 'approved', ownerAccountId: owner.id, accountId: l1.id });
      const byCustomer = await cy
        .as(owner.token)
        .post(`/api/v1/accounts/${owner.id}/linked-accounts`, { accountId: l2.id });
      expect(byCustomer.body.status).toBe('pending');
      expect(await plan(cy, l1.id, l1.token)).toMatchObject({ level: 'business', source: 'linked', status: 'active' });
      expect(await plan(cy, l2.id, l2.token)).toMatchObject({ level: 'standard', source: 'own' });
      const quota = (await plan(cy, owner.id, owner.token)).quotas.find(
        (q: { quota: string }) => q.quota === 'linked_accounts',
      );
      expect(quota).toMatchObject({ limit: 3, used: 2, remaining: 1 });
      const approved = await cy.as(staff.token).post(`/api/v1/linked-accounts/${byCustomer.body.id}/approve`);
      expect(approved.body.status).toBe('approved');
      expect(await plan(cy, l2.id, l2.token)).toMatchObject({ level: 'business', source: 'linked' });
      // R-ACC-3: a linked account never sees the plan owner's data.
      expectError(await cy.as(l1.token).get(`/api/v1/accounts/${owner.id}/plan`), 404, 'NOT_FOUND');
      expectError(await cy.as(l1.token).get(`/api/v1/accounts/${owner.id}/orders`), 404, 'NOT_FOUND');
      // Removing the link ends it.
      const removed = await cy
        .as(owner.token)
        .delete(`/api/v1/accounts/${owner.id}/linked-accounts/${byStaff.body.id}`);
      expect(removed.body.status).toBe('removed');
      expect(await plan(cy, l1.id)).toMatchObject({ level: 'standard', source: 'own' });
    });
  });

  describe('R-CAT-4 quotas', () => {
    it('R-CAT-4 huaweicloud-intl basic: 3 technical tickets in total (lifetime)', async () => {
      const c = await createCustomer(hw);
      const p = await plan(hw, c.id, c.token);
      expect(p.quotas.find((q: { quota: string }) => q.quota === 'technical_tickets')).toEqual({
        quota: 'technical_tickets',
        limit: 3,
        used: 0,
        remaining: 3,
        period: 'lifetime',
      });
    });

    it('R-CAT-4 partner standard: a ticket pack raises the month’s limit from 30 by 10 for the purchase month only', async () => {
      const c = await createCustomer(pt);
      await buyPlan(pt, c.id, 'standard');
      const month = localDate(await now(pt)).slice(0, 7);
      const before = (await plan(pt, c.id)).quotas.find((q: { quota: string }) => q.quota === 'technical_tickets');
      expect(before).toEqual({ quota: 'technical_tickets', limit: 30, used: 0, remaining: 30, period: month });
      const order = await pt
        .as(c.token)
        .post(`/api/v1/accounts/${c.id}/add-ons`, { type: 'ticket_pack', count: 2, agreementAccepted: true });
      expect(order.status).toBe(201);
      expect(order.body).toMatchObject({
        type: 'add_on',
        status: 'pending_payment',
        amount: { amount: '2000.00', currency: 'CNY' },
        addOn: { type: 'ticket_pack', count: 2 },
      });
      expect((await plan(pt, c.id)).quotas.find((q: { quota: string }) => q.quota === 'technical_tickets')!.limit).toBe(
        30,
      );
      await pay(pt, order.body.id, c.token);
      expect(
        (await plan(pt, c.id)).quotas.find((q: { quota: string }) => q.quota === 'technical_tickets'),
      ).toMatchObject({ limit: 50, remaining: 50, period: month });
      // The 1st of next month, 00:00:30 Beijing time: back to 30.
      const [y, m] = month.split('-').map(Number) as [number, number];
      const next = `${m === 12 ? y + 1 : y}-${String(m === 12 ? 1 : m + 1).padStart(2, '0')}`;
      await pt.setClock(beijing(`${next}-01`, '00:00:30'));
      expect((await plan(pt, c.id)).quotas.find((q: { quota: string }) => q.quota === 'technical_tickets')).toEqual({
        quota: 'technical_tickets',
        limit: 30,
        used: 0,
        remaining: 30,
        period: next,
      });
    });
  });
});
