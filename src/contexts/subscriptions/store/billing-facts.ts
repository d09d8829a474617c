/**
 * What the billing context needs to know about plans, for a batch of accounts at once (R-BIL-2): which paid level
 * each held when (plan_history), the orders settled in a period (charges paid, refunds settled), and the sharing
 * switches of custody masters (R-ACC-2, from the audit trail the sharing use case writes). One query each, so a
 * month-end run stays set-based; billing never reads this context's tables itself.
 */
import { and, asc, inArray, lt } from 'drizzle-orm';
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../platform/db.js';
import { rowsOf } from '../../../platform/sql-params.js';
import { auditEvents } from '../../../platform/store/tables.js';

export interface AccountRef {
  readonly id: string;
  readonly tenantId: string;
}

export interface HeldLevelFact {
  readonly accountId: string;
  readonly level: string;
  readonly fromAt: Date;
  readonly toAt: Date | null;
}

/**
 * The batch's (tenant, account) keys as a recordset joined to the (tenant_id, account_id, …) indexes: one index probe
 * per account (two `= ANY` lists on leading index columns would probe their cross product).
 */
function keys(refs: readonly AccountRef[]): SQL {
  const json = JSON.stringify([...new Map(refs.map((r) => [r.id, { t: r.tenantId, a: r.id }])).values()]);
  return sql`jsonb_to_recordset(${json}::jsonb) AS k(t text, a text)`;
}

const ms = (col: SQL) => sql`(extract(epoch from ${col}) * 1000)::float8`;
const at = (v: number | null) => (v === null ? null : new Date(Number(v)));

/** A plan-history row `h` overlaps [from, to); an empty row (bought and unsubscribed at one instant) still touches its day. */
function heldBetween(from: Date, to: Date): SQL {
  const f = sql`${from.toISOString()}::timestamptz`;
  return sql`h.from_at < ${to.toISOString()}::timestamptz
    AND (h.to_at IS NULL OR h.to_at > ${f} OR (h.to_at <= h.from_at AND h.from_at >= ${f}))`;
}

/** Plan-history rows of the accounts that overlap [from, to). */
export async function heldLevelsBetween(
  db: Db,
  refs: readonly AccountRef[],
  from: Date,
  to: Date,
): Promise<HeldLevelFact[]> {
  if (!refs.length) return [];
  const found = await rowsOf<{ account_id: string; level: string; from_ms: number; to_ms: number | null }>(
    db,
    sql`SELECT h.account_id, h.level, ${ms(sql`h.from_at`)} AS from_ms, ${ms(sql`h.to_at`)} AS to_ms
        FROM ${keys(refs)} JOIN plan_history h ON h.tenant_id = k.t AND h.account_id = k.a
        WHERE ${heldBetween(from, to)}
        ORDER BY h.from_at, h.id`,
  );
  return found.map((r) => ({ accountId: r.account_id, level: r.level, fromAt: at(r.from_ms)!, toAt: at(r.to_ms) }));
}

export interface SettledOrderFact {
  readonly id: string;
  readonly number: string;
  readonly accountId: string;
  readonly type: string;
  readonly level: string | null;
  readonly fromLevel: string | null;
  readonly direction: 'charge' | 'refund';
  readonly amountMinor: bigint;
  /** When it was paid (charges) or settled (refunds). */
  readonly at: Date;
  readonly termUnit: string | null;
  readonly termCount: number | null;
  readonly addOnType: string | null;
  readonly addOnCount: number | null;
  readonly autoRenew: boolean;
  readonly placedBy: string;
}

/** An order `o` was paid, or refunded at once, in [from, to). */
function settledBetween(from: Date, to: Date): SQL {
  const f = sql`${from.toISOString()}::timestamptz`;
  const t = sql`${to.toISOString()}::timestamptz`;
  return sql`o.created_at < ${t}
    AND ((o.status = 'paid' AND o.paid_at >= ${f} AND o.paid_at < ${t})
      OR (o.status = 'refunded' AND o.refunded_at >= ${f} AND o.refunded_at < ${t}))`;
}

