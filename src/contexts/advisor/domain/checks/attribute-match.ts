/**
 * `attribute_match`: every condition holds on the resource's attributes. Comparisons need a value of the right type
 * (an attribute the sender did not send never matches `eq`, `gt`…; only `missing` matches it). A condition may take
 * its value from the rule's thresholds (`threshold: minSizeGb`), so an account can tune it.
 */
import type { TAttributeCondition } from '../../../../domain/catalog/advisor-schema.js';
import type { EffectiveRule, Evidence, InventoryResource } from '../types.js';
import { asNumber, evidenceValue, isMissing } from './values.js';

export function conditionHolds(
  c: TAttributeCondition,
  attributes: Readonly<Record<string, unknown>>,
  thresholds: Readonly<Record<string, number>>,
): boolean {
  const v = attributes[c.attribute];
  const expected = c.threshold !== undefined ? thresholds[c.threshold] : c.value;
  switch (c.op) {
    case 'missing':
      return isMissing(v);
    case 'present':
      return !isMissing(v);
    case 'eq':
      return !isMissing(v) && v === expected;
    case 'ne':
      return !isMissing(v) && v !== expected;
    case 'in':
      return Array.isArray(expected) && (typeof v === 'string' || typeof v === 'number') && expected.includes(v);
    case 'matches':
      return typeof v === 'string' && new RegExp(String(expected)).test(v);
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const n = asNumber(v);
      const limit = typeof expected === 'number' ? expected : null;
      if (n === null || limit === null) return false;
      if (c.op === 'gt') return n > limit;
      if (c.op === 'gte') return n >= limit;
      if (c.op === 'lt') return n < limit;
      return n <= limit;
    }
  }
}

export function attributeMatch(rule: EffectiveRule, resource: InventoryResource): Evidence | null {
  const check = rule.rule.check;
  if (check.kind !== 'attribute_match' || !check.resourceTypes.includes(resource.type)) return null;
  if (!check.conditions.every((c) => conditionHolds(c, resource.attributes, rule.thresholds))) return null;
  const evidence: Record<string, Evidence[string]> = {};
  for (const c of check.conditions) {
    evidence[c.attribute] = evidenceValue(resource.attributes[c.attribute]);
    if (c.threshold !== undefined) evidence[c.threshold] = rule.thresholds[c.threshold] ?? null;
  }
  return evidence;
}
