/**
 * Issue 13: the staff directory (GET /api/v1/users) — staff pick a TAM or a ticket's assignee from it instead of
 * typing a user id. Provider staff only (no customer users, no integration users), by name, `role` filtered (a comma
 * list or the parameter repeated), paged like every list; customers are FORBIDDEN; an unknown role is
 * VALIDATION_FAILED.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, createCustomer, startTestApp, type TestApp } from '../support/harness.js';
import { newStaff } from '../support/tickets.js';

describe('GET /api/v1/users (staff directory)', () => {
  let t: TestApp;
  let customerToken: string;
  let tamToken: string;
  let engineerToken: string;
  let billingToken: string;
  const created: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    const grade = t.app.catalog.def.handlers.at(-1)!.id;
    // Created out of name order: the list is by name, not by creation.
    for (const [name, role, g] of [
      ['Zoe Engineer', 'support_engineer', grade],
      ['Adam Tam', 'tam', undefined],
      ['Mia Billing', 'billing_operator', undefined],
      ['Bea Engineer', 'support_engineer', grade],
      ['Carl Tam', 'tam', undefined],
    ] as const) {
      const res = await t.api.post('/api/v1/users', {
        name,
        email: `${name.replace(' ', '.').toLowerCase()}@provider.example`,
        role,
        ...(g ? { grade: g } : {}),
      });
      expect(res.status).toBe(201);
      created[name] = res.body.id;
    }
    await t.api.post('/api/v1/users', { name: 'Ingest', email: 'ingest@provider.example', role: 'integration' });
    await t.api.patch(`/api/v1/users/${created['Carl Tam']}`, { disabled: true });
    customerToken = (await createCustomer(t, { name: 'Dir Customer' })).token;
    tamToken = (await newStaff(t, 'tam')).token;
    engineerToken = (await newStaff(t, 'support_engineer', grade)).token;
    billingToken = (await newStaff(t, 'billing_operator')).token;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lists the provider staff by name: id, name, email, role, grade, disabled — no customers, no integration users, no secrets', async () => {
    const res = await t.api.get('/api/v1/users?pageSize=100');
    expect(res.status).toBe(200);
    const names = res.body.items.map((u: { name: string }) => u.name);
    expect(names).toEqual([...names].sort((a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(names).toEqual(expect.arrayContaining(Object.keys(created)));
    expect(names).not.toContain('Ingest');
    expect(names).not.toContain('Dir Customer');
    for (const u of res.body.items) {
      expect(Object.keys(u).sort()).toEqual(['disabled', 'email', 'grade', 'id', 'name', 'role']);
      expect(['provider_admin', 'support_engineer', 'tam', 'billing_operator']).toContain(u.role);
    }
    const zoe = res.body.items.find((u: { id: string }) => u.id === created['Zoe Engineer']);
    expect(zoe).toMatchObject({ role: 'support_engineer', grade: t.app.catalog.def.handlers.at(-1)!.id });
    expect(res.body.items.find((u: { id: string }) => u.id === created['Carl Tam'])!.disabled).toBe(true);
    expect(res.body.total).toBe(res.body.items.length);
  });

  it('filters by role: one, a comma list, or the parameter repeated', async () => {
    const tams = await t.api.get('/api/v1/users?role=tam&pageSize=100');
    expect(tams.status).toBe(200);
    expect(new Set(tams.body.items.map((u: { role: string }) => u.role))).toEqual(new Set(['tam']));
    expect(tams.body.items.slice(0, 2).map((u: { name: string }) => u.name)).toEqual(['Adam Tam', 'Carl Tam']);
    const comma = await t.api.get('/api/v1/users?role=tam,billing_operator&pageSize=100');
    const repeated = await t.api.get('/api/v1/users?role=tam&role=billing_operator&pageSize=100');
    expect(comma.status).toBe(200);
    expect(new Set(comma.body.items.map((u: { role: string }) => u.role))).toEqual(
      new Set(['tam', 'billing_operator']),
    );
    expect(repeated.body).toEqual(comma.body);
  });

  it('pages like every list', async () => {
    const all = await t.api.get('/api/v1/users?role=support_engineer,tam&pageSize=100');
    const p1 = await t.api.get('/api/v1/users?role=support_engineer,tam&pageSize=2&page=1');
    const p2 = await t.api.get('/api/v1/users?role=support_engineer,tam&pageSize=2&page=2');
    expect(p1.body).toMatchObject({ page: 1, pageSize: 2, total: all.body.total });
    expect(all.body.total).toBeGreaterThan(3);
    expect([...p1.body.items, ...p2.body.items]).toEqual(all.body.items.slice(0, 4));
    const beyond = await t.api.get('/api/v1/users?pageSize=2&page=999');
    expect(beyond.body.items).toEqual([]);
  });

  it('admin, support engineers and TAMs read it; customers and billing operators are FORBIDDEN', async () => {
    for (const token of [ADMIN_TOKEN, tamToken, engineerToken])
      expect((await t.as(token).get('/api/v1/users')).status).toBe(200);
    for (const token of [customerToken, billingToken]) {
      const res = await t.as(token).get('/api/v1/users');
      expect(res.status).toBe(403);
      expect(res.body.error).toMatchObject({ code: 'FORBIDDEN', details: { action: 'staff.read_directory' } });
    }
  });

  it('an unknown role, a customer role or a bad page is VALIDATION_FAILED', async () => {
    for (const q of ['role=wizard', 'role=tam,customer_owner', 'role=integration', 'role=tam&role=nope', 'page=0'])
      expect((await t.api.get(`/api/v1/users?${q}`)).body.error?.code, q).toBe('VALIDATION_FAILED');
  });
});
