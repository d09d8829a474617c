/** Platform tables: settings, idempotency records, the outbox, the audit trail and the data migrations run. */
import {
  bigserial,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Server-wide settings: admin token hash, signing secret, test clock, the catalog this database serves. */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/** Idempotency-Key records: same key + same body → the first response (API conventions). */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    /** The caller: principal id (user id, or "admin"). */
    principal: text('principal').notNull(),
    key: text('key').notNull(),
    tenantId: text('tenant_id'),
    requestHash: text('request_hash').notNull(),
    method: text('method').notNull(),
    path: text('path').notNull(),
    /** null while the first request is still running. */
    statusCode: integer('status_code'),
    responseBody: text('response_body'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.principal, t.key] }), index('idempotency_keys_created_idx').on(t.createdAt)],
);

/**
 * STYLE §6: effects (messages, mails, webhooks, jobs) are written here in the same transaction as the change and
 * dispatched after commit. `dedupeKey` makes each effect happen once (e.g. "sla:tkt_…:breach").
 */
export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'bigint' }).primaryKey(),
    tenantId: text('tenant_id'),
    topic: text('topic').notNull(),
    dedupeKey: text('dedupe_key').notNull(),
    payload: jsonb('payload').notNull(),
    createdAt: ts('created_at').notNull(),
    availableAt: ts('available_at').notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    dispatchedAt: ts('dispatched_at'),
    failedAt: ts('failed_at'),
  },
  (t) => [
    uniqueIndex('outbox_dedupe_idx').on(t.dedupeKey),
    index('outbox_pending_idx').on(t.dispatchedAt, t.availableAt),
    // The claim walks undelivered rows in id order; without it the planner walks the key through every delivered row
    // (docs/SCALING.md: 2 → 55,389 buffers from 1,000 to 10,000 tenants).
    index('outbox_undelivered_idx')
      .on(t.id)
      .where(sql`${t.dispatchedAt} IS NULL AND ${t.failedAt} IS NULL`),
  ],
);

/** Who did what to which object, for staff and auditors (re-grades, approvals, refunds…). */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'bigint' }).primaryKey(),
    tenantId: text('tenant_id'),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    objectId: text('object_id').notNull(),
    data: jsonb('data').notNull().default({}),
    at: ts('at').notNull(),
  },
  (t) => [index('audit_events_object_idx').on(t.objectId, t.at), index('audit_events_tenant_idx').on(t.tenantId, t.at)],
);

/**
 * One-time data migrations (platform/data-migrations.ts): steps that need the application's code, run once per
 * database at start-up after the SQL migrations. The row is written in the step's own transaction: it exists exactly
 * when the step's changes were committed.
 */
export const dataMigrations = pgTable('data_migrations', {
  id: text('id').primaryKey(),
  appliedAt: ts('applied_at').notNull(),
  /** What the step did (counts), as it logged it. */
  result: jsonb('result').notNull().default({}),
});

/**
 * Issue 17: request and failed-authentication counters shared by the API processes on one PostgreSQL database, one
 * row per bucket (`key:…`, `user:…`, `account:…`, `fail:<address>`) and fixed one-minute window
 * (platform/http/shared-rate-limit.ts). UNLOGGED (the migration says so; drizzle cannot): no WAL per request, and a
 * crash of the database server only forgets the current minute's counts. Old windows are pruned by the limiter.
 */
export const rateLimitWindows = pgTable(
  'rate_limit_windows',
  {
    bucket: text('bucket').notNull(),
    windowStart: ts('window_start').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [primaryKey({ columns: [t.bucket, t.windowStart] }), index('rate_limit_windows_start_idx').on(t.windowStart)],
);
