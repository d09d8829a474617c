/**
 * OpenID Connect sign-in (R-UI-1) for providers with their own IAM: the authorization code flow with PKCE
 * (openid-client). The browser goes to the identity provider with a state, a nonce and a code challenge whose
 * verifier waits in a short-lived signed cookie (`tierdesk_oidc`, HttpOnly, SameSite=Lax, 10 minutes); the provider
 * sends it back to the callback, which checks the state against that cookie, exchanges the code, reads the claims
 * and signs the user in with a session like a password sign-in (method `oidc`).
 *
 * Which user (README "OpenID Connect", docs/API.md): the (issuer, subject) linked before; else the one enabled user
 * with the claim `email` when `email_verified` is true (linked from then on); else, when
 * TIERDESK_OIDC_ACCOUNT_CLAIM is set and the claims name an existing account by its id, a new user of that account
 * with the role of TIERDESK_OIDC_ROLE_CLAIM (customer_owner or customer_member; customer_member when absent).
 * Staff are never created this way: the admin creates them, and they sign in by their verified email.
 */
import { createHmac } from 'node:crypto';
import * as oidc from 'openid-client';
import type { Config } from '../../../platform/config.js';
import * as store from '../store/identity-store.js';
import type { IdentityDeps, IdentityUser } from '../ports.js';
import { sameText } from './secrets.js';
import { startSession, type StartedSession } from './sessions.js';

export type OidcSettings = NonNullable<Config['oidc']>;

/** Why an OpenID Connect sign-in did not sign anyone in: the console's sign-in page says it (`?oidc=<reason>`). */
export type OidcRefusal =
  | 'unavailable' // the identity provider could not be reached (discovery, token exchange)
  | 'cancelled' // the provider answered with an error (the person cancelled, access_denied, …)
  | 'expired' // no, a stale or a forged login cookie: start again
  | 'email_unverified' // no linked user and no verified email to match
  | 'no_user' // no user matched and the creation rule made none
  | 'ambiguous' // the email names more than one enabled user
  | 'user_disabled'
  | 'failed'; // anything else the exchange refused (logged)

export class OidcSignInRefused extends Error {
  constructor(
    readonly reason: OidcRefusal,
    override readonly cause?: unknown,
  ) {
    super(`OpenID Connect sign-in refused: ${reason}`);
  }
}

export const OIDC_COOKIE = 'tierdesk_oidc';
export const OIDC_LOGIN_SECONDS = 600;
const CUSTOMER_ROLES = ['customer_owner', 'customer_member'] as const;

/** The provider's metadata, discovered once per module (and again after a failure). */
export function oidcDiscovery(settings: OidcSettings): () => Promise<oidc.Configuration> {
  let pending: Promise<oidc.Configuration> | null = null;
  return () => {
    pending ??= oidc
      .discovery(
        new URL(settings.issuer),
        settings.clientId,
        settings.clientSecret ?? undefined,
        settings.clientSecret ? undefined : oidc.None(),
        settings.allowInsecure ? { execute: [oidc.allowInsecureRequests] } : undefined,
      )
      .catch((err: unknown) => {
        pending = null;
        throw err;
      });
    return pending;
  };
}

/** A path inside the console to come back to; anything else (another origin, the API) is the home page. */
export function safeReturnPath(returnTo: string | undefined): string {
  if (!returnTo || !returnTo.startsWith('/') || returnTo.startsWith('//') || returnTo.includes('\\')) return '/';
  if (returnTo.startsWith('/api/') || returnTo.startsWith('/sign-in')) return '/';
  return returnTo;
}

interface LoginState {
  readonly state: string;
  readonly nonce: string;
  readonly verifier: string;
  readonly returnTo: string;
  readonly expiresAtMs: number;
}

const sign = (key: Uint8Array, payload: string) =>
  createHmac('sha256', key).update(`oidc-login:${payload}`).digest('base64url');

export function sealLoginState(key: Uint8Array, s: LoginState): string {
  const payload = Buffer.from(JSON.stringify(s)).toString('base64url');
  return `${payload}.${sign(key, payload)}`;
}

export function openLoginState(key: Uint8Array, value: string | null, nowMs: number): LoginState | null {
  if (!value) return null;
  const [payload, mac] = value.split('.');
  if (!payload || !mac || !sameText(sign(key, payload), mac)) return null;
  try {
    const s = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as LoginState;
    return typeof s.expiresAtMs === 'number' && s.expiresAtMs > nowMs ? s : null;
  } catch {
    return null;
  }
}

