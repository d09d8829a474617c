/**
 * Issue 11 findings on who sees what: incidents per account (R-NTF-2), an independent sub's bills (R-ACC-2), link
 * requests that say nothing about other tenants (R-ACC-3).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../support/databases.js';
import { buyPlan, createCustomer, startTestApp, type TestApp } from '../support/harness.js';
import { expectError } from '../support/actors.js';
import { newStaff } from '../support/tickets.js';

const NAMES = (en: string) => ({ 'zh-CN': en, 'en-US': en });

describe.each(DB_KINDS)('issue 11: who sees what on %s', (kind) => {
  let hw: TestApp;
  let cy: TestApp;
  beforeAll(async () => {
    [hw, cy] = await Promise.all([startTestApp({ kind }), startTestApp({ kind, catalog: 'ctyun' })]);
  });
  afterAll(async () => {
    await Promise.all([hw?.close(), cy?.close()]);
  });

  it('R-NTF-2 each account sees the incidents it was told of, not those of its master, sub or sibling', async () => {
    const master = await createCustomer(hw, { name: 'Master', region: 'cn-north-4' });
    await buyPlan(hw, master.id, 'enterprise');
    const sub = await createCustomer(hw, {
      name: 'Sub in Hong Kong',
      region: 'ap-southeast-1',
      parentId: master.id,
      financeMode: 'independent',
    });
    await buyPlan(hw, sub.id, 'enterprise');
    const sibling = await createCustomer(hw, {
      name: 'Sibling in Beijing',
      region: 'cn-north-4',
      parentId: master.id,
      financeMode: 'independent',
    });
    await buyPlan(hw, sibling.id, 'enterprise');
    const publish = (region: string) =>
      hw.api.post('/api/v1/incidents', {
        kind: 'industry',
        level: 2,
        title: NAMES(`Outage in ${region}`),
        summary: NAMES('summary'),
        guidance: NAMES('guidance'),
        affectedRegions: [region],
      });
    const hk = await publish('ap-southeast-1');
    expect(hk.status).toBe(201);
    const bj = await publish('cn-north-4');
    expect(bj.status).toBe(201);
    const listed = async (token: string) =>
      ((await hw.as(token).get('/api/v1/incidents?pageSize=100')).body.items as { id: string }[]).map((i) => i.id);
    expect(await listed(sub.token)).toEqual([hk.body.id]);
    expect((await listed(master.token)).sort()).toEqual([bj.body.id]);
    expect(await listed(sibling.token)).toEqual([bj.body.id]);
    // The one not told of it: NOT_FOUND, like an id that does not exist, for reading and for posting updates.
    expectError(await hw.as(master.token).get(`/api/v1/incidents/${hk.body.id}`), 404, 'NOT_FOUND');
    expectError(await hw.as(sub.token).get(`/api/v1/incidents/${bj.body.id}`), 404, 'NOT_FOUND');
    expectError(
      await hw.as(master.token).post(`/api/v1/incidents/${hk.body.id}/updates`, { body: NAMES('x') }),
      404,
      'NOT_FOUND',
    );
    expect((await hw.as(sub.token).get(`/api/v1/incidents/${hk.body.id}`)).status).toBe(200);
    // A customer told of it still may not post updates (the role table).
    expectError(
      await hw.as(sub.token).post(`/api/v1/incidents/${hk.body.id}/updates`, { body: NAMES('x') }),
      403,
      'FORBIDDEN',
    );
  });

  it('R-ACC-2 a master sees its custody sub’s bills, not an independent sub’s', async () => {
    const master = await createCustomer(hw, { name: 'Master' });
    const custody = await createCustomer(hw, { name: 'Custody', parentId: master.id, financeMode: 'custody' });
    const independent = await createCustomer(hw, { name: 'Indep', parentId: master.id, financeMode: 'independent' });
    expect((await hw.as(master.token).get(`/api/v1/accounts/${custody.id}/bills`)).status).toBe(200);
    const refused = await hw.as(master.token).get(`/api/v1/accounts/${independent.id}/bills`);
    expect(expectError(refused, 403, 'FORBIDDEN')).toMatchObject({ reason: 'independent_finance' });
    // The sub itself, and staff, still read them; the master still sees the sub account.
    expect((await hw.as(independent.token).get(`/api/v1/accounts/${independent.id}/bills`)).status).toBe(200);
    expect((await hw.api.get(`/api/v1/accounts/${independent.id}/bills`)).status).toBe(200);
    const billing = await newStaff(hw, 'billing_operator');
    expect((await hw.as(billing.token).get(`/api/v1/accounts/${independent.id}/bills`)).status).toBe(200);
    expect((await hw.as(master.token).get(`/api/v1/accounts/${independent.id}`)).status).toBe(200);
  });

  it('R-ACC-3 a link request says nothing about other tenants: linked elsewhere, missing and free answer alike', async () => {
    const owner = await createCustomer(cy, { name: 'Asker' });
    await buyPlan(cy, owner.id, 'enterprise');
    const rival = await createCustomer(cy, { name: 'Rival' });
    await buyPlan(cy, rival.id, 'enterprise');
    const taken = await createCustomer(cy, { name: 'Taken' });
    const free = await createCustomer(cy, { name: 'Free' });
    const rivalLink = await cy.api.post(`/api/v1/accounts/${rival.id}/linked-accounts`, { accountId: taken.id });
    expect(rivalLink.body.status).toBe('approved');

    const ask = (accountId: string) =>
      cy.as(owner.token).post(`/api/v1/accounts/${owner.id}/linked-accounts`, { accountId });
    const answers = [await ask(taken.id), await ask('acc_0000000000doesnotexist'), await ask(free.id)];
    for (const a of answers) {
      expect(a.status).toBe(201);
      expect(a.body.status).toBe('pending');
      expect(Object.keys(a.body).sort()).toEqual([
        'accountId',
        'createdAt',
        'decidedAt',
        'id',
        'ownerAccountId',
        'status',
      ]);
      expect(JSON.stringify(a.body)).not.toContain(rivalLink.body.id);
      expect(JSON.stringify(a.body)).not.toContain(rival.id);
    }
    // The customer's own pending request for the same account is its own business: PLAN_CONFLICT with its link.
    const again = await ask(free.id);
    expect(expectError(again, 409, 'PLAN_CONFLICT')).toMatchObject({ linkId: answers[2]!.body.id });

    // Staff, who see every tenant, meet the conflict and the missing account when they decide.
    const staff = await newStaff(cy, 'tam');
    const approveTaken = await cy.as(staff.token).post(`/api/v1/linked-accounts/${answers[0]!.body.id}/approve`);
    expect(expectError(approveTaken, 409, 'PLAN_CONFLICT')).toMatchObject({ linkId: rivalLink.body.id });
    expectError(
      await cy.as(staff.token).post(`/api/v1/linked-accounts/${answers[1]!.body.id}/approve`),
      404,
      'NOT_FOUND',
    );
    expect((await cy.as(staff.token).post(`/api/v1/linked-accounts/${answers[2]!.body.id}/approve`)).body.status).toBe(
      'approved',
    );
    // Staff asking directly still hear of the conflict at once.
    const direct = await cy.api.post(`/api/v1/accounts/${owner.id}/linked-accounts`, { accountId: taken.id });
    expect(expectError(direct, 409, 'PLAN_CONFLICT')).toMatchObject({ linkId: rivalLink.body.id });
    expectError(
      await cy.api.post(`/api/v1/accounts/${owner.id}/linked-accounts`, { accountId: 'acc_0000000000doesnotexist' }),
      404,
      'NOT_FOUND',
    );
  });
});
