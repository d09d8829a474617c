/**
 * R-TKT-3: what a recorded breach does — a `sla_breached` event and, on a binding level (not Tianyi 标准服务, not
 * best effort), the escalation: the assignee's and the TAM's staff inbox and the customer's `ticket.sla_breached`
 * webhook, once per deadline (the dedupe key names it). Used by the SLA sweep (at the deadline) and by re-grades
 * whose new deadline has already passed (at the re-grade).
 */
import type { Db } from '../../../platform/db.js';
import { newId } from '../../../platform/ids.js';
import { enqueueEffects } from '../../../platform/outbox.js';
import type { AccountRow } from '../../accounts/domain/account.js';
import type { TicketRow } from '../domain/views.js';
import type { CustomerNotice, TicketsDeps } from '../ports.js';
import { ticketEvents } from '../store/tables.js';
import { customerTicketNotice } from './notices.js';

/** The breach happened at `at`, whenever the sweep gets to it (the webhook body's `timestamp`). */
function withOccurredAt(notice: CustomerNotice, at: Date): CustomerNotice {
  return notice.webhookEvent ? { ...notice, webhookEvent: { ...notice.webhookEvent, occurredAt: at } } : notice;
}

export function escalationRecipients(t: TicketRow, account: Pick<AccountRow, 'tamUserId'>): string[] {
  return [...new Set([t.assigneeId, account.tamUserId].filter((x): x is string => !!x))];
}

/**
 * R-TKT-3: logs a breach recorded at `at` and, on a binding level, escalates it (the assignee's and the TAM's
 * inbox, the customer's `ticket.sla_breached` webhook), once per deadline. The sweep calls it at the deadline;
 * a re-grade whose new deadline has already passed calls it at the re-grade.
 */
export async function recordBreach(deps: TicketsDeps, tx: Db, row: TicketRow, account: AccountRow, at: Date): Promise<void> {
  const escalate = row.slaBinding && !row.bestEffort;
  await tx.insert(ticketEvents).values({ id: newId('tev', at.getTime()), tenantId: row.tenantId, ticketId: row.id, kind: 'sla_breached', actor: 'system', data: { responseDueAt: row.responseDueAt.toISOString(), escalated: escalate }, at });
  if (!escalate) return;
  const to = escalationRecipients(row, account);
  const key = `sla:${row.id}:breach:${row.responseDueAt.toISOString()}`;
  await enqueueEffects(
    tx,
    [
      ...(to.length
        ? deps.notifier.staff({
            userIds: to,
            tenantId: row.tenantId,
            kind: 'sla.breached',
            dedupeKey: `${key}:staff`,
            title: { 'zh-CN': `工单 ${row.number} 已超出响应时限（升级）`, 'en-US': `Escalation: ticket ${row.number} breached its response target` },
            body: { 'zh-CN': row.subject, 'en-US': row.subject },
            data: { ticketId: row.id, responseDueAt: row.responseDueAt.toISOString(), severity: row.severity, level: row.level },
          })
        : []),
      ...deps.notifier.customer(withOccurredAt(customerTicketNotice(account, deps.catalog.findLevel(row.level) ?? null, row, 'ticket.sla_breached', key, { breachedAt: (row.breachedAt ?? at).toISOString() }, { webhookOnly: true }), at)),
    ],
    at,
  );
}
