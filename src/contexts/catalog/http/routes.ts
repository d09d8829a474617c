/** GET /api/v1/catalog: the loaded catalog — levels in rank order with entitlements, quotas and prices (R-CAT). */
import { z } from 'zod';
import type { App } from '../../../platform/http/app.js';
import type { Deps } from '../../../platform/deps.js';
import { errors, named } from '../../../platform/http/schemas.js';
import { ZAllowance, ZCatalog, ZLevel, ZPricing, ZServiceDefinition } from '../../../domain/catalog/catalog-schema.js';

/**
 * The wire form is the catalog file's own schema (R-CAT: levels with entitlements, quotas, allowances and prices),
 * plus the values the catalog marks as placeholders.
 */
export const ZCatalogOut = ZCatalog.extend({
  placeholders: z.array(z.object({ path: z.string(), note: z.string().nullable() })),
});
named(ZLevel, 'Level', 'A support level: what it includes, its targets, quotas, allowances and pricing');
named(ZPricing, 'Pricing', 'How a level is priced: free, a fixed monthly fee, or a base fee plus tiered usage');
named(ZServiceDefinition, 'ServiceDefinition', 'A value-added service type: its form, lead time and durations');
named(ZAllowance, 'Allowance', 'How much of a value-added service a level includes');
named(ZCatalogOut, 'Catalog', 'The loaded plan catalog: levels in rank order with everything they include');

export function registerCatalogRoutes(app: App, deps: Deps): void {
  const body = { ...deps.catalog.def, placeholders: deps.catalog.placeholders() };
  app.get(
    '/api/v1/catalog',
    {
      config: { public: true },
      schema: {
        operationId: 'getCatalog',
        tags: ['catalog'],
        summary: 'The loaded plan catalog (public)',
        response: { 200: ZCatalogOut, ...errors() },
      },
    },
    async () => body,
  );
}
