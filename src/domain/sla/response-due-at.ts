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
 * R-TKT-3: the response deadline = opening + target on the level's clock. On a business-hours clock a ticket opened
 * outside hours starts counting at the next opening (R-TKT-4).
 */
export function responseDueAt({ openedAtMs, targetMinutes, calendar }: ResponseTarget): number {
  return addBusinessTime(openedAtMs, targetMs(targetMinutes), calendar);
}
