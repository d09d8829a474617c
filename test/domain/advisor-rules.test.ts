/**
 * R-OA-1/2: every shipped rule of huaweicloud-intl, each at its edges — fires at the threshold, does not fire just
 * past it — evaluated on statistics the brute-force oracle computes from raw samples (test/support/advisor-oracle.ts;
 * the store test checks the SQL aggregate against the same oracle). Then entitlement (cost and capacity only with the
 * cost/capacity feature), account thresholds and switches, and the threshold ranges of PATCH.
 */
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/contexts/catalog/use-cases/load-catalog.js';
import { effectiveRule, effectiveRules, runnableRules } from '../../src/contexts/advisor/domain/rules.js';
import {
  evaluateAccount,
  evaluateInventory,
  evaluateResources,
  scopeOf,
} from '../../src/contexts/advisor/domain/evaluate.js';
import { planStatistics } from '../../src/contexts/advisor/domain/statistics.js';
import { mergeThresholds, thresholdIssues } from '../../src/contexts/advisor/domain/thresholds.js';
import type {
  BaselineFacts,
  InventoryResource,
  RawFinding,
  ResourceStats,
} from '../../src/contexts/advisor/domain/types.js';
import { oracleStats, type OracleSample } from '../support/advisor-oracle.js';

const catalog = await loadCatalog('huaweicloud-intl');
const advisor = catalog.def.advisor!;
const NOW = new Date('2026-03-10T12:00:00Z');
const TODAY = '2026-03-10';
const H = 3_600_000;

const res = (
  id: string,
  type: string,
  attributes: Record<string, unknown> = {},
  zone: string | null = 'az1',
): InventoryResource => ({
  id,
  type,
  region: 'ap-southeast-1',
  zone,
  name: null,
  attributes,
});

/** `n` hourly samples of `metric` ending at NOW, the i-th valued `value(i)`. */
const hours = (
  metric: string,
  n: number,
  value: number | ((i: number) => number),
  endMs = NOW.getTime(),
): OracleSample[] =>
  Array.from({ length: n }, (_, i) => ({
    metric,
    at: new Date(endMs - i * H).toISOString(),
    value: typeof value === 'number' ? value : value(i),
  }));

const NO_FACTS: BaselineFacts = { contacts: 1, levelFeatures: [], events: [], serviceRequests: [] };

interface Given {
  resources?: InventoryResource[];
  samples?: Record<string, OracleSample[]>;
  thresholds?: Record<string, number>;
  facts?: Partial<BaselineFacts>;
}

function evaluate(ruleId: string, g: Given): RawFinding[] {
  const rule = advisor.rules.find((r) => r.id === ruleId);
  if (!rule) throw new Error(`no rule ${ruleId}`);
  const eff = effectiveRule(
    advisor,
    rule,
    { included: true, costCapacity: true },
    g.thresholds ? { ruleId, enabled: null, thresholds: g.thresholds } : undefined,
  );
  const resources = g.resources ?? [];
  switch (scopeOf(eff)) {
    case 'resource': {
      const plan = planStatistics([eff], NOW);
      const stats = new Map<string, ResourceStats>(
        Object.entries(g.samples ?? {}).map(([id, s]) => [id, oracleStats(plan, s)]),
      );
      return evaluateResources([eff], resources, stats);
    }
    case 'inventory':
      return evaluateInventory([eff], new Map(resources.map((r) => [r.id, r])));
    case 'account':
      return evaluateAccount([eff], { ...NO_FACTS, ...g.facts }, TODAY, NOW);
  }
}

interface Case {
  readonly name: string;
  readonly rule: string;
  readonly given: Given;
  /** How many findings; with `evidence`, the first one's evidence includes it. */
  readonly fires: number;
  readonly evidence?: Record<string, unknown>;
  readonly subject?: string;
}

const ecs = res('ecs-1', 'ecs');
/** 24 samples: `k` of them at `high`, the rest at 10. */
const split = (metric: string, k: number, high: number) => hours(metric, 24, (i) => (i < k ? high : 10));

