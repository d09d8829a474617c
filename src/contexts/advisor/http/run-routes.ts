/** Runs, findings (and their export) and capacity (R-OA-2). */
import { z } from 'zod';
import type { App } from '../../../platform/http/app.js';
import { sendFile } from '../../../platform/files.js';
import { principalOf } from '../../../platform/http/auth-plugin.js';
import { errors, ZIdParam } from '../../../platform/http/schemas.js';
import { ZPageOf, ZPageQuery } from '../../../platform/pagination.js';
import type { AdvisorDeps } from '../ports.js';
import { exportFindings, listAccountFindings } from '../use-cases/findings.js';
import { capacity } from '../use-cases/resources.js';
import { getRun, listAccountRuns, startRun, type RunTracker } from '../use-cases/runs.js';
import { ZCapacityOut, ZFindingOut, ZFindingsQuery, ZRunOut } from './schemas.js';

export function registerRunRoutes(app: App, deps: AdvisorDeps, tracker: RunTracker): void {
  const tags = ['advisor'];
  app.post(
    '/api/v1/accounts/:id/advisor/runs',
    {
      schema: {
        tags,
        operationId: 'startAdvisorRun',
        summary: 'Run the checks now; answers with the completed run (authorization first)',
        params: ZIdParam,
        response: { 201: ZRunOut, ...errors(403, 404, 409) },
      },
    },
    async (req, reply) => reply.status(201).send(await startRun(deps, tracker, principalOf(req), req.params.id)),
  );
  app.get(
    '/api/v1/accounts/:id/advisor/runs',
    {
      schema: {
        tags,
        operationId: 'listAdvisorRuns',
        summary: 'The month of check history, newest first (trigger manual or schedule)',
        params: ZIdParam,
        querystring: ZPageQuery,
        response: { 200: ZPageOf(ZRunOut), ...errors(403, 404) },
      },
    },
    async (req) => listAccountRuns(deps, principalOf(req), req.params.id, req.query),
  );
  app.get(
    '/api/v1/accounts/:id/advisor/runs/:runId',
    {
      schema: {
        tags,
        operationId: 'getAdvisorRun',
        summary: 'One run with its summary by dimension and severity',
        params: ZIdParam.extend({ runId: z.string().min(1).max(100) }),
        response: { 200: ZRunOut, ...errors(403, 404) },
      },
    },
    async (req) => getRun(deps, principalOf(req), req.params.id, req.params.runId),
  );
  app.get(
    '/api/v1/accounts/:id/advisor/findings',
    {
      schema: {
        tags,
        operationId: 'listAdvisorFindings',
        summary: 'Findings (current ones, or a run’s), most severe first; format=csv|xlsx exports them',
        params: ZIdParam,
        querystring: ZPageQuery.extend(ZFindingsQuery.shape),
        response: {
          200: ZPageOf(ZFindingOut).describe('JSON; with format=csv or xlsx the whole list as a file'),
          ...errors(403, 404),
        },
      },
    },
    async (req, reply) => {
      const { page, pageSize, format, ...q } = req.query;
      if (format === 'csv' || format === 'xlsx') {
        const file = await exportFindings(deps, principalOf(req), req.params.id, q, format);
        return sendFile(reply, {
          ...file,
          data: Buffer.isBuffer(file.body) ? file.body : Buffer.from(file.body, 'utf8'),
        });
      }
      return listAccountFindings(deps, principalOf(req), req.params.id, q, { page, pageSize });
    },
  );
  app.get(
    '/api/v1/accounts/:id/advisor/capacity',
    {
      schema: {
        tags,
        operationId: 'getAdvisorCapacity',
        summary: 'Utilisation per resource over the last days (容量), optionally of one resource group',
        params: ZIdParam,
        querystring: z.object({
          groupId: z.string().min(1).max(100).optional(),
          days: z.coerce.number().int().min(1).max(30).default(7),
        }),
        response: { 200: ZCapacityOut, ...errors(403, 404) },
      },
    },
    async (req) => capacity(deps, principalOf(req), req.params.id, req.query),
  );
}
