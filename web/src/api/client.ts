/**
 * The one API client of the console: openapi-fetch on the generated types (schema.d.ts, `npm run api:generate`).
 * Cookie sessions: every write carries the session's CSRF token; every answer's `X-Tierdesk-Now` header keeps the
 * server's clock (test clocks included), which countdowns read through `serverNow()`.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';

let csrfToken: string | null = null;
let clockOffsetMs = 0;
const onUnauthenticated = new Set<(code: string, details: Record<string, unknown>) => void>();

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function getCsrfToken(): string | null {
  return csrfToken;
}

/** The server's now (its test clock when it runs one), from the last answer's X-Tierdesk-Now. */
export function serverNow(): number {
  return Date.now() + clockOffsetMs;
}

/** Called with SESSION_EXPIRED or UNAUTHENTICATED when a request of a signed-in console is refused. */
export function onSignedOut(listener: (code: string, details: Record<string, unknown>) => void): () => void {
  onUnauthenticated.add(listener);
  return () => onUnauthenticated.delete(listener);
}

/** An API error: the catalog code, the server's sentence and its details. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown>,
  ) {
    super(message);
  }
}

const session: Middleware = {
  onRequest({ request }) {
    if (csrfToken && !['GET', 'HEAD', 'OPTIONS'].includes(request.method))
      request.headers.set('X-CSRF-Token', csrfToken);
    return request;
  },
  onResponse({ response }) {
    const now = response.headers.get('x-tierdesk-now');
    if (now) clockOffsetMs = Date.parse(now) - Date.now();
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: '/', credentials: 'same-origin' });
api.use(session);

/**
 * Unwraps an openapi-fetch answer: the data, or an ApiError with the catalog code (a 429's Retry-After in
 * `details.retryAfterSeconds`). A 401 tells the signed-out listeners, unless `signedOut: false` (the session probe
 * and the sign-in form expect 401s).
 */
export async function call<T>(
  pending: Promise<{ data?: T; error?: unknown; response: Response }>,
  opts: { signedOut?: boolean } = {},
): Promise<T> {
  const { data, error, response } = await pending;
  if (response.ok) return data as T;
  const body = (error ?? {}) as { error?: { code?: string; message?: string; details?: Record<string, unknown> } };
  const code = body.error?.code ?? (response.status === 404 ? 'NOT_FOUND' : 'INTERNAL_ERROR');
  const retry = response.headers.get('retry-after');
  const details = { ...(body.error?.details ?? {}), ...(retry ? { retryAfterSeconds: Number(retry) } : {}) };
  if (response.status === 401 && opts.signedOut !== false) for (const l of onUnauthenticated) l(code, details);
  throw new ApiError(response.status, code, body.error?.message ?? response.statusText, details);
}
