/** The report's words in each locale (R-RPT-2: section titles in the account's locale; R-RPT-3: why data is missing). */
export type ReportLocale = 'zh-CN' | 'en-US';

export function reportLocale(locale: string): ReportLocale {
  return locale === 'zh-CN' ? 'zh-CN' : 'en-US';
}

export const SECTION_TITLES: Record<string, Record<ReportLocale, string>> = {
  summary: { 'zh-CN': '支持总结', 'en-US': 'Summary' },
  service_summary: { 'zh-CN': '服务总结', 'en-US': 'Service summary' },
  resource_overview: { 'zh-CN': '资源概况', 'en-US': 'Resource overview' },
  service_tickets: { 'zh-CN': '服务工单', 'en-US': 'Service tickets' },
  security: { 'zh-CN': '安全防护', 'en-US': 'Security' },
  optimization_suggestions: { 'zh-CN': '优化建议', 'en-US': 'Optimization suggestions' },
  consumption_trend: { 'zh-CN': '消费趋势', 'en-US': 'Consumption trend' },
  availability_analysis: { 'zh-CN': '云上资源可用性分析', 'en-US': 'Availability analysis' },
  health_analysis: { 'zh-CN': '主要云资源和网络健康状态分析', 'en-US': 'Resource and network health analysis' },
};

export function sectionTitle(id: string, locale: ReportLocale): string {
  return SECTION_TITLES[id]?.[locale] ?? id;
}

/** Why a section has no data (R-RPT-3), by cause. */
export const MISSING: Record<string, Record<ReportLocale, (month: string) => string>> = {
  no_resources: {
    'zh-CN': (m) => `${m} 未收到该账号的云资源数据（例如尚处于上云 POC 阶段，或资源池暂未对接），本节不提供数据。`,
    'en-US': (m) =>
      `No cloud resource data was received for this account in ${m} (for example a POC deployment, or a resource pool not yet connected), so this section has no data.`,
  },
  no_advisor: {
    'zh-CN': () => '本服务商未提供自动化检查（优化顾问），没有可报告的检查结果。',
    'en-US': () =>
      'This provider runs no automated checks (optimization advisor), so there are no check results to report.',
  },
  no_findings_data: {
    'zh-CN': (m) => `${m} 没有该账号的资源或检查数据（未授权检查，或未收到资源数据），本节不提供结论。`,
    'en-US': (m) =>
      `There is no resource or check data for this account in ${m} (checks not authorized, or no resources received), so this section draws no conclusions.`,
  },
  no_metrics: {
    'zh-CN': (m) => `${m} 未收到该账号的资源监控数据，无法进行分析。`,
    'en-US': (m) =>
      `No resource monitoring data was received for this account in ${m}, so there is nothing to analyse.`,
  },
  no_usage: {
    'zh-CN': () => '近六个月未收到该账号的消费记录，无法展示消费趋势。',
    'en-US': () =>
      'No usage records were received for this account in the last six months, so there is no trend to show.',
  },
  no_data: {
    'zh-CN': (m) => `${m} 该账号没有工单、服务单、资源或消费数据。`,
    'en-US': (m) => `This account has no tickets, service requests, resources or usage in ${m}.`,
  },
};

const ZH_LABELS = {
  reportTitle: '服务月报',
  account: '账号',
  month: '月份',
  level: '支持级别',
  generatedAt: '生成时间',
  version: '版本',
  technical: '技术类',
  non_technical: '非技术类',
  ticketsOpened: '本月新建工单',
  ticketsResolved: '本月解决工单',
  slaMet: '响应 SLA 达成率',
  avgFirstResponse: '平均首次响应',
  worstFirstResponse: '最长首次响应',
  openItems: '未结事项',
  ratings: '评价',
  averageStars: '平均评分',
  requestsDelivered: '本月交付服务单',
  byCategory: '按类别',
  bySeverity: '按级别',
  number: '编号',
  description: '描述',
  category: '类别',
  severity: '级别',
  created: '创建时间',
  resolved: '解决时间',
  status: '状态',
  service: '服务',
  completed: '完成时间',
  resourcesTotal: '资源总数',
  added: '新增',
  removed: '释放',
  changed: '变更',
  type: '类型',
  count: '数量',
  findings: '检查项',
  recommendation: '建议',
  open: '未解决',
  fixed: '已整改',
  none: '无',
  amount: '金额',
  metric: '指标',
  average: '平均',
  peak: '峰值',
  samples: '采样数',
  riskItems: '风险项',
  resource: '资源',
  notMeasured: '无可度量的工单',
  minutes: '分钟',
  consumptionMonth: '本月消费',
  highFindings: '高危检查项',
};

export type Labels = Record<keyof typeof ZH_LABELS, string>;

const EN_LABELS: Labels = {
  reportTitle: 'Monthly service report',
  account: 'Account',
  month: 'Month',
  level: 'Support level',
  generatedAt: 'Generated',
  version: 'Version',
  technical: 'Technical',
  non_technical: 'Non-technical',
  ticketsOpened: 'Tickets opened',
  ticketsResolved: 'Tickets resolved',
  slaMet: 'Response SLA met',
  avgFirstResponse: 'Average first response',
  worstFirstResponse: 'Worst first response',
  openItems: 'Open items',
  ratings: 'Ratings',
  averageStars: 'Average rating',
  requestsDelivered: 'Service requests delivered',
  byCategory: 'By category',
  bySeverity: 'By severity',
  number: 'Number',
  description: 'Description',
  category: 'Category',
  severity: 'Severity',
  created: 'Created',
  resolved: 'Resolved',
  status: 'Status',
  service: 'Service',
  completed: 'Completed',
  resourcesTotal: 'Resources',
  added: 'Added',
  removed: 'Removed',
  changed: 'Changed',
  type: 'Type',
  count: 'Count',
  findings: 'Findings',
  recommendation: 'Recommendation',
  open: 'Open',
  fixed: 'Fixed',
  none: 'None',
  amount: 'Amount',
  metric: 'Metric',
  average: 'Average',
  peak: 'Peak',
  samples: 'Samples',
  riskItems: 'Risk items',
  resource: 'Resource',
  notMeasured: 'No measurable tickets',
  minutes: 'min',
  consumptionMonth: 'Consumption this month',
  highFindings: 'High-severity findings',
};

export const LABELS: Record<ReportLocale, Labels> = { 'zh-CN': ZH_LABELS, 'en-US': EN_LABELS };

/** A label by a dynamic key (a ticket category), or undefined. */
export function labelOf(locale: ReportLocale, key: string): string | undefined {
  return (LABELS[locale] as Record<string, string | undefined>)[key];
}
