/**
 * An app for a test: the real composition root on a fresh database, driven through fastify's inject().
 *
 * The client is typed from the OpenAPI document (test/support/api-types.ts, over web/src/api/schema.d.ts):
 * - `t.api.post(`/api/v1/accounts/${id}/orders`, body)`: the URL must match a documented path and method (a
 *   `{param}` is one segment, the query string is not matched), the body must be the documented request body, and
 *   `res.body` is the documented success body. A URL no route documents is a type error.
 * - Error replies: `res.body` is typed as the success body with the error envelope's `error` beside it, optional
 *   (`ReplyBody`). That is what a test reads on either side — `res.body.id` after a 201, `res.body.error?.code`
 *   after a 404 — without a cast; it is not a claim that both are there: a 2xx has no `error`, a 4xx/5xx only
 *   `{ error }`. To have the exact one, check the status: `ok(res, 201)` returns the success body,
 *   `expectError(res, 404, 'NOT_FOUND')` checks the whole error contract and returns its details
 *   (test/support/replies.ts).
 * - Escapes, kept narrow: `api.unchecked.post|put|patch(url, body)` for a documented route with a body the document
 *   does not allow (VALIDATION_FAILED tests, hostile fields); `api.raw.get|post|…(url)` for routes the document does
 *   not describe on purpose (404 checks, /metrics, the console's files) or URLs only known at run time — its body is
 *   `unknown` (narrow it, or read errors with `errorOf(res)`).
 */
import { testConfig, type Config } from '../../src/platform/config.js';
import { buildApp, type Tierdesk } from '../../src/app/build-app.js';
import type { Logger } from '../../src/platform/logger.js';
import type { App } from '../../src/platform/http/app.js';
import { createTestDatabase, type DbKind, type TestDatabase } from './databases.js';
import type { BodyArgs, Checked, Headers, Method, ReplyBody, RequestBody, RouteOf, SuccessBody } from './api-types.js';

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

/** What a call answered: the status, the parsed JSON body (a string when it is not JSON, null when empty), headers. */
export interface Reply<T = unknown> {
  status: number;
  body: T;
  headers: Record<string, unknown>;
}

/** The reply of a documented route: `body` per ReplyBody (the success body, `error` beside it). */
export type ApiReply<U extends string, M extends Method> = Reply<ReplyBody<SuccessBody<RouteOf<U, M>, M>>>;

type Body<U extends string, M extends Method> = BodyArgs<RequestBody<RouteOf<U, M>, M>>;

/** Calls of documented routes only: the URL, the body and the reply typed from the OpenAPI document. */
export interface Api {
  get<U extends string>(url: Checked<U, 'get'>, headers?: Headers): Promise<ApiReply<U, 'get'>>;
  post<U extends string>(url: Checked<U, 'post'>, ...rest: Body<U, 'post'>): Promise<ApiReply<U, 'post'>>;
  put<U extends string>(url: Checked<U, 'put'>, ...rest: Body<U, 'put'>): Promise<ApiReply<U, 'put'>>;
  patch<U extends string>(url: Checked<U, 'patch'>, ...rest: Body<U, 'patch'>): Promise<ApiReply<U, 'patch'>>;
  delete<U extends string>(url: Checked<U, 'delete'>, headers?: Headers): Promise<ApiReply<U, 'delete'>>;
  /**
   * A documented route with a body the document does not allow — for the tests that check VALIDATION_FAILED (or
   * what the server does with extra or hostile fields). The URL and the reply stay typed.
   */
  readonly unchecked: {
    post<U extends string>(url: Checked<U, 'post'>, body: unknown, headers?: Headers): Promise<ApiReply<U, 'post'>>;
    put<U extends string>(url: Checked<U, 'put'>, body: unknown, headers?: Headers): Promise<ApiReply<U, 'put'>>;
    patch<U extends string>(url: Checked<U, 'patch'>, body: unknown, headers?: Headers): Promise<ApiReply<U, 'patch'>>;
  };
  /**
   * Any URL, untyped: routes the document does not describe on purpose (404 checks, the console's files,
   * /metrics, /healthz) and URLs only known at run time. The body is `unknown`: narrow it before reading.
   */
  readonly raw: {
    get(url: string, headers?: Headers): Promise<Reply<unknown>>;
    post(url: string, body?: unknown, headers?: Headers): Promise<Reply<unknown>>;
    put(url: string, body?: unknown, headers?: Headers): Promise<Reply<unknown>>;
    patch(url: string, body?: unknown, headers?: Headers): Promise<Reply<unknown>>;
    delete(url: string, headers?: Headers): Promise<Reply<unknown>>;
  };
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** What fastify's inject() answers, as far as the client reads it. */
export interface InjectedResponse {
  readonly statusCode: number;
  readonly body: string;
  readonly headers: Record<string, unknown>;
}

/** A reply from inject()'s response: the body parsed as JSON where it is JSON, null when empty, else the text. */
export function toReply(res: InjectedResponse): Reply {
  let parsed: unknown = res.body;
  try {
    parsed = res.body ? JSON.parse(res.body) : null;
  } catch {
    /* not JSON */
  }
  return { status: res.statusCode, body: parsed, headers: res.headers };
}

/** The one inject() client: `Api` over any fastify app (the test app's, or a context's own in a store test). */
export function apiClient(http: Pick<App, 'inject'>, token: string | null): Api {
  const call = async (method: HttpMethod, url: string, body?: unknown, headers: Headers = {}): Promise<Reply> =>
    toReply(
      await http.inject({
        method,
        url,
        ...(body !== undefined ? { payload: body as object } : {}),
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      }),
    );
  const raw: Api['raw'] = {
    get: (url, headers) => call('GET', url, undefined, headers),
    post: (url, body, headers) => call('POST', url, body ?? {}, headers),
    put: (url, body, headers) => call('PUT', url, body ?? {}, headers),
    patch: (url, body, headers) => call('PATCH', url, body ?? {}, headers),
    delete: (url, headers) => call('DELETE', url, undefined, headers),
  };
  // NOTE: the typed methods are the raw ones seen through the document's types: the types are the only difference.
  return { ...(raw as unknown as Omit<Api, 'raw' | 'unchecked'>), unchecked: raw as unknown as Api['unchecked'], raw };
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
  const api = apiClient(app.http, ADMIN_TOKEN);
  return {
    app,
    db,
    api,
    as: (token) => apiClient(app.http, token),
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
export async function createCustomer(t: TestApp, input: Partial<RequestBody<'/api/v1/accounts', 'post'>> = {}) {
  const catalog = t.app.catalog;
  const region = catalog.def.regions.find((r) => r.holidayCalendar === 'CN') ?? catalog.def.regions[0]!;
  const res = await t.api.post('/api/v1/accounts', {
    name: 'Customer',
    email: 'owner@example.com',
    region: region.id,
    timeZone: 'Asia/Shanghai',
    locale: catalog.def.locales[0]!,
    ...input,
  });
  if (res.status !== 201) throw new Error(`create account: ${res.status} ${JSON.stringify(res.body)}`);
  const key = await t.api.post(`/api/v1/accounts/${res.body.id}/api-keys`, {});
  if (key.status !== 201) throw new Error(`create key: ${key.status} ${JSON.stringify(key.body)}`);
  return { id: res.body.id as string, token: key.body.token as string, account: res.body };
}

/** Buys and pays a plan as the admin. */
export async function buyPlan(
  t: TestApp,
  accountId: string,
  level: string,
  term: { unit: 'month' | 'year'; count: number } = { unit: 'year', count: 1 },
) {
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
