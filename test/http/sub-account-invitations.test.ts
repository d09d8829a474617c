/**
 * Seed 001 §6.3–6.4 (R-ACC-2): a master invites an existing account as its sub; the invitee's owner accepts
 * (choosing the finance mode) or declines; the master withdraws. An invitee with its own plan unsubscribes first.
 * After acceptance the account lives in the master's tenant with all its data, and the custody sharing rules apply.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../support/databases.js';
import { buyPlan, createCustomer, startTestApp, type TestApp } from '../support/harness.js';
import { openTicket } from '../support/tickets.js';

let seq = 0;
const email = (what: string) => `${what}.${++seq}@example.com`;

describe.each(DB_KINDS)('sub-account invitations on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ kind });
  });
  afterAll(async () => t?.close());

  it('R-ACC-2 invite → accept as custody: the account joins with its data, sees the shared plan', async () => {
    const master = await createCustomer(t, { name: 'Master', email: email('master') });
    const invitee = await createCustomer(t, { name: 'Joiner', email: email('joiner') });
    const ticket = await openTicket(t.api, invitee.id, 'general_guidance');
    await t.as(invitee.token).post(`/api/v1/accounts/${invitee.id}/contacts`, { name: 'Ops' });

    const inv = await t.as(master.token).post(`/api/v1/accounts/${master.id}/sub-account-invitations`, {
      accountId: invitee.id,
      message: 'Join us',
    });
    expect(inv.status).toBe(201);
    expect(inv.body).toMatchObject({
      status: 'pending',
      masterName: 'Master',
      inviteeName: 'Joiner',
      financeMode: null,
    });

    // Both sides list it; the invitee's message center has the invitation.
    const incoming = await t.as(invitee.token).get(`/api/v1/accounts/${invitee.id}/sub-account-invitations`);
    expect(incoming.body.items.map((i: { id: string }) => i.id)).toEqual([inv.body.id]);
    expect((await t.as(master.token).get(`/api/v1/accounts/${master.id}/sub-account-invitations`)).body.total).toBe(1);
    const messages = await t.as(invitee.token).get(`/api/v1/accounts/${invitee.id}/messages`);
    expect(JSON.stringify(messages.body)).toContain('Master');

    // The master cannot answer for the invitee; a stranger does not see it.
    const byMaster = await t.as(master.token).post(`/api/v1/sub-account-invitations/${inv.body.id}/accept`, {
      financeMode: 'custody',
    });
    expect(byMaster.status).toBe(403);
    const stranger = await createCustomer(t, { email: email('stranger') });
    const byStranger = await t.as(stranger.token).post(`/api/v1/sub-account-invitations/${inv.body.id}/accept`, {
      financeMode: 'custody',
    });
    expect(byStranger.status).toBe(404);
    const noMode = await t
      .as(invitee.token)
      .unchecked.post(`/api/v1/sub-account-invitations/${inv.body.id}/accept`, {});
    expect(noMode.status).toBe(400);
    expect(noMode.body.error?.details.issues?.[0]?.path).toBe('body.financeMode');

    const accepted = await t.as(invitee.token).post(`/api/v1/sub-account-invitations/${inv.body.id}/accept`, {
      financeMode: 'custody',
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body.invitation).toMatchObject({ status: 'accepted', financeMode: 'custody' });
    expect(accepted.body.account).toMatchObject({ id: invitee.id, parentId: master.id, financeMode: 'custody' });

    // The invitee's key still works, its ticket and contacts came along; the master now sees it as a sub.
    expect((await t.as(invitee.token).get(`/api/v1/accounts/${invitee.id}`)).body.contacts).toHaveLength(1);
    const kept = await t.as(invitee.token).get(`/api/v1/accounts/${invitee.id}/messages`);
    expect(kept.body.total).toBe(messages.body.total);
    const masterView = await t.as(master.token).get(`/api/v1/accounts/${master.id}`);
    expect(masterView.body.subAccounts).toEqual([{ id: invitee.id, name: 'Joiner', financeMode: 'custody' }]);
    expect((await t.as(master.token).get(`/api/v1/accounts/${invitee.id}`)).status).toBe(200);
    // Accepting again is a state error.
    const twice = await t.as(invitee.token).post(`/api/v1/sub-account-invitations/${inv.body.id}/accept`, {
      financeMode: 'custody',
    });
    expect(twice.status).toBe(409);
    expect(twice.body.error?.code).toBe('INVALID_STATE');

    // Custody sharing applies after: the master buys a shareable plan and shares it; the sub gets it.
    await buyPlan(t, master.id, 'business');
    expect((await t.as(master.token).post(`/api/v1/accounts/${master.id}/sharing`, { enabled: true })).status).toBe(
      200,
    );
    const plan = await t.as(invitee.token).get(`/api/v1/accounts/${invitee.id}/plan`);
    expect(plan.body).toMatchObject({ level: 'business', source: 'shared' });
    // With the shared plan's ticket API, the invitee's key reads the ticket it opened before it joined.
    const read = await t.as(invitee.token).get(`/api/v1/tickets/${ticket.id}`);
    expect(read.status).toBe(200);
    expect(read.body.accountId).toBe(invitee.id);

    // Staff read the move in the audit trail.
    const audit = await t.api.get(`/api/v1/accounts/${invitee.id}/audit-events`);
    const joined = audit.body.items.find((e: { action: string }) => e.action === 'account.joined_master');
    expect(joined).toMatchObject({
      before: { parentId: null, tenantId: invitee.id },
      after: { parentId: master.id, financeMode: 'custody', tenantId: master.id },
    });
    // The master's message center says it was accepted.
    const told = await t.as(master.token).get(`/api/v1/accounts/${master.id}/messages`);
    expect(JSON.stringify(told.body)).toContain('Joiner');
  });

  it('seed 001 §6.4b an invitee with its own plan must unsubscribe first, at invitation and at acceptance', async () => {
    const master = await createCustomer(t, { email: email('master') });
    const paid = await createCustomer(t, { email: email('paid') });
    await buyPlan(t, paid.id, 'developer');
    const refused = await t.as(master.token).post(`/api/v1/accounts/${master.id}/sub-account-invitations`, {
      accountId: paid.id,
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({
      code: 'PLAN_CONFLICT',
      details: { reason: 'invitee_has_plan', level: 'developer', action: 'unsubscribe' },
    });

    const later = await createCustomer(t, { email: email('later') });
    const inv = await t.as(master.token).post(`/api/v1/accounts/${master.id}/sub-account-invitations`, {
      accountId: later.id,
    });
    expect(inv.status).toBe(201);
    await buyPlan(t, later.id, 'developer');
    const accept = await t.as(later.token).post(`/api/v1/sub-account-invitations/${inv.body.id}/accept`, {
      financeMode: 'independent',
    });
    expect(accept.status).toBe(409);
    expect(accept.body.error?.details.reason).toBe('invitee_has_plan');
    expect((await t.api.get(`/api/v1/accounts/${later.id}`)).body.parentId).toBeNull();
  });

  it('R-ACC-2 decline, withdraw, one pending invitation, and who can be invited', async () => {
    const master = await createCustomer(t, { email: email('master') });
    const a = await createCustomer(t, { name: 'A', email: email('a') });
    const inv = await t.as(master.token).post(`/api/v1/accounts/${master.id}/sub-account-invitations`, {
      accountId: a.id,
    });
    const again = await t.as(master.token).post(`/api/v1/accounts/${master.id}/sub-account-invitations`, {
      accountId: a.id,
    });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'INVALID_STATE', details: { invitationId: inv.body.id } });
    // The invitee cannot withdraw; the master cannot decline.
    expect((await t.as(a.token).post(`/api/v1/sub-account-invitations/${inv.body.id}/withdraw`)).status).toBe(403);
    expect((await t.as(master.token).post(`/api/v1/sub-account-invitations/${inv.body.id}/decline`)).status).toBe(403);
    const declined = await t.as(a.token).post(`/api/v1/sub-account-invitations/${inv.body.id}/decline`);
    expect(declined.status).toBe(200);
    expect(declined.body.status).toBe('declined');
    const late = await t.as(a.token).post(`/api/v1/sub-account-invitations/${inv.body.id}/accept`, {
      financeMode: 'custody',
    });
    expect(late.status).toBe(409);
    expect((await t.api.get(`/api/v1/accounts/${a.id}`)).body.parentId).toBeNull();

    // After a decline the master may invite again, then withdraw.
    const second = await t.as(master.token).post(`/api/v1/accounts/${master.id}/sub-account-invitations`, {
      accountId: a.id,
    });
    expect(second.status).toBe(201);
    const withdrawn = await t.as(master.token).post(`/api/v1/sub-account-invitations/${second.body.id}/withdraw`);
    expect(withdrawn.body.status).toBe('withdrawn');

    // Who can be invited: not itself, not a sub, not an unknown id; a sub cannot invite.
    const self = await t.as(master.token).post(`/api/v1/accounts/${master.id}/sub-account-invitations`, {
      accountId: master.id,
    });
    expect(self.body.error?.details.reason).toBe('self');
    const sub = await createCustomer(t, { email: email('sub'), parentId: master.id, financeMode: 'independent' });
    const ofSub = await t.as(master.token).post(`/api/v1/accounts/${master.id}/sub-account-invitations`, {
      accountId: sub.id,
    });
    expect(ofSub.body.error?.details.reason).toBe('already_a_sub');
    const bySub = await t.as(sub.token).post(`/api/v1/accounts/${sub.id}/sub-account-invitations`, {
      accountId: a.id,
    });
    expect(bySub.status).toBe(409);
    expect(bySub.body.error?.details.reason).toBe('not_a_master');
    const hasSubs = await t.api.post(`/api/v1/accounts/${a.id}/sub-account-invitations`, { accountId: master.id });
    expect(hasSubs.body.error?.details.reason).toBe('invitee_has_subs');
    const unknown = await t.as(master.token).post(`/api/v1/accounts/${master.id}/sub-account-invitations`, {
      accountId: 'acc_nope',
    });
    expect(unknown.status).toBe(404);
    // A member cannot invite.
    const member = await t.api.post(`/api/v1/accounts/${master.id}/users`, {
      name: 'm',
      email: email('m'),
      role: 'customer_member',
    });
    const memberKey = await t.api.post(`/api/v1/accounts/${master.id}/api-keys`, { userId: member.body.id });
    const byMember = await t.as(memberKey.body.token).post(`/api/v1/accounts/${master.id}/sub-account-invitations`, {
      accountId: a.id,
    });
    expect(byMember.status).toBe(403);
  });
});
