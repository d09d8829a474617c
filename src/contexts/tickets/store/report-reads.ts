/**
 * What the monthly service report (R-RPT-2) may know of an account's tickets in a window [fromAt, toAt): every
 * ticket opened before `toAt` that was not closed before `fromAt` (opened in the window, or carried into it).
 */
import { and, asc, eq, gte, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db.js';
import { textArray } from '../../../platform/sql-params.js';
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

const reportColumns = {
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
};

/**
 * ticketsForReport of each account (its own tenant's tickets only), in one query (the report's batches); every
 * account asked has a list, in the same order.
 */
export async function ticketsForReports(
  db: Db,
  accounts: readonly { tenantId: string; accountId: string }[],
  fromAt: Date,
  toAt: Date,
): Promise<Map<string, ReportTicket[]>> {
  const out = new Map<string, ReportTicket[]>();
  const tenantOf = new Map<string, string>();
  for (const a of accounts) {
    out.set(a.accountId, []);
    tenantOf.set(a.accountId, a.tenantId);
  }
  if (!accounts.length) return out;
  const rows = await db
    .select({ tenantId: tickets.tenantId, accountId: tickets.accountId, ...reportColumns })
    .from(tickets)
    .where(
      and(
        sql`${tickets.tenantId} = ANY(${textArray([...new Set(tenantOf.values())])})`,
        sql`${tickets.accountId} = ANY(${textArray([...tenantOf.keys()])})`,
        lt(tickets.openedAt, toAt),
        or(isNull(tickets.closedAt), gte(tickets.closedAt, fromAt)),
      ),
    )
    .orderBy(asc(tickets.openedAt), asc(tickets.number));
  for (const { tenantId, accountId, ...t } of rows)
    if (tenantOf.get(accountId) === tenantId) out.get(accountId)!.push(t);
  return out;
}

export async function ticketsForReport(
  db: Db,
  tenantId: string,
  accountId: string,
  fromAt: Date,
  toAt: Date,
): Promise<ReportTicket[]> {
  return db
    .select(reportColumns)
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
