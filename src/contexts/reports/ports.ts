/**
 * What the reports context (R-RPT) needs from other contexts, given by the composition root (app/reports-ports.ts):
 * accounts with their effective level, the holiday tables, and each context's reads of one account's month —
 * tickets, delivered service requests, the advisor's inventory, findings and metrics, usage — and the mail effect.
 * Every read is of one account only (R-RPT-2: built from that account's data); the batch reads (`accounts`,
 * `levelsAt`, `ticketsOf`, …) answer the same per account for many at once (each account's own rows, keyed by it).
 */
import type { Db } from '../../platform/db.js';
import type { Deps } from '../../platform/deps.js';
import type { Principal } from '../../platform/http/principal.js';
import type { OutboxEffect } from '../../platform/outbox.js';
import type { HolidayCalendar } from '../../domain/calendar/index.js';
import type { AdvisorReports } from '../advisor/index.js';
import type { MonthlyUsage } from '../billing/index.js';
import type { ReportTicket } from '../tickets/index.js';
import type { OutgoingMail } from '../notifications/index.js';

export interface ReportAccount {
  readonly id: string;
  readonly tenantId: string;
  readonly name: string;
  readonly email: string;
  /** The addresses the customer asked reports to go to (requested_addresses), possibly none. */
  readonly reportEmails: readonly string[];
  readonly region: string;
  readonly timeZone: string;
  readonly locale: string;
  readonly createdAt: Date;
}

export interface ReportLevel {
  /** null without a plan. */
  readonly levelId: string | null;
  /** The level's features minus the region's exclusions. */
  readonly features: readonly string[];
}

export interface DeliveredRequest {
  readonly number: string;
  readonly service: string;
  readonly completedAt: Date | null;
}

export interface ReportsPorts {
  /** The account as the caller sees it (NOT_FOUND when invisible: another tenant's, or no such id). */
  visibleAccount(db: Db, principal: Principal, accountId: string): Promise<ReportAccount>;
  /** System lookup (sweeps); null when there is no such account. */
  account(db: Db, accountId: string): Promise<ReportAccount | null>;
  /** The effective level at `at` (R-SUB-1). */
  levelAt(db: Db, accountId: string, at: Date): Promise<ReportLevel>;
  /** System lookup of many (the send step's batches): those that exist, keyed by id. */
  accounts(db: Db, accountIds: readonly string[]): Promise<Map<string, ReportAccount>>;
  /** levelAt of each account (every one asked). */
  levelsAt(db: Db, accountIds: readonly string[], at: Date): Promise<Map<string, ReportLevel>>;
  /** Up to `limit` account ids after `afterId` created before `createdBefore`, in id order. */
  accountIdsAfter(db: Db, afterId: string | null, createdBefore: Date, limit: number): Promise<string[]>;
  /** The holiday table of a country (null: no data). */
  holidays(country: string): HolidayCalendar | null;
  tickets(db: Db, tenantId: string, accountId: string, fromAt: Date, toAt: Date): Promise<ReportTicket[]>;
  deliveredRequests(db: Db, accountId: string, fromAt: Date, toAt: Date): Promise<DeliveredRequest[]>;
  /** tickets of each account (its own tenant's), keyed by account id; every account asked has a list. */
  ticketsOf(
    db: Db,
    accounts: readonly { tenantId: string; accountId: string }[],
    fromAt: Date,
    toAt: Date,
  ): Promise<Map<string, ReportTicket[]>>;
  deliveredRequestsOf(
    db: Db,
    accountIds: readonly string[],
    fromAt: Date,
    toAt: Date,
  ): Promise<Map<string, DeliveredRequest[]>>;
  /** The advisor's reads; null when the advisor module is not there. */
  readonly advisor: AdvisorReports | null;
  usageByMonth(db: Db, accountId: string, months: readonly string[]): Promise<MonthlyUsage>;
  usageByMonthOf(db: Db, accountIds: readonly string[], months: readonly string[]): Promise<Map<string, MonthlyUsage>>;
  /** A composed mail as an outbox effect (notifications' email.send). */
  mail(mail: OutgoingMail): OutboxEffect;
}

export interface ReportsDeps extends Deps {
  readonly ports: ReportsPorts;
}
