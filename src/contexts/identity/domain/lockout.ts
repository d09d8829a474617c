/**
 * Lock-out with back-off after repeated sign-in failures (R-UI-1). Pure: the store keeps the count, this decides.
 * The first FREE_FAILURES failures cost nothing; each further one locks the subject for twice as long as the one
 * before (30 s, 60 s, 120 s, … at most an hour). A subject without a failure for an hour starts again from zero.
 */
export const LOCKOUT = {
  freeFailures: 5,
  baseSeconds: 30,
  maxSeconds: 3600,
  forgetAfterSeconds: 3600,
} as const;

/** Seconds the subject is locked after its `failures`-th failure in a row (0: not locked). */
export function lockSecondsAfter(failures: number): number {
  if (failures < LOCKOUT.freeFailures) return 0;
  const doublings = Math.min(failures - LOCKOUT.freeFailures, 20);
  return Math.min(LOCKOUT.baseSeconds * 2 ** doublings, LOCKOUT.maxSeconds);
}

/** Whole seconds until `lockedUntil` (rounded up), or null when it has passed. */
export function secondsLocked(lockedUntil: Date | null, now: Date): number | null {
  if (!lockedUntil) return null;
  const ms = lockedUntil.getTime() - now.getTime();
  return ms > 0 ? Math.ceil(ms / 1000) : null;
}
