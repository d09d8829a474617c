/** Service requests (服务单, R-SR) and their deliverables and evaluations. */
import { z } from 'zod';
import type { App } from '../../../platform/http/app.js';
import { principalOf } from '../../../platform/http/auth-plugin.js';
import { sendFile } from '../../../platform/files.js';
import { errors, fileDownload, named, ZDate, ZIdParam } from '../../../platform/http/schemas.js';
import { pageInMemory, ZPageOf, ZPageQuery } from '../../../platform/pagination.js';
import { SERVICE_TYPES } from '../../../domain/catalog/catalog-schema.js';
import type { ServiceRequestsDeps } from '../ports.js';
import { applyForService } from '../use-cases/apply.js';
import { addDeliverable, downloadDeliverable, listDeliverables } from '../use-cases/deliverables.js';
import { getServiceRequest, listServiceRequests } from '../use-cases/queries.js';
import { evaluateServiceRequest, moveServiceRequest } from '../use-cases/workflow.js';
import { rescheduleServiceRequest } from '../use-cases/reschedule.js';
import { earliestStarts } from '../use-cases/earliest-starts.js';

export const ZServiceRequestOut = z.object({
  id: z.string(),
  number: z.string(),
  accountId: z.string(),
  level: z.string(),
  type: z.string(),
  protectionLevel: z.number().nullable(),
  origin: z.string(),
  start: z.string(),
  end: z.string().describe('last day, inclusive'),
  days: z.number(),
  timeZone: z.string(),
  scenario: z.string().nullable(),
  deliveryMethod: z.string().nullable(),
  contact: z.record(z.string(), z.unknown()).nullable(),
  scope: z.string().nullable(),
  resources: z.array(z.unknown()).nullable(),
  notes: z.string().nullable(),
  status: z.enum(['submitted', 'processing', 'completed', 'rejected', 'withdrawn']),
  warnings: z.array(z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()) })),
  lockedOrder: z.boolean(),
  assigneeId: z.string().nullable().optional(),
  rejectReason: z.string().nullable(),
  submittedAt: z.string(),
  acceptedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  rejectedAt: z.string().nullable(),
  withdrawnAt: z.string().nullable(),
  evaluation: z
    .object({
      responseSpeed: z.number(),
      deliverableQuality: z.number(),
      feedback: z.string().nullable(),
      evaluatedAt: z.string(),
    })
    .nullable(),
});
named(ZServiceRequestOut, 'ServiceRequest', 'A service request (服务单) with its window, state and evaluation');
const ZDeliverableOut = z.object({
  id: z.string(),
  filename: z.string(),
  contentType: z.string(),
  sizeBytes: z.number(),
  sha256: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
});
named(ZDeliverableOut, 'Deliverable', 'A file staff delivered for a service request');

const ZServiceRequestStarts = named(
  z.object({
    accountId: z.string(),
    applicationDate: ZDate,
    timeZone: z.string(),
    services: z.array(
      z.object({
        type: z.enum(SERVICE_TYPES),
        protectionLevel: z.number().int().nullable(),
        earliestStart: ZDate,
        leadTime: z
          .object({
            count: z.number().int(),
            unit: z.enum(['days', 'working_days']),
            advisory: z.boolean(),
          })
          .nullable(),
        startsOnWorkingDay: z.boolean(),
      }),
    ),
  }),
  'ServiceRequestStarts',
  'The earliest allowed start date of each service the account can apply for',
);

