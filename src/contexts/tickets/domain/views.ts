/** The API shape of a ticket (API.md: sla { target, clock, responseDueAt, breached }). */
import type { ResponseClockReading } from '../../../domain/sla/index.js';
import type { tickets, ticketAttachments, ticketEvents, ticketReplies } from '../store/tables.js';
import type { TicketStatus } from './status.js';

export type TicketRow = typeof tickets.$inferSelect;
type ReplyRow = typeof ticketReplies.$inferSelect;
type AttachmentRow = Omit<typeof ticketAttachments.$inferSelect, 'data'>;
type EventRow = typeof ticketEvents.$inferSelect;

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
