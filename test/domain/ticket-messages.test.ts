/** The tickets message table (R-NTF-1, R-TKT-3): every notice in every locale, one rendered example each. */
import { describe, expect, it } from 'vitest';
import { staffTicketNotice, TICKET_MESSAGES, ticketStatusName } from '../../src/contexts/tickets/domain/messages.js';
import { render } from '../../src/domain/messages/message-table.js';
import { checkMessageTable } from './message-table-checks.js';

const number = 'T-0001';
const subject = 'Disk full';

checkMessageTable('tickets', TICKET_MESSAGES, {
  'ticket.created.title': [{ number }, { 'zh-CN': '工单 T-0001 已受理', 'en-US': 'Ticket T-0001 received' }],
  'ticket.replied.title': [{ number }, { 'zh-CN': '工单 T-0001 有新回复', 'en-US': 'New reply on ticket T-0001' }],
  'ticket.status_changed.title': [
    { number, status: { 'zh-CN': '待客户反馈', 'en-US': 'waiting for your reply' } },
    { 'zh-CN': '工单 T-0001 状态变为待客户反馈', 'en-US': 'Ticket T-0001 is now waiting for your reply' },
  ],
  'ticket.sla_breached.title': [
    { number },
    { 'zh-CN': '工单 T-0001 超出响应时限', 'en-US': 'Ticket T-0001 missed its response target' },
  ],
  'ticket.created.body.binding': [
    { number, subject, due: '2026-03-06 17:00', zone: 'Asia/Shanghai' },
    {
      'zh-CN':
        '我们已收到您的工单 T-0001：Disk full\n\n首次响应时限：2026-03-06 17:00（Asia/Shanghai）。工单有新回复时我们会通知您。',
      'en-US':
        'We received your ticket T-0001: Disk full\n\nFirst response due by 2026-03-06 17:00 (Asia/Shanghai). We will tell you when it is answered.',
    },
  ],
  'ticket.created.body.best_effort': [
    { number, subject, due: '2026-03-06 17:00', zone: 'Asia/Shanghai' },
    {
      'zh-CN':
        '我们已收到您的工单 T-0001：Disk full\n\n预计首次响应：2026-03-06 17:00（Asia/Shanghai）。工单有新回复时我们会通知您。',
      'en-US':
        'We received your ticket T-0001: Disk full\n\nFirst response expected by 2026-03-06 17:00 (Asia/Shanghai). We will tell you when it is answered.',
    },
  ],
  'ticket.replied.body': [
    { subject, body: 'Hello\nthere' },
    { 'zh-CN': 'Disk full\n\nHello\nthere', 'en-US': 'Disk full\n\nHello\nthere' },
  ],
  'ticket.mail.subject': [
    { number, subject },
    { 'zh-CN': '[工单 T-0001] Disk full', 'en-US': '[Ticket T-0001] Disk full' },
  ],
  'ticket.status.open': [{}, { 'zh-CN': '待处理', 'en-US': 'open' }],
  'ticket.status.in_progress': [{}, { 'zh-CN': '处理中', 'en-US': 'in progress' }],
  'ticket.status.waiting_for_customer': [{}, { 'zh-CN': '待客户反馈', 'en-US': 'waiting for your reply' }],
  'ticket.status.resolved': [{}, { 'zh-CN': '已解决', 'en-US': 'resolved' }],
  'ticket.status.closed': [{}, { 'zh-CN': '已关闭', 'en-US': 'closed' }],
  'staff.tam_ticket.title': [{ number }, { 'zh-CN': 'TAM 工单 T-0001', 'en-US': 'TAM ticket T-0001' }],
  'staff.customer_replied.title': [
    { number },
    { 'zh-CN': '客户回复了工单 T-0001', 'en-US': 'Customer replied on T-0001' },
  ],
  'staff.assigned.title': [{ number }, { 'zh-CN': '工单 T-0001 已分派给您', 'en-US': 'Ticket T-0001 assigned to you' }],
  'staff.expedited.title': [{ number }, { 'zh-CN': '工单加急：T-0001', 'en-US': 'Ticket expedited: T-0001' }],
  'staff.expedited.body': [
    { subject, reason: '业务中断' },
    { 'zh-CN': 'Disk full\n原因：业务中断', 'en-US': 'Disk full\nReason: 业务中断' },
  ],
  'staff.sla_warning.title': [
    { number },
    { 'zh-CN': '工单 T-0001 即将超出响应时限', 'en-US': 'Ticket T-0001 is at 80% of its response target' },
  ],
  'staff.sla_warning.body': [
    { dueAt: '2026-03-06T09:00:00.000Z', subject },
    {
      'zh-CN': '响应截止 2026-03-06T09:00:00.000Z：Disk full',
      'en-US': 'Respond by 2026-03-06T09:00:00.000Z: Disk full',
    },
  ],
  'staff.escalation.title': [
    { number },
    {
      'zh-CN': '工单 T-0001 已超出响应时限（升级）',
      'en-US': 'Escalation: ticket T-0001 breached its response target',
    },
  ],
});

describe('ticket texts', () => {
  it('a status is named in each locale; an unknown one by its id', () => {
    expect(ticketStatusName('resolved')).toEqual({ 'zh-CN': '已解决', 'en-US': 'resolved' });
    expect(ticketStatusName('weird')).toEqual({ 'zh-CN': 'weird', 'en-US': 'weird' });
    expect(ticketStatusName('constructor')).toEqual({ 'zh-CN': 'constructor', 'en-US': 'constructor' });
  });

  it('a staff notice is the title and the ticket subject', () => {
    expect(staffTicketNotice('staff.assigned.title', { number, subject })).toEqual({
      title: { 'zh-CN': '工单 T-0001 已分派给您', 'en-US': 'Ticket T-0001 assigned to you' },
      body: { 'zh-CN': 'Disk full', 'en-US': 'Disk full' },
    });
  });

  it('a parameter is filled in once, never re-read as a placeholder', () => {
    expect(render(TICKET_MESSAGES, 'ticket.mail.subject', { number: '{subject}', subject: '$& {number}' })).toEqual({
      'zh-CN': '[工单 {subject}] $& {number}',
      'en-US': '[Ticket {subject}] $& {number}',
    });
  });
});
