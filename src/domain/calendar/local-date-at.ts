import { isoDateOf } from './civil-date.js';
import { ZoneOffsets } from './zone-offsets.js';

/** The local date 'YYYY-MM-DD' in a zone at an instant: the application date of R-SR-3, an event window's day. */
export function localDateAt(instantMs: number, zone: string): string {
  if (!Number.isFinite(instantMs)) throw new RangeError(`localDateAt needs a finite instant, got ${instantMs}`);
  return isoDateOf(ZoneOffsets.of(zone).localDay(instantMs));
}

/**
 * The local wall time 'YYYY-MM-DD HH:mm' in a zone at an instant (a notice's deadline in the account's zone), from
 * the zone's cached offsets: what luxon's `toFormat('yyyy-MM-dd HH:mm')` in that zone answers, without its per-call
 * offset lookup (issue 17: the acknowledgement of every ticket formats one).
 */
export function localDateTimeAt(instantMs: number, zone: string): string {
  if (!Number.isFinite(instantMs)) throw new RangeError(`localDateTimeAt needs a finite instant, got ${instantMs}`);
  const local = new Date(instantMs + ZoneOffsets.of(zone).offsetMs(instantMs)).toISOString();
  return `${local.slice(0, 10)} ${local.slice(11, 16)}`;
}
