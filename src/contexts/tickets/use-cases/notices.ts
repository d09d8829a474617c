/**
 * The tickets context's message table (R-NTF-1): the notices ticket events send, in both languages. Every mail of a
 * ticket is one thread (the acknowledgement starts it) with the ticket's number and subject as its subject, links to
 * the ticket in the console and names the engineer who replied.
 */
import { DateTime } from 'luxon';
import type { TLevel } from '../../../domain/catalog/catalog-schema.js';
import type { AccountRow } from '../../accounts/index.js';
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
  opts: { webhookOnly?: boolean; quiet?: boolean; actorName?: string | null } = {},
): CustomerNotice {
  const status = STATUS_NAMES[t.status] ?? { 'zh-CN': t.status, 'en-US': t.status };
  const titles = {
    'ticket.created': { 'zh-CN': `工单 ${t.number} 已受理`, 'en-US': `Ticket ${t.number} received` },
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
    // A reply's text travels with the notice (message center and mail), after the subject; the acknowledgement
    // says by when the first answer is due (in the account's time zone).
    body:
      typeof extra.body === 'string'
        ? { 'zh-CN': `${t.subject}\n\n${extra.body}`, 'en-US': `${t.subject}\n\n${extra.body}` }
        : event === 'ticket.created'
          ? acknowledgement(account, t)
          : { 'zh-CN': t.subject, 'en-US': t.subject },
    data: {
      ticketId: t.id,
      ...(event === 'ticket.created' ? { number: t.number, responseDueAt: t.responseDueAt.toISOString() } : {}),
      ...extra,
    },
    mail: {
      link: `/tickets/${t.id}`,
      threadKey: `ticket:${t.id}`,
      threadStart: event === 'ticket.created',
      subject: { 'zh-CN': `[工单 ${t.number}] ${t.subject}`, 'en-US': `[Ticket ${t.number}] ${t.subject}` },
      actorName: opts.actorName ?? null,
    },
    webhookEvent: { type: event, payload: { ticket: ticketPayload(t), ...extra } },
    webhookOnly: opts.webhookOnly ?? false,
    quiet: opts.quiet ?? false,
  };
}

/** The acknowledgement's body: number, subject and the response deadline in the account's time zone. */
function acknowledgement(account: Pick<AccountRow, 'timeZone'>, t: TicketRow) {
  const due = DateTime.fromJSDate(t.responseDueAt, { zone: account.timeZone }).toFormat('yyyy-MM-dd HH:mm');
  const zone = account.timeZone;
  const binding = t.slaBinding;
  return {
    'zh-CN': `我们已收到您的工单 ${t.number}：${t.subject}\n\n${binding ? '首次响应时限' : '预计首次响应'}：${due}（${zone}）。工单有新回复时我们会通知您。`,
    'en-US': `We received your ticket ${t.number}: ${t.subject}\n\n${binding ? 'First response due by' : 'First response expected by'} ${due} (${zone}). We will tell you when it is answered.`,
  };
}
