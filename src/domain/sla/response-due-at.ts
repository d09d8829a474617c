import { addBusinessTime } from '../calendar/add-business-time.js';
import type { BusinessCalendar } from '../calendar/business-calendar.js';

export interface ResponseTarget {
  readonly openedAtMs: number;
  /** The level's target for the severity (Appendix A), whole minutes > 0. */
  readonly targetMinutes: number;
  /** The level's clock: 7x24, or business hours in the customer's zone with the region's holidays. */
  readonly calendar: BusinessCalendar;
}

export const MINUTE_MS = 60_000;

export function targetMs(targetMinutes: number): number {
  if (!Number.isInteger(targetMinutes) || targetMinutes <= 0) {
    throw new RangeError(`a response target is a whole number of minutes > 0, got ${targetMinutes}`);
  }
  return targetMinutes * MINUTE_MS;
}

/**
 * R-TKT-3: the response deadline — the first instant at which the level's clock has run the whole target *and* the
 * clock is running. On a business-hours clock a ticket opened outside hours starts counting at the next opening
 * (R-TKT-4), and a target used up exactly at a close is due at the next opening (Friday 17:00 + 1 h on 09–18 is
 * Monday 09:00): no time passes on the clock in between, so nothing can be late then. 7x24 is plain elapsed time.
 * The 80 % warning (warningAt), re-grades, the stored deadline the sweep and the queue read, and every view and
 * notice use this one rule (addBusinessTime).
 */
export function responseDueAt({ openedAtMs, targetMinutes, calendar }: ResponseTarget): number {
  return addBusinessTime(openedAtMs, targetMs(targetMinutes), calendar);
}
