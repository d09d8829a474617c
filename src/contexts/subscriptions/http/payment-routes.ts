/**
 * Payments (R-SUB-2, issue 11): paying an order, the balance ledger, vouchers and the payment system's signed
 * callback. Every write of money is staff's (admin, billing operator), but a customer owner's balance payment.
 */
import { z } from 'zod';
import type { App } from '../../../platform/http/app.js';
import { principalOf } from '../../../platform/http/auth-plugin.js';
import { errors, named, ZIdParam, ZInstant, ZLevelId, ZMoney } from '../../../platform/http/schemas.js';
import { pageInMemory, ZPageOf, ZPageQuery } from '../../../platform/pagination.js';
import { adjustBalance, getBalance, listBalanceEntries, topUpBalance } from '../use-cases/balance.js';
import { receivePaymentCallback } from '../use-cases/payment-callback.js';
import { payOrder } from '../use-cases/pay-order.js';
import { issueVoucher, listVouchers } from '../use-cases/vouchers.js';
import type { SubscriptionsDeps } from '../ports.js';
import { ZOrderOut } from './routes.js';

const ZBalanceEntry = z.object({
  id: z.string(),
  kind: z
    .enum(['downgrade_refund', 'unsubscribe_refund', 'top_up', 'adjustment', 'payment_credit', 'order_payment', 'bill'])
    .describe(
      'Credits: refunds, top-ups, adjustments, payments for orders that could no longer be paid; debits: order payments, collected bills, adjustments',
    ),
  orderId: z.string().nullable(),
  billId: z.string().nullable(),
  paymentId: z.string().nullable().describe('payment_credit: the provider’s payment id'),
  reason: z.string().nullable().describe('The adjustment’s reason or the top-up’s reference'),
  createdBy: z.string().nullable(),
  amount: ZMoney.describe('Positive: credit; negative: debit'),
  balanceAfter: ZMoney.nullable(),
  createdAt: z.string(),
});
named(ZBalanceEntry, 'BalanceEntry', 'One change of the account balance');

const ZBalanceOut = z.object({
  accountId: z.string(),
  balance: ZMoney.describe('The sum of the entries; never below zero'),
  entries: z.array(ZBalanceEntry).describe('The latest 20 entries, newest first (all: /balance/entries)'),
});
named(ZBalanceOut, 'Balance', 'The account balance and its latest entries');

const ZVoucherOut = z.object({
  id: z.string(),
  accountId: z.string(),
  amount: ZMoney,
  levels: z.array(z.string()).nullable().describe('The levels whose orders it pays for; null: any'),
  expiresAt: z.string(),
  note: z.string().nullable(),
  state: z.enum(['available', 'used', 'expired']),
  usedAt: z.string().nullable(),
  usedOrderId: z.string().nullable(),
  createdAt: z.string(),
});
named(ZVoucherOut, 'Voucher', 'A voucher (代金券): an amount off one order of the account, before its expiry');

const ZReason = z.string().trim().min(1).max(200);

