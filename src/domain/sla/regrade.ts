import type { BusinessCalendar } from '../calendar/business-calendar.js';
import { responseDueAt } from './response-due-at.js';

export interface RegradeInput {
  readonly openedAtMs: number;
  readonly newTargetMinutes: number;
  /** The clock of the level for the new severity. */
  readonly calendar: BusinessCalendar;
  readonly respondedAtMs: number | null;
  readonly nowMs: number;
}

export interface RegradeResult {
  readonly responseDueAt: number;
  /** No response yet and the new deadline has already passed: record the breach at the re-grade. */
  readonly breachedNow: boolean;
}

/**
 * R-TKT-3 re-grade: deadline = creation time + the new target on the level's clock (not re-grade time + target).
 * If that is already past with no response, the ticket is breached at the re-grade. A ticket already answered keeps
 * its stopped clock: `breachedNow` is false for it; whether that reply met the new deadline is isBreached().
 */
export function regrade({ openedAtMs, newTargetMinutes, calendar, respondedAtMs, nowMs }: RegradeInput): RegradeResult {
  const dueMs = responseDueAt({ openedAtMs, targetMinutes: newTargetMinutes, calendar });
  return { responseDueAt: dueMs, breachedNow: respondedAtMs === null && nowMs > dueMs };
}
