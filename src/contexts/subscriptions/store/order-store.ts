/** Orders' SQL (R-SUB-2, R-SUB-5a): written, paid, cancelled, paged, and the unpaid ones that expire. */
import { and, count, desc, eq, lte, min, ne } from 'drizzle-orm';
import type { Db } from '../../../platform/db.js';
import type { PaymentFacts } from '../domain/order.js';
import type { OrderRow } from './subscription-store.js';
import { orders, paymentCallbacks } from './tables.js';

export type NewOrder = typeof orders.$inferInsert;

export async function insertOrder(tx: Db, values: NewOrder): Promise<OrderRow> {
  const [row] = await tx.insert(orders).values(values).returning();
  return row!;
}

/** A charge with nothing to pay (a free upgrade on the last day): paid at once. */
export async function markOrderPaidNow(tx: Db, id: string, now: Date): Promise<OrderRow> {
  const [row] = await tx.update(orders).set({ status: 'paid', paidAt: now }).where(eq(orders.id, id)).returning();
  return row!;
}

/** Marks the order paid with how it was paid. */
export async function markOrderPaid(tx: Db, id: string, facts: PaymentFacts, now: Date): Promise<OrderRow> {
  const [row] = await tx
    .update(orders)
    .set({
      status: 'paid',
      paidAt: now,
      paymentMethod: facts.method,
      paymentReference: facts.reference,
      providerPaymentId: facts.providerPaymentId,
      voucherId: facts.voucherId,
      voucherMinor: facts.voucherMinor,
      balanceMinor: facts.balanceMinor,
      paidBy: facts.paidBy,
    })
    .where(eq(orders.id, id))
    .returning();
  return row!;
}

/** Cancels the order (expired, customer, superseded), stamped `cancelledAt`; the caller holds its row lock. */
export async function cancelOrderRow(
  tx: Db,
  id: string,
  cancelledAt: Date | null,
  cancelReason: 'expired' | 'customer' | 'superseded',
): Promise<OrderRow> {
  const [row] = await tx
    .update(orders)
    .set({ status: 'cancelled', cancelledAt, cancelReason })
    .where(eq(orders.id, id))
    .returning();
  return row!;
}

export interface OrderFilter {
  readonly tenantId: string;
  readonly accountId: string;
  readonly status?: string | undefined;
  readonly type?: string | undefined;
}

/** An account's orders, newest first, a page at a time, and how many there are. */
export async function pageOrders(db: Db, filter: OrderFilter, offset: number, limit: number) {
  const where = and(
    eq(orders.tenantId, filter.tenantId),
    eq(orders.accountId, filter.accountId),
    filter.status ? eq(orders.status, filter.status) : undefined,
    filter.type ? eq(orders.type, filter.type) : undefined,
  );
  const rows = await db
    .select()
    .from(orders)
    .where(where)
    .orderBy(desc(orders.createdAt), desc(orders.id))
    .offset(offset)
    .limit(limit);
  const [total] = await db.select({ n: count() }).from(orders).where(where);
  return { rows, total: Number(total?.n ?? 0) };
}

/** Another order the provider's payment id paid. */
export async function orderPaidBy(tx: Db, providerPaymentId: string, exceptOrderId: string) {
  const [row] = await tx
    .select({ id: orders.id })
    .from(orders)
    .where(and(eq(orders.providerPaymentId, providerPaymentId), ne(orders.id, exceptOrderId)));
  return row;
}

export type NewPaymentCallback = typeof paymentCallbacks.$inferInsert;

/** Records an accepted callback once per webhook id: false when it was recorded before (a replay). */
export async function recordPaymentCallback(tx: Db, row: NewPaymentCallback): Promise<boolean> {
  const [fresh] = await tx.insert(paymentCallbacks).values(row).onConflictDoNothing().returning();
  return !!fresh;
}

/** Up to `limit` unpaid orders whose lifetime is over at `now`. */
export async function dueUnpaidOrders(db: Db, now: Date, limit: number) {
  return db
    .select({ id: orders.id, expiresAt: orders.expiresAt })
    .from(orders)
    .where(and(eq(orders.status, 'pending_payment'), lte(orders.expiresAt, now)))
    .limit(limit);
}

/** Cancels an unpaid order as expired, guarded: an order paid or cancelled meanwhile is left alone. */
export async function expireUnpaidOrder(db: Db, id: string, cancelledAt: Date | null): Promise<void> {
  await db
    .update(orders)
    .set({ status: 'cancelled', cancelledAt, cancelReason: 'expired' })
    .where(and(eq(orders.id, id), eq(orders.status, 'pending_payment')));
}

/** When the next unpaid order expires (null: none waits). */
export async function nextUnpaidExpiry(db: Db): Promise<Date | null> {
  const [row] = await db
    .select({ at: min(orders.expiresAt) })
    .from(orders)
    .where(eq(orders.status, 'pending_payment'));
  return row?.at ? new Date(row.at) : null;
}
