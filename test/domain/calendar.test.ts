import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { ZServiceHours } from '../../src/domain/catalog/catalog-schema.js';
import {
  addBusinessTime,
  addCalendarDays,
  businessTimeBetween,
  earliestStartAfterWorkingDays,
  holidayCalendarFromRows,
  isOpenAt,
  isWorkingDay,
  localDateAt,
  localDateTimeAt,
  nextOpenAt,
  workingDaysAfter,
  yearsWithoutData,
  type BusinessCalendar,
  type HolidayKind,
} from '../../src/domain/calendar/index.js';
import { chineseDaysSeed } from '../../src/domain/calendar/chinese-days-seed.js';
import { oracleAddBusinessMinutes } from '../support/business-time-oracle.js';
import { calendar, CN_HOLIDAYS, HOURS, type CalendarName } from '../support/calendar-fixtures.js';
import { at, local } from '../support/instants.js';

const MIN = 60_000;
const SH = 'Asia/Shanghai';

describe('addBusinessTime (R-TKT-3, R-TKT-4)', () => {
  const cases: { name: string; calendar: CalendarName; zone: string; start: string; minutes: number; due: string }[] = [
    {
      name: 'R-TKT-3 Huawei developer system impaired opened Friday 17:00 → Tuesday 11:00',
      calendar: 'cn-business-9-18',
      zone: SH,
      start: '2026-03-06T17:00+08:00',
      minutes: 12 * 60,
      due: '2026-03-10T11:00+08:00',
    },
    {
      name: 'R-TKT-3 the same in Europe/Paris (region without holiday data: weekends only)',
      calendar: 'weekends-only-9-18',
      zone: 'Europe/Paris',
      start: '2026-03-06T17:00+01:00',
      minutes: 12 * 60,
      due: '2026-03-10T11:00+01:00',
    },
    {
      name: 'R-TKT-3 Huawei developer general (< 24 wh) opened Monday 10:00 → Wednesday 16:00',
      calendar: 'cn-business-9-18',
      zone: SH,
      start: '2026-03-09T10:00+08:00',
      minutes: 24 * 60,
      due: '2026-03-11T16:00+08:00',
    },
    {
      name: 'R-TKT-3 Huawei enterprise core system down → 15 minutes (7x24, even at night on a holiday)',
      calendar: '7x24',
      zone: SH,
      start: '2026-02-17T03:10+08:00',
      minutes: 15,
      due: '2026-02-17T03:25+08:00',
    },
    {
      name: 'R-TKT-3 Tianyi light urgent → 10 minutes (7x24, across midnight)',
      calendar: '7x24',
      zone: SH,
      start: '2026-10-01T23:55+08:00',
      minutes: 10,
      due: '2026-10-02T00:05+08:00',
    },
    {
      name: 'National Day 2025: Friday 17:00 + 12 wh → the 调休 working Sunday 2025-09-28 counts → Monday 11:00',
      calendar: 'cn-business-9-18',
      zone: SH,
      start: '2025-09-26T17:00+08:00',
      minutes: 12 * 60,
      due: '2025-09-29T11:00+08:00',
    },
    {
      name: 'National Day 2025: Tuesday 09-30 17:00 + 12 wh skips 10-01…10-08 → Friday 10-10 11:00',
      calendar: 'cn-business-9-18',
      zone: SH,
      start: '2025-09-30T17:00+08:00',
      minutes: 12 * 60,
      due: '2025-10-10T11:00+08:00',
    },
    {
      name: 'National Day 2025: Friday 10-10 17:00 + 12 wh → the 调休 working Saturday 10-11 counts → Monday 10-13 11:00',
      calendar: 'cn-business-9-18',
      zone: SH,
      start: '2025-10-10T17:00+08:00',
      minutes: 12 * 60,
      due: '2025-10-13T11:00+08:00',
    },
    {
      name: 'Spring Festival 2026: Friday 02-13 17:00 + 24 wh → working Saturday 02-14, off 02-15…02-23 → Wednesday 02-25 14:00',
      calendar: 'cn-business-9-18',
      zone: SH,
      start: '2026-02-13T17:00+08:00',
      minutes: 24 * 60,
      due: '2026-02-25T14:00+08:00',
    },
    {
      name: 'R-TKT-4 start before hours: Monday 07:30 + 30 min → 09:30',
      calendar: 'cn-business-9-18',
      zone: SH,
      start: '2026-03-09T07:30+08:00',
      minutes: 30,
      due: '2026-03-09T09:30+08:00',
    },
    {
      name: 'R-TKT-4 start on a Saturday: + 1 h → Monday 10:00',
      calendar: 'cn-business-9-18',
      zone: SH,
      start: '2026-03-07T12:00+08:00',
      minutes: 60,
      due: '2026-03-09T10:00+08:00',
    },
    {
      name: 'R-TKT-4 start on a holiday (National Day 2026): + 1 h → Thursday 10-08 10:00',
      calendar: 'cn-business-9-18',
      zone: SH,
      start: '2026-10-01T10:00+08:00',
      minutes: 60,
      due: '2026-10-08T10:00+08:00',
    },
    {
      name: 'R-TKT-3 a target used up at the Friday 18:00 close is due at the next opening: Friday 17:00 + 1 h → Monday 09:00',
      calendar: 'cn-business-9-18',
      zone: SH,
      start: '2026-03-06T17:00+08:00',
      minutes: 60,
      due: '2026-03-09T09:00+08:00',
    },
    {
      name: 'a full day from Monday 09:00 is used up at the 18:00 close: due Tuesday 09:00',
      calendar: 'cn-business-9-18',
      zone: SH,
      start: '2026-03-09T09:00+08:00',
      minutes: 9 * 60,
      due: '2026-03-10T09:00+08:00',
    },
    {
      name: 'used up at 18:00 before a holiday (National Day 2025): Tuesday 09-30 17:00 + 1 h → Thursday 10-09 09:00',
      calendar: 'cn-business-9-18',
      zone: SH,
      start: '2025-09-30T17:00+08:00',
      minutes: 60,
      due: '2025-10-09T09:00+08:00',
    },
    {
      name: 'used up at 18:00 before a 调休 working Saturday: Friday 2025-10-10 17:00 + 1 h → Saturday 10-11 09:00',
      calendar: 'cn-business-9-18',
      zone: SH,
      start: '2025-10-10T17:00+08:00',
      minutes: 60,
      due: '2025-10-11T09:00+08:00',
    },
    {
      name: 'used up at the close of a 调休 working Saturday: Saturday 2025-10-11 17:00 + 1 h → Monday 10-13 09:00',
      calendar: 'cn-business-9-18',
      zone: SH,
      start: '2025-10-11T17:00+08:00',
      minutes: 60,
      due: '2025-10-13T09:00+08:00',
    },
    {
      name: 'used up at 18:00 on the eve of the Spring Festival break: Friday 2026-02-13 09:00 + 9 h → working Saturday 02-14 09:00',
      calendar: 'cn-business-9-18',
      zone: SH,
      start: '2026-02-13T09:00+08:00',
      minutes: 9 * 60,
      due: '2026-02-14T09:00+08:00',
    },
    {
      name: 'used up at 18:00 in Europe/Paris (weekends only): Friday 17:00 + 1 h → Monday 09:00',
      calendar: 'weekends-only-9-18',
      zone: 'Europe/Paris',
      start: '2026-03-06T17:00+01:00',
      minutes: 60,
      due: '2026-03-09T09:00+01:00',
    },
    {
      name: 'used up at 18:00 EST on the Friday before the March DST switch → Monday 09:00 EDT',
      calendar: 'weekends-only-9-18',
      zone: 'America/New_York',
      start: '2026-03-06T17:00-05:00',
      minutes: 60,
      due: '2026-03-09T09:00-04:00',
    },
    {
      name: '5x8 used up at the 17:00 close before the 调休 working Saturday 2026-10-10: Friday 16:00 + 1 h → Saturday 09:00',
      calendar: '5x8',
      zone: SH,
      start: '2026-10-09T16:00+08:00',
      minutes: 60,
      due: '2026-10-10T09:00+08:00',
    },
    {
      name: 'Tianyi 7x8 used up at the 17:00 close on a Saturday → Sunday 09:00',
      calendar: '7x8',
      zone: SH,
      start: '2026-03-07T16:00+08:00',
      minutes: 60,
      due: '2026-03-08T09:00+08:00',
    },
    {
      name: 'a 00:00–24:00 window used up at 24:00 runs on at the next 00:00 (the same instant)',
      calendar: 'all-day-every-day',
      zone: SH,
      start: '2026-03-06T00:00+08:00',
      minutes: 24 * 60,
      due: '2026-03-07T00:00+08:00',
    },
    {
      name: 'one minute short of the close stays in the window: Friday 17:00 + 59 min → Friday 17:59',
      calendar: 'cn-business-9-18',
      zone: SH,
      start: '2026-03-06T17:00+08:00',
      minutes: 59,
      due: '2026-03-06T17:59+08:00',
    },
    {
      name: 'start exactly at 18:00 Friday + 1 min → Monday 09:01',
      calendar: 'cn-business-9-18',
      zone: SH,
      start: '2026-03-06T18:00+08:00',
      minutes: 1,
      due: '2026-03-09T09:01+08:00',
    },
    {
      name: 'DST America/New_York: Friday 17:00 EST + 12 wh across the March switch → Tuesday 11:00 EDT',
      calendar: 'weekends-only-9-18',
      zone: 'America/New_York',
      start: '2026-03-06T17:00-05:00',
      minutes: 12 * 60,
      due: '2026-03-10T11:00-04:00',
    },
    {
      name: 'DST America/New_York 7x24: 01:30 EST + 1 h → 03:30 EDT (real elapsed time)',
      calendar: '7x24',
      zone: 'America/New_York',
      start: '2026-03-08T01:30-05:00',
      minutes: 60,
      due: '2026-03-08T03:30-04:00',
    },
    {
      name: 'DST America/New_York: a 00:00–24:00 window counts the 23-hour spring-forward day as 23 h',
      calendar: 'all-day-every-day',
      zone: 'America/New_York',
      start: '2026-03-08T00:00-05:00',
      minutes: 24 * 60,
      due: '2026-03-09T01:00-04:00',
    },
    {
      name: 'DST America/New_York 7x24 fall back: 00:30 EDT + 2 h → 01:30 EST',
      calendar: '7x24',
      zone: 'America/New_York',
      start: '2026-11-01T00:30-04:00',
      minutes: 120,
      due: '2026-11-01T01:30-05:00',
    },
    {
      name: 'DST America/New_York: a 00:00–24:00 window counts the 25-hour fall-back day as 25 h',
      calendar: 'all-day-every-day',
      zone: 'America/New_York',
      start: '2026-11-01T00:00-04:00',
      minutes: 24 * 60,
      due: '2026-11-01T23:00-05:00',
    },
    {
      name: 'DST Europe/Paris: Friday 17:00 CET + 12 wh across the March switch → Tuesday 11:00 CEST',
      calendar: 'weekends-only-9-18',
      zone: 'Europe/Paris',
      start: '2026-03-27T17:00+01:00',
      minutes: 12 * 60,
      due: '2026-03-31T11:00+02:00',
    },
    {
      name: 'DST Europe/Paris 7x24: Sunday 01:30 CET + 1 h → 03:30 CEST',
      calendar: '7x24',
      zone: 'Europe/Paris',
      start: '2026-03-29T01:30+01:00',
      minutes: 60,
      due: '2026-03-29T03:30+02:00',
    },
    {
      name: 'Tianyi 7x8 (every day 09–17): Saturday 16:30 + 1 h → Sunday 09:30',
      calendar: '7x8',
      zone: SH,
      start: '2026-03-07T16:30+08:00',
      minutes: 60,
      due: '2026-03-08T09:30+08:00',
    },
    {
      name: 'Tianyi 7x8 is open on public holidays: 2026-10-01 09:00 + 1 h → 10:00',
      calendar: '7x8',
      zone: SH,
      start: '2026-10-01T09:00+08:00',
      minutes: 60,
      due: '2026-10-01T10:00+08:00',
    },
    {
      name: '5x8 (working days 09–17): Friday 16:30 + 1 h → Monday 09:30',
      calendar: '5x8',
      zone: SH,
      start: '2026-03-06T16:30+08:00',
      minutes: 60,
      due: '2026-03-09T09:30+08:00',
    },
    {
      name: '5x8 on the 调休 working Saturday 2026-10-10: Friday 16:30 + 1 h → Saturday 09:30',
      calendar: '5x8',
      zone: SH,
      start: '2026-10-09T16:30+08:00',
      minutes: 60,
      due: '2026-10-10T09:30+08:00',
    },
    {
      name: 'a year without holiday data (2027) is plain weekdays: 2027-01-01 (Friday) is worked',
      calendar: 'cn-business-9-18',
      zone: SH,
      start: '2026-12-31T17:00+08:00',
      minutes: 120,
      due: '2027-01-01T10:00+08:00',
    },
    {
      name: 'New Year 2026 (01-01…01-03 off, Sunday 01-04 worked): Wednesday 12-31 17:00 + 2 h → Sunday 01-04 10:00',
      calendar: 'cn-business-9-18',
      zone: SH,
      start: '2025-12-31T17:00+08:00',
      minutes: 120,
      due: '2026-01-04T10:00+08:00',
    },
    {
      name: 'Asia/Kolkata (+05:30) business hours: Friday 17:30 + 1 h → Monday 09:30',
      calendar: 'weekends-only-9-18',
      zone: 'Asia/Kolkata',
      start: '2026-03-06T17:30+05:30',
      minutes: 60,
      due: '2026-03-09T09:30+05:30',
    },
  ];

  it.each(cases)('$name', (c) => {
    const cal = calendar(c.calendar, c.zone);
    const due = addBusinessTime(at(c.start), c.minutes * MIN, cal);
    expect(local(due, c.zone)).toBe(local(at(c.due), c.zone));
    // The inverse: exactly the target's open time lies between start and due.
    expect(businessTimeBetween(at(c.start), due, cal)).toBe(c.minutes * MIN);
  });

  it('keeps sub-minute precision: 17:59:30.250 + 1 min → Monday 09:00:30.250', () => {
    const cal = calendar('cn-business-9-18', SH);
    expect(addBusinessTime(at('2026-03-06T17:59:30.250+08:00'), MIN, cal)).toBe(at('2026-03-09T09:00:30.250+08:00'));
  });

  it('a zero duration is the next opening', () => {
    const cal = calendar('cn-business-9-18', SH);
    expect(addBusinessTime(at('2026-03-07T12:00+08:00'), 0, cal)).toBe(at('2026-03-09T09:00+08:00'));
    expect(addBusinessTime(at('2026-03-09T12:00+08:00'), 0, cal)).toBe(at('2026-03-09T12:00+08:00'));
  });

  it('refuses negative durations, bad zones, bad windows and a calendar that never opens', () => {
    const cal = calendar('cn-business-9-18', SH);
    expect(() => addBusinessTime(0, -1, cal)).toThrow(RangeError);
    expect(() => addBusinessTime(0, MIN, calendar('cn-business-9-18', 'Mars/Olympus'))).toThrow(/IANA/);
    const overnight: BusinessCalendar = {
      zone: SH,
      holidays: null,
      hours: { kind: 'windows', days: [1], windows: [{ from: '18:00', to: '09:00' }], workingDaysOnly: false },
    };
    expect(() => addBusinessTime(0, MIN, overnight)).toThrow(/must end after/);
    const badClock: BusinessCalendar = {
      zone: SH,
      holidays: null,
      hours: { kind: 'windows', days: [1], windows: [{ from: '9:00', to: '24:30' }], workingDaysOnly: false },
    };
    expect(() => addBusinessTime(0, MIN, badClock)).toThrow(/HH:MM/);
    const allOff = new Map<string, HolidayKind>();
    for (let d = 0; d < 4000; d++) allOff.set(addCalendarDays('2026-01-01', d), 'holiday');
    const never: BusinessCalendar = {
      zone: SH,
      hours: HOURS.business_hours,
      holidays: { country: 'XX', days: allOff, years: new Set([2026]) },
    };
    expect(() => addBusinessTime(at('2026-01-01T00:00+08:00'), MIN, never)).toThrow(/no service hours/);
  });

  it('accepts a catalog serviceHours entry as parsed by the catalog schema', () => {
    const hours = ZServiceHours.parse({
      kind: 'windows',
      names: { 'zh-CN': '5×8（工作日）', 'en-US': '5x8 (working days)' },
      days: [1, 2, 3, 4, 5],
      windows: [
        { from: '09:00', to: '12:00' },
        { from: '13:00', to: '17:00' },
      ],
      workingDaysOnly: true,
      placeholder: true,
    });
    const cal: BusinessCalendar = { hours, zone: SH, holidays: CN_HOLIDAYS };
    // A lunch break: 11:30 + 1 h = 11:30–12:00 + 13:00–13:30.
    expect(local(addBusinessTime(at('2026-03-09T11:30+08:00'), 60 * MIN, cal), SH)).toBe('2026-03-09T13:30+08:00');
  });
});

