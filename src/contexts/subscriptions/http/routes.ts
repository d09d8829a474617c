/** Plans, quotes, orders, add-ons, sharing and linked accounts (R-SUB, R-ACC-2/3). */
import { z } from 'zod';
import type { App } from '../../../platform/http/app.js';
import { principalOf } from '../../../platform/http/auth-plugin.js';
import {
  errors,
  named,
  ZChannelId,
  ZFeatureId,
  ZHandlerId,
  ZIdParam,
  ZLevelId,
  ZMoney,
  ZNamesOut,
  ZNotificationChannelId,
  ZQuotaId,
  ZServiceHoursId,
  ZSeverityId,
  ZTerm,
} from '../../../platform/http/schemas.js';
import { SERVICE_TYPES } from '../../../domain/catalog/catalog-schema.js';
import { pageInMemory, ZPageOf, ZPageQuery } from '../../../platform/pagination.js';
import { ZAccountOut } from '../../accounts/index.js';
import { getPlan } from '../use-cases/get-plan.js';
import { decideLink, listLinks, removeLink, requestLink } from '../use-cases/linked-accounts.js';
import { buyAddOn, cancelOrder, getOrder, listOrders, placeOrder, quote } from '../use-cases/orders.js';
import { lockPlan, setAutoRenew } from '../use-cases/plan-settings.js';
import { setSharing } from '../use-cases/sharing.js';
import type { SubscriptionsDeps } from '../ports.js';

const ZQuota = z.object({
  quota: ZQuotaId,
  limit: z.number().nullable(),
  used: z.number(),
  remaining: z.number().nullable(),
  period: z.string().describe('a period key: lifetime, YYYY-MM, or a subscription year Y1@YYYY-MM-DD'),
  unavailable: z
    .object({ reason: z.string() })
    .optional()
    .describe('only when the allowance is not available now (limit 0), with the reason'),
});
named(ZQuota, 'Quota', 'A counted allowance with what is used and left in its period');

const ZChannelHours = z.object({
  channel: ZChannelId,
  hours: ZServiceHoursId,
  placeholder: z.boolean().optional(),
  note: z.string().optional(),
});

/** What the level includes for the account's region (subscriptions/domain/effective-plan.ts entitlementsView). */
const ZEntitlements = z.object({
  technicalSupport: z
    .object({
      channels: z.array(ZChannelHours),
      clock: ZServiceHoursId,
      targets: z.partialRecord(ZSeverityId, z.string()).describe('Response target per severity (ISO 8601 duration)'),
      bestEffort: z.boolean(),
    })
    .nullable(),
  nonTechnicalSupport: z.object({
    channels: z.array(ZChannelHours),
    clock: ZServiceHoursId,
    target: z.string().describe('ISO 8601 duration'),
  }),
  handler: ZHandlerId,
  resolutionPriority: z.number().nullable(),
  restorationPriority: z.number().nullable(),
  slaBinding: z.boolean(),
  notifications: z.array(ZNotificationChannelId),
  ticketApi: z.boolean(),
  features: z.array(ZFeatureId),
  services: z.array(
    z.object({
      service: z.enum(SERVICE_TYPES),
      unit: z.enum(['days', 'working_days', 'requests']),
      amount: z.number().nullable(),
      period: z.enum(['subscription_year', 'lifetime']),
      grants: z.array(z.object({ amount: z.number(), when: z.unknown() })).nullable(),
      protectionLevels: z.array(z.number()).nullable(),
      delivery: z.array(z.enum(['on_application', 'proactive'])),
      placeholder: z.boolean(),
    }),
  ),
  linkedAccounts: z.number(),
  excluded: z.array(z.string()).describe('Entitlements the account’s region excludes (channel:…, feature:…)'),
});
named(ZEntitlements, 'Entitlements', 'What the plan’s level includes, for the account’s region');

export const ZPlanOut = z.object({
  accountId: z.string(),
  level: ZLevelId.nullable(),
  levelNames: ZNamesOut.nullable(),
  status: z.enum(['active', 'expired', 'unsubscribed', 'none']),
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
  source: z.enum(['own', 'shared', 'linked']),
  planAccountId: z.string(),
  autoRenew: z.boolean(),
  locked: z.boolean(),
  entitlements: ZEntitlements.nullable(),
  quotas: z.array(ZQuota),
  tam: z
    .object({ userId: z.string(), name: z.string(), email: z.string() })
    .nullable()
    .describe('The account’s technical account manager (its own, else the plan account’s), if one is assigned'),
});
named(ZPlanOut, 'Plan', 'An account’s plan: level, status, validity, entitlements and quotas');

const ZLine = z
  .object({
    kind: z.string(),
    level: z.string().optional(),
    periodStart: z.string().optional(),
    periodEnd: z.string().optional(),
    remainingDays: z.number().optional().describe('R of SPEC R-SUB-8'),
    totalDays: z.number().optional().describe('T of SPEC R-SUB-8'),
    units: z.number().optional(),
    amount: ZMoney,
  })
  .describe('A money line, rounded half-up once');
