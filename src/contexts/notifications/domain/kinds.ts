/**
 * R-NTF-1: the kinds of customer notices and which of them a user may turn off by mail (optional). The message
 * center always gets every kind; mandatory kinds (a ticket's replies, orders, bills, incidents, an expired plan)
 * are always mailed, since they change what the customer has or owes or answer what they asked. Kinds not listed
 * here are mandatory.
 */
import type { TNames } from '../../catalog/index.js';

export interface NoticeKind {
  readonly kind: string;
  readonly names: TNames;
  /** The user may turn the mail off (per user, GET/PUT /users/me/notification-preferences); List-Unsubscribe. */
  readonly optional: boolean;
}

export const NOTICE_KINDS: readonly NoticeKind[] = [
  { kind: 'ticket.created', optional: false, names: { 'zh-CN': '工单已受理', 'en-US': 'Ticket acknowledged' } },
  { kind: 'ticket.replied', optional: false, names: { 'zh-CN': '工单新回复', 'en-US': 'Ticket replies' } },
  {
    kind: 'ticket.status_changed',
    optional: true,
    names: { 'zh-CN': '工单状态变化', 'en-US': 'Ticket status changes' },
  },
  {
    kind: 'ticket.sla_breached',
    optional: false,
    names: { 'zh-CN': '工单超出响应时限', 'en-US': 'Ticket missed its response target' },
  },
  {
    kind: 'service_request.created',
    optional: false,
    names: { 'zh-CN': '服务申请已提交', 'en-US': 'Service request submitted' },
  },
  {
    kind: 'service_request.status_changed',
    optional: true,
    names: { 'zh-CN': '服务申请状态变化', 'en-US': 'Service request status changes' },
  },
  {
    kind: 'service_request.deliverable_added',
    optional: false,
    names: { 'zh-CN': '服务交付物', 'en-US': 'Service deliverables' },
  },
  { kind: 'order.paid', optional: false, names: { 'zh-CN': '订单与退款', 'en-US': 'Orders and refunds' } },
  {
    kind: 'plan.expiring',
    optional: true,
    names: { 'zh-CN': '续费提醒', 'en-US': 'Renewal reminders' },
  },
  { kind: 'plan.expired', optional: false, names: { 'zh-CN': '支持计划到期', 'en-US': 'Plan expiry' } },
  { kind: 'bill.issued', optional: false, names: { 'zh-CN': '账单', 'en-US': 'Bills' } },
  {
    kind: 'incident.published',
    optional: false,
    names: { 'zh-CN': '事件与变更通知', 'en-US': 'Incident and change notices' },
  },
  {
    kind: 'incident.updated',
    optional: true,
    names: { 'zh-CN': '事件进展', 'en-US': 'Incident updates' },
  },
  {
    kind: 'advisor.run_completed',
    optional: true,
    names: { 'zh-CN': '优化顾问检查结果', 'en-US': 'Advisor check results' },
  },
];

/** Order notices are `order.<type>` (order.new, order.renew, …): one preference row stands for all of them. */
export function preferenceKindOf(kind: string): string {
  return kind.startsWith('order.') ? 'order.paid' : kind;
}

export function isOptionalKind(kind: string): boolean {
  const k = preferenceKindOf(kind);
  return NOTICE_KINDS.some((n) => n.kind === k && n.optional);
}
