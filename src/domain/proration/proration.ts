/**
 * R-SUB-8: one pure proration rule for every catalog.
 * S = validFrom date, E = S + term (dates in the provider's time zone), T = E − S days,
 * R = E − D for an action on date D (the action day counts as remaining).
 * Value for the rest of a term = amount × R ÷ T, exact, rounded half-up once per money line.
 */
import { DateTime } from 'luxon';
import { mulDivHalfUp } from '../money/money.js';

export type TermUnit = 'month' | 'year';
export interface Term {
  readonly unit: TermUnit;
  readonly count: number;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function date(iso: string): DateTime {
  if (!ISO_DATE.test(iso)) throw new RangeError(`not a YYYY-MM-DD date: ${iso}`);
  const d = DateTime.fromISO(iso, { zone: 'UTC' });
  if (!d.isValid) throw new RangeError(`not a calendar date: ${iso}`);
  return d;
}

/** E = S + term; month ends clamp as calendars do (2026-01-31 + 1 month = 2026-02-28). */
export function addTerm(startDate: string, term: Term): string {
  const plus = term.unit === 'month' ? { months: term.count } : { years: term.count };
  return date(startDate).plus(plus).toISODate()!;
}

export function addDays(isoDate: string, days: number): string {
  return date(isoDate).plus({ days }).toISODate()!;
}

/** Whole days from a to b (b − a), both YYYY-MM-DD. */
export function daysBetween(a: string, b: string): number {
  return Math.round(date(b).diff(date(a), 'days').days);
}

export interface Remaining {
  /** T = E − S */
  readonly totalDays: number;
  /** R = E − D, clamped to [0, T]: a term not yet started is wholly remaining, an ended one has nothing left. */
  readonly remainingDays: number;
}

export function remainingOf(startDate: string, endDate: string, actionDate: string): Remaining {
  const totalDays = daysBetween(startDate, endDate);
  if (totalDays <= 0) throw new RangeError(`empty term ${startDate}..${endDate}`);
  const raw = daysBetween(actionDate, endDate);
  return { totalDays, remainingDays: Math.max(0, Math.min(totalDays, raw)) };
}

/** amount × R ÷ T in minor units, half-up once. */
export function prorate(amountMinor: bigint, remaining: Remaining): bigint {
  return mulDivHalfUp(amountMinor, BigInt(remaining.remainingDays), BigInt(remaining.totalDays));
}

/** Months a term covers: the unit a monthly price is multiplied by. */
export function termMonths(term: Term): number {
  return term.unit === 'month' ? term.count : term.count * 12;
}
