/** The API shape of a ticket (API.md: sla { target, clock, responseDueAt, breached }). */
import type { ResponseClockReading } from '../../../domain/sla/index.js';
import type { TicketStatus } from './status.js';

/**
 * A ticket as stored, column for column (plain types; store/ticket-store.ts checks them against the tables both
 * ways, so a column added to one only fails the typecheck).
 */
export interface TicketRow {
  id: string;
  number: string;
  tenantId: string;
  accountId: string;
  /** Whose plan served the ticket (own, a custody master's shared plan, a Tianyi linking plan). */
  planAccountId: string;
  planSource: string;
  level: string;
  category: string;
  severity: string | null;
  /** The severity the customer chose, kept when staff re-grade. */
  originalSeverity: string | null;
  channel: string;
  subject: string;
  description: string;
  affectedService: string | null;
  affectedRegion: string | null;
  endCustomer: string | null;
  contacts: unknown;
  status: string;
  /** R-ACC-3: tickets of linked accounts are flagged priority. */
  priority: boolean;
  expeditedAt: Date | null;
  expeditedBy: string | null;
  expediteReason: string | null;
  incidentId: string | null;
  assigneeId: string | null;
  createdBy: string;
  createdVia: string;
  // SLA (R-TKT-3): the target, the clock it runs on (recorded at intake), the stored deadline and 80 % instant.
  targetIso: string;
  targetMinutes: number;
  clock: string;
  timeZone: string;
  holidayCountry: string | null;
  slaBinding: boolean;
  bestEffort: boolean;
  /** Why the target differs from the level's (event protection…), null otherwise. */
  slaAdjustment: unknown;
  responseDueAt: Date;
  warningAt: Date;
  warnedAt: Date | null;
  respondedAt: Date | null;
  breached: boolean;
  breachedAt: Date | null;
  resolutionPriority: number | null;
  restorationPriority: number | null;
  quotaPeriod: string | null;
  openedAt: Date;
  updatedAt: Date;
  resolvedAt: Date | null;
  closedAt: Date | null;
  ratingStars: number | null;
  ratingComment: string | null;
  ratedAt: Date | null;
}

/** A reply or internal note of the conversation. */
export interface ReplyRow {
  id: string;
  tenantId: string;
  ticketId: string;
  /** customer | staff */
  authorKind: string;
  authorId: string;
  /** public | internal */
  visibility: string;
  body: string;
  createdAt: Date;
}

/** An attachment's columns but its bytes. */
export interface AttachmentRow {
  id: string;
  tenantId: string;
  ticketId: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  /** internal attachments are staff-only. */
  visibility: string;
  createdBy: string;
  createdAt: Date;
}

/** An event of a ticket's history. */
export interface EventRow {
  id: string;
  tenantId: string;
  ticketId: string;
  kind: string;
  actor: string;
  data: unknown;
  internal: boolean;
  at: Date;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * `clock`: the response clock read now on a business-hours clock (use-cases/sla-clock.ts), null on 7x24; its
 * business minutes used and left join the `sla` object.
 */
export function ticketView(t: TicketRow, opts: { staff: boolean; clock: ResponseClockReading | null }) {
  return {
    id: t.id,
    number: t.number,
    accountId: t.accountId,
    level: t.level,
    planSource: t.planSource,
    category: t.category as 'technical' | 'non_technical',
    severity: t.severity,
    ...(t.originalSeverity && t.originalSeverity !== t.severity ? { originalSeverity: t.originalSeverity } : {}),
    channel: t.channel,
    subject: t.subject,
    description: t.description,
    affectedService: t.affectedService,
    affectedRegion: t.affectedRegion,
    endCustomer: t.endCustomer,
    contacts: t.contacts as { name: string; email?: string; phone?: string }[],
    status: t.status as TicketStatus,
    priority: t.priority,
    expedited: t.expeditedAt ? { at: t.expeditedAt.toISOString(), by: t.expeditedBy, reason: t.expediteReason } : null,
    incidentId: t.incidentId,
    assigneeId: opts.staff ? t.assigneeId : undefined,
    sla: {
      target: t.targetIso,
      targetMinutes: t.targetMinutes,
      clock: t.clock,
      timeZone: t.timeZone,
      responseDueAt: t.responseDueAt.toISOString(),
      warningAt: opts.staff ? t.warningAt.toISOString() : undefined,
      respondedAt: iso(t.respondedAt),
      breached: t.breached,
      breachedAt: iso(t.breachedAt),
      binding: t.slaBinding && !t.bestEffort,
      bestEffort: t.bestEffort,
      adjustment: (t.slaAdjustment as Record<string, unknown> | null) ?? null,
      ...(opts.clock ?? {}),
    },
    resolutionPriority: t.resolutionPriority,
    restorationPriority: t.restorationPriority,
    rating: t.ratingStars ? { stars: t.ratingStars, comment: t.ratingComment, ratedAt: iso(t.ratedAt) } : null,
    createdVia: t.createdVia,
    openedAt: t.openedAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
    resolvedAt: iso(t.resolvedAt),
    closedAt: iso(t.closedAt),
  };
}
export type TicketView = ReturnType<typeof ticketView>;

export function replyView(r: ReplyRow) {
  return {
    id: r.id,
    authorId: r.authorId,
    authorKind: r.authorKind,
    visibility: r.visibility,
    body: r.body,
    createdAt: r.createdAt.toISOString(),
  };
}

export function attachmentView(a: AttachmentRow) {
  return {
    id: a.id,
    filename: a.filename,
    contentType: a.contentType,
    sizeBytes: a.sizeBytes,
    sha256: a.sha256,
    visibility: a.visibility,
    createdBy: a.createdBy,
    createdAt: a.createdAt.toISOString(),
  };
}

export function eventView(e: EventRow) {
  return { id: e.id, kind: e.kind, actor: e.actor, data: e.data as Record<string, unknown>, at: e.at.toISOString() };
}
