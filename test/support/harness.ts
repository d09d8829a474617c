/**
 * An app for a test: the real composition root on a fresh database, driven through fastify's inject().
 */
import { testConfig, type Config } from '../../src/platform/config.js';
import { buildApp, type Tierdesk } from '../../src/app/build-app.js';
import type { Logger } from '../../src/platform/logger.js';
import { createTestDatabase, type DbKind, type TestDatabase } from './databases.js';

export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

export interface TestApp {
  readonly app: Tierdesk;
  readonly db: TestDatabase;
  readonly api: Api;
  /** An API client with another token. */
  as(token: string): Api;
  /** Moves the test clock (admin) and returns the new time. */
  setClock(iso: string): Promise<string>;
  close(): Promise<void>;
}

export interface Reply<T = any> {
  status: number;
  body: T;
  headers: Record<string, unknown>;
}

export interface Api {
  get<T = any>(url: string, headers?: Record<string, string>): Promise<Reply<T>>;
  post<T = any>(url: string, body?: unknown, headers?: Record<string, string>): Promise<Reply<T>>;
  put<T = any>(url: string, body?: unknown, headers?: Record<string, string>): Promise<Reply<T>>;
  patch<T = any>(url: string, body?: unknown, headers?: Record<string, string>): Promise<Reply<T>>;
  delete<T = any>(url: string, headers?: Record<string, string>): Promise<Reply<T>>;
}

function client(app: Tierdesk, token: string | null): Api {
  const call = async (
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const res = await app.http.inject({
      method,
      url,
      ...(body !== undefined ? { payload: body as object } : {}),
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    });
    let parsed: unknown = res.body;
    try {
      parsed = res.body ? JSON.parse(res.body) : null;
    } catch {
      /* not JSON */
    }
    return { status: res.statusCode, body: parsed, headers: res.headers } as Reply;
  };
  return {
    get: (url, headers) => call('GET', url, undefined, headers),
    post: (url, body, headers) => call('POST', url, body ?? {}, headers),
    put: (url, body, headers) => call('PUT', url, body ?? {}, headers),
    patch: (url, body, headers) => call('PATCH', url, body ?? {}, headers),
    delete: (url, headers) => call('DELETE', url, undefined, headers),
  };
}

export async function startTestApp(
  opts: { kind?: DbKind; catalog?: string; testClock?: boolean; config?: Partial<Config>; logger?: Logger } = {},
): Promise<TestApp> {
  const db = await createTestDatabase(opts.kind ?? 'pglite');
  const config = testConfig({
    catalog: opts.catalog ?? 'huaweicloud-intl',
    dataDir: db.dataDir ?? '/nonexistent',
    databaseUrl: db.url,
    testClock: opts.testClock ?? true,
    adminToken: ADMIN_TOKEN,
    rateLimitPerMinute: 0,
    // Report mails without their PDF: tests that move the clock over months would print one per account and month
    // (~0.5 s each); the reports tests turn it on and read the PDFs.
    reportMailPdf: false,
    ...opts.config,
  });
  let app: Tierdesk;
  try {
    app = await buildApp(config, opts.logger ? { logger: opts.logger } : {});
  } catch (err) {
    await db.drop();
    throw err;
  }
  const api = client(app, ADMIN_TOKEN);
  return {
    app,
    db,
    api,
    as: (token) => client(app, token),
    async setClock(iso) {
      const res = await api.put('/api/v1/test-clock', { now: iso });
      if (res.status !== 200) throw new Error(`setClock ${iso}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.now;
    },
    async close() {
      await app.close();
      await db.drop();
    },
  };
}

/** A customer account with an owner key: `{ id, token }`. */
export async function createCustomer(
  t: TestApp,
  input: Partial<{
    name: string;
    email: string;
    region: string;
    timeZone: string;
    locale: string;
    parentId: string;
    financeMode: string;
  }> = {},
) {
  const catalog = t.app.catalog;
  const region = catalog.def.regions.find((r) => r.holidayCalendar === 'CN') ?? catalog.def.regions[0]!;
  const res = await t.api.post('/api/v1/accounts', {
    name: 'Customer',
    email: 'owner@example.com',
    region: region.id,
    timeZone: 'Asia/Shanghai',
    locale: catalog.def.locales[0],
    ...input,
  });
  if (res.status !== 201) throw new Error(`create account: ${res.status} ${JSON.stringify(res.body)}`);
  const key = await t.api.post(`/api/v1/accounts/${res.body.id}/api-keys`, {});
  if (key.status !== 201) throw new Error(`create key: ${key.status} ${JSON.stringify(key.body)}`);
  return { id: res.body.id as string, token: key.body.token as string, account: res.body };
}

/** Buys and pays a plan as the admin. */
export async function buyPlan(t: TestApp, accountId: string, level: string, term = { unit: 'year', count: 1 }) {
  const order = await t.api.post(`/api/v1/accounts/${accountId}/orders`, {
    action: 'purchase',
    level,
    term,
    agreementAccepted: true,
  });
  if (order.status !== 201) throw new Error(`order: ${order.status} ${JSON.stringify(order.body)}`);
  const paid = await t.api.post(`/api/v1/orders/${order.body.id}/pay`);
  if (paid.status !== 200) throw new Error(`pay: ${paid.status} ${JSON.stringify(paid.body)}`);
  return paid.body;
}
