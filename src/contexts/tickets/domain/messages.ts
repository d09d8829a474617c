/**
 * The tickets context's message table (R-NTF-1, R-TKT-3): every notice a ticket's events send — to the customer (the
 * acknowledgement, replies, status changes, breaches; their mail subject) and to staff (a TAM's ticket, a customer's
 * reply, an assignment, an expedite, the 80% warning, the breach escalation) —, in every locale. Use cases render
 * them by id (`render(TICKET_MESSAGES, 'ticket.created.title', { number })`); the notifications context lays them out
 * per channel (templates/mail).
 */
import type { TNames } from '../../../domain/catalog/catalog-schema.js';
import { messageTable, render, sameInEveryLocale } from '../../../domain/messages/message-table.js';

export const TICKET_MESSAGES = messageTable({
  // The customer's notices (use-cases/notices.ts).
  'ticket.created.title': { 'zh-CN': '工单 {number} 已受理', 'en-US': 'Ticket {number} received' },
  'ticket.replied.title': { 'zh-CN': '工单 {number} 有新回复', 'en-US': 'New reply on ticket {number}' },
  'ticket.status_changed.title': {
    'zh-CN': '工单 {number} 状态变为{status}',
    'en-US': 'Ticket {number} is now {status}',
  },
  'ticket.sla_breached.title': {
    'zh-CN': '工单 {number} 超出响应时限',
    'en-US': 'Ticket {number} missed its response target',
  },
  /** The acknowledgement on a binding level: by when the first answer is due, in the account's time zone. */
  'ticket.created.body.binding': {
    'zh-CN': '我们已收到您的工单 {number}：{subject}\n\n首次响应时限：{due}（{zone}）。工单有新回复时我们会通知您。',
    'en-US':
      'We received your ticket {number}: {subject}\n\nFirst response due by {due} ({zone}). We will tell you when it is answered.',
  },
  /** The acknowledgement on a best-effort level (Tianyi 标准服务): when the first answer is expected. */
  'ticket.created.body.best_effort': {
    'zh-CN': '我们已收到您的工单 {number}：{subject}\n\n预计首次响应：{due}（{zone}）。工单有新回复时我们会通知您。',
    'en-US':
      'We received your ticket {number}: {subject}\n\nFirst response expected by {due} ({zone}). We will tell you when it is answered.',
  },
  /** A reply's text travels with the notice, after the ticket's subject. */
  'ticket.replied.body': { 'zh-CN': '{subject}\n\n{body}', 'en-US': '{subject}\n\n{body}' },
  /** Every mail of a ticket is one thread with this subject. */
  'ticket.mail.subject': { 'zh-CN': '[工单 {number}] {subject}', 'en-US': '[Ticket {number}] {subject}' },
  // A status's words inside `ticket.status_changed.title`.
  'ticket.status.open': { 'zh-CN': '待处理', 'en-US': 'open' },
  'ticket.status.in_progress': { 'zh-CN': '处理中', 'en-US': 'in progress' },
  'ticket.status.waiting_for_customer': { 'zh-CN': '待客户反馈', 'en-US': 'waiting for your reply' },
  'ticket.status.resolved': { 'zh-CN': '已解决', 'en-US': 'resolved' },
  'ticket.status.closed': { 'zh-CN': '已关闭', 'en-US': 'closed' },
  // Staff notices (their body is the ticket's subject, or the subject and the reason).
  'staff.tam_ticket.title': { 'zh-CN': 'TAM 工单 {number}', 'en-US': 'TAM ticket {number}' },
  'staff.customer_replied.title': { 'zh-CN': '客户回复了工单 {number}', 'en-US': 'Customer replied on {number}' },
  'staff.assigned.title': { 'zh-CN': '工单 {number} 已分派给您', 'en-US': 'Ticket {number} assigned to you' },
  'staff.expedited.title': { 'zh-CN': '工单加急：{number}', 'en-US': 'Ticket expedited: {number}' },
  'staff.expedited.body': { 'zh-CN': '{subject}\n原因：{reason}', 'en-US': '{subject}\nReason: {reason}' },
  /** R-TKT-3: the sweep's warning at 80% of the response target. */
  'staff.sla_warning.title': {
    'zh-CN': '工单 {number} 即将超出响应时限',
    'en-US': 'Ticket {number} is at 80% of its response target',
  },
  'staff.sla_warning.body': { 'zh-CN': '响应截止 {dueAt}：{subject}', 'en-US': 'Respond by {dueAt}: {subject}' },
  /** R-TKT-3: the escalation of a breach on a binding level. */
  'staff.escalation.title': {
    'zh-CN': '工单 {number} 已超出响应时限（升级）',
    'en-US': 'Escalation: ticket {number} breached its response target',
  },
});

export type TicketMessageId = keyof typeof TICKET_MESSAGES;

function isStatusMessage(id: string): id is Extract<TicketMessageId, `ticket.status.${string}`> {
  return Object.hasOwn(TICKET_MESSAGES, id);
}

/** A status's words in every locale; an unknown status is shown as its id. */
export function ticketStatusName(status: string): TNames {
  const id = `ticket.status.${status}`;
  return isStatusMessage(id) ? render(TICKET_MESSAGES, id) : sameInEveryLocale(status);
}

/** A staff notice whose body is the ticket's subject. */
export function staffTicketNotice(
  id: 'staff.tam_ticket.title' | 'staff.customer_replied.title' | 'staff.assigned.title' | 'staff.escalation.title',
  t: { readonly number: string; readonly subject: string },
): { title: TNames; body: TNames } {
  return { title: render(TICKET_MESSAGES, id, { number: t.number }), body: sameInEveryLocale(t.subject) };
}
