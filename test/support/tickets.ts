/**
 * Small helpers shared by the ticket HTTP tests (workflow, notifications): staff users with unique emails, opening
 * tickets, moving the test clock relative to where it stands, reading inboxes and message centers.
 */
import type { Actor } from './actors.js';
import type { Api, Reply, TestApp } from './harness.js';

let seq = 0;

/** A staff user (support engineer of `grade`, TAM…) with its own API key and a unique email. */
export async function newStaff(
  t: TestApp,
  role: 'support_engineer' | 'tam' | 'billing_operator' | 'provider_admin',
  grade?: string,
): Promise<Actor> {
  const n = ++seq;
  const user = await t.api.post('/api/v1/users', {
    name: `${role} ${n}`,
    email: `${role}.${n}.${Date.now()}@provider.example`,
    role,
    ...(grade ? { grade } : {}),
  });
  if (user.status !== 201) throw new Error(`create staff: ${user.status} ${JSON.stringify(user.body)}`);
  const key = await t.api.post(`/api/v1/users/${user.body.id}/api-keys`, {});
  if (key.status !== 201) throw new Error(`create staff key: ${key.status} ${JSON.stringify(key.body)}`);
  return { userId: user.body.id, token: key.body.token };
}

/** Opens a technical ticket (or `category` in extra) and fails loudly unless it is created. */
export async function openTicket(
  api: Api,
  accountId: string,
  severity: string | null,
  extra: Record<string, unknown> = {},
): Promise<any> {
  const res = await api.post('/api/v1/tickets', {
    accountId,
    category: 'technical',
    ...(severity ? { severity } : {}),
    subject: 'Something is wrong',
    description: 'Details of the problem',
    ...extra,
  });
  if (res.status !== 201) throw new Error(`open ticket: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Asserts a 2xx and returns the body. */
export function ok<T = any>(res: Reply<T>, status = 200): T {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function clockNow(t: TestApp): Promise<string> {
  return (await t.api.get('/api/v1/test-clock')).body.now as string;
}

/** Moves the test clock `ms` forward from where it stands; returns the new ISO instant. */
export async function advance(t: TestApp, ms: number): Promise<string> {
  const now = await clockNow(t);
  return t.setClock(new Date(new Date(now).getTime() + ms).toISOString());
}

/** Moves the clock to `iso` unless it already stands later (the clock only moves forward). */
export async function clockAtLeast(t: TestApp, iso: string): Promise<string> {
  const now = await clockNow(t);
  return new Date(now).getTime() >= new Date(iso).getTime() ? t.setClock(now) : t.setClock(iso);
}

export interface MessageItem {
  id: string;
  accountId: string;
  kind: string;
  title: Record<string, string>;
  body: Record<string, string>;
  data: Record<string, any>;
  read: boolean;
  createdAt: string;
}

/** The caller's staff inbox, optionally of one kind (100 newest). */
export async function inbox(t: TestApp, token: string, kind?: string): Promise<MessageItem[]> {
  const res = await t
    .as(token)
    .get(`/api/v1/users/me/messages?pageSize=100${kind ? `&kind=${encodeURIComponent(kind)}` : ''}`);
  return ok(res).items;
}

/** The account's message center (as the admin), optionally of one kind (100 newest). */
export async function messageCenter(t: TestApp, accountId: string, kind?: string): Promise<MessageItem[]> {
  const res = await t.api.get(
    `/api/v1/accounts/${accountId}/messages?pageSize=100${kind ? `&kind=${encodeURIComponent(kind)}` : ''}`,
  );
  return ok(res).items;
}

export const MINUTE = 60_000;
export const iso = (ms: number) => new Date(ms).toISOString();
export const ms = (s: string) => new Date(s).getTime();
