/**
 * R-SR-1…5, R-SUB-7 and R-TKT-3 (protection windows) through HTTP for every shipped vendor, on both databases:
 * the allowances of SPEC Appendix B as the customer meets them (apply, refusals with their error codes, quotas in
 * GET /plan, allowances given back on rejection and withdrawal, the subscription-year rollover), the order lock of
 * the vendors whose seeds have one (huaweicloud-intl, isoftstone) and its absence at the others (partner, ctyun),
 * Tianyi's proactive checks, and the ticket targets inside protection windows. test/http/service-requests.test.ts
 * holds the huaweicloud-intl workflow basics; this file does not repeat them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, pay, quotasOf, serviceRequestInput, type QuotaRow } from '../support/actors.js';
import { DB_KINDS } from '../support/databases.js';
import { newStaff } from '../support/tickets.js';
import { ok } from '../support/replies.js';
import type { OrderInput, ServiceRequestInput, TicketInput } from '../support/api-types.js';
import { buyPlan, createCustomer, startTestApp, type TestApp } from '../support/harness.js';

const sr = serviceRequestInput;

const quotas = (t: TestApp, c: { id: string; token: string }) => quotasOf(t, c.id, c.token);

/** A staff user; a support engineer has a handler grade of the catalog (the most senior here). */
const staffUser = (t: TestApp, role: 'tam' | 'support_engineer') =>
  newStaff(t, role, role === 'support_engineer' ? t.app.catalog.def.handlers.at(-1)!.id : undefined);

async function order(t: TestApp, c: { id: string; token: string }, body: OrderInput) {
  return t.as(c.token).post(`/api/v1/accounts/${c.id}/orders`, { agreementAccepted: true, ...body });
}

