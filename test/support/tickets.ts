/**
 * Small helpers shared by the ticket HTTP tests (workflow, notifications): staff users with unique emails, opening
 * tickets, moving the test clock relative to where it stands, reading inboxes and message centers.
 */
import { createStaff, type Actor, type StaffRole } from './actors.js';
import type { Api, TestApp } from './harness.js';
import type { RequestBody, SuccessBody } from './api-types.js';
import { ok } from './replies.js';

let seq = 0;

/** A staff user (support engineer of `grade`, TAM…) with its own API key and a unique email. */
export async function newStaff(t: TestApp, role: StaffRole, grade?: string): Promise<Actor> {
  const n = ++seq;
  return createStaff(t, role, grade, { name: `${role} ${n}`, email: `${role}.${n}.${Date.now()}@provider.example` });
}

/** Opens a technical ticket (or `category` in extra) and fails loudly unless it is created. */
export async function openTicket(
  api: Api,
  accountId: string,
  severity: string | null,
  extra: Partial<RequestBody<'/api/v1/tickets', 'post'>> = {},
): Promise<SuccessBody<'/api/v1/tickets', 'post'>> {
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

export { ok } from './replies.js';

export async function clockNow(t: TestApp): Promise<string> {
  return ok(await t.api.get('/api/v1/test-clock')).now;
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
  data: Record<string, unknown>;
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
