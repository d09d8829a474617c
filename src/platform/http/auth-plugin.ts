/**
 * Authentication and rate limiting for /api/v1: every route needs a credential except the OpenAPI document,
 * the health check, the public catalog and the sign-in routes. A credential is `Authorization: Bearer <token>`
 * (the admin token, an API key, a session token) or, without that header, the console's session cookie; a
 * cookie-authenticated write must carry the session's CSRF token in a header (R-UI-1). Failed authentications
 * are limited per client address. The principal is attached to the request.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from '../errors.js';
import { readCookie } from './cookies.js';
import { INTEGRATION_ROLE, type Principal } from './principal.js';
import type { FailureLimiter, RequestLimiter } from './rate-limit.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
    /** How the principal's credential came: a bearer header or the session cookie. */
    credentialFrom?: 'header' | 'cookie';
  }
  interface FastifyContextConfig {
    /** Routes that answer without a token. */
    public?: boolean;
    /** Responses that carry a secret shown once: never replayed from the idempotency store. */
    secretResponse?: boolean;
    /** Routes an integration key may call (R-OA ingest); it is FORBIDDEN everywhere else. */
    integration?: boolean;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface SessionCookieRules {
  readonly name: string;
  /** The CSRF header's name (lower case). */
  readonly csrfHeader: string;
  csrfMatches(principal: Principal, sent: string): boolean;
  /** A Set-Cookie value that clears the cookie (sent with a refused cookie). */
  cleared(req: FastifyRequest): string;
}

export interface AuthDeps {
  authenticate(token: string): Promise<Principal>;
  readonly limiter: RequestLimiter;
  /** Failed authentications per address (none: unlimited). */
  readonly failures?: FailureLimiter;
  /** The console's session cookie (none: bearer tokens only). */
  readonly cookie?: SessionCookieRules;
}

export function refuseIfTooManyFailures(failures: FailureLimiter | undefined, ip: string): void {
  const wait = failures?.blocked(ip, Date.now()) ?? null;
  if (wait !== null)
    throw new DomainError(
      'RATE_LIMITED',
      { retryAfterSeconds: wait },
      `Too many failed authentications from this address; retry in ${wait} s.`,
    );
}

export function installAuth(app: FastifyInstance, deps: AuthDeps): void {
  app.addHook('onRequest', async (req, reply) => {
    const isPublic = req.routeOptions.config?.public === true;
    const header = req.headers.authorization;
    if (isPublic && !header) return;
    // R-UI-1: the console's files (no route matched, not under /api/) are public; the API answers 401 as before.
    if (req.is404 && !req.url.startsWith('/api/')) return;
    let token: string;
    let from: 'header' | 'cookie';
    if (header) {
      const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
      if (!m) throw new DomainError('UNAUTHENTICATED', {}, 'Send Authorization: Bearer <token>.');
      token = m[1]!;
      from = 'header';
    } else {
      const cookie = deps.cookie ? readCookie(req.headers.cookie, deps.cookie.name) : null;
      if (!cookie) throw new DomainError('UNAUTHENTICATED', {}, 'Sign in, or send Authorization: Bearer <token>.');
      token = cookie;
      from = 'cookie';
    }
    refuseIfTooManyFailures(deps.failures, req.ip);
    let principal: Principal;
    try {
      principal = await deps.authenticate(token);
    } catch (err) {
      if (err instanceof DomainError && err.code === 'UNAUTHENTICATED') await deps.failures?.record(req.ip, Date.now());
      if (from === 'cookie' && deps.cookie) void reply.header('set-cookie', deps.cookie.cleared(req));
      throw err;
    }
    if (from === 'cookie' && deps.cookie && !SAFE_METHODS.has(req.method)) {
      const sent = req.headers[deps.cookie.csrfHeader];
      if (typeof sent !== 'string' || !deps.cookie.csrfMatches(principal, sent))
        throw new DomainError(
          'CSRF_FAILED',
          { header: 'X-CSRF-Token' },
          'This write needs the X-CSRF-Token header with your session’s csrfToken (GET /api/v1/sessions/current).',
        );
    }
    req.principal = principal;
    req.credentialFrom = from;
    if (principal.role === INTEGRATION_ROLE && req.routeOptions.config?.integration !== true)
      throw new DomainError(
        'FORBIDDEN',
        { requiredRole: 'not integration', reason: 'integration_key' },
        'An integration key only sends resources and metrics.',
      );
    // Issue 11: per key, per user and per account (a customer's account; staff have none).
    const buckets = [
      `key:${principal.keyId ?? principal.sessionId ?? principal.id}`,
      `user:${principal.id}`,
      ...(principal.accountId ? [`account:${principal.accountId}`] : []),
    ];
    const verdict = await deps.limiter.takeAll(buckets, Date.now());
    if (verdict.limit > 0) {
      void reply.header('RateLimit-Limit', String(verdict.limit));
      void reply.header('RateLimit-Remaining', String(verdict.remaining));
      void reply.header('RateLimit-Reset', String(verdict.resetSeconds));
    }
    const wait = verdict.retryAfterSeconds;
    if (wait !== null)
      throw new DomainError('RATE_LIMITED', { retryAfterSeconds: wait }, `Too many requests; retry in ${wait} s.`);
  });
}

/** The caller of an authenticated route. */
export function principalOf(req: { principal?: Principal }): Principal {
  if (!req.principal) throw new DomainError('UNAUTHENTICATED');
  return req.principal;
}
