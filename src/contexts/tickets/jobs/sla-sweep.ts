/**
 * R-TKT-3 breach sweep (STYLE §7): finds stored deadlines that have passed, in bounded batches, and for each ticket
 * records the breach exactly at the deadline (breachedAt = responseDueAt) and escalates to the assignee's and the
 * TAM's message center; 80% of the target warns them first. Each effect once: the dedupe key names the ticket,
 * the deadline kind and the deadline itself. A level marked not binding (Tianyi 标准服务) or best effort records
 * breaches for reports without escalating them.
 */
import { and, eq, inArray, isNull, lte, min, or, gt, sql } from 'drizzle-orm';
import { inTicketTransaction } from '../use-cases/ticket-tx.js';
import { newId } from '../../../platform/ids.js';
import { enqueueEffects } from '../../../platform/outbox.js';
import type { Sweep } from '../../../platform/scheduler.js';
import { loadAccount } from '../../accounts/use-cases/load-account.js';
import type { TicketsDeps } from '../ports.js';
import type { TicketRow } from '../domain/views.js';
import { ticketEvents, tickets } from '../store/tables.js';
import { customerTicketNotice } from '../use-cases/notices.js';

const BATCH = 500;
const ACTIVE = ['open', 'in_progress', 'waiting_for_customer'];

const pendingWarning = (now?: Date) =>
  and(isNull(tickets.respondedAt), isNull(tickets.warnedAt), eq(tickets.breached, false), inArray(tickets.status, ACTIVE), now ? lte(tickets.warningAt, now) : undefined);

const pendingBreach = (now?: Date) =>
  and(
    eq(tickets.breached, false),
    or(and(isNull(tickets.respondedAt), inArray(tickets.status, ACTIVE)), gt(tickets.respondedAt, tickets.responseDueAt)),
    now ? lte(tickets.responseDueAt, now) : undefined,
  );

async function recipients(deps: TicketsDeps, t: TicketRow): Promise<string[]> {
  const account = await loadAccount(deps.db, t.accountId);
  return [...new Set([t.assigneeId, account.tamUserId].filter((x): x is string => !!x))];
}

export function slaSweep(deps: TicketsDeps): Sweep {
  async function warn(t: TicketRow): Promise<void> {
    const to = await recipients(deps, t);
    await inTicketTransaction(deps, async (tx) => {
      const [claimed] = await tx.update(tickets).set({ warnedAt: t.warningAt }).where(and(eq(tickets.id, t.id), isNull(tickets.warnedAt), isNull(tickets.respondedAt))).returning({ id: tickets.id });
      if (!claimed) return;
      if (t.slaBinding && !t.bestEffort && to.length) {
        await enqueueEffects(
          tx,
          deps.notifier.staff({
            userIds: to,
            tenantId: t.tenantId,
            kind: 'sla.warning',
            dedupeKey: `sla:${t.id}:warning:${t.responseDueAt.toISOString()}`,
            title: { 'zh-CN': `工单 ${t.number} 即将超出响应时限`, 'en-US': `Ticket ${t.number} is at 80% of its response target` },
            body: { 'zh-CN': `响应截止 ${t.responseDueAt.toISOString()}：${t.subject}`, 'en-US': `Respond by ${t.responseDueAt.toISOString()}: ${t.subject}` },
            data: { ticketId: t.id, responseDueAt: t.responseDueAt.toISOString(), severity: t.severity },
          }),
          t.warningAt,
        );
      }
    });
  }

  async function breach(t: TicketRow): Promise<void> {
    const to = await recipients(deps, t);
    await inTicketTransaction(deps, async (tx) => {
      const [row] = await tx.update(tickets).set({ breached: true, breachedAt: t.responseDueAt }).where(and(eq(tickets.id, t.id), eq(tickets.breached, false))).returning();
      if (!row) return;
      const escalate = row.slaBinding && !row.bestEffort;
      await tx.insert(ticketEvents).values({ id: newId('tev', t.responseDueAt.getTime()), tenantId: row.tenantId, ticketId: row.id, kind: 'sla_breached', actor: 'system', data: { responseDueAt: row.responseDueAt.toISOString(), escalated: escalate }, at: row.responseDueAt });
      if (!escalate) return;
      const account = await loadAccount(tx, row.accountId);
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
          ...deps.notifier.customer(customerTicketNotice(account, deps.catalog.findLevel(row.level) ?? null, row, 'ticket.sla_breached', key, { breachedAt: row.responseDueAt.toISOString() }, { webhookOnly: true })),
        ],
        row.responseDueAt,
      );
    });
  }

  return {
    name: 'tickets.sla-sweep',
    async run(now) {
      let handled = 0;
      const warnings = await deps.db.select().from(tickets).where(pendingWarning(now)).orderBy(tickets.warningAt).limit(BATCH);
      for (const t of warnings) {
        await warn(t);
        handled++;
      }
      const breaches = await deps.db.select().from(tickets).where(pendingBreach(now)).orderBy(tickets.responseDueAt).limit(BATCH);
      for (const t of breaches) {
        await breach(t);
        handled++;
      }
      return handled;
    },
    async nextDue() {
      const [w] = await deps.db.select({ at: min(tickets.warningAt) }).from(tickets).where(pendingWarning());
      const [b] = await deps.db.select({ at: min(tickets.responseDueAt) }).from(tickets).where(pendingBreach());
      const times = [w?.at, b?.at].filter((d): d is Date => !!d).map((d) => new Date(d).getTime());
      return times.length ? new Date(Math.min(...times)) : null;
    },
  };
}

export { sql };
