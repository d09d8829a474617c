import type { BusinessCalendar } from './business-calendar.js';
import { compileCalendar } from './compiled-calendar.js';

/** A calendar with no open time for this many consecutive dates is a configuration error, not a loop. */
export const MAX_CLOSED_DAYS = 3_660;

/**
 * The first instant at which `durationMs` of open time has elapsed from `startMs` *and* the calendar is open
 * (R-TKT-3, R-TKT-4): the level's clock decides, and no time passes on it between a window's close and the next
 * opening. Outside service hours counting starts at the next opening; a duration used up exactly at a window's end
 * is due at the next opening (Friday 17:00 + 1 h on 09–18 is Monday 09:00, the same instant on the clock as Friday
 * 18:00), skipping weekends and holidays and taking make-up days (调休) as the calendar says; a 24:00 end followed by
 * an open 00:00 is that midnight. zendesk/biz 1.8.2 answers the same (biz issue 138). A zero duration gives
 * nextOpenAt(start). Inverse of businessTimeBetween: businessTimeBetween(s, addBusinessTime(s, d)) = d.
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
      // Strictly inside the window: the clock is running there. Used up exactly at `end` (the window's end is not
      // open), the rest is 0 and the next window's opening is the answer.
      if (openMs > remainingMs) return from + remainingMs;
      remainingMs -= openMs;
    }
    closedDays = iv.length === 0 ? closedDays + 1 : 0;
    if (closedDays > MAX_CLOSED_DAYS)
      throw new RangeError(`calendar ${cal.zone} has no service hours for ${MAX_CLOSED_DAYS} days`);
  }
}