const cases: Case[] = [
  // --- performance: sustained utilisation (capacity), defaults percent 80/85, 7 days, 50 % of ≥ 24 samples ---
  {
    name: 'R-OA-1 ecs-cpu-high: 12 of 24 samples at exactly 80 % fire (at or above, half)',
    rule: 'ecs-cpu-high',
    given: { resources: [ecs], samples: { 'ecs-1': split('cpu_util', 12, 80) } },
    fires: 1,
    evidence: { samples: 24, matching: 12, sharePercent: 50, percent: 80, maxPercent: 80 },
  },
  {
    name: 'R-OA-1 ecs-cpu-high: 12 of 24 at 79.9 % do not',
    rule: 'ecs-cpu-high',
    given: { resources: [ecs], samples: { 'ecs-1': split('cpu_util', 12, 79.9) } },
    fires: 0,
  },
  {
    name: 'R-OA-1 ecs-cpu-high: 11 of 24 at 100 % do not (share below 50 %)',
    rule: 'ecs-cpu-high',
    given: { resources: [ecs], samples: { 'ecs-1': split('cpu_util', 11, 100) } },
    fires: 0,
  },
  {
    name: 'R-OA-1 ecs-cpu-high: 23 samples all at 100 % do not (fewer than minSamples 24)',
    rule: 'ecs-cpu-high',
    given: { resources: [ecs], samples: { 'ecs-1': hours('cpu_util', 23, 100) } },
    fires: 0,
  },
  {
    name: 'R-OA-1 ecs-cpu-high: samples older than the 7-day window do not count',
    rule: 'ecs-cpu-high',
    given: { resources: [ecs], samples: { 'ecs-1': hours('cpu_util', 48, 100, NOW.getTime() - 7 * 24 * H - 1000) } },
    fires: 0,
  },
  {
    name: 'R-OA-1 ecs-cpu-high: a sample at the window start counts (7 days back, inclusive)',
    rule: 'ecs-cpu-high',
    given: {
      resources: [ecs],
      thresholds: { minSharePercent: 100 },
      samples: {
        'ecs-1': [
          ...hours('cpu_util', 23, 90),
          { metric: 'cpu_util', at: new Date(NOW.getTime() - 7 * 24 * H).toISOString(), value: 90 },
        ],
      },
    },
    fires: 1,
    evidence: { samples: 24 },
  },
  {
    name: 'R-OA-2 ecs-cpu-high: the account raises the threshold to 90: 85 % no longer fires',
    rule: 'ecs-cpu-high',
    given: { resources: [ecs], thresholds: { percent: 90 }, samples: { 'ecs-1': hours('cpu_util', 24, 85) } },
    fires: 0,
  },
  {
    name: 'R-OA-2 ecs-cpu-high: the account lowers minSharePercent to 25: 6 of 24 fire',
    rule: 'ecs-cpu-high',
    given: { resources: [ecs], thresholds: { minSharePercent: 25 }, samples: { 'ecs-1': split('cpu_util', 6, 95) } },
    fires: 1,
    evidence: { sharePercent: 25 },
  },
  {
    name: 'R-OA-1 ecs-cpu-high: an evs is not an instance',
    rule: 'ecs-cpu-high',
    given: { resources: [res('evs-1', 'evs')], samples: { 'evs-1': hours('cpu_util', 24, 100) } },
    fires: 0,
  },
  {
    name: 'R-OA-1 ecs-cpu-high: memory samples are not CPU samples',
    rule: 'ecs-cpu-high',
    given: { resources: [ecs], samples: { 'ecs-1': hours('mem_util', 24, 100) } },
    fires: 0,
  },
  {
    name: 'R-OA-1 ecs-memory-high: 12 of 24 at exactly 85 % fire',
    rule: 'ecs-memory-high',
    given: { resources: [ecs], samples: { 'ecs-1': split('mem_util', 12, 85) } },
    fires: 1,
    evidence: { percent: 85 },
  },
  {
    name: 'R-OA-1 ecs-memory-high: 12 of 24 at 84.9 % do not',
    rule: 'ecs-memory-high',
    given: { resources: [ecs], samples: { 'ecs-1': split('mem_util', 12, 84.9) } },
    fires: 0,
  },
  {
    name: 'R-OA-1 disk-usage-high: an rds at 85 % fires',
    rule: 'disk-usage-high',
    given: { resources: [res('rds-1', 'rds')], samples: { 'rds-1': hours('disk_util', 24, 85) } },
    fires: 1,
    evidence: { averagePercent: 85 },
  },
  {
    name: 'R-OA-1 disk-usage-high: an evs at 84.9 % does not',
    rule: 'disk-usage-high',
    given: { resources: [res('evs-1', 'evs')], samples: { 'evs-1': hours('disk_util', 24, 84.9) } },
    fires: 0,
  },
  {
    name: 'R-OA-1 ecs-previous-generation: s3.large.2 fires',
    rule: 'ecs-previous-generation',
    given: { resources: [res('e', 'ecs', { flavor: 's3.large.2' })] },
    fires: 1,
    evidence: { flavor: 's3.large.2' },
  },
  {
    name: 'R-OA-1 ecs-previous-generation: s6.large.2 and xs3.large do not',
    rule: 'ecs-previous-generation',
    given: {
      resources: [res('a', 'ecs', { flavor: 's6.large.2' }), res('b', 'ecs', { flavor: 'xs3.large' }), res('c', 'ecs')],
    },
    fires: 0,
  },

  // --- security -------------------------------------------------------------------------------------------------
  {
    name: 'R-OA-1 sg-admin-ports-open: tcp 22 from 0.0.0.0/0 fires',
    rule: 'sg-admin-ports-open',
    given: {
      resources: [
        res('sg', 'security_group', {
          rules: [{ direction: 'ingress', protocol: 'tcp', port: 22, source: '0.0.0.0/0' }],
        }),
      ],
    },
    fires: 1,
    evidence: { ports: [22], sources: ['0.0.0.0/0'] },
  },
  {
    name: 'R-OA-1 sg-admin-ports-open: a range 20-3389 from ::/0 opens both admin ports',
    rule: 'sg-admin-ports-open',
    given: {
      resources: [
        res('sg', 'security_group', {
          rules: [{ direction: 'ingress', protocol: 'tcp', portRange: '20-3389', source: '::/0' }],
        }),
      ],
    },
    fires: 1,
    evidence: { ports: [22, 3389], sources: ['::/0'] },
  },
  {
    name: 'R-OA-1 sg-admin-ports-open: protocol all without a port opens every port',
    rule: 'sg-admin-ports-open',
    given: {
      resources: [
        res('sg', 'security_group', { rules: [{ direction: 'ingress', protocol: 'all', source: '0.0.0.0/0' }] }),
      ],
    },
    fires: 1,
  },
  {
    name: 'R-OA-1 sg-admin-ports-open: from a private range, egress, icmp, deny, port 23 or range 23-3388 do not',
    rule: 'sg-admin-ports-open',
    given: {
      resources: [
        res('sg', 'security_group', {
          rules: [
            { direction: 'ingress', protocol: 'tcp', port: 22, source: '10.0.0.0/8' },
            { direction: 'egress', protocol: 'tcp', port: 22, source: '0.0.0.0/0' },
            { direction: 'ingress', protocol: 'icmp', source: '0.0.0.0/0' },
            { direction: 'ingress', protocol: 'tcp', port: 22, source: '0.0.0.0/0', action: 'deny' },
            { direction: 'ingress', protocol: 'tcp', port: 23, source: '0.0.0.0/0' },
            { direction: 'ingress', protocol: 'tcp', portRange: '23-3388', source: '0.0.0.0/0' },
          ],
        }),
      ],
    },
    fires: 0,
  },
  {
    name: 'R-OA-1 sg-admin-ports-open: only security groups are read',
    rule: 'sg-admin-ports-open',
    given: {
      resources: [
        res('e', 'ecs', { rules: [{ direction: 'ingress', protocol: 'tcp', port: 22, source: '0.0.0.0/0' }] }),
      ],
    },
    fires: 0,
  },
  {
    name: 'R-OA-1 sg-database-ports-open: 3306 from anywhere fires',
    rule: 'sg-database-ports-open',
    given: {
      resources: [
        res('sg', 'security_group', {
          rules: [{ direction: 'ingress', protocol: 'tcp', port: 3306, source: '0.0.0.0/0' }],
        }),
      ],
    },
    fires: 1,
    evidence: { ports: [3306] },
  },
  {
    name: 'R-OA-1 sg-database-ports-open: 443 from anywhere does not',
    rule: 'sg-database-ports-open',
    given: {
      resources: [
        res('sg', 'security_group', {
          rules: [{ direction: 'ingress', protocol: 'tcp', port: 443, source: '0.0.0.0/0' }],
        }),
      ],
    },
    fires: 0,
  },
  {
    name: 'R-OA-1 eip-without-security-group: bound to an ecs without securityGroups fires',
    rule: 'eip-without-security-group',
    given: { resources: [res('eip', 'eip', { boundTo: 'vm' }), res('vm', 'ecs', {})] },
    fires: 1,
    evidence: { targetId: 'vm' },
    subject: 'resource:eip',
  },
  {
    name: 'R-OA-1 eip-without-security-group: securityGroups [] fires too',
    rule: 'eip-without-security-group',
    given: { resources: [res('eip', 'eip', { boundTo: 'vm' }), res('vm', 'ecs', { securityGroups: [] })] },
    fires: 1,
  },
  {
    name: 'R-OA-1 eip-without-security-group: a protected target, an unknown target or no binding do not',
    rule: 'eip-without-security-group',
    given: {
      resources: [
        res('a', 'eip', { boundTo: 'vm' }),
        res('vm', 'ecs', { securityGroups: ['sg-1'] }),
        res('b', 'eip', { boundTo: 'elsewhere' }),
        res('c', 'eip', { boundTo: null }),
      ],
    },
    fires: 0,
  },

  // --- reliability ----------------------------------------------------------------------------------------------
  {
    name: 'R-OA-1 rds-single-node: ha false fires',
    rule: 'rds-single-node',
    given: { resources: [res('db', 'rds', { ha: false })] },
    fires: 1,
    evidence: { ha: false },
  },
  {
    name: 'R-OA-1 rds-single-node: ha true or not sent does not',
    rule: 'rds-single-node',
    given: { resources: [res('a', 'rds', { ha: true }), res('b', 'rds')] },
    fires: 0,
  },
  {
    name: 'R-OA-1 tier-single-zone: two web instances in one zone fire',
    rule: 'tier-single-zone',
    given: {
      resources: [
        res('w1', 'ecs', { tier: 'web' }),
        res('w2', 'ecs', { tier: 'web' }),
        res('d1', 'ecs', { tier: 'db' }, 'az2'),
      ],
    },
    fires: 1,
    evidence: { group: 'web', zone: 'az1', members: 2, resources: ['w1', 'w2'] },
    subject: 'group:web',
  },
  {
    name: 'R-OA-1 tier-single-zone: one member, two zones, or a member without a zone do not',
    rule: 'tier-single-zone',
    given: {
      resources: [
        res('a1', 'ecs', { tier: 'a' }),
        res('b1', 'ecs', { tier: 'b' }),
        res('b2', 'ecs', { tier: 'b' }, 'az2'),
        res('c1', 'ecs', { tier: 'c' }),
        res('c2', 'ecs', { tier: 'c' }, null),
        res('n1', 'ecs'),
        res('n2', 'ecs'),
      ],
    },
    fires: 0,
  },
  {
    name: 'R-OA-1 evs-detached-with-data: detached with 1 GB fires',
    rule: 'evs-detached-with-data',
    given: { resources: [res('v', 'evs', { attachedTo: null, sizeGb: 1 })] },
    fires: 1,
    evidence: { attachedTo: null, sizeGb: 1 },
  },
  {
    name: 'R-OA-1 evs-detached-with-data: 0 GB or attached does not',
    rule: 'evs-detached-with-data',
    given: { resources: [res('a', 'evs', { sizeGb: 0 }), res('b', 'evs', { attachedTo: 'vm', sizeGb: 50 })] },
    fires: 0,
  },

  // --- cost (business level and above) --------------------------------------------------------------------------
  {
    name: 'R-OA-1 ecs-idle: every sample over 14 days below 5 % fires',
    rule: 'ecs-idle',
    given: { resources: [ecs], samples: { 'ecs-1': hours('cpu_util', 24 * 14, 4.99) } },
    fires: 1,
    evidence: { sharePercent: 100, windowDays: 14 },
  },
  {
    name: 'R-OA-1 ecs-idle: one sample at exactly 5 % keeps it from idle (below is strict)',
    rule: 'ecs-idle',
    given: { resources: [ecs], samples: { 'ecs-1': hours('cpu_util', 48, (i) => (i === 7 ? 5 : 1)) } },
    fires: 0,
  },
  {
    name: 'R-OA-2 ecs-idle: the account sets 10 %: 7 % is idle',
    rule: 'ecs-idle',
    given: { resources: [ecs], thresholds: { percent: 10 }, samples: { 'ecs-1': hours('cpu_util', 48, 7) } },
    fires: 1,
    evidence: { percent: 10 },
  },
  {
    name: 'R-OA-1 ecs-idle: no samples is no evidence of idleness',
    rule: 'ecs-idle',
    given: { resources: [ecs], samples: {} },
    fires: 0,
  },
  {
    name: 'R-OA-1 eip-unbound: boundTo null, absent or empty fires',
    rule: 'eip-unbound',
    given: { resources: [res('a', 'eip', { boundTo: null }), res('b', 'eip'), res('c', 'eip', { boundTo: '' })] },
    fires: 3,
  },
  {
    name: 'R-OA-1 eip-unbound: a bound EIP does not',
    rule: 'eip-unbound',
    given: { resources: [res('a', 'eip', { boundTo: 'vm' })] },
    fires: 0,
  },
  {
    name: 'R-OA-1 evs-unattached: 10 GB (the default minimum) fires',
    rule: 'evs-unattached',
    given: { resources: [res('v', 'evs', { attachedTo: null, sizeGb: 10 })] },
    fires: 1,
    evidence: { sizeGb: 10, minSizeGb: 10 },
  },
  {
    name: 'R-OA-1 evs-unattached: 9.99 GB does not',
    rule: 'evs-unattached',
    given: { resources: [res('v', 'evs', { attachedTo: null, sizeGb: 9.99 })] },
    fires: 0,
  },
  {
    name: 'R-OA-2 evs-unattached: the account sets minSizeGb 0: an empty volume fires',
    rule: 'evs-unattached',
    given: { thresholds: { minSizeGb: 0 }, resources: [res('v', 'evs', { sizeGb: 0 })] },
    fires: 1,
  },

  // --- service baseline -----------------------------------------------------------------------------------------
  {
    name: 'R-OA-1 no-contacts: none on file fires',
    rule: 'no-contacts',
    given: { facts: { contacts: 0 } },
    fires: 1,
    subject: 'account',
  },
  {
    name: 'R-OA-1 no-contacts: one contact does not',
    rule: 'no-contacts',
    given: { facts: { contacts: 1 } },
    fires: 0,
  },
  {
    name: 'R-OA-1 event-without-protection: an event in 30 days without protection fires',
    rule: 'event-without-protection',
    given: { facts: { events: [{ id: 'ev1', name: 'Launch', start: '2026-04-09', end: '2026-04-10' }] } },
    fires: 1,
    evidence: { event: 'Launch', days: 30 },
    subject: 'event:ev1',
  },
  {
    name: 'R-OA-1 event-without-protection: today fires; in 31 days or yesterday does not',
    rule: 'event-without-protection',
    given: {
      facts: {
        events: [
          { id: 'a', name: 'A', start: TODAY, end: TODAY },
          { id: 'b', name: 'B', start: '2026-04-10', end: '2026-04-10' },
          { id: 'c', name: 'C', start: '2026-03-09', end: '2026-03-11' },
        ],
      },
    },
    fires: 1,
    evidence: { event: 'A', days: 0 },
  },
  {
    name: 'R-OA-1 event-without-protection: event protection covering its first day keeps it quiet',
    rule: 'event-without-protection',
    given: {
      facts: {
        events: [{ id: 'a', name: 'A', start: '2026-03-20', end: '2026-03-22' }],
        serviceRequests: [
          {
            service: 'event_protection',
            status: 'submitted',
            start: '2026-03-19',
            end: '2026-03-20',
            completedAt: null,
          },
        ],
      },
    },
    fires: 0,
  },
  {
    name: 'R-OA-1 event-without-protection: protection starting the day after, or another service, does not count',
    rule: 'event-without-protection',
    given: {
      facts: {
        events: [{ id: 'a', name: 'A', start: '2026-03-20', end: '2026-03-22' }],
        serviceRequests: [
          {
            service: 'event_protection',
            status: 'processing',
            start: '2026-03-21',
            end: '2026-03-22',
            completedAt: null,
          },
          {
            service: 'availability_check',
            status: 'completed',
            start: '2026-03-01',
            end: '2026-03-31',
            completedAt: NOW,
          },
        ],
      },
    },
    fires: 1,
  },
  {
    name: 'R-OA-1 architecture-not-reviewed: a TAM level without any availability check fires',
    rule: 'architecture-not-reviewed',
    given: { facts: { levelFeatures: ['proactive_guidance'] } },
    fires: 1,
    evidence: { lastReviewAt: null },
  },
  {
    name: 'R-OA-1 architecture-not-reviewed: a check completed exactly 365 days ago still counts',
    rule: 'architecture-not-reviewed',
    given: {
      facts: {
        levelFeatures: ['proactive_guidance'],
        serviceRequests: [
          {
            service: 'availability_check',
            status: 'completed',
            start: '2025-03-01',
            end: '2025-03-01',
            completedAt: new Date(NOW.getTime() - 365 * 24 * H),
          },
        ],
      },
    },
    fires: 0,
  },
  {
    name: 'R-OA-1 architecture-not-reviewed: one completed 365 days and a second ago does not',
    rule: 'architecture-not-reviewed',
    given: {
      facts: {
        levelFeatures: ['proactive_guidance'],
        serviceRequests: [
          {
            service: 'availability_check',
            status: 'completed',
            start: '2025-03-01',
            end: '2025-03-01',
            completedAt: new Date(NOW.getTime() - 365 * 24 * H - 1000),
          },
        ],
      },
    },
    fires: 1,
  },
  {
    name: 'R-OA-1 architecture-not-reviewed: a level without a TAM is not asked',
    rule: 'architecture-not-reviewed',
    given: { facts: { levelFeatures: ['optimization_advisor'] } },
    fires: 0,
  },
];

