/** Sign-in and sessions (R-UI-1). Routes parse, call one use case, serialize. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { App } from '../../../platform/http/app.js';
import { DomainError } from '../../../platform/errors.js';
import { principalOf, refuseIfTooManyFailures } from '../../../platform/http/auth-plugin.js';
import type { FailureLimiter } from '../../../platform/http/rate-limit.js';
import { errors, ZIdParam } from '../../../platform/http/schemas.js';
import { clearedSessionCookie, sessionCookie } from '../domain/cookies.js';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../domain/password-policy.js';
import type { IdentityDeps } from '../ports.js';
import { changePassword, sendPasswordLink, setPasswordWithLink } from '../use-cases/passwords.js';
import { currentSession, issueSessionForUser, signIn, signOut, type StartedSession } from '../use-cases/sessions.js';

export const ZPassword = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH);

const ZUser = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  role: z.string(),
  grade: z.string().nullable(),
  accountId: z.string().nullable(),
});
const ZSession = z.object({
  id: z.string(),
  method: z.enum(['password', 'oidc', 'admin']),
  expiresAt: z.string(),
  csrfToken: z.string().describe('Send it in the X-CSRF-Token header on cookie-authenticated writes'),
});
export const ZSignedIn = z.object({ user: ZUser, session: ZSession }).describe('SignedIn');

/** Secure when the request came over https (directly, or per X-Forwarded-Proto with TIERDESK_TRUST_PROXY). */
export function isSecureRequest(deps: IdentityDeps, req: FastifyRequest): boolean {
  return req.protocol === 'https' || (deps.config.publicUrl?.startsWith('https://') ?? false);
}

function sendSignedIn(
  deps: IdentityDeps,
  req: FastifyRequest,
  reply: FastifyReply,
  started: StartedSession,
  status: number,
) {
  void reply.header(
    'set-cookie',
    sessionCookie(started.token, {
      maxAgeSeconds: deps.config.sessionTtlHours * 3600,
      secure: isSecureRequest(deps, req),
    }),
  );
  void reply.header('cache-control', 'no-store');
  return reply.status(status).send({ user: started.user, session: started.session });
}

export function registerIdentityRoutes(app: App, deps: IdentityDeps, failures: FailureLimiter): void {
  app.post(
    '/api/v1/sessions',
    {
      config: { public: true, secretResponse: true },
      schema: {
        tags: ['sessions'],
        operationId: 'signIn',
        summary: 'Sign in with email and password: the user, and a session cookie (HttpOnly, SameSite=Lax)',
        description:
          'Sets the `tierdesk_session` cookie and returns the session with its `csrfToken`. Wrong email or password: 401 (the same answer for unknown emails); repeated failures lock the email with back-off (429 with Retry-After).',
        security: [],
        body: z.object({ email: z.string().min(1).max(254), password: z.string().min(1).max(PASSWORD_MAX_LENGTH) }),
        response: { 201: ZSignedIn, ...errors() },
      },
    },
    async (req, reply) => {
      refuseIfTooManyFailures(failures, req.ip);
      try {
        return sendSignedIn(deps, req, reply, await signIn(deps, req.body), 201);
      } catch (err) {
        if (err instanceof DomainError && err.code === 'UNAUTHENTICATED') await failures.record(req.ip, Date.now());
        throw err;
      }
    },
  );
  app.get(
    '/api/v1/sessions/current',
    {
      schema: {
        tags: ['sessions'],
        operationId: 'getCurrentSession',
        summary: 'Who am I: the user, role, account, locale and (for a session) its CSRF token and expiry',
        response: {
          200: z.object({
            user: ZUser,
            role: z.string(),
            via: z.enum(['admin_token', 'api_key', 'session']),
            account: z
              .object({ id: z.string(), name: z.string(), locale: z.string(), timeZone: z.string() })
              .nullable(),
            locale: z.string(),
            timeZone: z.string().nullable(),
            session: ZSession.extend({ createdAt: z.string() }).nullable(),
          }),
          ...errors(),
        },
      },
    },
    async (req, reply) => {
      void reply.header('cache-control', 'no-store');
      return currentSession(deps, principalOf(req));
    },
  );
  app.delete(
    '/api/v1/sessions/current',
    {
      schema: {
        tags: ['sessions'],
        operationId: 'signOut',
        summary: 'Sign out: the session is revoked on the server and the cookie cleared',
        response: { 200: z.object({ id: z.string(), revokedAt: z.string() }), ...errors(403, 409) },
      },
    },
    async (req, reply) => {
      const out = await signOut(deps, principalOf(req));
      void reply.header('set-cookie', clearedSessionCookie(isSecureRequest(deps, req)));
      return out;
    },
  );
  app.post(
    '/api/v1/sessions/current/password',
    {
      schema: {
        tags: ['sessions'],
        operationId: 'changePassword',
        summary: "Change the signed-in user's password (needs the current one); the user's other sessions end",
        body: z.object({ currentPassword: z.string().min(1).max(PASSWORD_MAX_LENGTH), newPassword: ZPassword }),
        response: {
          200: z.object({ userId: z.string(), changedAt: z.string(), otherSessionsSignedOut: z.number().int() }),
          ...errors(403),
        },
      },
    },
    async (req) => changePassword(deps, principalOf(req), req.body),
  );
  app.post(
    '/api/v1/password/set',
    {
      config: { public: true, secretResponse: true },
      schema: {
        tags: ['sessions'],
        operationId: 'setPasswordWithLink',
        summary: 'Set a password with a one-time link’s token (invitation or reset) and sign in',
        description:
          'The token comes from the mailed link `<TIERDESK_PUBLIC_URL>/set-password?token=…`. It works once and for 72 hours (410 LINK_INVALID otherwise). Signs the user’s other sessions out, sets the session cookie.',
        security: [],
        body: z.object({ token: z.string().min(1).max(200), password: ZPassword }),
        response: { 200: ZSignedIn, ...errors(409, 410) },
      },
    },
    async (req, reply) => sendSignedIn(deps, req, reply, await setPasswordWithLink(deps, req.body), 200),
  );
  app.post(
    '/api/v1/users/:id/password-link',
    {
      schema: {
        tags: ['sessions'],
        operationId: 'sendPasswordLink',
        summary: 'Mail the user a new one-time link to set a password (admin, or the owner of the user’s account)',
        params: ZIdParam,
        response: {
          202: z.object({ userId: z.string(), email: z.string(), expiresAt: z.string() }),
          ...errors(403, 404, 409),
        },
      },
    },
    async (req, reply) => reply.status(202).send(await sendPasswordLink(deps, principalOf(req), req.params.id)),
  );
  app.post(
    '/api/v1/users/:id/sessions',
    {
      config: { secretResponse: true },
      schema: {
        tags: ['staff'],
        operationId: 'issueUserSession',
        summary: 'Issue a session token for a user (admin; the hook for a provider’s own login integration)',
        params: ZIdParam,
        response: {
          201: z.object({
            token: z.string().describe('Shown once; a bearer token'),
            id: z.string(),
            userId: z.string(),
            role: z.string(),
            expiresAt: z.string(),
          }),
          ...errors(403, 404, 409),
        },
      },
    },
    async (req, reply) => reply.status(201).send(await issueSessionForUser(deps, principalOf(req), req.params.id)),
  );
}
