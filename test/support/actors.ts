/**
 * Callers for HTTP tests beyond the admin and an account owner: customer members, staff users, and the small
 * order flows several test files share.
 */
import type { TestApp } from './harness.js';
import type { OrderInput, ServiceRequestInput, SuccessBody } from './api-types.js';
import { ok } from './replies.js';
import type { QuotaView } from '../../src/contexts/subscriptions/use-cases/get-plan.js';

export interface Actor {
  readonly userId: string;
  readonly token: string;
}

/** A customer user with role customer_member (or customer_owner) on an account, with its own API key. */
export async function createCustomerUser(
  t: TestApp,
  accountId: string,
  role: 'customer_member' | 'customer_owner' = 'customer_member',
): Promise<Actor> {
  const user = await t.api.post(`/api/v1/accounts/${accountId}/users`, {
    name: role,
    email: `${role}@example.com`,
    role,
  });
  if (user.status !== 201) throw new Error(`create user: ${user.status} ${JSON.stringify(user.body)}`);
  const key = await t.api.post(`/api/v1/accounts/${accountId}/api-keys`, { userId: user.body.id });
  if (key.status !== 201) throw new Error(`create key: ${key.status} ${JSON.stringify(key.body)}`);
  return { userId: user.body.id, token: key.body.token };
}

export type StaffRole = 'billing_operator' | 'tam' | 'support_engineer' | 'provider_admin';

/**
 * A staff user (billing operator, TAM, support engineer…) with an API key; named after the role unless `who` says
 * otherwise (`newStaff` in tickets.ts gives each a unique email).
 */
export async function createStaff(
  t: TestApp,
  role: StaffRole,
  grade?: string,
  who: { name: string; email: string } = { name: role, email: `${role}@provider.example` },
): Promise<Actor> {
  const user = await t.api.post('/api/v1/users', { ...who, role, ...(grade ? { grade } : {}) });
  if (user.status !== 201) throw new Error(`create staff: ${user.status} ${JSON.stringify(user.body)}`);
  const key = await t.api.post(`/api/v1/users/${user.body.id}/api-keys`, {});
  if (key.status !== 201) throw new Error(`create staff key: ${key.status} ${JSON.stringify(key.body)}`);
  return { userId: user.body.id, token: key.body.token };
}

export type Order = SuccessBody<'/api/v1/orders/{id}', 'get'>;

/** Places an order (admin unless a token is given) and fails loudly unless it is created. */
export async function placeOrder(t: TestApp, accountId: string, body: OrderInput, token?: string): Promise<Order> {
  const api = token ? t.as(token) : t.api;
  const res = await api.post(`/api/v1/accounts/${accountId}/orders`, { agreementAccepted: true, ...body });
  if (res.status !== 201) throw new Error(`order ${JSON.stringify(body)}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** The body of POST /service-requests for `days` from `start`, with an ops contact; `extra` adds or overrides fields. */
export const serviceRequestInput = (
  accountId: string,
  type: ServiceRequestInput['type'],
  start: string,
  days: number,
  extra: Partial<ServiceRequestInput> = {},
): ServiceRequestInput => ({ accountId, type, start, days, contact: { name: 'Ops', phone: '+86 10 0000' }, ...extra });

/** Staff credit the account's balance (POST /balance/top-ups as the admin). */
export async function topUp(
  t: TestApp,
  accountId: string,
  amount: string,
  reason = 'test top-up',
): Promise<SuccessBody<'/api/v1/accounts/{id}/balance/top-ups', 'post'>> {
  const currency = t.app.catalog.currency.code;
  const res = await t.api.post(`/api/v1/accounts/${accountId}/balance/top-ups`, {
    amount: { amount, currency },
    reason,
  });
  if (res.status !== 201) throw new Error(`top-up ${accountId}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/**
 * Pays an order the legitimate way: the admin records an external payment, or (with a customer's token) the
 * admin tops the balance up by the order's amount and the customer pays from the balance.
 */
export async function pay(t: TestApp, orderId: string, token?: string): Promise<Order> {
  if (!token) {
    const res = await t.api.post(`/api/v1/orders/${orderId}/pay`, { reference: 'test' });
    if (res.status !== 200) throw new Error(`pay ${orderId}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }
  const order = ok(await t.api.get(`/api/v1/orders/${orderId}`));
  if (order.amount.amount !== '0.00' && order.status === 'pending_payment')
    await topUp(t, order.accountId, order.amount.amount);
  const res = await t.as(token).post(`/api/v1/orders/${orderId}/pay`, { method: 'balance' });
  if (res.status !== 200) throw new Error(`pay ${orderId}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export { expectError } from './replies.js';

/** ISO instant arithmetic for test clocks. */
export const plusMs = (iso: string, ms: number) => new Date(new Date(iso).getTime() + ms).toISOString();
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/** Runs whatever is due now (outbox deliveries such as messages) by setting the test clock to where it stands. */
export async function settle(t: TestApp): Promise<string> {
  const now = ok(await t.api.get('/api/v1/test-clock')).now;
  return t.setClock(now);
}

/** A row of GET /accounts/{id}/plan `quotas`, as the server writes it. */
export type QuotaRow = QuotaView;

/** An account's plan quotas by quota id, read as the given caller. */
export async function quotasOf(t: TestApp, accountId: string, token?: string): Promise<Record<string, QuotaRow>> {
  const res = await (token ? t.as(token) : t.api).get(`/api/v1/accounts/${accountId}/plan`);
  if (res.status !== 200) throw new Error(`GET plan answered ${res.status} ${JSON.stringify(res.body)}`);
  return Object.fromEntries(res.body.quotas.map((q) => [q.quota, q]));
}
