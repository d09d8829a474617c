/**
 * R-NTF-1: the kinds of customer notices and which of them a user may turn off by mail (optional). The message
 * center always gets every kind; mandatory kinds (a ticket's replies, orders, bills, incidents, an expired plan)
 * are always mailed, since they change what the customer has or owes or answer what they asked. Kinds not listed
 * here are mandatory. Their names are the context's message table (domain/messages.ts).
 */
import type { TNames } from '../../catalog/index.js';
import { render } from '../../../domain/messages/message-table.js';
import { NOTIFICATION_MESSAGES } from './messages.js';

export interface NoticeKind {
  readonly kind: string;
  readonly names: TNames;
  /** The user may turn the mail off (per user, GET/PUT /users/me/notification-preferences); List-Unsubscribe. */
  readonly optional: boolean;
}

type KindMessageId = Extract<keyof typeof NOTIFICATION_MESSAGES, `kind.${string}`>;
const name = (kind: KindMessageId extends `kind.${infer K}` ? K : never): TNames =>
  render(NOTIFICATION_MESSAGES, `kind.${kind}`);

export const NOTICE_KINDS: readonly NoticeKind[] = [
  { kind: 'ticket.created', optional: false, names: name('ticket.created') },
  { kind: 'ticket.replied', optional: false, names: name('ticket.replied') },
  {
    kind: 'ticket.status_changed',
    optional: true,
    names: name('ticket.status_changed'),
  },
  {
    kind: 'ticket.sla_breached',
    optional: false,
    names: name('ticket.sla_breached'),
  },
  {
    kind: 'service_request.created',
    optional: false,
    names: name('service_request.created'),
  },
  {
    kind: 'service_request.status_changed',
    optional: true,
    names: name('service_request.status_changed'),
  },
  {
    kind: 'service_request.deliverable_added',
    optional: false,
    names: name('service_request.deliverable_added'),
  },
  { kind: 'order.paid', optional: false, names: name('order.paid') },
  {
    kind: 'plan.expiring',
    optional: true,
    names: name('plan.expiring'),
  },
  { kind: 'plan.expired', optional: false, names: name('plan.expired') },
  { kind: 'bill.issued', optional: false, names: name('bill.issued') },
  {
    kind: 'incident.published',
    optional: false,
    names: name('incident.published'),
  },
  {
    kind: 'incident.updated',
    optional: true,
    names: name('incident.updated'),
  },
  {
    kind: 'advisor.run_completed',
    optional: true,
    names: name('advisor.run_completed'),
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
