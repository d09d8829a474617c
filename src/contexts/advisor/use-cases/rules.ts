/**
 * GET …/advisor/rules: every rule of the catalog as it applies to the account (available for its level, enabled,
 * thresholds). PATCH …/advisor/rules/{ruleId} (the owner): switch it off or on, change thresholds of performance and
 * cost rules within the catalog's ranges (null: back to the default); both take effect on the next run.
 */
import { inTransaction } from '../../../platform/deps.js';
import { DomainError, notFound, validationFailed } from '../../../platform/errors.js';
import type { Principal } from '../../../platform/http/principal.js';
import { pageInMemory, type TPageQuery } from '../../../platform/pagination.js';
import { effectiveRule, advisorEntitlement } from '../domain/rules.js';
import { mergeThresholds, thresholdIssues } from '../domain/thresholds.js';
import type { AdvisorDeps } from '../ports.js';
import { lockRuleOverride, saveRuleOverride } from '../store/settings-store.js';
import { ownedAccount, readableAccount } from './access.js';
import { currentRules } from './open-run.js';
import { localeFor, ruleView } from './views.js';

export async function listRules(
  deps: AdvisorDeps,
  principal: Principal,
  accountId: string,
  query: TPageQuery,
  wantedLocale?: string,
) {
  const account = await readableAccount(deps, principal, accountId);
  const locale = localeFor(deps, wantedLocale, account.locale);
  return pageInMemory(
    (await currentRules(deps, deps.db, account)).map((r) => ruleView(r, locale)),
    query,
  );
}

export async function updateRule(
  deps: AdvisorDeps,
  principal: Principal,
  accountId: string,
  ruleId: string,
  patch: { enabled?: boolean | undefined; thresholds?: Record<string, number | null> | undefined },
  wantedLocale?: string,
) {
  const account = await ownedAccount(deps, principal, accountId);
  const advisor = deps.catalog.def.advisor;
  const rule = advisor?.rules.find((r) => r.id === ruleId);
  if (!advisor || !rule) throw notFound('rule', ruleId);
  const entitlement = advisorEntitlement(advisor, account.levelFeatures);
  const current = effectiveRule(advisor, rule, entitlement, undefined);
  if (!current.available)
    throw new DomainError(
      'NOT_ENTITLED',
      { entitlement: `feature:${current.missingFeature}`, level: account.levelId, ruleId },
      'The account’s support plan does not include this check.',
    );
  const issues = thresholdIssues(rule, patch.thresholds ?? {});
  if (issues.length) throw validationFailed(issues);
  const now = deps.clock.now();
  const saved = await inTransaction(
    deps,
    async (tx) => {
      const stored = await lockRuleOverride(tx, account.id, ruleId);
      const next = {
        ruleId,
        enabled: patch.enabled ?? stored?.enabled ?? null,
        thresholds: mergeThresholds(stored?.thresholds ?? {}, patch.thresholds ?? {}),
      };
      await saveRuleOverride(tx, {
        accountId: account.id,
        tenantId: account.tenantId,
        ...next,
        at: now,
        by: principal.id,
      });
      return next;
    },
    { keepsPlans: true },
  );
  return ruleView(effectiveRule(advisor, rule, entitlement, saved), localeFor(deps, wantedLocale, account.locale));
}
