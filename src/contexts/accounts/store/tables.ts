/** Accounts context tables. `tenant_id` is the customer account's root (R-ACC-2); every query is scoped by it. */
import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const accounts = pgTable(
  'accounts',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    parentId: text('parent_id'),
    /** custody (财务托管) or independent (财务独立) for sub accounts; null for a root account. */
    financeMode: text('finance_mode'),
    name: text('name').notNull(),
    email: text('email').notNull(),
    region: text('region').notNull(),
    timeZone: text('time_zone').notNull(),
    locale: text('locale').notNull(),
    /** One switch for all subs (R-ACC-2), custody masters only. */
    sharingEnabled: boolean('sharing_enabled').notNull().default(false),
    /** R-SUB-5a: staff approved the account for levels that require approval. */
    approvedAt: ts('approved_at'),
    tamUserId: text('tam_user_id'),
    /** Tianyi 7-day no-reason refunds used (3 per account, lifetime). */
    noReasonRefundsUsed: integer('no_reason_refunds_used').notNull().default(0),
    /** Where monthly reports go besides the registered email (R-RPT-1; the first was `report_email`). */
    reportRecipients: jsonb('report_recipients').$type<string[]>().notNull().default([]),
    /** The account's phone numbers (E.164) for SMS/phone notices (R-NTF-1). */
    phones: jsonb('phones').$type<string[]>().notNull().default([]),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [index('accounts_tenant_idx').on(t.tenantId), index('accounts_parent_idx').on(t.parentId)],
);

export const contacts = pgTable(
  'contacts',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    accountId: text('account_id').notNull(),
    name: text('name').notNull(),
    email: text('email'),
    phone: text('phone'),
    /** What the contact is for (free text: "ops on-call", "finance"). */
    role: text('role'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at'),
  },
  (t) => [index('contacts_account_idx').on(t.tenantId, t.accountId)],
);

/**
 * Seed 001 §6.3–6.4: a master (custody) account invites an existing root account as its sub. The invitee's owner
 * accepts (choosing the finance mode) or declines; at most one open invitation per invitee.
 */
export const subAccountInvitations = pgTable(
  'sub_account_invitations',
  {
    id: text('id').primaryKey(),
    /** The inviting master's tenant. */
    tenantId: text('tenant_id').notNull(),
    masterId: text('master_id').notNull(),
    inviteeId: text('invitee_id').notNull(),
    /** The invitee's tenant before it joins (its own root). */
    inviteeTenantId: text('invitee_tenant_id').notNull(),
    /** pending → accepted | declined | withdrawn */
    status: text('status').notNull(),
    financeMode: text('finance_mode'),
    message: text('message'),
    invitedBy: text('invited_by').notNull(),
    decidedBy: text('decided_by'),
    createdAt: ts('created_at').notNull(),
    decidedAt: ts('decided_at'),
  },
  (t) => [
    index('sub_account_invitations_master_idx').on(t.tenantId, t.masterId),
    index('sub_account_invitations_invitee_idx').on(t.inviteeId),
    uniqueIndex('sub_account_invitations_open_idx')
      .on(t.inviteeId)
      .where(sql`status = 'pending'`),
  ],
);

/** Customer users belong to an account (tenant); staff users have no tenant. */
export const users = pgTable(
  'users',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id'),
    accountId: text('account_id'),
    name: text('name').notNull(),
    email: text('email').notNull(),
    role: text('role').notNull(),
    /** Support engineers: the handler grade they work at (catalog handlers, R-ACC-4). */
    grade: text('grade'),
    createdAt: ts('created_at').notNull(),
    disabledAt: ts('disabled_at'),
  },
  (t) => [index('users_account_idx').on(t.tenantId, t.accountId)],
);

/** API keys: argon2 hash of the secret, shown once, revocable. */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id'),
    userId: text('user_id').notNull(),
    name: text('name'),
    hash: text('hash').notNull(),
    createdAt: ts('created_at').notNull(),
    /** The key that created this one (null: the admin token or a session); revoking it revokes this one too. */
    createdByKeyId: text('created_by_key_id'),
    /** Who created it: a user id, or "admin". */
    createdBy: text('created_by'),
    revokedAt: ts('revoked_at'),
    lastUsedAt: ts('last_used_at'),
  },
  (t) => [index('api_keys_user_idx').on(t.userId), index('api_keys_created_by_key_idx').on(t.createdByKeyId)],
);
