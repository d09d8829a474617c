import { MAX_CLOSED_DAYS } from './add-business-time.js';
import type { BusinessCalendar } from './business-calendar.js';
import { compileCalendar } from './compiled-calendar.js';

/** The first open instant at or after `instantMs` (itself when open). R-TKT-4: where a business clock starts. */
export function nextOpenAt(instantMs: number, cal: BusinessCalendar): number {
  if (!Number.isFinite(instantMs)) throw new RangeError(`nextOpenAt needs a finite instant, got ${instantMs}`);
  const c = compileCalendar(cal);
  if (c.isAlways) return instantMs;
  const firstDay = c.zone.localDay(instantMs);
  for (let day = firstDay; day <= firstDay + MAX_CLOSED_DAYS; day++) {
    const iv = c.intervals(day);
    for (let i = 0; i < iv.length; i += 2) {
      if (iv[i + 1]! > instantMs) return Math.max(iv[i]!, instantMs);
    }
  }
  throw new RangeError(`calendar ${cal.zone} has no service hours for ${MAX_CLOSED_DAYS} days`);
}
