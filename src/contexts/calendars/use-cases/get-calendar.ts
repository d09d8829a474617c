/**
 * R-TKT-3: what the holiday tables hold, and which years around today have no data (the engine treats those as
 * plain weekdays and weekends). A year has data when it is complete — seeded from the package, or marked complete by
 * a provider admin — not merely when it has dates. Read from the database, the source of truth, not from this
 * process's memory.
 */
import type { Deps } from '../../../platform/deps.js';
import { yearBounds, yearsAround } from '../domain/calendar-day.js';
import { SUPPORTED_YEARS } from '../../../domain/calendar/index.js';
import {
  completeYears,
  findHolidayYear,
  holidayDayCounts,
  holidaysOfYear,
  outOfRangeHolidays,
} from '../store/holiday-store.js';
import type { HolidayRecord, HolidayYearRecord } from '../store/tables.js';

const SUPPORTED_RANGE = { from: yearBounds(SUPPORTED_YEARS.min).from, to: yearBounds(SUPPORTED_YEARS.max).to };
const INVALID_REASON = `outside the years ${SUPPORTED_YEARS.min}–${SUPPORTED_YEARS.max} the calendar engine handles: not applied; remove it with DELETE /calendars/{id}/days/{date}`;

/** A year mark outside the engine's years is not applied (skipped at load and logged), so it is not listed. */
const isSupportedYear = (year: number) => year >= SUPPORTED_YEARS.min && year <= SUPPORTED_YEARS.max;

export interface CalendarSummary {
  readonly id: string;
  readonly years: number[];
  readonly dayCount: number;
}

export function dayView(row: HolidayRecord) {
  return {
    date: row.date,
    kind: row.kind,
    name: row.name,
    source: row.source,
    updatedBy: row.updatedBy,
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function yearStatusView(row: HolidayYearRecord) {
  return {
    complete: row.isComplete,
    source: row.source,
    updatedBy: row.updatedBy,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Countries with at least one date or complete year: their complete years and number of dates. */
export async function listCalendars(deps: Pick<Deps, 'db'>): Promise<{ items: CalendarSummary[] }> {
  const [counts, complete] = await Promise.all([holidayDayCounts(deps.db), completeYears(deps.db)]);
  const items = new Map<string, { id: string; years: number[]; dayCount: number }>();
  const item = (country: string) => {
    let found = items.get(country);
    if (!found) items.set(country, (found = { id: country, years: [], dayCount: 0 }));
    return found;
  };
  for (const { country, count } of counts) item(country).dayCount = count;
  for (const { country, year } of complete) if (isSupportedYear(year)) item(country).years.push(year);
  return { items: [...items.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)) };
}

/**
 * One country's calendar: its complete years, the incomplete ones of last, this and next year (provider's zone), and
 * the days and completeness mark of `year` (this year by default). A country without data is a calendar with no
 * data, not NOT_FOUND: a region may name it before an admin fills it in.
 */
export async function getCalendar(deps: Pick<Deps, 'db' | 'clock' | 'catalog'>, country: string, year?: number) {
  const around = yearsAround(deps.clock.now(), deps.catalog.timeZone);
  const shownYear = year ?? around[1]!;
  const [complete, rows, mark, invalid] = await Promise.all([
    completeYears(deps.db, country),
    holidaysOfYear(deps.db, country, shownYear),
    findHolidayYear(deps.db, country, shownYear),
    outOfRangeHolidays(deps.db, country, SUPPORTED_RANGE),
  ]);
  const years = complete.map((c) => c.year).filter(isSupportedYear);
  return {
    id: country,
    years,
    missingYears: around.filter((y) => !years.includes(y)),
    year: shownYear,
    yearStatus: mark ? yearStatusView(mark) : null,
    days: rows.map(dayView),
    invalidDays: invalid.map((d) => ({ ...d, reason: INVALID_REASON })),
  };
}
