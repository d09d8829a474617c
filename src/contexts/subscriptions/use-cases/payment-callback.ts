/**
 * POST /api/v1/payments/callback (R-SUB-2, issue 11): the provider's payment system confirms a payment of an order,
 * signed like a Standard Webhook (https://www.standardwebhooks.com) with TIERDESK_PAYMENT_SECRET: headers
 * `webhook-id`, `webhook-timestamp` (unix seconds) and `webhook-signature` (`v1,<base64 HMAC-SHA256 of
 * "${id}.${timestamp}.${raw body}">`, several space-separated allowed). Refused, changing nothing: no secret
 * configured (PAYMENTS_NOT_CONFIGURED), missing headers or a signature that does not verify
 * (PAYMENT_SIGNATURE_INVALID), a timestamp more than 5 minutes from the server's clock (PAYMENT_CALLBACK_STALE), a
 * webhook-id processed before (PAYMENT_CALLBACK_REPLAYED), an amount or currency that is not the order's or a
 * payment id that paid (or was credited for) another order (PAYMENT_MISMATCH). A new webhook-id for a payment id
 * that paid this order already answers the paid order again (idempotent by payment id). A payment for an order
 * that can no longer be paid (expired, cancelled, superseded, paid otherwise) is not lost: its amount is credited
 * to the account's balance (`outcome: "credited"`, one `payment_credit` entry per payment id).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Deps } from '../../../platform/deps.js';
import { inTransaction } from '../../../platform/deps.js';
import { DomainError, notFound } from '../../../platform/errors.js';
import { parseMoney, MoneyFormatError } from '../../../domain/money/money.js';
import { loadAccount } from '../../accounts/index.js';
import { webhookSecretKey } from '../../notifications/index.js';
import { orderView } from '../domain/order.js';
import { money, type MoneyView } from '../domain/views.js';
import { orderPaidBy, recordPaymentCallback } from '../store/order-store.js';
import { findOrder } from '../store/subscription-store.js';
import { findPaymentCredit } from '../store/ledger-store.js';
import { entryView, postEntry } from './balance.js';
import { expireIfDue } from './orders.js';
import { markPaid, supersedeIfStale } from './pay-order.js';

/** Standard Webhooks' tolerance: a timestamp further than this from now is refused. */
export const CALLBACK_TOLERANCE_SECONDS = 5 * 60;

export interface CallbackHeaders {
  readonly id: string | undefined;
  readonly timestamp: string | undefined;
  readonly signature: string | undefined;
}

export interface CallbackBody {
  readonly orderId: string;
  readonly paymentId: string;
  readonly amount: MoneyView;
}

function signatureInvalid(reason: string, message: string): DomainError {
  return new DomainError('PAYMENT_SIGNATURE_INVALID', { reason }, message);
}

