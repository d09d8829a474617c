/**
 * A small stack for the notifications context's tests: a fresh database (PGlite or PostgreSQL), a TestClock, an
 * OutboxDispatcher with the context's handlers, and a fastify app with the context's routes behind a stub
 * authenticate (token → principal). Accounts are made through the accounts context's use case.
 */
import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { App } from '../../../src/platform/http/app.js';
import { TestClock, TEST_CLOCK_START } from '../../../src/platform/clock.js';
import { testConfig, type Config } from '../../../src/platform/config.js';
import type { Database, Db } from '../../../src/platform/db.js';
import type { CommitListener, Deps } from '../../../src/platform/deps.js';
import { DomainError } from '../../../src/platform/errors.js';
import { installAuth } from '../../../src/platform/http/auth-plugin.js';
import { installErrorHandler } from '../../../src/platform/http/error-handler.js';
import { ADMIN_PRINCIPAL, type Principal, type Role } from '../../../src/platform/http/principal.js';
import { RateLimiter } from '../../../src/platform/http/rate-limit.js';
import { createLogger } from '../../../src/platform/logger.js';
import { closeModules, mountModules, type Module } from '../../../src/platform/module.js';
import { DEFAULT_OUTBOX_OPTIONS, OutboxDispatcher, type OutboxOptions } from '../../../src/platform/outbox.js';
import type { Catalog } from '../../../src/domain/catalog/catalog.js';
import { loadCatalog } from '../../../src/contexts/catalog/use-cases/load-catalog.js';
import { createAccount } from '../../../src/contexts/accounts/use-cases/create-account.js';
import type { AccountRow } from '../../../src/contexts/accounts/domain/account.js';
import { createNotificationsModule, type NotificationsProvides } from '../../../src/contexts/notifications/index.js';
import type {
  WebhookEntitlement,
  WebhookLookup,
} from '../../../src/contexts/notifications/use-cases/deliver-webhook.js';
import { createTestDatabase, type DbKind, type TestDatabase } from '../../support/databases.js';
import { apiClient, type Api } from '../../support/harness.js';

export interface Stack {
  readonly kind: DbKind;
  readonly database: Database;
  readonly db: Db;
  readonly catalog: Catalog;
  readonly clock: TestClock;
  readonly outbox: OutboxDispatcher;
  readonly deps: Deps;
  readonly module: Module<NotificationsProvides>;
  readonly http: App;
  /** A client calling as `principal`. */
  as(principal: Principal): Api;
  readonly admin: Api;
  /** Moves the test clock to `at` and dispatches everything due then. */
  dispatchAt(at: Date): Promise<number>;
  /** A customer account (region/locale overridable) with an owner principal and a member principal. */
  customer(
    input?: Partial<{ name: string; email: string; region: string; locale: string; timeZone: string }>,
  ): Promise<{ account: AccountLike; owner: Principal; member: Principal }>;
  close(): Promise<void>;
}

export interface AccountLike {
  id: string;
  tenantId: string;
  email: string;
  region: string;
  locale: string;
}

export async function startStack(
  kind: DbKind,
  opts: {
    config?: Partial<Config>;
    outbox?: Partial<OutboxOptions>;
    /** The R-TKT-6 check of the webhook routes (after visibility); default: every caller may. */
    requireTicketApi?: (principal: Principal, account: AccountRow) => Promise<void>;
    fetch?: typeof fetch;
    /** How webhook hosts resolve (default: the system resolver). */
    lookup?: WebhookLookup;
    /** The R-TKT-6 check at delivery; default: every account is entitled (this stack sells no plans). */
    webhookEntitlement?: WebhookEntitlement;
  } = {},
): Promise<Stack> {
  const testDb: TestDatabase = await createTestDatabase(kind);
  const database = await testDb.open();
  const config = testConfig({ catalog: 'huaweicloud-intl', ...opts.config });
  const catalog = await loadCatalog(config.catalog);
  const clock = new TestClock(TEST_CLOCK_START);
  const log = createLogger('silent');
  const outbox = new OutboxDispatcher(database.db, clock, log, { ...DEFAULT_OUTBOX_OPTIONS, ...opts.outbox });
  const readCaches: CommitListener[] = [];
  const deps: Deps = { db: database.db, catalog, clock, log, outbox, config, readCaches };
  const module = createNotificationsModule(deps, {
    ticketApi: {
      entitlement: opts.webhookEntitlement ?? (async () => ({ entitled: true, level: null })),
      require: async (principal, account) => opts.requireTicketApi?.(principal, account),
    },
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
    ...(opts.lookup ? { lookup: opts.lookup } : {}),
  });

  const tokens = new Map<string, Principal>();
  let next = 0;
  const http = Fastify({ logger: false }).withTypeProvider<ZodTypeProvider>() as unknown as App;
  http.setValidatorCompiler(validatorCompiler);
  http.setSerializerCompiler(serializerCompiler);
  installErrorHandler(http);
  installAuth(http, {
    authenticate: async (token) => {
      const principal = tokens.get(token);
      if (!principal) throw new DomainError('UNAUTHENTICATED');
      return principal;
    },
    limiter: new RateLimiter(0),
  });
  mountModules([module], { outbox, readCaches, http });
  await http.ready();

  const as = (principal: Principal): Api => {
    const token = `t${next++}`;
    tokens.set(token, principal);
    return apiClient(http, token);
  };

  return {
    kind,
    database,
    db: database.db,
    catalog,
    clock,
    outbox,
    deps,
    module,
    http,
    as,
    admin: as(ADMIN_PRINCIPAL),
    async dispatchAt(at) {
      if (at.getTime() > clock.now().getTime()) clock.set(at);
      return outbox.dispatchDue(at);
    },
    async customer(input = {}) {
      const region = catalog.def.regions.find((r) => r.holidayCalendar === 'CN') ?? catalog.def.regions[0]!;
      const created = await createAccount(deps, ADMIN_PRINCIPAL, {
        name: 'Customer',
        email: 'owner@example.com',
        region: region.id,
        timeZone: 'Asia/Shanghai',
        locale: catalog.def.locales[0]!,
        ...input,
      });
      // A root account is its own tenant (R-ACC-2).
      const account = {
        id: created.id,
        tenantId: created.id,
        email: created.email,
        region: created.region,
        locale: created.locale,
      };
      const principal = (role: Role, id: string): Principal => ({
        id,
        role,
        tenantId: account.tenantId,
        accountId: account.id,
        grade: null,
        keyId: `key_${id}`,
        via: 'api_key',
      });
      return {
        account,
        owner: principal('customer_owner', created.ownerUserId),
        member: principal('customer_member', `usr_member_${account.id}`),
      };
    },
    async close() {
      await outbox.stop();
      await closeModules([module]);
      await http.close();
      await database.close();
      await testDb.drop();
    },
  };
}

/** A staff principal (no tenant). */
export function staff(id: string, role: Role = 'support_engineer'): Principal {
  return {
    id,
    role,
    tenantId: null,
    accountId: null,
    grade: role === 'support_engineer' ? 'engineer' : null,
    keyId: `key_${id}`,
    via: 'api_key',
  };
}
