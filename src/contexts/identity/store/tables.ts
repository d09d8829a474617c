/**
 * Identity context tables: console sign-in (R-UI-1). Users themselves belong to the accounts context; these rows
 * hold how a user proves who they are (a password, an OpenID Connect subject), the sessions that proves, one-time
 * set-password links and the sign-in lock-out. Secrets are never stored: passwords as argon2 hashes, session and
 * link secrets as SHA-256 digests (they are long random strings, so a fast digest is enough).
 */
import { index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** One password per user; `email` (lower-cased) is the sign-in name and signs in one user only. */
export const passwordCredentials = pgTable(
  'password_credentials',
  {
    userId: text('user_id').primaryKey(),
    email: text('email').notNull(),
    hash: text('hash').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [uniqueIndex('password_credentials_email_idx').on(t.email)],
);

/** Signed-in sessions: `ses_<id>.<secret>`, the secret's SHA-256 kept; revoked on sign-out, expired by time. */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull(),
    secretHash: text('secret_hash').notNull(),
    /** password | oidc | admin (issued by the provider admin: POST /users/{id}/sessions) */
    method: text('method').notNull(),
    createdAt: ts('created_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    revokedAt: ts('revoked_at'),
  },
  (t) => [index('sessions_user_idx').on(t.userId), index('sessions_expires_idx').on(t.expiresAt)],
);

/** One-time links to set a password (invitations, resets); the token's SHA-256 is the key. */
export const passwordLinks = pgTable(
  'password_links',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: text('user_id').notNull(),
    createdAt: ts('created_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    usedAt: ts('used_at'),
  },
  (t) => [index('password_links_user_idx').on(t.userId)],
);

/**
 * Failed sign-ins per subject (`email:<sha256>` of the lower-cased email, whether or not a user has it — no
 * enumeration oracle — or `user:<id>` for password changes) and the lock-out they earn.
 */
export const signInThrottle = pgTable('sign_in_throttle', {
  subject: text('subject').primaryKey(),
  failures: integer('failures').notNull(),
  lastFailureAt: ts('last_failure_at').notNull(),
  lockedUntil: ts('locked_until'),
});

/** OpenID Connect subjects linked to users: matched by subject first, by verified email on the first sign-in. */
export const oidcIdentities = pgTable(
  'oidc_identities',
  {
    issuer: text('issuer').notNull(),
    subject: text('subject').notNull(),
    userId: text('user_id').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.issuer, t.subject] }), index('oidc_identities_user_idx').on(t.userId)],
);
