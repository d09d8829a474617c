/** API shape of a service request (API.md). */
import type { Deliverable, ServiceRequest } from './service-request.js';

export type { SrStatus } from './service-request.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function serviceRequestView(r: ServiceRequest, opts: { staff: boolean }) {
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
    contact: r.contact,
    scope: r.scope,
    resources: r.resources,
    notes: r.notes,
    status: r.status,
    warnings: r.warnings,
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

export function deliverableView(d: Deliverable) {
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
