/**
 * Civil dates ('YYYY-MM-DD') as day numbers (days since 1970-01-01) so that calendar loops are integer arithmetic.
 * A day number is zone-free: it names a local date, whatever the zone.
 */
export const DAY_MS = 86_400_000;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Day number of a 'YYYY-MM-DD' date; throws RangeError on anything else (including 2026-02-30). */
export function dayNumberOf(isoDate: string): number {
  const m = ISO_DATE.exec(isoDate);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${isoDate}`);
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const dayNumber = ms / DAY_MS;
  if (isoDateOf(dayNumber) !== isoDate) throw new RangeError(`not a calendar date: ${isoDate}`);
  return dayNumber;
}

/** 'YYYY-MM-DD' of a day number (years 0000–9999). */
export function isoDateOf(dayNumber: number): string {
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
}

/** ISO weekday 1 (Monday) … 7 (Sunday) of a day number; day 0 (1970-01-01) was a Thursday. */
export function isoWeekdayOf(dayNumber: number): number {
  return ((((dayNumber + 3) % 7) + 7) % 7) + 1;
}

/** Calendar year of a day number. */
export function yearOf(dayNumber: number): number {
  return new Date(dayNumber * DAY_MS).getUTCFullYear();
}

/** date + n calendar days (n may be negative). R-SR-3: "14 days ahead" of 2026-05-11 is 2026-05-25. */
export function addCalendarDays(isoDate: string, days: number): string {
  if (!Number.isInteger(days)) throw new RangeError(`days must be a whole number, got ${days}`);
  return isoDateOf(dayNumberOf(isoDate) + days);
}

/**
 * The years every date engine of Tierdesk handles (day numbers, holiday tables, year bounds that reach into the next
 * year): dates outside them are refused at the edge as VALIDATION_FAILED (issue 11), never computed with.
 */
export const SUPPORTED_YEARS = { min: 1000, max: 9998 } as const;

/** 'YYYY-MM-DD' naming a real date (2026-04-31 and 2027-02-29 are not) within SUPPORTED_YEARS. */
export function isSupportedDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < SUPPORTED_YEARS.min || y > SUPPORTED_YEARS.max || mo < 1 || mo > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

const ISO_INSTANT = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):(\d{2}))$/;

/**
 * An ISO 8601 date-time with its offset (`Z` or ±hh:mm) naming a real instant: a real date within SUPPORTED_YEARS,
 * hours 00–23, minutes and seconds 00–59, an offset of at most ±18:00. `2026-02-30T00:00:00+08:00` is not one (Date
 * would roll it to March 2).
 */
export function isIsoInstant(value: string): boolean {
  const m = ISO_INSTANT.exec(value);
  if (!m || !isSupportedDate(m[1]!)) return false;
  const [h, min, s] = [Number(m[2]), Number(m[3]), Number(m[4] ?? 0)];
  if (h > 23 || min > 59 || s > 59) return false;
  if (m[6] !== undefined && (Number(m[6]) * 60 + Number(m[7]) > 18 * 60 || Number(m[7]) > 59)) return false;
  return true;
}
