/** Batch reads of the effective plan (the monthly report's batches): approved links of many accounts at once. */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db.js';
import { textArray } from '../../../platform/sql-params.js';
import { linkedAccounts } from './tables.js';

/** Those of `accountIds` that are the linked account of an approved link. */
export async function accountsWithApprovedLink(db: Db, accountIds: readonly string[]): Promise<Set<string>> {
  if (!accountIds.length) return new Set();
  const rows = await db
    .select({ id: linkedAccounts.linkedAccountId })
    .from(linkedAccounts)
    .where(
      and(
        sql`${linkedAccounts.linkedAccountId} = ANY(${textArray(accountIds)})`,
        eq(linkedAccounts.status, 'approved'),
      ),
    );
  return new Set(rows.map((r) => r.id));
}
