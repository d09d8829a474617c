/** Vouchers' SQL (seed 004 §3.1): issued, listed, read (locked for a payment), used once. */
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../../platform/db.js';
import { vouchers } from './tables.js';

export type VoucherRow = typeof vouchers.$inferSelect;
export type NewVoucher = typeof vouchers.$inferInsert;

export async function insertVoucher(tx: Db, row: NewVoucher): Promise<VoucherRow> {
  const [out] = await tx.insert(vouchers).values(row).returning();
  return out!;
}

/** An account's vouchers, newest first. */
export async function vouchersOf(db: Db, tenantId: string, accountId: string): Promise<VoucherRow[]> {
  return db
    .select()
    .from(vouchers)
    .where(and(eq(vouchers.tenantId, tenantId), eq(vouchers.accountId, accountId)))
    .orderBy(desc(vouchers.createdAt), desc(vouchers.id));
}

/** The account's voucher `id` (locked when `forUpdate`: the paying transaction). */
export async function findVoucher(
  db: Db,
  id: string,
  owner: { tenantId: string; accountId: string },
  opts: { forUpdate?: boolean } = {},
): Promise<VoucherRow | undefined> {
  const q = db
    .select()
    .from(vouchers)
    .where(and(eq(vouchers.id, id), eq(vouchers.tenantId, owner.tenantId), eq(vouchers.accountId, owner.accountId)));
  const [row] = opts.forUpdate ? await q.for('update') : await q;
  return row;
}

/** Marks the voucher used by the order, guarded: false when another payment took it first. */
export async function markVoucherUsed(tx: Db, id: string, orderId: string, now: Date): Promise<boolean> {
  const rows = await tx
    .update(vouchers)
    .set({ usedAt: now, usedOrderId: orderId })
    .where(and(eq(vouchers.id, id), isNull(vouchers.usedAt)))
    .returning({ id: vouchers.id });
  return rows.length === 1;
}
