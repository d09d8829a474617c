/** Queries on the holidays table. Provider-wide data: no tenant filter. */
import { and, asc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../platform/db.js';
import { yearBounds, type CalendarDayKind } from '../domain/calendar-day.js';
import { holidays, type HolidayRecord } from './tables.js';

/**
 * A cheap fingerprint of the whole table: row count, latest edit and a sum of per-row content hashes.
 * NOTE: count + max(updated_at) alone misses an edit made at the same instant as the previous one (a test clock
 * stands still), e.g. a PUT that flips a day's kind; the hash sum catches it for one scan of a ~1,000-row table.
 */
export async function holidaysFingerprint(db: Db): Promise<string> {
  const [row] = await db
    .select({
      count: sql<number>`count(*)::int`,
      latest: sql<string | null>`max(${holidays.updatedAt})::text`,
      hash: sql<string>`coalesce(sum(hashtext(${holidays.country} || ${holidays.date}::text || ${holidays.kind} || ${holidays.name})), 0)::text`,
    })
    .from(holidays);
  return `${row?.count ?? 0}|${row?.latest ?? ''}|${row?.hash ?? '0'}`;
}

/** Every row, as the engine reads it, ordered by country then date. */
export async function allHolidayRows(db: Db): Promise<{ country: string; date: string; kind: CalendarDayKind; name: string }[]> {
  return db.select({ country: holidays.country, date: holidays.date, kind: holidays.kind, name: holidays.name }).from(holidays).orderBy(asc(holidays.country), asc(holidays.date));
}

/** Per country and year: how many rows. Ordered by country, year. */
export async function holidayYearCounts(db: Db, country?: string): Promise<{ country: string; year: number; count: number }[]> {
  const year = sql<number>`extract(year from ${holidays.date})::int`;
  return db
    .select({ country: holidays.country, year, count: sql<number>`count(*)::int` })
    .from(holidays)
    .where(country === undefined ? undefined : eq(holidays.country, country))
    .groupBy(holidays.country, year)
    .orderBy(asc(holidays.country), asc(year));
}

export async function holidaysOfYear(db: Db, country: string, year: number): Promise<HolidayRecord[]> {
  const { from, to } = yearBounds(year);
  return db
    .select()
    .from(holidays)
    .where(and(eq(holidays.country, country), gte(holidays.date, from), lt(holidays.date, to)))
    .orderBy(asc(holidays.date));
}

export async function findHoliday(db: Db, country: string, date: string, opts: { forUpdate?: boolean } = {}): Promise<HolidayRecord | null> {
  const query = db.select().from(holidays).where(and(eq(holidays.country, country), eq(holidays.date, date)));
  const [row] = opts.forUpdate ? await query.for('update') : await query;
  return row ?? null;
}

async function rowsOf<T>(db: Db, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

/** Those of `years` with no row for the country: one index probe per year, in one statement. */
export async function yearsWithoutRows(db: Db, country: string, years: readonly number[]): Promise<number[]> {
  if (!years.length) return [];
  const rows = await rowsOf<{ year: number }>(
    db,
    sql`select y as year from unnest(${`{${years.map((y) => Math.trunc(y)).join(',')}}`}::int[]) as y
        where not exists (select 1 from ${holidays} h where h.country = ${country} and h.date >= make_date(y, 1, 1) and h.date < make_date(y + 1, 1, 1))
        order by y`,
  );
  return rows.map((r) => Number(r.year));
}

/**
 * Inserts rows, skipping dates the table already has (an admin's or a concurrent seed's); returns the dates
 * inserted. One statement with one JSON parameter: several times faster than a multi-row VALUES list, on PGlite most.
 */
export async function insertHolidaysIfAbsent(
  db: Db,
  rows: readonly { country: string; date: string; kind: CalendarDayKind; name: string }[],
  stamp: { source: 'seed' | 'admin'; updatedBy: string; updatedAt: Date },
): Promise<string[]> {
  if (!rows.length) return [];
  const inserted = await rowsOf<{ date: string }>(
    db,
    sql`insert into ${holidays} (country, date, kind, name, source, updated_by, updated_at)
        select r.country, r.date, r.kind, r.name, ${stamp.source}, ${stamp.updatedBy}, ${stamp.updatedAt.toISOString()}::timestamptz
        from json_to_recordset(${JSON.stringify(rows)}::json) as r(country text, date date, kind text, name text)
        on conflict (country, date) do nothing
        returning date::text as date`,
  );
  return inserted.map((r) => r.date);
}
