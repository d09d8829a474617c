import type { BusinessCalendar } from './business-calendar.js';
import { compileCalendar } from './compiled-calendar.js';

/**
 * Is the calendar open at this instant? Windows are [from, to): open at 09:00, closed at 18:00.
 * R-TKT-4: a channel offered only in service hours (an IM group on 5x8 or 7x8, a TAM) refuses outside them.
 */
export function isOpenAt(instantMs: number, cal: BusinessCalendar): boolean {
  if (!Number.isFinite(instantMs)) throw new RangeError(`isOpenAt needs a finite instant, got ${instantMs}`);
  const c = compileCalendar(cal);
  if (c.isAlways) return true;
  const iv = c.intervals(c.zone.localDay(instantMs));
  for (let i = 0; i < iv.length; i += 2) {
    if (iv[i]! <= instantMs && instantMs < iv[i + 1]!) return true;
  }
  return false;
}
