import type { BusinessCalendar } from './business-calendar.js';
import { yearOf } from './civil-date.js';
import { compileCalendar } from './compiled-calendar.js';

/**
 * Local calendar years touched by [fromMs, toMs] that the holiday table has no data for, ascending. Only a calendar
 * that reads holidays (windows, working days only, a table given) can miss data; others return []. The engine then
 * treats those years as plain weekdays and weekends; callers log a warning and show it (R-TKT-3 "says so").
 */
export function yearsWithoutData(cal: BusinessCalendar, fromMs: number, toMs: number): number[] {
  const c = compileCalendar(cal);
  if (!c.usesHolidays || cal.holidays === null) return [];
  const a = yearOf(c.zone.localDay(Math.min(fromMs, toMs)));
  const b = yearOf(c.zone.localDay(Math.max(fromMs, toMs)));
  const missing: number[] = [];
  for (let y = a; y <= b; y++) if (!cal.holidays.years.has(y)) missing.push(y);
  return missing;
}
