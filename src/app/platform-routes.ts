/** Health, the OpenAPI document and the test clock (API.md). */
import { z } from 'zod';
import type { Database } from '../platform/db.js';
import type { Deps } from '../platform/deps.js';
import { DomainError } from '../platform/errors.js';
import { principalOf } from '../platform/http/auth-plugin.js';
import { errors, ZInstant } from '../platform/http/schemas.js';
import type { Scheduler } from '../platform/scheduler.js';
import type { TestClock } from '../platform/clock.js';
import { setSetting } from '../platform/settings.js';
import type { App } from '../platform/http/app.js';
import type { AppMetrics } from '../platform/metrics.js';
import type { Readiness } from './build-app.js';

const ZNow = z.object({ now: z.string() });

export function registerPlatformRoutes(
  app: App,
  ctx: {
    deps: Deps;
    scheduler: Scheduler;
    testClock: TestClock | null;
    database: Database;
    readiness: () => Promise<Readiness>;
    metrics: AppMetrics;
  },
): void {
  // Issue 17 (API.md "Operations"): probes for a load balancer and an orchestrator, outside /api/v1 and the
  // document. /healthz: the process answers. /readyz: 200 when it can serve, 503 with the reasons when not (the
  // database away, migrations pending) — a probe's answer, not an API error.
  app.get('/healthz', { config: { public: true }, schema: { hide: true } as never }, async () => ({ ok: true }));
  app.get('/readyz', { config: { public: true }, schema: { hide: true } as never }, async (_req, reply) => {
    const r = await ctx.readiness();
    return reply.status(r.ready ? 200 : 503).send(r as never);
  });
  // Prometheus text format; the admin token unless TIERDESK_METRICS_PUBLIC=1.
  app.get('/metrics', { config: { public: true }, schema: { hide: true } as never }, async (req, reply) => {
    if (!ctx.deps.config.metricsPublic) {
      const principal = principalOf(req);
      if (principal.role !== 'provider_admin') throw new DomainError('FORBIDDEN', { requiredRole: 'provider_admin' });
    }
    const text = await ctx.metrics.text();
    return reply.header('content-type', ctx.metrics.contentType).send(text);
  });
  // API.md: everything in the contract appears in the document, this route included.
  app.get(
    '/api/v1/openapi.json',
    {
      config: { public: true },
      schema: {
        operationId: 'getOpenApiDocument',
        tags: ['platform'],
        summary: 'This OpenAPI 3.1 document (public)',
        security: [],
        response: { 200: z.record(z.string(), z.unknown()), ...errors() },
      },
    },
    async () => app.swagger() as unknown as Record<string, unknown>,
  );

  const requireClock = (): TestClock => {
    if (!ctx.testClock)
      throw new DomainError('NOT_FOUND', { route: 'test-clock' }, 'The server runs without --test-clock.');
    return ctx.testClock;
  };
  app.get(
    '/api/v1/test-clock',
    {
      schema: {
        operationId: 'getTestClock',
        tags: ['test-clock'],
        summary: 'The test clock (only with --test-clock; 404 otherwise)',
        response: { 200: ZNow, ...errors(404) },
      },
    },
    async () => ({
      now: requireClock().now().toISOString(),
    }),
  );
  app.put(
    '/api/v1/test-clock',
    {
      schema: {
        operationId: 'setTestClock',
        tags: ['test-clock'],
        summary: 'Move the test clock forward; work due by then is done before this answers (admin)',
        body: z.object({ now: ZInstant.describe('The new time, with its offset (Z or ±hh:mm)') }),
        response: { 200: ZNow, ...errors(403, 404, 409) },
      },
    },
    async (req) => {
      const clock = requireClock();
      const principal = principalOf(req);
      if (principal.role !== 'provider_admin') throw new DomainError('FORBIDDEN', { requiredRole: 'provider_admin' });
      const target = new Date(req.body.now);
      if (target.getTime() < clock.now().getTime()) {
        throw new DomainError(
          'INVALID_STATE',
          { now: clock.now().toISOString(), requested: target.toISOString() },
          'The test clock only moves forward.',
        );
      }
      await ctx.scheduler.advance(clock, target, (at) => setSetting(ctx.deps.db, 'test_clock', at.toISOString()));
      return { now: clock.now().toISOString() };
    },
  );
}
