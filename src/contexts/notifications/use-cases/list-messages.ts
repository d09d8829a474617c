/**
 * GET /accounts/{id}/messages: the message center, newest first, with read/unread (R-NTF-1).
 * GET /users/me/messages: a staff user's inbox. Staff messages never show in a customer's message center.
 */
import type { Deps } from '../../../platform/deps.js';
import { DomainError, notFound } from '../../../platform/errors.js';
import { isStaff, type Principal } from '../../../platform/http/principal.js';
import { pageOf, type TPageQuery } from '../../../platform/pagination.js';
import { loadVisibleAccount } from '../../accounts/index.js';
import { pageMessages, setMessageRead, type MessageOwner, type MessageRow } from '../store/message-store.js';

type MessageQuery = TPageQuery & { unread?: boolean | undefined; kind?: string | undefined };

export function messageView(m: MessageRow) {
  return {
    id: m.id,
    accountId: m.accountId,
    kind: m.kind,
    title: m.title as Record<string, string>,
    body: m.body as Record<string, string>,
    data: m.data as Record<string, unknown>,
    read: m.read,
    createdAt: m.createdAt.toISOString(),
  };
}

async function listOf(deps: Deps, owner: MessageOwner, query: MessageQuery) {
  const { rows, total, unread } = await pageMessages(
    deps.db,
    owner,
    { unread: query.unread, kind: query.kind },
    { offset: (query.page - 1) * query.pageSize, limit: query.pageSize },
  );
  return { ...pageOf(rows.map(messageView), query, total), unread };
}

/** The account's message center: its messages, not the staff messages about it. */
function centerOf(account: { id: string; tenantId: string }): MessageOwner {
  return { center: { tenantId: account.tenantId, accountId: account.id } };
}

function requireStaff(principal: Principal): void {
  if (!isStaff(principal))
    throw new DomainError(
      'FORBIDDEN',
      { requiredRole: 'staff' },
      'The inbox is for staff; customers read GET /api/v1/accounts/{id}/messages.',
    );
}

export async function listMessages(deps: Deps, principal: Principal, accountId: string, query: MessageQuery) {
  const account = await loadVisibleAccount(deps.db, principal, accountId);
  return listOf(deps, centerOf(account), query);
}

export async function listMyMessages(deps: Deps, principal: Principal, query: MessageQuery) {
  requireStaff(principal);
  return listOf(deps, { inboxOf: principal.id }, query);
}

export async function markMessageRead(
  deps: Deps,
  principal: Principal,
  accountId: string,
  messageId: string,
  read: boolean,
) {
  const account = await loadVisibleAccount(deps.db, principal, accountId);
  const row = await setMessageRead(deps.db, centerOf(account), messageId, read);
  if (!row) throw notFound('message', messageId);
  return messageView(row);
}

export async function markMyMessageRead(deps: Deps, principal: Principal, messageId: string, read: boolean) {
  requireStaff(principal);
  const row = await setMessageRead(deps.db, { inboxOf: principal.id }, messageId, read);
  if (!row) throw notFound('message', messageId);
  return messageView(row);
}
