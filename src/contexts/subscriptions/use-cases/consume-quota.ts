/**
 * R-CAT-4 / R-TKT-4: exact quota consumption, also under concurrent submissions. The row for (account, quota,
 * period) is created if missing, then one guarded UPDATE takes a unit only while `used < limit + granted`
 * (row-locked by PostgreSQL; PGlite runs one transaction at a time). Returns the unit taken; nothing on refusal.
 */
import type { Db } from '../../../platform/db.js';
import { DomainError } from '../../../platform/errors.js';
import { ensureQuotaRow, giveBackQuotaUnits, quotaRow, takeQuotaUnits, type QuotaKey } from '../store/quota-store.js';

export type { QuotaKey };

export async function consumeQuota(
  tx: Db,
  key: QuotaKey,
  limit: number,
  now: Date,
  units = 1,
): Promise<{ used: number; limit: number }> {
  await ensureQuotaRow(tx, key, now);
  const row = await takeQuotaUnits(tx, key, units, limit, now);
  if (row) return { used: row.used, limit: limit + row.granted };
  const current = await quotaRow(tx, key.accountId, key.quota, key.periodKey);
  throw new DomainError(
    'QUOTA_EXCEEDED',
    { quota: key.quota, limit: limit + (current?.granted ?? 0), used: current?.used ?? 0, period: key.periodKey },
    `The ${key.quota} allowance (${limit + (current?.granted ?? 0)} for ${key.periodKey}) is used up.`,
  );
}

/** Gives units back (a cancelled service request, R-SR-2). Never below zero. */
export async function releaseQuota(tx: Db, key: QuotaKey, now: Date, units = 1): Promise<void> {
  await giveBackQuotaUnits(tx, key, units, now);
}
