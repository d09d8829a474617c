/**
 * Issue 12, TAM and escalation: tickets through the TAM channel go to the account's TAM; the customer's plan names
 * the TAM; a TAM's "my accounts"; expedite (工单加急, seed 004 §1.2) first within its deadline band, the TAM or duty
 * group told, NOT_ENTITLED where the level does not include it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../support/databases.js';
import { buyPlan, createCustomer, startTestApp, type TestApp } from '../support/harness.js';
import { signIn } from '../support/sessions.js';
import { newStaff, openTicket } from '../support/tickets.js';

describe.each(DB_KINDS)('TAM channel, my accounts and the plan’s TAM, huaweicloud-intl (%s)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ kind });
    await t.setClock('2026-01-06T10:00:00+08:00'); // a Tuesday, in the TAM channel's 5x8 hours
  });
  afterAll(async () => t?.close());

  it('issue 12 a TAM-channel ticket goes to the TAM, who sees the account, its plan and tickets', async () => {
    const tam = await newStaff(t, 'tam');
    const c = await createCustomer(t, { name: 'Big Co' });
    expect((await t.api.post(`/api/v1/accounts/${c.id}/approval`, { tamUserId: tam.userId })).status).toBe(200);
    await buyPlan(t, c.id, 'enterprise');

    const plan = await t.as(c.token).get(`/api/v1/accounts/${c.id}/plan`);
    expect(plan.body.tam).toMatchObject({ userId: tam.userId, name: expect.stringMatching(/^tam /) });
    expect(plan.body.tam!.email).toContain('@provider.example');

    const viaTam = await openTicket(t.as(c.token), c.id, 'general_guidance', { channel: 'tam' });
    const viaTicket = await openTicket(t.as(c.token), c.id, 'production_down');
    const staffView = await t.api.get(`/api/v1/tickets/${viaTam.id}`);
    expect(staffView.body.assigneeId).toBe(tam.userId);
    expect((await t.api.get(`/api/v1/tickets/${viaTicket.id}`)).body.assigneeId).toBeNull();
    const inbox = await t.as(tam.token).get('/api/v1/users/me/messages');
    expect(JSON.stringify(inbox.body)).toContain(viaTam.number);

    const mine = await t.as(tam.token).get('/api/v1/tam/accounts');
    expect(mine.status).toBe(200);
    expect(mine.body.total).toBe(1);
    const entry = mine.body.items[0]!;
    expect(entry.account).toMatchObject({ id: c.id, name: 'Big Co' });
    expect(entry.plan).toMatchObject({ level: 'enterprise', status: 'active', source: 'own' });
    expect(entry.plan.daysToRenewal).toBeGreaterThan(300);
    // Open tickets by deadline: production_down (shorter target) first.
    expect(entry.openTickets.map((x: { id: string }) => x.id)).toEqual([viaTicket.id, viaTam.id]);
    expect(entry.upcomingServiceRequests).toEqual([]);

    // The admin reads a TAM's list by id; other staff and customers may not.
    expect((await t.api.get(`/api/v1/tam/accounts?tamUserId=${tam.userId}`)).body.total).toBe(1);
    expect((await t.api.get('/api/v1/tam/accounts')).status).toBe(403);
    const engineer = await newStaff(t, 'support_engineer', 'engineer');
    expect((await t.as(engineer.token).get('/api/v1/tam/accounts')).status).toBe(403);
    expect((await t.as(c.token).get('/api/v1/tam/accounts')).status).toBe(403);
    const other = await newStaff(t, 'tam');
    expect((await t.as(other.token).get('/api/v1/tam/accounts')).body.total).toBe(0);

    // Expedite is not in this catalog: NOT_ENTITLED (after visibility: another tenant's ticket is 404).
    const refused = await t.as(c.token).post(`/api/v1/tickets/${viaTicket.id}/expedite`, { reason: 'now' });
    expect(refused.status).toBe(403);
    expect(refused.body.error?.code).toBe('NOT_ENTITLED');
    const stranger = await createCustomer(t, { email: 'x@example.com' });
    await buyPlan(t, stranger.id, 'business');
    expect((await t.as(stranger.token).post(`/api/v1/tickets/${viaTicket.id}/expedite`, { reason: 'x' })).status).toBe(
      404,
    );
  });
});

describe.each(DB_KINDS)('expedite (工单加急), ctyun (%s)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ kind, catalog: 'ctyun' });
  });
  afterAll(async () => t?.close());

  async function customerSession(level: string | null, email: string) {
    const c = await createCustomer(t, { email });
    if (level) await buyPlan(t, c.id, level);
    const password = 'correct horse battery';
    const user = await t.api.post(`/api/v1/accounts/${c.id}/users`, {
      name: 'Member',
      email: `m.${email}`,
      role: 'customer_member',
      password,
    });
    expect(user.status).toBe(201);
    return { ...c, browser: await signIn(t, `m.${email}`, password) };
  }

  it('issue 12 the customer expedites an open ticket: first within its band, the duty group told', async () => {
    const c = await customerSession('light', 'light@example.com');
    const engineer = await newStaff(t, 'support_engineer', 'senior_engineer');
    const early = await openTicket(t.api, c.id, 'general');
    await t.setClock('2026-01-01T00:05:00Z');
    const late = await openTicket(t.api, c.id, 'general');
    const queueIds = async () =>
      (await t.api.get('/api/v1/queue?pageSize=100')).body.items
        .map((x: { id: string }) => x.id)
        .filter((id: string) => id === early.id || id === late.id);
    expect(await queueIds()).toEqual([early.id, late.id]);

    const noReason = await c.browser.call('POST', `/api/v1/tickets/${late.id}/expedite`, { body: {} });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error?.details.issues?.[0]?.path).toBe('body.reason');
    const res = await c.browser.call('POST', `/api/v1/tickets/${late.id}/expedite`, {
      body: { reason: 'Payments are failing' },
    });
    expect(res.status).toBe(200);
    expect(res.body.expedited).toMatchObject({ reason: 'Payments are failing' });
    expect(await queueIds()).toEqual([late.id, early.id]);
    const again = await c.browser.call('POST', `/api/v1/tickets/${late.id}/expedite`, { body: { reason: 'again' } });
    expect(again.status).toBe(409);
    expect(again.body.error?.details.reason).toBe('already_expedited');

    // No TAM and no assignee: the duty group (engineers of the level's handler grade) is told.
    const inbox = await t.as(engineer.token).get('/api/v1/users/me/messages');
    expect(JSON.stringify(inbox.body)).toContain(late.number);

    // A closed ticket is not expedited.
    await t.api.post(`/api/v1/tickets/${early.id}/close`);
    const closed = await c.browser.call('POST', `/api/v1/tickets/${early.id}/expedite`, { body: { reason: 'x' } });
    expect(closed.status).toBe(409);
  });

  it('issue 12 NOT_ENTITLED on a level without 工单加急', async () => {
    const c = await customerSession(null, 'free@example.com');
    const plan = await t.api.get(`/api/v1/accounts/${c.id}/plan`);
    const ticket = await openTicket(t.api, c.id, 'general');
    const res = await c.browser.call('POST', `/api/v1/tickets/${ticket.id}/expedite`, { body: { reason: 'x' } });
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({
      code: 'NOT_ENTITLED',
      details: { entitlement: 'ticket_expedite', level: plan.body.level },
    });
  });
});
