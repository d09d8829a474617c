/**
 * R-ACC-1: the admin or the account's owner changes the profile (name, registered email, phone numbers, locale,
 * time zone, report recipients). Each change is one audit event with who, when and the fields before and after.
 */
import type { Deps } from '../../../platform/deps.js';
import { inTransaction } from '../../../platform/deps.js';
import { DomainError, validationFailed } from '../../../platform/errors.js';
import type { Principal } from '../../../platform/http/principal.js';
import { isOwnerOf, toAccountView, type AccountRow } from '../domain/account.js';
import { dedupeEmails, normalizePhones, profileChanges, profileIssues, type ProfilePatch } from '../domain/profile.js';
import { insertAudit, updateAccount } from '../store/account-store.js';
import { loadVisibleAccount } from './load-account.js';

/** The admin, or the owner of the account (or of its master): the profile and contacts are theirs to change. */
export function assertCanManageAccount(principal: Principal, account: AccountRow, action: string): void {
  if (principal.role === 'provider_admin' || isOwnerOf(principal, account)) return;
  throw new DomainError(
    'FORBIDDEN',
    { action, requiredRole: 'customer_owner' },
    'Only the provider admin or the account’s owner changes its profile and contacts.',
  );
}

export async function updateAccountProfile(deps: Deps, principal: Principal, id: string, input: ProfilePatch) {
  const patch: ProfilePatch = {
    ...input,
    ...(input.phones ? { phones: normalizePhones(input.phones) } : {}),
    ...(input.reportRecipients ? { reportRecipients: dedupeEmails(input.reportRecipients) } : {}),
    ...(input.email ? { email: input.email.trim() } : {}),
  };
  const now = deps.clock.now();
  return inTransaction(deps, async (tx) => {
    // R-ACC-4: visibility (404) before the role (403) before the fields (400).
    const account = await loadVisibleAccount(tx, principal, id, { forUpdate: true });
    assertCanManageAccount(principal, account, 'update_account');
    const issues = profileIssues(patch, deps.catalog.def.locales);
    if (issues.length) throw validationFailed(issues);
    const { before, after } = profileChanges(account, patch);
    if (!Object.keys(after).length) return toAccountView(account);
    const row = await updateAccount(tx, account.id, { ...(after as Partial<AccountRow>), updatedAt: now });
    await insertAudit(tx, {
      tenantId: account.tenantId,
      actor: principal.id,
      action: 'account.updated',
      objectId: account.id,
      data: { before, after },
      at: now,
    });
    return toAccountView(row);
  });
}
