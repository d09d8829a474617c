/** The notices ticket events send (R-NTF-1), in both languages. */
import type { TLevel } from '../../catalog/domain/catalog-schema.js';
import type { AccountRow } from '../../accounts/domain/account.js';
import type { CustomerNotice } from '../../notifications/index.js';
import type { TicketRow } from '../domain/views.js';

export function ticketPayload(t: TicketRow) {
  return {
    id: t.id,
    number: t.number,
    accountId: t.accountId,
    status: t.status,
    category: t.category,
    severity: t.severity,
    subject: t.subject,
    responseDueAt: t.responseDueAt.toISOString(),
    respondedAt: t.respondedAt?.toISOString() ?? null,
    breached: t.breached,
  };
}

const STATUS_NAMES: Record<string, { 'zh-CN': string; 'en-US': string }> = {
  open: { 'zh-CN': '待处理', 'en-US': 'open' },
  in_progress: { 'zh-CN': '处理中', 'en-US': 'in progress' },
  waiting_for_customer: { 'zh-CN': '待客户反馈', 'en-US': 'waiting for your reply' },
  resolved: { 'zh-CN': '已解决', 'en-US': 'resolved' },
  closed: { 'zh-CN': '已关闭', 'en-US': 'closed' },
};

export function customerTicketNotice(
  account: AccountRow,
  level: TLevel | null,
  t: TicketRow,
  event: 'ticket.created' | 'ticket.replied' | 'ticket.status_changed' | 'ticket.sla_breached',
  dedupeKey: string,
  extra: Record<string, unknown> = {},
  opts: { webhookOnly?: boolean } = {},
): CustomerNotice {
  const status = STATUS_NAMES[t.status] ?? { 'zh-CN': t.status, 'en-US': t.status };
  const titles = {
    'ticket.created': { 'zh-CN': `工单 ${t.number} 已提交`, 'en-US': `Ticket ${t.number} submitted` },
    'ticket.replied': { 'zh-CN': `工单 ${t.number} 有新回复`, 'en-US': `New reply on ticket ${t.number}` },
    'ticket.status_changed': {
      'zh-CN': `工单 ${t.number} 状态变为${status['zh-CN']}`,
      'en-US': `Ticket ${t.number} is now ${status['en-US']}`,
    },
    'ticket.sla_breached': {
      'zh-CN': `工单 ${t.number} 超出响应时限`,
      'en-US': `Ticket ${t.number} missed its response target`,
    },
  } as const;
  return {
    account,
    level,
    kind: event,
    dedupeKey,
    title: titles[event],
    // A reply's text travels with the notice (message center and mail), after the subject.
    body:
      typeof extra.body === 'string'
        ? { 'zh-CN': `${t.subject}\n\n${extra.body}`, 'en-US': `${t.subject}\n\n${extra.body}` }
        : { 'zh-CN': t.subject, 'en-US': t.subject },
    data: { ticketId: t.id, ...extra },
    webhookEvent: { type: event, payload: { ticket: ticketPayload(t), ...extra } },
    webhookOnly: opts.webhookOnly ?? false,
  };
}
