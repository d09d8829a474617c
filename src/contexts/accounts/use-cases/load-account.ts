/**
 * The one way any context gets an account for a caller: invisible accounts (another tenant's, or no such id) are
 * NOT_FOUND, checked before any other refusal (R-ACC-4, R-TKT-6).
 */
import type { Db } from '../../../platform/db.js';
import { notFound, validationFailed } from '../../../platform/errors.js';
import { isStaff, type Principal } from '../../../platform/http/principal.js';
import { canSeeAccount, type AccountRow } from '../domain/account.js';
import { findAccount, findAccountForUpdate } from '../store/account-store.js';
import { hasSubs } from '../store/invitation-store.js';

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

/**
 * Issue 12: the account a body that leaves out `accountId` means. A customer whose credentials see exactly one
 * account (its own, with no sub accounts) means that one; a master that also sees its sub accounts, and staff, who
 * see every account, name it — VALIDATION_FAILED on `path`. A named id is never replaced here: visibility (404)
 * stays the caller's check.
 */
export async function accountIdOrDefault(
  db: Db,
  principal: Principal,
  accountId: string | undefined,
  path = 'body.accountId',
): Promise<string> {
  if (accountId !== undefined) return accountId;
  if (isStaff(principal) || !principal.accountId) {
    throw validationFailed([{ path, message: 'required: staff name the account they act for' }]);
  }
  if (await hasSubs(db, principal.accountId)) {
    throw validationFailed([
      {
        path,
        message: `required: this caller sees account ${principal.accountId} and its sub accounts — name the one meant`,
      },
    ]);
  }
  return principal.accountId;
}
