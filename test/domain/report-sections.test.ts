/**
 * R-RPT-2 section builders on fixed facts, numbers checked by hand; R-RPT-3 missing data said, never invented.
 * March 2026 in UTC+8: A opened 03-02 10:00, answered after 12 min by its 15-min deadline, resolved 03-03, rated 4;
 * B opened 03-10 answered after 40 min, 10 min late; C opened 03-31 23:50, unanswered, due 04-01 00:20 (not yet
 * measured); D carried from February, still open. SLA 1 met of 2 measured = 50%; first response average (12+40)/2
 * = 26 min, worst 40; open at the month's end: D and C (A and B were resolved).
 */
import { describe, expect, it } from 'vitest';
import { buildSections, money, type ReportFacts, type TicketFact } from '../../src/contexts/reports/domain/sections.js';

const at = (s: string) => new Date(`${s}+08:00`);
const ticket = (t: Partial<TicketFact> & Pick<TicketFact, 'number' | 'openedAt' | 'responseDueAt'>): TicketFact => ({
  subject: `subject ${t.number}`,
  category: 'technical',
  severity: 'production_down',
  status: 'open',
  respondedAt: null,
  breached: false,
  resolvedAt: null,
  closedAt: null,
  ratingStars: null,
  ratedAt: null,
  ...t,
});

const base: ReportFacts = {
  month: '2026-03',
  fromAt: at('2026-03-01T00:00:00'),
  toAt: at('2026-04-01T00:00:00'),
  locale: 'en-US',
  tickets: [
    ticket({
      number: 'D',
      openedAt: at('2026-02-20T09:00:00'),
      responseDueAt: at('2026-02-20T09:15:00'),
      respondedAt: at('2026-02-20T09:05:00'),
      severity: 'production_impaired',
    }),
    ticket({
      number: 'A',
      openedAt: at('2026-03-02T10:00:00'),
      responseDueAt: at('2026-03-02T10:15:00'),
      respondedAt: at('2026-03-02T10:12:00'),
      resolvedAt: at('2026-03-03T10:00:00'),
      status: 'resolved',
      ratingStars: 4,
      ratedAt: at('2026-03-04T10:00:00'),
    }),
    ticket({
      number: 'B',
      openedAt: at('2026-03-10T10:00:00'),
      responseDueAt: at('2026-03-10T10:30:00'),
      respondedAt: at('2026-03-10T10:40:00'),
      breached: true,
      resolvedAt: at('2026-03-11T10:00:00'),
      status: 'resolved',
      category: 'non_technical',
      severity: null,
    }),
    ticket({ number: 'C', openedAt: at('2026-03-31T23:50:00'), responseDueAt: at('2026-04-01T00:20:00') }),
  ],
  requests: [
    { number: 'SR1', service: 'availability_check', completedAt: at('2026-03-15T12:00:00') },
    { number: 'SR0', service: 'availability_check', completedAt: at('2026-02-15T12:00:00') },
  ],
  severityNames: new Map([
    ['production_down', 'Production system down'],
    ['production_impaired', 'Production system impaired'],
  ]),
  serviceNames: new Map([['availability_check', 'Availability check']]),
  resources: null,
  findings: null,
  metrics: [],
  usage: { records: 0, byMonth: [] },
  currency: { code: 'CNY', minorUnits: 2 },
};

const ALL = [
  'summary',
  'service_summary',
  'service_tickets',
  'resource_overview',
  'security',
  'optimization_suggestions',
  'availability_analysis',
  'health_analysis',
  'consumption_trend',
];

