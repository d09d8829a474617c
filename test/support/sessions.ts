/** Console sign-in for HTTP tests: the cookie and CSRF token of a password sign-in, and requests made with them. */
import { sql } from 'drizzle-orm';
import { sealKeyOf, unseal } from '../../src/platform/sealed.js';
import type { TestApp, Reply } from './harness.js';

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
  readonly signIn: Reply;
  /** A request with the session cookie (and the CSRF header unless `csrf: false`). */
  call(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    opts?: { body?: unknown; csrf?: boolean | string; headers?: Record<string, string> },
  ): Promise<Reply>;
}

export function setCookieOf(reply: { headers: Record<string, unknown> }): string {
  const raw = reply.headers['set-cookie'];
  const value = Array.isArray(raw) ? String(raw[0]) : String(raw ?? '');
  return value;
}

export async function inject(
  t: TestApp,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  opts: { body?: unknown; headers?: Record<string, string>; remoteAddress?: string } = {},
): Promise<Reply> {
  const res = await t.app.http.inject({
    method,
    url,
    ...(opts.body !== undefined ? { payload: opts.body as object } : {}),
    headers: opts.headers ?? {},
    ...(opts.remoteAddress ? { remoteAddress: opts.remoteAddress } : {}),
  });
  let body: unknown = res.body;
  try {
    body = res.body ? JSON.parse(res.body) : null;
  } catch {
    /* not JSON */
  }
  return { status: res.statusCode, body, headers: res.headers } as Reply;
}

/** Signs in with email and password and returns a cookie-carrying client; fails loudly otherwise. */
export async function signIn(t: TestApp, email: string, password: string): Promise<Browser> {
  const res = await inject(t, 'POST', '/api/v1/sessions', { body: { email, password } });
  if (res.status !== 201) throw new Error(`sign in ${email}: ${res.status} ${JSON.stringify(res.body)}`);
  const cookie = setCookieOf(res).split(';')[0]!;
  const csrfToken = res.body.session.csrfToken as string;
  return {
    cookie,
    csrfToken,
    signIn: res,
    call: (method, url, opts = {}) => {
      const csrf = opts.csrf === undefined || opts.csrf === true ? csrfToken : opts.csrf === false ? null : opts.csrf;
      return inject(t, method, url, {
        ...(opts.body !== undefined ? { body: opts.body } : {}),
        headers: { cookie, ...(csrf ? { 'x-csrf-token': csrf } : {}), ...opts.headers },
      });
    },
  };
}
