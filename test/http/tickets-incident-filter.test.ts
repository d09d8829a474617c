/**
 * Issue 13: `GET /api/v1/tickets?incidentId=` lists an incident's follow-up tickets (the tickets opened with its
 * `incidentId`): staff see every account's, a customer only its own as always; an unknown id is an empty page, an
 * empty or over-long one VALIDATION_FAILED.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../support/actors.js';
import { DB_KINDS } from '../support/databases.js';
import { buyPlan, createCustomer, startTestApp, type TestApp } from '../support/harness.js';

describe.each(DB_KINDS)('tickets by incident (%s)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ kind });
  });
  afterAll(async () => t?.close());

  it('staff list an incident’s follow-ups of every account; a customer sees only its own; unknown ids are an empty page', async () => {
    await t.setClock('2026-03-02T10:00:00+08:00');
    const region = 'cn-north-4';
    const first = await createCustomer(t, { region, name: 'First' });
    await buyPlan(t, first.id, 'enterprise', { unit: 'year', count: 1 });
    const second = await createCustomer(t, { region, name: 'Second', email: 'second@example.com' });
    await buyPlan(t, second.id, 'enterprise', { unit: 'year', count: 1 });
    const names = (s: string) => ({ 'zh-CN': s, 'en-US': s });
    const incident = async (title: string) => {
      const res = await t.api.post('/api/v1/incidents', {
        kind: 'industry',
        level: 1,
        title: names(title),
        summary: names('critical'),
        guidance: names('patch'),
        affectedRegions: [region],
      });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    const cve = await incident('OpenSSH CVE');
    const other = await incident('Kernel CVE');
    const open = async (c: { id: string; token: string }, subject: string, incidentId?: string) => {
      const res = await t.as(c.token).post('/api/v1/tickets', {
        accountId: c.id,
        category: 'technical',
        severity: 'production_impaired',
        subject,
        description: 'help',
        ...(incidentId ? { incidentId } : {}),
      });
      expect(res.status).toBe(201);
      return res.body.number as string;
    };
    const a = await open(first, 'CVE on our hosts', cve);
    const b = await open(second, 'CVE too', cve);
    await open(first, 'Kernel', other);
    await open(first, 'Unrelated');

    const numbers = (res: { body: { items: { number: string }[] } }) => res.body.items.map((x) => x.number).sort();
    const staff = await t.api.get(`/api/v1/tickets?incidentId=${cve}`);
    expect(staff.status).toBe(200);
    expect(numbers(staff)).toEqual([a, b].sort());
    expect(staff.body.total).toBe(2);
    expect(staff.body.items.every((x) => x.incidentId === cve)).toBe(true);
    // With the other filters: one account's follow-ups.
    expect(numbers(await t.api.get(`/api/v1/tickets?incidentId=${cve}&accountId=${second.id}`))).toEqual([b]);

    // A customer's list is its own tickets, also filtered by the incident.
    const mine = await t.as(first.token).get(`/api/v1/tickets?incidentId=${cve}`);
    expect(mine.status).toBe(200);
    expect(numbers(mine)).toEqual([a]);
    expect((await t.as(first.token).get('/api/v1/tickets')).body.total).toBe(3);
    // Another account's tickets stay NOT_FOUND through accountId.
    expectError(
      await t.as(first.token).get(`/api/v1/tickets?incidentId=${cve}&accountId=${second.id}`),
      404,
      'NOT_FOUND',
    );

    const unknown = await t.api.get('/api/v1/tickets?incidentId=inc_unknown');
    expect(unknown.status).toBe(200);
    expect(unknown.body).toMatchObject({ items: [], total: 0 });
    expectError(await t.api.get('/api/v1/tickets?incidentId='), 400, 'VALIDATION_FAILED');
    expectError(await t.api.get(`/api/v1/tickets?incidentId=${'x'.repeat(101)}`), 400, 'VALIDATION_FAILED');
  });
});
