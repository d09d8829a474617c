/**
 * The tickets context's writes and single-row reads (issue 14: stores own the SQL): a ticket by id (optionally
 * locked), its updates, and the rows hung on it — events, replies, attachments. The intake INSERT is
 * insert-ticket.ts; the lists and the staff queue are ticket-reads.ts; the SLA sweep's SQL is sla-store.ts.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../../platform/db.js';
import type { AttachmentRow, EventRow, ReplyRow, TicketRow } from '../domain/views.js';
import { ticketAttachments, ticketEvents, ticketReplies, tickets } from './tables.js';

/** Both ways assignable, else `never` (every use then fails the typecheck). */
type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? A : never) : never;
/** The domain's plain rows are the tables' rows, column for column: a column added to one only fails the typecheck. */
export type Ticket = Exactly<TicketRow, typeof tickets.$inferSelect>;
export type Reply = Exactly<ReplyRow, typeof ticketReplies.$inferSelect>;
export type AttachmentMeta = Exactly<AttachmentRow, Omit<typeof ticketAttachments.$inferSelect, 'data'>>;
export type Attachment = Exactly<AttachmentRow & { data: Buffer }, typeof ticketAttachments.$inferSelect>;
export type TicketEvent = Exactly<EventRow, typeof ticketEvents.$inferSelect>;

/** The columns a ticket's update may set. */
export type TicketPatch = Partial<typeof tickets.$inferInsert>;
export type NewTicketEvent = typeof ticketEvents.$inferInsert;
export type NewTicketReply = typeof ticketReplies.$inferInsert;
export type NewTicketAttachment = typeof ticketAttachments.$inferInsert;

/** An attachment's columns but its bytes: what lists and views show. */
export const ATTACHMENT_META = {
  id: ticketAttachments.id,
  tenantId: ticketAttachments.tenantId,
  ticketId: ticketAttachments.ticketId,
  filename: ticketAttachments.filename,
  contentType: ticketAttachments.contentType,
  sizeBytes: ticketAttachments.sizeBytes,
  sha256: ticketAttachments.sha256,
  visibility: ticketAttachments.visibility,
  createdBy: ticketAttachments.createdBy,
  createdAt: ticketAttachments.createdAt,
};

/** The ticket `id`; `forUpdate` locks its row until the transaction ends (`db` is then that transaction). */
export async function findTicket(db: Db, id: string, opts: { forUpdate?: boolean } = {}): Promise<Ticket | undefined> {
  const q = db.select().from(tickets).where(eq(tickets.id, id));
  const [row] = opts.forUpdate ? await q.for('update') : await q;
  return row;
}

/** Sets `patch` on ticket `id`; the updated row. */
export async function updateTicket(tx: Db, id: string, patch: TicketPatch): Promise<Ticket> {
  const [row] = await tx.update(tickets).set(patch).where(eq(tickets.id, id)).returning();
  return row!;
}

/** Marks ticket `id` changed at `at` (something was added to it). */
export async function touchTicket(tx: Db, id: string, at: Date): Promise<void> {
  await tx.update(tickets).set({ updatedAt: at }).where(eq(tickets.id, id));
}

/** Logs an event on a ticket's history. */
export async function insertTicketEvent(tx: Db, row: NewTicketEvent): Promise<void> {
  await tx.insert(ticketEvents).values(row);
}

/** Adds a reply (or internal note) to a ticket's conversation; the stored row. */
export async function insertReply(tx: Db, row: NewTicketReply): Promise<Reply> {
  const [reply] = await tx.insert(ticketReplies).values(row).returning();
  return reply!;
}

/** The INSERT of a new ticket's attachments, in the order given, not yet run (a CTE of the intake statement). */
export function attachmentsInsert(tx: Db, rows: readonly NewTicketAttachment[]) {
  return tx.insert(ticketAttachments).values([...rows]);
}

/** Stores an attachment; its columns but the bytes. */
export async function insertAttachment(tx: Db, row: NewTicketAttachment): Promise<AttachmentMeta> {
  const [meta] = await tx.insert(ticketAttachments).values(row).returning(ATTACHMENT_META);
  return meta!;
}

/** One attachment of a ticket (with its bytes), in the ticket's tenant. */
export async function findAttachment(
  db: Db,
  tenantId: string,
  ticketId: string,
  attachmentId: string,
): Promise<Attachment | undefined> {
  const [row] = await db
    .select()
    .from(ticketAttachments)
    .where(
      and(
        eq(ticketAttachments.tenantId, tenantId),
        eq(ticketAttachments.ticketId, ticketId),
        eq(ticketAttachments.id, attachmentId),
      ),
    );
  return row;
}
