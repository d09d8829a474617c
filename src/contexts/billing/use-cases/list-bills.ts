/**
 * GET /api/v1/accounts/{id}/bills?month=YYYY-MM (R-BIL-3): the account's bills, newest month first. Visibility
 * first (R-ACC-4): another tenant's account is NOT_FOUND; customers see their own account's bills (a master its
 * custody subs', not an independent sub's: FORBIDDEN, R-ACC-2), staff every account's.
 */
import { formatMoney, type Currency } from '../../../domain/money/money.js';
import type { Deps } from '../../../platform/deps.js';
import type { Principal } from '../../../platform/http/principal.js';
import { pageOf, type TPageQuery } from '../../../platform/pagination.js';
import { canSeeFinances, loadVisibleAccount } from '../../accounts/index.js';
import { DomainError } from '../../../platform/errors.js';
import { pageBills, type BillLineRow, type BillRow } from '../store/bill-store.js';

const money = (minor: bigint, currency: Currency) => ({
  amount: formatMoney(minor, currency),
  currency: currency.code,
});

export function billView(bill: BillRow, lines: readonly BillLineRow[], currency: Currency) {
  return {
    id: bill.id,
    accountId: bill.accountId,
    month: bill.month,
    status: bill.status as 'issued' | 'paid' | 'overdue',
    issuedAt: bill.issuedAt.toISOString(),
    paidAt: bill.paidAt?.toISOString() ?? null,
    due: money(
      lines.filter((l) => l.kind === 'incremental').reduce((s, l) => s + l.amountMinor, 0n),
      currency,
    ),
    shortfall: bill.shortfallMinor === null ? null : money(bill.shortfallMinor, currency),
    consumption: money(bill.consumptionMinor, currency),
    lines: lines.map((l) => ({
      kind: l.kind as 'base' | 'incremental' | 'refund' | 'add_on',
      ...(l.level !== null ? { level: l.level } : {}),
      ...(l.days !== null ? { days: l.days } : {}),
      description: l.description,
      amount: money(l.amountMinor, currency),
      ...(l.consumptionMinor !== null ? { consumption: money(l.consumptionMinor, currency) } : {}),
      ...(l.periodStart !== null ? { periodStart: l.periodStart } : {}),
      ...(l.periodEnd !== null ? { periodEnd: l.periodEnd } : {}),
      ...(l.orderId !== null ? { orderId: l.orderId } : {}),
    })),
    total: money(bill.totalMinor, currency),
  };
}

export async function listBills(
  deps: Deps,
  principal: Principal,
  accountId: string,
  query: TPageQuery & { month?: string | undefined },
) {
  const account = await loadVisibleAccount(deps.db, principal, accountId);
  if (!canSeeFinances(principal, account))
    throw new DomainError(
      'FORBIDDEN',
      { reason: 'independent_finance', accountId: account.id },
      'An independent sub account’s bills are its own (财务独立); only a custody master sees its subs’ bills.',
    );
  const { page, lines, total } = await pageBills(
    deps.db,
    { tenantId: account.tenantId, accountId: account.id, month: query.month },
    (query.page - 1) * query.pageSize,
    query.pageSize,
  );
  const currency = deps.catalog.currency;
  return pageOf(
    page.map((b) =>
      billView(
        b,
        lines.filter((l) => l.billId === b.id),
        currency,
      ),
    ),
    query,
    total,
  );
}
