/**
 * Console sessions (R-UI-1): sign-in with email and password, who am I, sign-out. A session is a row (revocable
 * on every process at once, since each request reads it) with a token `ses_<id>.<secret>` — the console gets it as
 * an HttpOnly cookie, an integration as a bearer token — and a CSRF token the console sends on cookie writes.
 */
import { DomainError, notFound } from '../../../platform/errors.js';
import { authorize } from '../../../platform/http/authorize.js';
import { isStaff, userPrincipal, type Principal, type Role } from '../../../platform/http/principal.js';
import { newId, randomToken } from '../../../platform/ids.js';
import { LOCKOUT, lockSecondsAfter, secondsLocked } from '../domain/lockout.js';
import { normalizeEmail } from '../domain/password-policy.js';
import type { IdentityDeps, IdentityUser } from '../ports.js';
import * as store from '../store/identity-store.js';
import { csrfTokenOf, sameDigest, sha256Hex, verifyPassword } from './secrets.js';

export type SessionMethod = 'password' | 'oidc' | 'admin';

export function userView(u: IdentityUser) {
  return { id: u.id, name: u.name, email: u.email, role: u.role as Role, grade: u.grade, accountId: u.accountId };
}

export interface StartedSession {
  /** The secret-bearing token: the cookie's value or a bearer token. Shown once. */
  readonly token: string;
  readonly session: { id: string; expiresAt: string; csrfToken: string; method: SessionMethod };
  readonly user: ReturnType<typeof userView>;
}

export async function startSession(
  deps: IdentityDeps,
  user: IdentityUser,
  method: SessionMethod,
  db = deps.db,
): Promise<StartedSession> {
  const now = deps.wallClock();
  const id = newId('ses', now.getTime());
  const secret = randomToken(32);
  const expiresAt = new Date(now.getTime() + deps.config.sessionTtlHours * 3600_000);
  await store.insertSession(db, {
    id,
    userId: user.id,
    secretHash: sha256Hex(secret),
    method,
    createdAt: now,
    expiresAt,
  });
  return {
    token: `${id}.${secret}`,
    session: { id, expiresAt: expiresAt.toISOString(), csrfToken: csrfTokenOf(deps.sessionKey, id), method },
    user: userView(user),
  };
}

const SESSION_TOKEN = /^(ses_[0-9a-z]+)\.([A-Za-z0-9_-]{20,})$/;
export const isSessionToken = (token: string) => token.startsWith('ses_');

/** The principal of a session token; SESSION_EXPIRED for an expired or signed-out one. */
export async function authenticateSession(deps: IdentityDeps, token: string): Promise<Principal> {
  const m = SESSION_TOKEN.exec(token);
  const row = m ? await store.findSession(deps.db, m[1]!) : undefined;
  if (!row || !sameDigest(row.secretHash, sha256Hex(m![2]!)))
    throw new DomainError('UNAUTHENTICATED', {}, 'The session is not valid; sign in again.');
  if (row.revokedAt)
    throw new DomainError('SESSION_EXPIRED', { reason: 'signed_out' }, 'You were signed out; sign in again.');
  if (row.expiresAt.getTime() <= deps.wallClock().getTime())
    throw new DomainError(
      'SESSION_EXPIRED',
      { reason: 'expired', expiredAt: row.expiresAt.toISOString() },
      'Your session has expired; sign in again.',
    );
  const user = await deps.users.byId(row.userId);
  if (!user || user.disabled)
    throw new DomainError(
      'SESSION_EXPIRED',
      { reason: 'user_disabled' },
      'This user is disabled; ask your administrator.',
    );
  return userPrincipal(user, { via: 'session', sessionId: row.id });
}

export const emailSubject = (email: string) => `email:${sha256Hex(normalizeEmail(email))}`;

/** Refuses a locked subject with 429 and the seconds to wait. */
export async function refuseIfLocked(deps: IdentityDeps, subject: string, now: Date): Promise<void> {
  const row = await store.findThrottle(deps.db, subject);
  const wait = secondsLocked(row?.lockedUntil ?? null, now);
  if (wait !== null)
    throw new DomainError(
      'RATE_LIMITED',
      { retryAfterSeconds: wait },
      `Too many failed attempts; try again in ${wait} s.`,
    );
}

