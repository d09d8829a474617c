/**
 * Billing context tables (R-BIL): consumption records as the cloud side sent them, bills with their lines (one bill
 * per account and month), and run progress.
 */
import { bigint, date, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const money = (name: string) => bigint(name, { mode: 'bigint' });

/**
 * R-BIL-1: one row per consumption record, keyed by the provider's own record id (re-sending it changes nothing).
 * Kept narrow: a month-end run reads every row of the month once.
 */
export const usageRecords = pgTable(
  'usage_records',
  {
    /** The sender's record id, unique for the provider (one server serves one provider). */
    recordId: text('record_id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    accountId: text('account_id').notNull(),
    service: text('service').notNull(),
    /** cloud | support_plan | professional_service | marketplace (the catalog's excluded categories never count). */
    category: text('category').notNull(),
    /** List price before discounts, in the catalog currency's minor units. */
    amountMinor: money('amount_minor').notNull(),
    currency: text('currency').notNull(),
    /** Inclusive dates in the provider's time zone; a multi-day record is spread evenly per day. */
    fromDate: date('from_date', { mode: 'string' }).notNull(),
    toDate: date('to_date', { mode: 'string' }).notNull(),
    receivedAt: ts('received_at').notNull(),
    /** 128-bit SHA-256 prefix of the record's content: a re-sent id with other content is a conflict. */
    contentHash: text('content_hash').notNull(),
  },
  // The per-segment query of a run reads an account's records that end on or after the segment's first day.
  (t) => [index('usage_records_account_to_idx').on(t.accountId, t.toDate)],
);

/** R-BIL-3: one bill per account and consumption month; the unique index makes every run idempotent. */
export const bills = pgTable(
  'bills',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    accountId: text('account_id').notNull(),
    /** The consumption month, YYYY-MM in the provider's time zone. */
    month: text('month').notNull(),
    /** issued → paid (collected from the balance) | overdue (the balance was short when it was issued) */
    status: text('status').notNull(),
    currency: text('currency').notNull(),
    totalMinor: money('total_minor').notNull(),
    /** The consumption the incremental fee was computed from (the account's, plus its custody subs' while shared). */
    consumptionMinor: money('consumption_minor').notNull(),
    runId: text('run_id').notNull(),
    issuedAt: ts('issued_at').notNull(),
    paidAt: ts('paid_at'),
    /** overdue: what the balance lacked when the bill was collected. */
    shortfallMinor: money('shortfall_minor'),
  },
  // Reads are by account (and month), scoped by tenant as a filter: one index, so a run writes one entry less per bill.
  (t) => [uniqueIndex('bills_account_month_idx').on(t.accountId, t.month)],
);

export const billLines = pgTable(
  'bill_lines',
  {
    billId: text('bill_id').notNull(),
    lineNo: integer('line_no').notNull(),
    tenantId: text('tenant_id').notNull(),
    /** base | incremental | refund | add_on */
    kind: text('kind').notNull(),
    level: text('level'),
    days: integer('days'),
    description: text('description').notNull(),
    amountMinor: money('amount_minor').notNull(),
    /** Incremental lines: the segment's consumption. */
    consumptionMinor: money('consumption_minor'),
    orderId: text('order_id'),
    periodStart: date('period_start', { mode: 'string' }),
    periodEnd: date('period_end', { mode: 'string' }),
  },
  (t) => [primaryKey({ columns: [t.billId, t.lineNo] })],
);

/**
 * Progress of a month-end run, so a killed run resumes (R-BIL-3): `scope` is `all` or `account:<id>`; phase
 * `bills` walks the accounts in id order after `cursor` (`totals`, a phase of earlier versions, resumes as `bills`).
 */
export const billingRuns = pgTable(
  'billing_runs',
  {
    id: text('id').primaryKey(),
    month: text('month').notNull(),
    scope: text('scope').notNull(),
    /** running | completed */
    status: text('status').notNull(),
    phase: text('phase').notNull(),
    /** The last account id billed (or found billed) in this pass. Counters below are this pass's. */
    cursor: text('cursor'),
    accountsTotal: integer('accounts_total').notNull().default(0),
    accountsDone: integer('accounts_done').notNull().default(0),
    billsCreated: integer('bills_created').notNull().default(0),
    /** Accounts of this pass that had their bill already (an earlier pass, a single-account run). */
    alreadyBilled: integer('already_billed').notNull().default(0),
    /** How many passes were started (a re-run of a completed month starts a new pass). */
    passes: integer('passes').notNull().default(1),
    trigger: text('trigger').notNull(),
    startedAt: ts('started_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
    finishedAt: ts('finished_at'),
  },
  (t) => [uniqueIndex('billing_runs_month_scope_idx').on(t.month, t.scope)],
);
