import type { HolidayCalendar, HolidayKind } from './business-calendar.js';
import { dayNumberOf, yearOf } from './civil-date.js';

/** One row of the holidays table: a date of one country's calendar that differs from the weekday rule. */
export interface HolidayRow {
  readonly country: string;
  readonly date: string;
  readonly kind: HolidayKind;
  readonly name: string;
}

/**
 * Builds a country's HolidayCalendar from table rows (other countries' rows are ignored). The years with data are
 * the years that have at least one row, plus `extraYears` for a year whose table is known to be empty.
 * Throws RangeError on a malformed date or a date listed twice with different kinds.
 */
export function holidayCalendarFromRows(
  country: string,
  rows: readonly HolidayRow[],
  extraYears: readonly number[] = [],
): HolidayCalendar {
  const days = new Map<string, HolidayKind>();
  const years = new Set<number>(extraYears);
  for (const row of rows) {
    if (row.country !== country) continue;
    const previous = days.get(row.date);
    if (previous !== undefined && previous !== row.kind) {
      throw new RangeError(`holiday table ${country}: ${row.date} is both ${previous} and ${row.kind}`);
    }
    days.set(row.date, row.kind);
    years.add(yearOf(dayNumberOf(row.date)));
  }
  return { country, days, years };
}
