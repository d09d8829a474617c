/** Sub-account invitations (seed 001 §6.3–6.4). */
import { and, asc, count, desc, eq, ne, or } from 'drizzle-orm';
import type { Db } from '../../../platform/db.js';
import { accounts, subAccountInvitations } from './tables.js';

export type InvitationRow = typeof subAccountInvitations.$inferSelect;

export async function insertInvitation(db: Db, row: typeof subAccountInvitations.$inferInsert) {
  const [out] = await db.insert(subAccountInvitations).values(row).onConflictDoNothing().returning();
  return out;
}

export async function findInvitation(db: Db, id: string, forUpdate = false) {
  const q = db.select().from(subAccountInvitations).where(eq(subAccountInvitations.id, id));
  const [row] = forUpdate ? await q.for('update') : await q;
  return row;
}

export async function findPendingFor(db: Db, inviteeId: string) {
  const [row] = await db
    .select()
    .from(subAccountInvitations)
    .where(and(eq(subAccountInvitations.inviteeId, inviteeId), eq(subAccountInvitations.status, 'pending')));
  return row;
}

export async function setInvitation(db: Db, id: string, set: Partial<typeof subAccountInvitations.$inferInsert>) {
  const [out] = await db.update(subAccountInvitations).set(set).where(eq(subAccountInvitations.id, id)).returning();
  return out!;
}

/** Pending invitations an account sent as a master (withdrawn when it becomes a sub itself). */
export async function withdrawSentBy(db: Db, masterId: string, by: string, at: Date, exceptId: string) {
  return db
    .update(subAccountInvitations)
    .set({ status: 'withdrawn', decidedBy: by, decidedAt: at })
    .where(
      and(
        eq(subAccountInvitations.masterId, masterId),
        eq(subAccountInvitations.status, 'pending'),
        ne(subAccountInvitations.id, exceptId),
      ),
    )
    .returning({ id: subAccountInvitations.id });
}

/** Invitations an account sent (as master) or received (as invitee), newest first, with both names. */
export async function pageInvitationsOf(db: Db, accountId: string, offset: number, limit: number) {
  const where = or(eq(subAccountInvitations.masterId, accountId), eq(subAccountInvitations.inviteeId, accountId));
  const rows = await db
    .select()
    .from(subAccountInvitations)
    .where(where)
    .orderBy(desc(subAccountInvitations.createdAt), asc(subAccountInvitations.id))
    .offset(offset)
    .limit(limit);
  const [total] = await db.select({ n: count() }).from(subAccountInvitations).where(where);
  return { rows, total: Number(total?.n ?? 0) };
}

export async function hasSubs(db: Db, accountId: string): Promise<boolean> {
  const [row] = await db.select({ id: accounts.id }).from(accounts).where(eq(accounts.parentId, accountId)).limit(1);
  return !!row;
}