describe('addBusinessTime: a target used up at a close is due at the next opening (R-TKT-3)', () => {
  const windows = (
    pairs: readonly (readonly [string, string])[],
    opts: { days?: number[]; workingDaysOnly?: boolean; zone?: string; holidays?: BusinessCalendar['holidays'] } = {},
  ): BusinessCalendar => ({
    zone: opts.zone ?? SH,
    holidays: opts.holidays === undefined ? CN_HOLIDAYS : opts.holidays,
    hours: {
      kind: 'windows',
      days: opts.days ?? [1, 2, 3, 4, 5],
      windows: pairs.map(([from, to]) => ({ from, to })),
      workingDaysOnly: opts.workingDaysOnly ?? true,
    },
  });
  const lunch = windows([
    ['09:00', '12:00'],
    ['13:30', '18:00'],
  ]);
  const toMidnight = windows([['09:00', '24:00']]);
  const weekdaysAllDay = windows([['00:00', '24:00']], { zone: 'UTC', holidays: null });
  const biz = windows([['11:00', '12:00']], { days: [7], zone: 'Africa/Abidjan', holidays: null });

  it.each([
    [
      'lunch pair: used up at the 12:00 break → 13:30 the same day',
      lunch,
      '2026-03-09T11:00+08:00',
      60,
      '2026-03-09T13:30+08:00',
    ],
    [
      'lunch pair: one minute short of the break stays before it',
      lunch,
      '2026-03-09T11:00+08:00',
      59,
      '2026-03-09T11:59+08:00',
    ],
    [
      'lunch pair: one minute past the break runs on after it',
      lunch,
      '2026-03-09T11:00+08:00',
      61,
      '2026-03-09T13:31+08:00',
    ],
    [
      'lunch pair: opened during the break, counting from 13:30',
      lunch,
      '2026-03-09T12:15+08:00',
      30,
      '2026-03-09T14:00+08:00',
    ],
    [
      'lunch pair: used up at the Friday 18:00 close → Monday 09:00',
      lunch,
      '2026-03-06T13:30+08:00',
      270,
      '2026-03-09T09:00+08:00',
    ],
    [
      'lunch pair: a whole day (7.5 h) from 09:00 → the next morning 09:00',
      lunch,
      '2026-03-09T09:00+08:00',
      450,
      '2026-03-10T09:00+08:00',
    ],
    [
      '09:00–24:00: used up at 24:00 on a Friday → Monday 09:00',
      toMidnight,
      '2026-03-06T23:00+08:00',
      60,
      '2026-03-09T09:00+08:00',
    ],
    [
      '09:00–24:00: used up at 24:00 before National Day 2025 → Thursday 10-09 09:00',
      toMidnight,
      '2025-09-30T23:00+08:00',
      60,
      '2025-10-09T09:00+08:00',
    ],
    [
      '09:00–24:00: used up at 24:00 before a 调休 working Sunday (2025-09-28) → Sunday 09:00',
      toMidnight,
      '2025-09-26T23:00+08:00',
      60,
      '2025-09-28T09:00+08:00',
    ],
    [
      '00:00–24:00 Mon–Fri: used up at Tuesday 24:00 runs on at Wednesday 00:00',
      weekdaysAllDay,
      '2019-01-15T00:00Z',
      24 * 60,
      '2019-01-16T00:00Z',
    ],
    // zendesk/biz 1.8.2 (#138/#139): 24 h after Friday 00:00 on Mon–Fri 00:00–24:00 is Monday 00:00, not Saturday.
    [
      'biz #138: 24 h after Friday 00:00 on Mon–Fri 00:00–24:00 → Monday 00:00',
      weekdaysAllDay,
      '2019-01-11T00:00Z',
      24 * 60,
      '2019-01-14T00:00Z',
    ],
    // biz spec/biz_spec.rb after 1.8.2: Sundays 11:00–12:00, 2 h after 2006-01-01 → 2006-01-15 11:00 (was 01-08 12:00).
    [
      'biz spec: Sundays 11–12, 2 h after Sunday 2006-01-01 00:00 → 2006-01-15 11:00',
      biz,
      '2006-01-01T00:00Z',
      120,
      '2006-01-15T11:00Z',
    ],
  ] as const)('%s', (_name, cal, start, minutes, due) => {
    const got = addBusinessTime(at(start), minutes * MIN, cal);
    expect(got).toBe(at(due));
    expect(businessTimeBetween(at(start), got, cal)).toBe(minutes * MIN);
    expect(isOpenAt(got, cal)).toBe(true);
  });

  it('one second of business time more than a target used up at the close is one second past the opening', () => {
    const cal = calendar('cn-business-9-18', SH);
    expect(addBusinessTime(at('2026-03-06T17:00+08:00'), 60 * MIN + 1000, cal)).toBe(at('2026-03-09T09:00:01+08:00'));
    expect(addBusinessTime(at('2026-03-06T17:00+08:00'), 60 * MIN - 1000, cal)).toBe(at('2026-03-06T17:59:59+08:00'));
  });

  it('agrees with the minute-stepping oracle for every half-hour start of a fortnight on lunch, 24:00 and 调休 calendars', () => {
    const failures: string[] = [];
    const cals = { lunch, toMidnight, cn: calendar('cn-business-9-18', SH) };
    for (const [name, cal] of Object.entries(cals)) {
      // 2025-09-24 … 10-08: a 调休 Sunday, National Day, a 调休 Saturday.
      for (let start = at('2025-09-24T00:00+08:00'); start < at('2025-10-14T00:00+08:00'); start += 30 * MIN) {
        for (const minutes of [1, 30, 60, 90, 270, 450, 540, 900]) {
          const engine = addBusinessTime(start, minutes * MIN, cal);
          const oracle = oracleAddBusinessMinutes(start, minutes, cal);
          if (engine !== oracle)
            failures.push(`${name} ${local(start, SH)} + ${minutes}: ${local(engine, SH)} ≠ ${local(oracle, SH)}`);
        }
      }
    }
    expect(failures.slice(0, 10)).toEqual([]);
  });
});

