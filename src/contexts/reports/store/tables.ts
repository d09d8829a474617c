/**
 * Reports context tables (R-RPT). `report_schedule` is one row per account and month (the unique key that makes a
 * month's report once), with its due dates as data (STYLE §7) and its state; `reports` holds every version made
 * (staff regenerate → a new version, the old kept); `report_plans` is the resumable planning pass of a month.
 */
import { integer, index, jsonb, pgTable, primaryKey, text, timestamp, date, uniqueIndex } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const reportSchedule = pgTable(
  'report_schedule',
  {
    accountId: text('account_id').notNull(),
    month: text('month').notNull(),
    tenantId: text('tenant_id').notNull(),
    /** The last local date the report may be sent (R-RPT-1). */
    dueDate: date('due_date', { mode: 'string' }).notNull(),
    /** When the schedule makes and mails it. */
    sendAt: ts('send_at').notNull(),
    /** scheduled | generated | sent | failed */
    status: text('status').notNull(),
    /** The version mailed (or to be mailed). */
    reportId: text('report_id'),
    error: text('error'),
    recipients: jsonb('recipients').notNull().default([]),
    sentAt: ts('sent_at'),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.month] }),
    index('report_schedule_due_idx').on(t.status, t.sendAt),
    index('report_schedule_month_idx').on(t.month, t.status),
  ],
);

export const reports = pgTable(
  'reports',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    accountId: text('account_id').notNull(),
    month: text('month').notNull(),
    version: integer('version').notNull(),
    /** schedule | staff */
    trigger: text('trigger').notNull(),
    locale: text('locale').notNull(),
    sections: jsonb('sections').notNull(),
    html: text('html').notNull(),
    generatedBy: text('generated_by'),
    generatedAt: ts('generated_at').notNull(),
  },
  (t) => [
    uniqueIndex('reports_account_month_version_idx').on(t.accountId, t.month, t.version),
    index('reports_tenant_idx').on(t.tenantId, t.accountId),
  ],
);

export const reportPlans = pgTable('report_plans', {
  month: text('month').primaryKey(),
  /** The last account id planned (accounts are walked in id order). */
  cursor: text('cursor'),
  accountsSeen: integer('accounts_seen').notNull().default(0),
  scheduled: integer('scheduled').notNull().default(0),
  startedAt: ts('started_at').notNull(),
  completedAt: ts('completed_at'),
});
