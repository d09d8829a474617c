/**
 * OpenID Connect sign-in routes (R-UI-1): how the console may sign in, the redirect to the identity provider, and
 * the callback. The two browser steps answer redirects, never JSON errors: a person follows them, and a refusal
 * lands on the sign-in page with `?oidc=<reason>`, which says what happened in the person's language.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type * as oidc from 'openid-client';
import { z } from 'zod';
import { OIDC_CALLBACK_PATH } from '../../../platform/config.js';
import { DomainError } from '../../../platform/errors.js';
import type { App } from '../../../platform/http/app.js';
import { readCookie } from '../../../platform/http/cookies.js';
import { errors } from '../../../platform/http/schemas.js';
import { sessionCookie } from '../domain/cookies.js';
import type { IdentityDeps } from '../ports.js';
import {
  finishOidcSignIn,
  OIDC_COOKIE,
  OIDC_LOGIN_SECONDS,
  OidcSignInRefused,
  startOidcSignIn,
  type OidcSettings,
} from '../use-cases/oidc.js';
import { isSecureRequest, ZSignedIn } from './routes.js';

const loginCookie = (value: string, maxAgeSeconds: number, secure: boolean) =>
  [
    `${OIDC_COOKIE}=${value}`,
    'Path=/api/v1/sessions/oidc',
    'HttpOnly',
    'SameSite=Lax',
    `Max-Age=${maxAgeSeconds}`,
    ...(secure ? ['Secure'] : []),
  ].join('; ');

const ZRedirect = z.null().describe('A redirect (`Location`)');

/** A client that asks for JSON (`Accept: application/json`, not a browser's navigation) gets JSON, not redirects. */
const wantsJson = (req: FastifyRequest) => {
  const accept = req.headers.accept ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
};

export function registerOidcRoutes(
  app: App,
  deps: IdentityDeps,
  oidcSettings: { settings: OidcSettings; discover: () => Promise<oidc.Configuration> } | null,
): void {
  const refuse = (req: FastifyRequest, reply: FastifyReply, err: unknown) => {
    const reason = err instanceof OidcSignInRefused ? err.reason : 'failed';
    const cause = err instanceof OidcSignInRefused ? err.cause : err;
    req.log.warn({ reason, err: cause }, 'OpenID Connect sign-in refused');
    void reply.header('set-cookie', loginCookie('', 0, isSecureRequest(deps, req)));
    void reply.header('cache-control', 'no-store');
    if (wantsJson(req))
      throw new DomainError('UNAUTHENTICATED', { reason: `oidc_${reason}` }, 'The OpenID Connect sign-in was refused.');
    return reply.redirect(`/sign-in?oidc=${reason}`, 303);
  };
  const configured = () => {
    if (!oidcSettings)
      throw new DomainError('NOT_FOUND', { signInMethod: 'oidc' }, 'OpenID Connect sign-in is not configured.');
    return oidcSettings;
  };

  app.get(
    '/api/v1/sessions/methods',
    {
      config: { public: true },
      schema: {
        tags: ['sessions'],
        operationId: 'listSignInMethods',
        summary: 'How users sign in here: email and password, and OpenID Connect when the provider configured it',
        security: [],
        response: {
          200: z.object({
            password: z.boolean(),
            oidc: z
              .object({
                name: z.string().describe('The identity provider, as the sign-in button names it'),
                url: z.string().describe('Open it in the browser (add ?returnTo=/path to come back there)'),
              })
              .nullable(),
          }),
          ...errors(),
        },
      },
    },
    async () => ({
      password: true,
      oidc: oidcSettings ? { name: oidcSettings.settings.name, url: '/api/v1/sessions/oidc' } : null,
    }),
  );

  app.get(
    '/api/v1/sessions/oidc',
    {
      config: { public: true },
      schema: {
        tags: ['sessions'],
        operationId: 'startOidcSignIn',
        summary: 'Sign in with OpenID Connect: redirects the browser to the identity provider (code flow + PKCE)',
        description:
          'Sets a short-lived `tierdesk_oidc` cookie (state, nonce, PKCE verifier; signed) and answers 303 to the provider (with `Accept: application/json`: 200 with the URL). `returnTo` is a console path to land on after the sign-in. 404 when not configured; an unreachable provider redirects to `/sign-in?oidc=unavailable`.',
        security: [],
        querystring: z.object({ returnTo: z.string().max(2000).optional() }),
        response: {
          200: z
            .object({ url: z.string().describe('The authorization URL to open') })
            .describe('With `Accept: application/json`: the URL instead of the redirect (the cookie is set alike)'),
          303: ZRedirect,
          ...errors(404),
        },
      },
    },
    async (req, reply) => {
      const { settings, discover } = configured();
      try {
        const started = await startOidcSignIn(deps, settings, discover, req.query.returnTo);
        void reply.header(
          'set-cookie',
          loginCookie(started.loginState, OIDC_LOGIN_SECONDS, isSecureRequest(deps, req)),
        );
        void reply.header('cache-control', 'no-store');
        if (wantsJson(req)) return reply.status(200).send({ url: started.location });
        return reply.redirect(started.location, 303);
      } catch (err) {
        return refuse(req, reply, err);
      }
    },
  );

  app.get(
    OIDC_CALLBACK_PATH,
    {
      config: { public: true },
      schema: {
        tags: ['sessions'],
        operationId: 'finishOidcSignIn',
        summary: 'The identity provider’s redirect back: signs the user in and redirects into the console',
        description:
          'Checks the state against the `tierdesk_oidc` cookie, exchanges the code (with the PKCE verifier), matches or creates the user (docs/API.md "OpenID Connect"), sets the session cookie and answers 303 to the `returnTo` path. Any refusal answers 303 to `/sign-in?oidc=<reason>` (`cancelled`, `expired`, `email_unverified`, `no_user`, `ambiguous`, `user_disabled`, `unavailable`, `failed`). With `Accept: application/json` (a client that follows the provider itself): 200 with the user and session like POST /sessions, refusals 401 UNAUTHENTICATED with `details.reason` `oidc_<reason>`.',
        security: [],
        querystring: z.object({}).catchall(z.string()),
        response: {
          200: ZSignedIn,
          303: ZRedirect,
          ...errors(404),
        },
      },
    },
    async (req, reply) => {
      const { settings, discover } = configured();
      const query = req.url.includes('?') ? req.url.slice(req.url.indexOf('?') + 1) : '';
      try {
        const done = await finishOidcSignIn(deps, settings, discover, {
          query,
          loginState: readCookie(req.headers.cookie, OIDC_COOKIE),
        });
        const secure = isSecureRequest(deps, req);
        void reply.header('set-cookie', [
          loginCookie('', 0, secure),
          sessionCookie(done.token, { maxAgeSeconds: deps.config.sessionTtlHours * 3600, secure }),
        ]);
        void reply.header('cache-control', 'no-store');
        if (wantsJson(req)) return reply.status(200).send({ user: done.user, session: done.session });
        return reply.redirect(done.returnTo, 303);
      } catch (err) {
        return refuse(req, reply, err);
      }
    },
  );
}
