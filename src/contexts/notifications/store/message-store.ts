/** SQL of the message center and the staff inbox (R-NTF-1). */
import { and, count, desc, eq, isNull, type SQL } from 'drizzle-orm';
import type { Db } from '../../../platform/db.js';
import { messages } from './tables.js';

export type MessageRow = typeof messages.$inferSelect;

export interface NewMessage {
  readonly id: string;
  readonly tenantId: string;
  readonly accountId: string;
  readonly recipientUserId: string | null;
  readonly kind: string;
  readonly title: unknown;
  readonly body: unknown;
  readonly data: unknown;
  /** The outbox dedupe key that produced it: a replayed effect never makes a second message. */
  readonly sourceKey: string;
  readonly createdAt: Date;
}

/** Whose messages: an account's message center (not the staff messages about it), or one staff user's inbox. */
export type MessageOwner =
  { readonly center: { readonly tenantId: string; readonly accountId: string } } | { readonly inboxOf: string };

function ownerWhere(owner: MessageOwner): SQL {
  if ('inboxOf' in owner) return eq(messages.recipientUserId, owner.inboxOf);
  return and(
    eq(messages.tenantId, owner.center.tenantId),
    eq(messages.accountId, owner.center.accountId),
    isNull(messages.recipientUserId),
  )!;
}

/** Once per source key (a replayed effect writes nothing). */
export async function insertMessage(db: Db, row: NewMessage): Promise<void> {
  await messageInsert(db, row);
}

/** The same INSERT, not yet run (an inline effect's write: a CTE of the causing statement, outbox.ts). */
export function messageInsert(db: Db, row: NewMessage) {
  return db.insert(messages).values(row).onConflictDoNothing();
}

/** Newest first, with the page's total and the owner's unread count. */
export async function pageMessages(
  db: Db,
  owner: MessageOwner,
  filter: { readonly unread?: boolean | undefined; readonly kind?: string | undefined },
  page: { readonly offset: number; readonly limit: number },
): Promise<{ rows: MessageRow[]; total: number; unread: number }> {
  const mine = ownerWhere(owner);
  const where = and(
    mine,
    filter.unread ? eq(messages.read, false) : undefined,
    filter.kind ? eq(messages.kind, filter.kind) : undefined,
  );
  const rows = await db
    .select()
    .from(messages)
    .where(where)
    .orderBy(desc(messages.createdAt), desc(messages.id))
    .offset(page.offset)
    .limit(page.limit);
  const [total] = await db.select({ n: count() }).from(messages).where(where);
  const [unread] = await db
    .select({ n: count() })
    .from(messages)
    .where(and(mine, eq(messages.read, false)));
  return { rows, total: Number(total?.n ?? 0), unread: Number(unread?.n ?? 0) };
}

/** The owner's message with `read` set, or undefined when the owner has no such message. */
export async function setMessageRead(
  db: Db,
  owner: MessageOwner,
  messageId: string,
  read: boolean,
): Promise<MessageRow | undefined> {
  const [row] = await db
    .update(messages)
    .set({ read })
    .where(and(ownerWhere(owner), eq(messages.id, messageId)))
    .returning();
  return row;
}
