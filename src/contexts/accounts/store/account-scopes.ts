/**
 * Sets of accounts other contexts' stores put inside their own statements (issue 14: the accounts table stays
 * private to this context). Each function returns a subquery, not rows: a customer's list of tickets or service
 * requests over its account and its sub accounts stays one statement (`… WHERE account_id IN (SELECT id FROM accounts
 * …)`), as it was when those stores read the table themselves.
 */
import { and, eq, or } from 'drizzle-orm';
import type { Db } from '../../../platform/db.js';
import { accounts } from './tables.js';

/** The ids of `accountId` and its direct sub accounts in `tenantId` (a master sees its subs'), as a subquery. */
export function accountAndSubsIds(db: Db, tenantId: string, accountId: string) {
  return db
    .select({ id: accounts.id })
    .from(accounts)
    .where(and(eq(accounts.tenantId, tenantId), or(eq(accounts.id, accountId), eq(accounts.parentId, accountId))));
}
