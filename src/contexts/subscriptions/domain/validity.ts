/**
 * R-SUB-8 validity: dates S and E are in the provider's time zone. Huawei-family catalogs end at 23:59:59 of E
 * (seed 001: 2019/12/09 11:41:23 → 2020/01/09 23:59:59); Tianyi at the purchase time of day on E.
 */
import { DateTime } from 'luxon';
import { addTerm, type Term } from '../../../domain/proration/proration.js';

export type ValidityRule = 'end_of_day' | 'same_time_of_day';

/** The provider-zone date of an instant. */
export function localDate(at: Date, zone: string): string {
  return DateTime.fromJSDate(at, { zone }).toISODate()!;
}

/** The instant a term ending on date E stops being valid. */
export function validToOf(endDate: string, rule: ValidityRule, validFrom: Date, zone: string): Date {
  const day = DateTime.fromISO(endDate, { zone });
  if (rule === 'end_of_day') return day.set({ hour: 23, minute: 59, second: 59, millisecond: 0 }).toJSDate();
  const from = DateTime.fromJSDate(validFrom, { zone });
  return day
    .set({ hour: from.hour, minute: from.minute, second: from.second, millisecond: from.millisecond })
    .toJSDate();
}

export interface TermDates {
  readonly startDate: string;
  readonly endDate: string;
}

export function termDates(startDate: string, term: Term): TermDates {
  return { startDate, endDate: addTerm(startDate, term) };
}
