/**
 * What the tickets context needs from others, as small ports wired in the composition root: the holiday-aware
 * business calendars, the notification policy, and SLA adjusters (event protection windows, R-TKT-3).
 */
import type { Db } from '../../platform/db.js';
import type { Deps } from '../../platform/deps.js';
import type { OutboxEffect } from '../../platform/outbox.js';
import type { BusinessCalendar } from '../../domain/calendar/index.js';
import type { Catalog } from '../catalog/domain/catalog.js';
import type { TLevel, TNames } from '../catalog/domain/catalog-schema.js';
import type { AccountRow } from '../accounts/domain/account.js';
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

export interface CustomerNotice {
  readonly account: Pick<AccountRow, 'id' | 'tenantId' | 'email' | 'region' | 'locale'>;
  readonly level: TLevel | null;
  readonly kind: string;
  readonly dedupeKey: string;
  readonly title: TNames;
  readonly body: TNames;
  readonly data: Record<string, unknown>;
  /** `occurredAt`: the event's own time (the body's `timestamp`), when it is not the dispatch time. */
  readonly webhookEvent?: { type: string; payload: Record<string, unknown>; occurredAt?: Date };
  /** Only the ITSM webhook (e.g. the customer's own reply: no message or mail back to them). */
  readonly webhookOnly?: boolean;
}

export interface StaffNotice {
  readonly userIds: string[];
  readonly tenantId: string;
  readonly kind: string;
  readonly dedupeKey: string;
  readonly title: TNames;
  readonly body: TNames;
  readonly data: Record<string, unknown>;
}

export interface TicketNotifier {
  customer(notice: CustomerNotice): OutboxEffect[];
  staff(notice: StaffNotice): OutboxEffect[];
  /** True when a webhook-only notice of `event` to this account would reach nobody (no endpoint subscribed). */
  silent?(db: Db, account: { id: string; tenantId: string }, event: string): Promise<boolean>;
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
  readonly notifier: TicketNotifier;
  readonly adjusters: readonly SlaAdjuster[];
  /** R-NTF-2: a follow-up ticket may name an incident the account was notified of. */
  readonly incidentVisibleTo?: (db: Db, incidentId: string, accountId: string) => Promise<boolean>;
}
