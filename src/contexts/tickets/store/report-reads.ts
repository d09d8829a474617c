/**
 * What the monthly service report (R-RPT-2) may know of an account's tickets in a window [fromAt, toAt): every
 * ticket opened before `toAt` that was not closed before `fromAt` (opened in the window, or carried into it).
 */
import { and, asc, eq, gte, isNull, lt, or } from 'drizzle-orm';
import type { Db } from '../../../platform/db.js';
import { tickets } from './tables.js';

export interface ReportTicket {
  readonly number: string;
  readonly subject: string;
  readonly category: string;
  readonly severity: string | null;
  readonly status: string;
  readonly openedAt: Date;
  readonly respondedAt: Date | null;
  readonly responseDueAt: Date;
  readonly breached: boolean;
  readonly resolvedAt: Date | null;
  readonly closedAt: Date | null;
  readonly ratingStars: number | null;
  readonly ratedAt: Date | null;
}

export async function ticketsForReport(
  db: Db,
  tenantId: string,
  accountId: string,
  fromAt: Date,
  toAt: Date,
): Promise<ReportTicket[]> {
  return db
    .select({
      number: tickets.number,
      subject: tickets.subject,
      category: tickets.category,
      severity: tickets.severity,
      status: tickets.status,
      openedAt: tickets.openedAt,
      respondedAt: tickets.respondedAt,
      responseDueAt: tickets.responseDueAt,
      breached: tickets.breached,
      resolvedAt: tickets.resolvedAt,
      closedAt: tickets.closedAt,
      ratingStars: tickets.ratingStars,
      ratedAt: tickets.ratedAt,
    })
    .from(tickets)
    .where(
      and(
        // tenant first: the (tenant_id, account_id, opened_at) index
        eq(tickets.tenantId, tenantId),
        eq(tickets.accountId, accountId),
        lt(tickets.openedAt, toAt),
        or(isNull(tickets.closedAt), gte(tickets.closedAt, fromAt)),
      ),
    )
    .orderBy(asc(tickets.openedAt), asc(tickets.number));
}
