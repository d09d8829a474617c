/**
 * R-TKT-3 breach sweep (STYLE §7): finds stored deadlines that have passed, in bounded batches, and for each ticket
 * records the breach exactly at the deadline (breachedAt = responseDueAt) and escalates to the assignee's and the
 * TAM's message center (the duty group's when the ticket has neither); 80% of the target warns them first. A reply
 * at the deadline itself is still on time (isBreached), so a breach is due only once the clock is past the deadline.
 * Each effect once: the dedupe key names the ticket, the deadline kind and the deadline itself. A level marked not
 * binding (Tianyi 标准服务) or best effort records breaches for reports without escalating them.
 *
 * Each step is one guarded UPDATE: the whole due condition is in its WHERE and what it writes and tells comes from
 * the RETURNING row, never from the row the batch read. A ticket re-graded to a later deadline (or answered) between
 * the batch's read and the step is not marked; the re-grade holds the row lock, and PostgreSQL re-checks the WHERE on
 * the row it committed.
 */
import { inTicketTransaction } from '../use-cases/ticket-tx.js';
import type { Sweep } from '../../../platform/scheduler.js';
import { loadAccount } from '../../accounts/index.js';
import type { TicketsDeps } from '../ports.js';
import {
  countDueBreaches,
  dueBreachIds,
  dueWarningIds,
  markBreached,
  nextSlaInstants,
  stampWarning,
} from '../store/sla-store.js';
import { escalationRecipients, recordBreach } from '../use-cases/record-breach.js';
import { render } from '../../../domain/messages/message-table.js';
import { TICKET_MESSAGES } from '../domain/messages.js';

const BATCH = 500;

/**
 * The 80% warning of ticket `id` if it is due at `now`: stamps warnedAt = warningAt and tells the assignee and the
 * TAM (or the duty group). False when the ticket is not (or no longer) due. Stamped once even on a level that does
 * not escalate, so the sweep does not find it again.
 */
export async function warnTicket(deps: TicketsDeps, id: string, now: Date): Promise<boolean> {
  return inTicketTransaction(deps, async (tx) => {
    const t = await stampWarning(tx, id, now);
    if (!t) return false;
    if (!t.slaBinding || t.bestEffort) return true;
    const to = await escalationRecipients(deps, tx, t, await loadAccount(tx, t.accountId));
    if (!to.length) {
      deps.log.warn({ ticketId: t.id }, 'SLA warning told nobody: no assignee, no TAM and no staff to stand in');
      return true;
    }
    await deps.outbox.enqueue(
      tx,
      deps.notifier.staff({
        userIds: to,
        tenantId: t.tenantId,
        kind: 'sla.warning',
        dedupeKey: `sla:${t.id}:warning:${t.responseDueAt.toISOString()}`,
        title: render(TICKET_MESSAGES, 'staff.sla_warning.title', { number: t.number }),
        body: render(TICKET_MESSAGES, 'staff.sla_warning.body', {
          dueAt: t.responseDueAt.toISOString(),
          subject: t.subject,
        }),
        data: { ticketId: t.id, responseDueAt: t.responseDueAt.toISOString(), severity: t.severity },
      }),
      t.warningAt,
    );
    return true;
  });
}

/**
 * The breach of ticket `id` if it is due at `now`: breached at its deadline (breachedAt = responseDueAt), logged
 * and escalated (recordBreach). False when the ticket is not (or no longer) due.
 */
export async function breachTicket(deps: TicketsDeps, id: string, now: Date): Promise<boolean> {
  return inTicketTransaction(deps, async (tx) => {
    const row = await markBreached(tx, id, now);
    if (!row) return false;
    await recordBreach(deps, tx, row, await loadAccount(tx, row.accountId), row.responseDueAt);
    return true;
  });
}

export function slaSweep(deps: TicketsDeps): Sweep {
  return {
    name: 'tickets.sla-sweep',
    async run(now) {
      let handled = 0;
      for (const id of await dueWarningIds(deps.db, now, BATCH)) if (await warnTicket(deps, id, now)) handled++;
      for (const id of await dueBreachIds(deps.db, now, BATCH)) if (await breachTicket(deps, id, now)) handled++;
      return handled;
    },
    async nextDue() {
      const next = await nextSlaInstants(deps.db);
      // A breach is due the first instant after the deadline.
      const times: number[] = [];
      if (next.warningAt) times.push(next.warningAt.getTime());
      if (next.dueAt) times.push(next.dueAt.getTime() + 1);
      return times.length ? new Date(Math.min(...times)) : null;
    },
  };
}

/** Deadlines past at `now` whose breach is not yet recorded: what the next sweep will do (GET /metrics). */
export async function countDueUnswept(deps: Pick<TicketsDeps, 'db'>, now: Date): Promise<number> {
  return countDueBreaches(deps.db, now);
}
