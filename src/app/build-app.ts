/**
 * The one composition root (STYLE §9): config → logger → catalog → database → clock → outbox → scheduler → HTTP.
 * The server, the worker and the tests all wire through here.
 */
import { createHash } from 'node:crypto';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyReply, type FastifyRequest } from 'fastify';
import fastifySwagger from '@fastify/swagger';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from '../platform/config.js';
import { createLogger, type Logger } from '../platform/logger.js';
import { openDatabase, type Database } from '../platform/db.js';
import { systemClock, TestClock, TEST_CLOCK_START, type Clock } from '../platform/clock.js';
import { OutboxDispatcher } from '../platform/outbox.js';
import { Scheduler } from '../platform/scheduler.js';
import { runDataMigrations } from '../platform/data-migrations.js';
import { Jobs } from '../platform/jobs.js';
import type { Deps } from '../platform/deps.js';
import { frameworkErrorOptions, installErrorHandler } from '../platform/http/error-handler.js';
import { clientRequestIdLogger, installInputGuard } from '../platform/http/input-guard.js';
import { installAuth, principalOf } from '../platform/http/auth-plugin.js';
import { ADMIN_PRINCIPAL } from '../platform/http/principal.js';
import { installIdempotency, purgeIdempotencyKeys } from '../platform/http/idempotency.js';
import { FailureLimiter, RateLimiter } from '../platform/http/rate-limit.js';
import { newId } from '../platform/ids.js';
import {
  AUTH_CHANNEL,
  listenForChanges,
  notifyAuthChange,
  notifyPlanChange,
  PLAN_CHANNEL,
  type ChangeListener,
} from '../platform/change-feed.js';
import { getSetting, setSetting } from '../platform/settings.js';
import type { Catalog } from '../contexts/catalog/domain/catalog.js';
import { loadCatalog } from '../contexts/catalog/use-cases/load-catalog.js';
import { registerCatalogRoutes } from '../contexts/catalog/http/routes.js';
import { authenticate, TokenCache } from '../contexts/accounts/use-cases/authenticate.js';
import { registerAccountRoutes } from '../contexts/accounts/http/routes.js';
import { createUserDirectory } from '../contexts/accounts/index.js';
import { createIdentityModule, type IdentityModule } from '../contexts/identity/index.js';
import { EMAIL_TOPIC } from '../contexts/notifications/domain/effects.js';
import { registerSubscriptionRoutes } from '../contexts/subscriptions/http/routes.js';
import { expireUnpaidOrdersSweep } from '../contexts/subscriptions/jobs/expire-unpaid-orders.js';
import { renewalsSweep } from '../contexts/subscriptions/jobs/renewals.js';
import { PlanCache } from '../contexts/subscriptions/use-cases/plan-cache.js';
import { wireNotifications } from '../contexts/notifications/wire.js';
import { webhookIndex } from '../contexts/notifications/use-cases/webhook-index.js';
import { hasTicketApi, requireTicketApi } from '../contexts/tickets/use-cases/ticket-access.js';
import { visibleAccountAndPlan } from '../contexts/subscriptions/use-cases/load-plan.js';
import { registerTicketRoutes } from '../contexts/tickets/http/routes.js';
import { slaSweep } from '../contexts/tickets/jobs/sla-sweep.js';
import { recomputeDeadlinesMigration } from '../contexts/tickets/use-cases/recompute-deadlines.js';
import { bootstrapSecrets, type Secrets } from './bootstrap.js';
import { ticketsDeps } from './wire-tickets.js';
import { wireCalendars } from '../contexts/calendars/wire-calendars.js';
import { wireServiceRequests } from '../contexts/service-requests/wire.js';
import { wireBilling } from '../contexts/billing/wire.js';
import { serviceAllowanceQuotas } from '../contexts/service-requests/use-cases/allowance-quotas.js';
import { registerPlatformRoutes } from './platform-routes.js';
import { createAdvisorModule } from '../contexts/advisor/index.js';
import { advisorPorts } from './advisor-ports.js';
import type { App } from './http-types.js';
import { openApiOptions } from './openapi-document.js';
import { consoleDistDir, consoleFallback } from './console.js';

export interface Tierdesk {
  readonly config: Config;
  readonly log: Logger;
  readonly database: Database;
  readonly catalog: Catalog;
  readonly clock: Clock;
  readonly deps: Deps;
  readonly scheduler: Scheduler;
  readonly outbox: OutboxDispatcher;
  readonly jobs: Jobs;
  readonly http: App;
  readonly secrets: Secrets;
  /** Sign-in and sessions (the demo sets its logins' passwords through it). */
  readonly identity: IdentityModule;
  /** Starts pg-boss schedules and workers (after the server listens, so they never delay readiness). */
  startJobs(): Promise<void>;
  /** True when this start created the database (first start). */
  readonly isNewDatabase: boolean;
  close(): Promise<void>;
}

