/**
 * Usage persistence: records in by the batch (one statement, all or nothing with the caller's transaction), and the
 * two set-based sums of a month-end run. The SQL of the per-day spread mirrors domain/usage-split.ts exactly:
 * the part of a record [from, to] (n days) on its days [i, j) is R(j) − R(i), R(k) = ⌊(2·A·k + n) ÷ (2·n)⌋.
 * Bounds (amount ≤ 10¹³ minor units, ≤ 1,830 days) keep 2·A·k inside bigint.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../platform/db.js';
import { array, rowsOf, textArray } from '../../../platform/sql-params.js';
import type { MonthWindow } from '../domain/month.js';

export interface StoredUsage {
  readonly recordId: string;
  readonly tenantId: string;
  readonly accountId: string;
  readonly service: string;
  readonly category: string;
  readonly amountMinor: bigint;
  readonly currency: string;
  readonly fromDate: string;
  readonly toDate: string;
  readonly contentHash: string;
}

/** The part of record `r` on the dates [lo, hi] (both within the record): R(hi − from + 1) − R(lo − from). */
function partSql(lo: SQL, hi: SQL): SQL {
  const n = sql`(r.to_date - r.from_date + 1)`;
  const R = (k: SQL) => sql`((2 * r.amount_minor * (${k}) + ${n}) / (2 * ${n}))`;
  return sql`(${R(sql`${hi} - r.from_date + 1`)} - ${R(sql`${lo} - r.from_date`)})`;
}

/** The part of record `r` within the dates [first, last]: the whole amount when the record lies inside. */
export function clippedPartSql(first: SQL, last: SQL): SQL {
  return sql`CASE WHEN r.from_date >= ${first} AND r.to_date <= ${last} THEN r.amount_minor
    ELSE ${partSql(sql`greatest(${first}, r.from_date)`, sql`least(${last}, r.to_date)`)} END`;
}

export function notExcluded(excluded: readonly string[]): SQL {
  // An array literal, not a subquery: the planner sees the few categories and estimates the rows a month sums.
  return excluded.length ? sql`AND NOT (r.category = ANY(${array(excluded, 'text')}))` : sql``;
}

/** Inserts the records that are new; returns their ids (an id already stored is left as it is). */
export async function insertUsage(tx: Db, records: readonly StoredUsage[], receivedAt: Date): Promise<Set<string>> {
  if (!records.length) return new Set();
  const json = JSON.stringify(records.map((r) => ({ ...r, amountMinor: r.amountMinor.toString() })));
  const inserted = await rowsOf<{ record_id: string }>(
    tx,
    sql`INSERT INTO usage_records (record_id, tenant_id, account_id, service, category, amount_minor, currency, from_date, to_date, received_at, content_hash)
        SELECT x."recordId", x."tenantId", x."accountId", x.service, x.category, x."amountMinor"::bigint, x.currency, x."fromDate"::date, x."toDate"::date,
               ${receivedAt.toISOString()}::timestamptz, x."contentHash"
        FROM jsonb_to_recordset(${json}::jsonb) AS x("recordId" text, "tenantId" text, "accountId" text, service text, category text, "amountMinor" text,
             currency text, "fromDate" text, "toDate" text, "contentHash" text)
        ON CONFLICT (record_id) DO NOTHING
        RETURNING record_id`,
  );
  return new Set(inserted.map((r) => r.record_id));
}

/** Content hashes of stored records among `ids`. */
export async function storedHashes(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const found = await rowsOf<{ record_id: string; content_hash: string }>(
    db,
    sql`SELECT record_id, content_hash FROM usage_records WHERE record_id = ANY(${textArray(ids)})`,
  );
  return new Map(found.map((r) => [r.record_id, r.content_hash]));
}

/**
 * The counted consumption of the month of every account with an id in [firstId, lastId] (a batch of a month-end
 * run, in id order): one GROUP BY over the records of that id range, read through the (account_id, to_date) index.
 * Records dated in a month a run has started on are refused, so what a batch reads stays true when it is run again.
 */
export async function monthTotalsInRange(
  db: Db,
  window: MonthWindow,
  excluded: readonly string[],
  firstId: string,
  lastId: string,
): Promise<Map<string, bigint>> {
  const first = sql`${window.firstDate}::date`;
  const last = sql`${window.lastDate}::date`;
  const found = await rowsOf<{ account_id: string; amount: string }>(
    db,
    sql`SELECT r.account_id, sum(${clippedPartSql(first, last)})::text AS amount
        FROM usage_records r
        WHERE r.account_id >= ${firstId} AND r.account_id <= ${lastId} AND r.to_date >= ${first} AND r.from_date <= ${last} ${notExcluded(excluded)}
        GROUP BY r.account_id`,
  );
  return new Map(found.map((r) => [r.account_id, BigInt(r.amount)]));
}

/** One piece of a segment's consumption: the records of `usageAccountId` dated in [firstDate, lastDate]. */
export interface SegmentUsageSpec {
  readonly billAccountId: string;
  readonly segment: number;
  readonly usageAccountId: string;
  readonly firstDate: string;
  readonly lastDate: string;
}

/**
 * The consumption of level segments (mid-month changes, partial months, custody subs while shared), for a whole
 * batch in one statement: the specs join the records through (account_id, to_date). Key: `${billAccountId}/${segment}`.
 */
export async function segmentConsumption(
  db: Db,
  specs: readonly SegmentUsageSpec[],
  excluded: readonly string[],
): Promise<Map<string, bigint>> {
  if (!specs.length) return new Map();
  const json = JSON.stringify(
    specs.map((s) => ({ b: s.billAccountId, k: s.segment, u: s.usageAccountId, f: s.firstDate, t: s.lastDate })),
  );
  const found = await rowsOf<{ b: string; k: number; amount: string }>(
    db,
    sql`SELECT s.b, s.k, sum(${clippedPartSql(sql`s.f`, sql`s.t`)})::text AS amount
        FROM jsonb_to_recordset(${json}::jsonb) AS s(b text, k int, u text, f date, t date)
        JOIN usage_records r ON r.account_id = s.u AND r.to_date >= s.f AND r.from_date <= s.t
        WHERE true ${notExcluded(excluded)}
        GROUP BY s.b, s.k`,
  );
  return new Map(found.map((r) => [`${r.b}/${r.k}`, BigInt(r.amount)]));
}
