/**
 * The OpenAPI 3.1 document served at GET /api/v1/openapi.json (R-UI-2): what the routes' zod schemas say, plus what
 * holds for every route (the Idempotency-Key of POSTs, Retry-After on 429), the catalog's ids as enums, the webhook
 * events (`webhooks`) and `servers`. Components come from the schemas named with `.meta({ id })`; the ones no
 * operation or webhook uses are left out. The console's typed client is generated from this document
 * (`npm run api:generate` → web/src/api/schema.d.ts).
 */
import type { FastifyDynamicSwaggerOptions, SwaggerTransform, SwaggerTransformObject } from '@fastify/swagger';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import type { Catalog } from '../domain/catalog/catalog.js';
import type { Config } from '../platform/config.js';
import type { CatalogIdKind } from '../platform/http/schemas.js';
import { WEBHOOK_DOCS } from '../contexts/notifications/http/webhook-events.js';

type Json = Record<string, unknown>;
type Operation = {
  operationId?: string;
  parameters?: unknown[];
  responses?: Record<string, Json>;
};
type Document = Json & { paths?: Record<string, Record<string, Operation>>; components?: Json; webhooks?: Json };

/** The ids of one kind that the loaded catalog defines (the enums of the `x-tierdesk-catalog` components). */
export function catalogIds(catalog: Catalog, kind: CatalogIdKind): string[] {
  const def = catalog.def;
  switch (kind) {
    case 'levels':
      return def.levels.map((l) => l.id);
    case 'severities':
      return def.severities.map((s) => s.id);
    case 'channels':
      return def.channels.map((c) => c.id);
    case 'serviceHours':
      return Object.keys(def.serviceHours);
    case 'handlers':
      return def.handlers.map((h) => h.id);
    case 'notificationChannels':
      return def.notificationChannels.map((n) => n.id);
    case 'features':
      return def.features.map((f) => f.id);
    case 'regions':
      return def.regions.map((r) => r.id);
    case 'unsubscribeReasons':
      return def.unsubscribeReasons.map((r) => r.id);
    case 'addOns':
      return def.addOns.map((a) => a.id);
    case 'quotas': {
      // The counters of service-requests/domain/allowance.ts: service:<type>[:proactive][:level_<n>].
      const ids = new Set<string>();
      for (const level of def.levels) {
        for (const q of level.quotas) ids.add(q.id);
        for (const a of level.allowances) {
          const bases = [
            `service:${a.service}`,
            ...(a.delivery.includes('proactive') ? [`service:${a.service}:proactive`] : []),
          ];
          const pls = [...(a.protectionLevels ?? []), ...Object.keys(a.perProtectionLevel ?? {}).map(Number)];
          for (const base of bases) {
            ids.add(base);
            for (const pl of pls) ids.add(`${base}:level_${pl}`);
          }
        }
      }
      return [...ids].sort();
    }
  }
}

const IDEMPOTENCY_KEY = {
  in: 'header',
  name: 'Idempotency-Key',
  required: false,
  schema: { type: 'string', minLength: 1, maxLength: 255 },
  description:
    'Same key and request within 24 hours: the first response again, nothing done twice. Same key, another request: 409 IDEMPOTENCY_CONFLICT.',
};

/**
 * Every POST takes an Idempotency-Key (platform/http/idempotency.ts): the document says so on each, with the 409 a
 * reused key answers (the error body of the operation's 400).
 */
function documentIdempotency(doc: Document): void {
  for (const item of Object.values(doc.paths ?? {})) {
    const op = item.post;
    if (!op) continue;
    op.parameters = [...(op.parameters ?? []), { ...IDEMPOTENCY_KEY }];
    const responses = (op.responses ??= {});
    if (!responses['409'] && responses['400'])
      responses['409'] = {
        ...responses['400'],
        description: 'IDEMPOTENCY_CONFLICT (a reused Idempotency-Key), or a state the operation refuses',
      };
  }
}

/** A body that is not JSON is 415 UNSUPPORTED_MEDIA_TYPE wherever a body may be sent (platform/http/input-guard.ts). */
function documentMediaType(doc: Document): void {
  for (const item of Object.values(doc.paths ?? {}))
    for (const method of ['post', 'put', 'patch']) {
      const responses = item[method]?.responses;
      if (responses?.['400'] && !responses['415'])
        responses['415'] = {
          ...responses['400'],
          description: 'UNSUPPORTED_MEDIA_TYPE: a body sent without Content-Type: application/json',
        };
    }
}

/** RATE_LIMITED answers carry Retry-After (platform/http/error-handler.ts). */
function documentRetryAfter(doc: Document): void {
  for (const item of Object.values(doc.paths ?? {}))
    for (const op of Object.values(item)) {
      const r429 = op.responses?.['429'];
      if (r429) {
        r429.description = 'RATE_LIMITED: too many requests from one key; retry after Retry-After seconds';
        r429.headers = { 'Retry-After': { $ref: '#/components/headers/RetryAfter' } };
      }
    }
}

/** The `x-tierdesk-catalog` components get the loaded catalog's ids as their enum. */
function fillCatalogEnums(schemas: Record<string, Json>, catalog: Catalog): void {
  for (const schema of Object.values(schemas)) {
    const kind = schema['x-tierdesk-catalog'] as CatalogIdKind | undefined;
    if (kind) schema.enum = catalogIds(catalog, kind);
  }
}

