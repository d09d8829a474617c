/** Orders (R-SUB-2): numbers, types, amounts and states. */
import type { Currency } from '../../../domain/money/money.js';
import { lineView, loadLines, money } from './views.js';

export type OrderStatus = 'pending_payment' | 'paid' | 'cancelled' | 'refunded';
export type OrderType = 'new' | 'upgrade' | 'downgrade' | 'renew' | 'unsubscribe' | 'add_on';

/** An order as stored, column for column (the store's rows are this type; store/subscription-store.ts checks it). */
export interface Order {
  readonly id: string;
  readonly number: string;
  readonly tenantId: string;
  readonly accountId: string;
  /** An OrderType. */
  readonly type: string;
  /** An OrderStatus. */
  readonly status: string;
  readonly level: string | null;
  readonly fromLevel: string | null;
  readonly termUnit: string | null;
  readonly termCount: number | null;
  /** charge | refund */
  readonly direction: string;
  readonly amountMinor: bigint;
  readonly currency: string;
  /** The quote's lines as stored (views.ts storeLines/loadLines). */
  readonly breakdown: unknown;
  readonly actionDate: string;
  readonly reason: string | null;
  readonly reasonText: string | null;
  readonly addOnType: string | null;
  readonly addOnCount: number | null;
  readonly autoRenew: boolean;
  readonly placedBy: string;
  readonly placedByStaff: boolean;
  readonly subscriptionVersion: number | null;
  readonly createdAt: Date;
  readonly expiresAt: Date | null;
  readonly paidAt: Date | null;
  readonly cancelledAt: Date | null;
  readonly cancelReason: string | null;
  readonly refundedAt: Date | null;
  readonly paymentMethod: string | null;
  readonly paymentReference: string | null;
  readonly providerPaymentId: string | null;
  readonly voucherId: string | null;
  readonly voucherMinor: bigint | null;
  readonly balanceMinor: bigint | null;
  readonly paidBy: string | null;
}

/** How a paid charge was paid (R-SUB-2, issue 11). */
export interface PaymentFacts {
  readonly method: 'balance' | 'external' | 'provider';
  readonly reference: string | null;
  readonly providerPaymentId: string | null;
  readonly voucherId: string | null;
  readonly voucherMinor: bigint | null;
  readonly balanceMinor: bigint | null;
  readonly paidBy: string;
}

export function orderView(o: Order, currency: Currency) {
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
