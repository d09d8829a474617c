/**
 * The service-request allowances in GET /accounts/{id}/plan quotas: limit, used, remaining, period (R-SR-2). An
 * allowance of the level that is not available now (region exclusion, an unmet condition, proactive only…) is shown
 * with a zero limit, its period key like any other, and `unavailable: { reason }` saying why.
 */
import type { Db } from '../../../platform/db.js';
import type { Catalog } from '../../../domain/catalog/catalog.js';
import type { AccountRow } from '../../accounts/index.js';
import type { EffectivePlan } from '../../subscriptions/index.js';
import type { QuotaView } from '../../subscriptions/index.js';
import { quotaRow } from '../../subscriptions/index.js';
import { allowancePeriodKey, decideAllowance } from '../domain/allowance.js';
import { DomainError } from '../../../platform/errors.js';
import { subscriptionFacts } from './subscription-facts.js';

export async function serviceAllowanceQuotas(
  db: Db,
  catalog: Catalog,
  plan: EffectivePlan,
  account: AccountRow,
  now: Date,
): Promise<QuotaView[]> {
  const level = plan.level;
  if (!level) return [];
  const subscription = await subscriptionFacts(db, catalog, plan, now);
  const out: QuotaView[] = [];
  const seen = new Set<string>();
  for (const a of level.allowances) {
    const origin = a.delivery.includes('on_application') ? 'application' : 'proactive';
    const levels = a.protectionLevels ?? [null];
    for (const pl of levels) {
      try {
        const d = decideAllowance({
          catalog,
          level,
          regionId: account.region,
          service: a.service,
          protectionLevel: pl,
          origin,
          scenario: (origin === 'application' ? a.applicationScenarios?.[0] : a.proactiveScenarios?.[0]) ?? null,
          subscription,
          now,
        });
        if (d.allowance !== a) continue;
        for (const c of d.counters) {
          if (seen.has(c.quota)) continue;
          seen.add(c.quota);
          const row = await quotaRow(db, plan.planAccountId, c.quota, d.periodKey);
          const used = row?.used ?? 0;
          out.push({
            quota: c.quota,
            limit: c.limit,
            used,
            remaining: c.limit === null ? null : Math.max(0, c.limit - used),
            period: d.periodKey,
          });
        }
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        // Not available now (region, conditions): shown with a zero limit so the customer sees why it is missing.
        // `period` stays a period key (API.md); the reason is a field of its own.
        const key = `service:${a.service}${pl ? `:level_${pl}` : ''}`;
        if (!seen.has(key)) {
          seen.add(key);
          const period = allowancePeriodKey(a, subscription, now, catalog.timeZone);
          out.push({
            quota: key,
            limit: 0,
            used: 0,
            remaining: 0,
            period,
            unavailable: { reason: String((err.details.reason as string | undefined) ?? err.code) },
          });
        }
      }
    }
  }
  return out;
}
