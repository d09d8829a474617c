/** Account rows by id for system reads in batches (the monthly report's send step). */
import { sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db.js';
import { textArray } from '../../../platform/sql-params.js';
import { accounts } from './tables.js';

/** The rows of those of `ids` that exist (any order). */
export async function findAccounts(db: Db, ids: readonly string[]) {
  if (!ids.length) return [];
  return db
    .select()
    .from(accounts)
    .where(sql`${accounts.id} = ANY(${textArray(ids)})`);
}
