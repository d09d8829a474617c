/** R-SUB-4: at most `max` level changes per account in any `windowDays` days (catalog; default 2 in 30). */
export type ChangeLimitResult = { allowed: true } | { allowed: false; nextAllowedAt: Date };

export function checkChangeLimit(
  changeTimes: readonly Date[],
  now: Date,
  rule: { max: number; windowDays: number },
): ChangeLimitResult {
  const windowMs = rule.windowDays * 86_400_000;
  const inWindow = changeTimes
    .filter((t) => t.getTime() > now.getTime() - windowMs && t.getTime() <= now.getTime())
    .map((t) => t.getTime())
    .sort((a, b) => a - b);
  if (inWindow.length < rule.max) return { allowed: true };
  // The window must lose (count − max + 1) changes: the oldest of those leaves it last.
  const leaving = inWindow[inWindow.length - rule.max]!;
  return { allowed: false, nextAllowedAt: new Date(leaving + windowMs) };
}
