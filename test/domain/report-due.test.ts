/**
 * R-RPT-1 due dates, by hand from the CN holiday table (chinese-days: 2026 has data, 2027 not yet, so 2027 falls back
 * to weekdays, as the calendar engine does for every year without data). Each row: the month sent in → the last
 * allowed day and the day the schedule sends on.
 * - Huawei / iSoftStone "每月10日前…遇法定节假日顺延相应天数": the 9th, moved by the public holidays on the 1st–9th
 *   (January 2026: New Year 1–3 → the 12th; April: Qingming 4–6 → the 12th, a Sunday, sent Friday the 10th; May:
 *   Labour Day 1–5 → the 14th; October: National Day 1–7 → the 16th); a weekend last day is sent the Friday before.
 * - Tianyi "每月第15个工作日前" (SPEC: by the 15th working day), counted with 调休: Sunday 2026-01-04, Saturday
 *   2026-02-14, Saturday 2026-05-09, Sunday 2026-09-20 and Saturday 2026-10-10 are working days.
 */
import { describe, expect, it } from 'vitest';
import { reportDue, workingDayCalendar, monthsBefore, nextMonth } from '../../src/contexts/reports/domain/due.js';
import { isEligible, recipientsOf, sendInstant } from '../../src/contexts/reports/domain/schedule.js';
import { CN_HOLIDAYS } from '../support/calendar-fixtures.js';

const CN = workingDayCalendar('Asia/Shanghai', CN_HOLIDAYS);
const NONE = workingDayCalendar('Europe/Paris', null);
const reported = (sentIn: string) => monthsBefore(sentIn, 1);

// sent in → [dueDate, sendOn]
const CALENDAR_DAY_10: [string, string, string][] = [
  ['2026-01', '2026-01-12', '2026-01-12'],
  ['2026-02', '2026-02-09', '2026-02-09'],
  ['2026-03', '2026-03-09', '2026-03-09'],
  ['2026-04', '2026-04-12', '2026-04-10'],
  ['2026-05', '2026-05-14', '2026-05-14'],
  ['2026-06', '2026-06-09', '2026-06-09'],
  ['2026-07', '2026-07-09', '2026-07-09'],
  ['2026-08', '2026-08-09', '2026-08-07'],
  ['2026-09', '2026-09-09', '2026-09-09'],
  ['2026-10', '2026-10-16', '2026-10-16'],
  ['2026-11', '2026-11-09', '2026-11-09'],
  ['2026-12', '2026-12-09', '2026-12-09'],
  ['2027-01', '2027-01-09', '2027-01-08'],
  ['2027-02', '2027-02-09', '2027-02-09'],
  ['2027-03', '2027-03-09', '2027-03-09'],
  ['2027-04', '2027-04-09', '2027-04-09'],
  ['2027-05', '2027-05-09', '2027-05-07'],
  ['2027-06', '2027-06-09', '2027-06-09'],
  ['2027-07', '2027-07-09', '2027-07-09'],
  ['2027-08', '2027-08-09', '2027-08-09'],
  ['2027-09', '2027-09-09', '2027-09-09'],
  ['2027-10', '2027-10-09', '2027-10-08'],
  ['2027-11', '2027-11-09', '2027-11-09'],
  ['2027-12', '2027-12-09', '2027-12-09'],
];

const WORKING_DAY_15: [string, string][] = [
  ['2026-01', '2026-01-22'],
  ['2026-02', '2026-02-27'],
  ['2026-03', '2026-03-20'],
  ['2026-04', '2026-04-22'],
  ['2026-05', '2026-05-25'],
  ['2026-06', '2026-06-22'],
  ['2026-07', '2026-07-21'],
  ['2026-08', '2026-08-21'],
  ['2026-09', '2026-09-20'],
  ['2026-10', '2026-10-27'],
  ['2026-11', '2026-11-20'],
  ['2026-12', '2026-12-21'],
  ['2027-01', '2027-01-21'],
  ['2027-02', '2027-02-19'],
  ['2027-03', '2027-03-19'],
  ['2027-04', '2027-04-21'],
  ['2027-05', '2027-05-21'],
  ['2027-06', '2027-06-21'],
  ['2027-07', '2027-07-21'],
  ['2027-08', '2027-08-20'],
  ['2027-09', '2027-09-21'],
  ['2027-10', '2027-10-21'],
  ['2027-11', '2027-11-19'],
  ['2027-12', '2027-12-21'],
];

