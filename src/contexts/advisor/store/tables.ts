/**
 * Advisor context tables (R-OA): the inventory and its history, utilisation samples, the customer's authorization,
 * schedule, rule settings, resource groups and declared events, runs and findings. Everything but the per-account
 * settings is kept one month (the retention sweep).
 */
import {
  bigint,
  bigserial,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * The inventory, upserted by the sender's resource id (unique for the provider: one server serves one provider).
 * `key` is a compact surrogate the samples refer to.
 */
export const advisorResources = pgTable(
  'advisor_resources',
  {
    key: bigserial('key', { mode: 'number' }).primaryKey(),
    id: text('id').notNull(),
    tenantId: text('tenant_id').notNull(),
    accountId: text('account_id').notNull(),
    type: text('type').notNull(),
    region: text('region').notNull(),
    zone: text('zone'),
    name: text('name'),
    attributes: jsonb('attributes').notNull(),
    /** 128-bit SHA-256 prefix of type, place, name and attributes: what counts as a change. */
    contentHash: text('content_hash').notNull(),
    /** The newest observation taken in; an older one is ignored. */
    observedAt: ts('observed_at').notNull(),
    firstSeenAt: ts('first_seen_at').notNull(),
    /** Set when a full sync no longer lists it; cleared when it comes back. */
    goneAt: ts('gone_at'),
  },
  (t) => [
    uniqueIndex('advisor_resources_id_idx').on(t.id),
    index('advisor_resources_account_idx').on(t.accountId, t.key),
  ],
);

/** What happened to the inventory (the monthly report's "changes in the month"): created, updated, gone, returned. */
export const advisorResourceChanges = pgTable(
  'advisor_resource_changes',
  {
    id: bigserial('id', { mode: 'bigint' }).primaryKey(),
    tenantId: text('tenant_id').notNull(),
    accountId: text('account_id').notNull(),
    resourceId: text('resource_id').notNull(),
    resourceType: text('resource_type').notNull(),
    change: text('change').notNull(),
    at: ts('at').notNull(),
  },
  (t) => [
    index('advisor_resource_changes_account_idx').on(t.accountId, t.at),
    index('advisor_resource_changes_at_idx').on(t.at),
  ],
);

/**
 * Utilisation samples, narrow on purpose (millions of rows): one per (resource, metric, instant), the key the ingest
 * is idempotent on and the order a run's aggregate reads, led by the tenant like every tenant-owned table (the
 * distribution column of docs/SCALING.md; every read names the tenant of the resources it reads).
 */
export const advisorSamples = pgTable(
  'advisor_samples',
  {
    tenantId: text('tenant_id').notNull(),
    resourceKey: bigint('resource_key', { mode: 'number' }).notNull(),
    metric: text('metric').notNull(),
    at: ts('at').notNull(),
    value: real('value').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.resourceKey, t.metric, t.at] })],
);

/** The days an account has samples on: what the retention sweep must visit, and coverage for reports. */
export const advisorSampleDays = pgTable(
  'advisor_sample_days',
  {
    accountId: text('account_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    tenantId: text('tenant_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.day] }), index('advisor_sample_days_day_idx').on(t.day)],
);

/** One row per account that authorized the advisor or set a schedule (seed 000: "需要您授权"). */
export const advisorSettings = pgTable(
  'advisor_settings',
  {
    accountId: text('account_id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    authorizedAt: ts('authorized_at'),
    authorizedBy: text('authorized_by'),
    scheduleEnabled: boolean('schedule_enabled').notNull().default(false),
    /** day | week */
    every: text('every').notNull().default('week'),
    /** HH:MM in the account's time zone. */
    atTime: text('at_time').notNull().default('09:00'),
    /** ISO weekday of weekly runs (1 = Monday). */
    weekday: integer('weekday').notNull().default(1),
    /** Where results are mailed; null: the account's email. */
    email: text('email'),
    /** The next scheduled run (deadlines are data); null when the schedule is off. */
    nextRunAt: ts('next_run_at'),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    index('advisor_settings_next_run_idx')
      .on(t.nextRunAt)
      .where(sql`${t.nextRunAt} IS NOT NULL`),
  ],
);

/** An account's switches and thresholds per rule (R-OA-2); absent = the catalog's defaults. */
export const advisorRuleSettings = pgTable(
  'advisor_rule_settings',
  {
    accountId: text('account_id').notNull(),
    ruleId: text('rule_id').notNull(),
    tenantId: text('tenant_id').notNull(),
    enabled: boolean('enabled'),
    thresholds: jsonb('thresholds').notNull().default({}),
    updatedAt: ts('updated_at').notNull(),
    updatedBy: text('updated_by').notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.ruleId] })],
);

