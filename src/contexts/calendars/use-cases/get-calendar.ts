/**
 * R-TKT-3: what the holiday tables hold, and which years around today have no data (the engine treats those as
 * plain weekdays and weekends). Read from the database, the source of truth, not from this process's memory.
 */
import type { Deps } from '../../../platform/deps.js';
import { yearsAround } from '../domain/calendar-day.js';
import { holidayYearCounts, holidaysOfYear } from '../store/holiday-store.js';
import type { HolidayRecord } from '../store/tables.js';

export interface CalendarSummary {
  readonly id: string;
  readonly years: number[];
  readonly dayCount: number;
}

export function dayView(row: HolidayRecord) {
  return { date: row.date, kind: row.kind, name: row.name, source: row.source, updatedBy: row.updatedBy, updatedAt: row.updatedAt.toISOString() };
}

/** Countries with at least one row. */
export async function listCalendars(deps: Pick<Deps, 'db'>): Promise<{ items: CalendarSummary[] }> {
  const counts = await holidayYearCounts(deps.db);
  const items = new Map<string, { id: string; years: number[]; dayCount: number }>();
  for (const { country, year, count } of counts) {
    let item = items.get(country);
    if (!item) items.set(country, (item = { id: country, years: [], dayCount: 0 }));
    item.years.push(year);
    item.dayCount += count;
  }
  return { items: [...items.values()] };
}

/**
 * One country's calendar: its years with data, the missing ones of last, this and next year (provider's zone),
 * and the days of `year` (this year by default). A country without rows is a calendar with no data, not NOT_FOUND:
 * a region may name it before an admin fills it in.
 */
export async function getCalendar(deps: Pick<Deps, 'db' | 'clock' | 'catalog'>, country: string, year?: number) {
  const around = yearsAround(deps.clock.now(), deps.catalog.timeZone);
  const shownYear = year ?? around[1]!;
  const [counts, rows] = await Promise.all([holidayYearCounts(deps.db, country), holidaysOfYear(deps.db, country, shownYear)]);
  const years = counts.map((c) => c.year);
  return {
    id: country,
    years,
    missingYears: around.filter((y) => !years.includes(y)),
    year: shownYear,
    days: rows.map(dayView),
  };
}
