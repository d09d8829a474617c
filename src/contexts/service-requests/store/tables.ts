/** Service requests (服务单, R-SR) and their deliverables. */
import {
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import { bytea } from '../../tickets/index.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const serviceRequests = pgTable(
  'service_requests',
  {
    id: text('id').primaryKey(),
    number: text('number').notNull(),
    tenantId: text('tenant_id').notNull(),
    accountId: text('account_id').notNull(),
    planAccountId: text('plan_account_id').notNull(),
    level: text('level').notNull(),
    type: text('type').notNull(),
    protectionLevel: integer('protection_level'),
    /** application (the customer applied) | proactive (staff deliver it, e.g. Tianyi checks on joining) */
    origin: text('origin').notNull(),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    /** Inclusive last day. */
    endDate: date('end_date', { mode: 'string' }).notNull(),
    /** Whole days, or half days where the catalog's service has `wholeDays: false` (exact in a double). */
    days: doublePrecision('days').notNull(),
    timeZone: text('time_zone').notNull(),
    scenario: text('scenario'),
    deliveryMethod: text('delivery_method'),
    contact: jsonb('contact'),
    scope: text('scope'),
    resources: jsonb('resources'),
    notes: text('notes'),
    /** submitted | processing | completed | rejected | withdrawn */
    status: text('status').notNull(),
    warnings: jsonb('warnings').notNull().default([]),
    /** The counters consumed (quota, period, units) — given back on reject or withdraw. */
    consumption: jsonb('consumption').notNull().default([]),
    lockedTerm: text('locked_term'),
    assigneeId: text('assignee_id'),
    rejectReason: text('reject_reason'),
    createdBy: text('created_by').notNull(),
    submittedAt: ts('submitted_at').notNull(),
    acceptedAt: ts('accepted_at'),
    completedAt: ts('completed_at'),
    rejectedAt: ts('rejected_at'),
    withdrawnAt: ts('withdrawn_at'),
    updatedAt: ts('updated_at').notNull(),
    responseSpeed: integer('response_speed'),
    deliverableQuality: integer('deliverable_quality'),
    feedback: text('feedback'),
    evaluatedAt: ts('evaluated_at'),
  },
  (t) => [
    index('service_requests_account_idx').on(t.tenantId, t.accountId, t.submittedAt),
    index('service_requests_window_idx').on(t.planAccountId, t.type, t.status, t.startDate),
    index('service_requests_status_idx').on(t.status, t.submittedAt),
  ],
);

export const serviceRequestDeliverables = pgTable(
  'service_request_deliverables',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    serviceRequestId: text('service_request_id').notNull(),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    sha256: text('sha256').notNull(),
    data: bytea('data').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('service_request_deliverables_sr_idx').on(t.tenantId, t.serviceRequestId)],
);

export const serviceRequestEvents = pgTable(
  'service_request_events',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    serviceRequestId: text('service_request_id').notNull(),
    kind: text('kind').notNull(),
    actor: text('actor').notNull(),
    data: jsonb('data').notNull().default({}),
    at: ts('at').notNull(),
  },
  (t) => [index('service_request_events_sr_idx').on(t.tenantId, t.serviceRequestId, t.at)],
);

export const serviceRequestNumberSeq = pgSequence('service_request_number_seq', { startWith: 1 });
