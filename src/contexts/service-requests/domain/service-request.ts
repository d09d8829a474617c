/** A service request (服务单, R-SR) and its deliverables as the domain sees them: plain values the store maps rows into. */
import type { Warning } from './schedule.js';

export type SrStatus = 'submitted' | 'processing' | 'completed' | 'rejected' | 'withdrawn';

/** One counter a request consumed (R-SR-2): given back on reject or withdraw. */
export interface Consumption {
  readonly quota: string;
  readonly periodKey: string;
  readonly units: number;
}

export interface ServiceRequest {
  readonly id: string;
  readonly number: string;
  readonly tenantId: string;
  readonly accountId: string;
  /** The account whose plan (and allowance) the request used: the account itself or its master. */
  readonly planAccountId: string;
  readonly level: string;
  readonly type: string;
  readonly protectionLevel: number | null;
  /** application (the customer applied) | proactive (staff deliver it) */
  readonly origin: string;
  readonly startDate: string;
  /** Inclusive last day. */
  readonly endDate: string;
  /** Whole days, or half days where the catalog's service has `wholeDays: false`. */
  readonly days: number;
  readonly timeZone: string;
  readonly scenario: string | null;
  readonly deliveryMethod: string | null;
  readonly contact: Record<string, unknown> | null;
  readonly scope: string | null;
  readonly resources: unknown[] | null;
  readonly notes: string | null;
  readonly status: SrStatus;
  readonly warnings: Warning[];
  readonly consumption: Consumption[];
  /** The term whose order the request locked (R-SUB-7), or null. */
  readonly lockedTerm: string | null;
  readonly assigneeId: string | null;
  readonly rejectReason: string | null;
  readonly createdBy: string;
  readonly submittedAt: Date;
  readonly acceptedAt: Date | null;
  readonly completedAt: Date | null;
  readonly rejectedAt: Date | null;
  readonly withdrawnAt: Date | null;
  readonly updatedAt: Date;
  readonly responseSpeed: number | null;
  readonly deliverableQuality: number | null;
  readonly feedback: string | null;
  readonly evaluatedAt: Date | null;
}

/** What a change of a request may set. */
export type ServiceRequestPatch = {
  -readonly [K in Exclude<keyof ServiceRequest, 'id' | 'number' | 'tenantId'>]?: ServiceRequest[K];
};

export interface ServiceRequestEvent {
  readonly id: string;
  readonly tenantId: string;
  readonly serviceRequestId: string;
  /** submitted, processing, completed, rejected, withdrawn, evaluated, rescheduled, deliverable_added */
  readonly kind: string;
  readonly actor: string;
  readonly data: Record<string, unknown>;
  readonly at: Date;
}

/** A deliverable without its bytes (what lists show). */
export interface Deliverable {
  readonly id: string;
  readonly tenantId: string;
  readonly serviceRequestId: string;
  readonly filename: string;
  readonly contentType: string;
  readonly sizeBytes: number;
  readonly sha256: string;
  readonly createdBy: string;
  readonly createdAt: Date;
}

export interface DeliverableFile extends Deliverable {
  readonly data: Buffer;
}
