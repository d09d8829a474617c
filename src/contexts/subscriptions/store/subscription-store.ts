/** Subscriptions persistence. */
import { and, asc, desc, eq, gt, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db.js';
import type { PeriodValue } from '../domain/quote.js';
import type { SubscriptionState } from '../domain/effective-plan.js';
import { orders, planHistory, quotaUsage, subscriptionPeriods, subscriptions } from './tables.js';

export type SubscriptionRow = typeof subscriptions.$inferSelect;
export type PeriodRow = typeof subscriptionPeriods.$inferSelect;
export type OrderRow = typeof orders.$inferSelect;

export function toState(row: SubscriptionRow): SubscriptionState {
  return {
    id: row.id,
    accountId: row.accountId,
    level: row.level,
    status: row.status as SubscriptionState['status'],
    validFrom: row.validFrom,
    validTo: row.validTo,
    termUnit: row.termUnit as SubscriptionState['termUnit'],
    anchorFrom: row.anchorFrom,
    autoRenew: row.autoRenew,
  };
}

export function toPeriodValue(p: PeriodRow): PeriodValue {
  return {
    id: p.id,
    level: p.level,
    startDate: p.startDate,
    endDate: p.endDate,
    term: { unit: p.termUnit as 'month' | 'year', count: p.termCount },
    basisMinor: p.basisMinor,
    paidMinor: p.paidMinor,
  };
}

export async function findSubscription(db: Db, accountId: string, opts: { forUpdate?: boolean } = {}) {
  const q = db.select().from(subscriptions).where(eq(subscriptions.accountId, accountId));
  const [row] = opts.forUpdate ? await q.for('update') : await q;
  return row;
}

export async function findSubscriptions(db: Db, accountIds: string[]) {
  if (!accountIds.length) return [];
  return db.select().from(subscriptions).where(inArray(subscriptions.accountId, accountIds));
}

/** Periods still held (not cut), oldest first. */
export async function livePeriods(db: Db, tenantId: string, subscriptionId: string) {
  return db
    .select()
    .from(subscriptionPeriods)
    .where(
      and(
        eq(subscriptionPeriods.tenantId, tenantId),
        eq(subscriptionPeriods.subscriptionId, subscriptionId),
        isNull(subscriptionPeriods.cutDate),
      ),
    )
    .orderBy(asc(subscriptionPeriods.startDate));
}

export async function findOrder(db: Db, id: string, opts: { forUpdate?: boolean } = {}) {
  const q = db.select().from(orders).where(eq(orders.id, id));
  const [row] = opts.forUpdate ? await q.for('update') : await q;
  return row;
}

/** Paid level changes since `since` (R-SUB-4). */
export async function levelChangeTimes(db: Db, tenantId: string, accountId: string, since: Date): Promise<Date[]> {
  const rows = await db
    .select({ at: orders.paidAt, refundedAt: orders.refundedAt })
    .from(orders)
    .where(
      and(
        eq(orders.tenantId, tenantId),
        eq(orders.accountId, accountId),
        inArray(orders.type, ['upgrade', 'downgrade']),
        inArray(orders.status, ['paid', 'refunded']),
        // R-SUB-4: a change happens when it is paid (or, for a refund, settled), not when the order was placed.
        or(gt(orders.paidAt, since), gt(orders.refundedAt, since)),
      ),
    );
  return rows.map((r) => r.at ?? r.refundedAt).filter((d): d is Date => d !== null);
}

/** A human order number: provider date + a per-database sequence. */
export async function nextOrderNumber(db: Db, datePart: string): Promise<string> {
  const rows = (await db.execute(sql`SELECT nextval('order_number_seq') AS n`)) as unknown as {
    rows: { n: string | number }[];
  };
  return `${datePart}${String(rows.rows[0]!.n).padStart(6, '0')}`;
}

export async function quotaRow(db: Db, accountId: string, quota: string, periodKey: string) {
  const [row] = await db
    .select()
    .from(quotaUsage)
    .where(and(eq(quotaUsage.accountId, accountId), eq(quotaUsage.quota, quota), eq(quotaUsage.periodKey, periodKey)));
  return row;
}

export async function openHistory(db: Db, accountId: string) {
  const [row] = await db
    .select()
    .from(planHistory)
    .where(and(eq(planHistory.accountId, accountId), isNull(planHistory.toAt)))
    .orderBy(desc(planHistory.fromAt))
    .limit(1);
  return row;
}

/** The live (uncut) period of a subscription that contains `date` (R-SUB-7: the term a lock applies to). */
export function termCovering(subscriptionId: string, date: string) {
  return and(
    eq(subscriptionPeriods.subscriptionId, subscriptionId),
    isNull(subscriptionPeriods.cutDate),
    lte(subscriptionPeriods.startDate, date),
    gt(subscriptionPeriods.endDate, date),
  );
}
