/** Incident support (优护计划, R-NTF-2). */
import { z } from 'zod';
import type { App } from '../../../platform/http/app.js';
import { principalOf } from '../../../platform/http/auth-plugin.js';
import { errors, named, ZIdParam, ZNamesOut } from '../../../platform/http/schemas.js';
import { ZPageOf, ZPageQuery } from '../../../platform/pagination.js';
import {
  addIncidentUpdate,
  getIncident,
  listIncidents,
  publishIncident,
  type IncidentsDeps,
} from '../use-cases/incidents.js';

const ZNamesIn = z.object({ 'zh-CN': z.string().min(1).max(5000), 'en-US': z.string().min(1).max(5000) });
const ZIncidentOut = z.object({
  id: z.string(),
  kind: z.string(),
  level: z.number(),
  title: ZNamesOut,
  summary: ZNamesOut,
  guidance: ZNamesOut,
  affectedRegions: z.array(z.string()),
  affectedServices: z.array(z.string()),
  status: z.string(),
  publishedAt: z.string(),
  updatedAt: z.string(),
  resolvedAt: z.string().nullable(),
});
named(ZIncidentOut, 'Incident', 'An industry incident or platform change (优护计划)');

export function registerIncidentRoutes(app: App, deps: IncidentsDeps): void {
  const tags = ['incidents'];
  app.post(
    '/api/v1/incidents',
    {
      schema: {
        operationId: 'publishIncident',
        tags,
        summary:
          'Publish an industry incident or platform change; entitled affected accounts are notified once each (staff)',
        body: z.object({
          kind: z.enum(['industry', 'platform_change']),
          level: z.number().int().min(1).max(3),
          title: ZNamesIn,
          summary: ZNamesIn,
          guidance: ZNamesIn,
          affectedRegions: z.array(z.string()).max(200).optional(),
          affectedServices: z.array(z.string()).max(200).optional(),
        }),
        response: { 201: ZIncidentOut.extend({ notifiedAccounts: z.number() }), ...errors(403) },
      },
    },
    async (req, reply) => reply.status(201).send(await publishIncident(deps, principalOf(req), req.body)),
  );
  app.post(
    '/api/v1/incidents/:id/updates',
    {
      schema: {
        operationId: 'postIncidentUpdate',
        tags,
        summary: 'Post an update (optionally resolving); the notified accounts hear of it',
        params: ZIdParam,
        body: z.object({ body: ZNamesIn, resolve: z.boolean().optional() }),
        response: { 201: ZIncidentOut.extend({ notifiedAccounts: z.number() }), ...errors(403, 404, 409) },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await addIncidentUpdate(deps, principalOf(req), req.params.id, req.body)),
  );
  app.get(
    '/api/v1/incidents',
    {
      schema: {
        operationId: 'listIncidents',
        tags,
        summary: 'Incidents (customers: those they were notified of)',
        querystring: ZPageQuery,
        response: { 200: ZPageOf(ZIncidentOut), ...errors() },
      },
    },
    async (req) => listIncidents(deps, principalOf(req), req.query),
  );
  app.get(
    '/api/v1/incidents/:id',
    {
      schema: {
        operationId: 'getIncident',
        summary: 'An incident with its updates',
        tags,
        params: ZIdParam,
        response: {
          200: ZIncidentOut.extend({
            updates: z.array(z.object({ id: z.string(), body: ZNamesOut, at: z.string() })),
            notifiedAccounts: z.number().optional(),
          }),
          ...errors(404),
        },
      },
    },
    async (req) => getIncident(deps, principalOf(req), req.params.id),
  );
}
