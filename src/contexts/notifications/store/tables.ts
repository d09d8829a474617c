/** Notifications context: the message center every account has (R-NTF-1). */
import { boolean, index, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const messages = pgTable(
  'messages',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    accountId: text('account_id').notNull(),
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
  (t) => [uniqueIndex('messages_source_idx').on(t.sourceKey), index('messages_account_idx').on(t.tenantId, t.accountId, t.createdAt)],
);
