/** What other contexts may know of an account's service requests (the advisor's service-baseline checks). */
import { and, asc, eq, gte, inArray, lt, notInArray, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db.js';
import { textArray } from '../../../platform/sql-params.js';
import { serviceRequests } from './tables.js';

/** The account's requests that are not rejected or withdrawn: type, status, window and completion. */
export async function liveRequestFacts(db: Db, accountId: string) {
  const rows = await db
    .select({
      service: serviceRequests.type,
      status: serviceRequests.status,
      start: serviceRequests.startDate,
      end: serviceRequests.endDate,
      completedAt: serviceRequests.completedAt,
    })
    .from(serviceRequests)
    .where(
      and(eq(serviceRequests.accountId, accountId), notInArray(serviceRequests.status, ['rejected', 'withdrawn'])),
    );
  return rows;
}

/** The account's requests completed in [fromAt, toAt) (the monthly report's "service requests delivered", R-RPT-2). */
export async function deliveredRequests(db: Db, accountId: string, fromAt: Date, toAt: Date) {
  return db
    .select({ number: serviceRequests.number, service: serviceRequests.type, completedAt: serviceRequests.completedAt })
    .from(serviceRequests)
    .where(
      and(
        eq(serviceRequests.accountId, accountId),
        eq(serviceRequests.status, 'completed'),
        gte(serviceRequests.completedAt, fromAt),
        lt(serviceRequests.completedAt, toAt),
      ),
    )
    .orderBy(asc(serviceRequests.completedAt));
}

/** deliveredRequests of each account, in one query (the report's batches); every account asked has a list. */
export async function deliveredRequestsOf(db: Db, accountIds: readonly string[], fromAt: Date, toAt: Date) {
  const out = new Map<string, { number: string; service: string; completedAt: Date | null }[]>();
  for (const id of accountIds) out.set(id, []);
  if (!accountIds.length) return out;
  const rows = await db
    .select({
      accountId: serviceRequests.accountId,
      number: serviceRequests.number,
      service: serviceRequests.type,
      completedAt: serviceRequests.completedAt,
    })
    .from(serviceRequests)
    .where(
      and(
        sql`${serviceRequests.accountId} = ANY(${textArray(accountIds)})`,
        eq(serviceRequests.status, 'completed'),
        gte(serviceRequests.completedAt, fromAt),
        lt(serviceRequests.completedAt, toAt),
      ),
    )
    .orderBy(asc(serviceRequests.completedAt));
  for (const { accountId, ...r } of rows) out.get(accountId)?.push(r);
  return out;
}

/** Issue 12 (a TAM's accounts): requests of these accounts still to come — submitted or processing, starting today or later. */
export async function upcomingRequestsOf(db: Db, accountIds: readonly string[], today: string) {
  if (!accountIds.length) return [];
  return db
    .select({
      id: serviceRequests.id,
      number: serviceRequests.number,
      accountId: serviceRequests.accountId,
      type: serviceRequests.type,
      status: serviceRequests.status,
      start: serviceRequests.startDate,
      end: serviceRequests.endDate,
    })
    .from(serviceRequests)
    .where(
      and(
        inArray(serviceRequests.accountId, [...accountIds]),
        inArray(serviceRequests.status, ['submitted', 'processing']),
        gte(serviceRequests.startDate, today),
      ),
    )
    .orderBy(asc(serviceRequests.startDate), asc(serviceRequests.id));
}