/** Verifies the headers against the raw body; throws the refusal. Pure but for `now`. */
export function verifyCallback(secret: string, headers: CallbackHeaders, rawBody: string, now: Date): void {
  const missing = (['id', 'timestamp', 'signature'] as const).filter((h) => !headers[h]);
  if (missing.length)
    throw signatureInvalid(
      'missing_headers',
      `The payment callback is not signed: missing ${missing.map((h) => `webhook-${h}`).join(', ')}.`,
    );
  const ts = headers.timestamp!;
  if (!/^\d{1,12}$/.test(ts)) throw signatureInvalid('bad_timestamp', 'webhook-timestamp must be unix seconds.');
  const expected = createHmac('sha256', webhookSecretKey(secret)).update(`${headers.id}.${ts}.${rawBody}`).digest();
  const matches = headers
    .signature!.split(' ')
    .map((part) => part.split(','))
    .some(([version, sig]) => {
      if (version !== 'v1' || !sig) return false;
      const given = Buffer.from(sig, 'base64');
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
  if (!matches)
    throw signatureInvalid('mismatch', 'The payment callback signature does not verify with the payment secret.');
  const skew = Math.abs(Math.floor(now.getTime() / 1000) - Number(ts));
  if (skew > CALLBACK_TOLERANCE_SECONDS)
    throw new DomainError(
      'PAYMENT_CALLBACK_STALE',
      { webhookTimestamp: Number(ts), serverTime: now.toISOString(), toleranceSeconds: CALLBACK_TOLERANCE_SECONDS },
      `The payment callback's timestamp is ${skew} s from the server's time (at most ${CALLBACK_TOLERANCE_SECONDS} s).`,
    );
}

export async function receivePaymentCallback(
  deps: Deps,
  headers: CallbackHeaders,
  rawBody: string | undefined,
  body: CallbackBody,
) {
  const secret = deps.config.paymentSecret;
  if (!secret) throw new DomainError('PAYMENTS_NOT_CONFIGURED', {});
  const now = deps.clock.now();
  verifyCallback(secret, headers, rawBody ?? '', now);
  const currency = deps.catalog.currency;
  const result = await inTransaction(deps, async (tx) => {
    const order = await findOrder(tx, body.orderId, { forUpdate: true });
    if (!order) throw notFound('order', body.orderId);
    const account = await loadAccount(tx, order.accountId, { forUpdate: true });
    const fresh = await recordPaymentCallback(tx, {
      webhookId: headers.id!,
      tenantId: order.tenantId,
      paymentId: body.paymentId,
      orderId: order.id,
      receivedAt: now,
    });
    if (!fresh)
      throw new DomainError(
        'PAYMENT_CALLBACK_REPLAYED',
        { webhookId: headers.id, orderId: order.id, orderStatus: order.status },
        `The payment callback ${headers.id} was processed already; nothing changed.`,
      );
    let amountMinor: bigint | null = null;
    try {
      amountMinor = parseMoney(body.amount.amount, currency);
    } catch (e) {
      if (!(e instanceof MoneyFormatError)) throw e;
    }
    if (body.amount.currency !== order.currency || amountMinor !== order.amountMinor)
      throw new DomainError(
        'PAYMENT_MISMATCH',
        { reason: 'amount', orderId: order.id, expected: money(order.amountMinor, currency), received: body.amount },
        `The payment is ${body.amount.amount} ${body.amount.currency}; order ${order.number} is ${money(order.amountMinor, currency).amount} ${order.currency}.`,
      );
    if (order.status === 'paid' && order.providerPaymentId === body.paymentId)
      return { order, duplicate: true as const, credit: null };
    const other = await orderPaidBy(tx, body.paymentId, order.id);
    const credited = await findPaymentCredit(tx, order.tenantId, body.paymentId);
    if (other || (credited && credited.orderId !== order.id))
      throw new DomainError(
        'PAYMENT_MISMATCH',
        { reason: 'payment_used', orderId: order.id, paymentId: body.paymentId },
        `Payment ${body.paymentId} paid another order.`,
      );
    if (credited) return { order, duplicate: true as const, credit: credited };
    // An order that can no longer be paid (expired, cancelled, superseded by a plan change, paid otherwise): the
    // money was taken all the same, so it is credited to the account's balance, once per payment id.
    const live =
      !(await expireIfDue(tx, order, now)) &&
      order.status === 'pending_payment' &&
      !(await supersedeIfStale(tx, order, account.id, now));
    if (!live) {
      const dead = (await findOrder(tx, order.id))!;
      const posted = await postEntry(
        deps,
        tx,
        {
          tenantId: account.tenantId,
          accountId: account.id,
          amountMinor: order.amountMinor,
          kind: 'payment_credit',
          orderId: order.id,
          paymentId: body.paymentId,
          reason: `Payment ${body.paymentId} for order ${order.number} (${dead.status}${dead.cancelReason ? `: ${dead.cancelReason}` : ''})`,
          createdBy: 'system:payment-callback',
        },
        now,
      );
      if (posted.duplicate) throw new Error('a payment credit written under the order lock');
      return { order: dead, duplicate: false as const, credit: posted.entry };
    }
    const paid = await markPaid(
      deps,
      tx,
      order,
      account,
      {
        method: 'provider',
        reference: body.paymentId,
        providerPaymentId: body.paymentId,
        voucherId: null,
        voucherMinor: null,
        balanceMinor: null,
        paidBy: 'system:payment-callback',
      },
      now,
    );
    return { order: paid, duplicate: false as const, credit: null };
  });
  return {
    outcome: result.credit ? ('credited' as const) : ('paid' as const),
    duplicate: result.duplicate,
    order: orderView(result.order, currency),
    credit: result.credit ? entryView(result.credit, currency) : null,
  };
}
