import { businessTimeBetween } from '../calendar/business-time-between.js';
import { MINUTE_MS, targetMs, type ResponseTarget } from './response-due-at.js';

/** What the level's clock says about a response target at one instant (business-hours clocks). */
export interface ResponseClockReading {
  /** Whole minutes the clock has run since the opening (rounded down); may exceed the target once it is used up. */
  readonly businessMinutesUsed: number;
  /** Minutes of the target still to run (rounded up, so 0 means used up); used + left = target until then. */
  readonly businessMinutesLeft: number;
}

/**
 * R-TKT-3: the level's clock read at `atMs` (now, or the instant the clock stopped). With the deadline convention of
 * responseDueAt, a target used up at a close reads 0 left from the close until the next opening, which is the
 * deadline: "due at the next opening, Monday 09:00 (0 business minutes left)".
 */
export function readResponseClock(target: ResponseTarget, atMs: number): ResponseClockReading {
  const totalMs = targetMs(target.targetMinutes);
  const usedMs = businessTimeBetween(target.openedAtMs, atMs, target.calendar);
  return {
    businessMinutesUsed: Math.floor(usedMs / MINUTE_MS),
    businessMinutesLeft: usedMs >= totalMs ? 0 : Math.ceil((totalMs - usedMs) / MINUTE_MS),
  };
}
