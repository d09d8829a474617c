/** The balance ledger's SQL (issue 11): the sum of an account's entries, an entry written once, a page of entries. */
import { and, count, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db.js';
import { balanceEntries } from './tables.js';

export type BalanceEntryRow = typeof balanceEntries.$inferSelect;
export type NewBalanceEntry = typeof balanceEntries.$inferInsert;

/** The balance: the sum of the account's entries. */
export async function balanceOf(db: Db, tenantId: string, accountId: string): Promise<bigint> {
  const [row] = await db
    .select({ total: sql<string | null>`coalesce(sum(${balanceEntries.amountMinor}), 0)::text` })
    .from(balanceEntries)
    .where(and(eq(balanceEntries.tenantId, tenantId), eq(balanceEntries.accountId, accountId)));
  return BigInt(row?.total ?? '0');
}

/** Inserts an entry unless one exists for its order and kind, or its bill; the inserted row or null. */
export async function insertEntry(tx: Db, entry: NewBalanceEntry): Promise<BalanceEntryRow | null> {
  const [row] = await tx.insert(balanceEntries).values(entry).onConflictDoNothing().returning();
  return row ?? null;
}

export async function pageEntries(db: Db, tenantId: string, accountId: string, offset: number, limit: number) {
  const where = and(eq(balanceEntries.tenantId, tenantId), eq(balanceEntries.accountId, accountId));
  const rows = await db
    .select()
    .from(balanceEntries)
    .where(where)
    .orderBy(desc(balanceEntries.createdAt), desc(balanceEntries.id))
    .offset(offset)
    .limit(limit);
  const [total] = await db.select({ n: count() }).from(balanceEntries).where(where);
  return { rows, total: Number(total?.n ?? 0) };
}

/** The credit of a provider payment (kind payment_credit), if one was written. */
export async function findPaymentCredit(db: Db, tenantId: string, paymentId: string): Promise<BalanceEntryRow | null> {
  const [row] = await db
    .select()
    .from(balanceEntries)
    .where(and(eq(balanceEntries.tenantId, tenantId), eq(balanceEntries.paymentId, paymentId)));
  return row ?? null;
}