describe('R-OA-1 shipped rules at their edges (huaweicloud-intl)', () => {
  it.each(cases)('$name', (c) => {
    const found = evaluate(c.rule, c.given);
    expect(found).toHaveLength(c.fires);
    if (c.evidence) expect(found[0]!.evidence).toMatchObject(c.evidence);
    if (c.subject) expect(found[0]!.subject).toBe(c.subject);
    for (const f of found) expect(f.ruleId).toBe(c.rule);
  });

  it('every shipped rule has a firing and a quiet case above', () => {
    for (const rule of advisor.rules) {
      expect(
        cases.some((c) => c.rule === rule.id && c.fires > 0),
        `${rule.id} fires`,
      ).toBe(true);
      expect(
        cases.some((c) => c.rule === rule.id && c.fires === 0),
        `${rule.id} stays quiet`,
      ).toBe(true);
    }
  });

  it('at least three rules per dimension', () => {
    for (const d of ['performance', 'security', 'reliability', 'cost', 'service_baseline'])
      expect(advisor.rules.filter((r) => r.dimension === d).length, d).toBeGreaterThanOrEqual(3);
  });
});

describe('R-OA-1 entitlement: cost and capacity only for business level and above', () => {
  const features = (level: string) => catalog.level(level).features.map((f) => f.id);
  const available = (level: string) =>
    effectiveRules(advisor, features(level), [])
      .filter((r) => r.available)
      .map((r) => r.rule.id);
  const costOrCapacity = advisor.rules.filter((r) => r.dimension === 'cost' || r.capacity).map((r) => r.id);

  it.each(['basic', 'developer'])('%s: every rule but cost and capacity', (level) => {
    const ids = available(level);
    expect(ids.length).toBeGreaterThan(0);
    for (const id of costOrCapacity) expect(ids).not.toContain(id);
    const unavailable = effectiveRules(advisor, features(level), []).filter((r) => !r.available);
    expect(new Set(unavailable.map((r) => r.missingFeature))).toEqual(new Set(['optimization_advisor_cost_capacity']));
  });

  it.each(['business', 'enterprise_onramp', 'enterprise'])('%s: every rule', (level) => {
    expect(available(level)).toEqual(advisor.rules.map((r) => r.id));
  });

  it('a level without the advisor feature has no rule available; a catalog without an advisor has no rules', () => {
    expect(
      effectiveRules(advisor, ['optimization_advisor_cost_capacity'], []).every(
        (r) => !r.available && r.missingFeature === 'optimization_advisor',
      ),
    ).toBe(true);
    expect(effectiveRules(null, ['optimization_advisor'], [])).toEqual([]);
  });

  it('R-OA-2 a rule switched off is not run; one switched on again is; stored thresholds override defaults within range', () => {
    const rules = effectiveRules(advisor, features('business'), [
      { ruleId: 'eip-unbound', enabled: false, thresholds: {} },
      { ruleId: 'ecs-cpu-high', enabled: true, thresholds: { percent: 95, windowDays: 999 } },
    ]);
    expect(runnableRules(rules).map((r) => r.rule.id)).not.toContain('eip-unbound');
    const cpu = rules.find((r) => r.rule.id === 'ecs-cpu-high')!;
    // 999 is outside today's range (1–30): the default applies.
    expect(cpu.thresholds).toEqual({ percent: 95, windowDays: 7, minSharePercent: 50 });
    expect(evaluate('eip-unbound', { resources: [res('a', 'eip')] })).toHaveLength(1);
  });
});

