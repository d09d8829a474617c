/**
 * Quotes, orders, payment and add-ons (R-SUB-2…6). An order needs `agreementAccepted: true`; charges wait for
 * payment (pending_payment → paid, the plan changes at payment; unpaid orders expire after the catalog's order
 * lifetime); refund orders (downgrade, unsubscribe) settle at once.
 */
import { DateTime, Duration } from 'luxon';
import type { Deps } from '../../../platform/deps.js';
import { inTransaction } from '../../../platform/deps.js';
import { DomainError, notFound, validationFailed } from '../../../platform/errors.js';
import { authorize } from '../../../platform/http/authorize.js';
import { isStaff, type Principal } from '../../../platform/http/principal.js';
import { newId } from '../../../platform/ids.js';
import { pageOf, type TPageQuery } from '../../../platform/pagination.js';
import type { Term } from '../../../domain/proration/proration.js';
import type { Db } from '../../../platform/db.js';
import { loadAccount, loadVisibleAccount, markAccountApproved } from '../../accounts/index.js';
import { canSeeAccount } from '../../accounts/index.js';
import { orderView } from '../domain/order.js';
import { money, quoteView, storeLines } from '../domain/views.js';
import { voucherFor } from './vouchers.js';
import {
  cancelOrderRow,
  insertOrder as insertOrderRow,
  markOrderPaidNow,
  pageOrders,
  type NewOrder,
} from '../store/order-store.js';
import { findOrder, nextOrderNumber, type OrderRow } from '../store/subscription-store.js';
import { applyOrder } from './apply-order.js';
import { loadEffectivePlan } from './load-plan.js';
import { ORDER_TYPE, prepareAction, type ActionInput, type PreparedAction } from './prepare-action.js';

export interface OrderInput extends ActionInput {
  agreementAccepted?: boolean | undefined;
  reason?: string | undefined;
  reasonText?: string | undefined;
  autoRenew?: boolean | undefined;
}

function quoteBody(deps: Deps, p: PreparedAction) {
  return quoteView(p.quote, deps.catalog.currency, {
    action: p.action,
    accountId: p.account.id,
    level: p.level?.id ?? null,
    fromLevel: p.fromLevel,
    term: p.term,
    actionDate: p.actionDate,
    ...(p.noReasonRefundsRemaining !== null
      ? { noReasonRefundsRemaining: p.noReasonRefundsRemaining, noReasonRefund: p.noReason }
      : {}),
    ...(p.level?.pricing.placeholder ? { placeholderPrice: true } : {}),
  });
}

export async function quote(
  deps: Deps,
  principal: Principal,
  accountId: string,
  input: ActionInput & { voucherId?: string | undefined },
) {
  const account = await loadVisibleAccount(deps.db, principal, accountId);
  authorize(principal, 'order.quote');
  const now = deps.clock.now();
  const prepared = await prepareAction(deps, deps.db, principal, account, input, now);
  const body = quoteBody(deps, prepared);
  if (!input.voucherId || prepared.quote.direction !== 'charge') return body;
  // Seed 004 §3.1: the payment page shows what a voucher takes off; it is applied (once) at payment.
  const target = {
    tenantId: account.tenantId,
    accountId: account.id,
    level: prepared.level?.id ?? null,
    amountMinor: prepared.quote.amountMinor,
  };
  const { coversMinor } = await voucherFor(deps, deps.db, input.voucherId, target, now);
  return {
    ...body,
    voucher: { id: input.voucherId, amount: money(coversMinor, deps.catalog.currency) },
    payable: money(prepared.quote.amountMinor - coversMinor, deps.catalog.currency),
  };
}

function requireAgreement(input: { agreementAccepted?: boolean | undefined }): void {
  if (input.agreementAccepted !== true)
    throw new DomainError('AGREEMENT_REQUIRED', { agreementAccepted: input.agreementAccepted ?? null });
}

