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
import { appliedMigrationCount, expectedMigrationCount, openDatabase, type Database } from '../platform/db.js';
import { systemClock, TestClock, TEST_CLOCK_START, type Clock } from '../platform/clock.js';
import { DEFAULT_OUTBOX_OPTIONS, OutboxDispatcher } from '../platform/outbox.js';
import { AppMetrics } from '../platform/metrics.js';
import { Scheduler } from '../platform/scheduler.js';
import { runDataMigrations } from '../platform/data-migrations.js';
import { Jobs } from '../platform/jobs.js';
import type { CommitListener, Deps } from '../platform/deps.js';
import { frameworkErrorOptions, installErrorHandler } from '../platform/http/error-handler.js';
import { clientRequestIdLogger, installInputGuard } from '../platform/http/input-guard.js';
import { installAuth } from '../platform/http/auth-plugin.js';
import { installIdempotency, purgeIdempotencyKeys } from '../platform/http/idempotency.js';
import { FailureLimiter, RateLimiter } from '../platform/http/rate-limit.js';
import { traceContextOf, traceLogFields, traceparentOf, type TraceContext } from '../platform/http/trace-context.js';
import { postgresRateCounters, SharedFailureLimiter, SharedRateLimiter } from '../platform/http/shared-rate-limit.js';
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
import { sealKeyOf } from '../platform/sealed.js';
import { closeModules, mountModules, type ModuleParts } from '../platform/module.js';
import { accountContactPoints, createAccountsModule, createUserDirectory } from '../contexts/accounts/index.js';
import { createBillingModule } from '../contexts/billing/index.js';
import { createCalendarsModule } from '../contexts/calendars/index.js';
import { createCatalogModule, loadCatalog, type Catalog } from '../contexts/catalog/index.js';
import { createIdentityModule, type IdentityProvides } from '../contexts/identity/index.js';
import { createIncidentsModule } from '../contexts/incidents/index.js';
import { createNotificationsModule, type TicketApiAccess } from '../contexts/notifications/index.js';
import {
  createServiceRequestsModule,
  serviceAllowanceQuotas,
  upcomingRequestsOf,
} from '../contexts/service-requests/index.js';
import { createSubscriptionsModule, ownPaidPlanOf, type AfterCredit } from '../contexts/subscriptions/index.js';
import { createTicketsModule } from '../contexts/tickets/index.js';
import { bootstrapSecrets, currentAdminTokenHash, type Secrets } from './bootstrap.js';
import { registerPlatformRoutes } from './platform-routes.js';
import { createAdvisorModule } from '../contexts/advisor/index.js';
import { advisorPorts } from './advisor-ports.js';
import { createReportsModule, type ReportsProvides } from '../contexts/reports/index.js';
import { reportsPorts } from './reports-ports.js';
import type { App } from '../platform/http/app.js';
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
  readonly identity: IdentityProvides;
  /** Monthly reports' operations (the bench drives a month-end through them). */
  readonly reports: ReportsProvides;
  /** Starts pg-boss schedules and workers (after the server listens, so they never delay readiness). */
  startJobs(): Promise<void>;
  /** GET /metrics: this app's registry. */
  readonly metrics: AppMetrics;
  /** GET /readyz: the database answers, every migration of this build is applied, the catalog is loaded. */
  readiness(): Promise<Readiness>;
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

export interface Readiness {
  readonly ready: boolean;
  readonly checks: {
    readonly database: 'ok' | 'unreachable';
    readonly migrations: 'ok' | 'pending' | 'unknown';
    readonly catalog: string;
  };
  /** Why it is not ready, in words (empty when ready). */
  readonly reasons: readonly string[];
}

/** A readiness probe answers within this, whatever the database does. */
const READINESS_TIMEOUT_MS = 2000;

