/**
 * R-OA-1/2 and R-CAT-6: the advisor's rules are catalog data, checked on load with the path of every error —
 * features and services exist, rule ids are unique, only performance and cost rules have thresholds, every threshold
 * a check reads is defined, conditions are well-formed — and a provider adds a rule of a built-in kind without code.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { checkCatalog } from '../../src/domain/catalog/check-catalog.js';
import { resolveCatalogPath } from '../../src/contexts/catalog/use-cases/load-catalog.js';
import { effectiveRules } from '../../src/contexts/advisor/domain/rules.js';
import { evaluateResources } from '../../src/contexts/advisor/domain/evaluate.js';

type Json = any;
const HUAWEI: Json = parse(readFileSync(resolveCatalogPath('huaweicloud-intl'), 'utf8'));
const ruleIndex = (c: Json, id: string) => c.advisor.rules.findIndex((r: Json) => r.id === id);

function variant(mutate: (c: Json) => void): Json {
  const copy = structuredClone(HUAWEI);
  mutate(copy);
  return copy;
}
function issues(input: Json): { path: string; message: string }[] {
  const result = checkCatalog(input);
  return result.ok ? [] : result.issues;
}

describe('R-CAT-6 advisor sections are validated', () => {
  it('the shipped catalogs are valid; only huaweicloud-intl offers the advisor (seeds 002–004 have none)', () => {
    for (const id of ['huaweicloud-intl', 'huaweicloud-partner', 'isoftstone', 'ctyun']) {
      const c = parse(readFileSync(resolveCatalogPath(id), 'utf8'));
      const checked = checkCatalog(c);
      expect(checked.ok, id).toBe(true);
      if (checked.ok) expect(checked.catalog.advisor === null, id).toBe(id !== 'huaweicloud-intl');
    }
  });

  const cases: { name: string; mutate: (c: Json) => void; path: string }[] = [
    { name: 'an unknown advisor feature', mutate: (c) => (c.advisor.feature = 'nope'), path: 'advisor.feature' },
    {
      name: 'an unknown cost/capacity feature',
      mutate: (c) => (c.advisor.costCapacityFeature = 'nope'),
      path: 'advisor.costCapacityFeature',
    },
    {
      name: 'a duplicate rule id',
      mutate: (c) => (c.advisor.rules[1].id = c.advisor.rules[0].id),
      path: 'advisor.rules.1.id',
    },
    {
      name: 'thresholds on a security rule (seed: performance and cost only)',
      mutate: (c) =>
        (c.advisor.rules[ruleIndex(c, 'sg-admin-ports-open')].thresholds = { percent: { default: 1, min: 0, max: 2 } }),
      path: `advisor.rules.${ruleIndex(HUAWEI, 'sg-admin-ports-open')}.thresholds`,
    },
    {
      name: 'a metric check without its windowDays threshold',
      mutate: (c) => delete c.advisor.rules[ruleIndex(c, 'ecs-cpu-high')].thresholds.windowDays,
      path: `advisor.rules.${ruleIndex(HUAWEI, 'ecs-cpu-high')}.thresholds.windowDays`,
    },
    {
      name: 'a default outside its range',
      mutate: (c) => (c.advisor.rules[ruleIndex(c, 'ecs-cpu-high')].thresholds.percent.default = 101),
      path: `advisor.rules.${ruleIndex(HUAWEI, 'ecs-cpu-high')}.thresholds.percent`,
    },
    {
      name: 'a condition naming a threshold the rule lacks',
      mutate: (c) => (c.advisor.rules[ruleIndex(c, 'evs-unattached')].check.conditions[1].threshold = 'maxSizeGb'),
      path: `advisor.rules.${ruleIndex(HUAWEI, 'evs-unattached')}.check.conditions.1.threshold`,
    },
    {
      name: 'a comparison without a value',
      mutate: (c) => delete c.advisor.rules[ruleIndex(c, 'rds-single-node')].check.conditions[0].value,
      path: `advisor.rules.${ruleIndex(HUAWEI, 'rds-single-node')}.check.conditions.0`,
    },
    {
      name: 'a bad regular expression',
      mutate: (c) => (c.advisor.rules[ruleIndex(c, 'ecs-previous-generation')].check.conditions[0].value = '(unclosed'),
      path: `advisor.rules.${ruleIndex(HUAWEI, 'ecs-previous-generation')}.check.conditions.0.value`,
    },
    {
      name: 'capacity on a non-performance rule',
      mutate: (c) => (c.advisor.rules[ruleIndex(c, 'rds-single-node')].capacity = true),
      path: `advisor.rules.${ruleIndex(HUAWEI, 'rds-single-node')}.capacity`,
    },
    {
      name: 'a review of an unknown service',
      mutate: (c) =>
        (c.advisor.rules[ruleIndex(c, 'architecture-not-reviewed')].check.services = ['architecture_consulting']),
      path: `advisor.rules.${ruleIndex(HUAWEI, 'architecture-not-reviewed')}.check.services.0`,
    },
    {
      name: 'an unknown check kind',
      mutate: (c) => (c.advisor.rules[0].check = { kind: 'magic' }),
      path: 'advisor.rules.0.check.kind',
    },
    {
      name: 'a rule without its English title',
      mutate: (c) => delete c.advisor.rules[0].title['en-US'],
      path: 'advisor.rules.0.title.en-US',
    },
  ];
  it.each(cases)('$name → $path', (c) => {
    const found = issues(variant(c.mutate));
    expect(found.map((i) => i.path)).toContain(c.path);
  });

  it('a provider adds a rule of a built-in kind without code: it runs like the shipped ones', () => {
    const edited = variant((c) =>
      c.advisor.rules.push({
        id: 'obs-public-bucket',
        dimension: 'security',
        severity: 'high',
        check: {
          kind: 'attribute_match',
          resourceTypes: ['obs'],
          conditions: [{ attribute: 'acl', op: 'in', value: ['public-read', 'public-read-write'] }],
        },
        names: { 'zh-CN': 'OBS 桶公开读', 'en-US': 'Public OBS bucket' },
        title: { 'zh-CN': '桶 {resource} 公开（{acl}）', 'en-US': 'Bucket {resource} is public ({acl})' },
        detail: { 'zh-CN': '任何人都能读取。', 'en-US': 'Anyone can read it.' },
        recommendation: { 'zh-CN': '改为私有。', 'en-US': 'Make it private.' },
      }),
    );
    const checked = checkCatalog(edited);
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    const rules = effectiveRules(checked.catalog.advisor, ['optimization_advisor'], []);
    const found = evaluateResources(
      rules,
      [
        { id: 'b1', type: 'obs', region: 'r', zone: null, name: null, attributes: { acl: 'public-read' } },
        { id: 'b2', type: 'obs', region: 'r', zone: null, name: null, attributes: { acl: 'private' } },
      ],
      new Map(),
    );
    expect(found.map((f) => `${f.ruleId}:${f.resourceId}`)).toEqual(['obs-public-bucket:b1']);
  });
});
