/**
 * R-SR-1…5, R-SUB-7, R-TKT-3 (event protection windows): allowances, lead times, durations, workflow,
 * deliverables, evaluation, locks — tables named after the seed sentences, on both databases.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveCatalogPath } from '../../src/contexts/catalog/use-cases/load-catalog.js';
import { expectError, serviceRequestInput } from '../support/actors.js';
import { DB_KINDS } from '../support/databases.js';
import type { ServiceRequestInput, TicketInput } from '../support/api-types.js';
import { buyPlan, createCustomer, startTestApp, type TestApp } from '../support/harness.js';
import { startSmtp, type SmtpSink } from '../support/smtp.js';
import { advance, type MessageItem } from '../support/tickets.js';

/** An event-protection request names a scenario (promotion) unless `extra` says otherwise. */
const sr = (
  accountId: string,
  type: ServiceRequestInput['type'],
  start: string,
  days: number,
  extra: Partial<ServiceRequestInput> = {},
) =>
  serviceRequestInput(accountId, type, start, days, {
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
    expect(first.body).toMatchObject({
      status: 'submitted',
      start: '2026-04-01',
      end: '2026-04-02',
      days: 2,
      lockedOrder: true,
      warnings: [],
    });
    const half = await t.as(c.token).post('/api/v1/service-requests', sr(c.id, 'event_protection', '2026-04-10', 1.5));
    expect(half.status).toBe(422);
    expect(half.body.error).toMatchObject({ code: 'DURATION_NOT_ALLOWED', details: { reason: 'whole_days' } });
    const over = await t.as(c.token).post('/api/v1/service-requests', sr(c.id, 'event_protection', '2026-04-10', 2));
    expect(over.status).toBe(409);
    expect(over.body.error).toMatchObject({
      code: 'QUOTA_EXCEEDED',
      details: { quota: 'service:event_protection', limit: 3, used: 2 },
    });
    const withdrawn = await t.as(c.token).post(`/api/v1/service-requests/${first.body.id}/withdraw`, {});
    expect(withdrawn.body.status).toBe('withdrawn');
    const again = await t.as(c.token).post('/api/v1/service-requests', sr(c.id, 'event_protection', '2026-04-10', 3));
    expect(again.status).toBe(201);
    const plan = await t.as(c.token).get(`/api/v1/accounts/${c.id}/plan`);
    expect(plan.body.quotas.find((q: { quota: string }) => q.quota === 'service:event_protection')).toMatchObject({
      limit: 3,
      used: 3,
      remaining: 0,
    });
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
    const refused = await t
      .as(monthly.token)
      .post('/api/v1/service-requests', sr(monthly.id, 'availability_check', '2026-03-20', 1));
    expect(refused.status).toBe(403);
    expect(refused.body.error?.details).toMatchObject({
      entitlement: 'service:availability_check',
      reason: 'condition_not_met',
    });
    const yearly = await createCustomer(t);
    await buyPlan(t, yearly.id, 'enterprise', { unit: 'year', count: 1 });
    const early = await t
      .as(yearly.token)
      .post('/api/v1/service-requests', sr(yearly.id, 'availability_check', '2026-03-11', 1));
    expect(early.status).toBe(422);
    expect(early.body.error).toMatchObject({ code: 'LEAD_TIME_TOO_SHORT', details: { earliestStart: '2026-03-12' } });
    expect(
      (await t.as(yearly.token).post('/api/v1/service-requests', sr(yearly.id, 'availability_check', '2026-03-12', 1)))
        .status,
    ).toBe(201);
    const second = await t
      .as(yearly.token)
      .post('/api/v1/service-requests', sr(yearly.id, 'availability_check', '2026-04-12', 1));
    expect(second.body.error).toMatchObject({ code: 'QUOTA_EXCEEDED', details: { limit: 1, used: 1 } });
  });

  it('R-SUB-7 applying locks the order: downgrade and unsubscribe are ORDER_LOCKED (quotes too) even after a rejection (enterprise is the top level: upgrades under a lock are tested at isoftstone)', async () => {
    const c = await createCustomer(t);
    await buyPlan(t, c.id, 'enterprise', { unit: 'year', count: 1 });
    const now = new Date(await (await t.api.get('/api/v1/test-clock')).body.now);
    const start = new Date(now.getTime() + 30 * 86_400_000).toISOString().slice(0, 10);
    const applied = await t.as(c.token).post('/api/v1/service-requests', sr(c.id, 'event_protection', start, 1));
    expect(applied.status).toBe(201);
    const rejected = await t.api.post(`/api/v1/service-requests/${applied.body.id}/reject`, { reason: 'no capacity' });
    expect(rejected.body).toMatchObject({ status: 'rejected', rejectReason: 'no capacity' });
    const down = await t
      .as(c.token)
      .post(`/api/v1/accounts/${c.id}/quotes`, { action: 'downgrade', level: 'business' });
    expect(down.body.error?.code).toBe('ORDER_LOCKED');
    const unsub = await t.as(c.token).post(`/api/v1/accounts/${c.id}/orders`, {
      action: 'unsubscribe',
      reason: 'testing_finished',
      agreementAccepted: true,
    });
    expect(unsub.body.error?.code).toBe('ORDER_LOCKED');
    expect((await t.as(c.token).get(`/api/v1/accounts/${c.id}/plan`)).body.locked).toBe(true);
  });

  it('R-SUB-7 an application for a lock-causing service and an unsubscribe at the same moment never both succeed (10 rounds)', async () => {
    const now = new Date(await (await t.api.get('/api/v1/test-clock')).body.now);
    const start = new Date(now.getTime() + 30 * 86_400_000).toISOString().slice(0, 10);
    for (let round = 0; round < 10; round++) {
      const c = await createCustomer(t);
      await buyPlan(t, c.id, 'enterprise', { unit: 'year', count: 1 });
      const [applied, unsub] = await Promise.all([
        t.as(c.token).post('/api/v1/service-requests', sr(c.id, 'event_protection', start, 1)),
        t.as(c.token).post(`/api/v1/accounts/${c.id}/orders`, {
          action: 'unsubscribe',
          reason: 'testing_finished',
          agreementAccepted: true,
        }),
      ]);
      const label = `round ${round}: apply ${applied.status} ${applied.body?.error?.code ?? ''}, unsubscribe ${unsub.status} ${unsub.body?.error?.code ?? ''}`;
      // Exactly one wins: either the application locked the term first (the unsubscribe is ORDER_LOCKED) or the
      // unsubscribe came first (the application meets the free default level and is NOT_ENTITLED).
      if (applied.status === 201) {
        expect(applied.body.lockedOrder, label).toBe(true);
        expect(unsub.status, label).toBe(409);
        expect(unsub.body.error?.code, label).toBe('ORDER_LOCKED');
        expect((await t.as(c.token).get(`/api/v1/accounts/${c.id}/plan`)).body).toMatchObject({
          level: 'enterprise',
          status: 'active',
          locked: true,
        });
      } else {
        expect(unsub.status, label).toBe(201);
        expect(applied.status, label).toBe(403);
        expect(applied.body.error?.code, label).toBe('NOT_ENTITLED');
        expect((await t.as(c.token).get(`/api/v1/service-requests?accountId=${c.id}`)).body.total, label).toBe(0);
      }
    }
  });

  it("R-SR-3 the duration is the domain's rule, not the schema's: 0, negative, fractional and over-long days are DURATION_NOT_ALLOWED (422), never VALIDATION_FAILED", async () => {
    const c = await createCustomer(t);
    await buyPlan(t, c.id, 'enterprise', { unit: 'year', count: 1 });
    const now = new Date(await (await t.api.get('/api/v1/test-clock')).body.now);
    const start = new Date(now.getTime() + 30 * 86_400_000).toISOString().slice(0, 10);
    const apply = (days: number) =>
      t.as(c.token).post('/api/v1/service-requests', sr(c.id, 'event_protection', start, days));
    expect(expectError(await apply(0), 422, 'DURATION_NOT_ALLOWED')).toMatchObject({
      days: 0,
      reason: 'whole_days',
      minDays: 1,
    });
    expect(expectError(await apply(-2), 422, 'DURATION_NOT_ALLOWED')).toMatchObject({ days: -2, reason: 'whole_days' });
    expect(expectError(await apply(0.5), 422, 'DURATION_NOT_ALLOWED')).toMatchObject({ reason: 'whole_days' });
    // Huawei event protection has no maximum of its own: a request is never longer than a year (366 days).
    expect(expectError(await apply(367), 422, 'DURATION_NOT_ALLOWED')).toMatchObject({
      days: 367,
      reason: 'too_long',
      maxDays: 366,
    });
    expect(expectError(await apply(1e9), 422, 'DURATION_NOT_ALLOWED')).toMatchObject({
      reason: 'too_long',
      maxDays: 366,
    });
    // Availability checks are one day at most (the catalog's maxDays).
    expect(
      expectError(
        await t.as(c.token).post('/api/v1/service-requests', sr(c.id, 'availability_check', start, 2)),
        422,
        'DURATION_NOT_ALLOWED',
      ),
    ).toMatchObject({ reason: 'too_long', maxDays: 1 });
    // A non-number is still a schema error.
    expectError(
      await t
        .as(c.token)
        .post('/api/v1/service-requests', sr(c.id, 'event_protection', start, '2' as unknown as number)),
      400,
      'VALIDATION_FAILED',
    );
    // Nothing was consumed or locked by the refusals.
    expect((await t.as(c.token).get(`/api/v1/accounts/${c.id}/plan`)).body).toMatchObject({ locked: false });
    expect((await apply(3)).status).toBe(201);
  });

  it('R-SR-4 deliverables: only staff upload (a customer is FORBIDDEN), type and size are checked, another tenant downloads nothing (NOT_FOUND); stars outside 1–5 are VALIDATION_FAILED', async () => {
    const c = await createCustomer(t);
    await buyPlan(t, c.id, 'enterprise', { unit: 'year', count: 1 });
    const now = new Date(await (await t.api.get('/api/v1/test-clock')).body.now);
    const start = new Date(now.getTime() + 40 * 86_400_000).toISOString().slice(0, 10);
    const req = (await t.as(c.token).post('/api/v1/service-requests', sr(c.id, 'event_protection', start, 1))).body;
    await t.api.post(`/api/v1/service-requests/${req.id}/accept`, {});
    const file = (content: string, contentType = 'application/pdf', filename = 'plan.pdf') => ({
      filename,
      contentType,
      contentBase64: Buffer.from(content).toString('base64'),
    });
    const url = `/api/v1/service-requests/${req.id}/deliverables` as const;
    expect(expectError(await t.as(c.token).post(url, file('%PDF-1.4 mine')), 403, 'FORBIDDEN')).toMatchObject({
      action: 'service_request.add_deliverable',
      requiredRole: ['provider_admin', 'support_engineer', 'tam'],
    });
    const badType = expectError(
      await t.api.post(url, file('MZ', 'application/x-msdownload', 'tool.exe')),
      400,
      'VALIDATION_FAILED',
    );
    expect(badType.issues).toEqual([expect.objectContaining({ path: 'body.contentType' })]);
    expect(
      expectError(
        await t.api.post(url, { filename: 'empty.pdf', contentType: 'application/pdf', contentBase64: '' }),
        400,
        'VALIDATION_FAILED',
      ).issues[0]!.path,
    ).toBe('body.contentBase64');
    const good = await t.api.post(url, file('%PDF-1.4 protection plan'));
    expect(good.status).toBe(201);
    expect((await t.as(c.token).get(url)).body).toMatchObject({
      items: [{ id: good.body.id, filename: 'plan.pdf', contentType: 'application/pdf' }],
      page: 1,
      pageSize: 10,
      total: 1,
    });

    const stranger = await createCustomer(t, { name: 'Another tenant' });
    expectError(await t.as(stranger.token).get(`${url}/${good.body.id}`), 404, 'NOT_FOUND');
    expectError(await t.as(stranger.token).get(url), 404, 'NOT_FOUND');
    expectError(await t.as(c.token).get(`${url}/dlv_doesnotexist`), 404, 'NOT_FOUND');

    await t.api.post(`/api/v1/service-requests/${req.id}/complete`, {});
    const evaluate = (body: Record<string, unknown>) =>
      t.as(c.token).unchecked.post(`/api/v1/service-requests/${req.id}/evaluation`, body);
    for (const bad of [
      { responseSpeed: 0, deliverableQuality: 3 },
      { responseSpeed: 6, deliverableQuality: 3 },
      { responseSpeed: 3, deliverableQuality: 0 },
      { responseSpeed: 3, deliverableQuality: 6 },
      { responseSpeed: 2.5, deliverableQuality: 3 },
    ]) {
      expectError(await evaluate(bad), 400, 'VALIDATION_FAILED');
    }
    expect((await t.as(c.token).get(`/api/v1/service-requests/${req.id}`)).body.evaluation).toBeNull();
    expect((await evaluate({ responseSpeed: 1, deliverableQuality: 5 })).body.evaluation).toMatchObject({
      responseSpeed: 1,
      deliverableQuality: 5,
    });
  });

  it('R-CAT-5 enterprise in EU-Paris has no event protection: NOT_ENTITLED naming the region', async () => {
    const c = await createCustomer(t, { region: 'eu-west-0', timeZone: 'Europe/Paris' });
    await buyPlan(t, c.id, 'enterprise', { unit: 'year', count: 1 });
    const res = await t.as(c.token).post('/api/v1/service-requests', sr(c.id, 'event_protection', '2026-12-20', 1));
    expect(res.status).toBe(403);
    expect(res.body.error?.details).toMatchObject({
      entitlement: 'service:event_protection',
      reason: 'region',
      region: 'eu-west-0',
    });
    // GET /plan shows it unavailable with the reason in its own field; `period` is the subscription year, as API.md says.
    const quota = (await t.as(c.token).get(`/api/v1/accounts/${c.id}/plan`)).body.quotas.find(
      (q: { quota: string }) => q.quota === 'service:event_protection',
    );
    expect(quota).toEqual({
      quota: 'service:event_protection',
      limit: 0,
      used: 0,
      remaining: 0,
      period: expect.stringMatching(/^Y1@\d{4}-\d{2}-\d{2}$/),
      unavailable: { reason: 'region' },
    });
  });

  it('R-TKT-3 in an approved protection window a production_down ticket is answered within 15 minutes, not 30', async () => {
    // Dates from the file's clock (a walk to a fixed far date would run every month-end of every account on the way).
    const today = DateTime.fromISO((await t.api.get('/api/v1/test-clock')).body.now, { zone: 'Asia/Shanghai' });
    const day = (n: number) => today.plus({ days: n }).toISODate()!;
    const c = await createCustomer(t);
    await buyPlan(t, c.id, 'enterprise', { unit: 'year', count: 1 });
    const applied = await t.as(c.token).post('/api/v1/service-requests', sr(c.id, 'event_protection', day(20), 2));
    expect(applied.status).toBe(201);
    const ticket: TicketInput = {
      accountId: c.id,
      category: 'technical',
      severity: 'production_down',
      subject: 's',
      description: 'd',
    };
    await t.setClock(`${day(20)}T10:00:00+08:00`);
    expect((await t.as(c.token).post('/api/v1/tickets', ticket)).body.sla.target).toBe('PT30M'); // submitted, not yet approved
    await t.api.post(`/api/v1/service-requests/${applied.body.id}/accept`, {});
    const protectedTicket = await t.as(c.token).post('/api/v1/tickets', ticket);
    expect(protectedTicket.body.sla).toMatchObject({ target: 'PT15M', adjustment: { reason: 'event_protection' } });
    await t.setClock(`${day(22)}T00:00:00+08:00`); // the day after the window
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
    expect((await t.as(c.token).post(`/api/v1/service-requests/${s1.id}/withdraw`, {})).body.error?.code).toBe(
      'INVALID_STATE',
    );
    expect(
      (
        await t
          .as(c.token)
          .post(`/api/v1/service-requests/${s1.id}/evaluation`, { responseSpeed: 5, deliverableQuality: 5 })
      ).body.error?.code,
    ).toBe('INVALID_STATE');
    const file = Buffer.from('# Monitoring report\nall good\n');
    const d = await t.api.post(`/api/v1/service-requests/${s1.id}/deliverables`, {
      filename: 'report.md',
      contentType: 'text/markdown',
      contentBase64: file.toString('base64'),
    });
    expect(d.status).toBe(201);
    const list = await t.as(c.token).get(`/api/v1/service-requests/${s1.id}/deliverables`);
    expect(list.body.items.map((x: { filename: string }) => x.filename)).toEqual(['report.md']);
    const dl = await t.app.http.inject({
      method: 'GET',
      url: `/api/v1/service-requests/${s1.id}/deliverables/${d.body.id}`,
      headers: { authorization: `Bearer ${c.token}` },
    });
    expect(dl.rawPayload.equals(file)).toBe(true);
    expect(dl.headers['content-type']).toContain('text/markdown');
    expect((await t.api.post(`/api/v1/service-requests/${s1.id}/complete`, {})).body.status).toBe('completed');
    const long = await t.as(c.token).post(`/api/v1/service-requests/${s1.id}/evaluation`, {
      responseSpeed: 4,
      deliverableQuality: 5,
      feedback: 'x'.repeat(501),
    });
    expect(long.status).toBe(400);
    const ok = await t.as(c.token).post(`/api/v1/service-requests/${s1.id}/evaluation`, {
      responseSpeed: 4,
      deliverableQuality: 5,
      feedback: 'x'.repeat(500),
    });
    expect(ok.body.evaluation).toMatchObject({ responseSpeed: 4, deliverableQuality: 5 });
    expect(
      (
        await t
          .as(c.token)
          .post(`/api/v1/service-requests/${s1.id}/evaluation`, { responseSpeed: 1, deliverableQuality: 1 })
      ).body.error?.code,
    ).toBe('INVALID_STATE');
    const other = await createCustomer(t);
    expect((await t.as(other.token).get(`/api/v1/service-requests/${s1.id}`)).status).toBe(404);
  });

  it('R-SR-2 allowance consumption is exact under concurrency: 12 simultaneous 1-day applications against 3 days accept exactly 3', async () => {
    const c = await createCustomer(t);
    await buyPlan(t, c.id, 'enterprise', { unit: 'year', count: 1 });
    const now = new Date(await (await t.api.get('/api/v1/test-clock')).body.now);
    const start = new Date(now.getTime() + 60 * 86_400_000).toISOString().slice(0, 10);
    const results = await Promise.all(
      Array.from({ length: 12 }, () =>
        t.as(c.token).post('/api/v1/service-requests', sr(c.id, 'event_protection', start, 1)),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(3);
    expect(results.filter((r) => r.status === 409)).toHaveLength(9);
  });

  it('R-SR-4 "my service requests": 10 a page by default, newest first, filtered by type and status', async () => {
    const c = await createCustomer(t);
    await buyPlan(t, c.id, 'enterprise', { unit: 'year', count: 1 });
    const now = new Date(await (await t.api.get('/api/v1/test-clock')).body.now);
    const start = new Date(now.getTime() + 60 * 86_400_000).toISOString().slice(0, 10);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push((await t.as(c.token).post('/api/v1/service-requests', sr(c.id, 'event_protection', start, 1))).body.id);
    ids.push((await t.as(c.token).post('/api/v1/service-requests', sr(c.id, 'availability_check', start, 1))).body.id);
    const page = await t.as(c.token).get(`/api/v1/service-requests?accountId=${c.id}`);
    expect(page.body).toMatchObject({ page: 1, pageSize: 10, total: 4 });
    expect(page.body.items.map((x: { id: string }) => x.id)).toEqual([...ids].reverse());
    const filtered = await t
      .as(c.token)
      .get(`/api/v1/service-requests?accountId=${c.id}&type=availability_check&status=submitted`);
    expect(filtered.body.items.map((x: { id: string }) => x.id)).toEqual([ids[3]]);
  });
});

