/** The cloud side in (R-OA-1): POST /api/v1/resources and /metrics, for an integration key or the admin. */
import type { App } from '../../../platform/http/app.js';
import { principalOf } from '../../../platform/http/auth-plugin.js';
import { errors, ZIdParam } from '../../../platform/http/schemas.js';
import { ZPageOf, ZPageQuery } from '../../../platform/pagination.js';
import { z } from 'zod';
import type { AdvisorDeps } from '../ports.js';
import { ingestMetrics } from '../use-cases/ingest-metrics.js';
import { ingestResources } from '../use-cases/ingest-resources.js';
import { listAccountResources } from '../use-cases/resources.js';
import { ZMetricsIn, ZMetricsOut, ZResourceOut, ZResourcesIn, ZResourcesOut } from './schemas.js';

export function registerIngestRoutes(app: App, deps: AdvisorDeps): void {
  const tags = ['advisor'];
  app.post(
    '/api/v1/resources',
    {
      config: { integration: true },
      schema: {
        tags,
        operationId: 'ingestResources',
        summary:
          'Resource inventory in (integration key or admin): upserted by id, all or nothing; fullSync marks the rest gone',
        body: ZResourcesIn,
        response: { 200: ZResourcesOut, ...errors(403) },
      },
    },
    async (req) => ingestResources(deps, principalOf(req), req.body),
  );
  app.post(
    '/api/v1/metrics',
    {
      config: { integration: true },
      schema: {
        tags,
        operationId: 'ingestMetrics',
        summary:
          'Utilisation samples in (integration key or admin): all or nothing, idempotent on resource + metric + time',
        body: ZMetricsIn,
        response: { 200: ZMetricsOut, ...errors(403) },
      },
    },
    async (req) => ingestMetrics(deps, principalOf(req), req.body),
  );
  app.get(
    '/api/v1/accounts/:id/resources',
    {
      schema: {
        tags,
        operationId: 'listAccountResources',
        summary: 'The account’s resource inventory (present ones unless includeGone), by type or resource group',
        params: ZIdParam,
        querystring: ZPageQuery.extend({
          type: z.string().max(64).optional(),
          groupId: z.string().max(100).optional(),
          includeGone: z.stringbool().optional(),
        }),
        response: { 200: ZPageOf(ZResourceOut), ...errors(403, 404) },
      },
    },
    async (req) => {
      const { page, pageSize, ...q } = req.query;
      return listAccountResources(deps, principalOf(req), req.params.id, q, { page, pageSize });
    },
  );
}
