/**
 * Issue 12: a customer key that sees exactly one account may leave out `accountId` on POST /tickets and
 * POST /service-requests (the key's account); a master that also sees its sub accounts, and staff, name it
 * (VALIDATION_FAILED on body.accountId); another account's id stays NOT_FOUND.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../support/actors.js';
import { DB_KINDS } from '../support/databases.js';
import { buyPlan, createCustomer, startTestApp, type TestApp } from '../support/harness.js';
import type { ServiceRequestInput, TicketInput } from '../support/api-types.js';

const ticket: TicketInput = {
  category: 'technical',
  severity: 'general_guidance',
  subject: 'Disk full',
  description: 'd',
};
const protection: ServiceRequestInput = {
  type: 'event_protection',
  start: '2026-04-01',
  days: 1,
  scenario: 'promotion',
  contact: { name: 'Ops' },
};

describe.each(DB_KINDS)('accountId left out (%s)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ kind });
    await t.setClock('2026-03-02T10:00:00+08:00'); // Monday
  });
  afterAll(async () => t?.close());

  it('a key of one account opens a ticket and applies for a service on its own account', async () => {
    const c = await createCustomer(t);
    await buyPlan(t, c.id, 'enterprise', { unit: 'year', count: 1 });
    const opened = await t.as(c.token).post('/api/v1/tickets', ticket);
    expect(opened.status).toBe(201);
    expect(opened.body.accountId).toBe(c.id);
    const listed = await t.api.get(`/api/v1/tickets?accountId=${c.id}`);
    expect(listed.body.items.map((i: { id: string }) => i.id)).toEqual([opened.body.id]);

    const applied = await t.as(c.token).post('/api/v1/service-requests', protection);
    expect(applied.status).toBe(201);
    expect(applied.body.accountId).toBe(c.id);
  });

  it("another account's id stays NOT_FOUND; staff and a master with sub accounts name the account", async () => {
    const mine = await createCustomer(t);
    const other = await createCustomer(t);
    await buyPlan(t, mine.id, 'enterprise', { unit: 'year', count: 1 });
    await buyPlan(t, other.id, 'enterprise', { unit: 'year', count: 1 });
    expectError(await t.as(mine.token).post('/api/v1/tickets', { ...ticket, accountId: other.id }), 404, 'NOT_FOUND');
    expectError(
      await t.as(mine.token).post('/api/v1/service-requests', { ...protection, accountId: other.id }),
      404,
      'NOT_FOUND',
    );

    for (const url of ['/api/v1/tickets', '/api/v1/service-requests'] as const) {
      const body = url.endsWith('tickets') ? ticket : protection;
      const byStaff = expectError(await t.api.unchecked.post(url, body), 400, 'VALIDATION_FAILED');
      expect(byStaff.issues.map((i: { path: string }) => i.path)).toEqual(['body.accountId']);
    }

    const master = await createCustomer(t, { name: 'Master' });
    await buyPlan(t, master.id, 'enterprise', { unit: 'year', count: 1 });
    const sub = await createCustomer(t, { name: 'Sub', parentId: master.id, financeMode: 'independent' });
    expect(sub.account.parentId).toBe(master.id);
    await buyPlan(t, sub.id, 'enterprise', { unit: 'year', count: 1 });
    for (const url of ['/api/v1/tickets', '/api/v1/service-requests'] as const) {
      const body = url.endsWith('tickets') ? ticket : protection;
      const details = expectError(await t.as(master.token).unchecked.post(url, body), 400, 'VALIDATION_FAILED');
      expect(details.issues).toHaveLength(1);
      expect(details.issues?.[0]?.path).toBe('body.accountId');
      expect(details.issues?.[0]?.message).toContain('sub accounts');
    }
    // The master names either account; the sub's own key sees only the sub and needs no accountId.
    const named = await t.as(master.token).post('/api/v1/tickets', { ...ticket, accountId: sub.id });
    expect(named.status).toBe(201);
    expect(named.body.accountId).toBe(sub.id);
    const bySub = await t.as(sub.token).post('/api/v1/tickets', ticket);
    expect(bySub.status).toBe(201);
    expect(bySub.body.accountId).toBe(sub.id);
  });
});
