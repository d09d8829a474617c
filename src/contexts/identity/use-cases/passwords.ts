/**
 * Passwords (R-UI-1): set when a user is created, or through a one-time link mailed to the user (an invitation,
 * or a new link an admin or the account's owner sends); changed by the signed-in user with the current one.
 * Setting a password signs the user's other sessions out.
 */
import type { Db } from '../../../platform/db.js';
import { inTransaction } from '../../../platform/deps.js';
import { DomainError, notFound, validationFailed } from '../../../platform/errors.js';
import type { Principal } from '../../../platform/http/principal.js';
import { randomToken } from '../../../platform/ids.js';
import { emailTakenMail, passwordLinkMail } from '../domain/messages.js';
import { normalizeEmail } from '../domain/password-policy.js';
import type { IdentityDeps, IdentityUser } from '../ports.js';
import * as store from '../store/identity-store.js';
import { hashPassword, sha256Hex, verifyPassword } from './secrets.js';
import { countFailure, refuseIfLocked, startSession } from './sessions.js';

const LINK_PLACEHOLDER = '{{set-password-link}}';

/** How long a set-password link works. */
export const PASSWORD_LINK_HOURS = 72;

const emailTaken = (email: string) =>
  new DomainError('EMAIL_TAKEN', { email }, 'This email already signs in another user; use another email.');

/** The console route the link opens (the console implements it and posts the token to POST /password/set). */
export function passwordLinkUrl(deps: IdentityDeps, token: string): string {
  const base = deps.config.publicUrl ?? `http://${deps.config.host}:${deps.config.port}`;
  return `${base.replace(/\/+$/, '')}/set-password?token=${encodeURIComponent(token)}`;
}

async function localeOf(deps: IdentityDeps, user: IdentityUser): Promise<string> {
  const account = user.accountId ? await deps.users.account(user.accountId) : undefined;
  return account?.locale ?? deps.catalog.def.locales[0]!;
}

/** Writes a new link (older ones stop working) and its mail, in the caller's transaction. */
async function writeLink(deps: IdentityDeps, tx: Db, user: IdentityUser, locale: string): Promise<{ expiresAt: Date }> {
  const now = deps.wallClock();
  const token = randomToken(32);
  const tokenHash = sha256Hex(token);
  const expiresAt = new Date(now.getTime() + PASSWORD_LINK_HOURS * 3600_000);
  await store.retireUserLinks(tx, user.id, now);
  await store.insertPasswordLink(tx, { tokenHash, userId: user.id, createdAt: now, expiresAt });
  // The link goes into the mail only when it is sent: the outbox keeps it sealed (issue 13; platform/sealed.ts).
  const mail = passwordLinkMail(locale, user.name, LINK_PLACEHOLDER, PASSWORD_LINK_HOURS);
  await deps.outbox.enqueue(
    tx,
    [
      deps.mail({
        tenantId: user.tenantId,
        accountId: user.accountId,
        kind: 'password_link',
        locale,
        to: user.email,
        subject: mail.subject,
        text: mail.text,
        secrets: { [LINK_PLACEHOLDER]: passwordLinkUrl(deps, token) },
        dedupeKey: `password-link:${tokenHash.slice(0, 32)}`,
      }),
    ],
    now,
  );
  return { expiresAt };
}

/** Who signs in with this email now (a password), if anyone. */
export async function emailHolder(
  deps: IdentityDeps,
  email: string,
): Promise<{ userId: string; tenantId: string | null } | null> {
  const credential = await store.findCredentialByEmail(deps.db, normalizeEmail(email));
  const user = credential ? await deps.users.byId(credential.userId) : undefined;
  return user ? { userId: user.id, tenantId: user.tenantId } : null;
}

/** A mail to an address that already signs in: someone tried to give it another sign-in; nothing changed. */
async function writeTakenNotice(deps: IdentityDeps, tx: Db, user: IdentityUser, locale: string): Promise<void> {
  const now = deps.wallClock();
  const mail = emailTakenMail(locale, user.name);
  await deps.outbox.enqueue(
    tx,
    [
      deps.mail({
        tenantId: user.tenantId,
        accountId: user.accountId,
        kind: 'email_taken_notice',
        locale,
        to: user.email,
        subject: mail.subject,
        text: mail.text,
        dedupeKey: `email-taken:${user.id}:${now.getTime()}`,
      }),
    ],
    now,
  );
}

/**
 * For a user being created (in the creating transaction): the given password, or else a one-time link by mail.
 * `password` was hashed before the transaction (argon2 holds no transaction open).
 */
export async function provisionCredentials(
  deps: IdentityDeps,
  tx: Db,
  user: IdentityUser,
  input: { passwordHash: string | null; locale: string; withhold?: boolean },
): Promise<{ passwordSet: boolean; linkExpiresAt: string | null }> {
  const email = normalizeEmail(user.email);
  if (input.withhold) {
    // The same answer as for a free email; the address's owner is told, the caller learns nothing (issue 13).
    await writeTakenNotice(deps, tx, user, input.locale);
    return {
      passwordSet: input.passwordHash !== null,
      linkExpiresAt: input.passwordHash
        ? null
        : new Date(deps.wallClock().getTime() + PASSWORD_LINK_HOURS * 3600_000).toISOString(),
    };
  }
  if (!(await store.isEmailFree(tx, email, user.id))) throw emailTaken(user.email);
  if (input.passwordHash) {
    await store.upsertCredential(tx, { userId: user.id, email, hash: input.passwordHash, updatedAt: deps.wallClock() });
    return { passwordSet: true, linkExpiresAt: null };
  }
  const { expiresAt } = await writeLink(deps, tx, user, input.locale);
  return { passwordSet: false, linkExpiresAt: expiresAt.toISOString() };
}

