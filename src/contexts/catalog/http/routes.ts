/** GET /api/v1/catalog: the loaded catalog — levels in rank order with entitlements, quotas and prices (R-CAT). */
import { z } from 'zod';
import type { App } from '../../../app/http-types.js';
import type { Deps } from '../../../platform/deps.js';
import { errors } from '../../../platform/http/schemas.js';

export const ZCatalogOut = z
  .object({
    id: z.string(),
    version: z.string(),
    currency: z.object({ code: z.string(), minorUnits: z.number() }),
    timeZone: z.string(),
    levels: z.array(z.object({ id: z.string(), rank: z.number(), isDefault: z.boolean() }).passthrough()),
    placeholders: z.array(z.object({ path: z.string(), note: z.string().nullable() })),
  })
  .passthrough();

export function registerCatalogRoutes(app: App, deps: Deps): void {
  const body = { ...deps.catalog.def, placeholders: deps.catalog.placeholders() };
  app.get(
    '/api/v1/catalog',
    {
      config: { public: true },
      schema: {
        tags: ['catalog'],
        summary: 'The loaded plan catalog (public)',
        response: { 200: ZCatalogOut, ...errors() },
      },
    },
    async () => body,
  );
}
