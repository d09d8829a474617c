/**
 * R-CAT-4 / R-TKT-4: exact quota consumption, also under concurrent submissions. The row for (account, quota,
 * period) is created if missing, then one guarded UPDATE takes a unit only while `used < limit + granted`
 * (row-locked by PostgreSQL; PGlite runs one transaction at a time). Returns the unit taken; nothing on refusal.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db.js';
import { DomainError } from '../../../platform/errors.js';
import { quotaUsage } from '../store/tables.js';

export interface QuotaKey {
  readonly tenantId: string;
  readonly accountId: string;
  readonly quota: string;
  readonly periodKey: string;
}

export async function consumeQuota(
  tx: Db,
  key: QuotaKey,
  limit: number,
  now: Date,
  units = 1,
): Promise<{ used: number; limit: number }> {
  await tx
    .insert(quotaUsage)
    .values({
      tenantId: key.tenantId,
      accountId: key.accountId,
      quota: key.quota,
      periodKey: key.periodKey,
      used: 0,
      granted: 0,
      updatedAt: now,
    })
    .onConflictDoNothing();
  const where = and(
    eq(quotaUsage.accountId, key.accountId),
    eq(quotaUsage.quota, key.quota),
    eq(quotaUsage.periodKey, key.periodKey),
  );
  const [row] = await tx
    .update(quotaUsage)
    .set({ used: sql`${quotaUsage.used} + ${units}`, updatedAt: now })
    .where(and(where, sql`${quotaUsage.used} + ${units} <= ${limit} + ${quotaUsage.granted}`))
    .returning({ used: quotaUsage.used, granted: quotaUsage.granted });
  if (row) return { used: row.used, limit: limit + row.granted };
  const [current] = await tx
    .select({ used: quotaUsage.used, granted: quotaUsage.granted })
    .from(quotaUsage)
    .where(where);
  throw new DomainError(
    'QUOTA_EXCEEDED',
    { quota: key.quota, limit: limit + (current?.granted ?? 0), used: current?.used ?? 0, period: key.periodKey },
    `The ${key.quota} allowance (${limit + (current?.granted ?? 0)} for ${key.periodKey}) is used up.`,
  );
}

/** Gives units back (a cancelled service request, R-SR-2). Never below zero. */
export async function releaseQuota(tx: Db, key: QuotaKey, now: Date, units = 1): Promise<void> {
  await tx
    .update(quotaUsage)
    .set({ used: sql`GREATEST(${quotaUsage.used} - ${units}, 0)`, updatedAt: now })
    .where(
      and(
        eq(quotaUsage.accountId, key.accountId),
        eq(quotaUsage.quota, key.quota),
        eq(quotaUsage.periodKey, key.periodKey),
      ),
    );
}
