/** All SQL of the identity context. Other contexts reach identity through its index.ts, never here. */
import { and, eq, isNull, lt, ne, or, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db.js';
import { oidcIdentities, passwordCredentials, passwordLinks, sessions, signInThrottle } from './tables.js';

export type SessionRow = typeof sessions.$inferSelect;
export type CredentialRow = typeof passwordCredentials.$inferSelect;

// --- passwords ---

export async function findCredentialByEmail(db: Db, email: string): Promise<CredentialRow | undefined> {
  const [row] = await db.select().from(passwordCredentials).where(eq(passwordCredentials.email, email));
  return row;
}

export async function findCredential(db: Db, userId: string): Promise<CredentialRow | undefined> {
  const [row] = await db.select().from(passwordCredentials).where(eq(passwordCredentials.userId, userId));
  return row;
}

/** Sets the user's password; false when the email already signs in another user (nothing written). */
export async function upsertCredential(
  db: Db,
  row: { userId: string; email: string; hash: string; updatedAt: Date },
): Promise<boolean> {
  if (!(await isEmailFree(db, row.email, row.userId))) return false;
  await db
    .insert(passwordCredentials)
    .values(row)
    .onConflictDoUpdate({
      target: passwordCredentials.userId,
      set: { email: row.email, hash: row.hash, updatedAt: row.updatedAt },
    });
  return true;
}

/** Whether the email may become a sign-in name of this user (no other user signs in with it). */
export async function isEmailFree(db: Db, email: string, userId: string): Promise<boolean> {
  const [taken] = await db
    .select({ userId: passwordCredentials.userId })
    .from(passwordCredentials)
    .where(and(eq(passwordCredentials.email, email), ne(passwordCredentials.userId, userId)));
  return !taken;
}

// --- sessions ---

export async function insertSession(db: Db, row: typeof sessions.$inferInsert): Promise<void> {
  await db.insert(sessions).values(row);
}

export async function findSession(db: Db, id: string): Promise<SessionRow | undefined> {
  const [row] = await db.select().from(sessions).where(eq(sessions.id, id));
  return row;
}

export async function revokeSession(db: Db, id: string, now: Date): Promise<boolean> {
  const done = await db
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.id, id), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  return done.length > 0;
}

/** Revokes every live session of the user except `keep` (a password change keeps the session that made it). */
export async function revokeUserSessions(db: Db, userId: string, now: Date, keep: string | null): Promise<number> {
  const done = await db
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), keep ? ne(sessions.id, keep) : undefined))
    .returning({ id: sessions.id });
  return done.length;
}

/** Sessions expired or revoked before `cutoff` are deleted (their 401 answers no longer need them). */
export async function purgeSessions(db: Db, cutoff: Date): Promise<number> {
  const gone = await db
    .delete(sessions)
    .where(or(lt(sessions.expiresAt, cutoff), lt(sessions.revokedAt, cutoff)))
    .returning({ id: sessions.id });
  return gone.length;
}

// --- one-time links ---

export async function insertPasswordLink(db: Db, row: typeof passwordLinks.$inferInsert): Promise<void> {
  await db.insert(passwordLinks).values(row);
}

export async function findPasswordLink(db: Db, tokenHash: string) {
  const [row] = await db.select().from(passwordLinks).where(eq(passwordLinks.tokenHash, tokenHash));
  return row;
}

/** Marks the link used, once: the row as it was before, or undefined when unknown or used already. */
export async function claimPasswordLink(db: Db, tokenHash: string, now: Date) {
  const [row] = await db
    .update(passwordLinks)
    .set({ usedAt: now })
    .where(and(eq(passwordLinks.tokenHash, tokenHash), isNull(passwordLinks.usedAt)))
    .returning();
  return row;
}

/** Older unused links of the user stop working when a new one is sent or the password is set. */
export async function retireUserLinks(db: Db, userId: string, now: Date): Promise<void> {
  await db
    .update(passwordLinks)
    .set({ usedAt: now })
    .where(and(eq(passwordLinks.userId, userId), isNull(passwordLinks.usedAt)));
}

// --- lock-out ---

export async function findThrottle(db: Db, subject: string) {
  const [row] = await db.select().from(signInThrottle).where(eq(signInThrottle.subject, subject));
  return row;
}

/**
 * Counts one failure atomically (concurrent failures each count); a count older than `forgetBefore` starts again.
 * Returns the new count.
 */
export async function countFailure(db: Db, subject: string, now: Date, forgetBefore: Date): Promise<number> {
  const [row] = await db
    .insert(signInThrottle)
    .values({ subject, failures: 1, lastFailureAt: now, lockedUntil: null })
    .onConflictDoUpdate({
      target: signInThrottle.subject,
      set: {
        failures: sql`CASE WHEN ${signInThrottle.lastFailureAt} < ${forgetBefore} THEN 1 ELSE ${signInThrottle.failures} + 1 END`,
        lastFailureAt: now,
      },
    })
    .returning({ failures: signInThrottle.failures });
  return row!.failures;
}

export async function lockSubject(db: Db, subject: string, until: Date): Promise<void> {
  await db.update(signInThrottle).set({ lockedUntil: until }).where(eq(signInThrottle.subject, subject));
}

export async function clearThrottle(db: Db, subject: string): Promise<void> {
  await db.delete(signInThrottle).where(eq(signInThrottle.subject, subject));
}

// --- OpenID Connect ---

export async function findOidcIdentity(db: Db, issuer: string, subject: string) {
  const [row] = await db
    .select()
    .from(oidcIdentities)
    .where(and(eq(oidcIdentities.issuer, issuer), eq(oidcIdentities.subject, subject)));
  return row;
}

export async function linkOidcIdentity(db: Db, row: typeof oidcIdentities.$inferInsert): Promise<void> {
  await db.insert(oidcIdentities).values(row).onConflictDoNothing();
}
