/**
 * R-ACC-2 (seed 001 §6): a custody master shares its plan with all its subs at once — one switch for all.
 * Refused (PLAN_CONFLICT) where the catalog has no sharing, for independent or sub accounts, without a shareable
 * paid plan, or while a custody sub still has its own plan (it must unsubscribe first).
 */
import type { Deps } from '../../../platform/deps.js';
import { inTransaction } from '../../../platform/deps.js';
import { DomainError } from '../../../platform/errors.js';
import { authorize } from '../../../platform/http/authorize.js';
import type { Principal } from '../../../platform/http/principal.js';
import { insertAuditEvent } from '../../../platform/store/audit.js';
import { isOwnerOf, setAccountSharing, toAccountView } from '../../accounts/index.js';
import { loadVisibleAccount } from '../../accounts/index.js';
import { listSubAccounts } from '../../accounts/index.js';
import { isPaidActive } from '../domain/effective-plan.js';
import { findSubscriptions, toState } from '../store/subscription-store.js';
import { loadOwnPlan } from './load-plan.js';

export async function setSharing(deps: Deps, principal: Principal, accountId: string, enabled: boolean) {
  const now = deps.clock.now();
  return inTransaction(deps, async (tx) => {
    const account = await loadVisibleAccount(tx, principal, accountId, { forUpdate: true });
    authorize(principal, 'plan.share');
    // The relation after the table: the owner of this account (a master's owner sees its subs, owns only its own).
    if (principal.role !== 'provider_admin' && !isOwnerOf(principal, account))
      throw new DomainError(
        'FORBIDDEN',
        { action: 'plan.share', requiredRole: ['provider_admin', 'customer_owner'], reason: 'not_owner' },
        'The account’s owner or the admin shares its plan.',
      );
    if (!deps.catalog.def.subscription.sharing)
      throw new DomainError(
        'PLAN_CONFLICT',
        { reason: 'sharing_not_offered' },
        `${deps.catalog.def.names['en-US']} plans cannot be shared.`,
      );
    if (account.parentId)
      throw new DomainError(
        'PLAN_CONFLICT',
        { reason: 'not_a_master', masterAccountId: account.parentId },
        'Only a master account shares its plan.',
      );
    const subs = await listSubAccounts(tx, account);
    const custody = subs.filter((s) => s.financeMode === 'custody');
    if (enabled) {
      if (!custody.length)
        throw new DomainError(
          'PLAN_CONFLICT',
          { reason: 'no_custody_subs' },
          'Sharing is for custody (财务托管) masters with sub accounts.',
        );
      const plan = await loadOwnPlan(tx, deps.catalog, account, now);
      if (!plan.subscription || !plan.level?.shareable) {
        throw new DomainError(
          'PLAN_CONFLICT',
          { reason: 'no_shareable_plan', level: plan.level?.id ?? null },
          'The master has no paid plan that can be shared.',
        );
      }
      const own = (
        await findSubscriptions(
          tx,
          custody.map((s) => s.id),
        )
      ).filter((s) => isPaidActive(toState(s), now));
      if (own.length) {
        throw new DomainError(
          'PLAN_CONFLICT',
          { reason: 'sub_has_plan', accountIds: own.map((s) => s.accountId), action: 'unsubscribe' },
          'Sub accounts with their own plan must unsubscribe first.',
        );
      }
    }
    const row = await setAccountSharing(tx, account.id, enabled, now);
    await insertAuditEvent(tx, {
      tenantId: account.tenantId,
      actor: principal.id,
      action: enabled ? 'sharing.enabled' : 'sharing.disabled',
      objectId: account.id,
      data: { subs: custody.map((s) => s.id) },
      at: now,
    });
    return { ...toAccountView(row), sharedWith: enabled ? custody.map((s) => s.id) : [] };
  });
}
