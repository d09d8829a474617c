/**
 * The consumption trend of the monthly service report (R-RPT-2): an account's usage per month over a run of
 * months, from the usage records (R-BIL-1). A record spanning several days is spread evenly per day, as the
 * month-end run spreads it; each record's share of a month is rounded half-up once. Categories the catalog
 * excludes from consumption (support plan, professional services, marketplace) are left out, as billing leaves them.
 */
import { and, eq, gte, lte, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db.js';
import { textArray } from '../../../platform/sql-params.js';
import { daysFrom, monthsTouched } from '../domain/month.js';
import { usageRecords } from './tables.js';

export interface MonthlyUsage {
  /** Records that touched the months at all. */
  readonly records: number;
  /** Minor units per month (every month asked, 0 where nothing was used). */
  readonly byMonth: { month: string; amountMinor: bigint }[];
}

function lastDateOf(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/** Each account's usage per month (the same as usageByMonth for each, in one query: the report's batches). */
export async function usageByMonthOf(
  db: Db,
  accountIds: readonly string[],
  months: readonly string[],
  excludedCategories: readonly string[],
): Promise<Map<string, MonthlyUsage>> {
  const out = new Map<string, MonthlyUsage>();
  if (!accountIds.length) return out;
  if (!months.length) {
    for (const id of accountIds) out.set(id, { records: 0, byMonth: [] });
    return out;
  }
  const first = `${months[0]}-01`;
  const last = lastDateOf(months[months.length - 1]!);
  const rows = await db
    .select({
      accountId: usageRecords.accountId,
      amountMinor: usageRecords.amountMinor,
      fromDate: usageRecords.fromDate,
      toDate: usageRecords.toDate,
    })
    .from(usageRecords)
    .where(
      and(
        sql`${usageRecords.accountId} = ANY(${textArray(accountIds)})`,
        lte(usageRecords.fromDate, last),
        gte(usageRecords.toDate, first),
        excludedCategories.length ? notInArray(usageRecords.category, [...excludedCategories]) : undefined,
      ),
    );
  const byAccount = new Map<string, UsageRow[]>();
  for (const r of rows) {
    const list = byAccount.get(r.accountId);
    if (list) list.push(r);
    else byAccount.set(r.accountId, [r]);
  }
  for (const id of accountIds) out.set(id, sumByMonth(byAccount.get(id) ?? [], months));
  return out;
}

interface UsageRow {
  readonly amountMinor: bigint;
  readonly fromDate: string;
  readonly toDate: string;
}

export async function usageByMonth(
  db: Db,
  accountId: string,
  months: readonly string[],
  excludedCategories: readonly string[],
): Promise<MonthlyUsage> {
  if (!months.length) return { records: 0, byMonth: [] };
  const first = `${months[0]}-01`;
  const last = lastDateOf(months[months.length - 1]!);
  const rows = await db
    .select({ amountMinor: usageRecords.amountMinor, fromDate: usageRecords.fromDate, toDate: usageRecords.toDate })
    .from(usageRecords)
    .where(
      and(
        eq(usageRecords.accountId, accountId),
        lte(usageRecords.fromDate, last),
        gte(usageRecords.toDate, first),
        excludedCategories.length ? notInArray(usageRecords.category, [...excludedCategories]) : undefined,
      ),
    );
  return sumByMonth(rows, months);
}

/** Each record spread evenly per day over the months asked, its share of a month rounded half-up once. */
function sumByMonth(rows: readonly UsageRow[], months: readonly string[]): MonthlyUsage {
  const sums = new Map(months.map((m) => [m, 0n]));
  for (const r of rows) {
    const total = BigInt(daysFrom(r.fromDate, r.toDate) + 1);
    for (const month of monthsTouched(r.fromDate, r.toDate)) {
      if (!sums.has(month)) continue;
      const from = r.fromDate > `${month}-01` ? r.fromDate : `${month}-01`;
      const monthLast = lastDateOf(month);
      const to = r.toDate < monthLast ? r.toDate : monthLast;
      const days = BigInt(daysFrom(from, to) + 1);
      const num = r.amountMinor * days;
      const share = num >= 0n ? (num * 2n + total) / (2n * total) : -((-num * 2n + total) / (2n * total));
      sums.set(month, sums.get(month)! + share);
    }
  }
  return { records: rows.length, byMonth: months.map((month) => ({ month, amountMinor: sums.get(month)! })) };
}
