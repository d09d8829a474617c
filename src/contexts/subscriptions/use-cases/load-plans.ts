/**
 * The effective plan of many accounts at `now` (R-SUB-1), the same as loadEffectivePlan for each: their
 * subscriptions and approved links in two queries; an account whose plan may come from another (a custody sub, an
 * approved linked account) is resolved one by one by loadEffectivePlan.
 */
import type { Db } from '../../../platform/db.js';
import type { Catalog } from '../../../domain/catalog/catalog.js';
import type { AccountRow } from '../../accounts/index.js';
import { ownPlan, resolvePlan, type EffectivePlan } from '../domain/effective-plan.js';
import { accountsWithApprovedLink } from '../store/plan-reads.js';
import { findSubscriptions, toState } from '../store/subscription-store.js';
import { loadEffectivePlan } from './load-plan.js';

export async function loadEffectivePlans(
  db: Db,
  catalog: Catalog,
  accounts: readonly AccountRow[],
  now: Date,
): Promise<Map<string, EffectivePlan>> {
  const out = new Map<string, EffectivePlan>();
  if (!accounts.length) return out;
  const ids = accounts.map((a) => a.id);
  const [subs, linked] = [await findSubscriptions(db, ids), await accountsWithApprovedLink(db, ids)];
  const subOf = new Map(subs.map((s) => [s.accountId, s]));
  for (const account of accounts) {
    if ((account.parentId && account.financeMode === 'custody') || linked.has(account.id)) {
      out.set(account.id, await loadEffectivePlan(db, catalog, account, now));
      continue;
    }
    const sub = subOf.get(account.id);
    const own = ownPlan(catalog, account.id, account.createdAt, sub ? toState(sub) : null, now);
    out.set(account.id, resolvePlan({ own, shared: null, linked: null }));
  }
  return out;
}
