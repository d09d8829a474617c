import { describe, expect, it } from 'vitest';
import { businessTimeBetween, type BusinessCalendar } from '../../src/domain/calendar/index.js';
import { isBreached, readResponseClock, regrade, responseDueAt, warningAt } from '../../src/domain/sla/index.js';
import { responseClockReadAt } from '../../src/contexts/tickets/domain/sla-clock.js';
import { calendar, type CalendarName } from '../support/calendar-fixtures.js';
import { at, local } from '../support/instants.js';

const SH = 'Asia/Shanghai';

describe('responseDueAt and warningAt (R-TKT-3)', () => {
  const cases: {
    name: string;
    calendar: CalendarName;
    zone: string;
    opened: string;
    targetMinutes: number;
    due: string;
    warning: string;
  }[] = [
    {
      name: 'R-TKT-3 Huawei developer system impaired opened Friday 17:00 → Tuesday 11:00',
      calendar: 'cn-business-9-18',
      zone: SH,
      opened: '2026-03-06T17:00+08:00',
      targetMinutes: 12 * 60,
      due: '2026-03-10T11:00+08:00',
      warning: '2026-03-09T17:36+08:00',
    },
    {
      name: 'R-TKT-3 Huawei developer system impaired in Europe/Paris (weekends only) → Tuesday 11:00',
      calendar: 'weekends-only-9-18',
      zone: 'Europe/Paris',
      opened: '2026-03-06T17:00+01:00',
      targetMinutes: 12 * 60,
      due: '2026-03-10T11:00+01:00',
      warning: '2026-03-09T17:36+01:00',
    },
    {
      name: 'R-TKT-3 Huawei enterprise core system down → 15 minutes',
      calendar: '7x24',
      zone: SH,
      opened: '2026-03-07T03:00+08:00',
      targetMinutes: 15,
      due: '2026-03-07T03:15+08:00',
      warning: '2026-03-07T03:12+08:00',
    },
    {
      name: 'R-TKT-3 Tianyi light urgent → 10 minutes',
      calendar: '7x24',
      zone: SH,
      opened: '2026-10-01T12:00+08:00',
      targetMinutes: 10,
      due: '2026-10-01T12:10+08:00',
      warning: '2026-10-01T12:08+08:00',
    },
    {
      name: 'R-TKT-3 Huawei basic general (< 24 wh) across the National Day 2025 holiday',
      calendar: 'cn-business-9-18',
      zone: SH,
      opened: '2025-09-30T10:00+08:00',
      targetMinutes: 24 * 60,
      due: '2025-10-10T16:00+08:00',
      warning: '2025-10-10T11:12+08:00',
    },
    {
      name: 'R-TKT-4 API ticket opened Sunday 23:00 starts counting Monday 09:00 → Tuesday 12:00',
      calendar: 'cn-business-9-18',
      zone: SH,
      opened: '2026-03-08T23:00+08:00',
      targetMinutes: 12 * 60,
      due: '2026-03-10T12:00+08:00',
      warning: '2026-03-10T09:36+08:00',
    },
  ];

  it.each(cases)('$name', (c) => {
    const input = { openedAtMs: at(c.opened), targetMinutes: c.targetMinutes, calendar: calendar(c.calendar, c.zone) };
    expect(local(responseDueAt(input), c.zone)).toBe(local(at(c.due), c.zone));
    expect(local(warningAt(input), c.zone)).toBe(local(at(c.warning), c.zone));
  });

  it('refuses a target that is not a whole number of minutes > 0', () => {
    const cal = calendar('7x24', SH);
    expect(() => responseDueAt({ openedAtMs: 0, targetMinutes: 0, calendar: cal })).toThrow(RangeError);
    expect(() => responseDueAt({ openedAtMs: 0, targetMinutes: 1.5, calendar: cal })).toThrow(RangeError);
  });
});