describe('R-OA-2 thresholds an account may set (seed 000 §1.5.19: performance and cost only)', () => {
  const rule = (id: string) => advisor.rules.find((r) => r.id === id)!;
  const cases: { name: string; rule: string; patch: Record<string, number | null>; issues: string[] }[] = [
    {
      name: 'the range ends are accepted',
      rule: 'ecs-cpu-high',
      patch: { percent: 1, windowDays: 30, minSharePercent: 100 },
      issues: [],
    },
    { name: 'below the minimum', rule: 'ecs-cpu-high', patch: { percent: 0.99 }, issues: ['body.thresholds.percent'] },
    {
      name: 'above the maximum',
      rule: 'ecs-cpu-high',
      patch: { percent: 100.01 },
      issues: ['body.thresholds.percent'],
    },
    {
      name: 'a window of part of a day',
      rule: 'ecs-idle',
      patch: { windowDays: 2.5 },
      issues: ['body.thresholds.windowDays'],
    },
    {
      name: 'an unknown threshold',
      rule: 'ecs-cpu-high',
      patch: { minSizeGb: 3 },
      issues: ['body.thresholds.minSizeGb'],
    },
    { name: 'null returns to the default', rule: 'evs-unattached', patch: { minSizeGb: null }, issues: [] },
    {
      name: 'a security rule has none',
      rule: 'sg-admin-ports-open',
      patch: { percent: 50 },
      issues: ['body.thresholds.percent'],
    },
    {
      name: 'a reliability rule has none',
      rule: 'rds-single-node',
      patch: { any: 1 },
      issues: ['body.thresholds.any'],
    },
    {
      name: 'a cost rule without thresholds says so',
      rule: 'eip-unbound',
      patch: { days: 1 },
      issues: ['body.thresholds.days'],
    },
  ];
  it.each(cases)('$rule: $name', (c) => {
    expect(thresholdIssues(rule(c.rule), c.patch).map((i) => i.path)).toEqual(c.issues);
  });
  it('a patch merges into the stored values; null removes one', () => {
    expect(mergeThresholds({ percent: 90, windowDays: 3 }, { percent: null, minSharePercent: 60 })).toEqual({
      windowDays: 3,
      minSharePercent: 60,
    });
  });
});
