/**
 * R-TKT-3 breach sweep (STYLE §7): finds stored deadlines that have passed, in bounded batches, and for each ticket
 * records the breach exactly at the deadline (breachedAt = responseDueAt) and escalates to the assignee's and the
 * TAM's message center; 80% of the target warns them first. A reply at the deadline itself is still on time
 * (isBreached), so a breach is due only once the clock is past the deadline. Each effect once: the dedupe key names
 * the ticket, the deadline kind and the deadline itself. A level marked not binding (Tianyi 标准服务) or best effort records
 * breaches for reports without escalating them.
 */
import { and, eq, inArray, isNull, lt, lte, min, or, gt, sql } from 'drizzle-orm';
import { inTicketTransaction } from '../use-cases/ticket-tx.js';
import { enqueueEffects } from '../../../platform/outbox.js';
import type { Sweep } from '../../../platform/scheduler.js';
import { loadAccount } from '../../accounts/use-cases/load-account.js';
import type { TicketsDeps } from '../ports.js';
import type { TicketRow } from '../domain/views.js';
import { tickets } from '../store/tables.js';
import { escalationRecipients, recordBreach } from '../use-cases/record-breach.js';

const BATCH = 500;
const ACTIVE = ['open', 'in_progress', 'waiting_for_customer'];

const pendingWarning = (now?: Date) =>
  and(isNull(tickets.respondedAt), isNull(tickets.warnedAt), eq(tickets.breached, false), inArray(tickets.status, ACTIVE), now ? lte(tickets.warningAt, now) : undefined);

const pendingBreach = (now?: Date) =>
  and(
    eq(tickets.breached, false),
    or(and(isNull(tickets.respondedAt), inArray(tickets.status, ACTIVE)), gt(tickets.respondedAt, tickets.responseDueAt)),
    now ? lt(tickets.responseDueAt, now) : undefined,
  );

async function recipients(deps: TicketsDeps, t: TicketRow): Promise<string[]> {
  const account = await loadAccount(deps.db, t.accountId);
  return escalationRecipients(t, account);
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
    await inTicketTransaction(deps, async (tx) => {
      const [row] = await tx.update(tickets).set({ breached: true, breachedAt: t.responseDueAt }).where(and(eq(tickets.id, t.id), eq(tickets.breached, false))).returning();
      if (!row) return;
      await recordBreach(deps, tx, row, await loadAccount(tx, row.accountId), row.responseDueAt);
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
      // A breach is due the first instant after the deadline.
      const times: number[] = [];
      if (w?.at) times.push(new Date(w.at).getTime());
      if (b?.at) times.push(new Date(b.at).getTime() + 1);
      return times.length ? new Date(Math.min(...times)) : null;
    },
  };
}

export { sql };
