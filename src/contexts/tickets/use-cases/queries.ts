/** Reading tickets: one with its conversation; lists for customers (search, pagination); the staff queue. */
import { and, asc, count, desc, eq, ilike, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import { authorize } from '../../../platform/http/authorize.js';
import { isStaff, type Principal } from '../../../platform/http/principal.js';
import { pageOf, type TPageQuery } from '../../../platform/pagination.js';
import { visibleAccountAndPlan } from '../../subscriptions/index.js';
import { accounts } from '../../accounts/index.js';
import { attachmentView, eventView, replyView, ticketView } from '../domain/views.js';
import { slaClockOf } from './sla-clock.js';
import { TICKET_STATUSES } from '../domain/status.js';
import { ANSWERED_BAND, BAND_UPPER_MINUTES } from '../domain/queue-band.js';
import type { TicketsDeps } from '../ports.js';
import { ticketAttachments, ticketEvents, ticketReplies, tickets } from '../store/tables.js';
import { requireTicketApi } from '../../subscriptions/index.js';
import { loadTicket } from './ticket-access.js';

export async function getTicket(deps: TicketsDeps, principal: Principal, ticketId: string) {
  const now = deps.clock.now();
  const { ticket } = await loadTicket(deps, deps.db, principal, ticketId, now);
  const staff = isStaff(principal);
  const scope = (col: typeof ticketReplies.tenantId, idCol: typeof ticketReplies.ticketId) =>
    and(eq(col, ticket.tenantId), eq(idCol, ticket.id));
  const replies = await deps.db
    .select()
    .from(ticketReplies)
    .where(
      and(
        scope(ticketReplies.tenantId, ticketReplies.ticketId),
        staff ? undefined : eq(ticketReplies.visibility, 'public'),
      ),
    )
    .orderBy(asc(ticketReplies.createdAt), asc(ticketReplies.id));
  const attachments = await deps.db
    .select({
      id: ticketAttachments.id,
      tenantId: ticketAttachments.tenantId,
      ticketId: ticketAttachments.ticketId,
      filename: ticketAttachments.filename,
      contentType: ticketAttachments.contentType,
      sizeBytes: ticketAttachments.sizeBytes,
      sha256: ticketAttachments.sha256,
      visibility: ticketAttachments.visibility,
      createdBy: ticketAttachments.createdBy,
      createdAt: ticketAttachments.createdAt,
    })
    .from(ticketAttachments)
    .where(
      and(
        eq(ticketAttachments.tenantId, ticket.tenantId),
        eq(ticketAttachments.ticketId, ticket.id),
        staff ? undefined : eq(ticketAttachments.visibility, 'public'),
      ),
    )
    .orderBy(asc(ticketAttachments.createdAt));
  const events = await deps.db
    .select()
    .from(ticketEvents)
    .where(
      and(
        eq(ticketEvents.tenantId, ticket.tenantId),
        eq(ticketEvents.ticketId, ticket.id),
        staff ? undefined : eq(ticketEvents.internal, false),
      ),
    )
    .orderBy(asc(ticketEvents.at), asc(ticketEvents.id));
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

function statusFilter(status: string | undefined): SQL | undefined {
  if (!status) return undefined;
  const list = status.split(',').filter((s) => (TICKET_STATUSES as readonly string[]).includes(s));
  return list.length ? inArray(tickets.status, list) : eq(tickets.status, '__none__');
}

function textFilter(q: string | undefined): SQL | undefined {
  if (!q?.trim()) return undefined;
  const like = `%${q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return or(ilike(tickets.subject, like), ilike(tickets.description, like), eq(tickets.number, q.trim()));
}

/** R-TKT-5: customers list and search their tickets, newest first; staff may list any account's. */
export async function listTickets(deps: TicketsDeps, principal: Principal, f: TicketFilter) {
  const now = deps.clock.now();
  let scope: SQL | undefined;
  if (f.accountId) {
    const { account, plan } = await visibleAccountAndPlan(deps, principal, f.accountId, now);
    requireTicketApi(deps.catalog, principal, account, plan);
    scope = and(eq(tickets.tenantId, account.tenantId), eq(tickets.accountId, account.id));
  } else if (!isStaff(principal)) {
    const { account: own, plan } = await visibleAccountAndPlan(deps, principal, principal.accountId!, now);
    requireTicketApi(deps.catalog, principal, own, plan);
    // A master sees its subs' tickets too.
    const visible = deps.db
      .select({ id: accounts.id })
      .from(accounts)
      .where(and(eq(accounts.tenantId, own.tenantId), or(eq(accounts.id, own.id), eq(accounts.parentId, own.id))));
    scope = and(eq(tickets.tenantId, own.tenantId), inArray(tickets.accountId, visible));
  }
  const where = and(
    scope,
    statusFilter(f.status),
    f.severity ? eq(tickets.severity, f.severity) : undefined,
    f.category ? eq(tickets.category, f.category) : undefined,
    f.level ? eq(tickets.level, f.level) : undefined,
    f.assigneeId && isStaff(principal) ? eq(tickets.assigneeId, f.assigneeId) : undefined,
    // Issue 13: an incident's follow-up tickets, within the caller's scope (a customer's own tickets).
    f.incidentId ? eq(tickets.incidentId, f.incidentId) : undefined,
    textFilter(f.q),
  );
  const rows = await deps.db
    .select()
    .from(tickets)
    .where(where)
    .orderBy(desc(tickets.openedAt), desc(tickets.id))
    .offset((f.page - 1) * f.pageSize)
    .limit(f.pageSize);
  const [total] = await deps.db.select({ n: count() }).from(tickets).where(where);
  const staff = isStaff(principal);
  return pageOf(
    rows.map((t) => ticketView(t, { staff, clock: slaClockOf(deps, t, now) })),
    f,
    Number(total?.n ?? 0),
  );
}

/** domain/queue-band.ts#queueBand as SQL: the same boundaries, read at `now`. */
function queueBandSql(now: Date): SQL {
  const nowIso = now.toISOString();
  const cases = BAND_UPPER_MINUTES.map(
    (upper, i) =>
      sql`WHEN ${tickets.responseDueAt} <= ${nowIso}::timestamptz + make_interval(mins => ${upper}::int) THEN ${i}::int`,
  );
  return sql`(CASE WHEN ${tickets.respondedAt} IS NOT NULL THEN ${ANSWERED_BAND}::int ${sql.join(cases, sql` `)} ELSE ${BAND_UPPER_MINUTES.length}::int END)`;
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
  const where = and(
    f.status ? statusFilter(f.status) : inArray(tickets.status, ['open', 'in_progress', 'waiting_for_customer']),
    f.severity ? eq(tickets.severity, f.severity) : undefined,
    f.level ? eq(tickets.level, f.level) : undefined,
    f.category ? eq(tickets.category, f.category) : undefined,
    f.assigneeId ? eq(tickets.assigneeId, f.assigneeId) : undefined,
    f.unassigned ? isNull(tickets.assigneeId) : undefined,
    f.accountId ? eq(tickets.accountId, f.accountId) : undefined,
    principal.role === 'billing_operator' ? eq(tickets.category, 'non_technical') : undefined,
  );
  const rows = await deps.db
    .select()
    .from(tickets)
    .where(where)
    .orderBy(
      queueBandSql(now),
      // Issue 12: an expedited ticket first within its deadline band.
      sql`(${tickets.expeditedAt} IS NULL)`,
      asc(tickets.responseDueAt),
      sql`${tickets.resolutionPriority} ASC NULLS LAST`,
      sql`${tickets.restorationPriority} ASC NULLS LAST`,
      desc(tickets.priority),
      asc(tickets.openedAt),
      asc(tickets.id),
    )
    .offset((f.page - 1) * f.pageSize)
    .limit(f.pageSize);
  const [total] = await deps.db.select({ n: count() }).from(tickets).where(where);
  return pageOf(
    rows.map((t) => ticketView(t, { staff: true, clock: slaClockOf(deps, t, now) })),
    f,
    Number(total?.n ?? 0),
  );
}
