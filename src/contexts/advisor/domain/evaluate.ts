/**
 * The rule engine (R-OA-1): one evaluator per check kind, run over what a run gathered. A run evaluates
 * resource checks batch by batch (a resource and its own samples), then inventory checks (resources related to each
 * other) and account checks (service baseline) once. Only available, enabled rules are evaluated. Pure.
 */
import type { TCheckKind } from '../../../domain/catalog/advisor-schema.js';
import { attributeMatch } from './checks/attribute-match.js';
import { baselineFindings } from './checks/baseline.js';
import { boundWithoutSecurityGroup, singleZoneGroup } from './checks/inventory.js';
import { metricThreshold } from './checks/metric-threshold.js';
import { openIngress } from './checks/open-ingress.js';
import { runnableRules } from './rules.js';
import type { BaselineFacts, EffectiveRule, Evidence, InventoryResource, RawFinding, ResourceStats } from './types.js';

export type CheckScope = 'resource' | 'inventory' | 'account';

const SCOPES: Record<TCheckKind, CheckScope> = {
  metric_threshold: 'resource',
  attribute_match: 'resource',
  open_ingress: 'resource',
  bound_without_security_group: 'inventory',
  single_zone_group: 'inventory',
  no_contacts: 'account',
  event_unprotected: 'account',
  review_missing: 'account',
};

export const scopeOf = (rule: EffectiveRule): CheckScope => SCOPES[rule.rule.check.kind];

function resourceEvidence(
  rule: EffectiveRule,
  resource: InventoryResource,
  stats: ResourceStats | undefined,
): Evidence | null {
  switch (rule.rule.check.kind) {
    case 'metric_threshold':
      return metricThreshold(rule, resource, stats);
    case 'attribute_match':
      return attributeMatch(rule, resource);
    case 'open_ingress':
      return openIngress(rule, resource);
    default:
      return null;
  }
}

/** Resource checks over one batch of resources with their statistics (by resource id). */
export function evaluateResources(
  rules: readonly EffectiveRule[],
  resources: readonly InventoryResource[],
  stats: ReadonlyMap<string, ResourceStats>,
): RawFinding[] {
  const active = runnableRules(rules).filter((r) => scopeOf(r) === 'resource');
  const out: RawFinding[] = [];
  for (const resource of resources)
    for (const rule of active) {
      const evidence = resourceEvidence(rule, resource, stats.get(resource.id));
      if (evidence)
        out.push({
          ruleId: rule.rule.id,
          dimension: rule.rule.dimension,
          severity: rule.rule.severity,
          subject: `resource:${resource.id}`,
          resourceId: resource.id,
          resourceIds: [resource.id],
          evidence,
        });
    }
  return out;
}

/** Inventory checks over every resource of the account (by id). */
export function evaluateInventory(
  rules: readonly EffectiveRule[],
  inventory: ReadonlyMap<string, InventoryResource>,
): RawFinding[] {
  return runnableRules(rules).flatMap((rule) => {
    const kind = rule.rule.check.kind;
    if (kind === 'bound_without_security_group') return boundWithoutSecurityGroup(rule, inventory);
    if (kind === 'single_zone_group') return singleZoneGroup(rule, inventory);
    return [];
  });
}

/** Account checks (service baseline); `today` is the account's local date. */
export function evaluateAccount(
  rules: readonly EffectiveRule[],
  facts: BaselineFacts,
  today: string,
  now: Date,
): RawFinding[] {
  return runnableRules(rules)
    .filter((r) => scopeOf(r) === 'account')
    .flatMap((rule) => baselineFindings(rule, facts, today, now));
}
