/**
 * R-SR-1…5, R-SUB-7, R-TKT-3 (event protection windows): allowances, lead times, durations, workflow,
 * deliverables, evaluation, locks — tables named after the seed sentences, on both databases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../support/databases.js';
import { buyPlan, createCustomer, startTestApp, type TestApp } from '../support/harness.js';

const sr = (accountId: string, type: string, start: string, days: number, extra: Record<string, unknown> = {}) => ({
  accountId,
  type,
  start,
  days,
  contact: { name: 'Ops', phone: '+86 10 0000' },
  ...(type === 'event_protection' ? { scenario: 'promotion' } : {}),
  ...extra,
});

describe.each(DB_KINDS)('service requests, huaweicloud-intl (%s)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ kind });
  });
  afterAll(async () => t?.close());

  it('seed 000 §1.5.12 enterprise bought yearly: 3 natural days of event protection a year, whole days; the 4th day is QUOTA_EXCEEDED; a withdrawal gives days back', async () => {
    await t.setClock('2026-03-02T10:00:00+08:00'); // Monday
    const c = await createCustomer(t);
    await buyPlan(t, c.id, 'enterprise', { unit: 'year', count: 1 });
    const first = await t.as(c.token).post('/api/v1/service-requests', sr(c.id, 'event_protection', '2026-04-01', 2));
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: 'submitted', start: '2026-04-01', end: '2026-04-02', days: 2, lockedOrder: true, warnings: [] });
    const half = await t.as(c.token).post('/api/v1/service-requests', sr(c.id, 'event_protection', '2026-04-10', 1.5));
    expect(half.status).toBe(422);
    expect(half.body.error).toMatchObject({ code: 'DURATION_NOT_ALLOWED', details: { reason: 'whole_days' } });
    const over = await t.as(c.token).post('/api/v1/service-requests', sr(c.id, 'event_protection', '2026-04-10', 2));
    expect(over.status).toBe(409);
    expect(over.body.error).toMatchObject({ code: 'QUOTA_EXCEEDED', details: { quota: 'service:event_protection', limit: 3, used: 2 } });
    const withdrawn = await t.as(c.token).post(`/api/v1/service-requests/${first.body.id}/withdraw`, {});
    expect(withdrawn.body.status).toBe('withdrawn');
    const again = await t.as(c.token).post('/api/v1/service-requests', sr(c.id, 'event_protection', '2026-04-10', 3));
    expect(again.status).toBe(201);
    const plan = await t.as(c.token).get(`/api/v1/accounts/${c.id}/plan`);
    expect(plan.body.quotas.find((q: { quota: string }) => q.quota === 'service:event_protection')).toMatchObject({ limit: 3, used: 3, remaining: 0 });
  });

  it('seed 000 §1.5.12 "建议客户提前10个工作日": a shorter lead time is a warning, not a refusal', async () => {
    await t.setClock('2026-03-09T10:00:00+08:00'); // Monday
    const c = await createCustomer(t);
    await buyPlan(t, c.id, 'enterprise', { unit: 'year', count: 1 });
    const res = await t.as(c.token).post('/api/v1/service-requests', sr(c.id, 'event_protection', '2026-03-12', 1));
    expect(res.status).toBe(201);
    expect(res.body.warnings).toHaveLength(1);
    expect(res.body.warnings[0]).toMatchObject({ code: 'LEAD_TIME_ADVISED', details: { earliestStart: '2026-03-23' } });
  });

  it('seed 000 §1.5.13 availability check: yearly purchase only, 3 working days ahead (applied Monday → Thursday)', async () => {
    await t.setClock('2026-03-09T10:00:00+08:00'); // Monday
    const monthly = await createCustomer(t);
    await buyPlan(t, monthly.id, 'enterprise', { unit: 'month', count: 1 });
    const refused = await t.as(monthly.token).post('/api/v1/service-requests', sr(monthly.id, 'availability_check', '2026-03-20', 1));
    expect(refused.status).toBe(403);
    expect(refused.body.error.details).toMatchObject({ entitlement: 'service:availability_check', reason: 'condition_not_met' });
    const yearly = await createCustomer(t);
    await buyPlan(t, yearly.id, 'enterprise', { unit: 'year', count: 1 });
    const early = await t.as(yearly.token).post('/api/v1/service-requests', sr(yearly.id, 'availability_check', '2026-03-11', 1));
    expect(early.status).toBe(422);
    expect(early.body.error).toMatchObject({ code: 'LEAD_TIME_TOO_SHORT', details: { earliestStart: '2026-03-12' } });
    expect((await t.as(yearly.token).post('/api/v1/service-requests', sr(yearly.id, 'availability_check', '2026-03-12', 1))).status).toBe(201);
    const second = await t.as(yearly.token).post('/api/v1/service-requests', sr(yearly.id, 'availability_check', '2026-04-12', 1));
    expect(second.body.error).toMatchObject({ code: 'QUOTA_EXCEEDED', details: { limit: 1, used: 1 } });
  });

  it('seed 000 §1.3 "连续购满半年提供1个自然日": monthly enterprise gets 1 day after 6 continuous months, 3 after 12', async () => {
    await t.setClock('2026-05-04T10:00:00+08:00');
    const c = await createCustomer(t);
    await buyPlan(t, c.id, 'enterprise', { unit: 'month', count: 9 });
    const none = await t.as(c.token).post('/api/v1/service-requests', sr(c.id, 'event_protection', '2026-06-01', 1));
    expect(none.body.error.details.reason).toBe('condition_not_met');
    await t.setClock('2026-11-05T10:00:00+08:00');
    expect((await t.as(c.token).post('/api/v1/service-requests', sr(c.id, 'event_protection', '2026-12-01', 1))).status).toBe(201);
    const more = await t.as(c.token).post('/api/v1/service-requests', sr(c.id, 'event_protection', '2026-12-03', 1));
    expect(more.body.error).toMatchObject({ code: 'QUOTA_EXCEEDED', details: { limit: 1, used: 1 } });
  });

  it('R-SUB-7 applying locks the order: downgrade and unsubscribe are ORDER_LOCKED (quotes too) even after a rejection; upgrade is not', async () => {
    const c = await createCustomer(t);
    await buyPlan(t, c.id, 'enterprise', { unit: 'year', count: 1 });
    const now = new Date(await (await t.api.get('/api/v1/test-clock')).body.now);
    const start = new Date(now.getTime() + 30 * 86_400_000).toISOString().slice(0, 10);
    const applied = await t.as(c.token).post('/api/v1/service-requests', sr(c.id, 'event_protection', start, 1));
    expect(applied.status).toBe(201);
    const rejected = await t.api.post(`/api/v1/service-requests/${applied.body.id}/reject`, { reason: 'no capacity' });
    expect(rejected.body).toMatchObject({ status: 'rejected', rejectReason: 'no capacity' });
    const down = await t.as(c.token).post(`/api/v1/accounts/${c.id}/quotes`, { action: 'downgrade', level: 'business' });
    expect(down.body.error.code).toBe('ORDER_LOCKED');
    const unsub = await t.as(c.token).post(`/api/v1/accounts/${c.id}/orders`, { action: 'unsubscribe', reason: 'testing_finished', agreementAccepted: true });
    expect(unsub.body.error.code).toBe('ORDER_LOCKED');
    expect((await t.as(c.token).get(`/api/v1/accounts/${c.id}/plan`)).body.locked).toBe(true);
  });

  it('R-CAT-5 enterprise in EU-Paris has no event protection: NOT_ENTITLED naming the region', async () => {
    const c = await createCustomer(t, { region: 'eu-west-0', timeZone: 'Europe/Paris' });
    await buyPlan(t, c.id, 'enterprise', { unit: 'year', count: 1 });
    const res = await t.as(c.token).post('/api/v1/service-requests', sr(c.id, 'event_protection', '2026-12-20', 1));
    expect(res.status).toBe(403);
    expect(res.body.error.details).toMatchObject({ entitlement: 'service:event_protection', reason: 'region', region: 'eu-west-0' });
  });

  it('R-TKT-3 in an approved protection window a production_down ticket is answered within 15 minutes, not 30', async () => {
    await t.setClock('2026-12-10T10:00:00+08:00');
    const c = await createCustomer(t);
    await buyPlan(t, c.id, 'enterprise', { unit: 'year', count: 1 });
    const applied = await t.as(c.token).post('/api/v1/service-requests', sr(c.id, 'event_protection', '2026-12-28', 2));
    const ticket = { accountId: c.id, category: 'technical', severity: 'production_down', subject: 's', description: 'd' };
    await t.setClock('2026-12-28T10:00:00+08:00');
    expect((await t.as(c.token).post('/api/v1/tickets', ticket)).body.sla.target).toBe('PT30M'); // submitted, not yet approved
    await t.api.post(`/api/v1/service-requests/${applied.body.id}/accept`, {});
    const protectedTicket = await t.as(c.token).post('/api/v1/tickets', ticket);
    expect(protectedTicket.body.sla).toMatchObject({ target: 'PT15M', adjustment: { reason: 'event_protection' } });
    await t.setClock('2026-12-30T00:00:00+08:00'); // the day after the window
    expect((await t.as(c.token).post('/api/v1/tickets', ticket)).body.sla.target).toBe('PT30M');
  });

  it('R-SR-4 workflow: accept → deliverable → complete → evaluate once (feedback ≤ 500); withdraw only before processing', async () => {
    const c = await createCustomer(t);
    await buyPlan(t, c.id, 'enterprise', { unit: 'year', count: 1 });
    const now = new Date(await (await t.api.get('/api/v1/test-clock')).body.now);
    const start = new Date(now.getTime() + 40 * 86_400_000).toISOString().slice(0, 10);
    const s1 = (await t.as(c.token).post('/api/v1/service-requests', sr(c.id, 'resource_monitoring', start, 1))).body;
    expect((await t.as(c.token).post(`/api/v1/service-requests/${s1.id}/accept`, {})).status).toBe(403);
    const accepted = await t.api.post(`/api/v1/service-requests/${s1.id}/accept`, {});
    expect(accepted.body.status).toBe('processing');
    expect((await t.as(c.token).post(`/api/v1/service-requests/${s1.id}/withdraw`, {})).body.error.code).toBe('INVALID_STATE');
    expect((await t.as(c.token).post(`/api/v1/service-requests/${s1.id}/evaluation`, { responseSpeed: 5, deliverableQuality: 5 })).body.error.code).toBe('INVALID_STATE');
    const file = Buffer.from('# Monitoring report\nall good\n');
    const d = await t.api.post(`/api/v1/service-requests/${s1.id}/deliverables`, { filename: 'report.md', contentType: 'text/markdown', contentBase64: file.toString('base64') });
    expect(d.status).toBe(201);
    const list = await t.as(c.token).get(`/api/v1/service-requests/${s1.id}/deliverables`);
    expect(list.body.items.map((x: { filename: string }) => x.filename)).toEqual(['report.md']);
    const dl = await t.app.http.inject({ method: 'GET', url: `/api/v1/service-requests/${s1.id}/deliverables/${d.body.id}`, headers: { authorization: `Bearer ${c.token}` } });
    expect(dl.rawPayload.equals(file)).toBe(true);
    expect(dl.headers['content-type']).toContain('text/markdown');
    expect((await t.api.post(`/api/v1/service-requests/${s1.id}/complete`, {})).body.status).toBe('completed');
    const long = await t.as(c.token).post(`/api/v1/service-requests/${s1.id}/evaluation`, { responseSpeed: 4, deliverableQuality: 5, feedback: 'x'.repeat(501) });
    expect(long.status).toBe(400);
    const ok = await t.as(c.token).post(`/api/v1/service-requests/${s1.id}/evaluation`, { responseSpeed: 4, deliverableQuality: 5, feedback: 'x'.repeat(500) });
    expect(ok.body.evaluation).toMatchObject({ responseSpeed: 4, deliverableQuality: 5 });
    expect((await t.as(c.token).post(`/api/v1/service-requests/${s1.id}/evaluation`, { responseSpeed: 1, deliverableQuality: 1 })).body.error.code).toBe('INVALID_STATE');
    const other = await createCustomer(t);
    expect((await t.as(other.token).get(`/api/v1/service-requests/${s1.id}`)).status).toBe(404);
  });

  it('R-SR-2 allowance consumption is exact under concurrency: 12 simultaneous 1-day applications against 3 days accept exactly 3', async () => {
    const c = await createCustomer(t);
    await buyPlan(t, c.id, 'enterprise', { unit: 'year', count: 1 });
    const now = new Date(await (await t.api.get('/api/v1/test-clock')).body.now);
    const start = new Date(now.getTime() + 60 * 86_400_000).toISOString().slice(0, 10);
    const results = await Promise.all(Array.from({ length: 12 }, () => t.as(c.token).post('/api/v1/service-requests', sr(c.id, 'event_protection', start, 1))));
    expect(results.filter((r) => r.status === 201)).toHaveLength(3);
    expect(results.filter((r) => r.status === 409)).toHaveLength(9);
  });

  it('R-SR-4 "my service requests": 10 a page by default, newest first, filtered by type and status', async () => {
    const c = await createCustomer(t);
    await buyPlan(t, c.id, 'enterprise', { unit: 'year', count: 1 });
    const now = new Date(await (await t.api.get('/api/v1/test-clock')).body.now);
    const start = new Date(now.getTime() + 60 * 86_400_000).toISOString().slice(0, 10);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await t.as(c.token).post('/api/v1/service-requests', sr(c.id, 'event_protection', start, 1))).body.id);
    ids.push((await t.as(c.token).post('/api/v1/service-requests', sr(c.id, 'availability_check', start, 1))).body.id);
    const page = await t.as(c.token).get(`/api/v1/service-requests?accountId=${c.id}`);
    expect(page.body).toMatchObject({ page: 1, pageSize: 10, total: 4 });
    expect(page.body.items.map((x: { id: string }) => x.id)).toEqual([...ids].reverse());
    const filtered = await t.as(c.token).get(`/api/v1/service-requests?accountId=${c.id}&type=availability_check&status=submitted`);
    expect(filtered.body.items.map((x: { id: string }) => x.id)).toEqual([ids[3]]);
  });
});

describe.each(DB_KINDS)('service requests, ctyun (%s)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ kind, catalog: 'ctyun' });
  });
  afterAll(async () => t?.close());

  it('seed 004 §1.5.11 light: at most 1 level-3 重保 (≥ 5 days ahead, ≤ 10 days); level 1 is NOT_ENTITLED; no order lock at Tianyi', async () => {
    await t.setClock('2026-05-11T10:00:00+08:00');
    const c = await createCustomer(t);
    await buyPlan(t, c.id, 'light', { unit: 'year', count: 1 });
    const l1 = await t.as(c.token).post('/api/v1/service-requests', sr(c.id, 'event_protection', '2026-06-01', 1, { protectionLevel: 1, scenario: 'important_activity' }));
    expect(l1.status).toBe(403);
    expect(l1.body.error.details).toMatchObject({ entitlement: 'service:event_protection:level_1', allowedProtectionLevels: [3] });
    const soon = await t.as(c.token).post('/api/v1/service-requests', sr(c.id, 'event_protection', '2026-05-15', 1, { protectionLevel: 3, scenario: 'important_activity' }));
    expect(soon.body.error).toMatchObject({ code: 'LEAD_TIME_TOO_SHORT', details: { earliestStart: '2026-05-16' } });
    const long = await t.as(c.token).post('/api/v1/service-requests', sr(c.id, 'event_protection', '2026-05-16', 11, { protectionLevel: 3, scenario: 'important_activity' }));
    expect(long.body.error).toMatchObject({ code: 'DURATION_NOT_ALLOWED', details: { maxDays: 10 } });
    const ok = await t.as(c.token).post('/api/v1/service-requests', sr(c.id, 'event_protection', '2026-05-16', 10, { protectionLevel: 3, scenario: 'important_activity' }));
    expect(ok.status).toBe(201);
    expect(ok.body.lockedOrder).toBe(false);
    expect((await t.as(c.token).post('/api/v1/service-requests', sr(c.id, 'event_protection', '2026-07-01', 1, { protectionLevel: 3, scenario: 'important_activity' }))).body.error.code).toBe('QUOTA_EXCEEDED');
  });

  it('R-SR-3 "applied 2026-05-11, 14 days ahead → start 2026-05-25 or later"; level 1 ≤ 3 days; 1 level-1 a year inside the 4', async () => {
    await t.setClock('2026-05-11T10:00:00+08:00');
    const c = await createCustomer(t);
    await buyPlan(t, c.id, 'enterprise', { unit: 'year', count: 1 });
    const early = await t.as(c.token).post('/api/v1/service-requests', sr(c.id, 'event_protection', '2026-05-24', 1, { protectionLevel: 1, scenario: 'important_activity' }));
    expect(early.body.error).toMatchObject({ code: 'LEAD_TIME_TOO_SHORT', details: { earliestStart: '2026-05-25' } });
    expect((await t.as(c.token).post('/api/v1/service-requests', sr(c.id, 'event_protection', '2026-05-25', 4, { protectionLevel: 1, scenario: 'important_activity' }))).body.error.code).toBe('DURATION_NOT_ALLOWED');
    const ok = await t.as(c.token).post('/api/v1/service-requests', sr(c.id, 'event_protection', '2026-05-25', 3, { protectionLevel: 1, scenario: 'important_activity' }));
    expect(ok.status).toBe(201);
    const second = await t.as(c.token).post('/api/v1/service-requests', sr(c.id, 'event_protection', '2026-06-25', 1, { protectionLevel: 1, scenario: 'important_activity' }));
    expect(second.body.error).toMatchObject({ code: 'QUOTA_EXCEEDED', details: { quota: 'service:event_protection:level_1', limit: 1 } });
    // In the approved level-1 window every ticket is handled as urgent (10 minutes).
    await t.api.post(`/api/v1/service-requests/${ok.body.id}/accept`, {});
    await t.setClock('2026-05-26T10:00:00+08:00');
    // (Tianyi has no ticket API for customers' keys: staff open it on the hotline.)
    const tk = await t.api.post('/api/v1/tickets', { accountId: c.id, category: 'technical', severity: 'general', subject: 's', description: 'd' });
    expect(tk.body).toMatchObject({ severity: 'urgent', sla: { target: 'PT10M' } });
  });
});

describe.each(DB_KINDS)('service requests, huaweicloud-partner (%s)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ kind, catalog: 'huaweicloud-partner' });
  });
  afterAll(async () => t?.close());

  it('seed 003 §5.3/§5.4 standard: key-event protection 5 working days ahead (hard); architecture consulting counts working days, 3 ahead, never starting on a weekend', async () => {
    await t.setClock('2026-03-02T10:00:00+08:00'); // Monday
    const c = await createCustomer(t);
    await buyPlan(t, c.id, 'standard', { unit: 'year', count: 1 });
    const ep = await t.as(c.token).post('/api/v1/service-requests', sr(c.id, 'event_protection', '2026-03-06', 1, { scenario: 'marketing_event' }));
    expect(ep.body.error).toMatchObject({ code: 'LEAD_TIME_TOO_SHORT', details: { earliestStart: '2026-03-09' } });
    const weekend = await t.as(c.token).post('/api/v1/service-requests', sr(c.id, 'architecture_consulting', '2026-03-07', 1));
    expect(weekend.status).toBe(400);
    const consult = await t.as(c.token).post('/api/v1/service-requests', sr(c.id, 'architecture_consulting', '2026-03-06', 2));
    expect(consult.status).toBe(201);
    expect(consult.body).toMatchObject({ start: '2026-03-06', end: '2026-03-09', lockedOrder: false }); // Friday + Monday
  });
});

describe.each(DB_KINDS)('incident support (%s)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ kind });
  });
  afterAll(async () => t?.close());

  it('R-NTF-2 a level-1 incident notifies entitled affected accounts exactly once; they follow up with a linked ticket', async () => {
    const ent = await createCustomer(t, { region: 'cn-north-4' });
    await buyPlan(t, ent.id, 'enterprise', { unit: 'year', count: 1 });
    const elsewhere = await createCustomer(t, { region: 'cn-east-3' });
    await buyPlan(t, elsewhere.id, 'enterprise', { unit: 'year', count: 1 });
    const biz = await createCustomer(t, { region: 'cn-north-4' });
    await buyPlan(t, biz.id, 'business', { unit: 'year', count: 1 });
    const names = (s: string) => ({ 'zh-CN': s, 'en-US': s });
    const published = await t.api.post('/api/v1/incidents', { kind: 'industry', level: 1, title: names('OpenSSH CVE'), summary: names('critical'), guidance: names('patch'), affectedRegions: ['cn-north-4'] });
    expect(published.status).toBe(201);
    expect(published.body.notifiedAccounts).toBe(1);
    const messages = async (c: { id: string; token: string }) => (await t.as(c.token).get(`/api/v1/accounts/${c.id}/messages?kind=incident.published`)).body.total;
    await t.app.outbox.dispatchDue(t.app.clock.now());
    expect(await messages(ent)).toBe(1);
    expect(await messages(elsewhere)).toBe(0);
    expect(await messages(biz)).toBe(0);
    await t.setClock(new Date(t.app.clock.now().getTime() + 60_000).toISOString()); // the fan-out sweep runs again
    expect(await messages(ent)).toBe(1);
    const followUp = await t.as(ent.token).post('/api/v1/tickets', { accountId: ent.id, category: 'technical', severity: 'production_impaired', subject: 'CVE', description: 'help', incidentId: published.body.id });
    expect(followUp.body.incidentId).toBe(published.body.id);
    const stranger = await t.as(biz.token).post('/api/v1/tickets', { accountId: biz.id, category: 'technical', severity: 'production_impaired', subject: 'x', description: 'y', incidentId: published.body.id });
    expect(stranger.status).toBe(404);
    expect((await t.as(biz.token).get(`/api/v1/incidents/${published.body.id}`)).status).toBe(404);
    expect((await t.as(ent.token).get(`/api/v1/incidents/${published.body.id}`)).status).toBe(200);
  });
});

describe.each(DB_KINDS)('service requests: staff reschedule (%s)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ kind, catalog: 'ctyun' });
  });
  afterAll(async () => t?.close());

  it('Appendix B ctyun on-site visit: staff may reschedule or go remote with a reason; the customer may not; finished requests cannot move', async () => {
    await t.setClock('2026-06-01T10:00:00+08:00');
    const c = await createCustomer(t);
    await buyPlan(t, c.id, 'enterprise', { unit: 'year', count: 1 });
    const visit = await t.api.post('/api/v1/service-requests', sr(c.id, 'onsite_visit', '2026-06-20', 1, { scenario: 'on_demand', deliveryMethod: 'onsite' }));
    expect(visit.status).toBe(201);
    const byCustomer = await t.as(c.token).post(`/api/v1/service-requests/${visit.body.id}/reschedule`, { start: '2026-06-25', reason: 'x' });
    expect(byCustomer.status).toBe(403);
    const moved = await t.api.post(`/api/v1/service-requests/${visit.body.id}/reschedule`, { start: '2026-06-25', deliveryMethod: 'online', reason: '客户无法协调时间' });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ start: '2026-06-25', end: '2026-06-25', deliveryMethod: 'online', status: 'submitted' });
    const history = await t.api.get(`/api/v1/service-requests/${visit.body.id}`);
    expect(history.body.events.map((e: { kind: string }) => e.kind)).toEqual(['submitted', 'rescheduled']);
    expect(history.body.events[1].data).toMatchObject({ reason: '客户无法协调时间', from: { start: '2026-06-20', deliveryMethod: 'onsite' }, to: { start: '2026-06-25', deliveryMethod: 'online' } });
    const past = await t.api.post(`/api/v1/service-requests/${visit.body.id}/reschedule`, { start: '2026-05-01', reason: 'x' });
    expect(past.status).toBe(400);
    await t.api.post(`/api/v1/service-requests/${visit.body.id}/reject`, { reason: 'cancelled: force majeure' });
    const after = await t.api.post(`/api/v1/service-requests/${visit.body.id}/reschedule`, { start: '2026-06-28', reason: 'x' });
    expect(after.body.error.code).toBe('INVALID_STATE');
  });
});
