import { isoDateOf } from './civil-date.js';
import { ZoneOffsets } from './zone-offsets.js';

/** The local date 'YYYY-MM-DD' in a zone at an instant: the application date of R-SR-3, an event window's day. */
export function localDateAt(instantMs: number, zone: string): string {
  if (!Number.isFinite(instantMs)) throw new RangeError(`localDateAt needs a finite instant, got ${instantMs}`);
  return isoDateOf(ZoneOffsets.of(zone).localDay(instantMs));
}
