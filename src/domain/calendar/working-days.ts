/**
 * R-SR-3 lead times in working days. Dates are local 'YYYY-MM-DD' strings in the customer's zone; working days are
 * the calendar's (pass the business-hours calendar: weekends and public holidays off, make-up days 调休 on).
 */
import { MAX_CLOSED_DAYS } from './add-business-time.js';
import type { BusinessCalendar } from './business-calendar.js';
import { dayNumberOf, isoDateOf } from './civil-date.js';
import { compileCalendar } from './compiled-calendar.js';

/** Working days after the application date, up to and including the start date (0 when start ≤ application). */
export function workingDaysAfter(applicationDate: string, startDate: string, cal: BusinessCalendar): number {
  const c = compileCalendar(cal);
  const last = dayNumberOf(startDate);
  let count = 0;
  for (let day = dayNumberOf(applicationDate) + 1; day <= last; day++) if (c.isWorkingDay(day)) count++;
  return count;
}

/**
 * The first start date with `n` working days after the application date: applied Monday, 3 → Thursday.
 * n ≤ 0 gives the application date itself.
 */
export function earliestStartAfterWorkingDays(applicationDate: string, n: number, cal: BusinessCalendar): string {
  if (!Number.isInteger(n)) throw new RangeError(`working days must be a whole number, got ${n}`);
  const c = compileCalendar(cal);
  let day = dayNumberOf(applicationDate);
  let closedDays = 0;
  for (let found = 0; found < n;) {
    day++;
    if (c.isWorkingDay(day)) {
      found++;
      closedDays = 0;
    } else if (++closedDays > MAX_CLOSED_DAYS) {
      throw new RangeError(`calendar ${cal.zone} has no working day for ${MAX_CLOSED_DAYS} days`);
    }
  }
  return isoDateOf(day);
}
