/**
 * Notifications context (R-NTF-1): the message center every account has (and the staff inbox), and the logs of
 * every delivery attempt on the other channels: email, SMS/phone and webhooks (R-TKT-6).
 */
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const messages = pgTable(
  'messages',
  {
    id: text('id').primaryKey(),
    /** The customer account's tenant; for a staff message, the tenant of the account it concerns. */
    tenantId: text('tenant_id').notNull(),
    accountId: text('account_id').notNull(),
    /** null: the account's message center; set: one staff user's inbox (never shown to the customer). */
    recipientUserId: text('recipient_user_id'),
    /** e.g. plan.activated, order.paid, ticket.replied, sla.warning, bill.issued */
    kind: text('kind').notNull(),
    title: jsonb('title').notNull(),
    body: jsonb('body').notNull(),
    data: jsonb('data').notNull().default({}),
    /** The outbox dedupe key that produced it: a replayed effect never makes a second message. */
    sourceKey: text('source_key').notNull(),
    read: boolean('read').notNull().default(false),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('messages_source_idx').on(t.sourceKey),
    index('messages_account_idx').on(t.tenantId, t.accountId, t.createdAt),
    index('messages_recipient_idx').on(t.recipientUserId, t.createdAt),
  ],
);

/** Every email attempt (sent, failed, or skipped when no SMTP server is configured). */
export const emailDeliveries = pgTable(
  'email_deliveries',
  {
    id: text('id').primaryKey(),
    /** null for mail to staff users (set-password links). */
    tenantId: text('tenant_id'),
    accountId: text('account_id'),
    /** The outbox row that asked for it (`outbox:<id>`): a replayed effect already sent (or skipped) is not sent again. */
    sourceKey: text('source_key').notNull(),
    to: text('to').notNull(),
    subject: text('subject').notNull(),
    /** sent | failed | skipped */
    status: text('status').notNull(),
    error: text('error'),
    /** The SMTP server's Message-ID. */
    messageId: text('message_id'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    index('email_deliveries_account_idx').on(t.tenantId, t.accountId, t.createdAt),
    index('email_deliveries_source_idx').on(t.sourceKey),
  ],
);

/** Every SMS/phone notification attempt (the same shape as email_deliveries). */
export const smsDeliveries = pgTable(
  'sms_deliveries',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    accountId: text('account_id').notNull(),
    sourceKey: text('source_key').notNull(),
    /** The phone number, or null when the account has none on file. */
    to: text('to'),
    text: text('text').notNull(),
    /** sent | failed | skipped */
    status: text('status').notNull(),
    error: text('error'),
    /** The gateway's id of the message, when it answers one. */
    messageId: text('message_id'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    index('sms_deliveries_account_idx').on(t.tenantId, t.accountId, t.createdAt),
    index('sms_deliveries_source_idx').on(t.sourceKey),
  ],
);

/** R-TKT-6: endpoints a customer's ITSM system registers for changes (Standard Webhooks signatures). */
export const webhooks = pgTable(
  'webhooks',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    accountId: text('account_id').notNull(),
    url: text('url').notNull(),
    /** `whsec_<base64>`: shown once at creation, kept to sign deliveries. */
    secret: text('secret').notNull(),
    /** Event types subscribed to (a subset of WEBHOOK_EVENTS). */
    events: text('events').array().notNull(),
    active: boolean('active').notNull().default(true),
    createdAt: ts('created_at').notNull(),
    disabledAt: ts('disabled_at'),
  },
  (t) => [index('webhooks_account_idx').on(t.tenantId, t.accountId)],
);

/** One row per delivery attempt of one event to one endpoint. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    webhookId: text('webhook_id').notNull(),
    /** The event's id, also the `webhook-id` header: the same on every retry, so receivers can drop duplicates. */
    eventId: text('event_id').notNull(),
    eventType: text('event_type').notNull(),
    /** 1-based attempt number (the outbox row's attempt). */
    attempt: integer('attempt').notNull(),
    /** null when no HTTP answer came (connection refused, timeout). */
    statusCode: integer('status_code'),
    error: text('error'),
    durationMs: integer('duration_ms').notNull(),
    succeeded: boolean('succeeded').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    index('webhook_deliveries_webhook_idx').on(t.tenantId, t.webhookId, t.createdAt),
    index('webhook_deliveries_event_idx').on(t.webhookId, t.eventId),
  ],
);

/**
 * R-NTF-1 per-user preferences: a row per user, account and optional kind the user set; no row = the default (on).
 * Mandatory kinds have no row (they are always mailed); the message center always gets every kind.
 */
export const notificationPreferences = pgTable(
  'notification_preferences',
  {
    tenantId: text('tenant_id').notNull(),
    accountId: text('account_id').notNull(),
    userId: text('user_id').notNull(),
    kind: text('kind').notNull(),
    email: boolean('email').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [uniqueIndex('notification_preferences_user_idx').on(t.userId, t.accountId, t.kind)],
);

/**
 * A call staff make to tell an account of a notice (Tianyi 专席人工 / 专属经理人工, seed 004 §1.4): listed in the staff
 * inbox until someone records it done; `not_reached` keeps it open for another try. Every outcome is in `attempts`.
 */
export const callTasks = pgTable(
  'call_tasks',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    accountId: text('account_id').notNull(),
    /** The notice's kind (incident.published). */
    kind: text('kind').notNull(),
    /** The catalog channel (vip_agent_call, dedicated_manager). */
    channel: text('channel').notNull(),
    /** The account's manager for `account_manager` channels; null: the desk's queue (any staff member). */
    assigneeId: text('assignee_id'),
    title: jsonb('title').notNull(),
    body: jsonb('body').notNull(),
    data: jsonb('data').notNull().default({}),
    /** open | not_reached | done */
    status: text('status').notNull(),
    /** The last outcome's note. */
    note: text('note'),
    /** [{ outcome, note, by, at }] in order. */
    attempts: jsonb('attempts').notNull().default([]),
    sourceKey: text('source_key').notNull(),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
    doneAt: ts('done_at'),
  },
  (t) => [
    uniqueIndex('call_tasks_source_idx').on(t.sourceKey),
    index('call_tasks_status_idx').on(t.status, t.createdAt),
    index('call_tasks_assignee_idx').on(t.assigneeId, t.status),
    index('call_tasks_account_idx').on(t.tenantId, t.accountId),
  ],
);
