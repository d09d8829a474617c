/**
 * R-TKT-2/R-TKT-4/R-CAT-4 intake through HTTP: severities a level may use, channels and their service hours,
 * technical-ticket quotas (exact under concurrency on both databases), the ticket management API entitlement
 * (R-TKT-6) and tenant visibility.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../support/databases.js';
import { buyPlan, createCustomer, startTestApp, type TestApp } from '../support/harness.js';
import type { TicketInput } from '../support/api-types.js';

const tech = (accountId: string, severity: string, extra: Partial<TicketInput> = {}): TicketInput => ({
  accountId,
  category: 'technical',
  severity,
  subject: 's',
  description: 'd',
  ...extra,
});

describe.each(DB_KINDS)('ticket intake, huaweicloud-intl (%s)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ kind });
  });
  afterAll(async () => t?.close());

  it('R-TKT-2 Huawei developer cannot open production_down: NOT_ENTITLED naming the entitlement and the allowed severities', async () => {
    const c = await createCustomer(t);
    await buyPlan(t, c.id, 'developer', { unit: 'month', count: 1 });
    const res = await t.api.post('/api/v1/tickets', tech(c.id, 'production_down'));
    expect(res.status).toBe(403);
    expect(res.body.error?.code).toBe('NOT_ENTITLED');
    expect(res.body.error?.details.entitlement).toBe('severity:production_down');
    expect(res.body.error?.details.allowedSeverities).toEqual(['system_impaired', 'general_guidance']);
  });

  it('R-TKT-2 a non-technical ticket carries no severity and gets the non-technical target on the 7x24 clock', async () => {
    const c = await createCustomer(t);
    const bad = await t.api.post('/api/v1/tickets', {
      accountId: c.id,
      category: 'non_technical',
      severity: 'general_guidance',
      subject: 's',
      description: 'd',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.details.issues?.[0]?.path).toBe('body.severity');
    const ok = await t.api.post('/api/v1/tickets', {
      accountId: c.id,
      category: 'non_technical',
      subject: 'Invoice',
      description: 'question',
    });
    expect(ok.status).toBe(201);
    expect(ok.body.sla).toMatchObject({ target: 'PT24H', clock: '7x24' });
  });

  it('R-TKT-4 a channel the level does not have is NOT_ENTITLED (developer has no phone callback)', async () => {
    const c = await createCustomer(t);
    await buyPlan(t, c.id, 'developer', { unit: 'month', count: 1 });
    const res = await t.api.post('/api/v1/tickets', tech(c.id, 'general_guidance', { channel: 'phone_callback' }));
    expect(res.status).toBe(403);
    expect(res.body.error?.details.entitlement).toBe('channel:phone_callback');
  });

  it('R-TKT-4 the TAM channel (5x8) refuses outside its hours and accepts inside them', async () => {
    const c = await createCustomer(t);
    await buyPlan(t, c.id, 'enterprise', { unit: 'year', count: 1 });
    await t.setClock('2026-04-04T10:00:00+08:00'); // a Saturday
    const closed = await t.api.post('/api/v1/tickets', tech(c.id, 'general_guidance', { channel: 'tam' }));
    expect(closed.status).toBe(403);
    expect(closed.body.error?.details).toMatchObject({
      entitlement: 'channel:tam',
      reason: 'outside_service_hours',
      hours: '5x8',
    });
    await t.setClock('2026-04-07T10:00:00+08:00'); // Tuesday (Qingming 2026 is Sat 4th–Mon 6th)
    const open = await t.api.post('/api/v1/tickets', tech(c.id, 'general_guidance', { channel: 'tam' }));
    expect(open.status).toBe(201);
  });

  it('R-CAT-4 Huawei basic: 3 technical tickets in total, the 4th is QUOTA_EXCEEDED; non-technical tickets do not count', async () => {
    const c = await createCustomer(t);
    for (let i = 0; i < 3; i++)
      expect((await t.api.post('/api/v1/tickets', tech(c.id, 'general_guidance'))).status).toBe(201);
    const nonTech = await t.api.post('/api/v1/tickets', {
      accountId: c.id,
      category: 'non_technical',
      subject: 's',
      description: 'd',
    });
    expect(nonTech.status).toBe(201);
    const fourth = await t.api.post('/api/v1/tickets', tech(c.id, 'system_impaired'));
    expect(fourth.status).toBe(409);
    expect(fourth.body.error).toMatchObject({
      code: 'QUOTA_EXCEEDED',
      details: { quota: 'technical_tickets', limit: 3, used: 3 },
    });
    const plan = await t.api.get(`/api/v1/accounts/${c.id}/plan`);
    expect(plan.body.quotas.find((q: { quota: string }) => q.quota === 'technical_tickets')).toMatchObject({
      limit: 3,
      used: 3,
      remaining: 0,
      period: 'lifetime',
    });
  });

  it('R-TKT-4 100 simultaneous submissions against a quota of 3 accept exactly 3', async () => {
    const c = await createCustomer(t);
    const results = await Promise.all(
      Array.from({ length: 100 }, () => t.api.post('/api/v1/tickets', tech(c.id, 'general_guidance'))),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(3);
    expect(statuses.filter((s) => s === 409)).toHaveLength(97);
    const list = await t.api.get(`/api/v1/tickets?accountId=${c.id}&pageSize=100`);
    expect(list.body.total).toBe(3);
  });

  it('R-TKT-6 a customer API key needs ticket_api (developer: NOT_ENTITLED; business: allowed); a console session is not limited', async () => {
    const dev = await createCustomer(t);
    await buyPlan(t, dev.id, 'developer', { unit: 'month', count: 1 });
    const denied = await t.as(dev.token).post('/api/v1/tickets', tech(dev.id, 'general_guidance'));
    expect(denied.status).toBe(403);
    expect(denied.body.error?.details.entitlement).toBe('ticket_api');
    const owner = (await t.api.get(`/api/v1/accounts/${dev.id}`)).body;
    const users = await t.api.post(`/api/v1/accounts/${dev.id}/users`, {
      name: 'Console user',
      email: 'c@example.com',
      role: 'customer_member',
    });
    const session = await t.api.post(`/api/v1/users/${users.body.id}/sessions`, {});
    expect(session.status).toBe(201);
    const viaConsole = await t.as(session.body.token).post('/api/v1/tickets', tech(owner.id, 'general_guidance'));
    expect(viaConsole.status).toBe(201);
    expect(viaConsole.body.createdVia).toBe('console');
    const biz = await createCustomer(t);
    await buyPlan(t, biz.id, 'business', { unit: 'month', count: 1 });
    const allowed = await t.as(biz.token).post('/api/v1/tickets', tech(biz.id, 'production_down'));
    expect(allowed.status).toBe(201);
    expect(allowed.body.createdVia).toBe('api');
  });

  it('R-TKT-6 another tenant’s ticket is NOT_FOUND to every caller, before the entitlement check', async () => {
    const a = await createCustomer(t);
    await buyPlan(t, a.id, 'business', { unit: 'month', count: 1 });
    const tk = await t.as(a.token).post('/api/v1/tickets', tech(a.id, 'general_guidance'));
    const dev = await createCustomer(t);
    await buyPlan(t, dev.id, 'developer', { unit: 'month', count: 1 });
    const biz = await createCustomer(t);
    await buyPlan(t, biz.id, 'business', { unit: 'month', count: 1 });
    for (const other of [dev, biz]) {
      for (const call of [
        () => t.as(other.token).get(`/api/v1/tickets/${tk.body.id}`),
        () => t.as(other.token).post(`/api/v1/tickets/${tk.body.id}/replies`, { body: 'x' }),
        () => t.as(other.token).post(`/api/v1/tickets/${tk.body.id}/close`),
        () => t.as(other.token).post(`/api/v1/tickets/${tk.body.id}/rating`, { stars: 5 }),
        () => t.as(other.token).post('/api/v1/tickets', tech(a.id, 'general_guidance')),
        () => t.as(other.token).get(`/api/v1/tickets?accountId=${a.id}`),
      ]) {
        const res = await call();
        expect(res.status).toBe(404);
        expect(res.body.error?.code).toBe('NOT_FOUND');
      }
    }
  });

  it('R-TKT-1 the ticket a POST answers is the ticket stored: the same view read back, for the customer and for staff', async () => {
    const c = await createCustomer(t);
    await buyPlan(t, c.id, 'business', { unit: 'year', count: 1 });
    const contacts = [{ name: 'Li Lei', email: 'li@example.com', phone: '+86 10 1234 5678' }];
    const body = tech(c.id, 'production_impaired', {
      channel: 'ticket',
      affectedService: 'ECS',
      affectedRegion: 'cn-north-4',
      contacts,
    });
    const asCustomer = await t.as(c.token).post('/api/v1/tickets', body);
    expect(asCustomer.status).toBe(201);
    expect(asCustomer.body.number).toMatch(/^T\d{8}\d{6}$/);
    expect(asCustomer.body.contacts).toEqual(contacts);
    // The detail adds the conversation, attachments and events; every field of the answer is there, equal.
    expect((await t.as(c.token).get(`/api/v1/tickets/${asCustomer.body.id}`)).body).toMatchObject(asCustomer.body);
    const byStaff = await t.api.post('/api/v1/tickets', tech(c.id, 'general_guidance', { endCustomer: 'Shop' }));
    expect(byStaff.status).toBe(201);
    expect(byStaff.body.number).not.toBe(asCustomer.body.number);
    expect((await t.api.get(`/api/v1/tickets/${byStaff.body.id}`)).body).toMatchObject(byStaff.body);
  });
});

describe.each(DB_KINDS)('ticket intake, huaweicloud-partner (%s)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ kind, catalog: 'huaweicloud-partner' });
  });
  afterAll(async () => t?.close());

  it('R-CAT-4 partner standard: 30 technical tickets per natural month in Beijing time, reset on the 1st, plus packs of 10 for the month of purchase', async () => {
    await t.setClock('2026-05-31T10:00:00+08:00');
    const c = await createCustomer(t);
    await buyPlan(t, c.id, 'standard', { unit: 'year', count: 1 });
    const body = (i: number) => tech(c.id, 'general_guidance', { endCustomer: `Customer ${i}` });
    for (let i = 0; i < 30; i++) expect((await t.api.post('/api/v1/tickets', body(i))).status).toBe(201);
    expect((await t.api.post('/api/v1/tickets', body(31))).body.error?.code).toBe('QUOTA_EXCEEDED');
    const pack = await t.api.post(`/api/v1/accounts/${c.id}/add-ons`, {
      type: 'ticket_pack',
      count: 1,
      agreementAccepted: true,
    });
    expect(pack.status).toBe(201);
    expect((await t.api.post(`/api/v1/orders/${pack.body.id}/pay`)).status).toBe(200);
    for (let i = 0; i < 10; i++) expect((await t.api.post('/api/v1/tickets', body(40 + i))).status).toBe(201);
    const over = await t.api.post('/api/v1/tickets', body(99));
    expect(over.body.error?.details).toMatchObject({ quota: 'technical_tickets', limit: 40, used: 40 });
    // 2026-06-01 00:00 Beijing = 2026-05-31T16:00Z: the quota resets and the pack is gone.
    await t.setClock('2026-05-31T16:00:00Z');
    const plan = await t.api.get(`/api/v1/accounts/${c.id}/plan`);
    expect(plan.body.quotas.find((q: { quota: string }) => q.quota === 'technical_tickets')).toMatchObject({
      limit: 30,
      used: 0,
      period: '2026-06',
    });
    expect((await t.api.post('/api/v1/tickets', body(100))).status).toBe(201);
  });

  it('R-TKT-1 a partner technical ticket names the end customer; partner basic has no technical support', async () => {
    const c = await createCustomer(t);
    await buyPlan(t, c.id, 'standard', { unit: 'year', count: 1 });
    const missing = await t.api.post('/api/v1/tickets', tech(c.id, 'general_guidance'));
    expect(missing.status).toBe(400);
    expect(missing.body.error?.details.issues?.[0]?.path).toBe('body.endCustomer');
    const b = await createCustomer(t);
    await buyPlan(t, b.id, 'basic', { unit: 'year', count: 1 });
    const none = await t.api.post('/api/v1/tickets', tech(b.id, 'general_guidance', { endCustomer: 'x' }));
    expect(none.status).toBe(403);
    expect(none.body.error?.details.entitlement).toBe('technical_support');
  });
});

describe.each(DB_KINDS)('ticket intake, ctyun (%s)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ kind, catalog: 'ctyun' });
  });
  afterAll(async () => t?.close());

  it('R-TKT-3 Tianyi light, urgent → 10 minutes; the free standard level is 30 minutes and not binding', async () => {
    const c = await createCustomer(t);
    const std = await t.api.post('/api/v1/tickets', tech(c.id, 'urgent'));
    expect(std.body.sla).toMatchObject({ target: 'PT30M', binding: false });
    await buyPlan(t, c.id, 'light', { unit: 'year', count: 1 });
    const light = await t.api.post('/api/v1/tickets', tech(c.id, 'urgent'));
    expect(light.body.sla).toMatchObject({ target: 'PT10M', clock: '7x24', binding: true });
    expect(new Date(light.body.sla.responseDueAt).getTime() - new Date(light.body.openedAt).getTime()).toBe(
      10 * 60_000,
    );
  });

  it('R-ACC-3 a linked account opens tickets under the linking plan, flagged priority', async () => {
    const owner = await createCustomer(t);
    await buyPlan(t, owner.id, 'business', { unit: 'year', count: 1 });
    const linked = await createCustomer(t);
    const link = await t.api.post(`/api/v1/accounts/${owner.id}/linked-accounts`, { accountId: linked.id });
    expect(link.status).toBe(201);
    const res = await t.api.post('/api/v1/tickets', tech(linked.id, 'general'));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ level: 'business', planSource: 'linked', priority: true });
    expect(res.body.sla.target).toBe('PT30M');
    // The linked account never sees the owner's tickets.
    const ownTicket = await t.api.post('/api/v1/tickets', tech(owner.id, 'general'));
    expect((await t.as(linked.token).get(`/api/v1/tickets/${ownTicket.body.id}`)).status).toBe(404);
  });
});
