/**
 * R-OA-2: the results of a scheduled run, mailed (and put in the message center) in the account's locale: the count
 * by dimension and severity, what is new and what was resolved, and a link to the run in the console. Pure.
 */
import { ADVISOR_DIMENSIONS, type AdvisorDimension } from '../../../domain/catalog/advisor-schema.js';
import { totalOf, type RiskSummary } from './finding.js';

type Texts = { 'zh-CN': string; 'en-US': string };

export const DIMENSION_NAMES: Record<AdvisorDimension, Texts> = {
  performance: { 'zh-CN': '性能', 'en-US': 'Performance' },
  security: { 'zh-CN': '安全', 'en-US': 'Security' },
  reliability: { 'zh-CN': '可靠性', 'en-US': 'Reliability' },
  cost: { 'zh-CN': '成本', 'en-US': 'Cost' },
  service_baseline: { 'zh-CN': '服务基线', 'en-US': 'Service baseline' },
};

export interface RunNoticeInput {
  readonly runId: string;
  readonly accountName: string;
  readonly summary: RiskSummary;
  readonly opened: number;
  readonly resolved: number;
  /** Dimensions the level does not include (cost for levels below business): shown as such. */
  readonly unavailable: readonly AdvisorDimension[];
  /** The console link, or null without TIERDESK_PUBLIC_URL. */
  readonly link: string | null;
}

export function runNotice(input: RunNoticeInput): { title: Texts; body: Texts } {
  const total = totalOf(input.summary);
  const high = ADVISOR_DIMENSIONS.reduce((n, d) => n + input.summary[d].high, 0);
  const line = (d: AdvisorDimension, locale: 'zh-CN' | 'en-US') => {
    const s = input.summary[d];
    const name = DIMENSION_NAMES[d][locale];
    if (input.unavailable.includes(d))
      return locale === 'zh-CN' ? `${name}：当前支持计划不包含` : `${name}: not included in your plan`;
    return locale === 'zh-CN'
      ? `${name}：高 ${s.high}，中 ${s.medium}，低 ${s.low}`
      : `${name}: ${s.high} high, ${s.medium} medium, ${s.low} low`;
  };
  const zh = [
    `${input.accountName}：本次检查发现 ${total} 项风险（新增 ${input.opened} 项，已解决 ${input.resolved} 项）。`,
    '',
    ...ADVISOR_DIMENSIONS.map((d) => line(d, 'zh-CN')),
    ...(input.link ? ['', `查看详情：${input.link}`] : []),
  ];
  const en = [
    `${input.accountName}: this check found ${total} risk(s) (${input.opened} new, ${input.resolved} resolved).`,
    '',
    ...ADVISOR_DIMENSIONS.map((d) => line(d, 'en-US')),
    ...(input.link ? ['', `Details: ${input.link}`] : []),
  ];
  return {
    title: {
      'zh-CN': `优化顾问检查结果：${total} 项风险（高风险 ${high} 项）`,
      'en-US': `Optimization Advisor results: ${total} risk(s), ${high} high`,
    },
    body: { 'zh-CN': zh.join('\n'), 'en-US': en.join('\n') },
  };
}
