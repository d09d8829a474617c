/** Console sign-in for HTTP tests: the cookie and CSRF token of a password sign-in, and requests made with them. */
import { sql } from 'drizzle-orm';
import { sealKeyOf, unseal } from '../../src/platform/sealed.js';
import { toReply, type ApiReply, type HttpMethod, type Reply, type TestApp } from './harness.js';
import type { Checked, MethodOf } from './api-types.js';
import { ok } from './replies.js';

/**
 * The set-password token of the newest link mailed to `to`: the outbox row keeps the link sealed (issue 13), so
 * this unseals it with the server's key, as the mail sender does at send time.
 */
export async function mailedToken(t: TestApp, to: string): Promise<string> {
  const rows = await t.app.database.rows<{ payload: { to: string; text: string; sealed?: Record<string, string> } }>(
    sql`SELECT payload FROM outbox WHERE topic = 'email.send' AND payload->>'kind' = 'password_link' ORDER BY id DESC`,
  );
  const mail = rows.find((r) => r.payload.to === to);
  if (!mail) throw new Error(`no password link mailed to ${to}`);
  if (/token=/.test(mail.payload.text)) throw new Error('the outbox holds the set-password link in clear');
  const key = sealKeyOf(t.app.secrets.signingSecret, 'mail');
  const links = Object.values(mail.payload.sealed ?? {}).map((v) => unseal(key, v) ?? '');
  const m = links.map((l) => /set-password\?token=([A-Za-z0-9_%-]+)/.exec(l)).find(Boolean);
  if (!m) throw new Error(`no sealed set-password link in the mail to ${to}`);
  return decodeURIComponent(m[1]!);
}

export interface Browser {
  readonly cookie: string;
  readonly csrfToken: string;
  readonly signIn: ApiReply<'/api/v1/sessions', 'post'>;
  /**
   * A request with the session cookie (and the CSRF header unless `csrf: false`) to a documented route; the reply
   * is typed from the document, the body is not checked (these tests send what a browser might).
   */
  call<M extends HttpMethod, U extends string>(
    method: M,
    url: Checked<U, MethodOf<M>>,
    opts?: { body?: unknown; csrf?: boolean | string; headers?: Record<string, string> },
  ): Promise<ApiReply<U, MethodOf<M>>>;
}

export function setCookieOf(reply: { headers: Record<string, unknown> }): string {
  const raw = reply.headers['set-cookie'];
  const value = Array.isArray(raw) ? String(raw[0]) : String(raw ?? '');
  return value;
}

/**
 * One request through inject() with exactly the headers given (no bearer token): cookies, CSRF, origins, remote
 * addresses. The URL must be a documented route and the reply is typed from it; the body is not checked.
 */
export async function inject<M extends HttpMethod, U extends string>(
  t: TestApp,
  method: M,
  url: Checked<U, MethodOf<M>>,
  opts: { body?: unknown; headers?: Record<string, string>; remoteAddress?: string } = {},
): Promise<ApiReply<U, MethodOf<M>>> {
  return injectRaw(t, method, url as string, opts) as Promise<ApiReply<U, MethodOf<M>>>;
}

/** inject() on any URL (routes the document does not describe), the body `unknown`. */
export async function injectRaw(
  t: TestApp,
  method: HttpMethod,
  url: string,
  opts: { body?: unknown; headers?: Record<string, string>; remoteAddress?: string } = {},
): Promise<Reply> {
  return toReply(
    await t.app.http.inject({
      method,
      url,
      ...(opts.body !== undefined ? { payload: opts.body as object } : {}),
      headers: opts.headers ?? {},
      ...(opts.remoteAddress ? { remoteAddress: opts.remoteAddress } : {}),
    }),
  );
}

/** Signs in with email and password and returns a cookie-carrying client; fails loudly otherwise. */
export async function signIn(t: TestApp, email: string, password: string): Promise<Browser> {
  const res = await inject(t, 'POST', '/api/v1/sessions', { body: { email, password } });
  if (res.status !== 201) throw new Error(`sign in ${email}: ${res.status} ${JSON.stringify(res.body)}`);
  const cookie = setCookieOf(res).split(';')[0]!;
  const csrfToken = ok(res, 201).session.csrfToken;
  return {
    cookie,
    csrfToken,
    signIn: res,
    call: ((method: HttpMethod, url: string, opts: Parameters<Browser['call']>[2] = {}) => {
      const csrf = opts.csrf === undefined || opts.csrf === true ? csrfToken : opts.csrf === false ? null : opts.csrf;
      return injectRaw(t, method, url, {
        ...(opts.body !== undefined ? { body: opts.body } : {}),
        headers: { cookie, ...(csrf ? { 'x-csrf-token': csrf } : {}), ...opts.headers },
      });
    }) as unknown as Browser['call'],
  };
}
