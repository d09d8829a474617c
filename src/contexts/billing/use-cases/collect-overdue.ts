/**
 * Issue 11: overdue bills are collected when the balance is credited (a top-up, a staff adjustment, a refund, a
 * payment credited for an order that could no longer be paid). Runs in the crediting transaction, with the account
 * row locked by the ledger, so credits of one account collect one at a time (across processes too). The account's
 * overdue bills are taken oldest month first; each is collected only when the balance covers all of what it is due
 * (no partial payments), and the first one it does not cover stops the collection: a newer bill is never paid before
 * an older one. A collected bill goes `overdue` → `paid` (guarded UPDATE) with one ledger entry of kind `bill`
 * (unique per bill), so nothing is collected twice, and the account is told (`bill.paid`, once per bill).
 */
import { formatMoney } from '../../../domain/money/money.js';
import type { Db } from '../../../platform/db.js';
import type { Deps } from '../../../platform/deps.js';
import { loadAccount } from '../../accounts/index.js';
import type { Notifier } from '../../notifications/index.js';
import { loadEffectivePlan, type BillLedger } from '../../subscriptions/index.js';
import { billPaidNoticeText } from '../domain/notice.js';
import { dueOfBill, lockOverdueBills, settleOverdueBill } from '../store/bill-store.js';

export type CollectOverdueDeps = Deps & { readonly notifier: Notifier; readonly ledger: BillLedger };

/** Collects what the balance covers of the account's overdue bills; the ids of the bills it paid. */
export async function collectOverdueBills(
  deps: CollectOverdueDeps,
  tx: Db,
  account: { readonly tenantId: string; readonly accountId: string },
  now: Date,
): Promise<string[]> {
  const overdue = await lockOverdueBills(tx, account.tenantId, account.accountId);
  const paid: string[] = [];
  for (const bill of overdue) {
    const dueMinor = await dueOfBill(tx, bill.id);
    const result =
      dueMinor > 0n
        ? await deps.ledger.debitBill(
            tx,
            { tenantId: bill.tenantId, accountId: bill.accountId, billId: bill.id, amountMinor: dueMinor },
            now,
          )
        : ({ paid: true } as const);
    if (!result.paid) break; // oldest first: the newer bills wait for this one
    const settled = await settleOverdueBill(tx, bill.id, now);
    if (!settled) continue;
    paid.push(bill.id);
    const row = await loadAccount(tx, bill.accountId);
    const plan = await loadEffectivePlan(tx, deps.catalog, row, now);
    const currency = deps.catalog.currency;
    const effects = deps.notifier.customer({
      account: row,
      level: plan.level,
      kind: 'bill.paid',
      dedupeKey: `bill:${bill.accountId}:${bill.month}:paid`,
      ...billPaidNoticeText(bill.month, dueMinor, currency),
      data: {
        billId: bill.id,
        month: bill.month,
        status: 'paid',
        due: { amount: formatMoney(dueMinor, currency), currency: bill.currency },
      },
      mail: { link: '/bills' },
    });
    await deps.outbox.enqueue(tx, effects, now);
  }
  return paid;
}
