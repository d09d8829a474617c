/** Linked accounts' SQL (R-ACC-3): pending and approved links count toward the owner level's limit. */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../../platform/db.js';
import { linkedAccounts } from './tables.js';

export type LinkRow = typeof linkedAccounts.$inferSelect;
export type NewLink = typeof linkedAccounts.$inferInsert;

/** The approved link that lends `accountId` a plan, if any. */
export async function approvedLinkOf(db: Db, accountId: string): Promise<LinkRow | undefined> {
  const [link] = await db
    .select()
    .from(linkedAccounts)
    .where(and(eq(linkedAccounts.linkedAccountId, accountId), eq(linkedAccounts.status, 'approved')))
    .limit(1);
  return link;
}

/** Pending and approved links of an owner: both count toward the level's limit (R-ACC-3). */
export async function countLiveLinks(db: Db, ownerAccountId: string): Promise<number> {
  const rows = await db
    .select({ id: linkedAccounts.id })
    .from(linkedAccounts)
    .where(
      and(eq(linkedAccounts.ownerAccountId, ownerAccountId), inArray(linkedAccounts.status, ['pending', 'approved'])),
    );
  return rows.length;
}

/** A pending or approved link to `linkedAccountId`; only `ownerAccountId`'s when given (a customer asks). */
export async function liveLinkTo(
  tx: Db,
  linkedAccountId: string,
  ownerAccountId: string | null,
): Promise<LinkRow | undefined> {
  const [row] = await tx
    .select()
    .from(linkedAccounts)
    .where(
      and(
        eq(linkedAccounts.linkedAccountId, linkedAccountId),
        inArray(linkedAccounts.status, ['pending', 'approved']),
        ownerAccountId === null ? undefined : eq(linkedAccounts.ownerAccountId, ownerAccountId),
      ),
    );
  return row;
}

/** Some approved link to `linkedAccountId` (its id), if any. */
export async function approvedLinkIdTo(tx: Db, linkedAccountId: string): Promise<{ id: string } | undefined> {
  const [row] = await tx
    .select({ id: linkedAccounts.id })
    .from(linkedAccounts)
    .where(and(eq(linkedAccounts.linkedAccountId, linkedAccountId), eq(linkedAccounts.status, 'approved')));
  return row;
}

export async function insertLink(tx: Db, row: NewLink): Promise<LinkRow> {
  const [out] = await tx.insert(linkedAccounts).values(row).returning();
  return out!;
}

/** The link locked for a decision; only `ownerAccountId`'s when given. */
export async function lockLink(tx: Db, id: string, ownerAccountId?: string): Promise<LinkRow | undefined> {
  const [row] = await tx
    .select()
    .from(linkedAccounts)
    .where(
      ownerAccountId === undefined
        ? eq(linkedAccounts.id, id)
        : and(eq(linkedAccounts.id, id), eq(linkedAccounts.ownerAccountId, ownerAccountId)),
    )
    .for('update');
  return row;
}

/** approved | rejected | removed, by whom and when. */
export async function decideLinkRow(
  tx: Db,
  id: string,
  decision: { status: 'approved' | 'rejected' | 'removed'; decidedAt: Date; decidedBy: string },
): Promise<LinkRow> {
  const [row] = await tx.update(linkedAccounts).set(decision).where(eq(linkedAccounts.id, id)).returning();
  return row!;
}

/** An owner's links, in id order. */
export async function linksOf(db: Db, tenantId: string, ownerAccountId: string): Promise<LinkRow[]> {
  return db
    .select()
    .from(linkedAccounts)
    .where(and(eq(linkedAccounts.tenantId, tenantId), eq(linkedAccounts.ownerAccountId, ownerAccountId)))
    .orderBy(asc(linkedAccounts.id));
}
