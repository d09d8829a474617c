/**
 * Issue 12 expedite (工单加急, seed 004 §1.2; 紧急问题加速, seed 003 §3): a customer (or staff for them) asks to
 * expedite an open ticket, with a reason. Only where the level includes the catalog's expedite feature
 * (NOT_ENTITLED elsewhere, after the 404 of visibility); where the level gives the feature a `quantity`, each use
 * takes one of it (QUOTA_EXCEEDED past it). The ticket goes first within its deadline band of the staff queue
 * (domain/queue-band.ts), and its assignee and the account's TAM — or, with neither, the duty group — are told.
 */
import { DomainError, validationFailed } from '../../../platform/errors.js';
import type { Principal } from '../../../platform/http/principal.js';
import { isStaff } from '../../../platform/http/principal.js';
import { newId } from '../../../platform/ids.js';
import { consumeQuota } from '../../subscriptions/index.js';
import { expeditePeriodKey, expediteTerms } from '../domain/expedite.js';
import { ticketView } from '../domain/views.js';
import type { TicketsDeps } from '../ports.js';
import { insertTicketEvent, updateTicket } from '../store/ticket-store.js';
import { escalationRecipients } from './record-breach.js';
import { slaClockOf } from './sla-clock.js';
import { inTicketTransaction } from './ticket-tx.js';
import { loadTicket } from './ticket-access.js';
import { render } from '../../../domain/messages/message-table.js';
import { TICKET_MESSAGES } from '../domain/messages.js';

const ACTIVE = ['open', 'in_progress', 'waiting_for_customer'];

export async function expediteTicket(
  deps: TicketsDeps,
  principal: Principal,
  ticketId: string,
  input: { reason?: string | undefined },
) {
  const now = deps.clock.now();
  return inTicketTransaction(deps, async (tx) => {
    const { ticket, account, plan } = await loadTicket(deps, tx, principal, ticketId, now, { forUpdate: true });
    const level = deps.catalog.findLevel(ticket.level) ?? plan.level;
    const terms = expediteTerms(deps.catalog.def, plan.level ?? level);
    if (!terms)
      throw new DomainError(
        'NOT_ENTITLED',
        { entitlement: deps.catalog.def.escalation.expedite?.feature ?? 'ticket_expedite', level: plan.level?.id },
        'This plan does not include expedited tickets.',
      );
    if (principal.role === 'billing_operator' || principal.role === 'support_engineer')
      throw new DomainError('FORBIDDEN', { action: 'expedite_ticket', requiredRole: 'customer or TAM' });
    const reason = input.reason?.trim() ?? '';
    if (terms.reasonRequired && !reason)
      throw validationFailed([{ path: 'body.reason', message: 'say why the ticket must be expedited' }]);
    if (!ACTIVE.includes(ticket.status))
      throw new DomainError('INVALID_STATE', { status: ticket.status }, 'Only an open ticket can be expedited.');
    if (ticket.expeditedAt)
      throw new DomainError(
        'INVALID_STATE',
        { reason: 'already_expedited', expeditedAt: ticket.expeditedAt.toISOString() },
        'The ticket is already expedited.',
      );
    if (terms.quota) {
      await consumeQuota(
        tx,
        {
          tenantId: account.tenantId,
          accountId: plan.planAccountId,
          quota: `expedite:${terms.feature}`,
          periodKey: expeditePeriodKey(terms.quota.period, now, deps.catalog.timeZone, plan.validFrom),
        },
        terms.quota.amount,
        now,
      );
    }
    const row = await updateTicket(tx, ticket.id, {
      expeditedAt: now,
      expeditedBy: principal.id,
      expediteReason: reason || null,
      updatedAt: now,
    });
    await insertTicketEvent(tx, {
      id: newId('tev', now.getTime()),
      tenantId: ticket.tenantId,
      ticketId: ticket.id,
      kind: 'expedited',
      actor: principal.id,
      data: { reason: reason || null },
      internal: false,
      at: now,
    });
    const to = await escalationRecipients(deps, tx, row, account);
    if (to.length)
      await deps.outbox.enqueue(
        tx,
        deps.notifier.staff({
          userIds: to,
          tenantId: ticket.tenantId,
          kind: 'ticket.expedited',
          dedupeKey: `ticket:${ticket.id}:expedited`,
          title: render(TICKET_MESSAGES, 'staff.expedited.title', { number: ticket.number }),
          body: render(TICKET_MESSAGES, 'staff.expedited.body', { subject: ticket.subject, reason }),
          data: { ticketId: ticket.id, responseDueAt: ticket.responseDueAt.toISOString() },
        }),
        now,
      );
    return ticketView(row, { staff: isStaff(principal), clock: slaClockOf(deps, row, now) });
  });
}
