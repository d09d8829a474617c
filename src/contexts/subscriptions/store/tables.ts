/** Subscriptions context tables: the plan of each account, its paid periods, orders, balance and quota usage. */
import {
  bigint,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const money = (name: string) => bigint(name, { mode: 'bigint' });

/** At most one support plan per account (seed 001 §6). */
export const subscriptions = pgTable(
  'subscriptions',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    accountId: text('account_id').notNull(),
    level: text('level').notNull(),
    /** active | expired | unsubscribed */
    status: text('status').notNull(),
    validFrom: ts('valid_from').notNull(),
    validTo: ts('valid_to').notNull(),
    /** R-SR-2: the first validFrom of the continuous chain of terms (a gap resets it). */
    anchorFrom: ts('anchor_from').notNull(),
    /** The unit of the term most recently bought: yearly purchases unlock some allowances. */
    termUnit: text('term_unit').notNull(),
    termCount: integer('term_count').notNull(),
    autoRenew: boolean('auto_renew').notNull().default(false),
    /** Renewal reminders already sent for the current validTo (days before), so each is sent once. */
    remindedDays: jsonb('reminded_days').notNull().default([]),
    /** Optimistic version: a pending order is refused at payment if the plan changed since it was placed. */
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('subscriptions_account_idx').on(t.accountId),
    index('subscriptions_valid_to_idx').on(t.status, t.validTo),
    index('subscriptions_tenant_idx').on(t.tenantId),
  ],
);

/**
 * R-SUB-8: each paid term [startDate, endDate) with the level held and the value basis for proration
 * (the amount paid for it, or the new level's term price after a level change). Cut at a change or unsubscribe.
 */
export const subscriptionPeriods = pgTable(
  'subscription_periods',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    subscriptionId: text('subscription_id').notNull(),
    accountId: text('account_id').notNull(),
    level: text('level').notNull(),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }).notNull(),
    termUnit: text('term_unit').notNull(),
    termCount: integer('term_count').notNull(),
    basisMinor: money('basis_minor').notNull(),
    /** What was actually paid for this period (the 7-day no-reason refund gives it back). */
    paidMinor: money('paid_minor').notNull(),
    orderId: text('order_id').notNull(),
    paidAt: ts('paid_at').notNull(),
    /** Set when the period ends early (level change, unsubscribe): the first date no longer held. */
    cutDate: date('cut_date', { mode: 'string' }),
    /** R-SUB-7: a lock-causing service request was applied for in this term. */
    lockedAt: ts('locked_at'),
    lockedBy: text('locked_by'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('subscription_periods_sub_idx').on(t.tenantId, t.subscriptionId, t.startDate)],
);

export const orders = pgTable(
  'orders',
  {
    id: text('id').primaryKey(),
    number: text('number').notNull(),
    tenantId: text('tenant_id').notNull(),
    accountId: text('account_id').notNull(),
    /** new | upgrade | downgrade | renew | unsubscribe | add_on */
    type: text('type').notNull(),
    /** pending_payment | paid | cancelled | refunded */
    status: text('status').notNull(),
    level: text('level'),
    fromLevel: text('from_level'),
    termUnit: text('term_unit'),
    termCount: integer('term_count'),
    /** charge | refund */
    direction: text('direction').notNull(),
    amountMinor: money('amount_minor').notNull(),
    currency: text('currency').notNull(),
    breakdown: jsonb('breakdown').notNull(),
    actionDate: date('action_date', { mode: 'string' }).notNull(),
    reason: text('reason'),
    reasonText: text('reason_text'),
    addOnType: text('add_on_type'),
    addOnCount: integer('add_on_count'),
    autoRenew: boolean('auto_renew').notNull().default(false),
    placedBy: text('placed_by').notNull(),
    placedByStaff: boolean('placed_by_staff').notNull(),
    subscriptionVersion: integer('subscription_version'),
    createdAt: ts('created_at').notNull(),
    expiresAt: ts('expires_at'),
    paidAt: ts('paid_at'),
    cancelledAt: ts('cancelled_at'),
    cancelReason: text('cancel_reason'),
    refundedAt: ts('refunded_at'),
    /** How a paid charge was paid (R-SUB-2, issue 11): balance | external (staff recorded) | provider (callback). */
    paymentMethod: text('payment_method'),
    /** Staff's reference in the provider's billing system, or the provider payment system's payment id. */
    paymentReference: text('payment_reference'),
    /** The provider payment system's payment id (POST /payments/callback): one order per payment. */
    providerPaymentId: text('provider_payment_id'),
    /** The voucher applied at payment and how much of the amount it covered. */
    voucherId: text('voucher_id'),
    voucherMinor: money('voucher_minor'),
    /** What the balance paid (method balance). */
    balanceMinor: money('balance_minor'),
    paidBy: text('paid_by'),
  },
  (t) => [
    uniqueIndex('orders_number_idx').on(t.number),
    uniqueIndex('orders_provider_payment_idx').on(t.providerPaymentId),
    index('orders_account_idx').on(t.tenantId, t.accountId, t.createdAt),
    index('orders_pending_idx').on(t.status, t.expiresAt),
  ],
);

