/** Plain values of the holiday calendars (R-TKT-3): country codes, dates, and the years a calendar view reports. */
import { localDateAt } from '../../../domain/calendar/index.js';

export type CalendarDayKind = 'holiday' | 'workday';
export type CalendarDaySource = 'seed' | 'admin';

/** ISO 3166 alpha-2, upper case: the catalog's `region.holidayCalendar`. */
export const COUNTRY_CODE = /^[A-Z]{2}$/;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** 'YYYY-MM-DD' naming a real date (2026-02-30 is not). */
export function isCalendarDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const ms = Date.parse(`${value}T00:00:00Z`);
  return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === value;
}

export function yearOfDate(isoDate: string): number {
  return Number(isoDate.slice(0, 4));
}

/** The first date of `year` and of the year after, for half-open range queries. */
export function yearBounds(year: number): { from: string; to: string } {
  const pad = (y: number) => String(y).padStart(4, '0');
  return { from: `${pad(year)}-01-01`, to: `${pad(year + 1)}-01-01` };
}

/**
 * The years a calendar view checks for data: the previous, current and next year at `now` in the provider's zone
 * (a deadline computed today can reach into next year; last year's data is still read by reports and re-grades).
 */
export function yearsAround(now: Date, zone: string): number[] {
  const year = yearOfDate(localDateAt(now.getTime(), zone));
  return [year - 1, year, year + 1];
}
