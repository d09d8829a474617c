/**
 * The reports context's message table (R-RPT-2: the report's words in the account's locale; R-RPT-3: why a section
 * has no data; R-NTF-1: the report mail): section titles, reasons for missing data, the page's labels and the mail's
 * subject and text, in every locale. The page reads the labels as one record per locale (`LABELS`, built once).
 */
import { messageTable, renderIn, type MessageId } from '../../../domain/messages/message-table.js';

export type ReportLocale = 'zh-CN' | 'en-US';

export function reportLocale(locale: string): ReportLocale {
  return locale === 'zh-CN' ? 'zh-CN' : 'en-US';
}

export const REPORT_MESSAGES = messageTable({
  // Section titles (R-RPT-2), by section id.
  'section.summary': { 'zh-CN': '支持总结', 'en-US': 'Summary' },
  'section.service_summary': { 'zh-CN': '服务总结', 'en-US': 'Service summary' },
  'section.resource_overview': { 'zh-CN': '资源概况', 'en-US': 'Resource overview' },
  'section.service_tickets': { 'zh-CN': '服务工单', 'en-US': 'Service tickets' },
  'section.security': { 'zh-CN': '安全防护', 'en-US': 'Security' },
  'section.optimization_suggestions': { 'zh-CN': '优化建议', 'en-US': 'Optimization suggestions' },
  'section.consumption_trend': { 'zh-CN': '消费趋势', 'en-US': 'Consumption trend' },
  'section.availability_analysis': { 'zh-CN': '云上资源可用性分析', 'en-US': 'Availability analysis' },
  'section.health_analysis': {
    'zh-CN': '主要云资源和网络健康状态分析',
    'en-US': 'Resource and network health analysis',
  },
  // Why a section has no data (R-RPT-3), by cause.
  'missing.no_resources': {
    'zh-CN': '{month} 未收到该账号的云资源数据（例如尚处于上云 POC 阶段，或资源池暂未对接），本节不提供数据。',
    'en-US':
      'No cloud resource data was received for this account in {month} (for example a POC deployment, or a resource pool not yet connected), so this section has no data.',
  },
  'missing.no_advisor': {
    'zh-CN': '本服务商未提供自动化检查（优化顾问），没有可报告的检查结果。',
    'en-US': 'This provider runs no automated checks (optimization advisor), so there are no check results to report.',
  },
  'missing.no_findings_data': {
    'zh-CN': '{month} 没有该账号的资源或检查数据（未授权检查，或未收到资源数据），本节不提供结论。',
    'en-US':
      'There is no resource or check data for this account in {month} (checks not authorized, or no resources received), so this section draws no conclusions.',
  },
  'missing.no_metrics': {
    'zh-CN': '{month} 未收到该账号的资源监控数据，无法进行分析。',
    'en-US': 'No resource monitoring data was received for this account in {month}, so there is nothing to analyse.',
  },
  'missing.no_usage': {
    'zh-CN': '近六个月未收到该账号的消费记录，无法展示消费趋势。',
    'en-US': 'No usage records were received for this account in the last six months, so there is no trend to show.',
  },
  'missing.no_data': {
    'zh-CN': '{month} 该账号没有工单、服务单、资源或消费数据。',
    'en-US': 'This account has no tickets, service requests, resources or usage in {month}.',
  },
  // The page's labels.
  'label.reportTitle': { 'zh-CN': '服务月报', 'en-US': 'Monthly service report' },
  'label.account': { 'zh-CN': '账号', 'en-US': 'Account' },
  'label.month': { 'zh-CN': '月份', 'en-US': 'Month' },
  'label.level': { 'zh-CN': '支持级别', 'en-US': 'Support level' },
  'label.generatedAt': { 'zh-CN': '生成时间', 'en-US': 'Generated' },
  'label.version': { 'zh-CN': '版本', 'en-US': 'Version' },
  'label.technical': { 'zh-CN': '技术类', 'en-US': 'Technical' },
  'label.non_technical': { 'zh-CN': '非技术类', 'en-US': 'Non-technical' },
  'label.ticketsOpened': { 'zh-CN': '本月新建工单', 'en-US': 'Tickets opened' },
  'label.ticketsResolved': { 'zh-CN': '本月解决工单', 'en-US': 'Tickets resolved' },
  'label.slaMet': { 'zh-CN': '响应 SLA 达成率', 'en-US': 'Response SLA met' },
  'label.avgFirstResponse': { 'zh-CN': '平均首次响应', 'en-US': 'Average first response' },
  'label.worstFirstResponse': { 'zh-CN': '最长首次响应', 'en-US': 'Worst first response' },
  'label.openItems': { 'zh-CN': '未结事项', 'en-US': 'Open items' },
  'label.ratings': { 'zh-CN': '评价', 'en-US': 'Ratings' },
  'label.averageStars': { 'zh-CN': '平均评分', 'en-US': 'Average rating' },
  'label.requestsDelivered': { 'zh-CN': '本月交付服务单', 'en-US': 'Service requests delivered' },
  'label.byCategory': { 'zh-CN': '按类别', 'en-US': 'By category' },
  'label.bySeverity': { 'zh-CN': '按级别', 'en-US': 'By severity' },
  'label.number': { 'zh-CN': '编号', 'en-US': 'Number' },
  'label.description': { 'zh-CN': '描述', 'en-US': 'Description' },
  'label.category': { 'zh-CN': '类别', 'en-US': 'Category' },
  'label.severity': { 'zh-CN': '级别', 'en-US': 'Severity' },
  'label.created': { 'zh-CN': '创建时间', 'en-US': 'Created' },
  'label.resolved': { 'zh-CN': '解决时间', 'en-US': 'Resolved' },
  'label.status': { 'zh-CN': '状态', 'en-US': 'Status' },
  'label.service': { 'zh-CN': '服务', 'en-US': 'Service' },
  'label.completed': { 'zh-CN': '完成时间', 'en-US': 'Completed' },
  'label.resourcesTotal': { 'zh-CN': '资源总数', 'en-US': 'Resources' },
  'label.added': { 'zh-CN': '新增', 'en-US': 'Added' },
  'label.removed': { 'zh-CN': '释放', 'en-US': 'Removed' },
  'label.changed': { 'zh-CN': '变更', 'en-US': 'Changed' },
  'label.type': { 'zh-CN': '类型', 'en-US': 'Type' },
  'label.count': { 'zh-CN': '数量', 'en-US': 'Count' },
  'label.findings': { 'zh-CN': '检查项', 'en-US': 'Findings' },
  'label.recommendation': { 'zh-CN': '建议', 'en-US': 'Recommendation' },
  'label.open': { 'zh-CN': '未解决', 'en-US': 'Open' },
  'label.fixed': { 'zh-CN': '已整改', 'en-US': 'Fixed' },
  'label.none': { 'zh-CN': '无', 'en-US': 'None' },
  'label.amount': { 'zh-CN': '金额', 'en-US': 'Amount' },
  'label.metric': { 'zh-CN': '指标', 'en-US': 'Metric' },
  'label.average': { 'zh-CN': '平均', 'en-US': 'Average' },
  'label.peak': { 'zh-CN': '峰值', 'en-US': 'Peak' },
  'label.samples': { 'zh-CN': '采样数', 'en-US': 'Samples' },
  'label.riskItems': { 'zh-CN': '风险项', 'en-US': 'Risk items' },
  'label.resource': { 'zh-CN': '资源', 'en-US': 'Resource' },
  'label.notMeasured': { 'zh-CN': '无可度量的工单', 'en-US': 'No measurable tickets' },
  'label.minutes': { 'zh-CN': '分钟', 'en-US': 'min' },
  'label.consumptionMonth': { 'zh-CN': '本月消费', 'en-US': 'Consumption this month' },
  'label.highFindings': { 'zh-CN': '高危检查项', 'en-US': 'High-severity findings' },

  // The report mail (use-cases/schedule.ts): with the PDF attached, or without it (TIERDESK_REPORT_MAIL_PDF=0).
  'mail.subject': { 'zh-CN': '{provider} 服务月报（{month}）', 'en-US': '{provider} monthly service report ({month})' },
  'mail.body': {
    'zh-CN': '{name}，您好：\n\n附件是贵账号 {month} 的服务月报（PDF）。您也可以在控制台的“服务月报”中在线查看和下载。',
    'en-US':
      "Hello {name},\n\nAttached is your account's service report for {month} (PDF). You can also read and download it under Monthly reports in the console.",
  },
  'mail.body_link_only': {
    'zh-CN': '{name}，您好：\n\n贵账号 {month} 的服务月报已生成。请在控制台的“服务月报”中在线查看和下载（PDF）。',
    'en-US':
      "Hello {name},\n\nYour account's service report for {month} is ready. Read and download it (PDF) under Monthly reports in the console.",
  },
});