/** 资源分组: the customer's business groups of resources (by the sender's resource id). */
export const advisorGroups = pgTable(
  'advisor_groups',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    accountId: text('account_id').notNull(),
    name: text('name').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [uniqueIndex('advisor_groups_account_name_idx').on(t.accountId, t.name)],
);

export const advisorGroupMembers = pgTable(
  'advisor_group_members',
  {
    groupId: text('group_id').notNull(),
    resourceId: text('resource_id').notNull(),
    tenantId: text('tenant_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.resourceId] })],
);

/** Major events the customer declares (service baseline: event protection booked before them?). */
export const advisorEvents = pgTable(
  'advisor_events',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    accountId: text('account_id').notNull(),
    name: text('name').notNull(),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }).notNull(),
  },
  (t) => [index('advisor_events_account_idx').on(t.accountId, t.startDate)],
);

/**
 * A check run (manual or scheduled), bounded and resumable like the month-end run: phase `resources` walks the
 * account's resources in key order after `cursor`, a batch per transaction; phase `account` runs the inventory and
 * baseline checks, resolves what was not seen and writes the results notice.
 */
export const advisorRuns = pgTable(
  'advisor_runs',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    accountId: text('account_id').notNull(),
    /** manual | schedule */
    trigger: text('trigger').notNull(),
    /** running | completed */
    status: text('status').notNull(),
    /** resources | account | done */
    phase: text('phase').notNull(),
    cursor: bigint('cursor', { mode: 'number' }),
    /** The instant the run evaluates at (a scheduled run: its due instant). */
    at: ts('at').notNull(),
    /** A scheduled run's due instant (unique per account: a schedule runs once per instant). */
    scheduledFor: ts('scheduled_for'),
    requestedBy: text('requested_by'),
    level: text('level'),
    /** The effective rules the run evaluates (ids, thresholds), fixed when it starts. */
    rules: jsonb('rules').notNull(),
    /** Mail the results to this address when done (scheduled runs). */
    mailTo: text('mail_to'),
    resourcesTotal: integer('resources_total').notNull().default(0),
    resourcesDone: integer('resources_done').notNull().default(0),
    findings: integer('findings').notNull().default(0),
    opened: integer('opened').notNull().default(0),
    resolved: integer('resolved').notNull().default(0),
    /** Findings by dimension and severity when done. */
    summary: jsonb('summary'),
    startedAt: ts('started_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
    finishedAt: ts('finished_at'),
  },
  (t) => [
    index('advisor_runs_account_idx').on(t.accountId, t.startedAt),
    uniqueIndex('advisor_runs_schedule_idx').on(t.accountId, t.scheduledFor),
    index('advisor_runs_running_idx')
      .on(t.status)
      .where(sql`${t.status} = 'running'`),
    index('advisor_runs_started_idx').on(t.startedAt),
  ],
);

/** A risk of an account with its identity across runs: (account, rule, subject). */
export const advisorFindings = pgTable(
  'advisor_findings',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    accountId: text('account_id').notNull(),
    ruleId: text('rule_id').notNull(),
    /** resource:<id> | group:<value> | event:<id> | account */
    subject: text('subject').notNull(),
    dimension: text('dimension').notNull(),
    severity: text('severity').notNull(),
    resourceId: text('resource_id'),
    resourceIds: text('resource_ids').array().notNull(),
    evidence: jsonb('evidence').notNull(),
    /** open | resolved */
    status: text('status').notNull(),
    firstSeenAt: ts('first_seen_at').notNull(),
    lastSeenAt: ts('last_seen_at').notNull(),
    resolvedAt: ts('resolved_at'),
    /** The run that found it (again, after it was resolved). */
    openedRunId: text('opened_run_id').notNull(),
    lastRunId: text('last_run_id').notNull(),
  },
  (t) => [
    uniqueIndex('advisor_findings_identity_idx').on(t.accountId, t.ruleId, t.subject),
    index('advisor_findings_account_status_idx').on(t.accountId, t.status),
    index('advisor_findings_last_seen_idx').on(t.lastSeenAt),
  ],
);

/** What each run found, with that run's evidence (GET …/findings?runId=, history). */
export const advisorRunFindings = pgTable(
  'advisor_run_findings',
  {
    runId: text('run_id').notNull(),
    findingId: text('finding_id').notNull(),
    tenantId: text('tenant_id').notNull(),
    dimension: text('dimension').notNull(),
    severity: text('severity').notNull(),
    evidence: jsonb('evidence').notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.findingId] }), index('advisor_run_findings_finding_idx').on(t.findingId)],
);