describe('isOpenAt, nextOpenAt (R-TKT-4 channels offered only in service hours)', () => {
  it.each([
    ['5x8', '2026-03-09T09:00+08:00', true, 'Monday 09:00 (start inclusive)'],
    ['5x8', '2026-03-09T08:59+08:00', false, 'Monday 08:59'],
    ['5x8', '2026-03-09T16:59+08:00', true, 'Monday 16:59'],
    ['5x8', '2026-03-09T17:00+08:00', false, 'Monday 17:00 (end exclusive)'],
    ['5x8', '2026-03-07T10:00+08:00', false, 'a Saturday'],
    ['5x8', '2026-10-01T10:00+08:00', false, 'National Day 2026'],
    ['5x8', '2026-10-10T10:00+08:00', true, 'the 调休 working Saturday 2026-10-10'],
    ['7x8', '2026-03-08T10:00+08:00', true, 'Tianyi IM group on a Sunday'],
    ['7x8', '2026-10-01T10:00+08:00', true, 'Tianyi IM group on National Day'],
    ['7x8', '2026-03-08T17:00+08:00', false, 'Tianyi IM group at 17:00'],
    ['7x24', '2026-02-17T03:00+08:00', true, 'hotline at night on Spring Festival'],
  ] as const)('%s at %s → %s (%s)', (name, instant, open, _why) => {
    expect(isOpenAt(at(instant), calendar(name, SH))).toBe(open);
  });

  it.each([
    ['cn-business-9-18', '2026-03-07T12:00+08:00', '2026-03-09T09:00+08:00'],
    ['cn-business-9-18', '2026-03-06T18:00+08:00', '2026-03-09T09:00+08:00'],
    ['cn-business-9-18', '2026-03-09T12:34+08:00', '2026-03-09T12:34+08:00'],
    ['cn-business-9-18', '2025-09-30T18:00+08:00', '2025-10-09T09:00+08:00'],
    ['7x24', '2026-03-07T12:00+08:00', '2026-03-07T12:00+08:00'],
  ] as const)('%s: next opening after %s is %s', (name, instant, next) => {
    expect(local(nextOpenAt(at(instant), calendar(name, SH)), SH)).toBe(next);
  });
});