function validateReason(deps: Deps, input: OrderInput): void {
  const reasons = deps.catalog.def.unsubscribeReasons;
  const reason = reasons.find((r) => r.id === input.reason);
  if (!reason)
    throw validationFailed([{ path: 'body.reason', message: `one of ${reasons.map((r) => r.id).join(', ')}` }]);
  if (reason.requiresText && !input.reasonText?.trim())
    throw validationFailed([{ path: 'body.reasonText', message: `reason ${reason.id} needs a text` }]);
}

async function insertOrder(
  deps: Deps,
  tx: Db,
  values: Omit<NewOrder, 'id' | 'number' | 'currency' | 'createdAt'>,
  now: Date,
): Promise<OrderRow> {
  const datePart = DateTime.fromJSDate(now, { zone: deps.catalog.timeZone }).toFormat('yyyyMMdd');
  return insertOrderRow(tx, {
    ...values,
    id: newId('ord', now.getTime()),
    number: await nextOrderNumber(tx, datePart),
    currency: deps.catalog.currency.code,
    createdAt: now,
  });
}

export async function placeOrder(deps: Deps, principal: Principal, accountId: string, input: OrderInput) {
  await loadVisibleAccount(deps.db, principal, accountId);
  authorize(principal, 'order.place');
  requireAgreement(input);
  if (input.action === 'unsubscribe') validateReason(deps, input);
  const now = deps.clock.now();
  const order = await inTransaction(deps, async (tx) => {
    const account = await loadVisibleAccount(tx, principal, accountId, { forUpdate: true });
    const p = await prepareAction(deps, tx, principal, account, input, now);
    const staff = isStaff(principal);
    const settlesNow = p.quote.direction === 'refund';
    const lifetime = Duration.fromISO(deps.catalog.def.subscription.orderLifetime).as('milliseconds');
    let row = await insertOrder(
      deps,
      tx,
      {
        tenantId: account.tenantId,
        accountId: account.id,
        type: ORDER_TYPE[p.action],
        status: settlesNow ? 'refunded' : 'pending_payment',
        level: p.level?.id ?? null,
        fromLevel: p.fromLevel,
        termUnit: p.term?.unit ?? null,
        termCount: p.term?.count ?? null,
        direction: p.quote.direction,
        amountMinor: p.quote.amountMinor,
        breakdown: storeLines(p.quote.lines),
        actionDate: p.actionDate,
        reason: input.action === 'unsubscribe' ? input.reason! : null,
        reasonText: input.action === 'unsubscribe' ? (input.reasonText ?? null) : null,
        autoRenew: input.autoRenew ?? false,
        placedBy: principal.id,
        placedByStaff: staff,
        subscriptionVersion: p.subscription?.version ?? null,
        expiresAt: settlesNow ? null : new Date(now.getTime() + lifetime),
        refundedAt: settlesNow ? now : null,
        paidAt: null,
      },
      now,
    );
    // R-SUB-5a: an order staff place for the customer is the approval.
    if (staff && p.level?.requiresApproval && !account.approvedAt) {
      await markAccountApproved(tx, account.id, now);
    }
    if (settlesNow) await applyOrder(deps, tx, row, account, now);
    else if (p.quote.amountMinor === 0n) {
      // Nothing to pay (a free upgrade on the last day): paid at once.
      row = await markOrderPaidNow(tx, row.id, now);
      await applyOrder(deps, tx, row, account, now);
    }
    return row;
  });
  return orderView(order, deps.catalog.currency);
}

/** Cancels a pending order whose lifetime is over (R-SUB-5a); true if it was. */
export async function expireIfDue(tx: Db, order: OrderRow, now: Date): Promise<boolean> {
  if (order.status !== 'pending_payment' || !order.expiresAt || order.expiresAt.getTime() > now.getTime()) return false;
  await cancelOrderRow(tx, order.id, order.expiresAt, 'expired');
  return true;
}

