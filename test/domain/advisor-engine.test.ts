/**
 * R-OA-2 around the rules: the schedule's next run in the account's zone (daily, weekly, DST), the one-month
 * retention cutoff, finding texts with their evidence in both locales, the results notice, and the export table
 * (CSV escaping, formula cells kept as text, the BOM).
 */
import { describe, expect, it } from 'vitest';
import { nextRunAt, type ScheduleSpec } from '../../src/contexts/advisor/domain/schedule.js';
import { expiresAt, retentionCutoff } from '../../src/contexts/advisor/domain/retention.js';
import { fillText, findingText, summarize, totalOf } from '../../src/contexts/advisor/domain/finding.js';
import { runNotice } from '../../src/contexts/advisor/domain/notice.js';
import { exportTable, toCsv, type ExportRow } from '../../src/contexts/advisor/domain/export-table.js';
import { sampleIssues } from '../../src/contexts/advisor/domain/sample-input.js';
import { attributeIssues, canonicalJson } from '../../src/contexts/advisor/domain/resource-input.js';
import { loadCatalog } from '../../src/contexts/catalog/use-cases/load-catalog.js';

describe('R-OA-2 schedule: the next run at a local time', () => {
  const cases: { name: string; spec: ScheduleSpec; zone: string; after: string; next: string }[] = [
    {
      name: 'daily 09:00 Shanghai, before 09:00: today',
      spec: { every: 'day', at: '09:00', weekday: 1 },
      zone: 'Asia/Shanghai',
      after: '2026-01-01T00:00:00Z',
      next: '2026-01-01T01:00:00.000Z',
    },
    {
      name: 'daily 09:00, exactly at 09:00: tomorrow (strictly after)',
      spec: { every: 'day', at: '09:00', weekday: 1 },
      zone: 'Asia/Shanghai',
      after: '2026-01-01T01:00:00Z',
      next: '2026-01-02T01:00:00.000Z',
    },
    {
      name: 'daily 00:00 Shanghai across the year end',
      spec: { every: 'day', at: '00:00', weekday: 1 },
      zone: 'Asia/Shanghai',
      after: '2026-12-31T16:00:00Z',
      next: '2027-01-01T16:00:00.000Z',
    },
    {
      name: 'weekly Monday 02:00 from a Thursday (2026-01-01)',
      spec: { every: 'week', at: '02:00', weekday: 1 },
      zone: 'Asia/Shanghai',
      after: '2026-01-01T00:00:00Z',
      next: '2026-01-04T18:00:00.000Z',
    },
    {
      name: 'weekly Thursday 09:00 on Thursday 08:59 local: the same day',
      spec: { every: 'week', at: '09:00', weekday: 4 },
      zone: 'Asia/Shanghai',
      after: '2026-01-01T00:59:00Z',
      next: '2026-01-01T01:00:00.000Z',
    },
    {
      name: 'weekly Thursday 09:00 on Thursday 09:00 local: a week later',
      spec: { every: 'week', at: '09:00', weekday: 4 },
      zone: 'Asia/Shanghai',
      after: '2026-01-01T01:00:00Z',
      next: '2026-01-08T01:00:00.000Z',
    },
    {
      name: 'a local time in the DST gap moves forward (New York 02:30 on 2026-03-08)',
      spec: { every: 'day', at: '02:30', weekday: 1 },
      zone: 'America/New_York',
      after: '2026-03-08T05:00:00Z',
      next: '2026-03-08T07:30:00.000Z',
    },
    {
      name: 'after the DST change the same local time is an hour earlier in UTC',
      spec: { every: 'day', at: '09:00', weekday: 1 },
      zone: 'America/New_York',
      after: '2026-03-08T15:00:00Z',
      next: '2026-03-09T13:00:00.000Z',
    },
  ];
  it.each(cases)('$name', (c) => {
    expect(nextRunAt(c.spec, new Date(c.after), c.zone).toISOString()).toBe(c.next);
  });
});

describe('seed 000 §1.5.19: data is kept one month', () => {
  it.each([
    ['2026-03-31T10:00:00Z', '2026-02-28T10:00:00.000Z'],
    ['2026-03-15T00:00:00Z', '2026-02-15T00:00:00.000Z'],
    ['2026-01-01T00:00:00Z', '2025-12-01T00:00:00.000Z'],
  ])('cutoff at %s is %s', (now, cutoff) => {
    expect(retentionCutoff(new Date(now)).toISOString()).toBe(cutoff);
  });
  it('data expires a calendar month after it is dated', () => {
    expect(expiresAt(new Date('2026-01-31T12:00:00Z')).toISOString()).toBe('2026-02-28T12:00:00.000Z');
  });
  it('samples older than the cutoff or more than a day ahead are refused, values outside 0–100 too', () => {
    const now = new Date('2026-03-15T00:00:00Z');
    const samples = [
      { resourceId: 'r', metric: 'cpu_util', at: '2026-02-15T00:00:00Z', value: 0 },
      { resourceId: 'r', metric: 'cpu_util', at: '2026-02-14T23:59:59Z', value: 100 },
      { resourceId: 'r', metric: 'cpu_util', at: '2026-03-16T00:00:00Z', value: 50 },
      { resourceId: 'r', metric: 'cpu_util', at: '2026-03-16T00:00:01Z', value: 50 },
      { resourceId: 'r', metric: 'cpu_util', at: '2026-03-01T00:00:00Z', value: 100.5 },
      { resourceId: 'r', metric: 'cpu_util', at: '2026-03-01T00:00:00Z', value: -0.1 },
    ];
    expect(sampleIssues(samples, now, new Float64Array(samples.length)).map((i) => i.path)).toEqual([
      'body.samples.1.at',
      'body.samples.3.at',
      'body.samples.4.value',
      'body.samples.5.value',
    ]);
  });
});