describe('R-RPT-2 sections', () => {
  const s = Object.fromEntries(buildSections(ALL, base).map((x) => [x.id, x]));

  it('service summary: counts, SLA, first response, open items, ratings, delivered requests', () => {
    expect(s.service_summary).toMatchObject({
      title: 'Service summary',
      ticketsOpened: 3,
      ticketsResolved: 2,
      byCategory: [
        { category: 'technical', name: 'Technical', count: 2 },
        { category: 'non_technical', name: 'Non-technical', count: 1 },
      ],
      bySeverity: [
        { severity: 'production_down', name: 'Production system down', count: 2 },
        { severity: 'none', name: 'None', count: 1 },
      ],
      sla: { measured: 2, met: 1, missed: 1, pending: 1, metPercent: 50 },
      firstResponse: { answered: 2, averageMinutes: 26, worstMinutes: 40 },
      openItems: [
        { number: 'D', subject: 'subject D', status: 'open' },
        { number: 'C', subject: 'subject C', status: 'open' },
      ],
      ratings: { count: 1, averageStars: 4 },
      requestsDelivered: [
        {
          number: 'SR1',
          service: 'availability_check',
          name: 'Availability check',
          completedAt: '2026-03-15T04:00:00.000Z',
        },
      ],
    });
  });

  it('ticket list: every ticket of the month and those carried into it, with created and resolved', () => {
    expect((s.service_tickets as any).tickets.map((x: any) => [x.number, x.resolvedAt])).toEqual([
      ['D', null],
      ['A', '2026-03-03T02:00:00.000Z'],
      ['B', '2026-03-11T02:00:00.000Z'],
      ['C', null],
    ]);
  });

  it('R-RPT-3: no resources, no advisor, no metrics, no usage → missingData with a reason each; summary keeps what it knows', () => {
    for (const id of [
      'resource_overview',
      'security',
      'optimization_suggestions',
      'availability_analysis',
      'health_analysis',
      'consumption_trend',
    ])
      expect(s[id]).toMatchObject({ missingData: true, missingReason: expect.stringMatching(/.{40,}/) });
    expect(s.security!.missingReason).toContain('no automated checks');
    expect(s.summary).toMatchObject({
      ticketsOpened: 3,
      slaMetPercent: 50,
      resources: null,
      consumption: null,
      openHighFindings: null,
    });
    expect(s.summary!.missingData).toBeUndefined();
  });

  it('an account with nothing at all: the summary says so', () => {
    const empty = buildSections(['summary'], { ...base, tickets: [], requests: [] });
    expect(empty[0]).toMatchObject({ missingData: true, missingReason: expect.stringContaining('no tickets') });
  });

  it('with data: resources, findings split by dimension, risk items at peaks ≥ 90%, consumption in major units', () => {
    const facts: ReportFacts = {
      ...base,
      locale: 'zh-CN',
      resources: {
        hasData: true,
        total: 3,
        byType: [
          { type: 'ecs', count: 2 },
          { type: 'rds', count: 1 },
        ],
        added: 1,
        removed: 0,
        changed: 2,
      },
      findings: [
        {
          ruleId: 'sg',
          dimension: 'security',
          severity: 'high',
          status: 'open',
          resourceId: 'r1',
          title: 'open port',
          recommendation: 'close it',
        },
        {
          ruleId: 'cpu',
          dimension: 'performance',
          severity: 'medium',
          status: 'resolved',
          resourceId: 'r2',
          title: 'cpu',
          recommendation: 'resize',
        },
      ],
      metrics: [
        {
          metric: 'cpu_util',
          hasData: true,
          samples: 48,
          average: 55.55,
          peak: 93,
          days: [{ date: '2026-03-01', average: 55.55, peak: 93 }],
          resources: [
            { resourceId: 'r1', name: 'web-1', type: 'ecs', average: 70, peak: 93 },
            { resourceId: 'r2', name: 'web-2', type: 'ecs', average: 20, peak: 89.9 },
          ],
        },
      ],
      usage: {
        records: 2,
        byMonth: [
          { month: '2026-02', amountMinor: 0n },
          { month: '2026-03', amountMinor: 123456n },
        ],
      },
    };
    const x = Object.fromEntries(buildSections(ALL, facts).map((v) => [v.id, v]));
    expect(x.resource_overview).toMatchObject({ title: '资源概况', total: 3, added: 1, changed: 2 });
    expect(x.security).toMatchObject({ title: '安全防护', open: 1, resolved: 0, items: [{ ruleId: 'sg' }] });
    expect(x.optimization_suggestions).toMatchObject({ open: 0, resolved: 1, items: [{ ruleId: 'cpu' }] });
    expect(x.availability_analysis).toMatchObject({ riskItems: [{ resourceId: 'r1', metric: 'cpu_util', peak: 93 }] });
    expect(x.health_analysis).toMatchObject({ metrics: [{ metric: 'cpu_util', average: 55.6, peak: 93 }] });
    expect(x.consumption_trend).toMatchObject({
      months: [
        { month: '2026-02', amount: '0.00' },
        { month: '2026-03', amount: '1234.56' },
      ],
    });
    expect(x.summary).toMatchObject({ resources: 3, openHighFindings: 1, consumption: '1234.56' });
  });

  it('money', () => {
    expect(money(5n, 2)).toBe('0.05');
    expect(money(-1234n, 2)).toBe('-12.34');
    expect(money(7n, 0)).toBe('7');
  });
});
