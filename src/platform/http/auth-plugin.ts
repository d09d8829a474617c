/**
 * Authentication and rate limiting for /api/v1: every route needs a bearer token except the OpenAPI document,
 * the health check and the public catalog. The principal is attached to the request.
 */
import type { FastifyInstance } from 'fastify';
import { DomainError } from '../errors.js';
import type { Principal } from './principal.js';
import type { RateLimiter } from './rate-limit.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
  interface FastifyContextConfig {
    /** Routes that answer without a token. */
    public?: boolean;
  }
}

export function installAuth(
  app: FastifyInstance,
  deps: { authenticate: (header: string | undefined) => Promise<Principal>; limiter: RateLimiter },
): void {
  app.addHook('onRequest', async (req) => {
    const isPublic = req.routeOptions.config?.public === true;
    if (isPublic && !req.headers.authorization) return;
    // R-UI-1: the console's files (no route matched, not under /api/) are public; the API answers 401 as before.
    if (req.is404 && !req.url.startsWith('/api/')) return;
    const principal = await deps.authenticate(req.headers.authorization);
    req.principal = principal;
    const wait = deps.limiter.take(principal.keyId ?? principal.id, Date.now());
    if (wait !== null)
      throw new DomainError('RATE_LIMITED', { retryAfterSeconds: wait }, `Too many requests; retry in ${wait} s.`);
  });
}

/** The caller of an authenticated route. */
export function principalOf(req: { principal?: Principal }): Principal {
  if (!req.principal) throw new DomainError('UNAUTHENTICATED');
  return req.principal;
}
