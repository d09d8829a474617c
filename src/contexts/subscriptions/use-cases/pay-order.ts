/**
 * Paying an order (R-SUB-2, issue 11): the plan changes at payment, and only money pays. Provider staff (admin,
 * billing operator) record a payment taken in the provider's own billing system (`method` external, with an optional
 * `reference`) or pay from the customer's balance; a customer owner pays from the balance (`{ "method":
 * "balance" }`) and anything else is 402 PAYMENT_REQUIRED: the order waits for the provider's payment system
 * (POST /payments/callback, payment-callback.ts). A voucher named with `voucherId` pays its part first, once.
 */
import type { Db } from '../../../platform/db.js';
import type { Deps } from '../../../platform/deps.js';
import { inTransaction } from '../../../platform/deps.js';
import { DomainError, notFound } from '../../../platform/errors.js';
import { authorize, mayDo } from '../../../platform/http/authorize.js';
import type { Principal } from '../../../platform/http/principal.js';
import { loadVisibleAccount, type AccountRow } from '../../accounts/index.js';
import { orderView, type PaymentFacts } from '../domain/order.js';
import { money } from '../domain/views.js';
import { cancelOrderRow, markOrderPaid } from '../store/order-store.js';
import { findOrder, findSubscription, type OrderRow } from '../store/subscription-store.js';
import { markVoucherUsed } from '../store/voucher-store.js';
import { applyOrder } from './apply-order.js';
import { postEntry } from './balance.js';
import { expireIfDue } from './orders.js';
import { voucherFor } from './vouchers.js';

export type PaymentMethod = 'balance' | 'external';

export interface PayInput {
  readonly method?: PaymentMethod | undefined;
  readonly reference?: string | undefined;
  readonly voucherId?: string | undefined;
}

export type { PaymentFacts };

/** Staff who record external payments (the role table's `order.pay_external`); their default method. */
function isPayingStaff(principal: Principal): boolean {
  return mayDo(principal.role, 'order.pay_external');
}

/** 409 INVALID_STATE unless the order waits for payment. */
export function requirePending(order: OrderRow): void {
  if (order.status !== 'pending_payment')
    throw new DomainError(
      'INVALID_STATE',
      { status: order.status, cancelReason: order.cancelReason },
      `Order ${order.number} is ${order.status}.`,
    );
}

/** The plan changed after the order was placed (not for add-ons): the order is cancelled as superseded. */
export async function supersedeIfStale(tx: Db, order: OrderRow, accountId: string, now: Date): Promise<boolean> {
  const sub = await findSubscription(tx, accountId, { forUpdate: true });
  if (order.type === 'add_on' || (sub?.version ?? null) === order.subscriptionVersion) return false;
  await cancelOrderRow(tx, order.id, now, 'superseded');
  return true;
}

/** Marks the order paid with how it was paid and applies it to the plan (inside the paying transaction). */
export async function markPaid(
  deps: Deps,
  tx: Db,
  order: OrderRow,
  account: AccountRow,
  facts: PaymentFacts,
  now: Date,
): Promise<OrderRow> {
  const paid = await markOrderPaid(tx, order.id, facts, now);
  await applyOrder(deps, tx, paid, account, now);
  return paid;
}

export function expiredError(order: OrderRow): DomainError {
  return new DomainError(
    'INVALID_STATE',
    { status: 'cancelled', cancelReason: 'expired' },
    `Order ${order.number} expired unpaid.`,
  );
}

export function supersededError(order: OrderRow): DomainError {
  return new DomainError(
    'INVALID_STATE',
    { status: 'cancelled', cancelReason: 'superseded' },
    `The plan changed after order ${order.number} was placed; it was cancelled. Request a new quote.`,
  );
}

export async function payOrder(deps: Deps, principal: Principal, orderId: string, input: PayInput = {}) {
  const now = deps.clock.now();
  const currency = deps.catalog.currency;
  const result = await inTransaction(deps, async (tx) => {
    const order = await findOrder(tx, orderId, { forUpdate: true });
    if (!order) throw notFound('order', orderId);
    // The account row is locked like placeOrder does: payments of one account's orders run one at a time, so two
    // pending purchases paid at once cannot both create the plan (the second sees the new version: superseded).
    const account = await loadVisibleAccount(tx, principal, order.accountId, { forUpdate: true }).catch(
      (e: unknown) => {
        throw e instanceof DomainError && e.code === 'NOT_FOUND' ? notFound('order', orderId) : e;
      },
    );
    authorize(principal, 'order.pay');
    if (await expireIfDue(tx, order, now)) return { expired: true as const, order };
    requirePending(order);
    if (await supersedeIfStale(tx, order, account.id, now)) return { superseded: true as const, order };
    const staff = isPayingStaff(principal);
    const method: PaymentMethod | null = input.method ?? (staff ? 'external' : null);
    if (!staff && (method !== 'balance' || input.reference !== undefined))
      throw new DomainError(
        'PAYMENT_REQUIRED',
        { orderId: order.id, amount: money(order.amountMinor, currency), acceptedMethods: ['balance'] },
        `Order ${order.number} waits for a payment: pay it from the account balance ({ "method": "balance" }) or through the provider's payment system.`,
      );
    let voucherMinor: bigint | null = null;
    if (input.voucherId) {
      const target = {
        tenantId: account.tenantId,
        accountId: account.id,
        level: order.level,
        amountMinor: order.amountMinor,
      };
      const { coversMinor } = await voucherFor(deps, tx, input.voucherId, target, now, { forUpdate: true });
      if (!(await markVoucherUsed(tx, input.voucherId, order.id, now))) throw new Error('voucher taken under its lock');
      voucherMinor = coversMinor;
    }
    const dueMinor = order.amountMinor - (voucherMinor ?? 0n);
    let balanceMinor: bigint | null = null;
    if (method === 'balance') {
      balanceMinor = dueMinor;
      if (dueMinor > 0n)
        await postEntry(
          deps,
          tx,
          {
            tenantId: account.tenantId,
            accountId: account.id,
            amountMinor: -dueMinor,
            kind: 'order_payment',
            orderId: order.id,
            createdBy: principal.id,
          },
          now,
        );
    }
    const paid = await markPaid(
      deps,
      tx,
      order,
      account,
      {
        method: method!,
        reference: input.reference?.trim() || null,
        providerPaymentId: null,
        voucherId: input.voucherId ?? null,
        voucherMinor,
        balanceMinor,
        paidBy: principal.id,
      },
      now,
    );
    return { order: paid };
  });
  if ('expired' in result) throw expiredError(result.order);
  if ('superseded' in result) throw supersededError(result.order);
  return orderView(result.order, currency);
}