export async function countFailure(deps: IdentityDeps, subject: string, now: Date): Promise<void> {
  const failures = await store.countFailure(
    deps.db,
    subject,
    now,
    new Date(now.getTime() - LOCKOUT.forgetAfterSeconds * 1000),
  );
  const lock = lockSecondsAfter(failures);
  if (lock > 0) await store.lockSubject(deps.db, subject, new Date(now.getTime() + lock * 1000));
}

/**
 * R-UI-1: the same answer, after the same work (one argon2 verification), for an unknown email, a user without
 * a password, a disabled user and a wrong password; each counts toward the email's lock-out.
 */
export async function signIn(deps: IdentityDeps, input: { email: string; password: string }): Promise<StartedSession> {
  const now = deps.wallClock();
  const subject = emailSubject(input.email);
  await refuseIfLocked(deps, subject, now);
  const credential = await store.findCredentialByEmail(deps.db, normalizeEmail(input.email));
  const ok = await verifyPassword(credential?.hash, input.password);
  const user = ok && credential ? await deps.users.byId(credential.userId) : undefined;
  if (!user || user.disabled) {
    await countFailure(deps, subject, now);
    throw new DomainError('UNAUTHENTICATED', { reason: 'bad_credentials' }, 'The email or password is not right.');
  }
  await store.clearThrottle(deps.db, subject);
  return startSession(deps, user, 'password');
}

export async function currentSession(deps: IdentityDeps, principal: Principal) {
  const user = principal.id === 'admin' ? null : await deps.users.byId(principal.id);
  const account = principal.accountId ? await deps.users.account(principal.accountId) : undefined;
  const session = principal.sessionId ? await store.findSession(deps.db, principal.sessionId) : undefined;
  return {
    user: user
      ? userView(user)
      : { id: principal.id, name: 'Provider admin', email: null, role: principal.role, grade: null, accountId: null },
    role: principal.role,
    via: principal.via,
    account: account ?? null,
    locale: account?.locale ?? deps.catalog.def.locales[0]!,
    timeZone: account?.timeZone ?? null,
    session: session
      ? {
          id: session.id,
          method: session.method as SessionMethod,
          createdAt: session.createdAt.toISOString(),
          expiresAt: session.expiresAt.toISOString(),
          csrfToken: csrfTokenOf(deps.sessionKey, session.id),
        }
      : null,
  };
}

export async function signOut(deps: IdentityDeps, principal: Principal) {
  if (!principal.sessionId)
    throw new DomainError(
      'INVALID_STATE',
      { via: principal.via },
      'Only a session signs out; revoke an API key instead.',
    );
  const now = deps.wallClock();
  await store.revokeSession(deps.db, principal.sessionId, now);
  return { id: principal.sessionId, revokedAt: now.toISOString() };
}

/**
 * A session for a user, issued by the provider admin as a bearer token (the hook for a provider's own login
 * integration; R-TKT-6: sessions are not limited by the ticket_api entitlement).
 */
export async function issueSessionForUser(deps: IdentityDeps, principal: Principal, userId: string) {
  // Visibility first (a customer sees the users of its accounts only; others are NOT_FOUND), then the role table.
  const user = await deps.users.byId(userId);
  if (!user) throw notFound('user', userId);
  if (!isStaff(principal)) {
    const account =
      user.tenantId !== null && user.tenantId === principal.tenantId && user.accountId
        ? await deps.users.account(user.accountId)
        : undefined;
    if (!account || (account.id !== principal.accountId && account.parentId !== principal.accountId))
      throw notFound('user', userId);
  }
  authorize(principal, 'staff.issue_session');
  if (user.disabled) throw new DomainError('INVALID_STATE', { userId }, 'The user is disabled.');
  const started = await startSession(deps, user, 'admin');
  return {
    token: started.token,
    id: started.session.id,
    userId: user.id,
    role: user.role as Role,
    expiresAt: started.session.expiresAt,
  };
}

/** Sessions expired or revoked a day ago are deleted (wall time, like the sessions themselves). */
export function purgeSessions(deps: IdentityDeps): Promise<number> {
  return store.purgeSessions(deps.db, new Date(deps.wallClock().getTime() - 24 * 3600_000));
}