describe('businessTimeBetween', () => {
  const cal = calendar('cn-business-9-18', SH);
  it('counts open time only, and 0 for an empty or reversed range', () => {
    expect(businessTimeBetween(at('2026-03-06T17:00+08:00'), at('2026-03-10T11:00+08:00'), cal)).toBe(12 * 60 * MIN);
    expect(businessTimeBetween(at('2026-03-07T00:00+08:00'), at('2026-03-09T00:00+08:00'), cal)).toBe(0);
    expect(businessTimeBetween(at('2026-03-10T11:00+08:00'), at('2026-03-06T17:00+08:00'), cal)).toBe(0);
    expect(businessTimeBetween(at('2025-09-26T00:00+08:00'), at('2025-10-13T00:00+08:00'), cal)).toBe(7 * 9 * 60 * MIN); // 09-26, 09-28 (调休), 09-29, 09-30, 10-09, 10-10, 10-11 (调休)
  });

  it('inverts addBusinessTime for any start and duration (property)', () => {
    const calendars = (['cn-business-9-18', '5x8', '7x8', 'weekends-only-9-18', 'all-day-every-day'] as const).flatMap(
      (n) => ['Asia/Shanghai', 'America/New_York', 'Europe/Paris', 'Asia/Kolkata'].map((z) => calendar(n, z)),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: at('2025-01-01T00:00Z'), max: at('2026-12-31T00:00Z') }),
        fc.integer({ min: 1, max: 30 * 24 * 60 * MIN }),
        fc.constantFrom(...calendars),
        (start, duration, cal) => {
          const due = addBusinessTime(start, duration, cal);
          // The whole duration has run by `due`, and the clock is running at `due`: no earlier instant has both (an
          // earlier open instant would put open time between it and `due`).
          expect(businessTimeBetween(start, due, cal)).toBe(duration);
          expect(isOpenAt(due, cal)).toBe(true);
          // Just before `due` either the clock was still running (1 ms short) or it was closed with the target used.
          expect(businessTimeBetween(start, due - 1, cal)).toBe(isOpenAt(due - 1, cal) ? duration - 1 : duration);
          expect(addBusinessTime(start, duration + 1, cal)).toBeGreaterThan(due);
        },
      ),
      { numRuns: 3000, seed: 20260306 },
    );
  });
});