named(ZLine, 'MoneyLine', 'A money line, rounded half-up once');

const ZAction = z.enum(['purchase', 'upgrade', 'downgrade', 'renew', 'unsubscribe']);
const ZActionIn = z.object({ action: ZAction, level: ZLevelId.optional(), term: ZTerm.optional() });

const ZQuoteOut = z.object({
  action: ZAction,
  accountId: z.string(),
  level: z.string().nullable(),
  fromLevel: z.string().nullable(),
  term: ZTerm.nullable(),
  actionDate: z.string(),
  amount: ZMoney,
  direction: z.enum(['charge', 'refund']),
  remainingDays: z.number().nullable(),
  totalDays: z.number().nullable(),
  paid: ZMoney.optional(),
  consumed: ZMoney.optional(),
  fee: ZMoney.optional(),
  noReasonRefundsRemaining: z.number().optional(),
  noReasonRefund: z.boolean().optional(),
  placeholderPrice: z.boolean().optional(),
  breakdown: z.array(ZLine),
  voucher: z
    .object({ id: z.string(), amount: ZMoney })
    .optional()
    .describe('With voucherId: what the voucher pays of the amount (applied at payment)'),
  payable: ZMoney.optional().describe('With voucherId: the amount left to pay after the voucher'),
});
named(ZQuoteOut, 'Quote', 'A priced plan action (R-SUB-8): amount, direction and breakdown');

export const ZOrderOut = z.object({
  id: z.string(),
  number: z.string(),
  accountId: z.string(),
  type: z.enum(['new', 'upgrade', 'downgrade', 'renew', 'unsubscribe', 'add_on']),
  status: z.enum(['pending_payment', 'paid', 'cancelled', 'refunded']),
  level: z.string().nullable(),
  fromLevel: z.string().nullable(),
  term: ZTerm.nullable(),
  amount: ZMoney,
  direction: z.enum(['charge', 'refund']),
  breakdown: z.array(ZLine),
  reason: z.string().nullable(),
  reasonText: z.string().nullable(),
  addOn: z.object({ type: z.string(), count: z.number() }).nullable(),
  autoRenew: z.boolean(),
  placedBy: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  paidAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  cancelReason: z.string().nullable(),
  refundedAt: z.string().nullable(),
  payment: z
    .object({
      method: z
        .enum(['balance', 'external', 'provider'])
        .describe('balance; external: recorded by staff; provider: confirmed by the payment system’s callback'),
      reference: z.string().nullable(),
      providerPaymentId: z.string().nullable(),
      voucher: z.object({ id: z.string(), amount: ZMoney }).nullable().describe('The voucher applied and what it paid'),
      fromBalance: ZMoney.describe('What the balance paid'),
      paidBy: z.string().nullable(),
    })
    .nullable()
    .describe('How the order was paid; null while unpaid and for refunds'),
});
named(ZOrderOut, 'Order', 'An order: charges wait for payment, refunds are settled at once');

