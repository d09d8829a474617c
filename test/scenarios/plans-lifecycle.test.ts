/**
 * Plans through the real CLI (`tierdesk serve --test-clock`): Tianyi (ctyun) light bought for 24 months and upgraded
 * to business the same day (SPEC R-SUB-3's worked example, 588,000.00 CNY) and the 7-day no-reason refund
 * (R-SUB-6); Huawei (huaweicloud-intl) developer monthly with auto-renew renewed at validTo with reminders 7 and 1
 * days before, and without auto-renew expiring back to basic (R-SUB-5).
 */
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

async function buy(c: { id: string; api: Client }, body: Record<string, unknown>) {
  const order = ok(
    await c.api.post(`/api/v1/accounts/${c.id}/orders`, { action: 'purchase', agreementAccepted: true, ...body }),
    201,
  );
  return ok(await c.api.post(`/api/v1/orders/${order.id}/pay`));
}

describe('R-SUB scenario: Tianyi (ctyun) through the real CLI', () => {
  let dataDir: string;
  let server: CliServer;

  beforeAll(async () => {
    await ensureBuilt();
    dataDir = await migratedDataDir();
    server = await startCli({ catalog: 'ctyun', dataDir });
    await server.setClock('2026-03-02T10:00:00+08:00');
  }, 300_000);
  afterAll(async () => {
    if (server) expect(await server.stop()).toBe(0);
    if (dataDir) removeDir(dataDir);
  });

  it('R-SUB-3 light for 24 months upgraded to business the same day: quote and order 588000.00 CNY', async () => {
    const c = await customerOf(server, {
      name: '云上商城',
      email: 'ops@shop.example.cn',
      region: 'cn-huadong1',
      locale: 'zh-CN',
    });
    const bought = await buy(c, { level: 'light', term: { unit: 'year', count: 2 } });
    expect(bought).toMatchObject({ type: 'new', status: 'paid', amount: { amount: '12000.00', currency: 'CNY' } });
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
    expect(ok(await c.api.post(`/api/v1/orders/${order.id}/pay`)).status).toBe('paid');
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
    const bought = await buy(c, { level: 'light', term: { unit: 'year', count: 1 } });
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

    const again = await buy(c, { level: 'light', term: { unit: 'year', count: 1 } });
    await server.setClock(iso(ms(again.paidAt) + DAY));
    const next = ok(await c.api.post(`/api/v1/accounts/${c.id}/quotes`, { action: 'unsubscribe' }));
    expect(next).toMatchObject({ noReasonRefund: true, noReasonRefundsRemaining: 2, amount: { amount: '6000.00' } });
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
    const paid = await buy(auto, { level: 'developer', term: { unit: 'month', count: 1 }, autoRenew: true });
    expect(paid).toMatchObject({ autoRenew: true, amount: { amount: '26.00', currency: 'USD' } });
    await buy(manual, { level: 'developer', term: { unit: 'month', count: 1 } });
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
