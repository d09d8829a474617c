/**
 * What the tickets context needs from others, as small ports wired in the composition root: the holiday-aware
 * business calendars, the notification policy, and SLA adjusters (event protection windows, R-TKT-3).
 */
import type { Db } from '../../platform/db.js';
import type { Deps } from '../../platform/deps.js';
import type { BusinessCalendar } from '../../domain/calendar/index.js';
import type { Catalog } from '../../domain/catalog/catalog.js';
import type { TLevel } from '../../domain/catalog/catalog-schema.js';
import type { Notifier } from '../notifications/index.js';
import type { AccountRow } from '../accounts/index.js';
import type { TargetAdjustment } from './domain/intake.js';

export interface TicketCalendars {
  forRegion(
    catalog: Catalog,
    regionId: string,
    zone: string,
    hoursId: string,
  ): { calendar: BusinessCalendar; holidayCountry: string | null };
  /** The same calendar from a holiday country (a ticket's recorded `holidayCountry`; null: weekends only). */
  forHolidayCountry(catalog: Catalog, holidayCountry: string | null, zone: string, hoursId: string): BusinessCalendar;
  /** Years the range touches that have no holiday data (logged once per country and year). */
  yearsWithoutData(calendar: BusinessCalendar, fromMs: number, toMs: number): number[];
}

/** What an SLA adjuster says about one ticket (domain/intake.ts applies it at intake and at re-grades). */
export type SlaAdjustment = TargetAdjustment;

export type SlaAdjuster = (
  db: Db,
  input: {
    readonly catalog: Catalog;
    readonly account: AccountRow;
    readonly planAccountId: string;
    readonly level: TLevel;
    readonly category: 'technical' | 'non_technical';
    readonly severity: string | null;
    readonly at: Date;
  },
) => Promise<SlaAdjustment | null>;

export interface TicketsDeps extends Deps {
  readonly calendars: TicketCalendars;
  readonly notifier: Notifier;
  readonly adjusters: readonly SlaAdjuster[];
  /** R-NTF-2: a follow-up ticket may name an incident the account was notified of. */
  readonly incidentVisibleTo?: (db: Db, incidentId: string, accountId: string) => Promise<boolean>;
  /** Issue 12 (a TAM's accounts): the accounts' service requests still to come (the service-requests face). */
  readonly upcomingServiceRequests?: (
    db: Db,
    accountIds: readonly string[],
    today: string,
  ) => Promise<
    { id: string; number: string; accountId: string; type: string; status: string; start: string; end: string }[]
  >;
}
