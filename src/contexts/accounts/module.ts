/**
 * The accounts module (platform/module.ts): accounts, users and API keys (routes), and `authenticate` for the HTTP
 * auth hook — console sessions through the identity context, the admin token and API keys here — with the token
 * cache both share (revoking a key drops it at once; on PostgreSQL every other process hears of it).
 */
import type { Db } from '../../platform/db.js';
import type { Deps } from '../../platform/deps.js';
import type { Principal } from '../../platform/http/principal.js';
import type { Module } from '../../platform/module.js';
import type { CredentialsPort } from '../identity/index.js';
import type { Notifier } from '../notifications/index.js';
import { registerInvitationRoutes } from './http/invitation-routes.js';
import { registerAccountRoutes } from './http/routes.js';
import type { InvitationDeps } from './use-cases/sub-account-invitations.js';
import { authenticate, TokenCache } from './use-cases/authenticate.js';

export interface AccountsPorts {
  /** argon2 hash of the generated admin token now, if any (app/bootstrap.ts; `tierdesk admin-token --rotate`). */
  readonly adminTokenHash: () => Promise<string | null>;
  /** What happens to a new user's password (the identity module's). */
  readonly credentials: CredentialsPort;
  /** Console session tokens (the identity module's). */
  readonly sessions: {
    readonly isSessionToken: (token: string) => boolean;
    readonly authenticate: (token: string) => Promise<Principal>;
  };
  /** How a transaction that changes keys or users tells other processes (PostgreSQL); null: there are none. */
  readonly notifyAuthChange?: ((tx: Db) => Promise<void>) | null;
  /** Tells invitees and masters about sub-account invitations (the notifications module's). */
  readonly notifier?: Notifier | null;
  /** The account's own paid plan now, or null (the subscriptions module's; seed 001 §6.4b). */
  readonly ownPaidPlan?: InvitationDeps['ownPaidPlan'];
}

export interface AccountsProvides {
  /** The principal of a bearer token (a console session, the admin token or an API key), or UNAUTHENTICATED. */
  readonly authenticate: (token: string) => Promise<Principal>;
  /** Another process changed keys or users: forget every cached token. */
  readonly forgetTokens: () => void;
}

export function createAccountsModule(deps: Deps, ports: AccountsPorts): Module<AccountsProvides> {
  // Tokens: cached per process; revocations, disabled users and role changes reach every process (issue 11).
  const tokenCache = new TokenCache(ports.notifyAuthChange ?? null);
  const tokenAuth = {
    db: deps.db,
    cache: tokenCache,
    envAdminToken: deps.config.adminToken,
    adminTokenHash: ports.adminTokenHash,
  };
  const { sessions } = ports;
  return {
    name: 'accounts',
    routes: (app) => {
      registerAccountRoutes(app, { ...deps, tokenCache, credentials: ports.credentials });
      registerInvitationRoutes(app, {
        ...deps,
        tokenCache,
        notifier: ports.notifier ?? null,
        ownPaidPlan: ports.ownPaidPlan ?? null,
      });
    },
    provides: {
      authenticate: (token) =>
        sessions.isSessionToken(token) ? sessions.authenticate(token) : authenticate(tokenAuth, token),
      forgetTokens: () => tokenCache.clear(),
    },
  };
}