describe.each(DB_KINDS)('service requests, isoftstone (%s)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ kind, catalog: 'isoftstone' });
  });
  afterAll(async () => t?.close());

  it('seed 002 §5.8 专属级 "每年1次1个自然日", 包年 only: one 1-day application a year; 2 days → DURATION_NOT_ALLOWED; a monthly purchase → NOT_ENTITLED; R-SUB-7 locked, yet an upgrade to VIP goes through', async () => {
    await t.setClock('2026-03-02T10:00:00+08:00'); // Monday
    const c = await createCustomer(t);
    await buyPlan(t, c.id, 'dedicated', { unit: 'year', count: 1 });
    const ep = (start: string, days: number) => sr(c.id, 'event_protection', start, days, { scenario: 'promotion' });
    expect(
      expectError(
        await t.as(c.token).post('/api/v1/service-requests', ep('2026-03-20', 2)),
        422,
        'DURATION_NOT_ALLOWED',
      ),
    ).toMatchObject({ maxDays: 1 });
    const one = ok(await t.as(c.token).post('/api/v1/service-requests', ep('2026-03-20', 1)), 201);
    expect(one).toMatchObject({
      status: 'submitted',
      start: '2026-03-20',
      end: '2026-03-20',
      days: 1,
      lockedOrder: true,
      warnings: [],
    });
    expect(
      expectError(await t.as(c.token).post('/api/v1/service-requests', ep('2026-05-20', 1)), 409, 'QUOTA_EXCEEDED'),
    ).toMatchObject({ quota: 'service:event_protection', limit: 1, used: 1 });
    // seed 002 §5.4/§5.5: the availability check and resource monitoring are VIP only.
    expect(
      expectError(
        await t.as(c.token).post('/api/v1/service-requests', sr(c.id, 'availability_check', '2026-03-20', 1)),
        403,
        'NOT_ENTITLED',
      ),
    ).toMatchObject({ reason: 'not_in_level' });

    const monthly = await createCustomer(t);
    await buyPlan(t, monthly.id, 'dedicated', { unit: 'month', count: 3 });
    const refused = await t
      .as(monthly.token)
      .post('/api/v1/service-requests', sr(monthly.id, 'event_protection', '2026-03-20', 1, { scenario: 'promotion' }));
    expect(expectError(refused, 403, 'NOT_ENTITLED')).toMatchObject({
      entitlement: 'service:event_protection',
      reason: 'condition_not_met',
    });
    // A refused application locks nothing: the monthly order can still be unsubscribed.
    expect((await t.as(monthly.token).get(`/api/v1/accounts/${monthly.id}/plan`)).body.locked).toBe(false);
    expect(
      (await t.as(monthly.token).post(`/api/v1/accounts/${monthly.id}/quotes`, { action: 'unsubscribe' })).status,
    ).toBe(200);
    // seed 002 §5.8 "客户一旦申请该限额增值服务，将无法退订或降级当期支持计划订单".
    expectError(
      await t.as(c.token).post(`/api/v1/accounts/${c.id}/quotes`, { action: 'downgrade', level: 'basic' }),
      409,
      'ORDER_LOCKED',
    );
    expectError(await order(t, c, { action: 'unsubscribe', reason: 'testing_finished' }), 409, 'ORDER_LOCKED');
    // R-SUB-3 / R-SUB-7: an upgrade stays allowed under the lock (quote, order, payment).
    expect(
      (await t.as(c.token).post(`/api/v1/accounts/${c.id}/quotes`, { action: 'upgrade', level: 'vip' })).status,
    ).toBe(200);
    const upgrade = ok(await order(t, c, { action: 'upgrade', level: 'vip' }), 201);
    expect((await pay(t, upgrade.id, c.token)).status).toBe('paid');
    expect((await t.as(c.token).get(`/api/v1/accounts/${c.id}/plan`)).body).toMatchObject({
      level: 'vip',
      locked: true,
    });
  });

  it('seed 002 §5.4/§5.5 VIP 包年: availability check and resource monitoring once a year each, 3 working days ahead; R-SUB-7 the order stays locked after a withdrawal and a rejection', async () => {
    await t.setClock('2026-03-09T10:00:00+08:00'); // Monday
    const c = await createCustomer(t);
    await buyPlan(t, c.id, 'vip', { unit: 'year', count: 1 });
    const early = await t.as(c.token).post('/api/v1/service-requests', sr(c.id, 'availability_check', '2026-03-11', 1));
    expect(expectError(early, 422, 'LEAD_TIME_TOO_SHORT')).toMatchObject({ earliestStart: '2026-03-12' });
    expect((await t.as(c.token).get(`/api/v1/accounts/${c.id}/plan`)).body.locked).toBe(false); // a refused application locks nothing
    const check = ok(
      await t.as(c.token).post('/api/v1/service-requests', sr(c.id, 'availability_check', '2026-03-12', 1)),
      201,
    );
    expect(check.lockedOrder).toBe(true);
    expect(
      expectError(
        await t.as(c.token).post('/api/v1/service-requests', sr(c.id, 'availability_check', '2026-06-12', 1)),
        409,
        'QUOTA_EXCEEDED',
      ),
    ).toMatchObject({
      quota: 'service:availability_check',
      limit: 1,
      used: 1,
    });
    const monitoring = ok(
      await t.as(c.token).post('/api/v1/service-requests', sr(c.id, 'resource_monitoring', '2026-03-12', 1)),
      201,
    );
    expectError(
      await t.as(c.token).post('/api/v1/service-requests', sr(c.id, 'resource_monitoring', '2026-06-12', 1)),
      409,
      'QUOTA_EXCEEDED',
    );
    // seed 002 §5.8 VIP "每年累计3个自然日": 2 + 2 > 3.
    const ep = ok(
      await t
        .as(c.token)
        .post('/api/v1/service-requests', sr(c.id, 'event_protection', '2026-04-01', 2, { scenario: 'holiday_peak' })),
      201,
    );
    expect(
      expectError(
        await t
          .as(c.token)
          .post(
            '/api/v1/service-requests',
            sr(c.id, 'event_protection', '2026-05-01', 2, { scenario: 'holiday_peak' }),
          ),
        409,
        'QUOTA_EXCEEDED',
      ),
    ).toMatchObject({
      limit: 3,
      used: 2,
    });

    let q = await quotas(t, c);
    expect(q['service:event_protection']).toMatchObject({ limit: 3, used: 2, remaining: 1, period: 'Y1@2026-03-09' });
    expect(q['service:availability_check']).toMatchObject({ limit: 1, used: 1, remaining: 0, period: 'Y1@2026-03-09' });
    expect(q['service:resource_monitoring']).toMatchObject({
      limit: 1,
      used: 1,
      remaining: 0,
      period: 'Y1@2026-03-09',
    });

    // R-SR-2 given back when withdrawn (customer) or rejected (staff); R-SUB-7 the lock stays.
    expect((await t.as(c.token).post(`/api/v1/service-requests/${monitoring.id}/withdraw`, {})).body.status).toBe(
      'withdrawn',
    );
    expect(
      (await t.api.post(`/api/v1/service-requests/${ep.id}/reject`, { reason: 'no capacity that week' })).body,
    ).toMatchObject({ status: 'rejected', rejectReason: 'no capacity that week' });
    q = await quotas(t, c);
    expect(q['service:event_protection']).toMatchObject({ used: 0, remaining: 3 });
    expect(q['service:resource_monitoring']).toMatchObject({ used: 0, remaining: 1 });
    ok(
      await t
        .as(c.token)
        .post('/api/v1/service-requests', sr(c.id, 'event_protection', '2026-05-01', 3, { scenario: 'holiday_peak' })),
      201,
    );
    ok(await t.as(c.token).post('/api/v1/service-requests', sr(c.id, 'resource_monitoring', '2026-06-12', 1)), 201);
    // A withdrawal only before processing; the availability check is being processed.
    await t.api.post(`/api/v1/service-requests/${check.id}/accept`, {});
    expectError(await t.as(c.token).post(`/api/v1/service-requests/${check.id}/withdraw`, {}), 409, 'INVALID_STATE');

    const plan = await t.as(c.token).get(`/api/v1/accounts/${c.id}/plan`);
    expect(plan.body.locked).toBe(true);
    expectError(
      await t.as(c.token).post(`/api/v1/accounts/${c.id}/quotes`, { action: 'downgrade', level: 'dedicated' }),
      409,
      'ORDER_LOCKED',
    );
    expectError(await order(t, c, { action: 'downgrade', level: 'dedicated' }), 409, 'ORDER_LOCKED');
    expectError(await order(t, c, { action: 'unsubscribe', reason: 'testing_finished' }), 409, 'ORDER_LOCKED');
  });

  it('R-TKT-3 seed 002 §5.8 "事件响应时长小于10分钟": in an approved VIP protection window a production_down ticket gets 10 minutes, not 30', async () => {
    await t.setClock('2026-03-10T10:00:00+08:00');
    const c = await createCustomer(t);
    await buyPlan(t, c.id, 'vip', { unit: 'year', count: 1 });
    const ep = ok(
      await t
        .as(c.token)
        .post(
          '/api/v1/service-requests',
          sr(c.id, 'event_protection', '2026-03-30', 1, { scenario: 'product_launch' }),
        ),
      201,
    );
    const tam = await staffUser(t, 'tam');
    expect((await t.as(tam.token).post(`/api/v1/service-requests/${ep.id}/accept`, {})).body).toMatchObject({
      status: 'processing',
      assigneeId: tam.userId,
    });
    const ticket: TicketInput = {
      accountId: c.id,
      category: 'technical',
      severity: 'production_down',
      subject: 'down',
      description: 'd',
    };
    await t.setClock('2026-03-29T23:00:00+08:00'); // the day before
    expect((await t.api.post('/api/v1/tickets', ticket)).body.sla.target).toBe('PT30M');
    await t.setClock('2026-03-30T10:00:00+08:00');
    expect((await t.api.post('/api/v1/tickets', ticket)).body.sla).toMatchObject({
      target: 'PT10M',
      adjustment: { reason: 'event_protection' },
    });
    await t.setClock('2026-03-31T00:00:00+08:00'); // the window was one day
    expect((await t.api.post('/api/v1/tickets', ticket)).body.sla.target).toBe('PT30M');
  });

  it('R-SR-2 subscription years: 12 months after the anchor usage starts again, kept through a continuous renewal; R-SUB-7 the lock ends with its term', async () => {
    await t.setClock('2026-04-01T10:00:00+08:00'); // Wednesday before 清明
    const c = await createCustomer(t);
    await buyPlan(t, c.id, 'vip', { unit: 'year', count: 1 });
    const renew = ok(await order(t, c, { action: 'renew', term: { unit: 'year', count: 1 } }), 201);
    expect((await pay(t, renew.id, c.token)).status).toBe('paid');
    // 3 working days from Wed 04-01: Thu, Fri, then 清明 04-04..06 → Tuesday 04-07.
    expectError(
      await t.as(c.token).post('/api/v1/service-requests', sr(c.id, 'availability_check', '2026-04-06', 1)),
      422,
      'LEAD_TIME_TOO_SHORT',
    );
    ok(await t.as(c.token).post('/api/v1/service-requests', sr(c.id, 'availability_check', '2026-04-07', 1)), 201);
    expect((await quotas(t, c))['service:availability_check']).toMatchObject({
      used: 1,
      remaining: 0,
      period: 'Y1@2026-04-01',
    });

    await t.setClock('2027-03-31T10:00:00+08:00'); // still the first subscription year
    expectError(
      await t.as(c.token).post('/api/v1/service-requests', sr(c.id, 'availability_check', '2027-04-20', 1)),
      409,
      'QUOTA_EXCEEDED',
    );
    expect((await t.as(c.token).get(`/api/v1/accounts/${c.id}/plan`)).body.locked).toBe(true);

    await t.setClock('2027-04-01T10:00:00+08:00'); // the anniversary: the renewal term, subscription year 2
    const plan = await t.as(c.token).get(`/api/v1/accounts/${c.id}/plan`);
    expect(plan.body).toMatchObject({ level: 'vip', status: 'active', locked: false });
    const q = Object.fromEntries((plan.body.quotas as QuotaRow[]).map((x) => [x.quota, x]));
    expect(q['service:availability_check']).toMatchObject({ limit: 1, used: 0, remaining: 1, period: 'Y2@2026-04-01' });
    expect(q['service:event_protection']).toMatchObject({ limit: 3, used: 0, period: 'Y2@2026-04-01' });
    expect(
      (await t.as(c.token).post(`/api/v1/accounts/${c.id}/quotes`, { action: 'downgrade', level: 'dedicated' })).status,
    ).toBe(200);
    ok(await t.as(c.token).post('/api/v1/service-requests', sr(c.id, 'availability_check', '2027-04-20', 1)), 201);
    expect((await t.as(c.token).get(`/api/v1/accounts/${c.id}/plan`)).body.locked).toBe(true);
  });
});