describe('R-OA-1 resource attributes the rules read keep their documented shape', () => {
  it.each([
    ['rds', { ha: 'no' }, ['x.attributes.ha']],
    ['eip', { boundTo: 7 }, ['x.attributes.boundTo']],
    ['evs', { attachedTo: null, sizeGb: -1 }, ['x.attributes.sizeGb']],
    ['ecs', { securityGroups: 'sg-1', vcpus: 4 }, ['x.attributes.securityGroups']],
    [
      'security_group',
      { rules: [{ direction: 'in', protocol: 'tcp', source: '0.0.0.0/0', portRange: '22:23' }] },
      ['x.attributes.rules.0.direction', 'x.attributes.rules.0.portRange'],
    ],
    ['security_group', { rules: [{ direction: 'ingress', protocol: 'tcp', source: '0.0.0.0/0', port: 22 }] }, []],
    ['obs', { anything: { goes: true } }, []],
  ] as const)('%s %j', (type, attributes, paths) => {
    expect(attributeIssues(type, attributes as Record<string, unknown>, 'x').map((i) => i.path)).toEqual(paths);
  });
  it('content is compared whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: [{ y: 2, x: 1 }] })).toBe(canonicalJson({ a: [{ x: 1, y: 2 }], b: 1 }));
  });
});

describe('R-OA-2 findings as people read them', async () => {
  const catalog = await loadCatalog('huaweicloud-intl');
  const cpu = catalog.def.advisor!.rules.find((r) => r.id === 'ecs-cpu-high')!;
  const evidence = {
    samples: 24,
    sharePercent: 62.5,
    percent: 80,
    windowDays: 7,
    averagePercent: 83.25,
    maxPercent: 99,
  };
  it('fills the evidence in English and Chinese, the resource by name', () => {
    expect(findingText(cpu, evidence, 'en-US', 'web-1')).toEqual({
      title: 'Sustained high CPU on web-1',
      detail: '62.5% of 24 samples over the last 7 days were at or above 80% (average 83.3%, peak 99%).',
      recommendation: cpu.recommendation['en-US'],
    });
    expect(findingText(cpu, evidence, 'zh-CN', 'web-1').title).toBe('web-1 的 CPU 使用率持续过高');
    expect(findingText(cpu, evidence, 'zh-CN', 'web-1').detail).toContain('近 7 天的 24 个采样中有 62.5% 不低于 80%');
  });
  it('a value the evidence lacks shows as a dash; lists are joined', () => {
    expect(fillText('{a} {b} {resource}', { a: ['22', 3389] }, 'en-US', null)).toBe('22, 3389 – –');
    expect(fillText('{a}', { a: [22, 3389] }, 'zh-CN', null)).toBe('22、3389');
  });
  it('the results notice counts by dimension and severity and links to the run', () => {
    const summary = summarize([
      { dimension: 'security', severity: 'high' },
      { dimension: 'security', severity: 'low' },
      { dimension: 'performance', severity: 'high' },
    ]);
    expect(totalOf(summary)).toBe(3);
    const n = runNotice({
      runId: 'oar_1',
      accountName: 'Acme',
      summary,
      opened: 2,
      resolved: 1,
      unavailable: ['cost'],
      link: 'https://desk.example/advisor/history/oar_1',
    });
    expect(n.title['en-US']).toBe('Optimization Advisor results: 3 risk(s), 2 high');
    expect(n.body['en-US']).toContain('Security: 1 high, 0 medium, 1 low');
    expect(n.body['en-US']).toContain('Cost: not included in your plan');
    expect(n.body['en-US']).toContain('(2 new, 1 resolved)');
    expect(n.body['en-US']).toContain('Details: https://desk.example/advisor/history/oar_1');
    expect(n.body['zh-CN']).toContain('安全：高 1，中 0，低 1');
    expect(
      runNotice({ runId: 'x', accountName: 'A', summary, opened: 0, resolved: 0, unavailable: [], link: null }).body[
        'en-US'
      ],
    ).not.toContain('Details');
  });
});

describe('R-OA-2 export table', () => {
  const row: ExportRow = {
    id: 'fnd_1',
    ruleId: 'sg-admin-ports-open',
    dimension: 'security',
    severity: 'high',
    status: 'open',
    resourceId: 'sg-1',
    resourceType: 'security_group',
    resourceName: '=HYPERLINK("x")',
    title: 'Opens "22", to all',
    detail: 'line one\nline two',
    recommendation: '-restrict',
    evidence: { ports: [22] },
    firstSeenAt: '2026-01-01T00:00:00.000Z',
    lastSeenAt: '2026-01-01T00:00:00.000Z',
    resolvedAt: null,
  };
  it('localizes headers, dimension, severity and status', () => {
    expect(exportTable([row], 'zh-CN').rows[0]!.slice(0, 3)).toEqual(['安全', '高', '未解决']);
    expect(exportTable([row], 'en-US').headers[0]).toBe('Dimension');
  });
  it('CSV: BOM, CRLF, quotes doubled, commas and newlines quoted, formula cells kept as text', () => {
    const csv = toCsv(exportTable([row], 'en-US'));
    expect(csv.startsWith('\uFEFFDimension,Severity')).toBe(true);
    const line = csv.split('\r\n')[1]!;
    expect(line).toContain('"Opens ""22"", to all"');
    expect(line).toContain(`"'=HYPERLINK(""x"")"`);
    expect(line).toContain("'-restrict");
    expect(csv).toContain('"line one\nline two"');
    expect(csv.endsWith('\r\n')).toBe(true);
  });
});
