/**
 * The account balance as a ledger (R-SUB-6 refunds, issue 11 payments): refunds, top-ups and staff adjustments
 * with a reason credit it; payments and collected bills debit it. The balance is the sum of the entries. Every
 * entry is posted with the account row locked after the sum is read, so concurrent debits never take it below
 * zero: a debit the balance does not cover is 409 INSUFFICIENT_BALANCE with `details.shortfall`, and nothing is
 * written.
 */
import type { Db } from '../../../platform/db.js';
import type { Deps } from '../../../platform/deps.js';
import { inTransaction } from '../../../platform/deps.js';
import { DomainError, validationFailed } from '../../../platform/errors.js';
import { authorize } from '../../../platform/http/authorize.js';
import type { Principal } from '../../../platform/http/principal.js';
import { newId } from '../../../platform/ids.js';
import { pageOf, type TPageQuery } from '../../../platform/pagination.js';
import { parseMoney, MoneyFormatError, type Currency } from '../../../domain/money/money.js';
import { loadAccount, loadVisibleAccount } from '../../accounts/index.js';
import { money, type MoneyView } from '../domain/views.js';
import { balanceOf, insertEntry, pageEntries, type BalanceEntryRow } from '../store/ledger-store.js';

/** Entry kinds: credits, then debits. */
export const CREDIT_KINDS = [
  'downgrade_refund',
  'unsubscribe_refund',
  'top_up',
  'adjustment',
  'payment_credit',
] as const;
export const DEBIT_KINDS = ['order_payment', 'bill', 'adjustment'] as const;
export type EntryKind = (typeof CREDIT_KINDS)[number] | (typeof DEBIT_KINDS)[number];

export interface LedgerEntryInput {
  readonly tenantId: string;
  readonly accountId: string;
  /** Positive credits, negative debits; never zero. */
  readonly amountMinor: bigint;
  readonly kind: EntryKind;
  readonly orderId?: string | null;
  readonly billId?: string | null;
  /** payment_credit: the provider's payment id (one entry per payment id). */
  readonly paymentId?: string | null;
  readonly reason?: string | null;
  readonly createdBy?: string | null;
}

/**
 * What runs after a credit, in the crediting transaction with the account row locked (issue 11: billing collects
 * the account's overdue bills from it). Bound by the composition root (build-app.ts) through the module's ports.
 */
export type AfterCredit = (
  tx: Db,
  credit: { readonly tenantId: string; readonly accountId: string },
  now: Date,
) => Promise<void>;

/** The deps the ledger writes with: the subscriptions module's carry `afterCredit` (plain Deps: nothing after). */
export type LedgerDeps = Deps & { readonly afterCredit?: AfterCredit | undefined };

export type PostResult = { readonly entry: BalanceEntryRow; readonly duplicate: false } | { readonly duplicate: true };

/** 409 INSUFFICIENT_BALANCE: the balance, the amount asked and the shortfall. */
export function insufficientBalance(balanceMinor: bigint, neededMinor: bigint, currency: Currency): DomainError {
  const shortfall = neededMinor - balanceMinor;
  const view = money(shortfall, currency);
  return new DomainError(
    'INSUFFICIENT_BALANCE',
    { balance: money(balanceMinor, currency), amount: money(neededMinor, currency), shortfall: view },
    `The account balance does not cover the amount: ${view.amount} ${view.currency} short.`,
  );
}

/**
 * Posts one entry inside the caller's transaction. The account row is locked first (every writer of the ledger
 * does so, before the sum), so entries of one account are serialised across processes. An entry for an order and
 * kind, or for a bill, that exists already is not written again (`duplicate`). After a credit, `afterCredit` runs
 * in the same transaction (overdue bills are collected from it).
 */
export async function postEntry(deps: LedgerDeps, tx: Db, input: LedgerEntryInput, now: Date): Promise<PostResult> {
  if (input.amountMinor === 0n) throw new Error('a ledger entry moves money');
  await loadAccount(tx, input.accountId, { forUpdate: true });
  const before = await balanceOf(tx, input.tenantId, input.accountId);
  const after = before + input.amountMinor;
  if (after < 0n) throw insufficientBalance(before, -input.amountMinor, deps.catalog.currency);
  const entry = await insertEntry(tx, {
    id: newId('bal', now.getTime()),
    tenantId: input.tenantId,
    accountId: input.accountId,
    amountMinor: input.amountMinor,
    kind: input.kind,
    orderId: input.orderId ?? null,
    billId: input.billId ?? null,
    paymentId: input.paymentId ?? null,
    reason: input.reason ?? null,
    createdBy: input.createdBy ?? null,
    balanceAfterMinor: after,
    createdAt: now,
  });
  if (!entry) return { duplicate: true };
  if (input.amountMinor > 0n && deps.afterCredit)
    await deps.afterCredit(tx, { tenantId: input.tenantId, accountId: input.accountId }, now);
  return { entry, duplicate: false };
}

export function entryView(r: BalanceEntryRow, currency: Currency) {
  return {
    id: r.id,
    kind: r.kind as EntryKind,
    orderId: r.orderId,
    billId: r.billId,
    paymentId: r.paymentId,
    reason: r.reason,
    createdBy: r.createdBy,
    amount: money(r.amountMinor, currency),
    balanceAfter: r.balanceAfterMinor === null ? null : money(r.balanceAfterMinor, currency),
    createdAt: r.createdAt.toISOString(),
  };
}
export type BalanceEntryView = ReturnType<typeof entryView>;

