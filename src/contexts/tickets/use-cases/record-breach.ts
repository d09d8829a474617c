/**
 * R-TKT-3: what a recorded breach does — a `sla_breached` event and, on a binding level (not Tianyi 标准服务, not
 * best effort), the escalation: the assignee's and the TAM's staff inbox (the duty group's when the ticket has
 * neither) and the customer's `ticket.sla_breached` webhook, once per deadline (the dedupe key names it). Used by
 * the SLA sweep (at the deadline), by late first replies, and by re-grades that make the ticket late.
 */
import type { Db } from '../../../platform/db.js';
import { newId } from '../../../platform/ids.js';
import type { AccountRow } from '../../accounts/index.js';
import type { TicketRow } from '../domain/views.js';
import type { CustomerNotice } from '../../notifications/index.js';
import type { TicketsDeps } from '../ports.js';
import { listUsers } from '../../accounts/index.js';
import { dutyGroup } from '../domain/handlers.js';
import { insertTicketEvent } from '../store/ticket-store.js';
import { customerTicketNotice } from './notices.js';
import { staffTicketNotice } from '../domain/messages.js';

/** The breach happened at `at`, whenever the sweep gets to it (the webhook body's `timestamp`). */
function withOccurredAt(notice: CustomerNotice, at: Date): CustomerNotice {
  return notice.webhookEvent ? { ...notice, webhookEvent: { ...notice.webhookEvent, occurredAt: at } } : notice;
}

/**
 * Who hears of a ticket's SLA warning or breach: its assignee and the account's TAM; a ticket with neither (the
 * likeliest to breach: nobody has picked it up) goes to the duty group — the engineers whose grade handles the
 * level, failing those the provider admins — so an escalation always reaches someone while any staff exist.
 */
export async function escalationRecipients(
  deps: Pick<TicketsDeps, 'catalog'>,
  db: Db,
  t: TicketRow,
  account: Pick<AccountRow, 'tamUserId'>,
): Promise<string[]> {
  const owners = [...new Set([t.assigneeId, account.tamUserId].filter((x): x is string => !!x))];
  if (owners.length) return owners;
  return dutyGroup(deps.catalog, deps.catalog.findLevel(t.level) ?? null, await listUsers(db, null, null));
}

/**
 * R-TKT-3: logs a breach recorded at `at` and, on a binding level, escalates it (the assignee's and the TAM's
 * inbox, else the duty group's; the customer's `ticket.sla_breached` webhook), once per deadline. The sweep calls it
 * at the deadline; a re-grade that makes the ticket late (unanswered past the new deadline, or answered after it)
 * calls it at the re-grade.
 */
export async function recordBreach(
  deps: TicketsDeps,
  tx: Db,
  row: TicketRow,
  account: AccountRow,
  at: Date,
): Promise<void> {
  const escalate = row.slaBinding && !row.bestEffort;
  await insertTicketEvent(tx, {
    id: newId('tev', at.getTime()),
    tenantId: row.tenantId,
    ticketId: row.id,
    kind: 'sla_breached',
    actor: 'system',
    data: { responseDueAt: row.responseDueAt.toISOString(), escalated: escalate },
    at,
  });
  if (!escalate) return;
  const to = await escalationRecipients(deps, tx, row, account);
  if (!to.length)
    deps.log.warn({ ticketId: row.id }, 'SLA breach escalated to nobody: no assignee, no TAM and no staff to stand in');
  const key = `sla:${row.id}:breach:${row.responseDueAt.toISOString()}`;
  await deps.outbox.enqueue(
    tx,
    [
      ...(to.length
        ? deps.notifier.staff({
            userIds: to,
            tenantId: row.tenantId,
            kind: 'sla.breached',
            dedupeKey: `${key}:staff`,
            ...staffTicketNotice('staff.escalation.title', row),
            data: {
              ticketId: row.id,
              responseDueAt: row.responseDueAt.toISOString(),
              severity: row.severity,
              level: row.level,
            },
          })
        : []),
      ...deps.notifier.customer(
        withOccurredAt(
          customerTicketNotice(
            account,
            deps.catalog.findLevel(row.level) ?? null,
            row,
            'ticket.sla_breached',
            key,
            { breachedAt: (row.breachedAt ?? at).toISOString() },
            { webhookOnly: true },
          ),
          at,
        ),
      ),
    ],
    at,
  );
}
