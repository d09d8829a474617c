/**
 * Issue 11: a month-end bill is collected from the account balance when it is issued (its notice's handler):
 * `issued` → `paid` when the balance covers what is due, else `overdue` with the shortfall (the notice says so).
 * What is due is the bill's incremental fees: its base, add-on and refund lines were settled with their orders
 * (R-BIL-2 "base fee prepaid at order"). Once per bill: the bill row is locked and moved with a guarded UPDATE, and
 * the ledger writes one entry per bill, so a re-run, a resumed run or a retried notice collects nothing twice.
 */
import type { Db } from '../../../platform/db.js';
import type { BillLedger } from '../../subscriptions/index.js';
import { dueOfBill, lockBill, settleBill, type BillRow } from '../store/bill-store.js';

export interface Collected {
  readonly bill: BillRow;
  readonly dueMinor: bigint;
}

export async function collectBill(ledger: BillLedger, tx: Db, billId: string, now: Date): Promise<Collected | null> {
  const bill = await lockBill(tx, billId);
  if (!bill) return null;
  const dueMinor = await dueOfBill(tx, bill.id);
  if (bill.status !== 'issued') return { bill, dueMinor };
  const result =
    dueMinor > 0n
      ? await ledger.debitBill(
          tx,
          { tenantId: bill.tenantId, accountId: bill.accountId, billId: bill.id, amountMinor: dueMinor },
          now,
        )
      : ({ paid: true } as const);
  const settled = await settleBill(
    tx,
    bill.id,
    result.paid
      ? { status: 'paid', paidAt: now, shortfallMinor: null }
      : { status: 'overdue', paidAt: null, shortfallMinor: result.shortfallMinor },
  );
  return { bill: settled ?? bill, dueMinor };
}
