/**
 * Issue 18 (R-TKT-3) through HTTP with the test clock: a target used up at the Friday 18:00 close is due at the next
 * opening (Monday 09:00). The sweep runs through Friday evening and the weekend without warning, breaching or
 * escalating; replies at the close, at the weekend and at the opening are on time; one second later is late. The
 * SLA view says "0 business minutes left" from the close on.
 *
 * Huawei developer (business hours 09:00–18:00 Asia/Shanghai, CN holidays), system impaired (< 12 working hours),
 * opened Thursday 2026-03-05 15:00: Thursday 15:00–18:00 (3 h) + Friday 09:00–18:00 (9 h) = 12 h at Friday 18:00.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../support/databases.js';
import { buyPlan, createCustomer, startTestApp, type TestApp } from '../support/harness.js';
import type { Actor } from '../support/actors.js';
import { inbox, newStaff, ok, openTicket } from '../support/tickets.js';

const at = (s: string) => new Date(s).toISOString();
const OPENED = '2026-03-05T15:00:00+08:00';
const CLOSE = '2026-03-06T18:00:00+08:00';
const DUE = '2026-03-09T09:00:00+08:00';

describe.each(DB_KINDS)('R-TKT-3 a target used up at the Friday close is due Monday 09:00 (%s)', (kind) => {
  let t: TestApp;
  let eng: Actor;
  let customer: { id: string; token: string };
  /** The customer owner's console session (developer has no ticket API for keys). */
  let consoleToken: string;
  /** atClose: replied Friday 18:00; weekend: Saturday; opening: Monday 09:00; late: 09:00:01; silent: never. */
  const tk: Record<'atClose' | 'weekend' | 'opening' | 'late' | 'silent', any> = {} as never;

  beforeAll(async () => {
    t = await startTestApp({ kind });
    await t.setClock('2026-03-05T10:00:00+08:00');
    eng = await newStaff(t, 'support_engineer', 'senior_expert');
    const created = await createCustomer(t, { timeZone: 'Asia/Shanghai' });
    customer = created;
    await buyPlan(t, customer.id, 'developer', { unit: 'month', count: 1 });
    consoleToken = ok(await t.api.post(`/api/v1/users/${created.account.ownerUserId}/sessions`, {}), 201).token;
    await t.setClock(OPENED);
    for (const name of ['atClose', 'weekend', 'opening', 'late', 'silent'] as const) {
      tk[name] = await openTicket(t.as(consoleToken), customer.id, 'system_impaired', { subject: name });
      ok(await t.as(eng.token).post(`/api/v1/tickets/${tk[name].id}/assign`, { assigneeId: eng.userId }));
    }
  });
  afterAll(async () => t?.close());

  const get = async (name: keyof typeof tk) => ok(await t.as(eng.token).get(`/api/v1/tickets/${tk[name].id}`));
  const reply = async (name: keyof typeof tk) =>
    ok(await t.as(eng.token).post(`/api/v1/tickets/${tk[name].id}/replies`, { body: 'Looking into it' }), 201);
  const escalations = async () => (await inbox(t, eng.token, 'sla.breached')).map((m) => m.data.ticketId as string);

  it('R-TKT-3 the deadline is the next opening, Monday 09:00; the 80 % warning Friday 15:36', async () => {
    const view = await get('silent');
    expect(view.sla).toMatchObject({
      target: 'PT12H',
      clock: 'business_hours',
      responseDueAt: at(DUE),
      warningAt: at('2026-03-06T15:36:00+08:00'),
      breached: false,
      businessMinutesUsed: 0,
      businessMinutesLeft: 720,
    });
    // The customer sees the same deadline and reading (the warning instant is for staff).
    const own = ok(await t.as(consoleToken).get(`/api/v1/tickets/${tk.silent.id}`));
    expect(own.sla).toMatchObject({ responseDueAt: at(DUE), businessMinutesLeft: 720 });
    expect(own.sla.warningAt).toBeUndefined();
    // The staff queue orders by that one deadline.
    const queue = ok(await t.as(eng.token).get('/api/v1/queue?pageSize=100')).items;
    expect(queue.filter((q: any) => q.id === tk.silent.id).map((q: any) => q.sla.responseDueAt)).toEqual([at(DUE)]);
  });

  it('R-TKT-3 a reply at the close is on time; the view reads 0 business minutes left from the close on', async () => {
    await t.setClock('2026-03-06T17:30:00+08:00');
    expect((await get('silent')).sla).toMatchObject({ businessMinutesUsed: 690, businessMinutesLeft: 30 });
    await t.setClock(CLOSE);
    expect((await get('silent')).sla).toMatchObject({
      responseDueAt: at(DUE),
      breached: false,
      businessMinutesUsed: 720,
      businessMinutesLeft: 0,
    });
    const answered = await reply('atClose');
    expect(answered.ticket.sla).toMatchObject({ respondedAt: at(CLOSE), breached: false, businessMinutesLeft: 0 });
  });

  it('R-TKT-3 the sweep runs through Friday evening and the weekend without breaching or escalating', async () => {
    for (const now of ['2026-03-06T18:00:01+08:00', '2026-03-06T22:00:00+08:00', '2026-03-07T12:00:00+08:00']) {
      await t.setClock(now);
      for (const name of ['weekend', 'opening', 'late', 'silent'] as const) {
        const view = await get(name);
        expect(view.sla, `${name} at ${now}`).toMatchObject({ breached: false, breachedAt: null });
        expect(view.events.map((e: any) => e.kind)).not.toContain('sla_breached');
      }
      expect(await escalations()).toEqual([]);
    }
    // A reply at the weekend, when not one business minute has passed beyond the target, is on time.
    const answered = await reply('weekend');
    expect(answered.ticket.sla).toMatchObject({ respondedAt: at('2026-03-07T12:00:00+08:00'), breached: false });
    await t.setClock('2026-03-09T08:59:59+08:00');
    expect((await get('silent')).sla).toMatchObject({ breached: false, businessMinutesUsed: 720 });
    expect(await escalations()).toEqual([]);
  });

  it('R-TKT-3 a reply at the opening is on time; at the deadline the silent ticket is not yet breached', async () => {
    await t.setClock(DUE);
    const answered = await reply('opening');
    expect(answered.ticket.sla).toMatchObject({ respondedAt: at(DUE), breached: false });
    expect((await get('silent')).sla).toMatchObject({ breached: false, businessMinutesLeft: 0 });
    expect(await escalations()).toEqual([]);
  });

  it('R-TKT-3 one second of business time later is late: the reply and the sweep record the breach at Monday 09:00', async () => {
    await t.setClock('2026-03-09T09:00:01+08:00');
    const late = await reply('late');
    expect(late.ticket.sla).toMatchObject({ breached: true, breachedAt: at(DUE) });
    const silent = await get('silent');
    expect(silent.sla).toMatchObject({ breached: true, breachedAt: at(DUE), respondedAt: null });
    expect(silent.events.find((e: any) => e.kind === 'sla_breached')).toMatchObject({ at: at(DUE) });
    expect((await escalations()).sort()).toEqual([tk.late.id, tk.silent.id].sort());
    // The others stay on time for good.
    await t.setClock('2026-03-10T12:00:00+08:00');
    for (const name of ['atClose', 'weekend', 'opening'] as const) expect((await get(name)).sla.breached).toBe(false);
  });
});