export function registerPaymentRoutes(app: App, deps: SubscriptionsDeps): void {
  const tags = ['payments'];
  app.post(
    '/api/v1/orders/:id/pay',
    {
      schema: {
        operationId: 'payOrder',
        tags,
        summary:
          'Pay an order: staff record an external payment, a customer pays from the balance; the plan changes now',
        params: ZIdParam,
        body: z.object({
          method: z
            .enum(['balance', 'external'])
            .optional()
            .describe('balance: from the account balance; external (staff only, their default): taken elsewhere'),
          reference: z
            .string()
            .trim()
            .min(1)
            .max(200)
            .optional()
            .describe('Staff: the payment’s reference in the provider’s billing system'),
          voucherId: z.string().min(1).max(100).optional().describe('A voucher of the account to apply first'),
        }),
        response: { 200: ZOrderOut, ...errors(402, 403, 404, 409) },
      },
    },
    async (req) => payOrder(deps, principalOf(req), req.params.id, req.body),
  );
  app.get(
    '/api/v1/accounts/:id/balance',
    {
      schema: {
        operationId: 'getBalance',
        tags,
        summary: 'The account balance and its latest entries (customers: their own; staff: any)',
        params: ZIdParam,
        response: { 200: ZBalanceOut, ...errors(404) },
      },
    },
    async (req) => getBalance(deps, principalOf(req), req.params.id),
  );
  app.get(
    '/api/v1/accounts/:id/balance/entries',
    {
      schema: {
        operationId: 'listBalanceEntries',
        tags,
        summary: 'Every change of the account balance, newest first',
        params: ZIdParam,
        querystring: ZPageQuery,
        response: { 200: ZPageOf(ZBalanceEntry), ...errors(404) },
      },
    },
    async (req) => listBalanceEntries(deps, principalOf(req), req.params.id, req.query),
  );
  app.post(
    '/api/v1/accounts/:id/balance/top-ups',
    {
      schema: {
        operationId: 'topUpBalance',
        tags,
        summary: 'Staff credit money received for the account (with its reference)',
        params: ZIdParam,
        body: z.object({ amount: ZMoney, reason: ZReason.optional().describe('The reference of the money received') }),
        response: { 201: ZBalanceEntry, ...errors(403, 404) },
      },
    },
    async (req, reply) => reply.status(201).send(await topUpBalance(deps, principalOf(req), req.params.id, req.body)),
  );
  app.post(
    '/api/v1/accounts/:id/balance/adjustments',
    {
      schema: {
        operationId: 'adjustBalance',
        tags,
        summary: 'Staff correct the balance either way, with a reason (never below zero)',
        params: ZIdParam,
        body: z.object({ amount: ZMoney.describe('Positive credits, negative debits'), reason: ZReason }),
        response: { 201: ZBalanceEntry, ...errors(403, 404, 409) },
      },
    },
    async (req, reply) => reply.status(201).send(await adjustBalance(deps, principalOf(req), req.params.id, req.body)),
  );
  app.post(
    '/api/v1/accounts/:id/vouchers',
    {
      schema: {
        operationId: 'issueVoucher',
        tags,
        summary: 'Staff issue a voucher (代金券) to the account: amount, expiry, levels',
        params: ZIdParam,
        body: z.object({
          amount: ZMoney,
          expiresAt: ZInstant,
          levels: z.array(ZLevelId).max(50).optional().describe('The levels it pays for; none: any'),
          note: z.string().trim().max(200).optional(),
        }),
        response: { 201: ZVoucherOut, ...errors(403, 404) },
      },
    },
    async (req, reply) => reply.status(201).send(await issueVoucher(deps, principalOf(req), req.params.id, req.body)),
  );
  app.get(
    '/api/v1/accounts/:id/vouchers',
    {
      schema: {
        operationId: 'listVouchers',
        tags,
        summary: 'The account’s vouchers with their state, newest first',
        params: ZIdParam,
        querystring: ZPageQuery,
        response: { 200: ZPageOf(ZVoucherOut), ...errors(404) },
      },
    },
    async (req) => pageInMemory(await listVouchers(deps, principalOf(req), req.params.id), req.query),
  );
  app.post(
    '/api/v1/payments/callback',
    {
      config: { public: true },
      schema: {
        operationId: 'paymentCallback',
        tags,
        summary: 'The provider’s payment system confirms a payment (signed like a Standard Webhook)',
        description:
          'Headers webhook-id, webhook-timestamp (unix seconds, within 5 minutes) and webhook-signature ' +
          '(`v1,<base64 HMAC-SHA256 of "id.timestamp.body">` keyed with TIERDESK_PAYMENT_SECRET). Idempotent by paymentId. ' +
          'A payment for an order that can no longer be paid is credited to the account balance (outcome credited).',
        body: z.object({
          orderId: z.string().min(1).max(100),
          paymentId: z.string().min(1).max(200),
          amount: ZMoney,
        }),
        response: {
          200: z.object({
            outcome: z
              .enum(['paid', 'credited'])
              .describe(
                'paid: the payment paid the order; credited: the order could no longer be paid (expired, cancelled, paid otherwise), the amount went to the account balance',
              ),
            duplicate: z.boolean().describe('The payment id had paid or been credited for this order already'),
            order: ZOrderOut,
            credit: ZBalanceEntry.nullable().describe('credited: the balance entry (kind payment_credit)'),
          }),
          ...errors(401, 403, 404, 409, 422),
        },
      },
    },
    async (req) => {
      const header = (name: string) => {
        const v = req.headers[name];
        return typeof v === 'string' ? v : undefined;
      };
      return receivePaymentCallback(
        deps,
        { id: header('webhook-id'), timestamp: header('webhook-timestamp'), signature: header('webhook-signature') },
        req.rawBody,
        req.body,
      );
    },
  );
}
