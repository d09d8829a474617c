/**
 * Issue 11 (R-ACC-4): one role table decides every action. Each ticket and service-request action is sent through
 * HTTP by every role, on a technical and a non-technical ticket, and the answer is FORBIDDEN exactly when the table
 * (src/domain/access/role-table.ts) says so. Found before the table: a billing operator attached files to technical
 * tickets and withdrew a customer's service request while replies, close, accept and reject were FORBIDDEN to it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE_TABLE, mayDo, type Action } from '../../src/domain/access/role-table.js';
import type { Role } from '../../src/platform/http/principal.js';
import { DB_KINDS } from '../support/databases.js';
import { errorOf } from '../support/replies.js';
import { ADMIN_TOKEN, buyPlan, createCustomer, startTestApp, type TestApp } from '../support/harness.js';
import { createCustomerUser } from '../support/actors.js';
import { newStaff, openTicket } from '../support/tickets.js';
import { resource } from '../support/advisor.js';

const FILE = { filename: 'a.txt', contentType: 'text/plain', contentBase64: 'aGk=' };

interface Request {
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly url: string;
  readonly body?: unknown;
}

describe('the role table (pure)', () => {
  it('billing operators: the same verdict for every action on a ticket, none on a customer’s service request', () => {
    const ticketActions = (Object.keys(ROLE_TABLE) as Action[]).filter(
      (a) => a.startsWith('ticket.') && !['ticket.assign', 'ticket.regrade', 'ticket.rate'].includes(a),
    );
    for (const a of ticketActions) {
      expect(mayDo('billing_operator', a, { category: 'technical' }), a).toBe(false);
      expect(mayDo('billing_operator', a, { category: 'non_technical' }), a).toBe(true);
    }
    for (const a of ['accept', 'complete', 'reject', 'withdraw', 'reschedule', 'add_deliverable'] as const)
      expect(mayDo('billing_operator', `service_request.${a}`), a).toBe(false);
  });

  it('customers never get staff actions; staff never act as the customer', () => {
    const customerOnly: Action[] = ['ticket.rate', 'service_request.withdraw', 'service_request.evaluate'];
    const staffOnly: Action[] = [
      'ticket.reply_internal',
      'ticket.attach_internal',
      'ticket.set_status',
      'ticket.assign',
      'ticket.regrade',
      'ticket.queue',
      'service_request.accept',
      'service_request.complete',
      'service_request.reject',
      'service_request.reschedule',
      'service_request.add_deliverable',
      'incident.publish',
    ];
    for (const role of ['customer_owner', 'customer_member'] as Role[]) {
      for (const a of staffOnly) expect(mayDo(role, a), `${role} ${a}`).toBe(false);
      for (const a of customerOnly) expect(mayDo(role, a), `${role} ${a}`).toBe(true);
    }
    for (const role of ['provider_admin', 'support_engineer', 'tam', 'billing_operator'] as Role[])
      for (const a of customerOnly) expect(mayDo(role, a), `${role} ${a}`).toBe(false);
    // The integration role may ingest (R-OA) and do nothing else.
    for (const a of Object.keys(ROLE_TABLE) as Action[])
      expect(mayDo('integration', a), a).toBe(a === 'advisor.ingest');
  });
});

describe.each(DB_KINDS)('the role table through HTTP on %s', (kind) => {
  let t: TestApp;
  const tokens = {} as Record<Role, string>;
  let accountId: string;
  let engineerId: string;

  beforeAll(async () => {
    t = await startTestApp({ kind });
    const owner = await createCustomer(t, { name: 'Roles' });
    await buyPlan(t, owner.id, 'enterprise');
    accountId = owner.id;
    const grade = t.app.catalog.def.handlers.at(-1)!.id;
    const engineer = await newStaff(t, 'support_engineer', grade);
    engineerId = engineer.userId;
    Object.assign(tokens, {
      provider_admin: ADMIN_TOKEN,
      support_engineer: engineer.token,
      tam: (await newStaff(t, 'tam')).token,
      billing_operator: (await newStaff(t, 'billing_operator')).token,
      customer_owner: owner.token,
      customer_member: (await createCustomerUser(t, owner.id)).token,
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  /** A fresh object per case, so that no case's state decides another's answer. */
  async function ticketRequests(
    category: 'technical' | 'non_technical',
  ): Promise<Record<string, () => Promise<Request>>> {
    const ticket = async () =>
      (
        await openTicket(
          t.api,
          accountId,
          category === 'technical' ? 'general_guidance' : null,
          category === 'technical' ? {} : { category },
        )
      ).id as string;
    const at = (path: string, body?: unknown) => async (): Promise<Request> => ({
      method: 'POST',
      url: `/api/v1/tickets/${await ticket()}${path}`,
      body,
    });
    return {
      'ticket.open': async () => ({
        method: 'POST',
        url: '/api/v1/tickets',
        body: {
          accountId,
          category,
          ...(category === 'technical' ? { severity: 'general_guidance' } : {}),
          subject: 's',
          description: 'd',
        },
      }),
      'ticket.reply': at('/replies', { body: 'hello' }),
      'ticket.reply_internal': at('/replies', { body: 'note', internal: true }),
      'ticket.attach': at('/attachments', FILE),
      'ticket.attach_internal': at('/attachments', { ...FILE, internal: true }),
      'ticket.close': at('/close', {}),
      'ticket.set_status': at('/status', { status: 'waiting_for_customer' }),
      'ticket.set_customer_status': at('/status', { status: 'resolved' }),
      'ticket.assign': at('/assign', { assigneeId: engineerId }),
      'ticket.regrade': at('/severity', { severity: 'general_guidance', reason: 'check' }),
      'ticket.rate': at('/rating', { stars: 5 }),
    };
  }

  /**
   * Service requests: each role works on an account of its own (allowances are per account), and every request a
   * case leaves open is rejected by the admin afterwards, which gives its allowance back (R-SR-2).
   */
  function serviceRequestRequests(accountId: string): Record<string, () => Promise<Request>> {
    const body = {
      accountId,
      type: 'event_protection',
      scenario: 'product_launch',
      start: '2026-06-01',
      days: 1,
      contact: { name: 'Ops', email: 'ops@example.com', phone: '+8613800000000' },
    } as const;
    const sr = async (accepted: boolean) => {
      const res = await t.api.post('/api/v1/service-requests', body);
      if (res.status !== 201) throw new Error(`service request: ${res.status} ${JSON.stringify(res.body)}`);
      if (accepted) await t.api.post(`/api/v1/service-requests/${res.body.id}/accept`, {});
      return res.body.id as string;
    };
    const at =
      (path: string, payload: unknown, accepted = false) =>
      async (): Promise<Request> => ({
        method: 'POST',
        url: `/api/v1/service-requests/${await sr(accepted)}${path}`,
        body: payload,
      });
    return {
      'service_request.apply': async () => ({ method: 'POST', url: '/api/v1/service-requests', body }),
      'service_request.accept': at('/accept', {}),
      'service_request.complete': at('/complete', {}, true),
      'service_request.reject': at('/reject', { reason: 'no' }),
      'service_request.withdraw': at('/withdraw', {}),
      'service_request.reschedule': at('/reschedule', { deliveryMethod: 'online', reason: 'remote' }),
      'service_request.add_deliverable': at('/deliverables', FILE, true),
      'service_request.evaluate': at('/evaluation', { responseSpeed: 5, deliverableQuality: 5 }),
    };
  }

  async function check(
    requestsFor: (role: Role) => Promise<Record<string, () => Promise<Request>>>,
    subject: { category?: string },
    tokenOf: (role: Role) => string = (role) => tokens[role],
  ): Promise<string[]> {
    const wrong: string[] = [];
    for (const role of Object.keys(tokens) as Role[]) {
      const requests = await requestsFor(role);
      for (const [action, make] of Object.entries(requests)) {
        const r = await make();
        const api = t.as(tokenOf(role));
        const res =
          r.method === 'GET'
            ? await api.raw.get(r.url)
            : r.method === 'DELETE'
              ? await api.raw.delete(r.url)
              : await api.raw.post(r.url, r.body);
        // Give the allowance back (a no-op for tickets and for requests already rejected, withdrawn or completed).
        for (const id of [
          /\/service-requests\/([^/]+)\//.exec(r.url)?.[1],
          res.status === 201 ? (res.body as { id?: unknown } | null)?.id : null,
        ])
          if (typeof id === 'string' && id.startsWith('sr_'))
            await t.api.post(`/api/v1/service-requests/${id}/reject`, { reason: 'reset' });
        const forbidden = res.status === 403 && errorOf(res)?.code === 'FORBIDDEN';
        const allowed = mayDo(role, action as Action, subject);
        if (forbidden === allowed)
          wrong.push(
            `${role} ${action} (${subject.category ?? '-'}): table says ${allowed ? 'allowed' : 'forbidden'}, answered ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`,
          );
        if (forbidden && errorOf(res)?.details.action !== action)
          wrong.push(`${role} ${action}: details.action is ${String(errorOf(res)?.details.action)}`);
      }
    }
    return wrong;
  }

  it('R-ACC-4 every ticket action, every role, technical and non-technical', async () => {
    const wrong = [
      ...(await check(() => ticketRequests('technical'), { category: 'technical' })),
      ...(await check(() => ticketRequests('non_technical'), { category: 'non_technical' })),
      ...(await check(async () => ({ 'ticket.queue': async () => ({ method: 'GET', url: '/api/v1/queue' }) }), {})),
      ...(await check(
        async () => ({ 'staff.read_directory': async () => ({ method: 'GET', url: '/api/v1/users?role=tam' }) }),
        {},
      )),
    ];
    expect(wrong).toEqual([]);
  });

  it('R-ACC-4 every service-request action, every role', async () => {
    const own = {} as Record<Role, { id: string; token: string }>;
    for (const role of Object.keys(tokens) as Role[]) {
      const c = await createCustomer(t, { name: `SR ${role}` });
      await buyPlan(t, c.id, 'enterprise');
      own[role] = role === 'customer_member' ? { id: c.id, token: (await createCustomerUser(t, c.id)).token } : c;
    }
    const tokenOf = (role: Role) => (role.startsWith('customer_') ? own[role].token : tokens[role]);
    expect(await check(async (role) => serviceRequestRequests(own[role].id), {}, tokenOf)).toEqual([]);
  });

  /**
   * Plans, orders and payments (issue 11): every order a case needs is placed by the admin first, so that no case's
   * state decides another's answer. Paying from a balance of 0 is 409 for whoever may pay: only FORBIDDEN counts.
   */
  function orderRequests(): Record<string, () => Promise<Request>> {
    const renew = { action: 'renew', term: { unit: 'month', count: 1 } } as const;
    const order = async () => {
      const res = await t.api.post(`/api/v1/accounts/${accountId}/orders`, { ...renew, agreementAccepted: true });
      if (res.status !== 201) throw new Error(`order: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.id as string;
    };
    const currency = t.app.catalog.currency.code;
    return {
      'order.quote': async () => ({ method: 'POST', url: `/api/v1/accounts/${accountId}/quotes`, body: renew }),
      'order.place': async () => ({
        method: 'POST',
        url: `/api/v1/accounts/${accountId}/orders`,
        body: { ...renew, agreementAccepted: true },
      }),
      'order.cancel': async () => ({ method: 'POST', url: `/api/v1/orders/${await order()}/cancel`, body: {} }),
      'order.pay': async () => ({
        method: 'POST',
        url: `/api/v1/orders/${await order()}/pay`,
        body: { method: 'balance' },
      }),
      'plan.auto_renew': async () => ({
        method: 'POST',
        url: `/api/v1/accounts/${accountId}/plan/auto-renew`,
        body: { enabled: false },
      }),
      'plan.share': async () => ({
        method: 'POST',
        url: `/api/v1/accounts/${accountId}/sharing`,
        body: { enabled: false },
      }),
      'balance.write': async () => ({
        method: 'POST',
        url: `/api/v1/accounts/${accountId}/balance/top-ups`,
        body: { amount: { amount: '0.01', currency }, reason: 'roles' },
      }),
    };
  }

  function advisorRequests(): Record<string, () => Promise<Request>> {
    const observedAt = '2026-03-02T02:00:00.000Z';
    return {
      'advisor.ingest': async () => ({
        method: 'POST',
        url: '/api/v1/resources',
        body: {
          resources: [resource(accountId, { id: `${accountId}-roles-1`, type: 'ecs', name: 'roles' }, observedAt)],
        },
      }),
      'advisor.read': async () => ({ method: 'GET', url: `/api/v1/accounts/${accountId}/advisor` }),
      'advisor.configure': async () => ({ method: 'POST', url: `/api/v1/accounts/${accountId}/advisor/authorization` }),
    };
  }

  it('R-ACC-4 every order, plan, balance and advisor action, every role', async () => {
    const wrong = [
      ...(await check(async () => orderRequests(), {})),
      ...(await check(async () => advisorRequests(), {})),
    ];
    expect(wrong).toEqual([]);
    // Paying by another way than the balance: staff record it, a customer owner is asked for a payment (402).
    const placed = async () =>
      (
        await t.api.post(`/api/v1/accounts/${accountId}/orders`, {
          action: 'renew',
          term: { unit: 'month', count: 1 },
          agreementAccepted: true,
        })
      ).body.id as string;
    for (const role of ['provider_admin', 'billing_operator'] as Role[])
      expect(mayDo(role, 'order.pay_external'), role).toBe(true);
    expect(mayDo('customer_owner', 'order.pay_external')).toBe(false);
    const owner = await t
      .as(tokens.customer_owner)
      .post(`/api/v1/orders/${await placed()}/pay`, { method: 'external' });
    expect(owner.body.error?.code).toBe('PAYMENT_REQUIRED');
    const staff = await t
      .as(tokens.billing_operator)
      .post(`/api/v1/orders/${await placed()}/pay`, { method: 'external' });
    expect(staff.status).toBe(200);
    // The owner of another account (a customer who sees this one through no relation) never gets that far: 404.
    const stranger = await createCustomer(t, { name: 'Stranger' });
    expect((await t.as(stranger.token).get(`/api/v1/accounts/${accountId}/advisor`)).status).toBe(404);
  });
});
