/** Tickets and the ticket management API (工单管理 API, R-TKT-1…6). */
import { z } from 'zod';
import { expediteTicket } from '../use-cases/expedite-ticket.js';
import { listTamAccounts } from '../use-cases/tam-accounts.js';
import type { App } from '../../../platform/http/app.js';
import { principalOf } from '../../../platform/http/auth-plugin.js';
import { sendFile } from '../../../platform/files.js';
import {
  errors,
  fileDownload,
  named,
  ZChannelId,
  ZIdParam,
  ZLevelId,
  ZServiceHoursId,
  ZSeverityId,
} from '../../../platform/http/schemas.js';
import { ZPageOf, ZPageQuery } from '../../../platform/pagination.js';
import { TICKET_STATUSES } from '../domain/status.js';
import type { TicketsDeps } from '../ports.js';
import { addAttachment, downloadAttachment } from '../use-cases/attachments.js';
import { openTicket } from '../use-cases/open-ticket.js';
import { getTicket, listTickets, staffQueue } from '../use-cases/queries.js';
import { assignTicket, changeStatus, rateTicket, regradeTicket, replyToTicket } from '../use-cases/workflow.js';

const ZAttachmentIn = z.object({
  filename: z.string().min(1).max(255),
  contentType: z.string().min(3).max(200),
  contentBase64: z.string().min(1).describe('The file, base64-encoded'),
});
named(ZAttachmentIn, 'FileUpload', 'A file as JSON: name, type and base64 content (size and type limited)');

const ZContact = z.object({
  name: z.string().min(1).max(200),
  email: z.string().email().optional(),
  phone: z.string().max(40).optional(),
});
named(ZContact, 'Contact', 'A person to reach about a ticket');

export const ZTicketOut = z.object({
  id: z.string(),
  number: z.string(),
  accountId: z.string(),
  level: ZLevelId,
  planSource: z.string(),
  category: z.enum(['technical', 'non_technical']),
  severity: ZSeverityId.nullable(),
  originalSeverity: ZSeverityId.optional(),
  channel: ZChannelId,
  subject: z.string(),
  description: z.string(),
  affectedService: z.string().nullable(),
  affectedRegion: z.string().nullable(),
  endCustomer: z.string().nullable(),
  contacts: z.array(ZContact),
  status: z.enum(TICKET_STATUSES),
  priority: z.boolean(),
  expedited: z
    .object({ at: z.string(), by: z.string().nullable(), reason: z.string().nullable() })
    .nullable()
    .describe('Issue 12: the customer expedited it (工单加急); first in its deadline band of the staff queue'),
  incidentId: z.string().nullable(),
  assigneeId: z.string().nullable().optional(),
  sla: z.object({
    target: z.string().describe('ISO 8601 duration, e.g. PT12H'),
    targetMinutes: z.number(),
    clock: ZServiceHoursId,
    timeZone: z.string(),
    responseDueAt: z
      .string()
      .describe(
        'The first instant the level clock has run the whole target and is running: a target used up at a close is due at the next opening',
      ),
    warningAt: z.string().optional(),
    respondedAt: z.string().nullable(),
    breached: z.boolean(),
    breachedAt: z.string().nullable(),
    binding: z.boolean(),
    bestEffort: z.boolean(),
    adjustment: z.record(z.string(), z.unknown()).nullable(),
    businessMinutesUsed: z
      .number()
      .int()
      .optional()
      .describe(
        'Business-hours clocks only: whole minutes the clock has run since the opening (until the first reply)',
      ),
    businessMinutesLeft: z
      .number()
      .int()
      .optional()
      .describe('Business-hours clocks only: minutes of the target still to run; 0 from the moment it is used up'),
  }),
  resolutionPriority: z.number().nullable(),
  restorationPriority: z.number().nullable(),
  rating: z.object({ stars: z.number(), comment: z.string().nullable(), ratedAt: z.string().nullable() }).nullable(),
  createdVia: z.string(),
  openedAt: z.string(),
  updatedAt: z.string(),
  resolvedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
});
named(ZTicketOut, 'Ticket', 'A ticket with its SLA (the response deadline on the level’s clock)');

const ZReplyOut = z.object({
  id: z.string(),
  authorId: z.string(),
  authorKind: z.string(),
  visibility: z.string(),
  body: z.string(),
  createdAt: z.string(),
});
named(ZReplyOut, 'TicketReply', 'A reply or (staff only) an internal note');
const ZAttachmentOut = z.object({
  id: z.string(),
  filename: z.string(),
  contentType: z.string(),
  sizeBytes: z.number(),
  sha256: z.string(),
  visibility: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
});
named(ZAttachmentOut, 'TicketAttachment', 'An attached file (download it by id)');
const ZEventOut = z.object({
  id: z.string(),
  kind: z.string(),
  actor: z.string(),
  data: z.record(z.string(), z.unknown()),
  at: z.string(),
});
named(ZEventOut, 'TicketEvent', 'One step of the ticket’s history');