export function registerServiceRequestRoutes(app: App, deps: ServiceRequestsDeps): void {
  const tags = ['service-requests'];
  app.post(
    '/api/v1/service-requests',
    {
      schema: {
        operationId: 'applyForServiceRequest',
        tags,
        summary: 'Apply for a value-added service (allowance, lead time, duration, order lock)',
        body: z.object({
          accountId: z
            .string()
            .min(1)
            .optional()
            .describe(
              'Left out: the account of a customer key or session that sees exactly one account; a master that also sees sub accounts, and staff, name it (VALIDATION_FAILED)',
            ),
          type: z.enum(SERVICE_TYPES),
          protectionLevel: z.number().int().min(1).max(3).optional(),
          start: ZDate,
          // Any number: the duration rule is the domain's (zero, negative, a fraction the service does not take, or
          // more than its maximum is DURATION_NOT_ALLOWED, never a schema error).
          days: z
            .number()
            .describe('whole days (half days where the service is not wholeDays); otherwise DURATION_NOT_ALLOWED'),
          scenario: z.string().max(100).optional(),
          deliveryMethod: z.enum(['email', 'online', 'onsite']).optional(),
          contact: z
            .object({
              name: z.string().min(1).max(200),
              phone: z.string().max(40).optional(),
              email: z.string().email().optional(),
            })
            .optional(),
          scope: z.string().max(2000).optional(),
          resources: z.array(z.string().max(200)).max(200).optional(),
          notes: z.string().max(2000).optional(),
          origin: z.enum(['application', 'proactive']).optional().describe('staff only: proactive'),
        }),
        response: { 201: ZServiceRequestOut, ...errors(403, 404, 409, 422) },
      },
    },
    async (req, reply) => reply.status(201).send(await applyForService(deps, principalOf(req), req.body)),
  );
  app.get(
    '/api/v1/service-requests',
    {
      schema: {
        operationId: 'listServiceRequests',
        tags,
        summary: 'My service requests: 10 a page, newest first',
        querystring: ZPageQuery.extend({
          accountId: z.string().optional(),
          type: z.string().optional(),
          status: z.string().optional(),
        }),
        response: { 200: ZPageOf(ZServiceRequestOut), ...errors(404) },
      },
    },
    async (req) => listServiceRequests(deps, principalOf(req), req.query),
  );
  app.get(
    '/api/v1/accounts/:id/service-request-starts',
    {
      schema: {
        operationId: 'getEarliestServiceRequestStarts',
        tags,
        summary: 'The earliest start of each service the account can apply for (lead times, working days)',
        description:
          'For the application form: today in the account’s time zone and, per service its level offers on application (and per protection level), the earliest start date its lead time allows on the account’s working-day calendar. An application still gets its own answer (LEAD_TIME_TOO_SHORT, LEAD_TIME_ADVISED).',
        params: ZIdParam,
        response: {
          200: ZServiceRequestStarts,
          ...errors(404),
        },
      },
    },
    async (req) => earliestStarts(deps, principalOf(req), req.params.id),
  );
  app.get(
    '/api/v1/service-requests/:id',
    {
      schema: {
        operationId: 'getServiceRequest',
        summary: 'A service request with its history',
        tags,
        params: ZIdParam,
        response: {
          200: ZServiceRequestOut.extend({
            events: z.array(
              z.object({
                id: z.string(),
                kind: z.string(),
                actor: z.string(),
                data: z.record(z.string(), z.unknown()),
                at: z.string(),
              }),
            ),
          }),
          ...errors(404),
        },
      },
    },
    async (req) => getServiceRequest(deps, principalOf(req), req.params.id),
  );
  for (const action of ['accept', 'complete', 'reject', 'withdraw'] as const) {
    app.post(
      `/api/v1/service-requests/:id/${action}`,
      {
        schema: {
          operationId: `${action}ServiceRequest`,
          tags,
          summary:
            action === 'withdraw'
              ? 'Withdraw before processing (customer); the allowance is given back'
              : action === 'reject'
                ? 'Reject with a reason (staff); the allowance is given back'
                : action === 'accept'
                  ? 'Accept and start processing (staff), optionally assigning an engineer or TAM'
                  : 'Complete (staff)',
          params: ZIdParam,
          body: z.object({ reason: z.string().max(500).optional(), assigneeId: z.string().optional() }).default({}),
          response: { 200: ZServiceRequestOut, ...errors(403, 404, 409) },
        },
      },
      async (req) => moveServiceRequest(deps, principalOf(req), req.params.id, action, req.body ?? {}),
    );
  }
  app.post(
    '/api/v1/service-requests/:id/reschedule',
    {
      schema: {
        operationId: 'rescheduleServiceRequest',
        tags,
        summary:
          'Staff move a request: new start and/or delivery method (e.g. an on-site visit goes remote), with a reason',
        params: ZIdParam,
        body: z.object({
          start: ZDate.optional(),
          deliveryMethod: z.enum(['email', 'online', 'onsite']).optional(),
          reason: z.string().min(1).max(500),
        }),
        response: { 200: ZServiceRequestOut, ...errors(403, 404, 409, 422) },
      },
    },
    async (req) => rescheduleServiceRequest(deps, principalOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/v1/service-requests/:id/evaluation',
    {
      schema: {
        operationId: 'evaluateServiceRequest',
        tags,
        summary:
          'Evaluate a completed request once: response speed and deliverable quality 1–5, feedback ≤ 500 characters',
        params: ZIdParam,
        body: z.object({
          responseSpeed: z.number().int().min(1).max(5),
          deliverableQuality: z.number().int().min(1).max(5),
          feedback: z.string().optional(),
        }),
        response: { 200: ZServiceRequestOut, ...errors(403, 404, 409) },
      },
    },
    async (req) => evaluateServiceRequest(deps, principalOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/v1/service-requests/:id/deliverables',
    {
      schema: {
        operationId: 'addDeliverable',
        tags,
        summary: 'Attach a deliverable (staff; JSON with base64 content)',
        params: ZIdParam,
        body: z.object({
          filename: z.string().min(1).max(255),
          contentType: z.string().min(3).max(200),
          contentBase64: z.string().min(1),
        }),
        response: { 201: ZDeliverableOut, ...errors(403, 404, 409) },
      },
    },
    async (req, reply) => reply.status(201).send(await addDeliverable(deps, principalOf(req), req.params.id, req.body)),
  );
  // A list like every list (API conventions): a page of the request's deliverables, oldest first.
  app.get(
    '/api/v1/service-requests/:id/deliverables',
    {
      schema: {
        operationId: 'listDeliverables',
        summary: 'The request’s deliverables',
        tags,
        params: ZIdParam,
        querystring: ZPageQuery,
        response: { 200: ZPageOf(ZDeliverableOut), ...errors(404) },
      },
    },
    async (req) => pageInMemory((await listDeliverables(deps, principalOf(req), req.params.id)).items, req.query),
  );
  app.get(
    '/api/v1/service-requests/:id/deliverables/:deliverableId',
    {
      schema: {
        operationId: 'downloadDeliverable',
        tags,
        summary: 'Download a deliverable',
        params: z.object({ id: z.string(), deliverableId: z.string() }),
        response: { 200: fileDownload, ...errors(404) },
      },
    },
    async (req, reply) =>
      sendFile(reply, await downloadDeliverable(deps, principalOf(req), req.params.id, req.params.deliverableId)),
  );
}
