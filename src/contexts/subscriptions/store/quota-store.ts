/**
 * Exact quota counters (R-CAT-4, R-TKT-4), one row per (account, quota, period key): units are taken with one
 * guarded UPDATE inside the consuming transaction (row-locked by PostgreSQL; PGlite runs one transaction at a time).
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db.js';
import { quotaUsage } from './tables.js';

export interface QuotaKey {
  readonly tenantId: string;
  readonly accountId: string;
  readonly quota: string;
  readonly periodKey: string;
}

const keyIs = (key: Pick<QuotaKey, 'accountId' | 'quota' | 'periodKey'>) =>
  and(
    eq(quotaUsage.accountId, key.accountId),
    eq(quotaUsage.quota, key.quota),
    eq(quotaUsage.periodKey, key.periodKey),
  );

/** A counter row of `key` with nothing used yet. */
const newCounter = (key: QuotaKey, granted: number, now: Date) => ({
  tenantId: key.tenantId,
  accountId: key.accountId,
  quota: key.quota,
  periodKey: key.periodKey,
  used: 0,
  granted,
  updatedAt: now,
});

export async function quotaRow(db: Db, accountId: string, quota: string, periodKey: string) {
  const [row] = await db.select().from(quotaUsage).where(keyIs({ accountId, quota, periodKey }));
  return row;
}

/** The counter of `key`, created (at zero) when missing. */
export async function ensureQuotaRow(tx: Db, key: QuotaKey, now: Date): Promise<void> {
  await tx
    .insert(quotaUsage)
    .values(newCounter(key, 0, now))
    .onConflictDoNothing();
}

/** Takes `units` while `used + units <= limit + granted`: the counter after, or undefined when refused. */
export async function takeQuotaUnits(
  tx: Db,
  key: QuotaKey,
  units: number,
  limit: number,
  now: Date,
): Promise<{ used: number; granted: number } | undefined> {
  const [row] = await tx
    .update(quotaUsage)
    .set({ used: sql`${quotaUsage.used} + ${units}`, updatedAt: now })
    .where(and(keyIs(key), sql`${quotaUsage.used} + ${units} <= ${limit} + ${quotaUsage.granted}`))
    .returning({ used: quotaUsage.used, granted: quotaUsage.granted });
  return row;
}

/** Gives `units` back, never below zero. */
export async function giveBackQuotaUnits(tx: Db, key: QuotaKey, units: number, now: Date): Promise<void> {
  await tx
    .update(quotaUsage)
    .set({ used: sql`GREATEST(${quotaUsage.used} - ${units}, 0)`, updatedAt: now })
    .where(keyIs(key));
}

/** Extra units bought for the period (ticket packs), added to the counter (created when missing). */
export async function grantQuotaUnits(tx: Db, key: QuotaKey, units: number, now: Date): Promise<void> {
  await tx
    .insert(quotaUsage)
    .values(newCounter(key, units, now))
    .onConflictDoUpdate({
      target: [quotaUsage.accountId, quotaUsage.quota, quotaUsage.periodKey],
      set: { granted: sql`${quotaUsage.granted} + ${units}`, updatedAt: now },
    });
}
