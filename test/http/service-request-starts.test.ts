/**
 * Issue 13 (R-SR-3): the application form's earliest start dates come from the API — per service the level offers,
 * the lead time counted on the account's working-day calendar in its time zone — and an application on that date is
 * taken while the day before is refused (the same rule), on both databases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../support/databases.js';
import { buyPlan, createCustomer, startTestApp, type TestApp } from '../support/harness.js';

const dayBefore = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

describe.each(DB_KINDS)('earliest service request starts (%s)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ kind });
  });
  afterAll(async () => t?.close());

  it('lists each offered service with its lead time; the earliest start is accepted, the day before refused', async () => {
    await t.setClock('2026-03-06T10:00:00+08:00'); // a Friday in Asia/Shanghai
    const c = await createCustomer(t);
    await buyPlan(t, c.id, 'enterprise', { unit: 'year', count: 1 });
    const res = await t.as(c.token).get(`/api/v1/accounts/${c.id}/service-request-starts`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ accountId: c.id, applicationDate: '2026-03-06' });
    const byType = new Map((res.body.services as { type: string; earliestStart: string }[]).map((s) => [s.type, s]));
    // 3 working days after Friday: Monday, Tuesday, Wednesday.
    expect(byType.get('availability_check')).toEqual({
      type: 'availability_check',
      protectionLevel: null,
      earliestStart: '2026-03-11',
      leadTime: { count: 3, unit: 'working_days', advisory: false },
      startsOnWorkingDay: false,
    });
    expect(byType.get('event_protection')).toMatchObject({
      leadTime: { count: 10, unit: 'working_days', advisory: true },
      earliestStart: '2026-03-20',
    });
    const form = { accountId: c.id, type: 'resource_monitoring', days: 1, contact: { name: 'Ops' } } as const;
    const earliest = byType.get('resource_monitoring')!.earliestStart;
    const early = await t.as(c.token).post('/api/v1/service-requests', { ...form, start: dayBefore(earliest) });
    expect(early.status).toBe(422);
    expect(early.body.error).toMatchObject({ code: 'LEAD_TIME_TOO_SHORT', details: { earliestStart: earliest } });
    const ok = await t.as(c.token).post('/api/v1/service-requests', { ...form, start: earliest });
    expect(ok.status).toBe(201);
  });

  it('over the National Day holidays the working days skip the holiday week', async () => {
    await t.setClock('2026-09-30T10:00:00+08:00');
    const c = await createCustomer(t);
    await buyPlan(t, c.id, 'enterprise', { unit: 'year', count: 1 });
    const res = await t.as(c.token).get(`/api/v1/accounts/${c.id}/service-request-starts`);
    const check = (res.body.services as { type: string; earliestStart: string }[]).find(
      (s) => s.type === 'availability_check',
    )!;
    expect(check.earliestStart > '2026-10-07').toBe(true);
    const early = await t.as(c.token).post('/api/v1/service-requests', {
      accountId: c.id,
      type: 'availability_check',
      days: 1,
      contact: { name: 'Ops' },
      start: dayBefore(check.earliestStart),
    });
    expect(early.body.error).toMatchObject({
      code: 'LEAD_TIME_TOO_SHORT',
      details: { earliestStart: check.earliestStart },
    });
  });

  it('a level without services lists none; another tenant’s account is NOT_FOUND', async () => {
    const basic = await createCustomer(t);
    const other = await createCustomer(t);
    const none = await t.as(basic.token).get(`/api/v1/accounts/${basic.id}/service-request-starts`);
    expect(none.status).toBe(200);
    expect(none.body.services).toEqual([]);
    const hidden = await t.as(other.token).get(`/api/v1/accounts/${basic.id}/service-request-starts`);
    expect(hidden.status).toBe(404);
    expect(hidden.body.error?.code).toBe('NOT_FOUND');
  });
});