const RECENT = 20;

/** GET /accounts/{id}/balance: the balance and the latest entries (customers: their own account; staff: any). */
export async function getBalance(deps: Deps, principal: Principal, accountId: string) {
  const account = await loadVisibleAccount(deps.db, principal, accountId);
  const currency = deps.catalog.currency;
  const total = await balanceOf(deps.db, account.tenantId, account.id);
  const { rows } = await pageEntries(deps.db, account.tenantId, account.id, 0, RECENT);
  return { accountId: account.id, balance: money(total, currency), entries: rows.map((r) => entryView(r, currency)) };
}

/** GET /accounts/{id}/balance/entries: every entry, newest first, a page at a time. */
export async function listBalanceEntries(deps: Deps, principal: Principal, accountId: string, query: TPageQuery) {
  const account = await loadVisibleAccount(deps.db, principal, accountId);
  const { rows, total } = await pageEntries(
    deps.db,
    account.tenantId,
    account.id,
    (query.page - 1) * query.pageSize,
    query.pageSize,
  );
  return pageOf(
    rows.map((r) => entryView(r, deps.catalog.currency)),
    query,
    total,
  );
}

/** The staff who move money: the provider admin and billing operators (the role table's `balance.write`). */
export function requireBillingStaff(principal: Principal): void {
  authorize(principal, 'balance.write');
}

/** Parses a request's Money in the catalog's currency (400 per field otherwise). */
export function amountIn(deps: Deps, value: MoneyView, path: string): bigint {
  const currency = deps.catalog.currency;
  if (value.currency !== currency.code)
    throw validationFailed([{ path: `${path}.currency`, message: `the provider's currency is ${currency.code}` }]);
  try {
    return parseMoney(value.amount, currency);
  } catch (e) {
    if (e instanceof MoneyFormatError) throw validationFailed([{ path: `${path}.amount`, message: e.message }]);
    throw e;
  }
}

export interface BalanceChangeInput {
  readonly amount: MoneyView;
  /** Top-ups: the reference of the money received; adjustments: why (required). */
  readonly reason?: string | undefined;
}

/** POST /accounts/{id}/balance/top-ups (staff): money received for the account, credited. */
export async function topUpBalance(deps: Deps, principal: Principal, accountId: string, input: BalanceChangeInput) {
  return changeBalance(deps, principal, accountId, input, 'top_up');
}

/** POST /accounts/{id}/balance/adjustments (staff): a correction either way, with a reason; never below zero. */
export async function adjustBalance(deps: Deps, principal: Principal, accountId: string, input: BalanceChangeInput) {
  return changeBalance(deps, principal, accountId, input, 'adjustment');
}

async function changeBalance(
  deps: Deps,
  principal: Principal,
  accountId: string,
  input: BalanceChangeInput,
  kind: 'top_up' | 'adjustment',
) {
  await loadVisibleAccount(deps.db, principal, accountId);
  requireBillingStaff(principal);
  const amountMinor = amountIn(deps, input.amount, 'body.amount');
  if (kind === 'top_up' && amountMinor <= 0n)
    throw validationFailed([{ path: 'body.amount.amount', message: 'a top-up is more than zero' }]);
  if (amountMinor === 0n) throw validationFailed([{ path: 'body.amount.amount', message: 'not zero' }]);
  if (kind === 'adjustment' && !input.reason?.trim())
    throw validationFailed([{ path: 'body.reason', message: 'an adjustment needs a reason' }]);
  const now = deps.clock.now();
  const entry = await inTransaction(
    deps,
    async (tx) => {
      const account = await loadVisibleAccount(tx, principal, accountId, { forUpdate: true });
      const posted = await postEntry(
        deps,
        tx,
        {
          tenantId: account.tenantId,
          accountId: account.id,
          amountMinor,
          kind,
          reason: input.reason?.trim() || null,
          createdBy: principal.id,
        },
        now,
      );
      if (posted.duplicate) throw new Error('a top-up or adjustment has no unique reference');
      return posted.entry;
    },
    { keepsPlans: true },
  );
  return entryView(entry, deps.catalog.currency);
}

/** What billing is given to collect a bill (subscriptions provides it; billing/module.ts types it). */
export interface BillDebit {
  readonly tenantId: string;
  readonly accountId: string;
  readonly billId: string;
  readonly amountMinor: bigint;
}
export type BillDebitResult = { readonly paid: true } | { readonly paid: false; readonly shortfallMinor: bigint };

/**
 * Debits a bill from the balance inside the caller's transaction, once per bill: short of funds writes nothing
 * and answers the shortfall (the bill becomes overdue).
 */
export function billLedger(deps: Deps) {
  return {
    async debitBill(tx: Db, input: BillDebit, now: Date): Promise<BillDebitResult> {
      await loadAccount(tx, input.accountId, { forUpdate: true });
      const before = await balanceOf(tx, input.tenantId, input.accountId);
      if (before < input.amountMinor) return { paid: false, shortfallMinor: input.amountMinor - before };
      await postEntry(
        deps,
        tx,
        { ...input, amountMinor: -input.amountMinor, kind: 'bill', createdBy: 'system:billing' },
        now,
      );
      return { paid: true };
    },
  };
}
export type BillLedger = ReturnType<typeof billLedger>;
