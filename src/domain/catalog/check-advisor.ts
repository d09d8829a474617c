/**
 * R-OA: what the advisor's schema cannot check: features and services exist, rule ids are unique, thresholds exist
 * only on performance and cost rules (seed 000 §1.5.19) and every threshold a check reads is defined, conditions are
 * well-formed, and cost rules are never offered without the cost/capacity feature (R-OA-1).
 */
import { REQUIRED_THRESHOLDS, TUNABLE_DIMENSIONS, type TAdvisor } from './advisor-schema.js';

export function checkAdvisorReferences(
  advisor: TAdvisor,
  known: { features: Set<string>; services: Set<string> },
  add: (path: string, message: string) => void,
): void {
  if (!known.features.has(advisor.feature)) add('advisor.feature', `unknown feature "${advisor.feature}"`);
  if (!known.features.has(advisor.costCapacityFeature))
    add('advisor.costCapacityFeature', `unknown feature "${advisor.costCapacityFeature}"`);
  const seen = new Set<string>();
  advisor.rules.forEach((rule, i) => {
    const p = `advisor.rules.${i}`;
    if (seen.has(rule.id)) add(`${p}.id`, `duplicate id "${rule.id}"`);
    seen.add(rule.id);
    const names = Object.keys(rule.thresholds);
    if (names.length && !TUNABLE_DIMENSIONS.includes(rule.dimension))
      add(`${p}.thresholds`, `only ${TUNABLE_DIMENSIONS.join(' and ')} rules have editable thresholds`);
    for (const t of REQUIRED_THRESHOLDS[rule.check.kind] ?? [])
      if (!names.includes(t)) add(`${p}.thresholds.${t}`, `a ${rule.check.kind} check needs the threshold "${t}"`);
    if (rule.capacity && rule.dimension !== 'performance')
      add(`${p}.capacity`, 'capacity checks belong to the performance dimension');
    const check = rule.check;
    if (check.kind === 'attribute_match')
      check.conditions.forEach((c, j) => {
        const cp = `${p}.check.conditions.${j}`;
        const unary = c.op === 'missing' || c.op === 'present';
        if (c.threshold !== undefined && !names.includes(c.threshold))
          add(`${cp}.threshold`, `the rule has no threshold "${c.threshold}"`);
        if (!unary && (c.value === undefined) === (c.threshold === undefined))
          add(cp, `"${c.op}" needs exactly one of value or threshold`);
        if (unary && (c.value !== undefined || c.threshold !== undefined)) add(cp, `"${c.op}" takes no value`);
        if (c.op === 'in' && !Array.isArray(c.value)) add(`${cp}.value`, '"in" needs a list');
        if (['gt', 'gte', 'lt', 'lte'].includes(c.op) && c.value !== undefined && typeof c.value !== 'number')
          add(`${cp}.value`, `"${c.op}" needs a number`);
        if (c.op === 'matches') {
          try {
            new RegExp(String(c.value));
          } catch {
            add(`${cp}.value`, 'not a valid regular expression');
          }
        }
      });
    if (check.kind === 'review_missing') {
      check.levelFeatures.forEach((f, j) => {
        if (!known.features.has(f)) add(`${p}.check.levelFeatures.${j}`, `unknown feature "${f}"`);
      });
      check.services.forEach((s, j) => {
        if (!known.services.has(s)) add(`${p}.check.services.${j}`, `unknown service "${s}"`);
      });
    }
    if (check.kind === 'event_unprotected' && !known.services.has(check.service))
      add(`${p}.check.service`, `unknown service "${check.service}"`);
  });
}