export interface BuildOptions {
  /** `worker`: `tierdesk worker` (schedules, sweeps, the outbox; no routes mounted, nothing listens). */
  readonly role?: 'server' | 'worker';
  /** Add prom-client's process metrics to GET /metrics (`tierdesk serve`). */
  readonly processMetrics?: boolean;
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
    const outbox = new OutboxDispatcher(db, clock, log, {
      ...DEFAULT_OUTBOX_OPTIONS,
      leaseMs: config.outboxLeaseSeconds * 1000,
      afterCommit: config.outboxAfterCommit,
    });
    // One registry per app; the process's own metrics (CPU, heap, event-loop delay, GC) only for the one app of a
    // `tierdesk serve` process (their observers live as long as the process; tests build many apps).
    const metrics = new AppMetrics({ processMetrics: opts.processMetrics ?? false });
    // The modules' read caches (the plan cache, the webhook index), filled when they are mounted; on PostgreSQL
    // dropped too when another process says plans changed.
    const readCaches: CommitListener[] = [];
    changeFeed =
      database.kind === 'postgres' && config.databaseUrl
        ? await listenForChanges(config.databaseUrl, PLAN_CHANNEL, () => readCaches.forEach((c) => c.invalidate()), log)
        : null;
    const deps: Deps = { db, catalog, clock, log, outbox, config, readCaches, metrics };
    const sessionKey = createHash('sha256').update(`tierdesk-session:${secrets.signingSecret}`).digest();
    const isPostgres = database.kind === 'postgres';
    // Issue 17: on PostgreSQL the API processes share their counters (one table); embedded, one process counts alone.
    const rateCounters = isPostgres ? postgresRateCounters(database) : null;
    const failures = rateCounters
      ? new SharedFailureLimiter(config.authFailuresPerMinute, rateCounters, log)
      : new FailureLimiter(config.authFailuresPerMinute);

    // Each module is created from the ports of those before it (platform/module.ts, ARCHITECTURE.md "Modules").
    // Notifications first: subscriptions tells of orders and renewals through its notifier, and webhooks ask the
    // subscriptions module for R-TKT-6 at delivery (bound below, before anything is delivered).
    let ticketApi: TicketApiAccess | null = null;
    const users = createUserDirectory(deps);
    const notifications = createNotificationsModule(deps, {
      ticketApi: {
        entitlement: (account, now) => ticketApi!.entitlement(account, now),
        require: (principal, account) => ticketApi!.require(principal, account),
      },
      usersByEmail: (email) => users.byEmail(email),
      mailSealKey: sealKeyOf(secrets.signingSecret, 'mail'),
      // R-NTF-1: SMS/phone notices go to the account's numbers as they are when sent.
      phones: async (db, account) => [...((await accountContactPoints(db, account.accountId))?.phones ?? [])],
    });
    const { notifier } = notifications.provides;
    // Issue 11: a credit of the balance collects overdue bills (billing's, bound below once billing exists).
    let afterCredit: AfterCredit | null = null;
    const subscriptions = createSubscriptionsModule(deps, {
      planQuotas: [serviceAllowanceQuotas],
      notifyPlanChange: isPostgres ? notifyPlanChange : null,
      notifier,
      afterCredit: (tx, account, now) => afterCredit!(tx, account, now),
    });
    ticketApi = subscriptions.provides.ticketApi;
    const identity = createIdentityModule(deps, {
      users,
      sessionKey,
      wallClock: () => new Date(),
      mail: notifications.provides.mail,
      failures,
    });
    const accounts = createAccountsModule(deps, {
      adminTokenHash: config.adminToken ? async () => null : () => currentAdminTokenHash(db),
      credentials: identity.provides.credentials,
      sessions: identity.provides,
      notifyAuthChange: isPostgres ? notifyAuthChange : null,
      notifier,
      ownPaidPlan: (tx, account, now) => ownPaidPlanOf(tx, catalog, account, now),
    });
    authFeed =
      isPostgres && config.databaseUrl
        ? await listenForChanges(config.databaseUrl, AUTH_CHANNEL, accounts.provides.forgetTokens, log)
        : null;
    const calendars = await createCalendarsModule(deps);
    phase('calendars');
    const serviceRequests = createServiceRequestsModule(deps, { notifier, calendars: calendars.provides.calendars });
    const incidents = createIncidentsModule(deps, { notifier });
    const tickets = createTicketsModule(deps, {
      calendars: calendars.provides.calendars,
      notifier,
      adjusters: serviceRequests.provides.adjusters,
      incidentVisibleTo: incidents.provides.incidentVisibleTo,
      upcomingServiceRequests: upcomingRequestsOf,
    });
    const billing = createBillingModule(deps, { notifier, ledger: subscriptions.provides.ledger });
    afterCredit = billing.provides.afterCredit;
    const advisor = createAdvisorModule(deps, advisorPorts(catalog, notifier));
    const reports = createReportsModule(
      deps,
      reportsPorts(catalog, calendars.provides.calendars, advisor.provides.reports, notifications.provides.mail),
    );
    // Mounted in this order: routes, then sweeps (the scheduler runs them in this order at each instant).
    const modules: readonly ModuleParts[] = [
      createCatalogModule(deps),
      accounts,
      identity,
      calendars,
      tickets,
      subscriptions,
      notifications,
      serviceRequests,
      incidents,
      billing,
      advisor,
      reports,
    ];

