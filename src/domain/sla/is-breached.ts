/**
 * R-TKT-3: a first public staff reply at or before the deadline is on time; without one, the ticket is breached once
 * the clock passes the deadline (at the deadline itself it is not yet breached).
 */
export function isBreached(dueMs: number, respondedAtMs: number | null, nowMs: number): boolean {
  return respondedAtMs !== null ? respondedAtMs > dueMs : nowMs > dueMs;
}