/** Leaves out the components nothing reaches from the paths and webhooks. */
function pruneComponents(doc: Document, schemas: Record<string, Json>): Record<string, Json> {
  const reached = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith('#/components/schemas/')) {
        const id = v.slice('#/components/schemas/'.length);
        if (!reached.has(id)) {
          reached.add(id);
          walk(schemas[id]);
        }
      } else walk(v);
    }
  };
  walk(doc.paths);
  walk(doc.webhooks);
  return Object.fromEntries(
    Object.entries(schemas)
      .filter(([id]) => reached.has(id))
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}

function webhooks(): Json {
  const headers = [
    ['webhook-id', 'The event id (evt_…): the same for every attempt of one event, for dropping duplicates'],
    ['webhook-timestamp', 'Unix seconds of this attempt'],
    ['webhook-signature', 'v1,<base64 HMAC-SHA256 of "id.timestamp.body"> keyed with the endpoint secret'],
  ].map(([name, description]) => ({ in: 'header', name, required: true, schema: { type: 'string' }, description }));
  return Object.fromEntries(
    WEBHOOK_DOCS.map((w) => [
      w.type,
      {
        post: {
          operationId: w.operationId,
          tags: ['webhooks'],
          summary: w.summary,
          description:
            'Sent to each active endpoint of the account subscribed to this type, signed as Standard Webhooks say; retried with backoff until the endpoint answers 2xx.',
          parameters: headers,
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: `#/components/schemas/${w.schemaId}` } } },
          },
          responses: { '200': { description: 'Received (any 2xx)' } },
        },
      },
    ]),
  );
}

/**
 * A route the auth plugin lets through without a credential (`config: { public: true }`: the catalog — a public
 * price list —, sign-in, the payment system's callback) is `security: []` in the document, so the document and the
 * server agree on which operations need a token (test/http/openapi.test.ts calls every operation without one).
 */
const publicRoutesUnsecured: SwaggerTransform = (input) => {
  const out = jsonSchemaTransform(input as Parameters<typeof jsonSchemaTransform>[0]);
  const config = input.route.config as { public?: boolean } | undefined;
  return config?.public === true ? { ...out, schema: { ...out.schema, security: [] } } : out;
};

export function openApiOptions(catalog: Catalog, config: Config): FastifyDynamicSwaggerOptions {
  const transformObject: SwaggerTransformObject = (input) => {
    if (!('openapiObject' in input)) return input.swaggerObject;
    const doc = jsonSchemaTransformObject(input) as Document;
    documentIdempotency(doc);
    documentMediaType(doc);
    documentRetryAfter(doc);
    doc.webhooks = webhooks();
    const components = (doc.components ??= {});
    const schemas = (components.schemas ?? {}) as Record<string, Json>;
    fillCatalogEnums(schemas, catalog);
    components.schemas = pruneComponents(doc, schemas);
    return doc as ReturnType<SwaggerTransformObject>;
  };
  return {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Tierdesk',
        version: '1',
        summary: 'Tiered support plans: catalogs, plans and orders, tickets with SLAs, value-added services, billing',
        description: [
          `Tiered support plans of ${catalog.def.names['en-US']} (catalog ${catalog.id} ${catalog.def.version}).`,
          'Money is `{ amount, currency }` with a decimal string; times are ISO 8601 with offset; lists are pages',
          '`{ items, page, pageSize, total }`; errors are `{ error: { code, message, details } }` with the codes of',
          'docs/API.md. Enums marked `x-tierdesk-catalog` list the ids of the loaded catalog.',
        ].join(' '),
        license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
      },
      servers: [{ url: config.publicUrl ?? '/', description: 'This Tierdesk server' }],
      tags: [
        ['platform', 'The document, health and the test clock'],
        ['test-clock', 'The test clock (only with --test-clock)'],
        ['catalog', 'The loaded plan catalog'],
        ['accounts', 'Customer accounts, their users and API keys'],
        ['staff', 'Staff users, sessions, the queue and staff actions'],
        ['sessions', 'Console sign-in: sessions, passwords, one-time links'],
        ['plans', 'Plans, quotes, orders, sharing, linked accounts'],
        ['payments', 'Paying orders, the balance ledger, vouchers and the payment system’s callback'],
        ['notifications', 'The message center'],
        ['webhooks', 'Webhook endpoints and the events they receive'],
        ['tickets', 'Tickets and the ticket management API'],
        ['calendars', 'Holiday calendars'],
        ['service-requests', 'Value-added services (服务单)'],
        ['incidents', 'Industry incidents and platform changes (优护计划)'],
        ['billing', 'Usage records and bills'],
      ].map(([name, description]) => ({ name: name!, description: description! })),
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'The admin token, an API key or a session token' },
          session: {
            type: 'apiKey',
            in: 'cookie',
            name: 'tierdesk_session',
            description: 'The console session cookie (POST /api/v1/sessions); writes also need X-CSRF-Token',
          },
        },
        headers: {
          RetryAfter: { description: 'Seconds to wait before retrying', schema: { type: 'integer', minimum: 0 } },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: publicRoutesUnsecured,
    transformObject,
  };
}
