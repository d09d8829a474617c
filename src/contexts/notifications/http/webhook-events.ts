/**
 * R-TKT-6: what each webhook event's body looks like, for the OpenAPI document's `webhooks` section. The bodies are
 * built by tickets/use-cases/notices.ts and service-requests/use-cases/notices.ts; test/http/openapi.test.ts
 * checks real deliveries against these schemas.
 */
import { z } from 'zod';
import { ZSeverityId } from '../../../platform/http/schemas.js';
import { WEBHOOK_EVENTS, type WebhookEvent } from '../domain/webhook.js';

const ZTicketSummary = z
  .object({
    id: z.string(),
    number: z.string(),
    accountId: z.string(),
    status: z.string(),
    category: z.enum(['technical', 'non_technical']),
    severity: ZSeverityId.nullable(),
    subject: z.string(),
    responseDueAt: z.string(),
    respondedAt: z.string().nullable(),
    breached: z.boolean(),
  })
  .meta({ id: 'WebhookTicket', description: 'The ticket an event is about' });

const ZServiceRequestSummary = z
  .object({
    id: z.string(),
    number: z.string(),
    accountId: z.string(),
    type: z.string(),
    status: z.enum(['submitted', 'processing', 'completed', 'rejected', 'withdrawn']),
    start: z.string(),
    end: z.string(),
    protectionLevel: z.number().nullable(),
  })
  .meta({ id: 'WebhookServiceRequest', description: 'The service request an event is about' });

function envelope<T extends WebhookEvent>(type: T, id: string, data: z.ZodType, description: string) {
  return z
    .object({
      type: z.literal(type),
      timestamp: z.string().describe('When the event happened (ISO 8601)'),
      data,
    })
    .meta({ id, description });
}

const ticketData = (extra: z.ZodRawShape = {}) => z.object({ ticket: ZTicketSummary, ...extra });
const srData = (extra: z.ZodRawShape = {}) => z.object({ serviceRequest: ZServiceRequestSummary, ...extra });

const EVENTS = {
  'ticket.created': {
    summary: 'A ticket was opened',
    schema: envelope('ticket.created', 'TicketCreatedEvent', ticketData(), 'ticket.created'),
  },
  'ticket.replied': {
    summary: 'A reply was posted on a ticket (internal notes never)',
    schema: envelope(
      'ticket.replied',
      'TicketRepliedEvent',
      ticketData({ replyId: z.string(), authorKind: z.string(), body: z.string() }),
      'ticket.replied',
    ),
  },
  'ticket.status_changed': {
    summary: 'A ticket moved to another status',
    schema: envelope(
      'ticket.status_changed',
      'TicketStatusChangedEvent',
      ticketData({ from: z.string(), to: z.string() }),
      'ticket.status_changed',
    ),
  },
  'ticket.sla_breached': {
    summary: 'A ticket missed its response target',
    schema: envelope(
      'ticket.sla_breached',
      'TicketSlaBreachedEvent',
      ticketData({ breachedAt: z.string() }),
      'ticket.sla_breached',
    ),
  },
  'service_request.created': {
    summary: 'A service request was submitted',
    schema: envelope('service_request.created', 'ServiceRequestCreatedEvent', srData(), 'service_request.created'),
  },
  'service_request.status_changed': {
    summary: 'A service request moved to another status',
    schema: envelope(
      'service_request.status_changed',
      'ServiceRequestStatusChangedEvent',
      srData({ from: z.string().optional() }),
      'service_request.status_changed',
    ),
  },
  'service_request.deliverable_added': {
    summary: 'A deliverable was attached to a service request',
    schema: envelope(
      'service_request.deliverable_added',
      'ServiceRequestDeliverableAddedEvent',
      srData({ deliverableId: z.string(), filename: z.string() }),
      'service_request.deliverable_added',
    ),
  },
} satisfies Record<WebhookEvent, { summary: string; schema: z.ZodType }>;

/** The zod schema of one event's body (tests parse real deliveries with it). */
export function webhookEventSchema(type: WebhookEvent): z.ZodType {
  return EVENTS[type].schema;
}

const camel = (type: string) =>
  type.replace(/[._]([a-z])/g, (_m, c: string) => c.toUpperCase()).replace(/^./, (c) => c.toLowerCase());

/** One entry per event type for the document: `webhooks.<type>.post`, its body a named component. */
export const WEBHOOK_DOCS = WEBHOOK_EVENTS.map((type) => ({
  type,
  operationId: `${camel(type)}Webhook`,
  summary: EVENTS[type].summary,
  schemaId: (EVENTS[type].schema.meta() as { id: string }).id,
}));
