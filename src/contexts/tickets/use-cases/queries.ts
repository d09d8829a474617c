/** Reading tickets: one with its conversation; lists for customers (search, pagination); the staff queue. */
import { authorize } from '../../../platform/http/authorize.js';
import { isStaff, type Principal } from '../../../platform/http/principal.js';
import { pageOf, type TPageQuery } from '../../../platform/pagination.js';
import { visibleAccountAndPlan } from '../../subscriptions/index.js';
import { attachmentView, eventView, replyView, ticketView } from '../domain/views.js';
import { slaClockOf } from './sla-clock.js';
import type { TicketsDeps } from '../ports.js';
import { conversationOf, pageStaffQueue, pageTickets, type TicketListScope } from '../store/ticket-reads.js';
import { requireTicketApi } from '../../subscriptions/index.js';
import { loadTicket } from './ticket-access.js';

export async function getTicket(deps: TicketsDeps, principal: Principal, ticketId: string) {
  const now = deps.clock.now();
  const { ticket } = await loadTicket(deps, deps.db, principal, ticketId, now);
  const staff = isStaff(principal);
  const { replies, attachments, events } = await conversationOf(deps.db, ticket, staff);
  // The opening is recorded on the ticket row itself; it leads the history.
  const opened = {
    id: `${ticket.id}:opened`,
    kind: 'opened',
    actor: ticket.createdBy,
    data: {
      severity: ticket.originalSeverity,
      channel: ticket.channel,
      target: ticket.targetIso,
      clock: ticket.clock,
      responseDueAt: ticket.responseDueAt.toISOString(),
      adjustment: ticket.slaAdjustment ?? null,
    },
    at: ticket.openedAt.toISOString(),
  };
  return {
    ...ticketView(ticket, { staff, clock: slaClockOf(deps, ticket, now) }),
    replies: replies.map(replyView),
    attachments: attachments.map(attachmentView),
    events: [opened, ...events.map(eventView)],
  };
}

export interface TicketFilter extends TPageQuery {
  accountId?: string | undefined;
  status?: string | undefined;
  severity?: string | undefined;
  category?: string | undefined;
  level?: string | undefined;
  assigneeId?: string | undefined;
  incidentId?: string | undefined;
  q?: string | undefined;
}

/** R-TKT-5: customers list and search their tickets, newest first; staff may list any account's. */
export async function listTickets(deps: TicketsDeps, principal: Principal, f: TicketFilter) {
  const now = deps.clock.now();
  let scope: TicketListScope = { kind: 'all' };
  if (f.accountId) {
    const { account, plan } = await visibleAccountAndPlan(deps, principal, f.accountId, now);
    requireTicketApi(deps.catalog, principal, account, plan);
    scope = { kind: 'account', tenantId: account.tenantId, accountId: account.id };
  } else if (!isStaff(principal)) {
    const { account: own, plan } = await visibleAccountAndPlan(deps, principal, principal.accountId!, now);
    requireTicketApi(deps.catalog, principal, own, plan);
    // A master sees its subs' tickets too.
    scope = { kind: 'account_and_subs', tenantId: own.tenantId, accountId: own.id };
  }
  const staff = isStaff(principal);
  const { rows, total } = await pageTickets(deps.db, scope, {
    ...f,
    assigneeId: staff ? f.assigneeId : undefined,
  });
  return pageOf(
    rows.map((t) => ticketView(t, { staff, clock: slaClockOf(deps, t, now) })),
    f,
    total,
  );
}

/**
 * R-TKT-3: the staff queue — active tickets, those still waiting for a first response first, ordered by response
 * deadline band (issue 12: expedited first within it), deadline, then resolution and restoration priority (1 first), linked-account priority, age.
 */
export async function staffQueue(
  deps: TicketsDeps,
  principal: Principal,
  f: TicketFilter & { unassigned?: boolean | undefined },
) {
  authorize(principal, 'ticket.queue');
  const now = deps.clock.now();
  const { rows, total } = await pageStaffQueue(
    deps.db,
    { ...f, nonTechnicalOnly: principal.role === 'billing_operator' },
    now,
  );
  return pageOf(
    rows.map((t) => ticketView(t, { staff: true, clock: slaClockOf(deps, t, now) })),
    f,
    total,
  );
}
