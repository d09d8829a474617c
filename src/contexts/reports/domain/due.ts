/**
 * R-RPT-1 when a month's report is due, on the calendar engine (pure: dates are local 'YYYY-MM-DD' values).
 * - calendar_day N (Huawei, iSoftStone: "每月10日前…遇法定节假日顺延相应天数"): before day N of the next month, moved
 *   later by as many days as the region's public holidays that fall on days 1…N−1 (weekends are not holidays; a
 *   holiday's weekend days listed in the table count, as the table marks them). The last allowed day is N−1+shift.
 * - working_day N (Tianyi: "每月第15个工作日前"; SPEC: "by the 15th working day"): the Nth working day of the next
 *   month, inclusive (weekends and public holidays off, make-up working days 调休 on).
 * The schedule sends on `sendOn`: the last working day on or before the last allowed day (a report mailed on a
 * holiday is read after it anyway), or that day itself when the month has no working day before it.
 */
import type { BusinessCalendar, HolidayCalendar } from '../../../domain/calendar/index.js';
import { addCalendarDays, isWorkingDay } from '../../../domain/calendar/index.js';

export interface ReportDueRule {
  readonly kind: 'calendar_day' | 'working_day';
  readonly day: number;
}

export interface ReportDue {
  /** The reported month, YYYY-MM. */
  readonly month: string;
  /** The last local date on which the report may be sent. */
  readonly dueDate: string;
  /** The local date the schedule sends it. */
  readonly sendOn: string;
  /** calendar_day: the public holidays that moved the date (0 for working_day). */
  readonly holidayShiftDays: number;
}

const MONTH = /^(\d{4})-(\d{2})$/;

export function isReportMonth(s: string): boolean {
  const m = MONTH.exec(s);
  return !!m && Number(m[2]) >= 1 && Number(m[2]) <= 12;
}

/** The month after `month` (YYYY-MM). */
export function nextMonth(month: string): string {
  const m = MONTH.exec(month);
  if (!m) throw new RangeError(`not a YYYY-MM month: ${month}`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  return mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
}

/** `n` months before `month` (n ≥ 0). */
export function monthsBefore(month: string, n: number): string {
  const m = MONTH.exec(month);
  if (!m) throw new RangeError(`not a YYYY-MM month: ${month}`);
  const index = Number(m[1]) * 12 + Number(m[2]) - 1 - n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** Working days: Monday–Friday, public holidays off, make-up days on (the holiday table of the region, or none). */
export function workingDayCalendar(zone: string, holidays: HolidayCalendar | null): BusinessCalendar {
  return {
    hours: { kind: 'windows', days: [1, 2, 3, 4, 5], windows: [{ from: '00:00', to: '24:00' }], workingDaysOnly: true },
    zone,
    holidays,
  };
}

export function reportDue(rule: ReportDueRule, month: string, cal: BusinessCalendar): ReportDue {
  const first = `${nextMonth(month)}-01`;
  let dueDate: string;
  let holidayShiftDays = 0;
  if (rule.kind === 'calendar_day') {
    for (let d = 1; d < rule.day; d++) {
      if (cal.holidays?.days.get(addCalendarDays(first, d - 1)) === 'holiday') holidayShiftDays++;
    }
    dueDate = addCalendarDays(first, rule.day - 2 + holidayShiftDays);
  } else {
    let found = 0;
    let d = first;
    for (let i = 0; ; i++, d = addCalendarDays(first, i)) {
      if (isWorkingDay(d, cal) && ++found === rule.day) break;
      if (i > 90) throw new RangeError(`no ${rule.day}th working day after ${first}`);
    }
    dueDate = d;
  }
  let sendOn = dueDate;
  while (sendOn >= first && !isWorkingDay(sendOn, cal)) sendOn = addCalendarDays(sendOn, -1);
  if (sendOn < first) sendOn = dueDate;
  return { month, dueDate, sendOn, holidayShiftDays };
}