type ReportMessageId = MessageId<typeof REPORT_MESSAGES>;
type LabelKey = ReportMessageId extends infer K ? (K extends `label.${infer L}` ? L : never) : never;

export type Labels = Record<LabelKey, string>;

function has(id: string): id is ReportMessageId {
  return Object.hasOwn(REPORT_MESSAGES, id);
}

function labelsIn(locale: ReportLocale): Labels {
  const entries = Object.entries(REPORT_MESSAGES).filter(([id]) => id.startsWith('label.'));
  return Object.fromEntries(entries.map(([id, texts]) => [id.slice('label.'.length), texts[locale]])) as Labels;
}

/** The page's labels per locale, built once from the table (a report reads dozens of them). */
export const LABELS: Record<ReportLocale, Labels> = { 'zh-CN': labelsIn('zh-CN'), 'en-US': labelsIn('en-US') };

/** A label by a dynamic key (a ticket category), or undefined. */
export function labelOf(locale: ReportLocale, key: string): string | undefined {
  return Object.hasOwn(LABELS[locale], key) ? LABELS[locale][key as LabelKey] : undefined;
}

export function sectionTitle(id: string, locale: ReportLocale): string {
  const key = `section.${id}`;
  return has(key) ? REPORT_MESSAGES[key][locale] : id;
}

/** Why a section has no data (R-RPT-3), by cause; `month` is `yyyy-MM`. */
export function missingReason(cause: string, locale: ReportLocale, month: string): string {
  const key = `missing.${cause}`;
  if (!has(key)) throw new RangeError(`no text for missing-data cause ${cause}`);
  return renderIn(REPORT_MESSAGES, key as 'missing.no_data', locale, { month });
}
