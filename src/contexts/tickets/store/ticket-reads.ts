/**
 * Reading tickets in SQL (issue 14: stores own the SQL): a ticket's conversation and history, the customers' lists
 * with search, the staff queue (R-TKT-3: by deadline band — domain/queue-band.ts as SQL —, deadline, then
 * resolution/restoration priority), and the active tickets of a TAM's accounts. Who may read what is decided by the
 * use cases (use-cases/queries.ts, tam-accounts.ts); these functions take the scope they decided.
 */
import { and, asc, count, desc, eq, ilike, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../platform/db.js';
import type { TPageQuery } from '../../../platform/pagination.js';
import { accountAndSubsIds } from '../../accounts/index.js';
import { ANSWERED_BAND, BAND_UPPER_MINUTES } from '../domain/queue-band.js';
import { TICKET_STATUSES } from '../domain/status.js';
import type { TicketRow } from '../domain/views.js';
import { ACTIVE_STATUSES } from './sla-store.js';
import { ATTACHMENT_META, type AttachmentMeta, type Reply, type TicketEvent } from './ticket-store.js';
import { ticketAttachments, ticketEvents, ticketReplies, tickets } from './tables.js';

/** A ticket's replies, attachments (without bytes) and events, oldest first; customers see only public ones. */
export async function conversationOf(
  db: Db,
  ticket: { id: string; tenantId: string },
  staff: boolean,
): Promise<{ replies: Reply[]; attachments: AttachmentMeta[]; events: TicketEvent[] }> {
  const replies = await db
    .select()
    .from(ticketReplies)
    .where(
      and(
        eq(ticketReplies.tenantId, ticket.tenantId),
        eq(ticketReplies.ticketId, ticket.id),
        staff ? undefined : eq(ticketReplies.visibility, 'public'),
      ),
    )
    .orderBy(asc(ticketReplies.createdAt), asc(ticketReplies.id));
  const attachments = await db
    .select(ATTACHMENT_META)
    .from(ticketAttachments)
    .where(
      and(
        eq(ticketAttachments.tenantId, ticket.tenantId),
        eq(ticketAttachments.ticketId, ticket.id),
        staff ? undefined : eq(ticketAttachments.visibility, 'public'),
      ),
    )
    .orderBy(asc(ticketAttachments.createdAt));
  const events = await db
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
  return { replies, attachments, events };
}

/** The filters of a ticket list (query parameters; unknown statuses match nothing). */
export interface TicketListFilter extends TPageQuery {
  readonly status?: string | undefined;
  readonly severity?: string | undefined;
  readonly category?: string | undefined;
  readonly level?: string | undefined;
  readonly assigneeId?: string | undefined;
  /** Issue 13: the tickets opened about an incident (its follow-ups). */
  readonly incidentId?: string | undefined;
  /** Words searched in subject and description, or a ticket number. */
  readonly q?: string | undefined;
}

/**
 * Whose tickets a list reads: one account's; an account's and its sub accounts' (a master sees its subs'); or every
 * account's (staff).
 */
export type TicketListScope =
  | { readonly kind: 'account'; readonly tenantId: string; readonly accountId: string }
  | { readonly kind: 'account_and_subs'; readonly tenantId: string; readonly accountId: string }
  | { readonly kind: 'all' };

function scopeWhere(scope: TicketListScope, db: Db): SQL | undefined {
  switch (scope.kind) {
    case 'account':
      return and(eq(tickets.tenantId, scope.tenantId), eq(tickets.accountId, scope.accountId));
    case 'account_and_subs': {
      const visible = accountAndSubsIds(db, scope.tenantId, scope.accountId);
      return and(eq(tickets.tenantId, scope.tenantId), inArray(tickets.accountId, visible));
    }
    case 'all':
      return undefined;
  }
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

/** A page of the tickets in `scope` matching `f`, newest first, and how many match. */
export async function pageTickets(
  db: Db,
  scope: TicketListScope,
  f: TicketListFilter,
): Promise<{ rows: TicketRow[]; total: number }> {
  const where = and(
    scopeWhere(scope, db),
    statusFilter(f.status),
    f.severity ? eq(tickets.severity, f.severity) : undefined,
    f.category ? eq(tickets.category, f.category) : undefined,
    f.level ? eq(tickets.level, f.level) : undefined,
    f.assigneeId ? eq(tickets.assigneeId, f.assigneeId) : undefined,
    // Issue 13: an incident's follow-up tickets, within the caller's scope (a customer's own tickets).
    f.incidentId ? eq(tickets.incidentId, f.incidentId) : undefined,
    textFilter(f.q),
  );
  const rows = await db
    .select()
    .from(tickets)
    .where(where)
    .orderBy(desc(tickets.openedAt), desc(tickets.id))
    .offset((f.page - 1) * f.pageSize)
    .limit(f.pageSize);
  const [total] = await db.select({ n: count() }).from(tickets).where(where);
  return { rows, total: Number(total?.n ?? 0) };
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

/** The staff queue's filters: a list's (but the search), and more. */
export interface QueueFilter extends Omit<TicketListFilter, 'q' | 'incidentId'> {
  readonly unassigned?: boolean | undefined;
  readonly accountId?: string | undefined;
  /** A billing operator's queue: non-technical tickets only. */
  readonly nonTechnicalOnly?: boolean | undefined;
}

/**
 * A page of the staff queue at `now` and how many are in it: active tickets (or those of `f.status`), by deadline
 * band (answered last; issue 12: expedited first within a band), deadline, then resolution and restoration priority
 * (1 first), linked-account priority, age.
 */
export async function pageStaffQueue(db: Db, f: QueueFilter, now: Date): Promise<{ rows: TicketRow[]; total: number }> {
  const where = and(
    f.status ? statusFilter(f.status) : inArray(tickets.status, [...ACTIVE_STATUSES]),
    f.severity ? eq(tickets.severity, f.severity) : undefined,
    f.level ? eq(tickets.level, f.level) : undefined,
    f.category ? eq(tickets.category, f.category) : undefined,
    f.assigneeId ? eq(tickets.assigneeId, f.assigneeId) : undefined,
    f.unassigned ? isNull(tickets.assigneeId) : undefined,
    f.accountId ? eq(tickets.accountId, f.accountId) : undefined,
    f.nonTechnicalOnly ? eq(tickets.category, 'non_technical') : undefined,
  );
  const rows = await db
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
  const [total] = await db.select({ n: count() }).from(tickets).where(where);
  return { rows, total: Number(total?.n ?? 0) };
}

/** The active tickets of some accounts, by deadline (the caller orders them by band as the queue does). */
export async function activeTicketsOfAccounts(db: Db, accountIds: readonly string[]) {
  if (!accountIds.length) return [];
  return db
    .select({
      id: tickets.id,
      number: tickets.number,
      accountId: tickets.accountId,
      subject: tickets.subject,
      severity: tickets.severity,
      status: tickets.status,
      assigneeId: tickets.assigneeId,
      responseDueAt: tickets.responseDueAt,
      respondedAt: tickets.respondedAt,
      expeditedAt: tickets.expeditedAt,
    })
    .from(tickets)
    .where(and(inArray(tickets.accountId, [...accountIds]), inArray(tickets.status, [...ACTIVE_STATUSES])))
    .orderBy(asc(tickets.responseDueAt), asc(tickets.id));
}