describe('isWorkingDay and yearsWithoutData (CN 调休 calendar)', () => {
  it.each([
    ['cn-business-9-18', '2025-09-28', true, 'Sunday 2025-09-28 is a make-up working day'],
    ['cn-business-9-18', '2025-10-11', true, 'Saturday 2025-10-11 is a make-up working day'],
    ['cn-business-9-18', '2025-10-08', false, 'Wednesday 2025-10-08 is National Day'],
    ['cn-business-9-18', '2026-02-23', false, 'Monday 2026-02-23 is Spring Festival'],
    ['cn-business-9-18', '2026-02-14', true, 'Saturday 2026-02-14 is a make-up working day'],
    ['cn-business-9-18', '2026-03-07', false, 'a plain Saturday'],
    ['cn-business-9-18', '2026-03-09', true, 'a plain Monday'],
    ['cn-business-9-18', '2027-01-01', true, 'Friday 2027-01-01: no data, a plain weekday'],
    ['weekends-only-9-18', '2025-10-01', true, 'no holiday table: National Day is a Wednesday'],
    ['7x8', '2026-03-07', true, '7x8: Saturday'],
    ['7x8', '2025-10-01', true, '7x8 ignores holidays'],
    ['5x8', '2025-10-11', true, '5x8 follows 调休'],
    ['7x24', '2026-02-17', true, '7x24: always'],
  ] as const)('%s %s → %s (%s)', (name, date, working, _why) => {
    expect(isWorkingDay(date, calendar(name, SH))).toBe(working);
  });

  it.each([
    ['cn-business-9-18', '2026-12-01T00:00+08:00', '2027-01-05T00:00+08:00', [2027]],
    ['cn-business-9-18', '2025-01-01T00:00+08:00', '2026-12-31T23:59+08:00', []],
    ['cn-business-9-18', '2002-12-30T00:00+08:00', '2004-01-05T00:00+08:00', [2002, 2003]],
    ['cn-business-9-18', '2026-12-31T17:00Z', '2026-12-31T17:00Z', [2027]], // already 2027 in Shanghai
    ['weekends-only-9-18', '2027-01-01T00:00+08:00', '2028-01-01T00:00+08:00', []],
    ['7x8', '2027-01-01T00:00+08:00', '2028-01-01T00:00+08:00', []],
    ['7x24', '2027-01-01T00:00+08:00', '2028-01-01T00:00+08:00', []],
  ] as const)('%s from %s to %s misses %j', (name, from, to, missing) => {
    expect(yearsWithoutData(calendar(name, SH), at(from), at(to))).toEqual(missing);
  });

  it('rejects malformed dates', () => {
    expect(() => isWorkingDay('2026-02-30', calendar('5x8', SH))).toThrow(RangeError);
    expect(() => isWorkingDay('2026-3-1', calendar('5x8', SH))).toThrow(RangeError);
  });
});

