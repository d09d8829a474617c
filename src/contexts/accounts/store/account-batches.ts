/**
 * Accounts in bounded batches for set-based work over every account (the month-end billing run walks them in id
 * order and resumes after the last id it finished), and the custody relations billing needs (R-ACC-2).
 */
import { and, asc, count, eq, gt, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../platform/db.js';
import { textArray } from '../../../platform/sql-params.js';
import type { AccountRow } from '../domain/account.js';
import { accounts } from './tables.js';

export interface AccountSummary {
  readonly id: string;
  readonly tenantId: string;
  readonly parentId: string | null;
  readonly financeMode: string | null;
  readonly locale: string;
}

/** `column = ANY(ids)` with the ids as one JSON parameter (batches hold thousands). */
const anyOf = (column: typeof accounts.id | typeof accounts.parentId, ids: readonly string[]) =>
  sql`${column} = ANY(${textArray(ids)})`;

const summary = {
  id: accounts.id,
  tenantId: accounts.tenantId,
  parentId: accounts.parentId,
  financeMode: accounts.financeMode,
  locale: accounts.locale,
};

/** Accounts after `afterId` (all of them without one), created before `createdBefore` if given, in id order. */
const pageAfter = (afterId: string | null, createdBefore: Date | null) =>
  and(
    afterId ? gt(accounts.id, afterId) : undefined,
    createdBefore ? lt(accounts.createdAt, createdBefore) : undefined,
  );

/** Up to `limit` accounts created before `createdBefore`, with ids after `afterId`, in id order. */
export async function accountsAfter(
  db: Db,
  afterId: string | null,
  createdBefore: Date,
  limit: number,
): Promise<AccountSummary[]> {
  return db
    .select(summary)
    .from(accounts)
    .where(pageAfter(afterId, createdBefore))
    .orderBy(asc(accounts.id))
    .limit(limit);
}

/** Up to `limit` whole account rows after `afterId` in id order, every tenant's (an incident's provider-wide fan-out). */
export async function accountRowsAfter(db: Db, afterId: string | null, limit: number): Promise<AccountRow[]> {
  return db.select().from(accounts).where(pageAfter(afterId, null)).orderBy(asc(accounts.id)).limit(limit);
}

export async function countAccountsCreatedBefore(db: Db, createdBefore: Date): Promise<number> {
  const [row] = await db.select({ n: count() }).from(accounts).where(lt(accounts.createdAt, createdBefore));
  return Number(row?.n ?? 0);
}

export async function accountSummaries(db: Db, ids: readonly string[]): Promise<AccountSummary[]> {
  if (!ids.length) return [];
  return db.select(summary).from(accounts).where(anyOf(accounts.id, ids));
}

/** The custody (财务托管) subs of each of `masterIds` that has any. */
export async function custodySubsOf(db: Db, masterIds: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (!masterIds.length) return out;
  const rows = await db
    .select({ id: accounts.id, parentId: accounts.parentId })
    .from(accounts)
    .where(and(anyOf(accounts.parentId, masterIds), eq(accounts.financeMode, 'custody')))
    .orderBy(asc(accounts.id));
  for (const r of rows) out.set(r.parentId!, [...(out.get(r.parentId!) ?? []), r.id]);
  return out;
}

/**
 * For set-based statements of other contexts (the month-end run's batch, one statement): the relation of
 * `accountsAfter` (columns id, tenant_id, parent_id, finance_mode, locale), as a subquery to name in a FROM or a CTE.
 */
export function accountBatchSql(afterId: string | null, createdBefore: Date, limit: number): SQL {
  return sql`SELECT a.id, a.tenant_id, a.parent_id, a.finance_mode, a.locale FROM accounts a
    WHERE ${afterId ? sql`a.id > ${afterId} AND ` : sql``}a.created_at < ${createdBefore.toISOString()}::timestamptz
    ORDER BY a.id LIMIT ${limit}`;
}

/** The same columns for the accounts created before `createdBefore` with ids in (afterId, throughId], in id order. */
export function accountRangeSql(afterId: string | null, throughId: string, createdBefore: Date): SQL {
  return sql`SELECT a.id, a.tenant_id, a.parent_id, a.finance_mode, a.locale FROM accounts a
    WHERE ${afterId ? sql`a.id > ${afterId} AND ` : sql``}a.id <= ${throughId} AND a.created_at < ${createdBefore.toISOString()}::timestamptz
    ORDER BY a.id`;
}

/** A boolean SQL expression: the account `accountId` (a column of the caller's statement) has custody subs (R-ACC-2). */
export function hasCustodySubsSql(accountId: SQL): SQL {
  // OFFSET 0: probed per account through accounts_parent_idx, not a scan of every custody account per statement.
  return sql`EXISTS (SELECT 1 FROM accounts s WHERE s.parent_id = ${accountId} AND s.finance_mode = 'custody' OFFSET 0)`;
}