describe('R-TKT-3 a target used up at a close is due at the next opening; the level clock decides the breach', () => {
  /** Weekday windows in Shanghai on the CN holiday table (with its 调休 make-up days). */
  const windows = (
    pairs: readonly (readonly [string, string])[],
    holidays = calendar('cn-business-9-18', SH).holidays,
  ) =>
    ({
      zone: SH,
      holidays,
      hours: {
        kind: 'windows',
        days: [1, 2, 3, 4, 5],
        windows: pairs.map(([from, to]) => ({ from, to })),
        workingDaysOnly: holidays !== null,
      },
    }) satisfies BusinessCalendar;
  const cases: {
    name: string;
    calendar: CalendarName | BusinessCalendar;
    opened: string;
    targetMinutes: number;
    /** The close at which the target is used up. */
    close: string;
    due: string;
  }[] = [
    {
      name: 'ending at 18:00 on a Friday → Monday 09:00',
      calendar: 'cn-business-9-18',
      opened: '2026-03-06T17:00+08:00',
      targetMinutes: 60,
      close: '2026-03-06T18:00+08:00',
      due: '2026-03-09T09:00+08:00',
    },
    {
      name: 'ending at 18:00 before National Day 2026 (10-01…10-07) → Thursday 10-08 09:00',
      calendar: 'cn-business-9-18',
      opened: '2026-09-30T15:00+08:00',
      targetMinutes: 180,
      close: '2026-09-30T18:00+08:00',
      due: '2026-10-08T09:00+08:00',
    },
    {
      name: 'ending at 18:00 before the 调休 working Saturday 2026-10-10 → Saturday 09:00',
      calendar: 'cn-business-9-18',
      opened: '2026-10-09T10:00+08:00',
      targetMinutes: 480,
      close: '2026-10-09T18:00+08:00',
      due: '2026-10-10T09:00+08:00',
    },
    {
      name: '5x8 ending at 17:00 on a Friday → Monday 09:00',
      calendar: '5x8',
      opened: '2026-03-06T13:00+08:00',
      targetMinutes: 240,
      close: '2026-03-06T17:00+08:00',
      due: '2026-03-09T09:00+08:00',
    },
    {
      name: 'lunch break 12:00–13:30 (windows 09:00–12:00, 13:30–18:00): ending at 12:00 → 13:30 the same day',
      calendar: windows([
        ['09:00', '12:00'],
        ['13:30', '18:00'],
      ]),
      opened: '2026-03-09T11:00+08:00',
      targetMinutes: 60,
      close: '2026-03-09T12:00+08:00',
      due: '2026-03-09T13:30+08:00',
    },
    {
      name: 'window 09:00–24:00: ending at 24:00 on a Friday → Monday 09:00',
      calendar: windows([['09:00', '24:00']]),
      opened: '2026-03-06T23:00+08:00',
      targetMinutes: 60,
      close: '2026-03-07T00:00+08:00',
      due: '2026-03-09T09:00+08:00',
    },
    {
      name: 'window 09:00–24:00: ending at 24:00 before the 调休 working Sunday 2025-09-28 → Sunday 09:00',
      calendar: windows([['09:00', '24:00']]),
      opened: '2025-09-26T23:00+08:00',
      targetMinutes: 60,
      close: '2025-09-27T00:00+08:00',
      due: '2025-09-28T09:00+08:00',
    },
    {
      name: 'window 00:00–24:00 Mon–Fri: 24:00 followed by 00:00 is no close → due at that midnight',
      calendar: windows([['00:00', '24:00']], null),
      opened: '2026-03-10T00:00+08:00',
      targetMinutes: 24 * 60,
      close: '2026-03-11T00:00+08:00',
      due: '2026-03-11T00:00+08:00',
    },
  ];

  it.each(cases)(
    '$name; a reply at the close, in the off-hours and at the opening is on time, 1 s later is late',
    (c) => {
      const cal = typeof c.calendar === 'string' ? calendar(c.calendar, SH) : c.calendar;
      const target = { openedAtMs: at(c.opened), targetMinutes: c.targetMinutes, calendar: cal };
      const due = responseDueAt(target);
      expect(local(due, SH)).toBe(local(at(c.due), SH));
      const close = at(c.close);
      expect(businessTimeBetween(target.openedAtMs, close, cal)).toBe(c.targetMinutes * 60_000);
      // At the close, in the off-hours (just after it, that evening, halfway, the last minute and millisecond before
      // the opening) and at the opening: on time.
      const offHours = [close + 60_000, close + 3 * 3_600_000, (close + due) / 2, due - 60_000, due - 1];
      for (const replyMs of [close, ...offHours.filter((ms) => ms > close && ms < due), due]) {
        expect(isBreached(due, replyMs, replyMs + 86_400_000), new Date(replyMs).toISOString()).toBe(false);
        expect(isBreached(due, null, replyMs), new Date(replyMs).toISOString()).toBe(false);
        expect(readResponseClock(target, replyMs).businessMinutesLeft).toBe(0);
      }
      // One second of business time later is late.
      expect(isBreached(due, due + 1000, due + 1000)).toBe(true);
      expect(isBreached(due, null, due + 1000)).toBe(true);
      expect(readResponseClock(target, due + 1000)).toEqual({
        businessMinutesUsed: c.targetMinutes,
        businessMinutesLeft: 0,
      });
    },
  );

  it('the clock reads 0 minutes left from the close until the next opening, which is the deadline', () => {
    const target = {
      openedAtMs: at('2026-03-06T17:00+08:00'),
      targetMinutes: 60,
      calendar: calendar('cn-business-9-18', SH),
    };
    const read = (iso: string) => readResponseClock(target, at(iso));
    expect(read('2026-03-06T17:00+08:00')).toEqual({ businessMinutesUsed: 0, businessMinutesLeft: 60 });
    expect(read('2026-03-06T17:59:30+08:00')).toEqual({ businessMinutesUsed: 59, businessMinutesLeft: 1 });
    expect(read('2026-03-06T18:00+08:00')).toEqual({ businessMinutesUsed: 60, businessMinutesLeft: 0 });
    expect(read('2026-03-08T12:00+08:00')).toEqual({ businessMinutesUsed: 60, businessMinutesLeft: 0 });
    expect(read('2026-03-09T09:00+08:00')).toEqual({ businessMinutesUsed: 60, businessMinutesLeft: 0 });
    expect(read('2026-03-09T09:30+08:00')).toEqual({ businessMinutesUsed: 90, businessMinutesLeft: 0 });
    // Before the opening of a ticket opened outside hours nothing has run.
    const weekend = { ...target, openedAtMs: at('2026-03-07T10:00+08:00') };
    expect(readResponseClock(weekend, at('2026-03-08T10:00+08:00'))).toEqual({
      businessMinutesUsed: 0,
      businessMinutesLeft: 60,
    });
  });

  it('the 80 % warning of a share used up at a close is at the next opening too', () => {
    // 75 min from 17:00: 80 % = 60 min, used up at 18:00 → Monday 09:00; the deadline is Monday 09:15.
    const target = {
      openedAtMs: at('2026-03-06T17:00+08:00'),
      targetMinutes: 75,
      calendar: calendar('cn-business-9-18', SH),
    };
    expect(local(warningAt(target), SH)).toBe('2026-03-09T09:00+08:00');
    expect(local(responseDueAt(target), SH)).toBe('2026-03-09T09:15+08:00');
  });

  it('7x24 is unchanged: Friday 17:00 + 1 h is Friday 18:00', () => {
    const target = { openedAtMs: at('2026-03-06T17:00+08:00'), targetMinutes: 60, calendar: calendar('7x24', SH) };
    expect(local(responseDueAt(target), SH)).toBe('2026-03-06T18:00+08:00');
  });
});

