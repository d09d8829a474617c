/** Incident support (优护计划, R-NTF-2): incidents and platform changes staff publish, and who was told. */
import { index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Provider-wide (not tenant-owned): what happened; its notifications are per tenant. */
export const incidents = pgTable(
  'incidents',
  {
    id: text('id').primaryKey(),
    /** industry | platform_change */
    kind: text('kind').notNull(),
    level: integer('level').notNull(),
    title: jsonb('title').notNull(),
    summary: jsonb('summary').notNull(),
    guidance: jsonb('guidance').notNull(),
    affectedRegions: jsonb('affected_regions').notNull().default([]),
    affectedServices: jsonb('affected_services').notNull().default([]),
    /** open | resolved */
    status: text('status').notNull(),
    publishedBy: text('published_by').notNull(),
    publishedAt: ts('published_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
    resolvedAt: ts('resolved_at'),
    /** Accounts still to be notified are found by a sweep until this is set. */
    fanOutDoneAt: ts('fan_out_done_at'),
  },
  (t) => [index('incidents_published_idx').on(t.publishedAt)],
);

export const incidentUpdates = pgTable(
  'incident_updates',
  {
    id: text('id').primaryKey(),
    incidentId: text('incident_id').notNull(),
    body: jsonb('body').notNull(),
    author: text('author').notNull(),
    at: ts('at').notNull(),
  },
  (t) => [index('incident_updates_incident_idx').on(t.incidentId, t.at)],
);

/** Exactly once per (incident, account): the unique key is the guarantee. */
export const incidentNotifications = pgTable(
  'incident_notifications',
  {
    incidentId: text('incident_id').notNull(),
    accountId: text('account_id').notNull(),
    tenantId: text('tenant_id').notNull(),
    level: text('level').notNull(),
    notifiedAt: ts('notified_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.incidentId, t.accountId] }),
    index('incident_notifications_tenant_idx').on(t.tenantId, t.accountId),
  ],
);