const ZTicketDetailOut = ZTicketOut.extend({
  replies: z.array(ZReplyOut),
  attachments: z.array(ZAttachmentOut),
  events: z.array(ZEventOut),
});
named(ZTicketDetailOut, 'TicketDetail', 'A ticket with its conversation, files and history');

const ZListQuery = ZPageQuery.extend({
  accountId: z.string().optional(),
  status: z.string().optional().describe('one status or a comma-separated list'),
  severity: z.string().optional(),
  category: z.enum(['technical', 'non_technical']).optional(),
  level: z.string().optional(),
  assigneeId: z.string().optional(),
  incidentId: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .describe(
      'Issue 13: the tickets opened about an incident (its follow-ups); staff list any account’s, a customer only its own as always; an unknown id is an empty page',
    ),
  q: z.string().max(200).optional().describe('search subject, description and number'),
});

export function registerTicketRoutes(app: App, deps: TicketsDeps): void {
  const tags = ['tickets'];
  app.post(
    '/api/v1/tickets',
    {
      schema: {
        operationId: 'openTicket',
        tags,
        summary: 'Open a ticket (intake checks, quota, SLA deadline)',
        body: z.object({
          accountId: z
            .string()
            .min(1)
            .optional()
            .describe(
              'Left out: the account of a customer key or session that sees exactly one account; a master that also sees sub accounts, and staff, name it (VALIDATION_FAILED)',
            ),
          category: z.enum(['technical', 'non_technical']),
          severity: ZSeverityId.optional(),
          channel: ZChannelId.optional(),
          subject: z.string().min(1).max(300),
          description: z.string().min(1).max(20_000),
          affectedService: z.string().max(200).optional(),
          affectedRegion: z.string().max(100).optional(),
          endCustomer: z.string().max(300).optional(),
          contacts: z.array(ZContact).max(50).optional(),
          attachments: z.array(ZAttachmentIn).max(10).optional(),
          incidentId: z.string().optional(),
        }),
        response: { 201: ZTicketOut, ...errors(403, 404, 409) },
      },
    },
    async (req, reply) => {
      const ticket = await openTicket(deps, principalOf(req), req.body);
      deps.metrics?.ticketsOpened.inc({ level: ticket.level });
      return reply.status(201).send(ticket);
    },
  );
  app.get(
    '/api/v1/tickets',
    {
      schema: {
        operationId: 'listTickets',
        tags,
        summary: 'List and search tickets, newest first',
        querystring: ZListQuery,
        response: { 200: ZPageOf(ZTicketOut), ...errors(403, 404) },
      },
    },
    async (req) => listTickets(deps, principalOf(req), req.query),
  );
  app.get(
    '/api/v1/tickets/:id',
    {
      schema: {
        operationId: 'getTicket',
        tags,
        summary: 'A ticket with its conversation (customers never see internal notes)',
        params: ZIdParam,
        response: {
          200: ZTicketDetailOut,
          ...errors(403, 404),
        },
      },
    },
    async (req) => getTicket(deps, principalOf(req), req.params.id),
  );
  app.post(
    '/api/v1/tickets/:id/replies',
    {
      schema: {
        operationId: 'replyToTicket',
        tags,
        summary: 'Reply (the first public staff reply stops the SLA clock); staff may post internal notes',
        params: ZIdParam,
        body: z.object({ body: z.string().min(1).max(20_000), internal: z.boolean().optional() }),
        response: { 201: z.object({ reply: ZReplyOut, ticket: ZTicketOut }), ...errors(403, 404, 409) },
      },
    },
    async (req, reply) => reply.status(201).send(await replyToTicket(deps, principalOf(req), req.params.id, req.body)),
  );
  app.post(
    '/api/v1/tickets/:id/attachments',
    {
      schema: {
        operationId: 'addTicketAttachment',
        tags,
        summary: 'Attach a file (JSON with base64 content; size and type limited)',
        params: ZIdParam,
        body: ZAttachmentIn.extend({ internal: z.boolean().optional() }),
        response: { 201: ZAttachmentOut, ...errors(403, 404, 409) },
      },
    },
    async (req, reply) => reply.status(201).send(await addAttachment(deps, principalOf(req), req.params.id, req.body)),
  );
  app.get(
    '/api/v1/tickets/:id/attachments/:attachmentId',
    {
      schema: {
        operationId: 'downloadTicketAttachment',
        tags,
        summary: 'Download an attachment',
        params: z.object({ id: z.string(), attachmentId: z.string() }),
        response: { 200: fileDownload, ...errors(403, 404) },
      },
    },
    async (req, reply) =>
      sendFile(reply, await downloadAttachment(deps, principalOf(req), req.params.id, req.params.attachmentId)),
  );
  app.post(
    '/api/v1/tickets/:id/close',
    {
      schema: {
        operationId: 'closeTicket',
        tags,
        summary: 'Close a ticket',
        params: ZIdParam,
        response: { 200: ZTicketOut, ...errors(403, 404, 409) },
      },
    },
    async (req) => changeStatus(deps, principalOf(req), req.params.id, 'closed'),
  );
  app.get(
    '/api/v1/tam/accounts',
    {
      schema: {
        operationId: 'listTamAccounts',
        tags: ['staff'],
        summary: 'A TAM’s accounts: plan and validity, open tickets by deadline, upcoming service requests, renewal',
        description: 'The calling TAM’s; the admin names a TAM with ?tamUserId=.',
        querystring: ZPageQuery.extend({ tamUserId: z.string().min(1).max(100).optional() }),
        response: {
          200: ZPageOf(
            z.object({
              account: z.object({
                id: z.string(),
                name: z.string(),
                email: z.string(),
                region: z.string(),
                locale: z.string(),
              }),
              plan: z.object({
                level: z.string().nullable(),
                status: z.string(),
                source: z.string(),
                validFrom: z.string().nullable(),
                validTo: z.string().nullable(),
                autoRenew: z.boolean(),
                daysToRenewal: z.number().int().nullable(),
              }),
              openTickets: z.array(
                z.object({
                  id: z.string(),
                  number: z.string(),
                  subject: z.string(),
                  severity: z.string().nullable(),
                  status: z.string(),
                  assigneeId: z.string().nullable(),
                  responseDueAt: z.string(),
                  responded: z.boolean(),
                  expedited: z.boolean(),
                }),
              ),
              upcomingServiceRequests: z.array(
                z.object({
                  id: z.string(),
                  number: z.string(),
                  type: z.string(),
                  status: z.string(),
                  start: z.string(),
                  end: z.string(),
                }),
              ),
            }),
          ),
          ...errors(403),
        },
      },
    },
    async (req) => listTamAccounts(deps, principalOf(req), req.query),
  );
  app.post(
    '/api/v1/tickets/:id/expedite',
    {
      schema: {
        operationId: 'expediteTicket',
        tags,
        summary: 'Expedite an open ticket (工单加急; levels whose catalog includes it)',
        description:
          'First within its deadline band of the staff queue; the assignee and the TAM (else the duty group) are told. NOT_ENTITLED where the level lacks the catalog’s escalation.expedite feature; QUOTA_EXCEEDED past its quantity.',
        params: ZIdParam,
        body: z.object({ reason: z.string().max(2000).optional().describe('Why (required where the catalog says)') }),
        response: { 200: ZTicketOut, ...errors(403, 404, 409) },
      },
    },
    async (req) => expediteTicket(deps, principalOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/v1/tickets/:id/status',
    {
      schema: {
        operationId: 'changeTicketStatus',
        tags,
        summary: 'Move a ticket (staff: any allowed move; customers: resolve, close, reopen a resolved ticket)',
        params: ZIdParam,
        body: z.object({ status: z.enum(TICKET_STATUSES), reason: z.string().max(500).optional() }),
        response: { 200: ZTicketOut, ...errors(403, 404, 409) },
      },
    },
    async (req) => changeStatus(deps, principalOf(req), req.params.id, req.body.status, req.body.reason),
  );
  app.post(
    '/api/v1/tickets/:id/rating',
    {
      schema: {
        operationId: 'rateTicket',
        tags,
        summary: 'Rate a resolved ticket once',
        params: ZIdParam,
        body: z.object({ stars: z.number().int().min(1).max(5), comment: z.string().max(1000).optional() }),
        response: { 200: ZTicketOut, ...errors(403, 404, 409) },
      },
    },
    async (req) => rateTicket(deps, principalOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/v1/tickets/:id/assign',
    {
      schema: {
        operationId: 'assignTicket',
        tags: ['staff'],
        summary: 'Assign to an engineer of the level’s handler grade (staff)',
        params: ZIdParam,
        body: z.object({ assigneeId: z.string().min(1) }),
        response: { 200: ZTicketOut, ...errors(403, 404, 409) },
      },
    },
    async (req) => assignTicket(deps, principalOf(req), req.params.id, req.body.assigneeId),
  );
  app.post(
    '/api/v1/tickets/:id/severity',
    {
      schema: {
        operationId: 'regradeTicket',
        tags: ['staff'],
        summary: 'Re-grade severity (staff); the deadline follows from the opening time',
        params: ZIdParam,
        body: z.object({ severity: ZSeverityId, reason: z.string().min(1).max(500) }),
        response: { 200: ZTicketOut, ...errors(403, 404, 409) },
      },
    },
    async (req) => regradeTicket(deps, principalOf(req), req.params.id, req.body),
  );
  app.get(
    '/api/v1/queue',
    {
      schema: {
        operationId: 'getStaffQueue',
        tags: ['staff'],
        summary: 'The staff queue: by response deadline, then resolution/restoration priority',
        querystring: ZListQuery.extend({
          unassigned: z
            .enum(['true', 'false'])
            .transform((v) => v === 'true')
            .optional(),
        }),
        response: { 200: ZPageOf(ZTicketOut), ...errors(403) },
      },
    },
    async (req) => staffQueue(deps, principalOf(req), req.query),
  );
}
