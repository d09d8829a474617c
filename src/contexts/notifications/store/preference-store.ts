/** SQL of the per-user notification preferences (R-NTF-1). */
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../../platform/db.js';
import { notificationPreferences } from './tables.js';

export async function preferencesOf(db: Db, userId: string, accountId: string) {
  return db
    .select()
    .from(notificationPreferences)
    .where(and(eq(notificationPreferences.userId, userId), eq(notificationPreferences.accountId, accountId)));
}

export async function savePreference(
  db: Db,
  row: { tenantId: string; accountId: string; userId: string; kind: string; email: boolean; updatedAt: Date },
): Promise<void> {
  await db
    .insert(notificationPreferences)
    .values(row)
    .onConflictDoUpdate({
      target: [notificationPreferences.userId, notificationPreferences.accountId, notificationPreferences.kind],
      set: { email: row.email, updatedAt: row.updatedAt },
    });
}

/** Whether any of these users turned `kind` off by mail for the account. */
export async function anyTurnedOff(db: Db, accountId: string, userIds: readonly string[], kind: string) {
  if (!userIds.length) return false;
  const [row] = await db
    .select({ userId: notificationPreferences.userId })
    .from(notificationPreferences)
    .where(
      and(
        eq(notificationPreferences.accountId, accountId),
        eq(notificationPreferences.kind, kind),
        eq(notificationPreferences.email, false),
        inArray(notificationPreferences.userId, [...userIds]),
      ),
    )
    .limit(1);
  return !!row;
}
