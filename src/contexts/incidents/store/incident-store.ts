/**
 * The incidents context's SQL (issue 14: use cases call these named functions). Incidents are provider-wide; their
 * notifications and the accounts they reach are per tenant.
 */
import { and, asc, count, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../../../platform/db.js';
import { findAccountRows, type AccountRow } from '../../accounts/index.js';
import { incidentNotifications, incidents, incidentUpdates } from './tables.js';

export type IncidentRow = typeof incidents.$inferSelect;
export type NewIncident = typeof incidents.$inferInsert;
export type IncidentUpdateRow = typeof incidentUpdates.$inferSelect;

export async function insertIncident(db: Db, values: NewIncident): Promise<IncidentRow> {
  const [row] = await db.insert(incidents).values(values).returning();
  return row!;
}

export async function findIncident(db: Db, id: string): Promise<IncidentRow | undefined> {
  const [row] = await db.select().from(incidents).where(eq(incidents.id, id));
  return row;
}

/** The incident under a row lock: concurrent updates are ordered (a second resolve meets a resolved incident). */
export async function lockIncident(tx: Db, id: string): Promise<IncidentRow | undefined> {
  const [row] = await tx.select().from(incidents).where(eq(incidents.id, id)).for('update');
  return row;
}

export async function setIncidentState(
  tx: Db,
  id: string,
  set: { updatedAt: Date; status?: 'resolved'; resolvedAt?: Date },
): Promise<IncidentRow> {
  const [row] = await tx.update(incidents).set(set).where(eq(incidents.id, id)).returning();
  return row!;
}

export async function markFanOutDone(db: Db, id: string, at: Date): Promise<void> {
  await db.update(incidents).set({ fanOutDoneAt: at }).where(eq(incidents.id, id));
}

/** Incidents whose fan-out a crash interrupted. */
export async function pendingFanOuts(db: Db, limit: number): Promise<IncidentRow[]> {
  return db.select().from(incidents).where(isNull(incidents.fanOutDoneAt)).limit(limit);
}

/** Records that an account was told; false when it already was (the primary key is the guarantee). */
export async function recordNotified(
  tx: Db,
  row: { incidentId: string; accountId: string; tenantId: string; level: string; notifiedAt: Date },
): Promise<boolean> {
  const [inserted] = await tx.insert(incidentNotifications).values(row).onConflictDoNothing().returning();
  return !!inserted;
}

export async function insertIncidentUpdate(
  tx: Db,
  row: { id: string; incidentId: string; body: unknown; author: string; at: Date },
): Promise<void> {
  await tx.insert(incidentUpdates).values(row);
}

/**
 * The accounts told of an incident, with the level they were told at, in account order: the notifications, then
 * their accounts' rows through the accounts context (an account since removed is left out, as the JOIN did).
 */
export async function notifiedAccounts(tx: Db, incidentId: string): Promise<{ level: string; account: AccountRow }[]> {
  const told = await tx
    .select({ accountId: incidentNotifications.accountId, level: incidentNotifications.level })
    .from(incidentNotifications)
    .where(eq(incidentNotifications.incidentId, incidentId))
    .orderBy(asc(incidentNotifications.accountId));
  const rows = new Map(
    (
      await findAccountRows(
        tx,
        told.map((t) => t.accountId),
      )
    ).map((a) => [a.id, a]),
  );
  return told.flatMap((t) => {
    const account = rows.get(t.accountId);
    return account ? [{ level: t.level, account }] : [];
  });
}

export async function countNotified(db: Db, incidentId: string): Promise<number> {
  const [n] = await db
    .select({ n: count() })
    .from(incidentNotifications)
    .where(eq(incidentNotifications.incidentId, incidentId));
  return Number(n?.n ?? 0);
}

export async function wasNotified(db: Db, incidentId: string, accountId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: incidentNotifications.incidentId })
    .from(incidentNotifications)
    .where(and(eq(incidentNotifications.incidentId, incidentId), eq(incidentNotifications.accountId, accountId)));
  return !!row;
}

export async function updatesOf(db: Db, incidentId: string): Promise<IncidentUpdateRow[]> {
  return db
    .select()
    .from(incidentUpdates)
    .where(eq(incidentUpdates.incidentId, incidentId))
    .orderBy(asc(incidentUpdates.at));
}

/** A page of incidents, newest first: all of them, or those one account of a tenant was told of. */
export async function pageIncidents(
  db: Db,
  scope: { tenantId: string; accountId: string } | null,
  offset: number,
  limit: number,
): Promise<{ rows: IncidentRow[]; total: number }> {
  const where = scope
    ? inArray(
        incidents.id,
        db
          .select({ id: incidentNotifications.incidentId })
          .from(incidentNotifications)
          .where(
            and(
              eq(incidentNotifications.tenantId, scope.tenantId),
              eq(incidentNotifications.accountId, scope.accountId),
            ),
          ),
      )
    : undefined;
  const rows = await db
    .select()
    .from(incidents)
    .where(where)
    .orderBy(desc(incidents.publishedAt))
    .offset(offset)
    .limit(limit);
  const [total] = await db.select({ n: count() }).from(incidents).where(where);
  return { rows, total: Number(total?.n ?? 0) };
}
