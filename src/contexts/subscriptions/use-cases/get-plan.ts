/** GET /accounts/{id}/plan (R-SUB-1): level, status, validity, source, entitlements and quotas with what is left. */
import { tamContactOf } from '../../accounts/index.js';
import type { Db } from '../../../platform/db.js';
import type { Principal } from '../../../platform/http/principal.js';
import type { Catalog } from '../../../domain/catalog/catalog.js';
import type { AccountRow } from '../../accounts/index.js';
import { entitlementsView, quotaPeriodKey, type EffectivePlan } from '../domain/effective-plan.js';
import { localDate } from '../domain/validity.js';
import { countLiveLinks } from '../store/link-store.js';
import { quotaRow } from '../store/quota-store.js';
import { isTermLocked } from '../store/subscription-store.js';
import type { SubscriptionsDeps } from '../ports.js';
import { loadEffectivePlan, visibleAccountAndPlan } from './load-plan.js';

export interface QuotaView {
  quota: string;
  limit: number | null;
  used: number;
  remaining: number | null;
  /** A period key: `lifetime`, a month, a subscription year `Y1@2026-03-02`… */
  period: string;
  /** Present only when the allowance is not available now (limit 0): why, e.g. `region`, `condition_not_met`. */
  unavailable?: { reason: string };
}

/** Extra quota rows contributed by other capabilities (service-request allowances, …), per app (the module's `planQuotas` port). */
export type QuotaContributor = (
  db: Db,
  catalog: Catalog,
  plan: EffectivePlan,
  account: AccountRow,
  now: Date,
) => Promise<QuotaView[]>;

/** R-SUB-7: the term containing today carries a lock. */
export async function isLocked(db: Db, catalog: Catalog, plan: EffectivePlan, now: Date): Promise<boolean> {
  const sub = plan.subscription;
  if (!sub || plan.source !== 'own') return false;
  return isTermLocked(db, sub.id, localDate(now, catalog.timeZone));
}

export async function technicalTicketQuota(
  db: Db,
  catalog: Catalog,
  plan: EffectivePlan,
  now: Date,
): Promise<QuotaView | null> {
  const q = plan.level?.quotas.find((x) => x.id === 'technical_tickets');
  if (!q) return null;
  const period = quotaPeriodKey(q.period, now, q.timeZone ?? catalog.timeZone);
  const row = await quotaRow(db, plan.planAccountId, 'technical_tickets', period);
  const limit = q.limit + (row?.granted ?? 0);
  const used = row?.used ?? 0;
  return { quota: 'technical_tickets', limit, used, remaining: Math.max(0, limit - used), period };
}

export async function planView(
  db: Db,
  catalog: Catalog,
  account: AccountRow,
  now: Date,
  loaded?: EffectivePlan,
  contributors: readonly QuotaContributor[] = [],
) {
  const plan = loaded ?? (await loadEffectivePlan(db, catalog, account, now));
  const quotas: QuotaView[] = [];
  const tickets = await technicalTicketQuota(db, catalog, plan, now);
  if (tickets) quotas.push(tickets);
  if (plan.level && plan.level.linkedAccounts > 0 && plan.source === 'own') {
    const used = await countLiveLinks(db, account.id);
    quotas.push({
      quota: 'linked_accounts',
      limit: plan.level.linkedAccounts,
      used,
      remaining: Math.max(0, plan.level.linkedAccounts - used),
      period: 'lifetime',
    });
  }
  for (const c of contributors) quotas.push(...(await c(db, catalog, plan, account, now)));
  return {
    accountId: account.id,
    level: plan.level?.id ?? null,
    levelNames: plan.level?.names ?? null,
    status: plan.status,
    validFrom: plan.validFrom?.toISOString() ?? null,
    validTo: plan.validTo?.toISOString() ?? null,
    source: plan.source,
    planAccountId: plan.planAccountId,
    autoRenew: plan.subscription?.autoRenew ?? false,
    locked: await isLocked(db, catalog, plan, now),
    entitlements: plan.level ? entitlementsView(catalog, plan.level, account.region) : null,
    quotas,
    // Issue 12: the customer's plan names their TAM and how to reach them.
    tam: await tamContactOf(db, account, plan.planAccountId),
  };
}

export async function getPlan(deps: SubscriptionsDeps, principal: Principal, accountId: string) {
  const now = deps.clock.now();
  const { account, plan } = await visibleAccountAndPlan(deps, principal, accountId, now);
  return planView(deps.db, deps.catalog, account, now, plan, deps.planQuotas);
}