/**
 * Who may send a user a new link: the admin anyone; a customer the users of its own account and its subs (R-ACC-4
 * visibility; others are NOT_FOUND), and only an owner (FORBIDDEN otherwise).
 */
export async function sendPasswordLink(deps: IdentityDeps, principal: Principal, userId: string) {
  const user = await deps.users.byId(userId);
  if (!user) throw notFound('user', userId);
  if (principal.role !== 'provider_admin') {
    const account =
      user.tenantId !== null && user.tenantId === principal.tenantId && user.accountId
        ? await deps.users.account(user.accountId)
        : undefined;
    if (!account || (account.id !== principal.accountId && account.parentId !== principal.accountId))
      throw notFound('user', userId);
    if (principal.role !== 'customer_owner') throw new DomainError('FORBIDDEN', { requiredRole: 'customer_owner' });
  }
  if (user.disabled) throw new DomainError('INVALID_STATE', { userId }, 'The user is disabled.');
  const locale = await localeOf(deps, user);
  if (!(await store.isEmailFree(deps.db, normalizeEmail(user.email), user.id))) {
    const holder = await emailHolder(deps, user.email);
    // Another tenant's user (or staff) signs in with it: the same answer, and the address is told (issue 13).
    if (principal.role === 'provider_admin' || holder?.tenantId === principal.tenantId) throw emailTaken(user.email);
    await inTransaction(deps, (tx) => writeTakenNotice(deps, tx, user, locale), { keepsPlans: true });
    const expiresAt = new Date(deps.wallClock().getTime() + PASSWORD_LINK_HOURS * 3600_000);
    return { userId: user.id, email: user.email, expiresAt: expiresAt.toISOString() };
  }
  const { expiresAt } = await inTransaction(deps, (tx) => writeLink(deps, tx, user, locale), { keepsPlans: true });
  return { userId: user.id, email: user.email, expiresAt: expiresAt.toISOString() };
}

/** Consumes a link once: sets the password, signs the user's other sessions out, and signs the user in. */
export async function setPasswordWithLink(deps: IdentityDeps, input: { token: string; password: string }) {
  const tokenHash = sha256Hex(input.token);
  const invalid = new DomainError('LINK_INVALID');
  const link = await store.findPasswordLink(deps.db, tokenHash);
  // Read outside the transaction: the embedded database runs one transaction at a time on its one connection.
  const user = link ? await deps.users.byId(link.userId) : undefined;
  if (!link || link.usedAt || link.expiresAt.getTime() <= deps.wallClock().getTime() || !user || user.disabled)
    throw invalid;
  const passwordHash = await hashPassword(input.password);
  const email = normalizeEmail(user.email);
  return inTransaction(
    deps,
    async (tx) => {
      const now = deps.wallClock();
      // The claim is the once: of two concurrent uses, one finds the link used.
      if (!(await store.claimPasswordLink(tx, tokenHash, now))) throw invalid;
      if (!(await store.upsertCredential(tx, { userId: user.id, email, hash: passwordHash, updatedAt: now })))
        throw emailTaken(user.email);
      await store.retireUserLinks(tx, user.id, now);
      await store.revokeUserSessions(tx, user.id, now, null);
      return startSession(deps, user, 'password', tx);
    },
    { keepsPlans: true },
  );
}

/** The signed-in user changes their password; a wrong current one counts toward the user's lock-out. */
export async function changePassword(
  deps: IdentityDeps,
  principal: Principal,
  input: { currentPassword: string; newPassword: string },
) {
  if (principal.id === 'admin')
    throw new DomainError('FORBIDDEN', { via: principal.via }, 'The admin token has no password; sign in as a user.');
  const now = deps.wallClock();
  const subject = `user:${principal.id}`;
  await refuseIfLocked(deps, subject, now);
  const credential = await store.findCredential(deps.db, principal.id);
  if (!(await verifyPassword(credential?.hash, input.currentPassword))) {
    await countFailure(deps, subject, now);
    throw validationFailed([{ path: 'body.currentPassword', message: 'is not your current password' }]);
  }
  const hash = await hashPassword(input.newPassword);
  const revoked = await inTransaction(
    deps,
    async (tx) => {
      await store.upsertCredential(tx, { userId: principal.id, email: credential!.email, hash, updatedAt: now });
      await store.clearThrottle(tx, subject);
      return store.revokeUserSessions(tx, principal.id, now, principal.sessionId ?? null);
    },
    { keepsPlans: true },
  );
  return { userId: principal.id, changedAt: now.toISOString(), otherSessionsSignedOut: revoked };
}

/** Sets a password directly (the demo's logins, tests). */
export async function setPassword(deps: IdentityDeps, user: IdentityUser, password: string): Promise<void> {
  const hash = await hashPassword(password);
  const ok = await store.upsertCredential(deps.db, {
    userId: user.id,
    email: normalizeEmail(user.email),
    hash,
    updatedAt: deps.wallClock(),
  });
  if (!ok) throw emailTaken(user.email);
}
