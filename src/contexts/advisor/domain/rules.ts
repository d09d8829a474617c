/**
 * R-OA-1/2: the rules that apply to an account. A rule is available when the level includes the advisor and, for
 * cost and capacity rules, the cost/capacity feature (both minus the region's exclusions); the account switches
 * rules off or on and sets thresholds of performance and cost rules, which take effect on the next run. Pure.
 */
import type { TAdvisor, TAdvisorRule } from '../../../domain/catalog/advisor-schema.js';
import type { EffectiveRule } from './types.js';

export interface RuleOverride {
  readonly ruleId: string;
  readonly enabled: boolean | null;
  readonly thresholds: Readonly<Record<string, number>>;
}

/** The features of the level that count for the advisor (the level's features minus regional exclusions). */
export interface AdvisorEntitlement {
  readonly included: boolean;
  readonly costCapacity: boolean;
}

export function advisorEntitlement(advisor: TAdvisor | null, levelFeatures: readonly string[]): AdvisorEntitlement {
  if (!advisor) return { included: false, costCapacity: false };
  const included = levelFeatures.includes(advisor.feature);
  return { included, costCapacity: included && levelFeatures.includes(advisor.costCapacityFeature) };
}

export const needsCostCapacity = (rule: TAdvisorRule) => rule.dimension === 'cost' || rule.capacity;

export function effectiveRule(
  advisor: TAdvisor,
  rule: TAdvisorRule,
  entitlement: AdvisorEntitlement,
  override: RuleOverride | undefined,
): EffectiveRule {
  const missingFeature = !entitlement.included
    ? advisor.feature
    : needsCostCapacity(rule) && !entitlement.costCapacity
      ? advisor.costCapacityFeature
      : null;
  const thresholds: Record<string, number> = {};
  for (const [name, def] of Object.entries(rule.thresholds)) {
    const own = override?.thresholds[name];
    // A stored value outside today's range (the provider narrowed it) falls back to the default.
    thresholds[name] = own !== undefined && own >= def.min && own <= def.max ? own : def.default;
  }
  return {
    rule,
    available: missingFeature === null,
    missingFeature,
    enabled: override?.enabled ?? rule.enabledByDefault,
    thresholds,
  };
}

export function effectiveRules(
  advisor: TAdvisor | null,
  levelFeatures: readonly string[],
  overrides: readonly RuleOverride[],
): EffectiveRule[] {
  if (!advisor) return [];
  const entitlement = advisorEntitlement(advisor, levelFeatures);
  const byRule = new Map(overrides.map((o) => [o.ruleId, o]));
  return advisor.rules.map((r) => effectiveRule(advisor, r, entitlement, byRule.get(r.id)));
}

/** The rules a run evaluates: available and enabled. */
export const runnableRules = (rules: readonly EffectiveRule[]) => rules.filter((r) => r.available && r.enabled);