describe.each(DB_KINDS)('service requests, huaweicloud-intl continuous months (%s)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ kind });
  });
  afterAll(async () => t?.close());

  it(
    'seed 000 §1.3 "连续购满半年提供1个自然日": monthly enterprise gets 1 day after 6 continuous months, 3 after 12',
    async () => {
      await t.setClock('2026-05-04T10:00:00+08:00');
      const c = await createCustomer(t);
      await buyPlan(t, c.id, 'enterprise', { unit: 'month', count: 9 });
      const none = await t.as(c.token).post('/api/v1/service-requests', sr(c.id, 'event_protection', '2026-06-01', 1));
      expect(none.body.error?.details.reason).toBe('condition_not_met');
      await t.setClock('2026-11-05T10:00:00+08:00');
      expect(
        (await t.as(c.token).post('/api/v1/service-requests', sr(c.id, 'event_protection', '2026-12-01', 1))).status,
      ).toBe(201);
      const more = await t.as(c.token).post('/api/v1/service-requests', sr(c.id, 'event_protection', '2026-12-03', 1));
      expect(more.body.error).toMatchObject({ code: 'QUOTA_EXCEEDED', details: { limit: 1, used: 1 } });
      // Renewed by the month without a gap: still continuous, still monthly (no yearly purchase).
      const renew = await t.api.post(`/api/v1/accounts/${c.id}/orders`, {
        action: 'renew',
        term: { unit: 'month', count: 4 },
        agreementAccepted: true,
      });
      expect((await t.api.post(`/api/v1/orders/${renew.body.id}/pay`)).status).toBe(200);
      const epQuota = async () =>
        (await t.as(c.token).get(`/api/v1/accounts/${c.id}/plan`)).body.quotas.find(
          (q: { quota: string }) => q.quota === 'service:event_protection',
        );
      await t.setClock('2027-05-03T10:00:00+08:00'); // 11 continuous months: still the 1 day
      expect(await epQuota()).toMatchObject({ limit: 1, used: 1, remaining: 0, period: 'Y1@2026-05-04' });
      await t.setClock('2027-05-04T10:00:00+08:00'); // 12 continuous months: 3 natural days
      expect(await epQuota()).toMatchObject({ limit: 3, used: 0, remaining: 3, period: 'Y2@2026-05-04' });
      const three = await t.as(c.token).post('/api/v1/service-requests', sr(c.id, 'event_protection', '2027-06-01', 3));
      expect(three.status).toBe(201);
      const fourth = await t
        .as(c.token)
        .post('/api/v1/service-requests', sr(c.id, 'event_protection', '2027-06-10', 1));
      expect(fourth.body.error).toMatchObject({ code: 'QUOTA_EXCEEDED', details: { limit: 3, used: 3 } });
    },
    180_000 /* a year of the test clock, every sweep at every due instant: ~12 s idle, more on a busy machine */,
  );
});