describe('isBreached (R-TKT-3)', () => {
  const due = at('2026-03-10T11:00+08:00');
  it.each([
    ['a reply at the deadline is on time', at('2026-03-10T11:00+08:00'), at('2026-03-11T00:00+08:00'), false],
    ['a reply 1 ms late is breached', due + 1, due + 1, true],
    ['an early reply stops the clock for good', due - 60_000, due + 86_400_000, false],
    ['no reply, at the deadline: not yet', null, due, false],
    ['no reply, once the clock passes the deadline: breached', null, due + 1, true],
  ] as const)('%s', (_name, respondedAt, now, breached) => {
    expect(isBreached(due, respondedAt, now)).toBe(breached);
  });
});

describe('regrade (R-TKT-3: creation time + the new target on the level clock)', () => {
  const cal = calendar('cn-business-9-18', SH);
  const openedAtMs = at('2026-03-06T17:00+08:00');

  it('R-TKT-3 re-grade from < 24 wh to < 12 wh keeps the creation time: due Tuesday 11:00, not yet breached', () => {
    const r = regrade({
      openedAtMs,
      newTargetMinutes: 12 * 60,
      calendar: cal,
      respondedAtMs: null,
      nowMs: at('2026-03-09T10:00+08:00'),
    });
    expect(local(r.responseDueAt, SH)).toBe('2026-03-10T11:00+08:00');
    expect(r.breachedNow).toBe(false);
  });

  it('R-TKT-3 re-grade to 7x24 core down (15 min) long after opening: already past with no response → breached at the re-grade', () => {
    const r = regrade({
      openedAtMs,
      newTargetMinutes: 15,
      calendar: calendar('7x24', SH),
      respondedAtMs: null,
      nowMs: at('2026-03-06T18:00+08:00'),
    });
    expect(local(r.responseDueAt, SH)).toBe('2026-03-06T17:15+08:00');
    expect(r.breachedNow).toBe(true);
  });

  it('a re-grade exactly at the new deadline is not a breach yet', () => {
    const r = regrade({
      openedAtMs,
      newTargetMinutes: 60,
      calendar: cal,
      respondedAtMs: null,
      nowMs: at('2026-03-09T09:00+08:00'),
    });
    expect(r).toEqual({ responseDueAt: at('2026-03-09T09:00+08:00'), breachedNow: false });
  });

  it('R-TKT-3 a re-grade to a target used up at the Friday close, made that evening or at the weekend, is not a breach', () => {
    for (const nowMs of [at('2026-03-06T18:00+08:00'), at('2026-03-07T12:00+08:00'), at('2026-03-09T08:59+08:00')]) {
      const r = regrade({ openedAtMs, newTargetMinutes: 60, calendar: cal, respondedAtMs: null, nowMs });
      expect(r).toEqual({ responseDueAt: at('2026-03-09T09:00+08:00'), breachedNow: false });
    }
    const late = regrade({
      openedAtMs,
      newTargetMinutes: 60,
      calendar: cal,
      respondedAtMs: null,
      nowMs: at('2026-03-09T09:00:01+08:00'),
    });
    expect(late.breachedNow).toBe(true);
  });

  it('an answered ticket is never breached by the re-grade itself (its clock stopped at the reply)', () => {
    const r = regrade({
      openedAtMs,
      newTargetMinutes: 15,
      calendar: calendar('7x24', SH),
      respondedAtMs: at('2026-03-06T17:20+08:00'),
      nowMs: at('2026-03-06T18:00+08:00'),
    });
    expect(r.breachedNow).toBe(false);
    expect(isBreached(r.responseDueAt, at('2026-03-06T17:20+08:00'), at('2026-03-06T18:00+08:00'))).toBe(true);
  });
});

describe('responseClockReadAt (R-TKT-3: when a ticket’s response clock is read)', () => {
  const now = new Date('2026-03-09T10:00:00+08:00');
  const replied = new Date('2026-03-06T17:30:00+08:00');
  const resolved = new Date('2026-03-06T17:40:00+08:00');
  const closed = new Date('2026-03-06T17:50:00+08:00');
  it.each([
    [
      'the first public staff reply stops it',
      { status: 'resolved', respondedAt: replied, resolvedAt: resolved },
      replied,
    ],
    ['an unanswered active ticket runs until now', { status: 'waiting_for_customer' }, now],
    [
      'an unanswered ticket resolved stopped at the resolution',
      { status: 'closed', resolvedAt: resolved, closedAt: closed },
      resolved,
    ],
    ['an unanswered ticket closed unresolved stopped at the close', { status: 'closed', closedAt: closed }, closed],
  ] as const)('%s', (_name, t, expected) => {
    expect(responseClockReadAt({ respondedAt: null, resolvedAt: null, closedAt: null, ...t }, now)).toEqual(expected);
  });
});