export async function cancelOrder(deps: Deps, principal: Principal, orderId: string) {
  const now = deps.clock.now();
  const row = await inTransaction(deps, async (tx) => {
    const order = await findOrder(tx, orderId, { forUpdate: true });
    if (!order) throw notFound('order', orderId);
    const account = await loadAccount(tx, order.accountId);
    if (!canSeeAccount(principal, account)) throw notFound('order', orderId);
    authorize(principal, 'order.cancel');
    if ((await expireIfDue(tx, order, now)) || order.status !== 'pending_payment') {
      throw new DomainError(
        'INVALID_STATE',
        { status: order.status === 'pending_payment' ? 'cancelled' : order.status },
        `Order ${order.number} cannot be cancelled.`,
      );
    }
    return cancelOrderRow(tx, order.id, now, 'customer');
  });
  return orderView(row, deps.catalog.currency);
}

export async function getOrder(deps: Deps, principal: Principal, orderId: string) {
  const order = await findOrder(deps.db, orderId);
  if (!order) throw notFound('order', orderId);
  const account = await loadAccount(deps.db, order.accountId);
  if (!canSeeAccount(principal, account)) throw notFound('order', orderId);
  return orderView(order, deps.catalog.currency);
}

export async function listOrders(
  deps: Deps,
  principal: Principal,
  accountId: string,
  query: TPageQuery & { status?: string | undefined; type?: string | undefined },
) {
  const account = await loadVisibleAccount(deps.db, principal, accountId);
  const { rows, total } = await pageOrders(
    deps.db,
    { tenantId: account.tenantId, accountId: account.id, status: query.status, type: query.type },
    (query.page - 1) * query.pageSize,
    query.pageSize,
  );
  return pageOf(
    rows.map((o) => orderView(o, deps.catalog.currency)),
    query,
    total,
  );
}

/** POST /accounts/{id}/add-ons: ticket packs for a level whose quota takes them (partner standard). */
export async function buyAddOn(
  deps: Deps,
  principal: Principal,
  accountId: string,
  input: { type: string; count: number; agreementAccepted?: boolean | undefined },
) {
  await loadVisibleAccount(deps.db, principal, accountId);
  authorize(principal, 'order.place');
  requireAgreement(input);
  const addOn = deps.catalog.def.addOns.find((a) => a.id === input.type);
  if (!addOn)
    throw validationFailed([
      {
        path: 'body.type',
        message: `one of ${deps.catalog.def.addOns.map((a) => a.id).join(', ') || '(this provider sells no add-ons)'}`,
      },
    ]);
  const now = deps.clock.now();
  const order = await inTransaction(deps, async (tx) => {
    const account = await loadVisibleAccount(tx, principal, accountId, { forUpdate: true });
    const plan = await loadEffectivePlan(tx, deps.catalog, account, now);
    const quota = plan.level?.quotas.find((q) => q.addOn === addOn.id);
    if (!plan.level || !quota || plan.source !== 'own' || !addOn.levels.includes(plan.level.id)) {
      throw new DomainError(
        'NOT_ENTITLED',
        { entitlement: `add_on:${addOn.id}`, level: plan.level?.id ?? null },
        `The ${plan.level?.id ?? 'current'} plan cannot take ${addOn.id}.`,
      );
    }
    const amount = deps.catalog.money(addOn.price) * BigInt(input.count);
    const lifetime = Duration.fromISO(deps.catalog.def.subscription.orderLifetime).as('milliseconds');
    return insertOrder(
      deps,
      tx,
      {
        tenantId: account.tenantId,
        accountId: account.id,
        type: 'add_on',
        status: 'pending_payment',
        level: plan.level.id,
        fromLevel: plan.level.id,
        termUnit: null,
        termCount: null,
        direction: 'charge',
        amountMinor: amount,
        breakdown: storeLines([{ kind: 'add_on', units: addOn.units * input.count, amountMinor: amount }]),
        actionDate: DateTime.fromJSDate(now, { zone: deps.catalog.timeZone }).toISODate()!,
        addOnType: addOn.id,
        addOnCount: input.count,
        placedBy: principal.id,
        placedByStaff: isStaff(principal),
        subscriptionVersion: null,
        expiresAt: new Date(now.getTime() + lifetime),
      },
      now,
    );
  });
  return orderView(order, deps.catalog.currency);
}

export type { Term };
