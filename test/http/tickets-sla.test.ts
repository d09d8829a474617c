/**
 * R-TKT-3 through HTTP with the test clock: deadlines on each level's clock (SPEC examples), the first public staff
 * reply stops the clock, breaches recorded exactly at the deadline by the sweep, re-grades.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { breachTicket, warnTicket } from '../../src/contexts/tickets/jobs/sla-sweep.js';
import type { StaffNotice } from '../../src/contexts/notifications/index.js';
import type { TicketsDeps } from '../../src/contexts/tickets/ports.js';
import { tickets } from '../../src/contexts/tickets/store/tables.js';
import { DB_KINDS } from '../support/databases.js';
import { buyPlan, createCustomer, startTestApp, type TestApp } from '../support/harness.js';

async function staffToken(
  t: TestApp,
  role: 'support_engineer' | 'tam' | 'provider_admin' | 'billing_operator' = 'support_engineer',
  grade: string | undefined = 'senior_expert',
) {
  const u = await t.api.post('/api/v1/users', {
    name: 'Eng',
    email: 'eng@example.com',
    role,
    ...(grade ? { grade } : {}),
  });
  expect(u.status).toBe(201);
  const k = await t.api.post(`/api/v1/users/${u.body.id}/api-keys`, {});
  return { id: u.body.id as string, token: k.body.token as string };
}

describe.each(DB_KINDS)('R-TKT-3 SLA deadlines (%s)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ kind });
  });
  afterAll(async () => t?.close());

  it('R-TKT-3 Huawei developer, system impaired, opened Friday 17:00 local → due Tuesday 11:00', async () => {
    await t.setClock('2026-03-06T09:00:00+08:00');
    const c = await createCustomer(t, { timeZone: 'Asia/Shanghai' });
    await buyPlan(t, c.id, 'developer', { unit: 'month', count: 1 });
    await t.setClock('2026-03-06T17:00:00+08:00');
    const res = await t.api.post('/api/v1/tickets', {
      accountId: c.id,
      category: 'technical',
      severity: 'system_impaired',
      subject: 'Slow disk',
      description: 'IO latency',
    });
    expect(res.status).toBe(201);
    expect(res.body.sla.target).toBe('PT12H');
    expect(res.body.sla.clock).toBe('business_hours');
    expect(new Date(res.body.sla.responseDueAt).toISOString()).toBe(
      new Date('2026-03-10T11:00:00+08:00').toISOString(),
    );
    expect(res.body.sla.breached).toBe(false);
  });

  it('R-TKT-3 Huawei enterprise, core system down → 15 minutes on the 7x24 clock; breached exactly at the deadline', async () => {
    await t.setClock('2026-03-07T02:00:00+08:00');
    const c = await createCustomer(t);
    await buyPlan(t, c.id, 'enterprise', { unit: 'year', count: 1 });
    const res = await t.api.post('/api/v1/tickets', {
      accountId: c.id,
      category: 'technical',
      severity: 'core_system_down',
      subject: 'Down',
      description: 'All down',
    });
    expect(res.status).toBe(201);
    expect(res.body.sla.clock).toBe('7x24');
    const due = new Date(res.body.sla.responseDueAt).getTime();
    expect(due - new Date('2026-03-07T02:00:00+08:00').getTime()).toBe(15 * 60_000);
    await t.setClock(new Date(due - 1000).toISOString());
    expect((await t.api.get(`/api/v1/tickets/${res.body.id}`)).body.sla.breached).toBe(false);
    await t.setClock(new Date(due + 60_000).toISOString());
    const after = await t.api.get(`/api/v1/tickets/${res.body.id}`);
    expect(after.body.sla.breached).toBe(true);
    expect(after.body.sla.breachedAt).toBe(new Date(due).toISOString());
  });

  it('R-TKT-3 the first public staff reply stops the clock; internal notes do not', async () => {
    const now = await t.setClock('2026-03-08T10:00:00+08:00');
    const c = await createCustomer(t);
    await buyPlan(t, c.id, 'business', { unit: 'month', count: 1 });
    const staff = await staffToken(t);
    const tk = await t.api.post('/api/v1/tickets', {
      accountId: c.id,
      category: 'technical',
      severity: 'production_down',
      subject: 'x',
      description: 'y',
    });
    expect(tk.body.sla.target).toBe('PT1H');
    const note = await t
      .as(staff.token)
      .post(`/api/v1/tickets/${tk.body.id}/replies`, { body: 'looking', internal: true });
    expect(note.status).toBe(201);
    expect(note.body.ticket.sla.respondedAt).toBeNull();
    await t.setClock(new Date(new Date(now).getTime() + 30 * 60_000).toISOString());
    const reply = await t.as(staff.token).post(`/api/v1/tickets/${tk.body.id}/replies`, { body: 'We are on it' });
    expect(reply.body.ticket.sla.respondedAt).toBe(new Date(new Date(now).getTime() + 30 * 60_000).toISOString());
    expect(reply.body.ticket.status).toBe('in_progress');
    await t.setClock(new Date(new Date(now).getTime() + 3 * 3600_000).toISOString());
    const later = await t.as(c.token).get(`/api/v1/tickets/${tk.body.id}`);
    expect(later.body.sla.breached).toBe(false);
    // Customers never see internal notes.
    expect(later.body.replies.map((r: { body: string }) => r.body)).toEqual(['We are on it']);
  });

  it('R-TKT-3 a sweep step is one guarded UPDATE: a ticket re-graded to a later deadline after the batch was read is neither warned nor breached on the old one', async () => {
    const T0 = new Date(await t.setClock('2026-03-09T10:00:00+08:00')).getTime();
    const c = await createCustomer(t);
    await buyPlan(t, c.id, 'business', { unit: 'month', count: 1 });
    const eng = await t.api.post('/api/v1/users', {
      name: 'Duty',
      email: 'duty.sweep@provider.example',
      role: 'support_engineer',
      grade: 'senior_expert',
    });
    expect(eng.status).toBe(201);
    const tk = await t.api.post('/api/v1/tickets', {
      accountId: c.id,
      category: 'technical',
      severity: 'production_down',
      subject: 'Down',
      description: 'All down',
    });
    expect(tk.body.sla).toMatchObject({
      target: 'PT1H',
      responseDueAt: new Date(T0 + 60 * 60_000).toISOString(),
      warningAt: new Date(T0 + 48 * 60_000).toISOString(),
    });
    // A batch read at T0+61min would have listed it for the warning and the breach; before its steps ran, staff
    // re-graded it to general guidance (24 h).
    await t.setClock(new Date(T0 + 30 * 60_000).toISOString());
    const regraded = await t.api.post(`/api/v1/tickets/${tk.body.id}/severity`, {
      severity: 'general_guidance',
      reason: 'a question after all',
    });
    expect(regraded.status).toBe(200);
    const due = T0 + 24 * 3600_000;
    expect(regraded.body.sla.responseDueAt).toBe(new Date(due).toISOString());

    const told: StaffNotice[] = [];
    const deps: TicketsDeps = {
      ...t.app.deps,
      calendars: null as never,
      adjusters: [],
      notifier: { customer: () => [], staff: (n) => (told.push(n), []) },
    };
    const stale = new Date(T0 + 61 * 60_000);
    expect(await warnTicket(deps, tk.body.id, stale)).toBe(false);
    expect(await breachTicket(deps, tk.body.id, stale)).toBe(false);
    const [row] = await t.app.deps.db.select().from(tickets).where(eq(tickets.id, tk.body.id));
    expect(row).toMatchObject({ breached: false, breachedAt: null, warnedAt: null, responseDueAt: new Date(due) });
    expect(told).toEqual([]);
    const events = (await t.api.get(`/api/v1/tickets/${tk.body.id}`)).body.events.map((e: { kind: string }) => e.kind);
    expect(events).not.toContain('sla_breached');

    // The same steps at instants the new deadline makes due do their work, with the row the UPDATE returned.
    expect(await warnTicket(deps, tk.body.id, new Date(T0 + 20 * 3600_000))).toBe(true);
    expect(told.map((n) => [n.kind, n.data.responseDueAt])).toEqual([['sla.warning', new Date(due).toISOString()]]);
    expect(await warnTicket(deps, tk.body.id, new Date(T0 + 20 * 3600_000))).toBe(false);
    expect(await breachTicket(deps, tk.body.id, new Date(due + 1000))).toBe(true);
    const [after] = await t.app.deps.db.select().from(tickets).where(eq(tickets.id, tk.body.id));
    expect(after).toMatchObject({
      breached: true,
      breachedAt: new Date(due),
      warnedAt: new Date(T0 + 19.2 * 3600_000),
    });
    expect(await breachTicket(deps, tk.body.id, new Date(due + 2000))).toBe(false);
  });
});
