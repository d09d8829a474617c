/** The advisor message table (R-OA-2): the results notice and the export's words in every locale. */
import { describe, expect, it } from 'vitest';
import { ADVISOR_MESSAGES, advisorWord, dimensionName } from '../../src/contexts/advisor/domain/messages.js';
import { runNotice } from '../../src/contexts/advisor/domain/notice.js';
import { checkMessageTable } from './message-table-checks.js';

const word = (zh: string, en: string) =>
  [{}, { 'zh-CN': zh, 'en-US': en }] as [object, { 'zh-CN': string; 'en-US': string }];

checkMessageTable('advisor', ADVISOR_MESSAGES, {
  'dimension.performance': word('性能', 'Performance'),
  'dimension.security': word('安全', 'Security'),
  'dimension.reliability': word('可靠性', 'Reliability'),
  'dimension.cost': word('成本', 'Cost'),
  'dimension.service_baseline': word('服务基线', 'Service baseline'),
  'run.title': [
    { total: 10, high: 3 },
    {
      'zh-CN': '优化顾问检查结果：10 项风险（高风险 3 项）',
      'en-US': 'Optimization Advisor results: 10 risk(s), 3 high',
    },
  ],
  'run.intro': [
    { account: 'Acme', total: 10, opened: 2, resolved: 1 },
    {
      'zh-CN': 'Acme：本次检查发现 10 项风险（新增 2 项，已解决 1 项）。',
      'en-US': 'Acme: this check found 10 risk(s) (2 new, 1 resolved).',
    },
  ],
  'run.dimension': [
    { dimension: { 'zh-CN': '性能', 'en-US': 'Performance' }, high: 1, medium: 2, low: 3 },
    { 'zh-CN': '性能：高 1，中 2，低 3', 'en-US': 'Performance: 1 high, 2 medium, 3 low' },
  ],
  'run.dimension_unavailable': [
    { dimension: { 'zh-CN': '成本', 'en-US': 'Cost' } },
    { 'zh-CN': '成本：当前支持计划不包含', 'en-US': 'Cost: not included in your plan' },
  ],
  'run.details': [
    { link: 'https://x/advisor/runs/r' },
    { 'zh-CN': '查看详情：https://x/advisor/runs/r', 'en-US': 'Details: https://x/advisor/runs/r' },
  ],
  'export.sheet': word('风险检查结果', 'Findings'),
  'export.header.dimension': word('维度', 'Dimension'),
  'export.header.severity': word('风险等级', 'Severity'),
  'export.header.status': word('状态', 'Status'),
  'export.header.title': word('标题', 'Title'),
  'export.header.resource': word('资源', 'Resource'),
  'export.header.resource_type': word('资源类型', 'Resource type'),
  'export.header.resource_name': word('资源名称', 'Resource name'),
  'export.header.detail': word('详情', 'Detail'),
  'export.header.recommendation': word('优化建议', 'Recommendation'),
  'export.header.evidence': word('依据', 'Evidence'),
  'export.header.rule': word('检查项', 'Rule'),
  'export.header.first_seen': word('首次发现', 'First seen'),
  'export.header.last_seen': word('最近发现', 'Last seen'),
  'export.header.resolved': word('解决时间', 'Resolved'),
  'export.header.id': word('风险编号', 'Finding id'),
  'severity.high': word('高', 'High'),
  'severity.medium': word('中', 'Medium'),
  'severity.low': word('低', 'Low'),
  'status.open': word('未解决', 'Open'),
  'status.resolved': word('已解决', 'Resolved'),
});

describe('advisor texts', () => {
  it('a word by id, or the fallback for an id the table lacks', () => {
    expect(advisorWord('severity.high', 'zh-CN', 'high')).toBe('高');
    expect(advisorWord('severity.odd', 'en-US', 'odd')).toBe('odd');
    expect(advisorWord('constructor', 'en-US', 'x')).toBe('x');
    expect(dimensionName('service_baseline', 'en-US')).toBe('Service baseline');
  });

  it('R-OA-2 the whole results notice, line by line', () => {
    const summary = {
      performance: { high: 1, medium: 2, low: 3 },
      security: { high: 0, medium: 1, low: 0 },
      reliability: { high: 2, medium: 0, low: 0 },
      cost: { high: 0, medium: 0, low: 0 },
      service_baseline: { high: 0, medium: 0, low: 1 },
    };
    const n = runNotice({
      runId: 'r',
      accountName: 'Acme',
      summary,
      opened: 2,
      resolved: 1,
      unavailable: ['cost'],
      link: 'https://x/advisor/runs/r',
    });
    expect(n).toEqual({
      title: {
        'zh-CN': '优化顾问检查结果：10 项风险（高风险 3 项）',
        'en-US': 'Optimization Advisor results: 10 risk(s), 3 high',
      },
      body: {
        'zh-CN':
          'Acme：本次检查发现 10 项风险（新增 2 项，已解决 1 项）。\n\n性能：高 1，中 2，低 3\n安全：高 0，中 1，低 0\n可靠性：高 2，中 0，低 0\n成本：当前支持计划不包含\n服务基线：高 0，中 0，低 1\n\n查看详情：https://x/advisor/runs/r',
        'en-US':
          'Acme: this check found 10 risk(s) (2 new, 1 resolved).\n\nPerformance: 1 high, 2 medium, 3 low\nSecurity: 0 high, 1 medium, 0 low\nReliability: 2 high, 0 medium, 0 low\nCost: not included in your plan\nService baseline: 0 high, 0 medium, 1 low\n\nDetails: https://x/advisor/runs/r',
      },
    });
  });
});
