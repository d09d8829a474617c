/**
 * The one way any context gets an account for a caller: invisible accounts (another tenant's, or no such id) are
 * NOT_FOUND, checked before any other refusal (R-ACC-4, R-TKT-6).
 */
import type { Db } from '../../../platform/db.js';
import { notFound } from '../../../platform/errors.js';
import type { Principal } from '../../../platform/http/principal.js';
import { canSeeAccount, type AccountRow } from '../domain/account.js';
import { findAccount, findAccountForUpdate } from '../store/account-store.js';

export async function loadVisibleAccount(
  db: Db,
  principal: Principal,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<AccountRow> {
  const account = opts.forUpdate ? await findAccountForUpdate(db, id) : await findAccount(db, id);
  if (!account || !canSeeAccount(principal, account)) throw notFound('account', id);
  return account;
}

/** System lookups (sweeps, staff tools) that are not on behalf of a customer. */
export async function loadAccount(db: Db, id: string, opts: { forUpdate?: boolean } = {}): Promise<AccountRow> {
  const account = opts.forUpdate ? await findAccountForUpdate(db, id) : await findAccount(db, id);
  if (!account) throw notFound('account', id);
  return account;
}
