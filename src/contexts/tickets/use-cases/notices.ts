/**
 * The customer's notices of ticket events (R-NTF-1), their texts from the context's message table (domain/messages.ts).
 * Every mail of a ticket is one thread (the acknowledgement starts it) with the ticket's number and subject as its subject, links to
 * the ticket in the console and names the engineer who replied.
 */
import { localDateTimeAt } from '../../../domain/calendar/index.js';
import type { TLevel, TNames } from '../../../domain/catalog/catalog-schema.js';
import { render, sameInEveryLocale } from '../../../domain/messages/message-table.js';
import type { AccountRow } from '../../accounts/index.js';
import type { CustomerNotice } from '../../notifications/index.js';
import { TICKET_MESSAGES, ticketStatusName } from '../domain/messages.js';
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

export function customerTicketNotice(
  account: AccountRow,
  level: TLevel | null,
  t: TicketRow,
  event: 'ticket.created' | 'ticket.replied' | 'ticket.status_changed' | 'ticket.sla_breached',
  dedupeKey: string,
  extra: Record<string, unknown> = {},
  opts: { webhookOnly?: boolean; quiet?: boolean; actorName?: string | null } = {},
): CustomerNotice {
  const number = t.number;
  const titles = {
    'ticket.created': render(TICKET_MESSAGES, 'ticket.created.title', { number }),
    'ticket.replied': render(TICKET_MESSAGES, 'ticket.replied.title', { number }),
    'ticket.status_changed': render(TICKET_MESSAGES, 'ticket.status_changed.title', {
      number,
      status: ticketStatusName(t.status),
    }),
    'ticket.sla_breached': render(TICKET_MESSAGES, 'ticket.sla_breached.title', { number }),
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
        ? render(TICKET_MESSAGES, 'ticket.replied.body', { subject: t.subject, body: extra.body })
        : event === 'ticket.created'
          ? acknowledgement(account, t)
          : sameInEveryLocale(t.subject),
    data: {
      ticketId: t.id,
      ...(event === 'ticket.created' ? { number: t.number, responseDueAt: t.responseDueAt.toISOString() } : {}),
      ...extra,
    },
    mail: {
      link: `/tickets/${t.id}`,
      threadKey: `ticket:${t.id}`,
      threadStart: event === 'ticket.created',
      subject: render(TICKET_MESSAGES, 'ticket.mail.subject', { number, subject: t.subject }),
      actorName: opts.actorName ?? null,
    },
    webhookEvent: { type: event, payload: { ticket: ticketPayload(t), ...extra } },
    webhookOnly: opts.webhookOnly ?? false,
    quiet: opts.quiet ?? false,
  };
}

/** The acknowledgement's body: number, subject and the response deadline in the account's time zone. */
function acknowledgement(account: Pick<AccountRow, 'timeZone'>, t: TicketRow): TNames {
  const due = localDateTimeAt(t.responseDueAt.getTime(), account.timeZone);
  const id = t.slaBinding ? 'ticket.created.body.binding' : 'ticket.created.body.best_effort';
  return render(TICKET_MESSAGES, id, { number: t.number, subject: t.subject, due, zone: account.timeZone });
}
