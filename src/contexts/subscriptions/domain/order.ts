/** Orders (R-SUB-2): numbers, types, amounts and states. */
import type { Currency } from '../../../domain/money/money.js';
import type { OrderRow } from '../store/subscription-store.js';
import { lineView, loadLines, money } from './views.js';

export type OrderStatus = 'pending_payment' | 'paid' | 'cancelled' | 'refunded';
export type OrderType = 'new' | 'upgrade' | 'downgrade' | 'renew' | 'unsubscribe' | 'add_on';

export function orderView(o: OrderRow, currency: Currency) {
  return {
    id: o.id,
    number: o.number,
    accountId: o.accountId,
    type: o.type as OrderType,
    status: o.status as OrderStatus,
    level: o.level,
    fromLevel: o.fromLevel,
    term: o.termUnit ? { unit: o.termUnit as 'month' | 'year', count: o.termCount! } : null,
    amount: money(o.amountMinor, currency),
    direction: o.direction as 'charge' | 'refund',
    breakdown: loadLines(o.breakdown).map((l) => lineView(l, currency)),
    reason: o.reason,
    reasonText: o.reasonText,
    addOn: o.addOnType ? { type: o.addOnType, count: o.addOnCount! } : null,
    autoRenew: o.autoRenew,
    placedBy: o.placedBy,
    createdAt: o.createdAt.toISOString(),
    expiresAt: o.expiresAt?.toISOString() ?? null,
    paidAt: o.paidAt?.toISOString() ?? null,
    cancelledAt: o.cancelledAt?.toISOString() ?? null,
    cancelReason: o.cancelReason,
    refundedAt: o.refundedAt?.toISOString() ?? null,
    payment: o.paymentMethod
      ? {
          method: o.paymentMethod as 'balance' | 'external' | 'provider',
          reference: o.paymentReference,
          providerPaymentId: o.providerPaymentId,
          voucher: o.voucherId ? { id: o.voucherId, amount: money(o.voucherMinor ?? 0n, currency) } : null,
          fromBalance: money(o.balanceMinor ?? 0n, currency),
          paidBy: o.paidBy,
        }
      : null,
  };
}
export type OrderView = ReturnType<typeof orderView>;
