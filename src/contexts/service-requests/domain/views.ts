/** API shape of a service request (API.md). */
import type { serviceRequestDeliverables, serviceRequests } from '../store/tables.js';

export type ServiceRequestRow = typeof serviceRequests.$inferSelect;
export type SrStatus = 'submitted' | 'processing' | 'completed' | 'rejected' | 'withdrawn';
type DeliverableMeta = Omit<typeof serviceRequestDeliverables.$inferSelect, 'data'>;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function serviceRequestView(r: ServiceRequestRow, opts: { staff: boolean }) {
  return {
    id: r.id,
    number: r.number,
    accountId: r.accountId,
    level: r.level,
    type: r.type,
    protectionLevel: r.protectionLevel,
    origin: r.origin,
    start: r.startDate,
    end: r.endDate,
    days: r.days,
    timeZone: r.timeZone,
    scenario: r.scenario,
    deliveryMethod: r.deliveryMethod,
    contact: (r.contact as Record<string, unknown> | null) ?? null,
    scope: r.scope,
    resources: (r.resources as unknown[] | null) ?? null,
    notes: r.notes,
    status: r.status as SrStatus,
    warnings: r.warnings as { code: string; message: string; details: Record<string, unknown> }[],
    lockedOrder: r.lockedTerm !== null,
    assigneeId: opts.staff ? r.assigneeId : undefined,
    rejectReason: r.rejectReason,
    submittedAt: r.submittedAt.toISOString(),
    acceptedAt: iso(r.acceptedAt),
    completedAt: iso(r.completedAt),
    rejectedAt: iso(r.rejectedAt),
    withdrawnAt: iso(r.withdrawnAt),
    evaluation: r.evaluatedAt
      ? {
          responseSpeed: r.responseSpeed!,
          deliverableQuality: r.deliverableQuality!,
          feedback: r.feedback,
          evaluatedAt: r.evaluatedAt.toISOString(),
        }
      : null,
  };
}

export function deliverableView(d: DeliverableMeta) {
  return {
    id: d.id,
    filename: d.filename,
    contentType: d.contentType,
    sizeBytes: d.sizeBytes,
    sha256: d.sha256,
    createdBy: d.createdBy,
    createdAt: d.createdAt.toISOString(),
  };
}
