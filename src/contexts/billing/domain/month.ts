/**
 * R-BIL-2: bills are per natural month in the provider's time zone. A month is `YYYY-MM`; its days are indexed
 * 0 … days − 1 from its first date. Pure: no clock.
 */
import { DateTime } from 'luxon';
import { isSupportedDate } from '../../../domain/calendar/index.js';

export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;
export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

export interface MonthWindow {
  readonly month: string;
  /** The first instant of the month in the zone. */
  readonly start: Date;
  /** The first instant of the next month: when the month-end run falls due. */
  readonly end: Date;
  readonly firstDate: string;
  readonly lastDate: string;
  readonly days: number;
  readonly zone: string;
  /** The first instant of each day, and of the next month (days + 1 entries, ms). */
  readonly dayStartsMs: readonly number[];
  /** The date of each day (days entries). */
  readonly dates: readonly string[];
}

export function isMonth(s: string): boolean {
  return MONTH_PATTERN.test(s);
}

export function monthWindow(month: string, zone: string): MonthWindow {
  if (!isMonth(month)) throw new RangeError(`not a YYYY-MM month: ${month}`);
  const start = DateTime.fromISO(`${month}-01`, { zone });
  const next = start.plus({ months: 1 });
  const days = start.daysInMonth!;
  const dayStarts = Array.from({ length: days + 1 }, (_, d) => start.plus({ days: d }));
  return {
    month,
    start: start.toJSDate(),
    end: next.toJSDate(),
    firstDate: start.toISODate()!,
    lastDate: next.minus({ days: 1 }).toISODate()!,
    days,
    zone,
    dayStartsMs: dayStarts.map((d) => d.toMillis()),
    dates: dayStarts.slice(0, days).map((d) => d.toISODate()!),
  };
}

/** The day of the month an instant falls on (0-based); −1 before the month, `days` after it. */
export function dayIndexIn(window: MonthWindow, at: Date): number {
  const t = at.getTime();
  const starts = window.dayStartsMs;
  if (t < starts[0]!) return -1;
  if (t >= starts[starts.length - 1]!) return window.days;
  let lo = 0;
  let hi = window.days - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The month an instant falls in, in the zone. */
export function monthOf(at: Date, zone: string): string {
  return DateTime.fromJSDate(at, { zone }).toFormat('yyyy-MM');
}

export function addMonths(month: string, n: number): string {
  return DateTime.fromISO(`${month}-01`, { zone: 'UTC' }).plus({ months: n }).toFormat('yyyy-MM');
}

/** A real date in the years the date engines handle (issue 11: 0001-01-01 is refused, not computed with). */
export function isDate(s: string): boolean {
  return isSupportedDate(s);
}

/** Whole days from date a to date b (b − a). */
export function daysFrom(a: string, b: string): number {
  return Math.round(DateTime.fromISO(b, { zone: 'UTC' }).diff(DateTime.fromISO(a, { zone: 'UTC' }), 'days').days);
}

/** The months (YYYY-MM) an inclusive date range touches, in order. */
export function monthsTouched(fromDate: string, toDate: string): string[] {
  const out: string[] = [];
  for (let m = fromDate.slice(0, 7); m <= toDate.slice(0, 7); m = addMonths(m, 1)) out.push(m);
  return out;
}
