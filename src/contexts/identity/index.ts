/**
 * The identity context's public face: console sign-in (R-UI-1) — passwords, sessions, one-time links,
 * lock-out, OpenID Connect. Users are the accounts context's; identity reaches them through the UserDirectory port.
 */
import type { Db } from '../../platform/db.js';
import type { Deps } from '../../platform/deps.js';
import type { SessionCookieRules } from '../../platform/http/auth-plugin.js';
import type { Principal } from '../../platform/http/principal.js';
import type { FailureLimiter } from '../../platform/http/rate-limit.js';
import type { Module } from '../../platform/module.js';
import { clearedSessionCookie, CSRF_HEADER, SESSION_COOKIE } from './domain/cookies.js';
import { registerIdentityRoutes, isSecureRequest, ZPassword } from './http/routes.js';
import { registerOidcRoutes } from './http/oidc-routes.js';
import { oidcDiscovery } from './use-cases/oidc.js';
import type { IdentityDeps, IdentityUser } from './ports.js';
import { emailHolder, provisionCredentials, setPassword } from './use-cases/passwords.js';
import { csrfTokenOf, hashPassword, sameText } from './use-cases/secrets.js';
import { authenticateSession, isSessionToken, purgeSessions } from './use-cases/sessions.js';

export type { IdentityDeps, IdentityUser, UserDirectory, MailEffect, IdentityAccount } from './ports.js';
export { ZPassword, hashPassword };

/** Given to the accounts context: what happens to a new user's password. */
export interface CredentialsPort {
  /** Hash a password before the creating transaction. */
  hash(password: string): Promise<string>;
  /**
   * Who already signs in with this email (read before the creating transaction), so that a customer creating a
   * user is not told about another tenant's users (issue 13: no cross-tenant enumeration).
   */
  emailHolder(email: string): Promise<{ userId: string; tenantId: string | null } | null>;
  /**
   * In the creating transaction: the hashed password, or a one-time link by mail. `withhold`: the email signs in
   * a user the caller may not know of — no sign-in is given, the address is told, and the answer is the same.
   */
  provision(
    tx: Db,
    user: IdentityUser,
    input: { passwordHash: string | null; locale: string; withhold?: boolean },
  ): Promise<{ passwordSet: boolean; linkExpiresAt: string | null }>;
}

/** What the identity module is given by others and the root. */
export type IdentityPorts = Omit<IdentityDeps, keyof Deps> & {
  /** Failed authentications per address (shared with the HTTP auth hook). */
  readonly failures: FailureLimiter;
};

export interface IdentityProvides {
  readonly isSessionToken: (token: string) => boolean;
  readonly authenticate: (token: string) => Promise<Principal>;
  readonly cookie: SessionCookieRules;
  readonly credentials: CredentialsPort;
  /** Sets a user's password directly (the demo's logins). */
  readonly setPassword: (userId: string, password: string) => Promise<void>;
}

export function createIdentityModule(base: Deps, ports: IdentityPorts): Module<IdentityProvides> {
  const { failures, ...own } = ports;
  const deps: IdentityDeps = { ...base, ...own };
  const settings = deps.config.oidc;
  // Discovered at the first OpenID Connect sign-in (a provider that is down does not stop the server starting).
  const oidc = settings ? { settings, discover: oidcDiscovery(settings) } : null;
  return {
    name: 'identity',
    routes: (app) => {
      registerIdentityRoutes(app, deps, failures);
      registerOidcRoutes(app, deps, oidc);
    },
    // Wall time, whatever the scheduler's clock says: sessions run on wall time.
    sweeps: [{ name: 'identity.session-purge', run: () => purgeSessions(deps) }],
    provides: {
      isSessionToken,
      authenticate: (token) => authenticateSession(deps, token),
      cookie: {
        name: SESSION_COOKIE,
        csrfHeader: CSRF_HEADER,
        csrfMatches: (principal, sent) =>
          principal.sessionId !== undefined && sameText(csrfTokenOf(deps.sessionKey, principal.sessionId), sent),
        cleared: (req) => clearedSessionCookie(isSecureRequest(deps, req)),
      },
      credentials: {
        hash: hashPassword,
        emailHolder: (email) => emailHolder(deps, email),
        provision: (tx, user, input) => provisionCredentials(deps, tx, user, input),
      },
      setPassword: async (userId, password) => {
        const user = await deps.users.byId(userId);
        if (!user) throw new Error(`no user ${userId}`);
        await setPassword(deps, user, password);
      },
    },
  };
}
