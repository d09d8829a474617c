/** R-TKT-6 webhook endpoints of an account and their delivery log. */
import { z } from 'zod';
import type { App } from '../../../platform/http/app.js';
import type { Deps } from '../../../platform/deps.js';
import { principalOf } from '../../../platform/http/auth-plugin.js';
import { errors, named, ZIdParam } from '../../../platform/http/schemas.js';
import { ZPageOf, ZPageQuery } from '../../../platform/pagination.js';
import type { Principal } from '../../../platform/http/principal.js';
import { WEBHOOK_EVENTS } from '../domain/webhook.js';
import type { TicketApiAccess } from '../ports.js';
import {
  createWebhook,
  deleteWebhook,
  listWebhookDeliveries,
  listWebhooks,
  type AccountGuard,
} from '../use-cases/manage-webhooks.js';

const ZWebhookOut = z.object({
  id: z.string(),
  accountId: z.string(),
  url: z.string(),
  events: z.array(z.string()),
  active: z.boolean(),
  createdAt: z.string(),
  disabledAt: z.string().nullable(),
});
named(ZWebhookOut, 'WebhookEndpoint', 'A webhook endpoint (its secret is shown once, at creation)');

const ZDeliveryOut = z.object({
  id: z.string(),
  webhookId: z.string(),
  eventId: z.string(),
  eventType: z.string(),
  attempt: z.number().int(),
  statusCode: z.number().int().nullable(),
  error: z.string().nullable(),
  durationMs: z.number().int(),
  succeeded: z.boolean(),
  createdAt: z.string(),
});
named(ZDeliveryOut, 'WebhookDelivery', 'One delivery attempt to an endpoint');

const ZWebhookIn = z.object({
  url: z
    .string()
    .min(1)
    .max(2000)
    .describe(
      'An https URL on a public host that receives POSTs signed as Standard Webhooks say (http and private addresses only where the provider sets TIERDESK_WEBHOOK_ALLOW_PRIVATE)',
    ),
  events: z
    .array(z.enum(WEBHOOK_EVENTS))
    .min(1)
    .max(WEBHOOK_EVENTS.length * 2)
    .optional()
    .describe('Default: every event type'),
});

const ZHookParams = z.object({ id: z.string().min(1).max(100), webhookId: z.string().min(1).max(100) });

/**
 * R-TKT-6: webhooks are part of the ticket management API, so a customer's API key needs the `ticket_api`
 * entitlement (`ticketApi`; without it, context tests, every caller may).
 */
export function registerWebhookRoutes(app: App, deps: Deps, ticketApi?: TicketApiAccess): void {
  const guardFor = (req: { principal?: Principal }): AccountGuard | undefined =>
    ticketApi ? (account) => ticketApi.require(principalOf(req), account) : undefined;

  app.post(
    '/api/v1/accounts/:id/webhooks',
    {
      schema: {
        operationId: 'registerWebhook',
        tags: ['webhooks'],
        summary: 'Register a webhook endpoint (owner or admin); the signing secret is shown once',
        params: ZIdParam,
        body: ZWebhookIn,
        response: {
          201: ZWebhookOut.extend({ secret: z.string().describe('whsec_…: shown once') }),
          ...errors(403, 404, 409),
        },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await createWebhook(deps, principalOf(req), req.params.id, req.body, guardFor(req))),
  );
  app.get(
    '/api/v1/accounts/:id/webhooks',
    {
      schema: {
        operationId: 'listWebhooks',
        tags: ['webhooks'],
        summary: "The account's active webhook endpoints (no secrets)",
        params: ZIdParam,
        querystring: ZPageQuery,
        response: { 200: ZPageOf(ZWebhookOut), ...errors(403, 404) },
      },
    },
    async (req) => listWebhooks(deps, principalOf(req), req.params.id, req.query, guardFor(req)),
  );
  app.delete(
    '/api/v1/accounts/:id/webhooks/:webhookId',
    {
      schema: {
        operationId: 'deleteWebhook',
        tags: ['webhooks'],
        summary: 'Delete (disable) a webhook endpoint (owner or admin)',
        params: ZHookParams,
        response: { 200: ZWebhookOut, ...errors(403, 404) },
      },
    },
    async (req) => deleteWebhook(deps, principalOf(req), req.params.id, req.params.webhookId, guardFor(req)),
  );
  app.get(
    '/api/v1/accounts/:id/webhooks/:webhookId/deliveries',
    {
      schema: {
        operationId: 'listWebhookDeliveries',
        tags: ['webhooks'],
        summary: 'Every delivery attempt to the endpoint, newest first',
        params: ZHookParams,
        querystring: ZPageQuery,
        response: { 200: ZPageOf(ZDeliveryOut), ...errors(403, 404) },
      },
    },
    async (req) =>
      listWebhookDeliveries(deps, principalOf(req), req.params.id, req.params.webhookId, req.query, guardFor(req)),
  );
}
