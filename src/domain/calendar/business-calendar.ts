/**
 * The business calendar a response target is measured on (R-TKT-3, R-TKT-4, R-SR-3): service hours as local
 * wall-clock windows, the customer's IANA time zone, and the region's holiday table with make-up working days (调休).
 * Plain data; every function in this folder is pure and takes instants (epoch ms) and dates ('YYYY-MM-DD') as values.
 */

/** 'holiday' = a public holiday (off); 'workday' = a make-up working day (调休), e.g. a working Saturday. */
export type HolidayKind = 'holiday' | 'workday';

export interface HolidayCalendar {
  /** ISO 3166 alpha-2 code of the table, e.g. 'CN'. */
  readonly country: string;
  /** Local dates ('YYYY-MM-DD') that differ from the plain weekday rule. */
  readonly days: ReadonlyMap<string, HolidayKind>;
  /** Years the table has data for; other years fall back to plain weekdays/weekends (see yearsWithoutData). */
  readonly years: ReadonlySet<number>;
}

export interface ServiceWindow {
  /** Local wall-clock time 'HH:MM'. */
  readonly from: string;
  /** Local wall-clock time 'HH:MM', end exclusive; '24:00' is the end of the day. */
  readonly to: string;
}

/**
 * The same shape as a catalog's serviceHours entry (catalog-schema.ts `ZServiceHours`): extra fields such as `names`
 * are accepted and ignored.
 */
export type ServiceHours =
  | { readonly kind: 'always' }
  | {
      readonly kind: 'windows';
      /** ISO weekdays 1 (Monday) … 7 (Sunday) on which the windows apply. */
      readonly days: readonly number[];
      readonly windows: readonly ServiceWindow[];
      /** true: public holidays are off and make-up working days (调休) are on, with a normal weekday's windows. */
      readonly workingDaysOnly: boolean;
    };

export interface BusinessCalendar {
  readonly hours: ServiceHours;
  /** IANA time zone of the customer, e.g. 'Asia/Shanghai'. */
  readonly zone: string;
  /** null = no holiday data for the region: weekends only (R-TKT-3 "says so"). */
  readonly holidays: HolidayCalendar | null;
}