describe('R-RPT-1 due dates', () => {
  it.each(CALENDAR_DAY_10)('Huawei/iSoftStone: sent in %s → due %s, sent %s (CN holidays)', (sentIn, due, send) => {
    const r = reportDue({ kind: 'calendar_day', day: 10 }, reported(sentIn), CN);
    expect([r.month, r.dueDate, r.sendOn]).toEqual([reported(sentIn), due, send]);
  });

  it('the holiday shift counts public holidays only (not weekends, not make-up days)', () => {
    expect(reportDue({ kind: 'calendar_day', day: 10 }, '2026-09', CN).holidayShiftDays).toBe(7);
    expect(reportDue({ kind: 'calendar_day', day: 10 }, '2025-12', CN).holidayShiftDays).toBe(3);
    expect(reportDue({ kind: 'calendar_day', day: 10 }, '2026-07', CN).holidayShiftDays).toBe(0);
  });

  it('a region without a holiday table (EU-Paris) is not moved: October 2026 is due on the 9th', () => {
    expect(reportDue({ kind: 'calendar_day', day: 10 }, '2026-09', NONE)).toMatchObject({
      dueDate: '2026-10-09',
      sendOn: '2026-10-09',
    });
  });

  it.each(WORKING_DAY_15)('Tianyi: sent in %s → by the 15th working day %s', (sentIn, due) => {
    const r = reportDue({ kind: 'working_day', day: 15 }, reported(sentIn), CN);
    expect([r.dueDate, r.sendOn]).toEqual([due, due]);
  });

  it('the send instant is 09:00 in the account’s zone', () => {
    expect(sendInstant('2026-02-09', 'Asia/Shanghai').toISOString()).toBe('2026-02-09T01:00:00.000Z');
    expect(sendInstant('2026-07-09', 'Europe/Paris').toISOString()).toBe('2026-07-09T07:00:00.000Z');
  });

  it('months', () => {
    expect(nextMonth('2026-12')).toBe('2027-01');
    expect(monthsBefore('2026-03', 5)).toBe('2025-10');
  });
});

describe('R-RPT-1 who gets it and where it goes', () => {
  const huawei = { feature: 'monthly_report', startsMonthAfterJoining: false };
  const tianyi = {
    feature: 'monthly_report',
    startsMonthAfterJoining: true,
    recipients: ['requested_addresses'] as const,
  };
  it('only levels whose features include the report at the month’s end', () => {
    expect(isEligible(huawei, [], ['monthly_report'])).toBe(true);
    expect(isEligible(huawei, ['monthly_report'], ['best_practice'])).toBe(false);
  });
  it('Tianyi from the month after joining: the level must hold the report at the month’s start too', () => {
    expect(isEligible(tianyi, [], ['monthly_report'])).toBe(false);
    expect(isEligible(tianyi, ['monthly_report'], ['monthly_report'])).toBe(true);
  });
  it('recipients by the catalog; never nobody', () => {
    const a = { email: 'reg@x.example', reportEmails: ['ops@x.example'] };
    const none = { email: 'reg@x.example', reportEmails: [] };
    expect(recipientsOf(huawei, a)).toEqual(['ops@x.example']);
    expect(recipientsOf(huawei, none)).toEqual(['reg@x.example']);
    expect(recipientsOf(tianyi, a)).toEqual(['ops@x.example']);
    expect(recipientsOf(tianyi, none)).toEqual(['reg@x.example']);
    expect(recipientsOf({ ...huawei, recipients: ['registered_email', 'requested_addresses'] }, a)).toEqual([
      'reg@x.example',
      'ops@x.example',
    ]);
  });
});
