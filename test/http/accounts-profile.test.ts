/**
 * Issue 12, accounts (R-ACC-1): PATCH /accounts/{id} changes the profile (name, registered email, phones, locale,
 * time zone, report recipients); contacts are their own list (add, change, remove; any number); every change is
 * audited with who, when, before and after, and staff read the trail. The accounts face gives other contexts the
 * phones and report recipients.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountContactPoints } from '../../src/contexts/accounts/index.js';
import { DB_KINDS } from '../support/databases.js';
import { createCustomer, startTestApp, type TestApp } from '../support/harness.js';

describe.each(DB_KINDS)('account profile and contacts on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ kind });
  });
  afterAll(async () => t?.close());

  it('R-ACC-1 the owner changes the profile; each change is audited with before and after', async () => {
    const c = await createCustomer(t);
    const res = await t.as(c.token).patch(`/api/v1/accounts/${c.id}`, {
      name: 'Renamed Ltd',
      email: 'ops@renamed.example',
      phones: ['+86 138-0000-0000', '+8613900000000', '+8613800000000'],
      locale: 'en-US',
      timeZone: 'Europe/Paris',
      reportRecipients: ['cto@renamed.example', 'CTO@renamed.example', 'fin@renamed.example'],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      name: 'Renamed Ltd',
      email: 'ops@renamed.example',
      phones: ['+8613800000000', '+8613900000000'],
      locale: 'en-US',
      timeZone: 'Europe/Paris',
      reportRecipients: ['cto@renamed.example', 'fin@renamed.example'],
    });
    expect((await t.as(c.token).get(`/api/v1/accounts/${c.id}`)).body).toMatchObject(res.body);

    // The same values again change nothing and write no audit event.
    const again = await t.as(c.token).patch(`/api/v1/accounts/${c.id}`, { name: 'Renamed Ltd', locale: 'en-US' });
    expect(again.status).toBe(200);
    await t.api.patch(`/api/v1/accounts/${c.id}`, { timeZone: 'Asia/Shanghai' });

    const audit = await t.api.get(`/api/v1/accounts/${c.id}/audit-events`);
    expect(audit.status).toBe(200);
    const updates = audit.body.items.filter((e: { action: string }) => e.action === 'account.updated');
    expect(updates).toHaveLength(2);
    // Newest first: the admin's time zone change, then the owner's.
    expect(updates[0]).toMatchObject({
      actor: 'admin',
      before: { timeZone: 'Europe/Paris' },
      after: { timeZone: 'Asia/Shanghai' },
    });
    expect(updates[1]).toMatchObject({
      actor: c.account.ownerUserId,
      actorName: 'Customer',
      before: { name: 'Customer', email: 'owner@example.com', phones: [], locale: 'zh-CN', reportRecipients: [] },
      after: { name: 'Renamed Ltd', phones: ['+8613800000000', '+8613900000000'] },
    });
    expect(typeof updates[1]!.at).toBe('string');
  });

  it('R-ACC-1 refusals: another tenant 404, a member or another staff role 403, bad fields 400 each named', async () => {
    const c = await createCustomer(t);
    const stranger = await createCustomer(t, { email: 'stranger@example.com' });
    const notFound = await t.as(stranger.token).patch(`/api/v1/accounts/${c.id}`, { name: 'x' });
    expect(notFound.status).toBe(404);
    expect((await t.as(stranger.token).get(`/api/v1/accounts/${c.id}/audit-events`)).status).toBe(404);

    const member = await t.api.post(`/api/v1/accounts/${c.id}/users`, {
      name: 'm',
      email: 'm@example.com',
      role: 'customer_member',
    });
    const memberKey = await t.api.post(`/api/v1/accounts/${c.id}/api-keys`, { userId: member.body.id });
    const forbidden = await t.as(memberKey.body.token).patch(`/api/v1/accounts/${c.id}`, { name: 'x' });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error?.code).toBe('FORBIDDEN');
    expect((await t.as(memberKey.body.token).post(`/api/v1/accounts/${c.id}/contacts`, { name: 'x' })).status).toBe(
      403,
    );
    const tam = await t.api.post('/api/v1/users', { name: 'Tam', email: 'tam@example.com', role: 'tam' });
    const tamKey = await t.api.post(`/api/v1/users/${tam.body.id}/api-keys`, {});
    expect((await t.as(tamKey.body.token).patch(`/api/v1/accounts/${c.id}`, { name: 'x' })).status).toBe(403);
    expect((await t.as(tamKey.body.token).get(`/api/v1/accounts/${c.id}/audit-events`)).status).toBe(200);
    // Customers do not read the audit trail; staff do.
    expect((await t.as(c.token).get(`/api/v1/accounts/${c.id}/audit-events`)).status).toBe(403);

    const bad = await t.as(c.token).patch(`/api/v1/accounts/${c.id}`, {
      locale: 'fr-FR',
      timeZone: 'Mars/Olympus',
      phones: ['+8613800000000', '13800000000'],
      email: 'not-an-email',
    });
    expect(bad.status).toBe(400);
    const paths = bad.body.error?.details.issues?.map((i: { path: string }) => i.path).sort();
    expect(paths).toContain('body.email');
    const semantic = await t.as(c.token).patch(`/api/v1/accounts/${c.id}`, {
      locale: 'fr-FR',
      timeZone: 'Mars/Olympus',
      phones: ['+8613800000000', '13800000000'],
    });
    expect(semantic.status).toBe(400);
    expect(semantic.body.error?.details.issues?.map((i: { path: string }) => i.path).sort()).toEqual([
      'body.locale',
      'body.phones.1',
      'body.timeZone',
    ]);
    expect((await t.api.get(`/api/v1/accounts/${c.id}`)).body.locale).toBe('zh-CN');
  });

  it('R-ACC-1 contacts: any number, added, changed and removed, each audited; the face reads them', async () => {
    const c = await createCustomer(t);
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const r = await t.as(c.token).post(`/api/v1/accounts/${c.id}/contacts`, {
        name: `Contact ${i}`,
        email: `c${i}@example.com`,
        ...(i === 0 ? { phone: '+86 10 1234 5678', role: 'ops on-call' } : {}),
      });
      expect(r.status).toBe(201);
      ids.push(r.body.id);
    }
    const first = await t.as(c.token).get(`/api/v1/accounts/${c.id}/contacts?pageSize=5`);
    expect(first.body.total).toBe(12);
    expect(first.body.items[0]).toMatchObject({ name: 'Contact 0', phone: '+861012345678', role: 'ops on-call' });

    const changed = await t.as(c.token).patch(`/api/v1/accounts/${c.id}/contacts/${ids[0]}`, {
      name: 'Li Lei',
      email: null,
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ name: 'Li Lei', email: null, phone: '+861012345678' });
    const badPhone = await t.as(c.token).patch(`/api/v1/accounts/${c.id}/contacts/${ids[0]}`, { phone: '12' });
    expect(badPhone.status).toBe(400);
    expect(badPhone.body.error?.details.issues?.[0]?.path).toBe('body.phone');

    const removed = await t.as(c.token).delete(`/api/v1/accounts/${c.id}/contacts/${ids[1]}`);
    expect(removed.status).toBe(200);
    expect(removed.body).toMatchObject({ id: ids[1], removed: true });
    expect((await t.as(c.token).delete(`/api/v1/accounts/${c.id}/contacts/${ids[1]}`)).status).toBe(404);
    expect((await t.as(c.token).get(`/api/v1/accounts/${c.id}`)).body.contacts).toHaveLength(11);

    // Another tenant's contact is not found through this account.
    const other = await createCustomer(t, { email: 'o@example.com' });
    const foreign = await t.as(other.token).post(`/api/v1/accounts/${other.id}/contacts`, { name: 'theirs' });
    expect((await t.as(c.token).patch(`/api/v1/accounts/${c.id}/contacts/${foreign.body.id}`, {})).status).toBe(404);
    expect((await t.api.delete(`/api/v1/accounts/${c.id}/contacts/${foreign.body.id}`)).status).toBe(404);

    const audit = await t.api.get(`/api/v1/accounts/${c.id}/audit-events?pageSize=100`);
    const actions = audit.body.items.map((e: { action: string }) => e.action);
    expect(actions.filter((a: string) => a === 'contact.added')).toHaveLength(12);
    const change = audit.body.items.find((e: { action: string }) => e.action === 'contact.changed');
    expect(change).toMatchObject({
      before: { name: 'Contact 0', email: 'c0@example.com' },
      after: { name: 'Li Lei', email: null },
      data: { contactId: ids[0] },
    });
    const removal = audit.body.items.find((e: { action: string }) => e.action === 'contact.removed');
    expect(removal).toMatchObject({ before: { name: 'Contact 1' }, after: {}, data: { contactId: ids[1] } });

    await t.api.patch(`/api/v1/accounts/${c.id}`, {
      phones: ['+8613800000000'],
      reportRecipients: ['r@example.com', 'OWNER@example.com'],
    });
    const points = await accountContactPoints(t.app.deps.db, c.id);
    expect(points).toMatchObject({
      phones: ['+8613800000000'],
      reportRecipients: ['r@example.com', 'OWNER@example.com'],
      reportTo: ['owner@example.com', 'r@example.com'],
      locale: 'zh-CN',
    });
    expect(points!.contacts).toHaveLength(11);
  });

  it('R-ACC-1 an account is created with phones, report recipients and contacts with roles', async () => {
    const c = await createCustomer(t, {
      email: 'new@example.com',
      ...({
        phones: ['+49 69 1234567'],
        reportEmail: 'old@example.com',
        reportRecipients: ['old@example.com', 'b@example.com'],
        contacts: [{ name: 'Ops', phone: '+49 69 7654321', role: 'ops' }],
      } as object),
    });
    expect(c.account).toMatchObject({
      phones: ['+49691234567'],
      reportRecipients: ['old@example.com', 'b@example.com'],
    });
    const res = await t.api.get(`/api/v1/accounts/${c.id}`);
    expect(res.body.contacts[0]).toMatchObject({ name: 'Ops', phone: '+49697654321', role: 'ops' });
  });
});