    // One-time data migrations that need the engine (after the SQL ones; before any sweep or request runs).
    await runDataMigrations(
      deps,
      modules.flatMap((m) => m.dataMigrations ?? []),
    );
    phase('data migrations');

    const scheduler = new Scheduler(log);
    const jobs = new Jobs(database, log);
    jobs.define(
      'scheduler.tick',
      async () => {
        await scheduler.runDue(clock.now());
        // Wall time of the last tick any process ran (GET /metrics: tierdesk_scheduler_last_tick_age_seconds).
        await setSetting(db, 'scheduler_last_tick', new Date().toISOString());
      },
      config.testClock ? null : '* * * * *',
    );

    const traces = config.otelEndpoint ? new WeakMap<object, TraceContext>() : null;
    const http = Fastify({
      loggerInstance: log as FastifyBaseLogger,
      // fastify takes a hop count too; its types name only booleans, addresses and functions.
      trustProxy: config.trustProxy as boolean | string,
      // Our request id is always ours; a client's x-request-id is logged beside it, never as it (issue 11).
      genReqId: () => newId('req'),
      requestIdHeader: false,
      childLoggerFactory: traces
        ? (logger, bindings, childOpts, raw) => {
            // Issue 17: every log line of the request carries its trace (W3C Trace Context, a collector set).
            const trace = traceContextOf(raw.headers.traceparent);
            traces.set(raw, trace);
            return clientRequestIdLogger(logger, { ...bindings, ...traceLogFields(trace) }, childOpts, raw);
          }
        : clientRequestIdLogger,
      bodyLimit: config.attachmentMaxBytes * 2,
      logController: new OneLinePerRequest(),
      ...frameworkErrorOptions(),
    }).withTypeProvider<ZodTypeProvider>();
    http.setValidatorCompiler(validatorCompiler);
    http.setSerializerCompiler(serializerCompiler);
    http.addHook('onResponse', async (req, reply) => {
      // Route patterns, never raw URLs (ids would make a series per ticket); unmatched paths share one label.
      const labels = {
        method: req.method,
        route: req.routeOptions.url ?? 'unmatched',
        status: String(reply.statusCode),
      };
      metrics.httpRequests.inc(labels);
      metrics.httpDuration.observe(labels, reply.elapsedTime / 1000);
    });
    http.addHook('onSend', async (req, reply, payload) => {
      void reply.header('x-request-id', req.id);
      const trace = traces?.get(req.raw);
      if (trace) void reply.header('traceparent', traceparentOf(trace));
      // The console's countdowns run on the server's clock (the test clock included), never the browser's.
      void reply.header('x-tierdesk-now', clock.now().toISOString());
      return payload;
    });
    phase('wiring');
    await http.register(fastifySwagger, openApiOptions(catalog, config));
    installErrorHandler(http, { fallback: consoleFallback(consoleDistDir()) });
    installInputGuard(http);
    installAuth(http, {
      authenticate: accounts.provides.authenticate,
      limiter: rateCounters
        ? new SharedRateLimiter(config.rateLimitPerMinute, rateCounters, log)
        : new RateLimiter(config.rateLimitPerMinute),
      failures,
      cookie: identity.provides.cookie,
    });
    installIdempotency(http, { db, clock });
    const expectedMigrations = expectedMigrationCount();
    const readiness = async (): Promise<Readiness> => {
      let database_: Readiness['checks']['database'] = 'ok';
      let migrations: Readiness['checks']['migrations'] = 'unknown';
      const reasons: string[] = [];
      try {
        let timer: NodeJS.Timeout | undefined;
        const applied = await Promise.race([
          appliedMigrationCount(database),
          new Promise<never>((_, reject) => {
            timer = setTimeout(
              () => reject(new Error(`no answer within ${READINESS_TIMEOUT_MS} ms`)),
              READINESS_TIMEOUT_MS,
            );
          }),
        ]).finally(() => clearTimeout(timer));
        migrations = applied >= expectedMigrations ? 'ok' : 'pending';
        if (migrations === 'pending') reasons.push(`migrations pending: ${applied} of ${expectedMigrations} applied`);
      } catch (err) {
        database_ = 'unreachable';
        reasons.push(`database unreachable: ${(err as Error).message}`);
      }
      return {
        ready: reasons.length === 0,
        checks: { database: database_, migrations, catalog: catalog.id },
        reasons,
      };
    };
    registerPlatformRoutes(http, { deps, scheduler, testClock, database, readiness, metrics });
    mountModules(modules, { outbox, scheduler, readCaches, http: opts.role === 'worker' ? undefined : http });
    registerGauges(metrics, {
      log,
      now: () => clock.now(),
      outbox,
      database,
      gauges: modules.flatMap((m) => m.gauges ?? []),
      lastTick: () => getSetting<string>(db, 'scheduler_last_tick'),
    });
    scheduler.register({ name: 'platform.idempotency-purge', run: (now) => purgeIdempotencyKeys(db, now) });
    scheduler.register(outbox.sweep);
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
      identity: identity.provides,
      reports: reports.provides,
      isNewDatabase,
      metrics,
      readiness,
      async startJobs() {
        if (config.worker && !jobs.running) await jobs.start();
      },
      async close() {
        if (closed) return;
        closed = true;
        // Issue 17: stop accepting, let in-flight requests finish (fastify's close), take no new outbox batch, let the
        // running tick finish, then release what the outbox batch in hand did not start.
        await http.close();
        const outboxStopped = outbox.stop();
        await jobs.stop();
        await outboxStopped;
        await changeFeed?.close();
        await authFeed?.close();
        await closeModules(modules);
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

/** The gauges GET /metrics reads when scraped: the outbox, the scheduler's last tick, the pool, the modules' own. */
function registerGauges(
  metrics: AppMetrics,
  ctx: {
    log: Logger;
    now: () => Date;
    outbox: OutboxDispatcher;
    database: Database;
    gauges: readonly { name: string; help: string; collect(now: Date): Promise<number> }[];
    lastTick: () => Promise<string | undefined>;
  },
): void {
  // A read that fails (the database away) leaves the gauge at its last value; the scrape itself still answers.
  const guarded = (name: string, read: () => Promise<void>) =>
    read().catch((err) => ctx.log.warn({ err: (err as Error).message, metric: name }, 'metric not read'));
  let outboxStats: Promise<{ depth: number; oldestAgeSeconds: number }> | null = null;
  // Depth and age come from one query per scrape.
  const stats = () => {
    outboxStats ??= ctx.outbox.stats(ctx.now()).finally(() => setImmediate(() => (outboxStats = null)));
    return outboxStats;
  };
  metrics.gauge('tierdesk_outbox_depth', 'Outbox effects not yet dispatched nor parked', (g) =>
    guarded('tierdesk_outbox_depth', async () => g.set((await stats()).depth)),
  );
  metrics.gauge('tierdesk_outbox_oldest_age_seconds', 'Age of the oldest outbox effect not yet dispatched', (g) =>
    guarded('tierdesk_outbox_oldest_age_seconds', async () => g.set((await stats()).oldestAgeSeconds)),
  );
  metrics.gauge(
    'tierdesk_scheduler_last_tick_age_seconds',
    'Seconds since any process last ran the scheduled sweeps (scheduler.tick, every minute); NaN before the first',
    (g) =>
      guarded('tierdesk_scheduler_last_tick_age_seconds', async () => {
        const at = await ctx.lastTick();
        g.set(at ? Math.max(0, (Date.now() - new Date(at).getTime()) / 1000) : Number.NaN);
      }),
  );
  metrics.labelledGauge(
    'tierdesk_db_pool_connections',
    'PostgreSQL pool connections of this process by state (total, idle, waiting clients, max)',
    ['state'],
    async (g) => {
      const p = ctx.database.poolStats();
      if (!p) return;
      for (const [state, n] of Object.entries(p)) g.set({ state }, n);
    },
  );
  for (const source of ctx.gauges)
    metrics.gauge(source.name, source.help, (g) =>
      guarded(source.name, async () => g.set(await source.collect(ctx.now()))),
    );
}