describe.each(DB_KINDS)('service requests, huaweicloud-partner (%s)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ kind, catalog: 'huaweicloud-partner' });
  });
  afterAll(async () => t?.close());

  it('seed 003 §5.3/§5.4 尊享级 包年: 8 natural days of key-event protection and 8 working days of consulting a year; neither locks (R-SUB-7), so unsubscribing works', async () => {
    await t.setClock('2026-03-02T10:00:00+08:00'); // Monday
    const c = await createCustomer(t);
    await buyPlan(t, c.id, 'premium', { unit: 'year', count: 1 });
    const ep = (start: string, days: number) =>
      sr(c.id, 'event_protection', start, days, { scenario: 'marketing_event' });
    expect(
      expectError(
        await t.as(c.token).post('/api/v1/service-requests', ep('2026-03-06', 1)),
        422,
        'LEAD_TIME_TOO_SHORT',
      ),
    ).toMatchObject({ earliestStart: '2026-03-09' });
    expect(ok(await t.as(c.token).post('/api/v1/service-requests', ep('2026-03-09', 5)), 201)).toMatchObject({
      end: '2026-03-13',
      lockedOrder: false,
      warnings: [],
    });
    ok(await t.as(c.token).post('/api/v1/service-requests', ep('2026-03-21', 3)), 201);
    expect(
      expectError(await t.as(c.token).post('/api/v1/service-requests', ep('2026-04-01', 1)), 409, 'QUOTA_EXCEEDED'),
    ).toMatchObject({ quota: 'service:event_protection', limit: 8, used: 8 });

    const consult = (start: string, days: number) => sr(c.id, 'architecture_consulting', start, days);
    expect(ok(await t.as(c.token).post('/api/v1/service-requests', consult('2026-03-05', 5)), 201)).toMatchObject({
      end: '2026-03-11',
      lockedOrder: false,
    });
    const second = ok(await t.as(c.token).post('/api/v1/service-requests', consult('2026-03-16', 3)), 201);
    expect(second.end).toBe('2026-03-18');
    expect(
      expectError(
        await t.as(c.token).post('/api/v1/service-requests', consult('2026-03-23', 1)),
        409,
        'QUOTA_EXCEEDED',
      ),
    ).toMatchObject({ quota: 'service:architecture_consulting', limit: 8, used: 8 });
    await t.api.post(`/api/v1/service-requests/${second.id}/reject`, { reason: 'the expert is booked' });

    const q = await quotas(t, c);
    expect(q['service:event_protection']).toMatchObject({ limit: 8, used: 8, remaining: 0, period: 'Y1@2026-03-02' });
    expect(q['service:architecture_consulting']).toMatchObject({
      limit: 8,
      used: 5,
      remaining: 3,
      period: 'Y1@2026-03-02',
    });

    expect((await t.as(c.token).get(`/api/v1/accounts/${c.id}/plan`)).body.locked).toBe(false);
    expect(
      (await t.as(c.token).post(`/api/v1/accounts/${c.id}/quotes`, { action: 'downgrade', level: 'standard' })).status,
    ).toBe(200);
    const unsub = await order(t, c, { action: 'unsubscribe', reason: 'testing_finished' });
    expect(unsub.status).toBe(201);
    expect((await t.as(c.token).get(`/api/v1/accounts/${c.id}/plan`)).body.status).toBe('unsubscribed');
  });

  it('seed 003 §5.3 "包年购买可获服务配额": monthly premium has no key-event protection; §5.4 consulting has no such condition; 标准级 4 / 4', async () => {
    await t.setClock('2026-03-03T10:00:00+08:00'); // Tuesday
    const monthly = await createCustomer(t);
    await buyPlan(t, monthly.id, 'premium', { unit: 'month', count: 1 });
    const refused = await t
      .as(monthly.token)
      .post(
        '/api/v1/service-requests',
        sr(monthly.id, 'event_protection', '2026-03-16', 1, { scenario: 'technical_event' }),
      );
    expect(expectError(refused, 403, 'NOT_ENTITLED')).toMatchObject({
      entitlement: 'service:event_protection',
      reason: 'condition_not_met',
    });
    ok(
      await t
        .as(monthly.token)
        .post('/api/v1/service-requests', sr(monthly.id, 'architecture_consulting', '2026-03-06', 2)),
      201,
    );
    let q = await quotas(t, monthly);
    // Not available (a monthly purchase): zero, with the reason in its own field; `period` stays a period key.
    expect(q['service:event_protection']).toEqual({
      quota: 'service:event_protection',
      limit: 0,
      used: 0,
      remaining: 0,
      period: 'Y1@2026-03-03',
      unavailable: { reason: 'condition_not_met' },
    });
    expect(q['service:architecture_consulting']).toMatchObject({ limit: 8, used: 2, remaining: 6 });
    expect(q['service:architecture_consulting']).not.toHaveProperty('unavailable');

    const standard = await createCustomer(t);
    await buyPlan(t, standard.id, 'standard', { unit: 'year', count: 1 });
    q = await quotas(t, standard);
    expect(q['service:event_protection']).toMatchObject({ limit: 4, used: 0, remaining: 4, period: 'Y1@2026-03-03' });
    expect(q['service:architecture_consulting']).toMatchObject({
      limit: 4,
      used: 0,
      remaining: 4,
      period: 'Y1@2026-03-03',
    });
    // 标准级 4 natural days: 4 in one go, then nothing.
    ok(
      await t
        .as(standard.token)
        .post(
          '/api/v1/service-requests',
          sr(standard.id, 'event_protection', '2026-03-20', 4, { scenario: 'marketing_event' }),
        ),
      201,
    );
    expectError(
      await t
        .as(standard.token)
        .post(
          '/api/v1/service-requests',
          sr(standard.id, 'event_protection', '2026-04-20', 1, { scenario: 'marketing_event' }),
        ),
      409,
      'QUOTA_EXCEEDED',
    );
  });
});

