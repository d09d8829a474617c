/**
 * R-SUB-8 proration and validity, R-SUB-4 change limits: pure functions, table-tested from SPEC and the seeds,
 * and checked against the independent date oracle of test/support/quote-oracle.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addTerm, daysBetween, prorate, remainingOf, termMonths } from '../../src/domain/proration/proration.js';
import { checkChangeLimit } from '../../src/contexts/subscriptions/domain/change-limit.js';
import { localDate, termDates, validToOf } from '../../src/contexts/subscriptions/domain/validity.js';
import { addMonths, dayNumber, formatYmd, Fraction } from '../support/quote-oracle.js';

const SHANGHAI = 'Asia/Shanghai';
const DAY = 86_400_000;

describe('R-SUB-8 validity: S and E are provider-zone dates; the end instant follows the catalog rule', () => {
  it.each([
    {
      name: 'R-SUB-8 seed 001 Huawei end_of_day: 2019/12/09 11:41:23 + 1 month → 2020/01/09 23:59:59',
      from: '2019-12-09T11:41:23+08:00',
      term: { unit: 'month', count: 1 } as const,
      rule: 'end_of_day' as const,
      zone: SHANGHAI,
      start: '2019-12-09',
      end: '2020-01-09',
      validTo: '2020-01-09T23:59:59+08:00',
    },
    {
      name: 'R-SUB-8 seed 004 Tianyi same_time_of_day: 2023-12-07 11:08:36 + 1 year → 2024-12-07 11:08:36',
      from: '2023-12-07T11:08:36+08:00',
      term: { unit: 'year', count: 1 } as const,
      rule: 'same_time_of_day' as const,
      zone: SHANGHAI,
      start: '2023-12-07',
      end: '2024-12-07',
      validTo: '2024-12-07T11:08:36+08:00',
    },
    {
      name: 'R-SUB-8 the provider-zone date, not the UTC date: 2026-01-31 17:30Z is 2026-02-01 in Shanghai',
      from: '2026-01-31T17:30:00Z',
      term: { unit: 'month', count: 1 } as const,
      rule: 'end_of_day' as const,
      zone: SHANGHAI,
      start: '2026-02-01',
      end: '2026-03-01',
      validTo: '2026-03-01T23:59:59+08:00',
    },
    {
      name: 'R-SUB-8 month-end clamping: bought 2026-01-31 for 1 month ends 2026-02-28',
      from: '2026-01-31T09:00:00+08:00',
      term: { unit: 'month', count: 1 } as const,
      rule: 'end_of_day' as const,
      zone: SHANGHAI,
      start: '2026-01-31',
      end: '2026-02-28',
      validTo: '2026-02-28T23:59:59+08:00',
    },
    {
      name: 'R-SUB-8 month-end clamping in a leap year: 2024-01-31 + 1 month = 2024-02-29 (same time of day)',
      from: '2024-01-31T22:15:00+08:00',
      term: { unit: 'month', count: 1 } as const,
      rule: 'same_time_of_day' as const,
      zone: SHANGHAI,
      start: '2024-01-31',
      end: '2024-02-29',
      validTo: '2024-02-29T22:15:00+08:00',
    },
    {
      name: 'R-SUB-8 leap day + 1 year = 2025-02-28',
      from: '2024-02-29T10:00:00+08:00',
      term: { unit: 'year', count: 1 } as const,
      rule: 'same_time_of_day' as const,
      zone: SHANGHAI,
      start: '2024-02-29',
      end: '2025-02-28',
      validTo: '2025-02-28T10:00:00+08:00',
    },
    {
      name: 'R-SUB-8 same_time_of_day keeps the local time across a DST change (catalog zone America/New_York)',
      from: '2026-01-10T10:00:00-05:00',
      term: { unit: 'month', count: 3 } as const,
      rule: 'same_time_of_day' as const,
      zone: 'America/New_York',
      start: '2026-01-10',
      end: '2026-04-10',
      validTo: '2026-04-10T10:00:00-04:00',
    },
  ])('$name', ({ from, term, rule, zone, start, end, validTo }) => {
    const validFrom = new Date(from);
    const startDate = localDate(validFrom, zone);
    expect(startDate).toBe(start);
    const dates = termDates(startDate, term);
    expect(dates).toEqual({ startDate: start, endDate: end });
    expect(validToOf(dates.endDate, rule, validFrom, zone).getTime()).toBe(new Date(validTo).getTime());
  });
});

describe('R-SUB-8 E = S + term with month ends clamped', () => {
  it.each([
    ['2026-01-31', { unit: 'month', count: 1 }, '2026-02-28'],
    ['2026-03-31', { unit: 'month', count: 6 }, '2026-09-30'],
    ['2026-08-31', { unit: 'month', count: 1 }, '2026-09-30'],
    ['2026-12-15', { unit: 'month', count: 1 }, '2027-01-15'],
    ['2026-05-31', { unit: 'month', count: 9 }, '2027-02-28'],
    ['2027-05-31', { unit: 'month', count: 9 }, '2028-02-29'],
    ['2026-01-01', { unit: 'year', count: 3 }, '2029-01-01'],
  ] as const)('R-SUB-8 %s + %j = %s', (s, term, e) => {
    expect(addTerm(s, term)).toBe(e);
  });

  it('R-SUB-8 addTerm agrees with the hand-written calendar on random dates and terms', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2000, max: 2060 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 31 }),
        fc.constantFrom('month' as const, 'year' as const),
        fc.integer({ min: 1, max: 36 }),
        (y, m, d, unit, count) => {
          const day = Math.min(d, new Date(Date.UTC(y, m, 0)).getUTCDate());
          const s = formatYmd({ y, m, d: day });
          const term = { unit, count };
          expect(addTerm(s, term)).toBe(addMonths(s, unit === 'month' ? count : count * 12));
          expect(termMonths(term)).toBe(unit === 'month' ? count : count * 12);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('R-SUB-8 R and T: the action day counts as remaining', () => {
  it.each([
    {
      name: 'R-SUB-8 action on the purchase day: R = T',
      s: '2026-01-01',
      e: '2027-01-01',
      d: '2026-01-01',
      R: 365,
      T: 365,
    },
    {
      name: 'R-SUB-8 action on the last day before E: R = 1',
      s: '2026-01-01',
      e: '2027-01-01',
      d: '2026-12-31',
      R: 1,
      T: 365,
    },
    { name: 'R-SUB-8 action on E: nothing remains', s: '2026-01-01', e: '2027-01-01', d: '2027-01-01', R: 0, T: 365 },
    { name: 'R-SUB-8 a leap-year term has T = 366', s: '2028-01-01', e: '2029-01-01', d: '2028-03-01', R: 306, T: 366 },
    {
      name: 'R-SUB-8 seed 001 one month 2019-12-09 → 2020-01-09: T = 31',
      s: '2019-12-09',
      e: '2020-01-09',
      d: '2019-12-10',
      R: 30,
      T: 31,
    },
    {
      name: 'R-SUB-8 a term not yet started is wholly remaining',
      s: '2027-01-01',
      e: '2028-01-01',
      d: '2026-06-01',
      R: 365,
      T: 365,
    },
  ])('$name', ({ s, e, d, R, T }) => {
    expect(remainingOf(s, e, d)).toEqual({ remainingDays: R, totalDays: T });
  });

  it('R-SUB-8 daysBetween agrees with brute-force day counting', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 * 366 }), fc.integer({ min: 0, max: 4000 }), (a, span) => {
        const from = new Date(Date.UTC(2000, 0, 1) + a * DAY).toISOString().slice(0, 10);
        const to = new Date(Date.UTC(2000, 0, 1) + (a + span) * DAY).toISOString().slice(0, 10);
        expect(daysBetween(from, to)).toBe(dayNumber(to) - dayNumber(from));
      }),
      { numRuns: 1000 },
    );
  });

  it('R-SUB-8 an empty term is refused', () => {
    expect(() => remainingOf('2026-01-01', '2026-01-01', '2026-01-01')).toThrow(RangeError);
  });
});

describe('R-SUB-8 value for the rest of a term = amount × R ÷ T, rounded half-up once', () => {
  it.each([
    { name: 'R-SUB-8 same-day: the whole amount', amount: 9000n, R: 31, T: 31, expected: 9000n },
    { name: 'R-SUB-8 exact half rounds up: 1 × 1/2 minor unit', amount: 1n, R: 1, T: 2, expected: 1n },
    { name: 'R-SUB-8 below half rounds down: 1 × 1/3', amount: 1n, R: 1, T: 3, expected: 0n },
    { name: 'R-SUB-8 312.00 × 265/365 = 226.52 (226.5205…)', amount: 31200n, R: 265, T: 365, expected: 22652n },
    { name: 'R-SUB-8 108.00 × 73/146 = 54.00', amount: 10800n, R: 73, T: 146, expected: 5400n },
  ])('$name', ({ amount, R, T, expected }) => {
    expect(prorate(amount, { remainingDays: R, totalDays: T })).toBe(expected);
    expect(new Fraction(amount * BigInt(R), BigInt(T)).roundHalfUp()).toBe(expected);
  });

  it('R-SUB-8 prorate agrees with exact fractions rounded half-up', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.integer({ min: 1, max: 1200 }),
        fc.integer({ min: 0, max: 1200 }),
        (amount, T, r) => {
          const R = Math.min(r, T);
          expect(prorate(amount, { remainingDays: R, totalDays: T })).toBe(
            new Fraction(amount * BigInt(R), BigInt(T)).roundHalfUp(),
          );
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('R-SUB-4 level-change limit (default 2 in any 30 days) and nextAllowedAt', () => {
  const rule = { max: 2, windowDays: 30 };
  const now = new Date('2026-06-15T12:00:00Z');
  const ago = (days: number) => new Date(now.getTime() - days * DAY);

  it.each([
    { name: 'R-SUB-4 no change yet: allowed', changes: [], allowed: true },
    { name: 'R-SUB-4 one change in the window: allowed', changes: [ago(10)], allowed: true },
    {
      name: 'R-SUB-4 two changes in the window: the third waits until the older leaves it',
      changes: [ago(20), ago(10)],
      next: new Date(ago(20).getTime() + 30 * DAY),
    },
    {
      name: 'R-SUB-4 the order of the list does not matter',
      changes: [ago(1), ago(29)],
      next: new Date(ago(29).getTime() + 30 * DAY),
    },
    { name: 'R-SUB-4 a change 31 days ago no longer counts', changes: [ago(31), ago(10)], allowed: true },
    {
      name: 'R-SUB-4 a change exactly 30 days ago has just left the window',
      changes: [ago(30), ago(10)],
      allowed: true,
    },
    {
      name: 'R-SUB-4 three changes (seeded data): allowed once two have left',
      changes: [ago(25), ago(20), ago(5)],
      next: new Date(ago(20).getTime() + 30 * DAY),
    },
  ])('$name', ({ changes, allowed, next }) => {
    const r = checkChangeLimit(changes, now, rule);
    if (allowed) expect(r).toEqual({ allowed: true });
    else expect(r).toEqual({ allowed: false, nextAllowedAt: next });
  });

  it('R-SUB-4 nextAllowedAt is the first instant the brute-force window count drops below the limit', () => {
    const windowMs = (w: number) => w * DAY;
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 90 * 24 * 60 }), { maxLength: 6 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 45 }),
        (minutesAgo, max, windowDays) => {
          const changes = minutesAgo.map((m) => new Date(now.getTime() - m * 60_000));
          const countAt = (t: number) =>
            changes.filter((c) => c.getTime() > t - windowMs(windowDays) && c.getTime() <= t).length;
          const r = checkChangeLimit(changes, now, { max, windowDays });
          if (countAt(now.getTime()) < max) {
            expect(r.allowed).toBe(true);
            return;
          }
          expect(r.allowed).toBe(false);
          // Brute force: the count only drops when a change leaves the window, at change + window.
          const candidates = changes
            .map((c) => c.getTime() + windowMs(windowDays))
            .filter((t) => t >= now.getTime())
            .sort((a, b) => a - b);
          const first = candidates.find((t) => countAt(t) < max);
          expect(r.allowed ? null : r.nextAllowedAt.getTime()).toBe(first);
          // And one millisecond earlier it is still refused.
          expect(countAt(first! - 1)).toBeGreaterThanOrEqual(max);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
