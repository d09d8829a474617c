/** The reports message table (R-RPT-2, R-RPT-3, R-NTF-1): the report's words and its mail in every locale. */
import { describe, expect, it } from 'vitest';
import {
  LABELS,
  labelOf,
  missingReason,
  REPORT_MESSAGES,
  sectionTitle,
} from '../../src/contexts/reports/domain/messages.js';
import { checkMessageTable } from './message-table-checks.js';

checkMessageTable('reports', REPORT_MESSAGES, {
  'section.summary': [{}, { 'zh-CN': '支持总结', 'en-US': 'Summary' }],
  'section.service_summary': [{}, { 'zh-CN': '服务总结', 'en-US': 'Service summary' }],
  'section.resource_overview': [{}, { 'zh-CN': '资源概况', 'en-US': 'Resource overview' }],
  'section.service_tickets': [{}, { 'zh-CN': '服务工单', 'en-US': 'Service tickets' }],
  'section.security': [{}, { 'zh-CN': '安全防护', 'en-US': 'Security' }],
  'section.optimization_suggestions': [{}, { 'zh-CN': '优化建议', 'en-US': 'Optimization suggestions' }],
  'section.consumption_trend': [{}, { 'zh-CN': '消费趋势', 'en-US': 'Consumption trend' }],
  'section.availability_analysis': [{}, { 'zh-CN': '云上资源可用性分析', 'en-US': 'Availability analysis' }],
  'section.health_analysis': [
    {},
    { 'zh-CN': '主要云资源和网络健康状态分析', 'en-US': 'Resource and network health analysis' },
  ],
  'missing.no_resources': [
    { month: '2026-03' },
    {
      'zh-CN': '2026-03 未收到该账号的云资源数据（例如尚处于上云 POC 阶段，或资源池暂未对接），本节不提供数据。',
      'en-US':
        'No cloud resource data was received for this account in 2026-03 (for example a POC deployment, or a resource pool not yet connected), so this section has no data.',
    },
  ],
  'missing.no_advisor': [
    { month: '2026-03' },
    {
      'zh-CN': '本服务商未提供自动化检查（优化顾问），没有可报告的检查结果。',
      'en-US':
        'This provider runs no automated checks (optimization advisor), so there are no check results to report.',
    },
  ],
  'missing.no_findings_data': [
    { month: '2026-03' },
    {
      'zh-CN': '2026-03 没有该账号的资源或检查数据（未授权检查，或未收到资源数据），本节不提供结论。',
      'en-US':
        'There is no resource or check data for this account in 2026-03 (checks not authorized, or no resources received), so this section draws no conclusions.',
    },
  ],
  'missing.no_metrics': [
    { month: '2026-03' },
    {
      'zh-CN': '2026-03 未收到该账号的资源监控数据，无法进行分析。',
      'en-US': 'No resource monitoring data was received for this account in 2026-03, so there is nothing to analyse.',
    },
  ],
  'missing.no_usage': [
    { month: '2026-03' },
    {
      'zh-CN': '近六个月未收到该账号的消费记录，无法展示消费趋势。',
      'en-US': 'No usage records were received for this account in the last six months, so there is no trend to show.',
    },
  ],
  'missing.no_data': [
    { month: '2026-03' },
    {
      'zh-CN': '2026-03 该账号没有工单、服务单、资源或消费数据。',
      'en-US': 'This account has no tickets, service requests, resources or usage in 2026-03.',
    },
  ],
  'label.reportTitle': [{}, { 'zh-CN': '服务月报', 'en-US': 'Monthly service report' }],
  'label.account': [{}, { 'zh-CN': '账号', 'en-US': 'Account' }],
  'label.month': [{}, { 'zh-CN': '月份', 'en-US': 'Month' }],
  'label.level': [{}, { 'zh-CN': '支持级别', 'en-US': 'Support level' }],
  'label.generatedAt': [{}, { 'zh-CN': '生成时间', 'en-US': 'Generated' }],
  'label.version': [{}, { 'zh-CN': '版本', 'en-US': 'Version' }],
  'label.technical': [{}, { 'zh-CN': '技术类', 'en-US': 'Technical' }],
  'label.non_technical': [{}, { 'zh-CN': '非技术类', 'en-US': 'Non-technical' }],
  'label.ticketsOpened': [{}, { 'zh-CN': '本月新建工单', 'en-US': 'Tickets opened' }],
  'label.ticketsResolved': [{}, { 'zh-CN': '本月解决工单', 'en-US': 'Tickets resolved' }],
  'label.slaMet': [{}, { 'zh-CN': '响应 SLA 达成率', 'en-US': 'Response SLA met' }],
  'label.avgFirstResponse': [{}, { 'zh-CN': '平均首次响应', 'en-US': 'Average first response' }],
  'label.worstFirstResponse': [{}, { 'zh-CN': '最长首次响应', 'en-US': 'Worst first response' }],
  'label.openItems': [{}, { 'zh-CN': '未结事项', 'en-US': 'Open items' }],
  'label.ratings': [{}, { 'zh-CN': '评价', 'en-US': 'Ratings' }],
  'label.averageStars': [{}, { 'zh-CN': '平均评分', 'en-US': 'Average rating' }],
  'label.requestsDelivered': [{}, { 'zh-CN': '本月交付服务单', 'en-US': 'Service requests delivered' }],
  'label.byCategory': [{}, { 'zh-CN': '按类别', 'en-US': 'By category' }],
  'label.bySeverity': [{}, { 'zh-CN': '按级别', 'en-US': 'By severity' }],
  'label.number': [{}, { 'zh-CN': '编号', 'en-US': 'Number' }],
  'label.description': [{}, { 'zh-CN': '描述', 'en-US': 'Description' }],
  'label.category': [{}, { 'zh-CN': '类别', 'en-US': 'Category' }],
  'label.severity': [{}, { 'zh-CN': '级别', 'en-US': 'Severity' }],
  'label.created': [{}, { 'zh-CN': '创建时间', 'en-US': 'Created' }],
  'label.resolved': [{}, { 'zh-CN': '解决时间', 'en-US': 'Resolved' }],
  'label.status': [{}, { 'zh-CN': '状态', 'en-US': 'Status' }],
  'label.service': [{}, { 'zh-CN': '服务', 'en-US': 'Service' }],
  'label.completed': [{}, { 'zh-CN': '完成时间', 'en-US': 'Completed' }],
  'label.resourcesTotal': [{}, { 'zh-CN': '资源总数', 'en-US': 'Resources' }],
  'label.added': [{}, { 'zh-CN': '新增', 'en-US': 'Added' }],
  'label.removed': [{}, { 'zh-CN': '释放', 'en-US': 'Removed' }],
  'label.changed': [{}, { 'zh-CN': '变更', 'en-US': 'Changed' }],
  'label.type': [{}, { 'zh-CN': '类型', 'en-US': 'Type' }],
  'label.count': [{}, { 'zh-CN': '数量', 'en-US': 'Count' }],
  'label.findings': [{}, { 'zh-CN': '检查项', 'en-US': 'Findings' }],
  'label.recommendation': [{}, { 'zh-CN': '建议', 'en-US': 'Recommendation' }],
  'label.open': [{}, { 'zh-CN': '未解决', 'en-US': 'Open' }],
  'label.fixed': [{}, { 'zh-CN': '已整改', 'en-US': 'Fixed' }],
  'label.none': [{}, { 'zh-CN': '无', 'en-US': 'None' }],
  'label.amount': [{}, { 'zh-CN': '金额', 'en-US': 'Amount' }],
  'label.metric': [{}, { 'zh-CN': '指标', 'en-US': 'Metric' }],
  'label.average': [{}, { 'zh-CN': '平均', 'en-US': 'Average' }],
  'label.peak': [{}, { 'zh-CN': '峰值', 'en-US': 'Peak' }],
  'label.samples': [{}, { 'zh-CN': '采样数', 'en-US': 'Samples' }],
  'label.riskItems': [{}, { 'zh-CN': '风险项', 'en-US': 'Risk items' }],
  'label.resource': [{}, { 'zh-CN': '资源', 'en-US': 'Resource' }],
  'label.notMeasured': [{}, { 'zh-CN': '无可度量的工单', 'en-US': 'No measurable tickets' }],
  'label.minutes': [{}, { 'zh-CN': '分钟', 'en-US': 'min' }],
  'label.consumptionMonth': [{}, { 'zh-CN': '本月消费', 'en-US': 'Consumption this month' }],
  'label.highFindings': [{}, { 'zh-CN': '高危检查项', 'en-US': 'High-severity findings' }],
  'mail.subject': [
    { provider: '华为云', month: '2026-03' },
    { 'zh-CN': '华为云 服务月报（2026-03）', 'en-US': '华为云 monthly service report (2026-03)' },
  ],
  'mail.body': [
    { name: 'Acme', month: '2026-03' },
    {
      'zh-CN': 'Acme，您好：\n\n附件是贵账号 2026-03 的服务月报（PDF）。您也可以在控制台的“服务月报”中在线查看和下载。',
      'en-US':
        "Hello Acme,\n\nAttached is your account's service report for 2026-03 (PDF). You can also read and download it under Monthly reports in the console.",
    },
  ],
  'mail.body_link_only': [
    { name: 'Acme', month: '2026-03' },
    {
      'zh-CN': 'Acme，您好：\n\n贵账号 2026-03 的服务月报已生成。请在控制台的“服务月报”中在线查看和下载（PDF）。',
      'en-US':
        "Hello Acme,\n\nYour account's service report for 2026-03 is ready. Read and download it (PDF) under Monthly reports in the console.",
    },
  ],
});

describe('report texts', () => {
  it('R-RPT-2 the labels per locale, a section title by id (an unknown one as its id)', () => {
    expect(LABELS['zh-CN'].reportTitle).toBe('服务月报');
    expect(LABELS['en-US'].minutes).toBe('min');
    expect(Object.keys(LABELS['zh-CN'])).toEqual(Object.keys(LABELS['en-US']));
    expect(labelOf('zh-CN', 'technical')).toBe('技术类');
    expect(labelOf('en-US', 'constructor')).toBeUndefined();
    expect(sectionTitle('security', 'zh-CN')).toBe('安全防护');
    expect(sectionTitle('made_up', 'en-US')).toBe('made_up');
  });

  it('R-RPT-3 why a section is empty, with the month; an unknown cause is an error', () => {
    expect(missingReason('no_metrics', 'zh-CN', '2026-03')).toBe('2026-03 未收到该账号的资源监控数据，无法进行分析。');
    expect(() => missingReason('made_up', 'en-US', '2026-03')).toThrow(RangeError);
  });
});