const ZLinkOut = z.object({
  id: z.string(),
  ownerAccountId: z.string(),
  accountId: z.string(),
  status: z.string(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
});
named(ZLinkOut, 'LinkedAccount', 'A linked account (关联账号) and its approval state');

export function registerSubscriptionRoutes(app: App, deps: SubscriptionsDeps): void {
  const tags = ['plans'];
  app.get(
    '/api/v1/accounts/:id/plan',
    {
      schema: {
        operationId: 'getPlan',
        tags,
        summary: 'The account’s plan: level, status, validity, source, entitlements, quotas',
        params: ZIdParam,
        response: { 200: ZPlanOut, ...errors(404) },
      },
    },
    async (req) => getPlan(deps, principalOf(req), req.params.id),
  );
  app.post(
    '/api/v1/accounts/:id/quotes',
    {
      schema: {
        operationId: 'quotePlanAction',
        tags,
        summary: 'Price a plan action (R-SUB-8 breakdown), with what a voucher would pay',
        params: ZIdParam,
        body: ZActionIn.extend({ voucherId: z.string().min(1).max(100).optional() }),
        response: { 200: ZQuoteOut, ...errors(403, 404, 409) },
      },
    },
    async (req) => quote(deps, principalOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/v1/accounts/:id/orders',
    {
      schema: {
        operationId: 'placeOrder',
        tags,
        summary: 'Place an order; charges wait for payment, refunds settle at once',
        params: ZIdParam,
        body: ZActionIn.extend({
          agreementAccepted: z.boolean().optional(),
          reason: z.string().optional(),
          reasonText: z.string().max(500).optional(),
          autoRenew: z.boolean().optional(),
        }),
        response: { 201: ZOrderOut, ...errors(403, 404, 409, 422) },
      },
    },
    async (req, reply) => reply.status(201).send(await placeOrder(deps, principalOf(req), req.params.id, req.body)),
  );
  app.get(
    '/api/v1/accounts/:id/orders',
    {
      schema: {
        operationId: 'listOrders',
        summary: 'The account’s orders, newest first',
        tags,
        params: ZIdParam,
        querystring: ZPageQuery.extend({ status: z.string().optional(), type: z.string().optional() }),
        response: { 200: ZPageOf(ZOrderOut), ...errors(404) },
      },
    },
    async (req) => listOrders(deps, principalOf(req), req.params.id, req.query),
  );
  app.get(
    '/api/v1/orders/:id',
    {
      schema: {
        operationId: 'getOrder',
        tags,
        summary: 'An order',
        params: ZIdParam,
        response: { 200: ZOrderOut, ...errors(404) },
      },
    },
    async (req) => getOrder(deps, principalOf(req), req.params.id),
  );
  app.post(
    '/api/v1/orders/:id/cancel',
    {
      schema: {
        operationId: 'cancelOrder',
        tags,
        summary: 'Cancel an unpaid order',
        params: ZIdParam,
        response: { 200: ZOrderOut, ...errors(403, 404, 409) },
      },
    },
    async (req) => cancelOrder(deps, principalOf(req), req.params.id),
  );
  app.post(
    '/api/v1/accounts/:id/add-ons',
    {
      schema: {
        operationId: 'buyAddOns',
        tags,
        summary: 'Buy add-ons (ticket_pack): an order as above',
        params: ZIdParam,
        body: z.object({
          type: z.string().min(1),
          count: z.number().int().min(1).max(100),
          agreementAccepted: z.boolean().optional(),
        }),
        response: { 201: ZOrderOut, ...errors(403, 404, 422) },
      },
    },
    async (req, reply) => reply.status(201).send(await buyAddOn(deps, principalOf(req), req.params.id, req.body)),
  );
  app.post(
    '/api/v1/accounts/:id/sharing',
    {
      schema: {
        operationId: 'setSharing',
        tags,
        summary: 'Share a custody master’s plan with all its subs (one switch)',
        params: ZIdParam,
        body: z.object({ enabled: z.boolean() }),
        response: { 200: ZAccountOut.extend({ sharedWith: z.array(z.string()) }), ...errors(403, 404, 409) },
      },
    },
    async (req) => setSharing(deps, principalOf(req), req.params.id, req.body.enabled),
  );
  app.post(
    '/api/v1/accounts/:id/plan/auto-renew',
    {
      schema: {
        operationId: 'setAutoRenew',
        tags,
        summary: 'Turn auto-renew on or off',
        params: ZIdParam,
        body: z.object({ enabled: z.boolean() }),
        response: { 200: ZPlanOut, ...errors(403, 404, 409) },
      },
    },
    async (req) => setAutoRenew(deps, principalOf(req), req.params.id, req.body.enabled),
  );
  app.post(
    '/api/v1/accounts/:id/plan/lock',
    {
      schema: {
        operationId: 'lockPlan',
        tags,
        summary: 'Lock the current term (R-SUB-7; admin tool, service requests do this themselves)',
        params: ZIdParam,
        body: z.object({ reason: z.string().min(1).max(200) }),
        response: { 200: ZPlanOut, ...errors(403, 404, 409) },
      },
    },
    async (req) => lockPlan(deps, principalOf(req), req.params.id, req.body.reason),
  );
  app.post(
    '/api/v1/accounts/:id/linked-accounts',
    {
      schema: {
        operationId: 'linkAccount',
        tags,
        summary: 'Link an account (Tianyi 关联账号): staff at once, customers pending approval',
        params: ZIdParam,
        body: z.object({ accountId: z.string().min(1) }),
        response: { 201: ZLinkOut, ...errors(403, 404, 409) },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await requestLink(deps, principalOf(req), req.params.id, req.body.accountId)),
  );
  app.get(
    '/api/v1/accounts/:id/linked-accounts',
    {
      schema: {
        operationId: 'listLinkedAccounts',
        tags,
        summary: 'The account’s linked accounts with their approval state',
        params: ZIdParam,
        querystring: ZPageQuery,
        response: { 200: ZPageOf(ZLinkOut), ...errors(404) },
      },
    },
    async (req) => pageInMemory((await listLinks(deps, principalOf(req), req.params.id)).items, req.query),
  );
  app.delete(
    '/api/v1/accounts/:id/linked-accounts/:linkId',
    {
      schema: {
        operationId: 'unlinkAccount',
        tags,
        summary: 'Remove a linked account',
        params: z.object({ id: z.string(), linkId: z.string() }),
        response: { 200: ZLinkOut, ...errors(403, 404, 409) },
      },
    },
    async (req) => removeLink(deps, principalOf(req), req.params.id, req.params.linkId),
  );
  for (const decision of ['approve', 'reject'] as const) {
    app.post(
      `/api/v1/linked-accounts/:id/${decision}`,
      {
        schema: {
          operationId: decision === 'approve' ? 'approveLinkedAccount' : 'rejectLinkedAccount',
          tags,
          summary: `Staff ${decision} a link request`,
          params: ZIdParam,
          response: { 200: ZLinkOut, ...errors(403, 404, 409) },
        },
      },
      async (req) => decideLink(deps, principalOf(req), req.params.id, decision),
    );
  }
}