/** Orders of the accounts paid, or refunded at once, in [from, to). */
export async function settledOrdersBetween(
  db: Db,
  refs: readonly AccountRef[],
  from: Date,
  to: Date,
): Promise<SettledOrderFact[]> {
  if (!refs.length) return [];
  const found = await rowsOf<{
    id: string;
    number: string;
    account_id: string;
    type: string;
    level: string | null;
    from_level: string | null;
    direction: 'charge' | 'refund';
    amount: string;
    at_ms: number;
    term_unit: string | null;
    term_count: number | null;
    add_on_type: string | null;
    add_on_count: number | null;
    auto_renew: boolean;
    placed_by: string;
  }>(
    db,
    sql`SELECT o.id, o.number, o.account_id, o.type, o.level, o.from_level, o.direction, o.amount_minor::text AS amount,
               ${ms(sql`CASE WHEN o.status = 'paid' THEN o.paid_at ELSE o.refunded_at END`)} AS at_ms,
               o.term_unit, o.term_count, o.add_on_type, o.add_on_count, o.auto_renew, o.placed_by
        FROM ${keys(refs)} JOIN orders o ON o.tenant_id = k.t AND o.account_id = k.a AND ${settledBetween(from, to)}`,
  );
  return found.map((o) => ({
    id: o.id,
    number: o.number,
    accountId: o.account_id,
    type: o.type,
    level: o.level,
    fromLevel: o.from_level,
    direction: o.direction,
    amountMinor: BigInt(o.amount),
    at: at(o.at_ms)!,
    termUnit: o.term_unit,
    termCount: o.term_count === null ? null : Number(o.term_count),
    addOnType: o.add_on_type,
    addOnCount: o.add_on_count === null ? null : Number(o.add_on_count),
    autoRenew: o.auto_renew,
    placedBy: o.placed_by,
  }));
}

/*
 * The same facts as SQL for set-based statements of the billing context (the month-end run writes a batch's bills in
 * one statement): expressions over the caller's (tenant, account) columns, with the conditions of the reads above.
 */

/**
 * A scalar SQL expression: the level the account held for all of [from, to) when exactly one plan-history row
 * overlaps it and that row covers it (then every day of the window is that level's, as `levelByDay` says); else NULL.
 */
export function soleLevelHeldSql(tenantId: SQL, accountId: SQL, from: Date, to: Date): SQL {
  return sql`(SELECT CASE WHEN count(*) = 1
                 AND bool_and(h.from_at <= ${from.toISOString()}::timestamptz AND (h.to_at IS NULL OR h.to_at >= ${to.toISOString()}::timestamptz))
               THEN min(h.level) END
      FROM plan_history h WHERE h.tenant_id = ${tenantId} AND h.account_id = ${accountId} AND ${heldBetween(from, to)})`;
}

/**
 * A subquery for a LATERAL join: the account's orders settled in [from, to) (as `settledOrdersBetween`), read per
 * account through orders_account_idx (OFFSET 0 keeps the planner from hashing every order instead), with the columns
 * id, number, type, level, from_level, direction, amount_minor, at (paid or refunded), term_unit, term_count,
 * add_on_type, add_on_count, auto_renew. Without an account (null): the orders of every account settled then.
 */
export function settledOrdersOfSql(account: { tenantId: SQL; accountId: SQL } | null, from: Date, to: Date): SQL {
  const of = account ? sql`o.tenant_id = ${account.tenantId} AND o.account_id = ${account.accountId} AND ` : sql``;
  return sql`(SELECT o.id, o.number, o.type, o.level, o.from_level, o.direction, o.amount_minor,
                     CASE WHEN o.status = 'paid' THEN o.paid_at ELSE o.refunded_at END AS at,
                     o.term_unit, o.term_count, o.add_on_type, o.add_on_count, o.auto_renew
      FROM orders o WHERE ${of}${settledBetween(from, to)}
      OFFSET 0)`;
}

export interface SharingSwitchFact {
  readonly masterId: string;
  readonly at: Date;
  readonly enabled: boolean;
}

/** Every sharing switch of the masters before `to` (sharing.enabled / sharing.disabled, written by setSharing). */
export async function sharingSwitchesBefore(
  db: Db,
  masterIds: readonly string[],
  to: Date,
): Promise<SharingSwitchFact[]> {
  if (!masterIds.length) return [];
  const rows = await db
    .select({ objectId: auditEvents.objectId, action: auditEvents.action, at: auditEvents.at })
    .from(auditEvents)
    .where(
      and(
        inArray(auditEvents.objectId, [...masterIds]),
        inArray(auditEvents.action, ['sharing.enabled', 'sharing.disabled']),
        lt(auditEvents.at, to),
      ),
    )
    .orderBy(asc(auditEvents.at), asc(auditEvents.id));
  return rows.map((r) => ({ masterId: r.objectId, at: r.at, enabled: r.action === 'sharing.enabled' }));
}
