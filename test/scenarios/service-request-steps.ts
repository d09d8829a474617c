/**
 * Steps the service-request scenarios (service-requests-<vendor>.test.ts) share over the real CLI: customers with
 * owner keys, staff users created via POST /api/v1/users, purchases, applications, the staff workflow with a
 * deliverable, and the customer's download and evaluation (R-SR-4).
 */
import { expect } from 'vitest';
import { ok, type CliServer, type Client, type Reply } from './cli-server.js';

export interface Party {
  readonly id: string;
  readonly token: string;
  readonly api: Client;
}

export async function customerOf(
  server: CliServer,
  input: { name: string; region: string; locale: string; timeZone?: string },
): Promise<Party> {
  const account = ok(
    await server.admin.post('/api/v1/accounts', {
      email: 'owner@customer.example',
      timeZone: 'Asia/Shanghai',
      ...input,
    }),
    201,
  );
  const key = ok(await server.admin.post(`/api/v1/accounts/${account.id}/api-keys`, {}), 201);
  return { id: account.id, token: key.token, api: server.as(key.token) };
}

let seq = 0;
/** A TAM or a support engineer (of the catalog's most senior handler grade). */
export async function staffOf(server: CliServer, role: 'tam' | 'support_engineer'): Promise<Party> {
  const n = ++seq;
  let grade: string | undefined;
  if (role === 'support_engineer')
    grade = (ok(await server.admin.get('/api/v1/catalog')).handlers as { id: string }[]).at(-1)!.id;
  const user = ok(
    await server.admin.post('/api/v1/users', {
      name: `${role} ${n}`,
      email: `${role}.${n}@provider.example`,
      role,
      ...(grade ? { grade } : {}),
    }),
    201,
  );
  const key = ok(await server.admin.post(`/api/v1/users/${user.id}/api-keys`, {}), 201);
  return { id: user.id, token: key.token, api: server.as(key.token) };
}

/**
 * Places and pays a purchase as `api` (the customer, or the admin for a level that needs approval): with `staff`,
 * staff top the balance up by the amount and the customer pays from it (issue 11); without, `api` is staff and
 * records an external payment.
 */
export async function purchase(
  api: Client,
  accountId: string,
  level: string,
  term: { unit: 'month' | 'year'; count: number },
  staff?: Client,
) {
  const order = ok(
    await api.post(`/api/v1/accounts/${accountId}/orders`, {
      action: 'purchase',
      level,
      term,
      agreementAccepted: true,
    }),
    201,
  );
  if (!staff) return ok(await api.post(`/api/v1/orders/${order.id}/pay`, { reference: 'scenario' }));
  ok(
    await staff.post(`/api/v1/accounts/${accountId}/balance/top-ups`, { amount: order.amount, reason: 'scenario' }),
    201,
  );
  return ok(await api.post(`/api/v1/orders/${order.id}/pay`, { method: 'balance' }));
}

export const CONTACT = { name: '值班经理', phone: '+86 10 5555 0100', email: 'oncall@customer.example' };

export function apply(c: Party, body: Record<string, unknown>): Promise<Reply> {
  return c.api.post('/api/v1/service-requests', {
    accountId: c.id,
    contact: CONTACT,
    deliveryMethod: 'email',
    ...body,
  });
}

/** Asserts the API.md error shape and code; returns details. */
export function refused(res: Reply, status: number, code: string): Record<string, any> {
  if (res.status !== status || res.body?.error?.code !== code)
    throw new Error(`expected ${status} ${code}, got ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.error.details;
}

/** Staff accept (assigning `assignee`), attach one deliverable and complete; returns the deliverable. */
export async function deliver(
  server: CliServer,
  staff: Party,
  srId: string,
  file: { filename: string; contentType: string; content: string },
  assignee: Party = staff,
) {
  const accepted = ok(await staff.api.post(`/api/v1/service-requests/${srId}/accept`, { assigneeId: assignee.id }));
  expect(accepted).toMatchObject({ status: 'processing', assigneeId: assignee.id });
  const d = ok(
    await staff.api.post(`/api/v1/service-requests/${srId}/deliverables`, {
      filename: file.filename,
      contentType: file.contentType,
      contentBase64: Buffer.from(file.content).toString('base64'),
    }),
    201,
  );
  expect(ok(await staff.api.post(`/api/v1/service-requests/${srId}/complete`, {})).status).toBe('completed');
  return d as { id: string; filename: string; sha256: string };
}

/** The customer lists and downloads the deliverables, then rates the request once (R-SR-4). */
export async function downloadAndEvaluate(
  c: Party,
  srId: string,
  expected: { filename: string; content: string },
  rating: { responseSpeed: number; deliverableQuality: number; feedback?: string },
) {
  const list = ok(await c.api.get(`/api/v1/service-requests/${srId}/deliverables`));
  const item = (list.items as { id: string; filename: string }[]).find((x) => x.filename === expected.filename);
  expect(item, `deliverable ${expected.filename}`).toBeDefined();
  const dl = await c.api.download(`/api/v1/service-requests/${srId}/deliverables/${item!.id}`);
  expect(dl.status).toBe(200);
  expect(dl.bytes.toString()).toBe(expected.content);
  const rated = ok(await c.api.post(`/api/v1/service-requests/${srId}/evaluation`, rating));
  expect(rated.evaluation).toMatchObject(rating);
  refused(await c.api.post(`/api/v1/service-requests/${srId}/evaluation`, rating), 409, 'INVALID_STATE');
}