describe.each(DB_KINDS)('service request notifications and file limits (%s)', (kind) => {
  let t: TestApp;
  let smtp: SmtpSink;
  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startTestApp({
      kind,
      config: { smtpUrl: smtp.url, mailFrom: 'Tierdesk <support@tierdesk.test>', attachmentMaxBytes: 1024 },
    });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('R-SR-4 R-NTF-1 every state change — submitted, accepted, completed, rejected, withdrawn by the customer — reaches the message center and email once', async () => {
    await t.setClock('2026-03-09T10:00:00+08:00');
    const address = 'sr-notify@example.com';
    const c = await createCustomer(t, { email: address, locale: 'en-US' });
    await buyPlan(t, c.id, 'enterprise', { unit: 'year', count: 1 });
    const apply = async (start: string) => {
      const res = await t.as(c.token).post('/api/v1/service-requests', sr(c.id, 'event_protection', start, 1));
      expect(res.status).toBe(201);
      return res.body as { id: string; number: string };
    };
    const done = await apply('2026-04-01');
    expect((await t.api.post(`/api/v1/service-requests/${done.id}/accept`, {})).body.status).toBe('processing');
    expect((await t.api.post(`/api/v1/service-requests/${done.id}/complete`, {})).body.status).toBe('completed');
    const rejected = await apply('2026-04-10');
    expect(
      (await t.api.post(`/api/v1/service-requests/${rejected.id}/reject`, { reason: 'no capacity' })).body.status,
    ).toBe('rejected');
    const withdrawn = await apply('2026-04-20');
    expect((await t.as(c.token).post(`/api/v1/service-requests/${withdrawn.id}/withdraw`, {})).body.status).toBe(
      'withdrawn',
    );
    await advance(t, 1000); // the outbox runs
    await advance(t, 60_000); // and again: nothing twice

    const center = (await t.as(c.token).get(`/api/v1/accounts/${c.id}/messages?pageSize=100`)).body
      .items as MessageItem[];
    const changes = (id: string) =>
      center
        .filter((m) => m.data.serviceRequestId === id)
        .map((m) => `${m.kind}:${String(m.data.status)}`)
        .sort();
    expect(changes(done.id)).toEqual([
      'service_request.created:submitted',
      'service_request.status_changed:completed',
      'service_request.status_changed:processing',
    ]);
    expect(changes(rejected.id)).toEqual([
      'service_request.created:submitted',
      'service_request.status_changed:rejected',
    ]);
    expect(changes(withdrawn.id)).toEqual([
      'service_request.created:submitted',
      'service_request.status_changed:withdrawn',
    ]);

    // The notice's title heads each mail; the mails of one request are one thread under its number.
    const subjects = (n: string) =>
      smtp
        .to(address)
        .map((m) => m.text.split('\n')[0]!)
        .filter((x) => x.endsWith(`: ${n}`))
        .sort();
    const thread = smtp.to(address).filter((m) => m.subject.includes(`[Service request ${done.number}]`));
    expect(thread).toHaveLength(3);
    expect(thread.filter((m) => !m.subject.startsWith('Re: '))).toHaveLength(1);
    expect(new Set(thread.map((m) => m.parsed.references ?? m.parsed.messageId).flat())).toEqual(
      new Set([thread.find((m) => !m.subject.startsWith('Re: '))!.parsed.messageId]),
    );
    expect(subjects(done.number)).toEqual([
      `Service request accepted: ${done.number}`,
      `Service request completed: ${done.number}`,
      `Service request submitted: ${done.number}`,
    ]);
    expect(subjects(rejected.number)).toEqual([
      `Service request rejected: ${rejected.number}`,
      `Service request submitted: ${rejected.number}`,
    ]);
    expect(subjects(withdrawn.number)).toEqual([
      `Service request submitted: ${withdrawn.number}`,
      `Service request withdrawn: ${withdrawn.number}`,
    ]);
  });

  it('R-SR-4 deliverables are stored with a size limit: one byte over attachmentMaxBytes is VALIDATION_FAILED, at the limit it is stored', async () => {
    const c = await createCustomer(t);
    await buyPlan(t, c.id, 'enterprise', { unit: 'year', count: 1 });
    const now = new Date(await (await t.api.get('/api/v1/test-clock')).body.now);
    const start = new Date(now.getTime() + 30 * 86_400_000).toISOString().slice(0, 10);
    const req = (await t.as(c.token).post('/api/v1/service-requests', sr(c.id, 'event_protection', start, 1))).body;
    await t.api.post(`/api/v1/service-requests/${req.id}/accept`, {});
    const upload = (bytes: number) =>
      t.api.post(`/api/v1/service-requests/${req.id}/deliverables`, {
        filename: 'r.txt',
        contentType: 'text/plain',
        contentBase64: Buffer.alloc(bytes, 65).toString('base64'),
      });
    const over = expectError(await upload(1025), 400, 'VALIDATION_FAILED');
    expect(over.issues[0]).toMatchObject({ path: 'body.contentBase64' });
    expect(over.issues[0]!.message).toContain('1024');
    const stored = await upload(1024);
    expect(stored.status).toBe(201);
    expect(stored.body).toMatchObject({ filename: 'r.txt', contentType: 'text/plain', sizeBytes: 1024 });
    expect(
      (await t.as(c.token).get(`/api/v1/service-requests/${req.id}/deliverables`)).body.items.map(
        (d: { id: string }) => d.id,
      ),
    ).toEqual([stored.body.id]);
  });
});