describe.each(DB_KINDS)('service requests, ctyun (%s)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ kind, catalog: 'ctyun' });
  });
  afterAll(async () => t?.close());

  it('seed 004 §1.5.6/§1.5.7 商业级 "重大活动保障，可申请提供 / 重大变更，可申请提供": the customer applies with those scenarios only; 4 level-3 重保; nothing locks the order', async () => {
    await t.setClock('2026-03-02T10:00:00+08:00');
    const c = await createCustomer(t);
    await buyPlan(t, c.id, 'business', { unit: 'year', count: 1 });
    const check = ok(
      await t
        .as(c.token)
        .post('/api/v1/service-requests', sr(c.id, 'availability_check', '2026-03-02', 1, { scenario: 'major_event' })),
      201,
    );
    expect(check).toMatchObject({ origin: 'application', scenario: 'major_event', lockedOrder: false });
    ok(
      await t
        .as(c.token)
        .post(
          '/api/v1/service-requests',
          sr(c.id, 'availability_check', '2026-03-03', 1, { scenario: 'major_change' }),
        ),
      201,
    );
    ok(
      await t
        .as(c.token)
        .post(
          '/api/v1/service-requests',
          sr(c.id, 'resource_monitoring', '2026-03-03', 1, { scenario: 'major_event' }),
        ),
      201,
    );
    for (const scenario of ['yearly', 'joining']) {
      const res = await t
        .as(c.token)
        .post('/api/v1/service-requests', sr(c.id, 'availability_check', '2026-03-03', 1, { scenario }));
      expect(expectError(res, 403, 'NOT_ENTITLED')).toMatchObject({
        entitlement: 'service:availability_check',
        allowedScenarios: ['major_event', 'major_change'],
      });
    }
    // Proactive delivery is the provider's: a customer cannot create one.
    expectError(
      await t
        .as(c.token)
        .post(
          '/api/v1/service-requests',
          sr(c.id, 'availability_check', '2026-03-03', 1, { scenario: 'joining', origin: 'proactive' }),
        ),
      403,
      'FORBIDDEN',
    );

    // seed 004 §1.5.11 商业级 "最多 4 次三级重保" (each ≥ 5 days ahead).
    const l3 = (start: string) =>
      sr(c.id, 'event_protection', start, 2, { protectionLevel: 3, scenario: 'important_activity' });
    for (const start of ['2026-03-07', '2026-04-01', '2026-05-01', '2026-06-01'])
      expect(ok(await t.as(c.token).post('/api/v1/service-requests', l3(start)), 201).lockedOrder).toBe(false);
    expect(
      expectError(await t.as(c.token).post('/api/v1/service-requests', l3('2026-07-01')), 409, 'QUOTA_EXCEEDED'),
    ).toMatchObject({ quota: 'service:event_protection', limit: 4, used: 4 });
    const l1 = await t
      .as(c.token)
      .post(
        '/api/v1/service-requests',
        sr(c.id, 'event_protection', '2026-07-01', 1, { protectionLevel: 1, scenario: 'important_activity' }),
      );
    expect(expectError(l1, 403, 'NOT_ENTITLED')).toMatchObject({ allowedProtectionLevels: [3] });
    const q = await quotas(t, c);
    expect(q['service:event_protection']).toMatchObject({ limit: 4, used: 4, remaining: 0, period: 'Y1@2026-03-02' });

    // SPEC R-SUB-7: ctyun does not lock.
    expect((await t.as(c.token).get(`/api/v1/accounts/${c.id}/plan`)).body.locked).toBe(false);
    expect(
      (await t.as(c.token).post(`/api/v1/accounts/${c.id}/quotes`, { action: 'downgrade', level: 'light' })).status,
    ).toBe(200);
    expect((await order(t, c, { action: 'unsubscribe', reason: 'wrong_region' })).status).toBe(201);
  });

  it('seed 004 §1.5.6 / §3.6 "天翼云交付的可用性检查": staff create a proactive joining check; the customer sees it in "my service requests", downloads the deliverable and rates it', async () => {
    await t.setClock('2026-03-04T10:00:00+08:00');
    const c = await createCustomer(t);
    await buyPlan(t, c.id, 'enterprise', { unit: 'year', count: 1 });
    const engineer = await staffUser(t, 'support_engineer');
    const proactive = (type: ServiceRequestInput['type'], scenario: string) =>
      sr(c.id, type, '2026-03-04', 1, { scenario, origin: 'proactive', deliveryMethod: 'email' });
    const joining = ok(
      await t.as(engineer.token).post('/api/v1/service-requests', proactive('availability_check', 'joining')),
      201,
    );
    expect(joining).toMatchObject({
      origin: 'proactive',
      scenario: 'joining',
      status: 'submitted',
      lockedOrder: false,
    });
    // 企业级 "四类提供场景": the other three are proactive too; the customer does not apply for them.
    for (const scenario of ['major_event', 'major_change', 'yearly'])
      ok(await t.as(engineer.token).post('/api/v1/service-requests', proactive('resource_monitoring', scenario)), 201);
    const applied = await t
      .as(c.token)
      .post('/api/v1/service-requests', sr(c.id, 'availability_check', '2026-03-10', 1, { scenario: 'major_event' }));
    expect(expectError(applied, 403, 'NOT_ENTITLED')).toMatchObject({ reason: 'proactive_only' });

    const mine = await t.as(c.token).get('/api/v1/service-requests');
    expect(mine.body.total).toBe(4);
    expect(mine.body.items.find((x: { id: string }) => x.id === joining.id)).toMatchObject({
      type: 'availability_check',
      origin: 'proactive',
      status: 'submitted',
    });
    expectError(
      await t
        .as(c.token)
        .post(`/api/v1/service-requests/${joining.id}/evaluation`, { responseSpeed: 5, deliverableQuality: 5 }),
      409,
      'INVALID_STATE',
    );

    expect(
      (await t.api.post(`/api/v1/service-requests/${joining.id}/accept`, { assigneeId: engineer.userId })).body,
    ).toMatchObject({ status: 'processing', assigneeId: engineer.userId });
    const pdf = Buffer.from('%PDF-1.4 可用性优化建议书');
    const d = ok(
      await t.as(engineer.token).post(`/api/v1/service-requests/${joining.id}/deliverables`, {
        filename: '可用性优化建议书.pdf',
        contentType: 'application/pdf',
        contentBase64: pdf.toString('base64'),
      }),
      201,
    );
    expect((await t.as(engineer.token).post(`/api/v1/service-requests/${joining.id}/complete`, {})).body.status).toBe(
      'completed',
    );
    const dl = await t.app.http.inject({
      method: 'GET',
      url: `/api/v1/service-requests/${joining.id}/deliverables/${d.id}`,
      headers: { authorization: `Bearer ${c.token}` },
    });
    expect(dl.statusCode).toBe(200);
    expect(dl.rawPayload.equals(pdf)).toBe(true);
    expectError(
      await t
        .as(engineer.token)
        .post(`/api/v1/service-requests/${joining.id}/evaluation`, { responseSpeed: 5, deliverableQuality: 5 }),
      403,
      'FORBIDDEN',
    );
    const rated = await t.as(c.token).post(`/api/v1/service-requests/${joining.id}/evaluation`, {
      responseSpeed: 5,
      deliverableQuality: 4,
      feedback: '建议很实用',
    });
    expect(rated.body.evaluation).toMatchObject({ responseSpeed: 5, deliverableQuality: 4, feedback: '建议很实用' });

    // seed 004 §1.4 现场走访 "每年一次+按需走访": one yearly visit by the provider, on-demand visits on application.
    ok(
      await t
        .as(engineer.token)
        .post(
          '/api/v1/service-requests',
          sr(c.id, 'onsite_visit', '2026-04-10', 1, { scenario: 'yearly', origin: 'proactive' }),
        ),
      201,
    );
    expect(
      expectError(
        await t
          .as(engineer.token)
          .post(
            '/api/v1/service-requests',
            sr(c.id, 'onsite_visit', '2026-09-10', 1, { scenario: 'yearly', origin: 'proactive' }),
          ),
        409,
        'QUOTA_EXCEEDED',
      ),
    ).toMatchObject({
      quota: 'service:onsite_visit:proactive',
      limit: 1,
    });
    for (const start of ['2026-05-10', '2026-06-10'])
      ok(
        await t
          .as(c.token)
          .post('/api/v1/service-requests', sr(c.id, 'onsite_visit', start, 1, { scenario: 'on_demand' })),
        201,
      );
  });

  it('seed 004 §1.5.3 企业级 "3 次全业务流程代备案服务": the 4th is QUOTA_EXCEEDED until one is rejected; GET /plan shows the 重保 4 with the level-1/level-2 placeholders', async () => {
    await t.setClock('2026-03-05T10:00:00+08:00');
    const c = await createCustomer(t);
    await buyPlan(t, c.id, 'enterprise', { unit: 'year', count: 1 });
    const filings = [];
    for (let i = 0; i < 3; i++)
      filings.push(
        ok(await t.as(c.token).post('/api/v1/service-requests', sr(c.id, 'icp_filing', '2026-03-05', 1)), 201),
      );
    expect(
      expectError(
        await t.as(c.token).post('/api/v1/service-requests', sr(c.id, 'icp_filing', '2026-03-05', 1)),
        409,
        'QUOTA_EXCEEDED',
      ),
    ).toMatchObject({ quota: 'service:icp_filing', limit: 3, used: 3 });
    await t.api.post(`/api/v1/service-requests/${filings[0]!.id}/reject`, { reason: '材料不全' });
    ok(await t.as(c.token).post('/api/v1/service-requests', sr(c.id, 'icp_filing', '2026-03-06', 1)), 201);
    const q = await quotas(t, c);
    const period = 'Y1@2026-03-05';
    expect(q['service:icp_filing']).toMatchObject({ limit: 3, used: 3, remaining: 0, period });
    expect(q['service:event_protection']).toMatchObject({ limit: 4, used: 0, remaining: 4, period });
    expect(q['service:event_protection:level_1']).toMatchObject({ limit: 1, used: 0, period });
    expect(q['service:event_protection:level_2']).toMatchObject({ limit: 2, used: 0, period });
    expect(q['service:onsite_visit:proactive']).toMatchObject({ limit: 1, used: 0, period });
  });

  it('R-TKT-3 seed 004 §1.5.11 二级重保 "故障响应及处理标准提高一个级别": a general ticket becomes urgent (10 min), also when a 三级重保 window overlaps it; 三级重保 alone changes nothing; 2 level-2 a year', async () => {
    await t.setClock('2026-04-01T10:00:00+08:00');
    const c = await createCustomer(t);
    await buyPlan(t, c.id, 'enterprise', { unit: 'year', count: 1 });
    const ep = (level: number, start: string, days: number) =>
      sr(c.id, 'event_protection', start, days, { protectionLevel: level, scenario: 'important_event' });
    expect(
      expectError(
        await t.as(c.token).post('/api/v1/service-requests', ep(2, '2026-04-07', 1)),
        422,
        'LEAD_TIME_TOO_SHORT',
      ),
    ).toMatchObject({ earliestStart: '2026-04-08' });
    const l2 = ok(await t.as(c.token).post('/api/v1/service-requests', ep(2, '2026-04-08', 2)), 201);
    expect(l2.end).toBe('2026-04-09');
    ok(await t.as(c.token).post('/api/v1/service-requests', ep(2, '2026-06-01', 5)), 201);
    expect(
      expectError(await t.as(c.token).post('/api/v1/service-requests', ep(2, '2026-07-01', 1)), 409, 'QUOTA_EXCEEDED'),
    ).toMatchObject({ quota: 'service:event_protection:level_2', limit: 2 });
    const overlapping = ok(await t.as(c.token).post('/api/v1/service-requests', ep(3, '2026-04-09', 1)), 201);
    const l3 = ok(await t.as(c.token).post('/api/v1/service-requests', ep(3, '2026-04-15', 1)), 201);
    // The 4th of the year is the last of any level.
    expect(
      expectError(await t.as(c.token).post('/api/v1/service-requests', ep(1, '2026-05-01', 3)), 409, 'QUOTA_EXCEEDED'),
    ).toMatchObject({ quota: 'service:event_protection', limit: 4, used: 4 });
    await t.api.post(`/api/v1/service-requests/${l2.id}/accept`, {});
    await t.api.post(`/api/v1/service-requests/${l3.id}/accept`, {});
    await t.setClock('2026-04-01T10:05:00+08:00');
    await t.api.post(`/api/v1/service-requests/${overlapping.id}/accept`, {}); // accepted last

    // Tianyi customers' API keys have no ticket API: staff open the tickets (hotline).
    const ticket: TicketInput = {
      accountId: c.id,
      category: 'technical',
      severity: 'general',
      subject: 's',
      description: 'd',
    };
    await t.setClock('2026-04-08T10:00:00+08:00');
    expect((await t.api.post('/api/v1/tickets', ticket)).body).toMatchObject({
      severity: 'urgent',
      sla: { target: 'PT10M', adjustment: { reason: 'event_protection' } },
    });
    await t.setClock('2026-04-09T23:59:00+08:00'); // the level-2 window's last day, inside the level-3 window too
    expect((await t.api.post('/api/v1/tickets', ticket)).body).toMatchObject({
      severity: 'urgent',
      sla: { target: 'PT10M' },
    });
    await t.setClock('2026-04-15T10:00:00+08:00'); // a level-3 window alone
    const inL3 = (await t.api.post('/api/v1/tickets', ticket)).body;
    expect(inL3).toMatchObject({ severity: 'general', sla: { target: 'PT30M' } });
    expect(inL3.sla.adjustment ?? null).toBeNull();
  });

  it('R-SR-2 per subscription year: a 2-year enterprise term gets 3 filings again 12 months after the anchor', async () => {
    await t.setClock('2026-08-03T10:00:00+08:00');
    const c = await createCustomer(t);
    await buyPlan(t, c.id, 'enterprise', { unit: 'year', count: 2 });
    for (let i = 0; i < 3; i++)
      ok(await t.as(c.token).post('/api/v1/service-requests', sr(c.id, 'icp_filing', '2026-08-03', 1)), 201);
    expectError(
      await t.as(c.token).post('/api/v1/service-requests', sr(c.id, 'icp_filing', '2026-08-04', 1)),
      409,
      'QUOTA_EXCEEDED',
    );
    await t.setClock('2027-08-03T10:00:00+08:00');
    expect((await quotas(t, c))['service:icp_filing']).toMatchObject({
      limit: 3,
      used: 0,
      remaining: 3,
      period: 'Y2@2026-08-03',
    });
    ok(await t.as(c.token).post('/api/v1/service-requests', sr(c.id, 'icp_filing', '2027-08-03', 1)), 201);
  });
});

