/** The notifications message table (R-NTF-1): the notice kinds' names and the mail footer in every locale. */
import { describe, expect, it } from 'vitest';
import { NOTICE_KINDS } from '../../src/contexts/notifications/domain/kinds.js';
import { NOTIFICATION_MESSAGES } from '../../src/contexts/notifications/domain/messages.js';
import { checkMessageTable } from './message-table-checks.js';

checkMessageTable('notifications', NOTIFICATION_MESSAGES, {
  'kind.ticket.created': [{}, { 'zh-CN': '工单已受理', 'en-US': 'Ticket acknowledged' }],
  'kind.ticket.replied': [{}, { 'zh-CN': '工单新回复', 'en-US': 'Ticket replies' }],
  'kind.ticket.status_changed': [{}, { 'zh-CN': '工单状态变化', 'en-US': 'Ticket status changes' }],
  'kind.ticket.sla_breached': [{}, { 'zh-CN': '工单超出响应时限', 'en-US': 'Ticket missed its response target' }],
  'kind.service_request.created': [{}, { 'zh-CN': '服务申请已提交', 'en-US': 'Service request submitted' }],
  'kind.service_request.status_changed': [
    {},
    { 'zh-CN': '服务申请状态变化', 'en-US': 'Service request status changes' },
  ],
  'kind.service_request.deliverable_added': [{}, { 'zh-CN': '服务交付物', 'en-US': 'Service deliverables' }],
  'kind.order.paid': [{}, { 'zh-CN': '订单与退款', 'en-US': 'Orders and refunds' }],
  'kind.plan.expiring': [{}, { 'zh-CN': '续费提醒', 'en-US': 'Renewal reminders' }],
  'kind.plan.expired': [{}, { 'zh-CN': '支持计划到期', 'en-US': 'Plan expiry' }],
  'kind.bill.issued': [{}, { 'zh-CN': '账单', 'en-US': 'Bills' }],
  'kind.incident.published': [{}, { 'zh-CN': '事件与变更通知', 'en-US': 'Incident and change notices' }],
  'kind.incident.updated': [{}, { 'zh-CN': '事件进展', 'en-US': 'Incident updates' }],
  'kind.advisor.run_completed': [{}, { 'zh-CN': '优化顾问检查结果', 'en-US': 'Advisor check results' }],
  'mail.footer': [
    { url: 'https://desk.example' },
    { 'zh-CN': '在控制台查看：https://desk.example', 'en-US': 'View it in the console: https://desk.example' },
  ],
});

describe('notice kinds', () => {
  it('R-NTF-1 every kind is named from the table', () => {
    for (const k of NOTICE_KINDS)
      expect(k.names).toEqual(NOTIFICATION_MESSAGES[`kind.${k.kind}` as keyof typeof NOTIFICATION_MESSAGES]);
    expect(NOTICE_KINDS.find((k) => k.kind === 'bill.issued')?.names).toEqual({ 'zh-CN': '账单', 'en-US': 'Bills' });
  });
});
