/**
 * The effective plan of an account at `now` (R-SUB-1): own, shared by a custody master (R-ACC-2), or a Tianyi
 * linking plan (R-ACC-3). Every context that asks "what is this account entitled to" calls this.
 */
import type { Db } from '../../../platform/db.js';
import type { Catalog } from '../../../domain/catalog/catalog.js';
import type { AccountRow } from '../../accounts/index.js';
import { loadAccount } from '../../accounts/index.js';
import { canSeeAccount } from '../../accounts/index.js';
import { notFound } from '../../../platform/errors.js';
import type { Principal } from '../../../platform/http/principal.js';
import { PlanCache } from './plan-cache.js';
import { ownPlan, resolvePlan, type EffectivePlan } from '../domain/effective-plan.js';
import { approvedLinkOf } from '../store/link-store.js';
import { findSubscription, toState } from '../store/subscription-store.js';

export async function loadOwnPlan(db: Db, catalog: Catalog, account: AccountRow, now: Date): Promise<EffectivePlan> {
  const sub = await findSubscription(db, account.id);
  return ownPlan(catalog, account.id, account.createdAt, sub ? toState(sub) : null, now);
}

export async function loadEffectivePlan(
  db: Db,
  catalog: Catalog,
  account: AccountRow,
  now: Date,
): Promise<EffectivePlan> {
  const own = await loadOwnPlan(db, catalog, account, now);
  let shared: EffectivePlan | null = null;
  if (account.parentId && account.financeMode === 'custody') {
    const master = await loadAccount(db, account.parentId);
    if (master.sharingEnabled) {
      const plan = await loadOwnPlan(db, catalog, master, now);
      if (plan.subscription && plan.level?.shareable) shared = plan;
    }
  }
  let linked: EffectivePlan | null = null;
  const link = await approvedLinkOf(db, account.id);
  if (link) {
    const owner = await loadAccount(db, link.ownerAccountId);
    const plan = await loadOwnPlan(db, catalog, owner, now);
    if (plan.level && plan.level.linkedAccounts > 0) linked = plan;
  }
  return resolvePlan({ own, shared, linked });
}

/**
 * The account (visible to the caller, else NOT_FOUND) and its effective plan, through the plan cache where there
 * is one. For read paths and intake checks; writers that must lock read inside their transaction instead.
 */
export async function visibleAccountAndPlan(
  deps: { db: Db; catalog: Catalog; readCaches?: readonly unknown[] },
  principal: Principal,
  accountId: string,
  now: Date,
): Promise<{ account: AccountRow; plan: EffectivePlan }> {
  const cache = deps.readCaches?.find((c): c is PlanCache => c instanceof PlanCache);
  const load = async () => {
    const account = await loadAccount(deps.db, accountId).catch(() => null);
    if (!account) throw notFound('account', accountId);
    return { account, plan: await loadEffectivePlan(deps.db, deps.catalog, account, now) };
  };
  const value = cache ? await cache.load(accountId, now.getTime(), load) : await load();
  if (!canSeeAccount(principal, value.account)) throw notFound('account', accountId);
  return value;
}

/** The account's own active paid plan (its level id), or null: seed 001 §6.4b — such an account unsubscribes first. */
export async function ownPaidPlanOf(
  db: Db,
  catalog: Catalog,
  account: AccountRow,
  now: Date,
): Promise<{ level: string } | null> {
  const plan = await loadOwnPlan(db, catalog, account, now);
  return plan.subscription ? { level: plan.subscription.level } : null;
}