/**
 * The account balance as a ledger (issue 11): refunds, top-ups and staff adjustments credit it, payments and
 * collected bills debit it. The balance is the sum of an account's entries; every entry is written with the
 * account row locked, after the sum is read, so it never goes below zero (`balance_after_minor` is that sum).
 * An order's entry of one kind and a bill's entry are written once (unique indexes).
 */
export const balanceEntries = pgTable(
  'balance_entries',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    accountId: text('account_id').notNull(),
    amountMinor: money('amount_minor').notNull(),
    /** downgrade_refund | unsubscribe_refund | top_up | adjustment | payment_credit | order_payment | bill */
    kind: text('kind').notNull(),
    orderId: text('order_id'),
    /** payment_credit: the provider's payment id (a payment for an order that could no longer be paid), once. */
    paymentId: text('payment_id'),
    billId: text('bill_id'),
    /** Staff's reason (adjustments) or reference (top-ups). */
    reason: text('reason'),
    createdBy: text('created_by'),
    /** The balance after this entry (null on entries written before the ledger kept it). */
    balanceAfterMinor: money('balance_after_minor'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    index('balance_entries_account_idx').on(t.tenantId, t.accountId),
    // One entry per order and kind, but payment credits: several payments may arrive for one dead order.
    uniqueIndex('balance_entries_order_kind_idx')
      .on(t.orderId, t.kind)
      .where(sql`${t.kind} <> 'payment_credit'`),
    uniqueIndex('balance_entries_bill_idx').on(t.billId),
    uniqueIndex('balance_entries_payment_idx').on(t.tenantId, t.paymentId),
  ],
);

/** Vouchers (代金券, seed 004 §3.1): issued by staff to one account, applied once at payment. */
export const vouchers = pgTable(
  'vouchers',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    accountId: text('account_id').notNull(),
    amountMinor: money('amount_minor').notNull(),
    currency: text('currency').notNull(),
    /** The levels whose orders it pays for; null: any. */
    levels: jsonb('levels').$type<string[] | null>(),
    expiresAt: ts('expires_at').notNull(),
    note: text('note'),
    issuedBy: text('issued_by').notNull(),
    createdAt: ts('created_at').notNull(),
    usedAt: ts('used_at'),
    usedOrderId: text('used_order_id'),
  },
  (t) => [index('vouchers_account_idx').on(t.tenantId, t.accountId)],
);

/** Callbacks of the provider's payment system that were accepted: a webhook-id is processed once (replays refused). */
export const paymentCallbacks = pgTable('payment_callbacks', {
  webhookId: text('webhook_id').primaryKey(),
  tenantId: text('tenant_id').notNull(),
  paymentId: text('payment_id').notNull(),
  orderId: text('order_id').notNull(),
  receivedAt: ts('received_at').notNull(),
});

/**
 * Exact counters for quotas and allowances, one row per (account, quota, period key); incremented with a
 * guarded UPDATE inside the consuming transaction so concurrent submissions never overshoot (R-TKT-4).
 */
export const quotaUsage = pgTable(
  'quota_usage',
  {
    tenantId: text('tenant_id').notNull(),
    accountId: text('account_id').notNull(),
    quota: text('quota').notNull(),
    periodKey: text('period_key').notNull(),
    used: integer('used').notNull().default(0),
    /** Extra units bought for this period (ticket packs). */
    granted: integer('granted').notNull().default(0),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('quota_usage_key_idx').on(t.accountId, t.quota, t.periodKey),
    index('quota_usage_tenant_idx').on(t.tenantId),
  ],
);

/** Which paid level an account held when: billing splits a month by it (R-BIL-2), reports read it. */
export const planHistory = pgTable(
  'plan_history',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    accountId: text('account_id').notNull(),
    level: text('level').notNull(),
    fromAt: ts('from_at').notNull(),
    /** null while current. */
    toAt: ts('to_at'),
    orderId: text('order_id'),
    /** purchase | upgrade | downgrade | renew | unsubscribe | expiry */
    endReason: text('end_reason'),
  },
  (t) => [index('plan_history_account_idx').on(t.tenantId, t.accountId, t.fromAt)],
);

/** Tianyi 关联账号 (R-ACC-3): pending and approved links count toward the owner level's limit. */
export const linkedAccounts = pgTable(
  'linked_accounts',
  {
    id: text('id').primaryKey(),
    /** The plan owner's tenant. */
    tenantId: text('tenant_id').notNull(),
    ownerAccountId: text('owner_account_id').notNull(),
    linkedAccountId: text('linked_account_id').notNull(),
    status: text('status').notNull(),
    requestedBy: text('requested_by').notNull(),
    createdAt: ts('created_at').notNull(),
    decidedAt: ts('decided_at'),
    decidedBy: text('decided_by'),
  },
  (t) => [
    index('linked_accounts_owner_idx').on(t.tenantId, t.ownerAccountId),
    index('linked_accounts_linked_idx').on(t.linkedAccountId),
  ],
);

/** Order numbers: provider date + this sequence. */
export const orderNumberSeq = pgSequence('order_number_seq', { startWith: 1 });
