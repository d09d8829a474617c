import type { BusinessCalendar } from './business-calendar.js';
import { dayNumberOf } from './civil-date.js';
import { compileCalendar } from './compiled-calendar.js';

/**
 * Is this local date ('YYYY-MM-DD') a day the calendar's windows apply? With working days only: a make-up working
 * day (调休) is on even on a weekend, a public holiday is off, else the weekday decides; without (7x8) only the
 * weekday decides; 7x24 is always on. A year without holiday data falls back to the weekday rule.
 */
export function isWorkingDay(isoDate: string, cal: BusinessCalendar): boolean {
  return compileCalendar(cal).isWorkingDay(dayNumberOf(isoDate));
}
