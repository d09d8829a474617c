/** Readable instants for table-driven calendar tests: '2026-03-06T17:00+08:00' ⇄ epoch ms. */
import { DateTime } from 'luxon';

export function at(isoWithOffset: string): number {
  const dt = DateTime.fromISO(isoWithOffset, { setZone: true });
  if (!dt.isValid || !/[+-]\d{2}:\d{2}$|Z$/.test(isoWithOffset))
    throw new Error(`test instant needs an explicit offset: ${isoWithOffset}`);
  return dt.toMillis();
}

/** An instant as local ISO with offset in a zone, minutes precision: '2026-03-10T11:00+08:00'. */
export function local(ms: number, zone: string): string {
  return DateTime.fromMillis(ms, { zone }).toFormat("yyyy-MM-dd'T'HH:mmZZ");
}
