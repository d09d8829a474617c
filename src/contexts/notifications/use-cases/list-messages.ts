/** GET /accounts/{id}/messages: the message center, newest first, with read/unread. */
import { and, count, desc, eq } from 'drizzle-orm';
import type { Deps } from '../../../platform/deps.js';
import { notFound } from '../../../platform/errors.js';
import type { Principal } from '../../../platform/http/principal.js';
import { pageOf, type TPageQuery } from '../../../platform/pagination.js';
import { loadVisibleAccount } from '../../accounts/use-cases/load-account.js';
import { messages } from '../store/tables.js';

type MessageRow = typeof messages.$inferSelect;

export function messageView(m: MessageRow) {
  return { id: m.id, accountId: m.accountId, kind: m.kind, title: m.title as Record<string, string>, body: m.body as Record<string, string>, data: m.data as Record<string, unknown>, read: m.read, createdAt: m.createdAt.toISOString() };
}

export async function listMessages(deps: Deps, principal: Principal, accountId: string, query: TPageQuery & { unread?: boolean | undefined; kind?: string | undefined }) {
  const account = await loadVisibleAccount(deps.db, principal, accountId);
  const where = and(
    eq(messages.tenantId, account.tenantId),
    eq(messages.accountId, account.id),
    query.unread ? eq(messages.read, false) : undefined,
    query.kind ? eq(messages.kind, query.kind) : undefined,
  );
  const rows = await deps.db.select().from(messages).where(where).orderBy(desc(messages.createdAt), desc(messages.id)).offset((query.page - 1) * query.pageSize).limit(query.pageSize);
  const [total] = await deps.db.select({ n: count() }).from(messages).where(where);
  const [unread] = await deps.db.select({ n: count() }).from(messages).where(and(eq(messages.tenantId, account.tenantId), eq(messages.accountId, account.id), eq(messages.read, false)));
  return { ...pageOf(rows.map(messageView), query, Number(total?.n ?? 0)), unread: Number(unread?.n ?? 0) };
}

export async function markMessageRead(deps: Deps, principal: Principal, accountId: string, messageId: string, read: boolean) {
  const account = await loadVisibleAccount(deps.db, principal, accountId);
  const [row] = await deps.db
    .update(messages)
    .set({ read })
    .where(and(eq(messages.tenantId, account.tenantId), eq(messages.accountId, account.id), eq(messages.id, messageId)))
    .returning();
  if (!row) throw notFound('message', messageId);
  return messageView(row);
}