/** One log line per request, when it completes, with what fastify's two lines carried (method, URL, status, time). */
class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    const line = {
      method: request.method,
      url: request.url,
      statusCode: reply.statusCode,
      responseTime: reply.elapsedTime,
    };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else reply.log.info(line, 'request completed');
  }
}

export interface BuildOptions {
  readonly logger?: Logger;
  /** Use an already open database (tests share one per file). */
  readonly database?: Database;
}

export async function buildApp(config: Config, opts: BuildOptions = {}): Promise<Tierdesk> {
  const log = opts.logger ?? createLogger(config.logLevel);
  // Start-up phases at debug level (start-up time is a bench goal).
  let mark = performance.now();
  const phase = (name: string) => {
    const now = performance.now();
    log.debug({ phase: name, ms: Math.round(now - mark) }, 'start-up phase');
    mark = now;
  };
  // The catalog loads while the database opens (start-up time); a bad catalog closes the database again.
  const opening = opts.database
    ? Promise.resolve(opts.database)
    : openDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  const [catalogResult, databaseResult] = await Promise.allSettled([loadCatalog(config.catalog), opening]);
  if (catalogResult.status === 'rejected') {
    if (databaseResult.status === 'fulfilled' && !opts.database) await databaseResult.value.close();
    throw catalogResult.reason;
  }
  if (databaseResult.status === 'rejected') throw databaseResult.reason;
  const catalog = catalogResult.value;
  const database = databaseResult.value;
  phase('catalog and database');
  const db = database.db;
  let changeFeed: ChangeListener | null = null;
  let authFeed: ChangeListener | null = null;
  try {
    const bound = await getSetting<{ id: string; version: string }>(db, 'catalog');
    if (bound && bound.id !== catalog.id) {
      throw new Error(
        `this database serves the catalog "${bound.id}"; start it with --catalog ${bound.id} (got ${catalog.id})`,
      );
    }
    const isNewDatabase = !bound;
    if (!bound || bound.version !== catalog.def.version)
      await setSetting(db, 'catalog', { id: catalog.id, version: catalog.def.version });

    let clock: Clock = systemClock;
    let testClock: TestClock | null = null;
    if (config.testClock) {
      const stored = await getSetting<string>(db, 'test_clock');
      testClock = new TestClock(stored ? new Date(stored) : TEST_CLOCK_START);
      if (!stored) await setSetting(db, 'test_clock', testClock.now().toISOString());
      clock = testClock;
    }

    const secrets = await bootstrapSecrets(db, config);
    phase('settings and secrets');
    const outbox = new OutboxDispatcher(db, clock, log);
    // The plan cache: coherent by itself on PGlite (one process); on PostgreSQL through LISTEN/NOTIFY.
    const planCache = new PlanCache(database.kind === 'postgres' ? notifyPlanChange : null);
    const readCaches = [planCache, webhookIndex];
    changeFeed =
      database.kind === 'postgres' && config.databaseUrl
        ? await listenForChanges(config.databaseUrl, PLAN_CHANNEL, () => readCaches.forEach((c) => c.invalidate()), log)
        : null;
    const deps: Deps = { db, catalog, clock, log, outbox, config, readCaches, planQuotas: [serviceAllowanceQuotas] };
    // Tokens: cached per process; revocations, disabled users and role changes reach every process (issue 11).
    const tokenCache = new TokenCache(database.kind === 'postgres' ? notifyAuthChange : null);
    authFeed =
      database.kind === 'postgres' && config.databaseUrl
        ? await listenForChanges(config.databaseUrl, AUTH_CHANNEL, () => tokenCache.clear(), log)
        : null;
    const sessionKey = createHash('sha256').update(`tierdesk-session:${secrets.signingSecret}`).digest();
    const identity = createIdentityModule({
      ...deps,
      users: createUserDirectory(deps),
      sessionKey,
      wallClock: () => new Date(),
      mail: ({ dedupeKey, ...payload }) => ({ topic: EMAIL_TOPIC, dedupeKey, tenantId: payload.tenantId, payload }),
    });
    const notifications = wireNotifications({
      ...deps,
      // R-TKT-6: webhooks are part of the ticket management API; each delivery asks the account's level now.
      webhookEntitlement: async ({ accountId }, now) => {
        const { account, plan } = await visibleAccountAndPlan(deps, ADMIN_PRINCIPAL, accountId, now);
        return { entitled: hasTicketApi(catalog, account, plan), level: plan.level?.id ?? null };
      },
    });
    notifications.registerHandlers(outbox);
    const billing = wireBilling(deps);
    billing.registerHandlers(outbox);

    const calendars = await wireCalendars(deps);
    phase('calendars');
    const serviceRequests = wireServiceRequests(deps, {
      notifier: notifications.notifier,
      holidays: (country) => calendars.service.holidays(country),
    });
    const tickets = ticketsDeps(deps, {
      calendars: calendars.service,
      notifier: notifications.notifier,
      adjusters: serviceRequests.adjusters,
      incidentVisibleTo: serviceRequests.incidentVisibleTo,
    });

    // One-time data migrations that need the engine (after the SQL ones; before any sweep or request runs).
    await runDataMigrations(deps, [recomputeDeadlinesMigration(tickets)]);
    phase('data migrations');

    const advisor = createAdvisorModule(deps, advisorPorts(catalog, notifications.notifier));

    const scheduler = new Scheduler(log);
    scheduler.register(calendars.sweep);
    scheduler.register(slaSweep(tickets));
    scheduler.register(expireUnpaidOrdersSweep(deps));
    scheduler.register(renewalsSweep(deps));
    scheduler.register({ name: 'platform.idempotency-purge', run: (now) => purgeIdempotencyKeys(db, now) });
    for (const sweep of identity.sweeps) scheduler.register(sweep);
    for (const sweep of serviceRequests.sweeps) scheduler.register(sweep);
    for (const sweep of billing.sweeps) scheduler.register(sweep);
    for (const sweep of advisor.sweeps) scheduler.register(sweep);
    scheduler.register(outbox.sweep);

    const jobs = new Jobs(database, log);
    jobs.define(
      'scheduler.tick',
      async () => void (await scheduler.runDue(clock.now())),
      config.testClock ? null : '* * * * *',
    );

    const http = Fastify({
      loggerInstance: log as FastifyBaseLogger,
      // fastify takes a hop count too; its types name only booleans, addresses and functions.
      trustProxy: config.trustProxy as boolean | string,
      // Our request id is always ours; a client's x-request-id is logged beside it, never as it (issue 11).
      genReqId: () => newId('req'),
      requestIdHeader: false,
      childLoggerFactory: clientRequestIdLogger,
      bodyLimit: config.attachmentMaxBytes * 2,
      logController: new OneLinePerRequest(),
      ...frameworkErrorOptions(),
    }).withTypeProvider<ZodTypeProvider>();
    http.setValidatorCompiler(validatorCompiler);
    http.setSerializerCompiler(serializerCompiler);
    http.addHook('onSend', async (req, reply, payload) => {
      void reply.header('x-request-id', req.id);
      // The console's countdowns run on the server's clock (the test clock included), never the browser's.
      void reply.header('x-tierdesk-now', clock.now().toISOString());
      return payload;
    });
    phase('wiring');
    await http.register(fastifySwagger, openApiOptions(catalog, config));
    installErrorHandler(http, { fallback: consoleFallback(consoleDistDir()) });
    installInputGuard(http);
    const failures = new FailureLimiter(config.authFailuresPerMinute);
    const tokenAuth = {
      db,
      cache: tokenCache,
      envAdminToken: config.adminToken,
      adminTokenHash: secrets.adminTokenHash,
    };
    installAuth(http, {
      authenticate: (token) =>
        identity.isSessionToken(token) ? identity.authenticate(token) : authenticate(tokenAuth, token),
      limiter: new RateLimiter(config.rateLimitPerMinute),
      failures,
      cookie: identity.cookie,
    });
    installIdempotency(http, { db, clock });
    registerPlatformRoutes(http, { deps, scheduler, testClock, database });
    registerCatalogRoutes(http, deps);
    registerAccountRoutes(http, { ...deps, tokenCache, credentials: identity.credentials });
    identity.registerRoutes(http, failures);
    registerSubscriptionRoutes(http, deps);
    notifications.registerRoutes(http, {
      // R-TKT-6: webhooks are part of the ticket management API.
      requireTicketApi: async (req, account) => {
        const principal = principalOf(req);
        const { plan } = await visibleAccountAndPlan(deps, principal, account.id, clock.now());
        requireTicketApi(catalog, principal, account, plan);
      },
    });
    registerTicketRoutes(http, tickets);
    calendars.register(http);
    serviceRequests.register(http);
    billing.registerRoutes(http);
    advisor.routes(http);
    await http.ready();
    phase('http ready');

    let closed = false;
    return {
      config,
      log,
      database,
      catalog,
      clock,
      deps,
      scheduler,
      outbox,
      jobs,
      http,
      secrets,
      identity,
      isNewDatabase,
      async startJobs() {
        if (config.worker && !jobs.running) await jobs.start();
      },
      async close() {
        if (closed) return;
        closed = true;
        await http.close();
        await jobs.stop();
        await outbox.stop();
        await changeFeed?.close();
        await authFeed?.close();
        await notifications.close();
        if (!opts.database) await database.close();
      },
    };
  } catch (err) {
    await changeFeed?.close();
    await authFeed?.close();
    if (!opts.database) await database.close();
    throw err;
  }
}
