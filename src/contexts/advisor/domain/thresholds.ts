/**
 * Seed 000 §1.5.19 (自定义检查规则): an account changes thresholds of performance and cost rules within the ranges
 * the catalog gives. Returns the issues of a PATCH body (paths `body.thresholds.<name>`); pure.
 */
import { TUNABLE_DIMENSIONS, type TAdvisorRule } from '../../../domain/catalog/advisor-schema.js';

export interface ThresholdIssue {
  readonly path: string;
  readonly message: string;
}

export function thresholdIssues(rule: TAdvisorRule, patch: Readonly<Record<string, number | null>>): ThresholdIssue[] {
  const issues: ThresholdIssue[] = [];
  const names = Object.keys(rule.thresholds);
  for (const [name, value] of Object.entries(patch)) {
    const path = `body.thresholds.${name}`;
    const def = rule.thresholds[name];
    if (!TUNABLE_DIMENSIONS.includes(rule.dimension)) {
      issues.push({ path, message: `only ${TUNABLE_DIMENSIONS.join(' and ')} rules have editable thresholds` });
      continue;
    }
    if (!def) {
      issues.push({
        path,
        message: names.length ? `not a threshold of this rule (${names.join(', ')})` : 'this rule has no thresholds',
      });
      continue;
    }
    if (value === null) continue; // back to the catalog default
    if (!Number.isFinite(value) || value < def.min || value > def.max)
      issues.push({ path, message: `between ${def.min} and ${def.max}${def.unit ? ` ${def.unit}` : ''}` });
    else if (name === 'windowDays' && !Number.isInteger(value))
      issues.push({ path, message: 'a whole number of days' });
  }
  return issues;
}

/** The account's stored thresholds after a patch: null removes a value (the default applies again). */
export function mergeThresholds(
  stored: Readonly<Record<string, number>>,
  patch: Readonly<Record<string, number | null>>,
): Record<string, number> {
  const out: Record<string, number> = { ...stored };
  for (const [name, value] of Object.entries(patch)) {
    if (value === null) delete out[name];
    else out[name] = value;
  }
  return out;
}