/** Step 1: where to send the browser, and the login cookie's value. */
export async function startOidcSignIn(
  deps: IdentityDeps,
  settings: OidcSettings,
  discover: () => Promise<oidc.Configuration>,
  returnTo: string | undefined,
): Promise<{ location: string; loginState: string }> {
  let config: oidc.Configuration;
  try {
    config = await discover();
  } catch (err) {
    throw new OidcSignInRefused('unavailable', err);
  }
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: settings.redirectUrl,
    scope: settings.scopes.split(/\s+/).includes('openid') ? settings.scopes : `openid ${settings.scopes}`,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  const loginState = sealLoginState(deps.sessionKey, {
    state,
    nonce,
    verifier,
    returnTo: safeReturnPath(returnTo),
    expiresAtMs: deps.wallClock().getTime() + OIDC_LOGIN_SECONDS * 1000,
  });
  return { location: url.href, loginState };
}

type Claims = Record<string, unknown>;

/** Step 2: the callback's query checked against the login cookie, the code exchanged, the user found or made. */
export async function finishOidcSignIn(
  deps: IdentityDeps,
  settings: OidcSettings,
  discover: () => Promise<oidc.Configuration>,
  input: { query: string; loginState: string | null },
): Promise<StartedSession & { returnTo: string }> {
  const login = openLoginState(deps.sessionKey, input.loginState, deps.wallClock().getTime());
  const params = new URLSearchParams(input.query);
  if (params.has('error')) throw new OidcSignInRefused('cancelled');
  if (!login) throw new OidcSignInRefused('expired');
  let config: oidc.Configuration;
  try {
    config = await discover();
  } catch (err) {
    throw new OidcSignInRefused('unavailable', err);
  }
  const callbackUrl = new URL(settings.redirectUrl);
  callbackUrl.search = params.toString();
  let claims: Claims;
  try {
    const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: login.verifier,
      expectedState: login.state,
      expectedNonce: login.nonce,
      idTokenExpected: true,
    });
    const idClaims = tokens.claims()!;
    claims = { ...idClaims };
    if (typeof claims.email !== 'string' && tokens.access_token) {
      // Providers that keep profile claims out of the ID token (oidc-provider does) answer them at userinfo.
      const info = await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub);
      claims = { ...info, ...idClaims };
    }
  } catch (err) {
    // The provider refused or answered something the checks refuse (state, nonce, PKCE, signature): failed;
    // it could not be reached: unavailable.
    const refused =
      err instanceof oidc.ResponseBodyError ||
      err instanceof oidc.AuthorizationResponseError ||
      err instanceof oidc.ClientError;
    throw new OidcSignInRefused(refused ? 'failed' : 'unavailable', err);
  }
  const user = await userFor(deps, settings, config.serverMetadata().issuer, claims);
  const started = await startSession(deps, user, 'oidc');
  return { ...started, returnTo: login.returnTo };
}

async function userFor(
  deps: IdentityDeps,
  settings: OidcSettings,
  issuer: string,
  claims: Claims,
): Promise<IdentityUser> {
  const subject = String(claims.sub);
  const link = (user: IdentityUser) =>
    store.linkOidcIdentity(deps.db, { issuer, subject, userId: user.id, createdAt: deps.wallClock() });
  const linked = await store.findOidcIdentity(deps.db, issuer, subject);
  if (linked) {
    const user = await deps.users.byId(linked.userId);
    if (!user || user.disabled) throw new OidcSignInRefused('user_disabled');
    return user;
  }
  const email = typeof claims.email === 'string' ? claims.email.trim() : '';
  if (!email || claims.email_verified !== true) throw new OidcSignInRefused('email_unverified');
  const known = await deps.users.byEmail(email);
  const enabled = known.filter((u) => !u.disabled);
  if (enabled.length > 1) throw new OidcSignInRefused('ambiguous');
  if (enabled.length === 1) {
    await link(enabled[0]!);
    return enabled[0]!;
  }
  if (known.length) throw new OidcSignInRefused('user_disabled');
  const accountId = settings.accountClaim ? claims[settings.accountClaim] : undefined;
  if (typeof accountId !== 'string' || !accountId) throw new OidcSignInRefused('no_user');
  const claimedRole = settings.roleClaim ? claims[settings.roleClaim] : undefined;
  const role = claimedRole === undefined ? 'customer_member' : claimedRole;
  if (!CUSTOMER_ROLES.includes(role as (typeof CUSTOMER_ROLES)[number])) throw new OidcSignInRefused('no_user');
  const name = typeof claims.name === 'string' && claims.name.trim() ? claims.name.trim().slice(0, 200) : email;
  const created = await deps.users.createCustomerUser({
    accountId,
    name,
    email,
    role: role as (typeof CUSTOMER_ROLES)[number],
  });
  if (!created) throw new OidcSignInRefused('no_user');
  await link(created);
  return created;
}
