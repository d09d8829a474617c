import type { BusinessCalendar } from './business-calendar.js';
import { compileCalendar } from './compiled-calendar.js';

/** A calendar with no open time for this many consecutive dates is a configuration error, not a loop. */
export const MAX_CLOSED_DAYS = 3_660;

/**
 * The instant at which `durationMs` of open time has elapsed from `startMs` (R-TKT-3, R-TKT-4).
 * Outside service hours counting starts at the next opening; a deadline landing exactly on a window's end stays
 * there (Friday 17:00 + 1 h on 09–18 is Friday 18:00, not Monday 09:00). A zero duration gives nextOpenAt(start).
 * Jumps whole windows and dates; each date's windows are computed once per calendar and cached.
 */
export function addBusinessTime(startMs: number, durationMs: number, cal: BusinessCalendar): number {
  if (!Number.isFinite(startMs) || !Number.isFinite(durationMs) || durationMs < 0) {
    throw new RangeError(`addBusinessTime needs a finite start and a duration ≥ 0, got ${startMs} + ${durationMs}`);
  }
  const c = compileCalendar(cal);
  if (c.isAlways) return startMs + durationMs;
  let remainingMs = durationMs;
  let closedDays = 0;
  for (let day = c.zone.localDay(startMs); ; day++) {
    const iv = c.intervals(day);
    for (let i = 0; i < iv.length; i += 2) {
      const end = iv[i + 1]!;
      if (end <= startMs) continue;
      const from = iv[i]! > startMs ? iv[i]! : startMs;
      const openMs = end - from;
      if (openMs >= remainingMs) return from + remainingMs;
      remainingMs -= openMs;
    }
    closedDays = iv.length === 0 ? closedDays + 1 : 0;
    if (closedDays > MAX_CLOSED_DAYS)
      throw new RangeError(`calendar ${cal.zone} has no service hours for ${MAX_CLOSED_DAYS} days`);
  }
}