/** ctyun with architecture consulting taken in half days (`wholeDays: false`); everything else as shipped. */
function ctyunWithHalfDayConsulting(): string {
  const text = readFileSync(resolveCatalogPath('ctyun'), 'utf8');
  const changed = text.replace(/(- id: architecture_consulting\n[\s\S]*?wholeDays: )true/, '$1false');
  if (changed === text) throw new Error('architecture_consulting wholeDays not found in ctyun.yaml');
  const path = join(mkdtempSync(join(tmpdir(), 'tierdesk-catalog-')), 'ctyun-half-days.yaml');
  writeFileSync(path, changed);
  return path;
}

describe.each(DB_KINDS)(
  'service requests, ctyun consulting: on demand or with staff approval; half days (%s)',
  (kind) => {
    let t: TestApp;
    const catalogPath = ctyunWithHalfDayConsulting();
    beforeAll(async () => {
      t = await startTestApp({ kind, catalog: catalogPath });
    });
    afterAll(async () => {
      await t?.close();
      rmSync(dirname(catalogPath), { recursive: true, force: true });
    });

    it('Appendix B ctyun consulting "business: staff approve / enterprise: on demand": a business request waits in submitted for staff; an enterprise request is accepted as it is submitted', async () => {
      await t.setClock('2026-03-02T10:00:00+08:00');
      const biz = await createCustomer(t);
      await buyPlan(t, biz.id, 'business', { unit: 'year', count: 1 });
      const ent = await createCustomer(t);
      await buyPlan(t, ent.id, 'enterprise', { unit: 'year', count: 1 });
      for (const type of ['architecture_consulting', 'cloud_configuration'] as const) {
        const waiting = await t.as(biz.token).post('/api/v1/service-requests', sr(biz.id, type, '2026-03-10', 1));
        expect(waiting.status).toBe(201);
        expect(waiting.body).toMatchObject({ status: 'submitted', acceptedAt: null });
        expect(
          (await t.as(biz.token).get(`/api/v1/service-requests/${waiting.body.id}`)).body.events.map(
            (e: { kind: string }) => e.kind,
          ),
        ).toEqual(['submitted']);
        expect((await t.api.post(`/api/v1/service-requests/${waiting.body.id}/accept`, {})).body.status).toBe(
          'processing',
        );

        const onDemand = await t.as(ent.token).post('/api/v1/service-requests', sr(ent.id, type, '2026-03-10', 1));
        expect(onDemand.status).toBe(201);
        expect(onDemand.body).toMatchObject({ status: 'processing', acceptedAt: '2026-03-02T02:00:00.000Z' });
        const history = (await t.as(ent.token).get(`/api/v1/service-requests/${onDemand.body.id}`)).body.events;
        expect(history.map((e: { kind: string; actor: string }) => `${e.kind}:${e.actor}`)).toEqual([
          'submitted:' + history[0]!.actor,
          'processing:system',
        ]);
        expect(history[1]!.data).toMatchObject({ from: 'submitted', reason: 'no_staff_approval' });
        // Nothing left for staff to approve; it is already being worked on, so it is no longer withdrawn.
        expectError(await t.api.post(`/api/v1/service-requests/${onDemand.body.id}/accept`, {}), 409, 'INVALID_STATE');
        expectError(
          await t.as(ent.token).post(`/api/v1/service-requests/${onDemand.body.id}/withdraw`, {}),
          409,
          'INVALID_STATE',
        );
        expect((await t.api.post(`/api/v1/service-requests/${onDemand.body.id}/complete`, {})).body.status).toBe(
          'completed',
        );
        const told = (await t.as(ent.token).get(`/api/v1/accounts/${ent.id}/messages?pageSize=100`)).body.items.filter(
          (m: MessageItem) => m.data.serviceRequestId === onDemand.body.id,
        );
        expect(told.map((m: MessageItem) => `${m.kind}:${String(m.data.status)}`).sort()).toEqual([
          'service_request.created:submitted',
          'service_request.status_changed:completed',
          'service_request.status_changed:processing',
        ]);
      }
    });

    it('R-SR-2 wholeDays: a service with wholeDays false takes half days (a half day takes its date; 1.5 days end the next day); finer fractions and 0 are DURATION_NOT_ALLOWED; a wholeDays service still refuses 1.5', async () => {
      await t.setClock('2026-03-02T10:00:00+08:00');
      const c = await createCustomer(t);
      await buyPlan(t, c.id, 'enterprise', { unit: 'year', count: 1 });
      const consult = (start: string, days: number) =>
        t.as(c.token).post('/api/v1/service-requests', sr(c.id, 'architecture_consulting', start, days));
      const half = await consult('2026-03-10', 0.5);
      expect(half.status).toBe(201);
      expect(half.body).toMatchObject({ days: 0.5, start: '2026-03-10', end: '2026-03-10' });
      const oneAndHalf = await consult('2026-03-12', 1.5);
      expect(oneAndHalf.status).toBe(201);
      expect(oneAndHalf.body).toMatchObject({ days: 1.5, start: '2026-03-12', end: '2026-03-13' });
      expect((await t.as(c.token).get(`/api/v1/service-requests/${oneAndHalf.body.id}`)).body.days).toBe(1.5);
      expect(expectError(await consult('2026-03-12', 0.25), 422, 'DURATION_NOT_ALLOWED')).toMatchObject({
        days: 0.25,
        reason: 'half_days',
        minDays: 0.5,
      });
      expect(expectError(await consult('2026-03-12', 0), 422, 'DURATION_NOT_ALLOWED')).toMatchObject({
        reason: 'half_days',
      });
      expect(expectError(await consult('2026-03-12', 1.75), 422, 'DURATION_NOT_ALLOWED')).toMatchObject({
        reason: 'half_days',
      });
      // cloud_configuration keeps wholeDays: true in this catalog.
      const whole = await t
        .as(c.token)
        .post('/api/v1/service-requests', sr(c.id, 'cloud_configuration', '2026-03-12', 1.5));
      expect(expectError(whole, 422, 'DURATION_NOT_ALLOWED')).toMatchObject({ reason: 'whole_days', minDays: 1 });
    });
  },
);

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
    const l1 = await t
      .as(c.token)
      .post(
        '/api/v1/service-requests',
        sr(c.id, 'event_protection', '2026-06-01', 1, { protectionLevel: 1, scenario: 'important_activity' }),
      );
    expect(l1.status).toBe(403);
    expect(l1.body.error?.details).toMatchObject({
      entitlement: 'service:event_protection:level_1',
      allowedProtectionLevels: [3],
    });
    const soon = await t
      .as(c.token)
      .post(
        '/api/v1/service-requests',
        sr(c.id, 'event_protection', '2026-05-15', 1, { protectionLevel: 3, scenario: 'important_activity' }),
      );
    expect(soon.body.error).toMatchObject({ code: 'LEAD_TIME_TOO_SHORT', details: { earliestStart: '2026-05-16' } });
    const long = await t
      .as(c.token)
      .post(
        '/api/v1/service-requests',
        sr(c.id, 'event_protection', '2026-05-16', 11, { protectionLevel: 3, scenario: 'important_activity' }),
      );
    expect(long.body.error).toMatchObject({ code: 'DURATION_NOT_ALLOWED', details: { maxDays: 10 } });
    const ok = await t
      .as(c.token)
      .post(
        '/api/v1/service-requests',
        sr(c.id, 'event_protection', '2026-05-16', 10, { protectionLevel: 3, scenario: 'important_activity' }),
      );
    expect(ok.status).toBe(201);
    expect(ok.body.lockedOrder).toBe(false);
    expect(
      (
        await t
          .as(c.token)
          .post(
            '/api/v1/service-requests',
            sr(c.id, 'event_protection', '2026-07-01', 1, { protectionLevel: 3, scenario: 'important_activity' }),
          )
      ).body.error?.code,
    ).toBe('QUOTA_EXCEEDED');
  });

  it('R-SR-3 "applied 2026-05-11, 14 days ahead → start 2026-05-25 or later"; level 1 ≤ 3 days; 1 level-1 a year inside the 4', async () => {
    await t.setClock('2026-05-11T10:00:00+08:00');
    const c = await createCustomer(t);
    await buyPlan(t, c.id, 'enterprise', { unit: 'year', count: 1 });
    const early = await t
      .as(c.token)
      .post(
        '/api/v1/service-requests',
        sr(c.id, 'event_protection', '2026-05-24', 1, { protectionLevel: 1, scenario: 'important_activity' }),
      );
    expect(early.body.error).toMatchObject({ code: 'LEAD_TIME_TOO_SHORT', details: { earliestStart: '2026-05-25' } });
    expect(
      (
        await t
          .as(c.token)
          .post(
            '/api/v1/service-requests',
            sr(c.id, 'event_protection', '2026-05-25', 4, { protectionLevel: 1, scenario: 'important_activity' }),
          )
      ).body.error?.code,
    ).toBe('DURATION_NOT_ALLOWED');
    const ok = await t
      .as(c.token)
      .post(
        '/api/v1/service-requests',
        sr(c.id, 'event_protection', '2026-05-25', 3, { protectionLevel: 1, scenario: 'important_activity' }),
      );
    expect(ok.status).toBe(201);
    const second = await t
      .as(c.token)
      .post(
        '/api/v1/service-requests',
        sr(c.id, 'event_protection', '2026-06-25', 1, { protectionLevel: 1, scenario: 'important_activity' }),
      );
    expect(second.body.error).toMatchObject({
      code: 'QUOTA_EXCEEDED',
      details: { quota: 'service:event_protection:level_1', limit: 1 },
    });
    // In the approved level-1 window every ticket is handled as urgent (10 minutes).
    await t.api.post(`/api/v1/service-requests/${ok.body.id}/accept`, {});
    await t.setClock('2026-05-26T10:00:00+08:00');
    // (Tianyi has no ticket API for customers' keys: staff open it on the hotline.)
    const tk = await t.api.post('/api/v1/tickets', {
      accountId: c.id,
      category: 'technical',
      severity: 'general',
      subject: 's',
      description: 'd',
    });
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
    const ep = await t
      .as(c.token)
      .post('/api/v1/service-requests', sr(c.id, 'event_protection', '2026-03-06', 1, { scenario: 'marketing_event' }));
    expect(ep.body.error).toMatchObject({ code: 'LEAD_TIME_TOO_SHORT', details: { earliestStart: '2026-03-09' } });
    const weekend = await t
      .as(c.token)
      .post('/api/v1/service-requests', sr(c.id, 'architecture_consulting', '2026-03-07', 1));
    expect(weekend.status).toBe(400);
    const consult = await t
      .as(c.token)
      .post('/api/v1/service-requests', sr(c.id, 'architecture_consulting', '2026-03-06', 2));
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
    const published = await t.api.post('/api/v1/incidents', {
      kind: 'industry',
      level: 1,
      title: names('OpenSSH CVE'),
      summary: names('critical'),
      guidance: names('patch'),
      affectedRegions: ['cn-north-4'],
    });
    expect(published.status).toBe(201);
    expect(published.body.notifiedAccounts).toBe(1);
    const messages = async (c: { id: string; token: string }) =>
      (await t.as(c.token).get(`/api/v1/accounts/${c.id}/messages?kind=incident.published`)).body.total;
    await t.app.outbox.dispatchDue(t.app.clock.now());
    expect(await messages(ent)).toBe(1);
    expect(await messages(elsewhere)).toBe(0);
    expect(await messages(biz)).toBe(0);
    await t.setClock(new Date(t.app.clock.now().getTime() + 60_000).toISOString()); // the fan-out sweep runs again
    expect(await messages(ent)).toBe(1);
    const followUp = await t.as(ent.token).post('/api/v1/tickets', {
      accountId: ent.id,
      category: 'technical',
      severity: 'production_impaired',
      subject: 'CVE',
      description: 'help',
      incidentId: published.body.id,
    });
    expect(followUp.body.incidentId).toBe(published.body.id);
    const stranger = await t.as(biz.token).post('/api/v1/tickets', {
      accountId: biz.id,
      category: 'technical',
      severity: 'production_impaired',
      subject: 'x',
      description: 'y',
      incidentId: published.body.id,
    });
    expect(stranger.status).toBe(404);
    expect((await t.as(biz.token).get(`/api/v1/incidents/${published.body.id}`)).status).toBe(404);
    expect((await t.as(ent.token).get(`/api/v1/incidents/${published.body.id}`)).status).toBe(200);
  });

  it('R-NTF-2 an update notifies each entitled affected account exactly once, with the update row in the same commit; two resolutions at once: one wins, one is INVALID_STATE', async () => {
    const region = 'cn-south-1';
    const first = await createCustomer(t, { region });
    await buyPlan(t, first.id, 'enterprise', { unit: 'year', count: 1 });
    const second = await createCustomer(t, { region });
    await buyPlan(t, second.id, 'enterprise', { unit: 'year', count: 1 });
    const notEntitled = await createCustomer(t, { region });
    await buyPlan(t, notEntitled.id, 'business', { unit: 'year', count: 1 });
    const names = (x: string) => ({ 'zh-CN': x, 'en-US': x });
    const published = await t.api.post('/api/v1/incidents', {
      kind: 'platform_change',
      level: 2,
      title: names('Network maintenance'),
      summary: names('planned'),
      guidance: names('none needed'),
      affectedRegions: [region],
    });
    expect(published.body.notifiedAccounts).toBe(2);
    const id = published.body.id as string;
    const told = async (c: { id: string; token: string }, kind: string) =>
      (
        (await t.as(c.token).get(`/api/v1/accounts/${c.id}/messages?kind=${kind}&pageSize=100`)).body
          .items as MessageItem[]
      ).filter((m) => m.data.incidentId === id);

    const update = await t.api.post(`/api/v1/incidents/${id}/updates`, { body: names('window moved to 02:00') });
    expect(update.status).toBe(201);
    expect(update.body).toMatchObject({ status: 'open', notifiedAccounts: 2 });
    await advance(t, 1000);
    await advance(t, 60_000); // the outbox and the sweeps run again: nobody is told twice
    for (const c of [first, second]) {
      const updates = await told(c, 'incident.updated');
      expect(updates).toHaveLength(1);
      expect(updates[0]!.body['en-US']).toBe('window moved to 02:00');
    }
    expect(await told(notEntitled, 'incident.updated')).toEqual([]);

    const [a, b] = await Promise.all([
      t.api.post(`/api/v1/incidents/${id}/updates`, { body: names('done (a)'), resolve: true }),
      t.api.post(`/api/v1/incidents/${id}/updates`, { body: names('done (b)'), resolve: true }),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    expect((a.status === 409 ? a : b).body.error?.code).toBe('INVALID_STATE');
    await advance(t, 1000);
    for (const c of [first, second]) expect(await told(c, 'incident.resolved'), c.id).toHaveLength(1);
    const incident = (await t.api.get(`/api/v1/incidents/${id}`)).body;
    expect(incident).toMatchObject({ status: 'resolved', notifiedAccounts: 2 });
    expect(incident.updates).toHaveLength(2); // the refused resolution left no update behind
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
    const visit = await t.api.post(
      '/api/v1/service-requests',
      sr(c.id, 'onsite_visit', '2026-06-20', 1, { scenario: 'on_demand', deliveryMethod: 'onsite' }),
    );
    expect(visit.status).toBe(201);
    const byCustomer = await t
      .as(c.token)
      .post(`/api/v1/service-requests/${visit.body.id}/reschedule`, { start: '2026-06-25', reason: 'x' });
    expect(byCustomer.status).toBe(403);
    const moved = await t.api.post(`/api/v1/service-requests/${visit.body.id}/reschedule`, {
      start: '2026-06-25',
      deliveryMethod: 'online',
      reason: '客户无法协调时间',
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({
      start: '2026-06-25',
      end: '2026-06-25',
      deliveryMethod: 'online',
      status: 'submitted',
    });
    const history = await t.api.get(`/api/v1/service-requests/${visit.body.id}`);
    expect(history.body.events.map((e: { kind: string }) => e.kind)).toEqual(['submitted', 'rescheduled']);
    expect(history.body.events[1]!.data).toMatchObject({
      reason: '客户无法协调时间',
      from: { start: '2026-06-20', deliveryMethod: 'onsite' },
      to: { start: '2026-06-25', deliveryMethod: 'online' },
    });
    const past = await t.api.post(`/api/v1/service-requests/${visit.body.id}/reschedule`, {
      start: '2026-05-01',
      reason: 'x',
    });
    expect(past.status).toBe(400);
    await t.api.post(`/api/v1/service-requests/${visit.body.id}/reject`, { reason: 'cancelled: force majeure' });
    const after = await t.api.post(`/api/v1/service-requests/${visit.body.id}/reschedule`, {
      start: '2026-06-28',
      reason: 'x',
    });
    expect(after.body.error?.code).toBe('INVALID_STATE');
  });
});