describe.each(DB_KINDS)('service requests, huaweicloud-intl quotas and time zones (%s)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ kind });
  });
  afterAll(async () => t?.close());

  it("R-SR-3 lead times count dates in the customer's time zone: at 2026-03-08 17:00Z it is Monday in Shanghai but Sunday in New York", async () => {
    await t.setClock('2026-03-08T17:00:00Z');
    const shanghai = await createCustomer(t);
    await buyPlan(t, shanghai.id, 'enterprise', { unit: 'year', count: 1 });
    const ny = await createCustomer(t, { region: 'ap-southeast-3', timeZone: 'America/New_York' });
    await buyPlan(t, ny.id, 'enterprise', { unit: 'year', count: 1 });
    // Shanghai: applied Monday 03-09 → Thursday 03-12. New York: applied Sunday 03-08 → Mon, Tue, Wed 03-11.
    expect(
      expectError(
        await t
          .as(shanghai.token)
          .post('/api/v1/service-requests', sr(shanghai.id, 'availability_check', '2026-03-11', 1)),
        422,
        'LEAD_TIME_TOO_SHORT',
      ),
    ).toMatchObject({
      earliestStart: '2026-03-12',
      applicationDate: '2026-03-09',
    });
    expect(
      ok(await t.as(ny.token).post('/api/v1/service-requests', sr(ny.id, 'availability_check', '2026-03-11', 1)), 201),
    ).toMatchObject({ start: '2026-03-11', timeZone: 'America/New_York' });
  });

  it('R-SUB-1 GET /plan quotas: enterprise yearly shows 3 / 1 / 1 with used, remaining and the subscription year; monthly before 6 months shows none of them available', async () => {
    await t.setClock('2026-03-10T10:00:00+08:00');
    const yearly = await createCustomer(t);
    await buyPlan(t, yearly.id, 'enterprise', { unit: 'year', count: 1 });
    ok(
      await t
        .as(yearly.token)
        .post(
          '/api/v1/service-requests',
          sr(yearly.id, 'event_protection', '2026-04-01', 2, { scenario: 'promotion' }),
        ),
      201,
    );
    let q = await quotas(t, yearly);
    expect(q['service:event_protection']).toEqual({
      quota: 'service:event_protection',
      limit: 3,
      used: 2,
      remaining: 1,
      period: 'Y1@2026-03-10',
    });
    expect(q['service:availability_check']).toEqual({
      quota: 'service:availability_check',
      limit: 1,
      used: 0,
      remaining: 1,
      period: 'Y1@2026-03-10',
    });
    expect(q['service:resource_monitoring']).toEqual({
      quota: 'service:resource_monitoring',
      limit: 1,
      used: 0,
      remaining: 1,
      period: 'Y1@2026-03-10',
    });

    const monthly = await createCustomer(t);
    await buyPlan(t, monthly.id, 'enterprise', { unit: 'month', count: 2 });
    q = await quotas(t, monthly);
    for (const key of ['service:event_protection', 'service:availability_check', 'service:resource_monitoring']) {
      expect(q[key], key).toEqual({
        quota: key,
        limit: 0,
        used: 0,
        remaining: 0,
        period: 'Y1@2026-03-10',
        unavailable: { reason: 'condition_not_met' },
      });
    }
  });

  it("R-SUB-7 with R-ACC-2 sharing: a custody sub applying under its master's shared enterprise plan uses the master's allowance and locks the master's order", async () => {
    await t.setClock('2026-03-10T11:00:00+08:00');
    const master = await createCustomer(t, { name: 'Master' });
    await buyPlan(t, master.id, 'enterprise', { unit: 'year', count: 1 });
    const sub = await createCustomer(t, { name: 'Custody sub', parentId: master.id, financeMode: 'custody' });
    expect((await t.as(master.token).post(`/api/v1/accounts/${master.id}/sharing`, { enabled: true })).status).toBe(
      200,
    );
    expect((await t.as(sub.token).get(`/api/v1/accounts/${sub.id}/plan`)).body).toMatchObject({
      level: 'enterprise',
      source: 'shared',
    });
    ok(await t.as(sub.token).post('/api/v1/service-requests', sr(sub.id, 'availability_check', '2026-03-20', 1)), 201);
    expectError(
      await t.as(master.token).post('/api/v1/service-requests', sr(master.id, 'availability_check', '2026-03-20', 1)),
      409,
      'QUOTA_EXCEEDED',
    );
    expect((await t.as(master.token).get(`/api/v1/accounts/${master.id}/plan`)).body.locked).toBe(true);
    expectError(await order(t, master, { action: 'unsubscribe', reason: 'testing_finished' }), 409, 'ORDER_LOCKED');
  });

  it('R-SR-2 "yearly purchase only" looks at the term that contains today: a yearly term renewed early by one month keeps its availability check', async () => {
    await t.setClock('2026-03-11T10:00:00+08:00');
    const c = await createCustomer(t);
    await buyPlan(t, c.id, 'enterprise', { unit: 'year', count: 1 });
    const renew = ok(await order(t, c, { action: 'renew', term: { unit: 'month', count: 1 } }), 201);
    expect((await pay(t, renew.id, c.token)).status).toBe('paid');
    expect(
      ok(await t.as(c.token).post('/api/v1/service-requests', sr(c.id, 'availability_check', '2026-03-20', 1)), 201),
    ).toMatchObject({ lockedOrder: true });
    expect((await quotas(t, c))['service:resource_monitoring']).toMatchObject({ limit: 1, remaining: 1 });
  });
});
