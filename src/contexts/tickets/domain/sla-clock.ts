/** When a ticket's response clock is read (R-TKT-3), from plain fields of the ticket. */
import { isActive, type TicketStatus } from './status.js';

export interface ClockStops {
  readonly status: string;
  readonly respondedAt: Date | null;
  readonly resolvedAt: Date | null;
  readonly closedAt: Date | null;
}

/**
 * The instant the response clock is read at: the first public staff reply stops it; an unanswered ticket that was
 * resolved or closed is no longer watched by the sweep, so its clock stopped then; otherwise it runs: now.
 */
export function responseClockReadAt(t: ClockStops, now: Date): Date {
  if (t.respondedAt) return t.respondedAt;
  if (isActive(t.status as TicketStatus)) return now;
  return t.resolvedAt ?? t.closedAt ?? now;
}
