/**
 * GET /accounts/{id}/messages: the message center, newest first, with read/unread (R-NTF-1).
 * GET /users/me/messages: a staff user's inbox. Staff messages never show in a customer's message center.
 */
import { and, count, desc, eq, isNull, type SQL } from 'drizzle-orm';
import type { Deps } from '../../../platform/deps.js';
import { DomainError, notFound } from '../../../platform/errors.js';
import { isStaff, type Principal } from '../../../platform/http/principal.js';
import { pageOf, type TPageQuery } from '../../../platform/pagination.js';
import { loadVisibleAccount } from '../../accounts/index.js';
import { messages } from '../store/tables.js';

type MessageRow = typeof messages.$inferSelect;
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

async function listWhere(deps: Deps, owner: SQL, query: MessageQuery) {
  const where = and(
    owner,
    query.unread ? eq(messages.read, false) : undefined,
    query.kind ? eq(messages.kind, query.kind) : undefined,
  );
  const rows = await deps.db
    .select()
    .from(messages)
    .where(where)
    .orderBy(desc(messages.createdAt), desc(messages.id))
    .offset((query.page - 1) * query.pageSize)
    .limit(query.pageSize);
  const [total] = await deps.db.select({ n: count() }).from(messages).where(where);
  const [unread] = await deps.db
    .select({ n: count() })
    .from(messages)
    .where(and(owner, eq(messages.read, false)));
  return { ...pageOf(rows.map(messageView), query, Number(total?.n ?? 0)), unread: Number(unread?.n ?? 0) };
}

/** The account's message center: its messages, not the staff messages about it. */
function centerOf(account: { id: string; tenantId: string }): SQL {
  return and(
    eq(messages.tenantId, account.tenantId),
    eq(messages.accountId, account.id),
    isNull(messages.recipientUserId),
  )!;
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
  return listWhere(deps, centerOf(account), query);
}

export async function listMyMessages(deps: Deps, principal: Principal, query: MessageQuery) {
  requireStaff(principal);
  return listWhere(deps, eq(messages.recipientUserId, principal.id), query);
}

export async function markMessageRead(
  deps: Deps,
  principal: Principal,
  accountId: string,
  messageId: string,
  read: boolean,
) {
  const account = await loadVisibleAccount(deps.db, principal, accountId);
  const [row] = await deps.db
    .update(messages)
    .set({ read })
    .where(and(centerOf(account), eq(messages.id, messageId)))
    .returning();
  if (!row) throw notFound('message', messageId);
  return messageView(row);
}

export async function markMyMessageRead(deps: Deps, principal: Principal, messageId: string, read: boolean) {
  requireStaff(principal);
  const [row] = await deps.db
    .update(messages)
    .set({ read })
    .where(and(eq(messages.recipientUserId, principal.id), eq(messages.id, messageId)))
    .returning();
  if (!row) throw notFound('message', messageId);
  return messageView(row);
}
