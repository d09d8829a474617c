/** Queries on the holidays and holiday_years tables. Provider-wide data: no tenant filter. */
import { and, asc, eq, gte, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db.js';
import { array, rowsOf } from '../../../platform/sql-params.js';
import { yearBounds, type CalendarDayKind } from '../domain/calendar-day.js';
import { holidays, holidayYears, type HolidayRecord, type HolidayYearRecord } from './tables.js';

const FINGERPRINT_DAYS = sql`(select count(*)::text || '|' || coalesce(max(updated_at)::text, '') || '|'
        || coalesce(sum(hashtext(country || date::text || kind || name || is_removed::text)), 0)::text from ${holidays})`;
const FINGERPRINT_YEARS = sql`(select count(*)::text || '|' || coalesce(max(updated_at)::text, '') || '|'
        || coalesce(sum(hashtext(country || year::text || is_complete::text)), 0)::text from ${holidayYears})`;

/**
 * A cheap fingerprint of both tables: per table the row count, latest edit and a sum of per-row content hashes.
 * NOTE: count + max(updated_at) alone misses an edit made at the same instant as the previous one (a test clock
 * stands still), e.g. a PUT that flips a day's kind or a year's completeness; the hash sum catches it for one scan of
 * a ~1,000-row table.
 */
export async function holidaysFingerprint(db: Db): Promise<string> {
  const [row] = await rowsOf<{ days: string; years: string }>(
    db,
    sql`select ${FINGERPRINT_DAYS} as days, ${FINGERPRINT_YEARS} as years`,
  );
  return `${row?.days ?? ''}#${row?.years ?? ''}`;
}

/**
 * The fingerprint and every year mark (complete or not), ordered by country and year, in one round trip: what a load
 * reads besides the dates (the start-up reads it, so one statement fewer).
 */
export async function fingerprintAndYearMarks(
  db: Db,
): Promise<{ fingerprint: string; yearMarks: { country: string; year: number; isComplete: boolean }[] }> {
  const [row] = await rowsOf<{ days: string; years: string; marks: string }>(
    db,
    sql`select ${FINGERPRINT_DAYS} as days, ${FINGERPRINT_YEARS} as years,
          (select coalesce(json_agg(json_build_array(country, year, is_complete) order by country, year), '[]')::text
             from ${holidayYears}) as marks`,
  );
  const marks = JSON.parse(row?.marks ?? '[]') as [string, number, boolean][];
  return {
    fingerprint: `${row?.days ?? ''}#${row?.years ?? ''}`,
    yearMarks: marks.map(([country, year, isComplete]) => ({ country, year, isComplete })),
  };
}

/** Every row, removed ones (tombstones) included, ordered by country then date. */
export async function allHolidayRows(
  db: Db,
): Promise<{ country: string; date: string; kind: CalendarDayKind; name: string; isRemoved: boolean }[]> {
  return db
    .select({
      country: holidays.country,
      date: holidays.date,
      kind: holidays.kind,
      name: holidays.name,
      isRemoved: holidays.isRemoved,
    })
    .from(holidays)
    .orderBy(asc(holidays.country), asc(holidays.date));
}

/** The complete years (R-TKT-3 "has data"), of one country or all, ordered by country, year. */
export async function completeYears(db: Db, country?: string): Promise<{ country: string; year: number }[]> {
  return db
    .select({ country: holidayYears.country, year: holidayYears.year })
    .from(holidayYears)
    .where(
      and(eq(holidayYears.isComplete, true), country === undefined ? undefined : eq(holidayYears.country, country)),
    )
    .orderBy(asc(holidayYears.country), asc(holidayYears.year));
}

/** Per country: how many dates in force. Ordered by country. */
export async function holidayDayCounts(db: Db, country?: string): Promise<{ country: string; count: number }[]> {
  return db
    .select({ country: holidays.country, count: sql<number>`count(*)::int` })
    .from(holidays)
    .where(and(eq(holidays.isRemoved, false), country === undefined ? undefined : eq(holidays.country, country)))
    .groupBy(holidays.country)
    .orderBy(asc(holidays.country));
}

/** The dates in force of one year of a country, by date. */
export async function holidaysOfYear(db: Db, country: string, year: number): Promise<HolidayRecord[]> {
  const { from, to } = yearBounds(year);
  return db
    .select()
    .from(holidays)
    .where(
      and(
        eq(holidays.country, country),
        gte(holidays.date, from),
        lt(holidays.date, to),
        eq(holidays.isRemoved, false),
      ),
    )
    .orderBy(asc(holidays.date));
}

/** The row of a date, a removed one (tombstone) included. */
/**
 * Days in force outside the years the engine handles (written before the edge refused them, or by hand): not applied,
 * reported on GET /calendars/{id}. The date as text, whatever PostgreSQL stores (a BC date included).
 */
export async function outOfRangeHolidays(
  db: Db,
  country: string,
  range: { from: string; to: string },
): Promise<{ date: string; kind: string; name: string; source: string }[]> {
  return db
    .select({
      date: sql<string>`${holidays.date}::text`,
      kind: holidays.kind,
      name: holidays.name,
      source: holidays.source,
    })
    .from(holidays)
    .where(
      and(
        eq(holidays.country, country),
        eq(holidays.isRemoved, false),
        or(lt(holidays.date, range.from), gte(holidays.date, range.to)),
      ),
    )
    .orderBy(asc(holidays.date));
}

export async function findHoliday(
  db: Db,
  country: string,
  date: string,
  opts: { forUpdate?: boolean } = {},
): Promise<HolidayRecord | null> {
  const query = db
    .select()
    .from(holidays)
    .where(and(eq(holidays.country, country), eq(holidays.date, date)));
  const [row] = opts.forUpdate ? await query.for('update') : await query;
  return row ?? null;
}

export async function findHolidayYear(
  db: Db,
  country: string,
  year: number,
  opts: { forUpdate?: boolean } = {},
): Promise<HolidayYearRecord | null> {
  const query = db
    .select()
    .from(holidayYears)
    .where(and(eq(holidayYears.country, country), eq(holidayYears.year, year)));
  const [row] = opts.forUpdate ? await query.for('update') : await query;
  return row ?? null;
}

/**
 * Whether the table already has a row (in force or removed) for every one of `dates` and a completeness row (either
 * value) for every one of `years` of the country: then the seed would insert nothing. One statement with two small
 * array parameters (~8 kB for the whole chinese-days package), an index probe per value (~1 ms), so that a seed on a
 * seeded database need not send its ~70 kB of rows (tens of ms on PGlite). The start-up judges the same from what its
 * load read (CalendarService.storedKeys) and does not need it.
 */
export async function hasAllSeedKeys(
  db: Db,
  country: string,
  dates: readonly string[],
  years: readonly number[],
): Promise<boolean> {
  const [row] = await rowsOf<{ present: boolean }>(
    db,
    sql`select (select count(*) from ${holidays} h where h.country = ${country} and h.date = any(${array(dates, 'date')})) = ${dates.length}
           and (select count(*) from ${holidayYears} y where y.country = ${country} and y.year = any(${array(years, 'int')})) = ${years.length}
           as present`,
  );
  return row?.present === true;
}

/**
 * The seed, in one statement with one JSON parameter (several times faster than a multi-row VALUES list, on PGlite
 * most): every date of `rows` the table lacks is inserted, and every year of `rows` without a completeness row is
 * marked complete. Both skip what is there (ON CONFLICT DO NOTHING), so an admin's date, removal (tombstone) or
 * completeness mark is never overwritten, and a concurrent seed inserts nothing twice. Returns what it inserted.
 */
export async function insertSeedIfAbsent(
  db: Db,
  rows: readonly { country: string; date: string; kind: CalendarDayKind; name: string }[],
  stamp: { updatedBy: string; updatedAt: Date },
): Promise<{ dates: string[]; years: number[] }> {
  if (!rows.length) return { dates: [], years: [] };
  const at = stamp.updatedAt.toISOString();
  const out = await rowsOf<{ what: 'date' | 'year'; value: string }>(
    db,
    sql`with seed as (
          select r.country, r.date, r.kind, r.name
          from json_to_recordset(${JSON.stringify(rows)}::json) as r(country text, date date, kind text, name text)
        ),
        inserted as (
          insert into ${holidays} (country, date, kind, name, source, updated_by, updated_at)
          select country, date, kind, name, 'seed', ${stamp.updatedBy}, ${at}::timestamptz from seed
          on conflict (country, date) do nothing
          returning date
        ),
        marked as (
          insert into ${holidayYears} (country, year, is_complete, source, updated_by, updated_at)
          select distinct country, extract(year from date)::int, true, 'seed', ${stamp.updatedBy}, ${at}::timestamptz from seed
          on conflict (country, year) do nothing
          returning year
        )
        select 'date' as what, date::text as value from inserted
        union all
        select 'year', year::text from marked`,
  );
  return {
    dates: out
      .filter((r) => r.what === 'date')
      .map((r) => r.value)
      .sort(),
    years: out
      .filter((r) => r.what === 'year')
      .map((r) => Number(r.value))
      .sort((a, b) => a - b),
  };
}

/** An admin's day: created or replaced, revived when it was a tombstone. */
export async function upsertAdminDay(
  tx: Db,
  country: string,
  date: string,
  values: { kind: CalendarDayKind; name: string; updatedBy: string; updatedAt: Date },
): Promise<HolidayRecord> {
  const set = { ...values, source: 'admin' as const, isRemoved: false };
  const [saved] = await tx
    .insert(holidays)
    .values({ country, date, ...set })
    .onConflictDoUpdate({ target: [holidays.country, holidays.date], set })
    .returning();
  return saved!;
}

/** A removed day stays as this admin's tombstone, so the seed never brings it back. */
export async function tombstoneDay(
  tx: Db,
  country: string,
  date: string,
  by: { updatedBy: string; updatedAt: Date },
): Promise<HolidayRecord> {
  const [removed] = await tx
    .update(holidays)
    .set({ isRemoved: true, source: 'admin', ...by })
    .where(and(eq(holidays.country, country), eq(holidays.date, date)))
    .returning();
  return removed!;
}

/** An admin's mark of a year as complete or not (never overwritten by the seed). */
export async function upsertYearMark(
  tx: Db,
  country: string,
  year: number,
  values: { isComplete: boolean; updatedBy: string; updatedAt: Date },
): Promise<HolidayYearRecord> {
  const set = { ...values, source: 'admin' as const };
  const [saved] = await tx
    .insert(holidayYears)
    .values({ country, year, ...set })
    .onConflictDoUpdate({ target: [holidayYears.country, holidayYears.year], set })
    .returning();
  return saved!;
}
