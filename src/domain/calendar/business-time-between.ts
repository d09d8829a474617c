import type { BusinessCalendar } from './business-calendar.js';
import { compileCalendar } from './compiled-calendar.js';

/**
 * Open time in ms between two instants, [aMs, bMs); 0 when bMs ≤ aMs. Used for the 80 % warning and reports
 * (share of the target used). Inverse of addBusinessTime: businessTimeBetween(s, addBusinessTime(s, d)) = d.
 */
export function businessTimeBetween(aMs: number, bMs: number, cal: BusinessCalendar): number {
  if (!Number.isFinite(aMs) || !Number.isFinite(bMs))
    throw new RangeError(`businessTimeBetween needs finite instants, got ${aMs}, ${bMs}`);
  if (bMs <= aMs) return 0;
  const c = compileCalendar(cal);
  if (c.isAlways) return bMs - aMs;
  let totalMs = 0;
  const lastDay = c.zone.localDay(bMs);
  for (let day = c.zone.localDay(aMs); day <= lastDay; day++) {
    const iv = c.intervals(day);
    for (let i = 0; i < iv.length; i += 2) {
      const from = Math.max(iv[i]!, aMs);
      const to = Math.min(iv[i + 1]!, bMs);
      if (to > from) totalMs += to - from;
    }
  }
  return totalMs;
}
