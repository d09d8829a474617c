/** Subscriptions persistence: the plan row of each account, its paid periods (terms) and the plan history. */
import { and, asc, desc, eq, gt, inArray, isNotNull, isNull, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db.js';
import type { Order } from '../domain/order.js';
import type { PeriodValue } from '../domain/quote.js';
import type { SubscriptionState } from '../domain/effective-plan.js';
import { orders, planHistory, subscriptionPeriods, subscriptions } from './tables.js';

export type SubscriptionRow = typeof subscriptions.$inferSelect;
export type NewSubscription = typeof subscriptions.$inferInsert;
export type PeriodRow = typeof subscriptionPeriods.$inferSelect;
export type NewPeriod = typeof subscriptionPeriods.$inferInsert;
export type NewHistoryRow = typeof planHistory.$inferInsert;

/** Both ways assignable, else `never` (every use then fails the typecheck). */
type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? A : never) : never;
/** The domain's plain Order is the orders row, column for column: a column added to one only fails the typecheck. */
export type OrderRow = Exactly<Order, typeof orders.$inferSelect>;

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

export async function findOrder(db: Db, id: string, opts: { forUpdate?: boolean } = {}): Promise<OrderRow | undefined> {
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
function termCovering(subscriptionId: string, date: string) {
  return and(
    eq(subscriptionPeriods.subscriptionId, subscriptionId),
    isNull(subscriptionPeriods.cutDate),
    lte(subscriptionPeriods.startDate, date),
    gt(subscriptionPeriods.endDate, date),
  );
}

/** R-SR-2: the unit of the live term that contains `date` (the latest starting one), if any. */
export async function termUnitOn(db: Db, subscriptionId: string, date: string): Promise<string | undefined> {
  const [row] = await db
    .select({ termUnit: subscriptionPeriods.termUnit })
    .from(subscriptionPeriods)
    .where(termCovering(subscriptionId, date))
    .orderBy(desc(subscriptionPeriods.startDate))
    .limit(1);
  return row?.termUnit;
}

/** R-SUB-7: whether the term containing `date` carries a lock. */
export async function isTermLocked(db: Db, subscriptionId: string, date: string): Promise<boolean> {
  const [row] = await db
    .select({ id: subscriptionPeriods.id })
    .from(subscriptionPeriods)
    .where(and(termCovering(subscriptionId, date), isNotNull(subscriptionPeriods.lockedAt)))
    .limit(1);
  return !!row;
}

/** R-SUB-7: locks the term containing `date` unless it is locked already; the ids of the periods it locked. */
export async function lockTermCovering(
  tx: Db,
  subscriptionId: string,
  date: string,
  lock: { lockedAt: Date; lockedBy: string },
): Promise<string[]> {
  const locked = await tx
    .update(subscriptionPeriods)
    .set(lock)
    .where(and(termCovering(subscriptionId, date), isNull(subscriptionPeriods.lockedAt)))
    .returning({ id: subscriptionPeriods.id });
  return locked.map((r) => r.id);
}

/** Live periods covering a date (used by R-SUB-7 locks). */
export async function periodsCovering(tx: Db, subscriptionId: string, date: string) {
  return tx
    .select()
    .from(subscriptionPeriods)
    .where(
      and(
        eq(subscriptionPeriods.subscriptionId, subscriptionId),
        isNull(subscriptionPeriods.cutDate),
        gt(subscriptionPeriods.endDate, date),
      ),
    );
}

export async function insertPeriod(tx: Db, row: NewPeriod): Promise<void> {
  await tx.insert(subscriptionPeriods).values(row);
}

/** A period re-priced at a level change (level, basis, paid) or cut short (cutDate). */
export async function updatePeriod(
  tx: Db,
  id: string,
  set: Partial<Pick<NewPeriod, 'level' | 'basisMinor' | 'paidMinor' | 'cutDate'>>,
): Promise<void> {
  await tx.update(subscriptionPeriods).set(set).where(eq(subscriptionPeriods.id, id));
}

export async function insertSubscription(tx: Db, row: NewSubscription): Promise<void> {
  await tx.insert(subscriptions).values(row);
}

type SubscriptionChange = Partial<Omit<NewSubscription, 'id' | 'tenantId' | 'accountId' | 'version' | 'createdAt'>>;

/**
 * A change of the plan (level, term, status, validity): the optimistic version moves with it, so an order placed
 * before is superseded at payment.
 */
export async function changeSubscription(tx: Db, id: string, set: SubscriptionChange): Promise<void> {
  await tx
    .update(subscriptions)
    .set({ ...set, version: sql`${subscriptions.version} + 1` })
    .where(eq(subscriptions.id, id));
}

/** Bookkeeping that leaves the plan as it is (reminders sent, the auto-renew switch): the version stays. */
export async function updateSubscription(
  tx: Db,
  id: string,
  set: Partial<Pick<NewSubscription, 'remindedDays' | 'autoRenew' | 'updatedAt'>>,
): Promise<void> {
  await tx.update(subscriptions).set(set).where(eq(subscriptions.id, id));
}

/** Active subscriptions whose validTo is at or before `until`, soonest first (renewals: reminders and term ends). */
export async function activeEndingBy(db: Db, until: Date, limit: number): Promise<SubscriptionRow[]> {
  return db
    .select()
    .from(subscriptions)
    .where(and(eq(subscriptions.status, 'active'), lte(subscriptions.validTo, until)))
    .orderBy(asc(subscriptions.validTo))
    .limit(limit);
}

/** The first `limit` active subscriptions by validTo (when the renewals sweep is due next). */
export async function activeByValidTo(db: Db, limit: number): Promise<SubscriptionRow[]> {
  return db
    .select()
    .from(subscriptions)
    .where(eq(subscriptions.status, 'active'))
    .orderBy(asc(subscriptions.validTo))
    .limit(limit);
}

export async function insertHistory(tx: Db, row: NewHistoryRow): Promise<void> {
  await tx.insert(planHistory).values(row);
}

/** Ends the account's open plan-history row, if any, at `at` for `reason`. */
export async function closeHistory(tx: Db, accountId: string, at: Date, reason: string): Promise<void> {
  const open = await openHistory(tx, accountId);
  if (open) await tx.update(planHistory).set({ toAt: at, endReason: reason }).where(eq(planHistory.id, open.id));
}
