/**
 * The advisor context's message table (R-OA-2): the results notice of a scheduled run (mailed and put in the message
 * center) and the words of the findings export (its sheet, headers, dimensions, severities and states), in every
 * locale. `domain/notice.ts` and `domain/export-table.ts` render them; rule texts are catalog data, not here.
 */
import type { AdvisorDimension } from '../../../domain/catalog/advisor-schema.js';
import type { Locale } from '../../../domain/catalog/catalog-schema.js';
import { messageTable, renderIn } from '../../../domain/messages/message-table.js';

export const ADVISOR_MESSAGES = messageTable({
  'dimension.performance': { 'zh-CN': '性能', 'en-US': 'Performance' },
  'dimension.security': { 'zh-CN': '安全', 'en-US': 'Security' },
  'dimension.reliability': { 'zh-CN': '可靠性', 'en-US': 'Reliability' },
  'dimension.cost': { 'zh-CN': '成本', 'en-US': 'Cost' },
  'dimension.service_baseline': { 'zh-CN': '服务基线', 'en-US': 'Service baseline' },
  // The results notice: a title, an opening line, one line per dimension, the link.
  'run.title': {
    'zh-CN': '优化顾问检查结果：{total} 项风险（高风险 {high} 项）',
    'en-US': 'Optimization Advisor results: {total} risk(s), {high} high',
  },
  'run.intro': {
    'zh-CN': '{account}：本次检查发现 {total} 项风险（新增 {opened} 项，已解决 {resolved} 项）。',
    'en-US': '{account}: this check found {total} risk(s) ({opened} new, {resolved} resolved).',
  },
  'run.dimension': {
    'zh-CN': '{dimension}：高 {high}，中 {medium}，低 {low}',
    'en-US': '{dimension}: {high} high, {medium} medium, {low} low',
  },
  /** A dimension the level does not include (cost below business). */
  'run.dimension_unavailable': {
    'zh-CN': '{dimension}：当前支持计划不包含',
    'en-US': '{dimension}: not included in your plan',
  },
  'run.details': { 'zh-CN': '查看详情：{link}', 'en-US': 'Details: {link}' },
  // The findings export (CSV and XLSX).
  'export.sheet': { 'zh-CN': '风险检查结果', 'en-US': 'Findings' },
  'export.header.dimension': { 'zh-CN': '维度', 'en-US': 'Dimension' },
  'export.header.severity': { 'zh-CN': '风险等级', 'en-US': 'Severity' },
  'export.header.status': { 'zh-CN': '状态', 'en-US': 'Status' },
  'export.header.title': { 'zh-CN': '标题', 'en-US': 'Title' },
  'export.header.resource': { 'zh-CN': '资源', 'en-US': 'Resource' },
  'export.header.resource_type': { 'zh-CN': '资源类型', 'en-US': 'Resource type' },
  'export.header.resource_name': { 'zh-CN': '资源名称', 'en-US': 'Resource name' },
  'export.header.detail': { 'zh-CN': '详情', 'en-US': 'Detail' },
  'export.header.recommendation': { 'zh-CN': '优化建议', 'en-US': 'Recommendation' },
  'export.header.evidence': { 'zh-CN': '依据', 'en-US': 'Evidence' },
  'export.header.rule': { 'zh-CN': '检查项', 'en-US': 'Rule' },
  'export.header.first_seen': { 'zh-CN': '首次发现', 'en-US': 'First seen' },
  'export.header.last_seen': { 'zh-CN': '最近发现', 'en-US': 'Last seen' },
  'export.header.resolved': { 'zh-CN': '解决时间', 'en-US': 'Resolved' },
  'export.header.id': { 'zh-CN': '风险编号', 'en-US': 'Finding id' },
  'severity.high': { 'zh-CN': '高', 'en-US': 'High' },
  'severity.medium': { 'zh-CN': '中', 'en-US': 'Medium' },
  'severity.low': { 'zh-CN': '低', 'en-US': 'Low' },
  'status.open': { 'zh-CN': '未解决', 'en-US': 'Open' },
  'status.resolved': { 'zh-CN': '已解决', 'en-US': 'Resolved' },
});

export type AdvisorMessageId = keyof typeof ADVISOR_MESSAGES;

/** A message without parameters by id, or `fallback` when the table has none (an unknown severity or state). */
export function advisorWord(id: string, locale: Locale, fallback: string): string {
  return Object.hasOwn(ADVISOR_MESSAGES, id) ? ADVISOR_MESSAGES[id as AdvisorMessageId][locale] : fallback;
}

export function dimensionName(d: AdvisorDimension, locale: Locale): string {
  return renderIn(ADVISOR_MESSAGES, `dimension.${d}`, locale, {});
}
