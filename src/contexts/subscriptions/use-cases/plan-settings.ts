/** Auto-renew switch (R-SUB-5) and the order lock service requests set (R-SUB-7). */
import type { Db } from '../../../platform/db.js';
import type { Deps } from '../../../platform/deps.js';
import { inTransaction } from '../../../platform/deps.js';
import { DomainError } from '../../../platform/errors.js';
import { authorize } from '../../../platform/http/authorize.js';
import type { Principal } from '../../../platform/http/principal.js';
import { insertAuditEvent } from '../../../platform/store/audit.js';
import type { AccountRow } from '../../accounts/index.js';
import { loadVisibleAccount } from '../../accounts/index.js';
import { isPaidActive } from '../domain/effective-plan.js';
import { localDate } from '../domain/validity.js';
import { findSubscription, lockTermCovering, toState, updateSubscription } from '../store/subscription-store.js';
import type { SubscriptionsDeps } from '../ports.js';
import { planView } from './get-plan.js';

export async function setAutoRenew(deps: SubscriptionsDeps, principal: Principal, accountId: string, enabled: boolean) {
  const now = deps.clock.now();
  await inTransaction(deps, async (tx) => {
    const account = await loadVisibleAccount(tx, principal, accountId, { forUpdate: true });
    authorize(principal, 'plan.auto_renew');
    if (!deps.catalog.def.subscription.autoRenew && enabled)
      throw new DomainError('PLAN_CONFLICT', { reason: 'auto_renew_not_offered' });
    const sub = await findSubscription(tx, account.id, { forUpdate: true });
    if (!sub || !isPaidActive(toState(sub), now))
      throw new DomainError('PLAN_CONFLICT', { action: 'purchase' }, 'The account has no paid plan to renew.');
    await updateSubscription(tx, sub.id, { autoRenew: enabled, updatedAt: now });
    await insertAuditEvent(tx, {
      tenantId: account.tenantId,
      actor: principal.id,
      action: enabled ? 'auto_renew.enabled' : 'auto_renew.disabled',
      objectId: sub.id,
      data: {},
      at: now,
    });
  });
  const account = await loadVisibleAccount(deps.db, principal, accountId);
  return planView(deps.db, deps.catalog, account, now, undefined, deps.planQuotas);
}

/**
 * R-SUB-7: applying for a lock-causing service locks the term that contains the application, until that term
 * ends — even if the request is later rejected or withdrawn. Called inside the applying transaction.
 * Returns false when the account has no paid term to lock (nothing to unsubscribe or downgrade anyway).
 */
export async function lockCurrentTerm(
  tx: Db,
  catalog: Deps['catalog'],
  account: AccountRow,
  now: Date,
  by: string,
): Promise<boolean> {
  const sub = await findSubscription(tx, account.id, { forUpdate: true });
  if (!sub || !isPaidActive(toState(sub), now)) return false;
  const today = localDate(now, catalog.timeZone);
  const locked = await lockTermCovering(tx, sub.id, today, { lockedAt: now, lockedBy: by });
  if (locked.length)
    await insertAuditEvent(tx, {
      tenantId: account.tenantId,
      actor: by,
      action: 'term.locked',
      objectId: locked[0]!,
      data: {},
      at: now,
    });
  return true;
}

/** Staff tool (and the R-SUB-7 tests of this capability): lock the current term with a reason. */
export async function lockPlan(deps: SubscriptionsDeps, principal: Principal, accountId: string, reason: string) {
  const now = deps.clock.now();
  await inTransaction(deps, async (tx) => {
    // R-ACC-4: visibility (404) before the role (403).
    const account = await loadVisibleAccount(tx, principal, accountId);
    authorize(principal, 'plan.lock');
    const ok = await lockCurrentTerm(tx, deps.catalog, account, now, `${principal.id}:${reason}`);
    if (!ok) throw new DomainError('PLAN_CONFLICT', { action: 'purchase' }, 'The account has no paid term to lock.');
  });
  const account = await loadVisibleAccount(deps.db, principal, accountId);
  return planView(deps.db, deps.catalog, account, now, undefined, deps.planQuotas);
}