describe('R-SR-3 lead times', () => {
  const cal = calendar('cn-business-9-18', SH);
  it('R-SR-3 applied 2026-05-11, 14 days ahead → 2026-05-25', () => {
    expect(addCalendarDays('2026-05-11', 14)).toBe('2026-05-25');
    expect(addCalendarDays('2026-12-25', 10)).toBe('2027-01-04');
    expect(addCalendarDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it.each([
    ['applied Monday, 3 working days → Thursday', '2026-03-09', 3, '2026-03-12'],
    ['applied Friday, 3 working days → Wednesday', '2026-03-06', 3, '2026-03-11'],
    ['across National Day 2026, 3 working days → the 调休 Saturday 10-10', '2026-09-30', 3, '2026-10-10'],
    ['partner key-event protection 5 wd across Spring Festival 2026', '2026-02-12', 5, '2026-02-26'],
    ['applied on a holiday, 3 working days', '2025-10-03', 3, '2025-10-11'],
    ['0 working days → the application date', '2026-03-09', 0, '2026-03-09'],
  ] as const)('R-SR-3 %s', (_name, applied, n, start) => {
    expect(earliestStartAfterWorkingDays(applied, n, cal)).toBe(start);
    expect(workingDaysAfter(applied, start, cal)).toBe(n);
  });

  it('counts working days after the application date up to and including the start date', () => {
    expect(workingDaysAfter('2026-03-09', '2026-03-11', cal)).toBe(2);
    expect(workingDaysAfter('2026-09-30', '2026-10-09', cal)).toBe(2);
    expect(workingDaysAfter('2026-03-09', '2026-03-09', cal)).toBe(0);
    expect(workingDaysAfter('2026-03-09', '2026-03-01', cal)).toBe(0);
  });

  it('the application date is the customer-local date', () => {
    expect(localDateAt(at('2026-05-10T17:00Z'), 'Asia/Shanghai')).toBe('2026-05-11');
    expect(localDateAt(at('2026-05-10T17:00Z'), 'America/New_York')).toBe('2026-05-10');
  });
});

describe('localDateTimeAt (R-NTF-1: the acknowledgement names the deadline in the account zone)', () => {
  it('is the local wall time, across offset changes', () => {
    expect(localDateTimeAt(at('2026-05-10T17:05Z'), 'Asia/Shanghai')).toBe('2026-05-11 01:05');
    // New York springs forward at 2026-03-08 07:00Z (02:00 EST → 03:00 EDT).
    expect(localDateTimeAt(at('2026-03-08T06:59Z'), 'America/New_York')).toBe('2026-03-08 01:59');
    expect(localDateTimeAt(at('2026-03-08T07:00Z'), 'America/New_York')).toBe('2026-03-08 03:00');
  });

  it('answers what luxon formats in that zone (oracle, random instants)', () => {
    const zones = ['Asia/Shanghai', 'America/New_York', 'Europe/Berlin', 'Australia/Lord_Howe', 'Asia/Kathmandu'];
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }),
        fc.constantFrom(...zones),
        (ms, zone) => {
          expect(localDateTimeAt(ms, zone)).toBe(DateTime.fromMillis(ms, { zone }).toFormat('yyyy-MM-dd HH:mm'));
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('chinese-days seed', () => {
  const rows = chineseDaysSeed();
  it('has every year of the package, with 调休 days as workday rows', () => {
    expect([...CN_HOLIDAYS.years].sort()).toEqual(Array.from({ length: 2026 - 2004 + 1 }, (_, i) => 2004 + i));
    const kindOf = (date: string): string | undefined => rows.find((r) => r.date === date)?.kind;
    expect(['2025-09-28', '2025-10-11', '2026-02-14', '2026-02-28', '2026-10-10'].map(kindOf)).toEqual(
      Array(5).fill('workday'),
    );
    expect(['2025-10-01', '2025-10-08', '2026-02-15', '2026-02-23'].map(kindOf)).toEqual(Array(4).fill('holiday'));
    expect(rows.find((r) => r.date === '2025-10-11')?.name).toMatch(/国庆节.*National Day/);
    expect(rows.every((r) => r.country === 'CN' && /^\d{4}-\d{2}-\d{2}$/.test(r.date) && r.name.length > 0)).toBe(true);
  });

  it('builds a calendar and refuses a date that is both a holiday and a make-up day', () => {
    expect(CN_HOLIDAYS.days.size).toBe(rows.length);
    expect(() =>
      holidayCalendarFromRows('CN', [
        { country: 'CN', date: '2026-01-01', kind: 'holiday', name: 'a' },
        { country: 'CN', date: '2026-01-01', kind: 'workday', name: 'b' },
      ]),
    ).toThrow(/both/);
    expect(holidayCalendarFromRows('SG', rows, [2026])).toEqual({
      country: 'SG',
      days: new Map(),
      years: new Set([2026]),
    });
  });
});
