/**
 * The outbox handler of a bill notice: tells the account through the notification policy (message center always,
 * email and SMS/phone as its level's channels say), with the plan it has when the notice is dispatched. Idempotent:
 * the effects it writes carry the bill's dedupe key.
 */
import { formatMoney } from '../../../domain/money/money.js';
import type { Deps } from '../../../platform/deps.js';
import { inTransaction } from '../../../platform/deps.js';
import type { OutboxHandler } from '../../../platform/outbox.js';
import { loadAccount } from '../../accounts/index.js';
import type { Notifier } from '../../notifications/index.js';
import { loadEffectivePlan } from '../../subscriptions/index.js';
import { billNoticeText, type BillNoticePayload, type BillOutcome } from '../domain/notice.js';
import type { BillLedger } from '../../subscriptions/index.js';
import { collectBill } from './collect-bill.js';
import { findBill } from '../store/bill-store.js';

export function billNoticeHandler(
  deps: Deps & { readonly notifier: Notifier; readonly ledger: BillLedger },
): OutboxHandler {
  return async (payload, meta) => {
    const { billId } = payload as unknown as BillNoticePayload;
    const bill = await findBill(deps.db, billId);
    if (!bill) return; // nothing to tell
    await inTransaction(
      deps,
      async (tx) => {
        const account = await loadAccount(tx, bill.accountId);
        // Issue 11: collected from the balance first (once), and the notice says how it went.
        const collected = (await collectBill(deps.ledger, tx, bill.id, meta.now))!;
        const settled = collected.bill;
        const outcome: BillOutcome =
          settled.status === 'overdue'
            ? { status: 'overdue', dueMinor: collected.dueMinor, shortfallMinor: settled.shortfallMinor ?? 0n }
            : { status: 'paid', dueMinor: collected.dueMinor };
        const plan = await loadEffectivePlan(tx, deps.catalog, account, meta.now);
        const text = billNoticeText(bill.month, bill.totalMinor, deps.catalog.currency, outcome);
        const effects = deps.notifier.customer({
          account,
          level: plan.level,
          kind: 'bill.issued',
          dedupeKey: `bill:${bill.accountId}:${bill.month}`,
          ...text,
          data: {
            billId: bill.id,
            month: bill.month,
            total: { amount: formatMoney(bill.totalMinor, deps.catalog.currency), currency: bill.currency },
            status: settled.status,
            due: { amount: formatMoney(collected.dueMinor, deps.catalog.currency), currency: bill.currency },
            ...(outcome.status === 'overdue'
              ? {
                  shortfall: {
                    amount: formatMoney(outcome.shortfallMinor, deps.catalog.currency),
                    currency: bill.currency,
                  },
                }
              : {}),
          },
          mail: { link: '/bills' },
        });
        await deps.outbox.enqueue(tx, effects, meta.now);
      },
      { keepsPlans: true },
    );
  };
}
