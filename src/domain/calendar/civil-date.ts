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
