/** Tickets context tables (R-TKT). `response_due_at` is data: stored, indexed, found by the SLA sweep (STYLE §7). */
import {
  boolean,
  customType,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** bytea as a Buffer on both drivers (PGlite returns Uint8Array, pg a Buffer). */
export const bytea = customType<{ data: Buffer; driverData: Uint8Array | Buffer }>({
  dataType: () => 'bytea',
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
  toDriver: (v) => v,
});

export const tickets = pgTable(
  'tickets',
  {
    id: text('id').primaryKey(),
    number: text('number').notNull(),
    tenantId: text('tenant_id').notNull(),
    accountId: text('account_id').notNull(),
    /** Whose plan served the ticket (own, a custody master's shared plan, a Tianyi linking plan). */
    planAccountId: text('plan_account_id').notNull(),
    planSource: text('plan_source').notNull(),
    level: text('level').notNull(),
    category: text('category').notNull(),
    severity: text('severity'),
    /** The severity the customer chose, kept when staff re-grade. */
    originalSeverity: text('original_severity'),
    channel: text('channel').notNull(),
    subject: text('subject').notNull(),
    description: text('description').notNull(),
    affectedService: text('affected_service'),
    affectedRegion: text('affected_region'),
    endCustomer: text('end_customer'),
    contacts: jsonb('contacts').notNull().default([]),
    status: text('status').notNull(),
    /** R-ACC-3: tickets of linked accounts are flagged priority. */
    priority: boolean('priority').notNull().default(false),
    /** Issue 12 expedite (工单加急 / 紧急问题加速): when, by whom and why the customer asked; first in its deadline band. */
    expeditedAt: ts('expedited_at'),
    expeditedBy: text('expedited_by'),
    expediteReason: text('expedite_reason'),
    incidentId: text('incident_id'),
    assigneeId: text('assignee_id'),
    createdBy: text('created_by').notNull(),
    createdVia: text('created_via').notNull(),
    // SLA (R-TKT-3)
    targetIso: text('target_iso').notNull(),
    targetMinutes: integer('target_minutes').notNull(),
    clock: text('clock').notNull(),
    timeZone: text('time_zone').notNull(),
    holidayCountry: text('holiday_country'),
    slaBinding: boolean('sla_binding').notNull(),
    bestEffort: boolean('best_effort').notNull(),
    /** Why the target differs from the level's (event protection…), null otherwise. */
    slaAdjustment: jsonb('sla_adjustment'),
    responseDueAt: ts('response_due_at').notNull(),
    warningAt: ts('warning_at').notNull(),
    warnedAt: ts('warned_at'),
    respondedAt: ts('responded_at'),
    breached: boolean('breached').notNull().default(false),
    breachedAt: ts('breached_at'),
    resolutionPriority: integer('resolution_priority'),
    restorationPriority: integer('restoration_priority'),
    quotaPeriod: text('quota_period'),
    openedAt: ts('opened_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
    resolvedAt: ts('resolved_at'),
    closedAt: ts('closed_at'),
    ratingStars: integer('rating_stars'),
    ratingComment: text('rating_comment'),
    ratedAt: ts('rated_at'),
  },
  (t) => [
    index('tickets_account_idx').on(t.tenantId, t.accountId, t.openedAt),
    index('tickets_due_idx').on(t.status, t.responseDueAt),
    index('tickets_sla_open_idx').on(t.breached, t.respondedAt, t.responseDueAt),
    // The breach sweep's candidates only (unanswered, or answered late, and not yet breached): tickets answered in
    // time stay unbreached for good and would otherwise be walked on every sweep (docs/SCALING.md).
    index('tickets_breach_due_idx')
      .on(t.responseDueAt)
      .where(sql`${t.breached} = false AND (${t.respondedAt} IS NULL OR ${t.respondedAt} > ${t.responseDueAt})`),
    index('tickets_warning_idx').on(t.warnedAt, t.respondedAt, t.warningAt),
    index('tickets_assignee_idx').on(t.assigneeId, t.status),
    // One ticket per number: the sequence makes them unique, the index makes a duplicate an error, never a second ticket.
    uniqueIndex('tickets_number_idx').on(t.number),
  ],
);

/** The conversation: customer and staff replies; internal notes customers never see. */
export const ticketReplies = pgTable(
  'ticket_replies',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    ticketId: text('ticket_id').notNull(),
    authorId: text('author_id').notNull(),
    /** customer | staff */
    authorKind: text('author_kind').notNull(),
    /** public | internal */
    visibility: text('visibility').notNull(),
    body: text('body').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('ticket_replies_ticket_idx').on(t.tenantId, t.ticketId, t.createdAt)],
);

export const ticketAttachments = pgTable(
  'ticket_attachments',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    ticketId: text('ticket_id').notNull(),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    sha256: text('sha256').notNull(),
    /** internal attachments are staff-only. */
    visibility: text('visibility').notNull(),
    data: bytea('data').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('ticket_attachments_ticket_idx').on(t.tenantId, t.ticketId)],
);

/** What happened to a ticket: status changes, re-grades with their reason, assignments, SLA events. */
export const ticketEvents = pgTable(
  'ticket_events',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    ticketId: text('ticket_id').notNull(),
    kind: text('kind').notNull(),
    actor: text('actor').notNull(),
    data: jsonb('data').notNull().default({}),
    /** Staff-only events (internal re-grade notes…) are hidden from customers. */
    internal: boolean('internal').notNull().default(false),
    at: ts('at').notNull(),
  },
  (t) => [index('ticket_events_ticket_idx').on(t.tenantId, t.ticketId, t.at)],
);

export const ticketNumberSeq = pgSequence('ticket_number_seq', { startWith: 1 });
