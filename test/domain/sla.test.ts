import { describe, expect, it } from 'vitest';
import { isBreached, regrade, responseDueAt, warningAt } from '../../src/domain/sla/index.js';
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
      nowMs: at('2026-03-06T18:00+08:00'),
    });
    expect(r).toEqual({ responseDueAt: at('2026-03-06T18:00+08:00'), breachedNow: false });
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
