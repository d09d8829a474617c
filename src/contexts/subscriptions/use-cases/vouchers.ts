/**
 * Vouchers (代金券, seed 004 §3.1 "选择优惠券、代金券"): staff issue one to an account with an amount, an expiry and
 * the levels it pays for; the customer names it when paying (and may price it in the quote). It is applied once:
 * the paying transaction locks the voucher row and marks it used with a guarded UPDATE, so two payments naming it
 * at once apply it to one order. It covers at most the order's amount; what is left is not kept.
 */
import type { Db } from '../../../platform/db.js';
import type { Deps } from '../../../platform/deps.js';
import { inTransaction } from '../../../platform/deps.js';
import { DomainError, notFound, validationFailed } from '../../../platform/errors.js';
import type { Principal } from '../../../platform/http/principal.js';
import { newId } from '../../../platform/ids.js';
import { loadVisibleAccount } from '../../accounts/index.js';
import { money, type MoneyView } from '../domain/views.js';
import { findVoucher, insertVoucher, vouchersOf, type VoucherRow } from '../store/voucher-store.js';
import { amountIn, requireBillingStaff } from './balance.js';

export type { VoucherRow };

export function voucherState(v: VoucherRow, now: Date): 'available' | 'used' | 'expired' {
  if (v.usedAt) return 'used';
  return v.expiresAt.getTime() <= now.getTime() ? 'expired' : 'available';
}

function voucherView(deps: Deps, v: VoucherRow, now: Date) {
  return {
    id: v.id,
    accountId: v.accountId,
    amount: money(v.amountMinor, deps.catalog.currency),
    levels: v.levels ?? null,
    expiresAt: v.expiresAt.toISOString(),
    note: v.note,
    state: voucherState(v, now),
    usedAt: v.usedAt?.toISOString() ?? null,
    usedOrderId: v.usedOrderId,
    createdAt: v.createdAt.toISOString(),
  };
}

export interface IssueVoucherInput {
  readonly amount: MoneyView;
  readonly expiresAt: string;
  readonly levels?: readonly string[] | undefined;
  readonly note?: string | undefined;
}

/** POST /accounts/{id}/vouchers (admin, billing operator). */
export async function issueVoucher(deps: Deps, principal: Principal, accountId: string, input: IssueVoucherInput) {
  const account = await loadVisibleAccount(deps.db, principal, accountId);
  requireBillingStaff(principal);
  const amountMinor = amountIn(deps, input.amount, 'body.amount');
  if (amountMinor <= 0n) throw validationFailed([{ path: 'body.amount.amount', message: 'more than zero' }]);
  const now = deps.clock.now();
  const expiresAt = new Date(input.expiresAt);
  if (expiresAt.getTime() <= now.getTime()) throw validationFailed([{ path: 'body.expiresAt', message: 'after now' }]);
  const levels = input.levels?.length ? [...new Set(input.levels)] : null;
  const row = await inTransaction(
    deps,
    (tx) =>
      insertVoucher(tx, {
        id: newId('vch', now.getTime()),
        tenantId: account.tenantId,
        accountId: account.id,
        amountMinor,
        currency: deps.catalog.currency.code,
        levels,
        expiresAt,
        note: input.note?.trim() || null,
        issuedBy: principal.id,
        createdAt: now,
      }),
    { keepsPlans: true },
  );
  return voucherView(deps, row, now);
}

/** GET /accounts/{id}/vouchers: the account's vouchers, newest first, with their state. */
export async function listVouchers(deps: Deps, principal: Principal, accountId: string) {
  const account = await loadVisibleAccount(deps.db, principal, accountId);
  const now = deps.clock.now();
  const rows = await vouchersOf(deps.db, account.tenantId, account.id);
  return rows.map((v) => voucherView(deps, v, now));
}

export interface VoucherTarget {
  readonly tenantId: string;
  readonly accountId: string;
  /** The level the order is for (add-ons: the account's level). */
  readonly level: string | null;
  readonly amountMinor: bigint;
}

/**
 * The voucher named for an order and what it covers; 404 when the account has no such voucher, 409
 * VOUCHER_NOT_APPLICABLE (`details.reason`: used, expired, level) when it cannot pay for it.
 */
export async function voucherFor(
  deps: Deps,
  db: Db,
  voucherId: string,
  target: VoucherTarget,
  now: Date,
  opts: { forUpdate?: boolean } = {},
): Promise<{ voucher: VoucherRow; coversMinor: bigint }> {
  const voucher = await findVoucher(db, voucherId, target, opts);
  if (!voucher) throw notFound('voucher', voucherId);
  const state = voucherState(voucher, now);
  const refuse = (reason: string, extra: Record<string, unknown> = {}) =>
    new DomainError(
      'VOUCHER_NOT_APPLICABLE',
      { voucherId, reason, ...extra },
      `Voucher ${voucherId} cannot pay for this order (${reason}).`,
    );
  if (state === 'used') throw refuse('used', { usedOrderId: voucher.usedOrderId });
  if (state === 'expired') throw refuse('expired', { expiresAt: voucher.expiresAt.toISOString() });
  if (voucher.levels && (!target.level || !voucher.levels.includes(target.level)))
    throw refuse('level', { levels: voucher.levels, level: target.level });
  const coversMinor = voucher.amountMinor < target.amountMinor ? voucher.amountMinor : target.amountMinor;
  return { voucher, coversMinor };
}
