/**
 * Bearer tokens (R-ACC-4): the provider admin's token (TIERDESK_ADMIN_TOKEN, or generated at first start and stored
 * as an argon2 hash) or an API key `key_….<secret>` whose secret is stored as an argon2 hash.
 * argon2 is deliberately slow, so a verified token is remembered for a minute by its SHA-256 (never the token
 * itself); revoking a key drops it from this process's memory at once.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';
import { eq } from 'drizzle-orm';
import type { Db } from '../../../platform/db.js';
import { DomainError } from '../../../platform/errors.js';
import { ADMIN_PRINCIPAL, type Principal, type Role } from '../../../platform/http/principal.js';
import { apiKeys, users } from '../store/tables.js';

/** OWASP's argon2id minimum (19 MiB, 2 passes). */
const ARGON = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashSecret(secret: string): Promise<string> {
  return argonHash(secret, ARGON);
}

const sha256 = (s: string) => createHash('sha256').update(s).digest();

export class TokenCache {
  private readonly entries = new Map<string, { principal: Principal; expiresAt: number }>();
  constructor(
    private readonly ttlMs = 60_000,
    private readonly max = 10_000,
  ) {}

  get(digest: string, nowMs: number): Principal | undefined {
    const e = this.entries.get(digest);
    if (!e) return undefined;
    if (e.expiresAt <= nowMs) {
      this.entries.delete(digest);
      return undefined;
    }
    return e.principal;
  }

  set(digest: string, principal: Principal, nowMs: number): void {
    if (this.entries.size >= this.max) this.entries.clear();
    this.entries.set(digest, { principal, expiresAt: nowMs + this.ttlMs });
  }

  dropKey(keyId: string): void {
    for (const [k, v] of this.entries) if (v.principal.keyId === keyId) this.entries.delete(k);
  }
}

export interface AuthDeps {
  readonly db: Db;
  readonly cache: TokenCache;
  /** Plain admin token from the environment, if any. */
  readonly envAdminToken: string | null;
  /** argon2 hash of the generated admin token, if any. */
  readonly adminTokenHash: string | null;
  /** HS256 key for console session tokens. */
  readonly sessionKey: Uint8Array;
}

export const SESSION_TTL_SECONDS = 12 * 3600;

/** A console session token (jose, HS256) for a user; issued by the provider's login integration. */
export async function signSession(
  key: Uint8Array,
  user: { id: string },
  nowSeconds: number,
): Promise<{ token: string; expiresAt: Date }> {
  const exp = nowSeconds + SESSION_TTL_SECONDS;
  const { SignJWT } = await import('jose'); // loaded on first use: most starts never need it
  const token = await new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(user.id)
    .setIssuedAt(nowSeconds)
    .setExpirationTime(exp)
    .setAudience('tierdesk-console')
    .sign(key);
  return { token, expiresAt: new Date(exp * 1000) };
}

function principalOfUser(user: typeof users.$inferSelect, keyId: string | null, via: Principal['via']): Principal {
  return Object.freeze({
    id: user.id,
    role: user.role as Role,
    tenantId: user.tenantId,
    accountId: user.accountId,
    grade: user.grade,
    keyId,
    via,
  });
}

const KEY_TOKEN = /^(key_[0-9a-z]+)\.([A-Za-z0-9_-]{20,})$/;

export async function authenticate(deps: AuthDeps, header: string | undefined): Promise<Principal> {
  const m = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  if (!m) throw new DomainError('UNAUTHENTICATED', {}, 'Send Authorization: Bearer <token>.');
  const token = m[1]!;
  const digest = sha256(token);
  const key = digest.toString('hex');
  const now = Date.now();
  const cached = deps.cache.get(key, now);
  if (cached) return cached;

  if (deps.envAdminToken) {
    const expected = sha256(deps.envAdminToken);
    if (timingSafeEqual(expected, digest)) {
      deps.cache.set(key, ADMIN_PRINCIPAL, now);
      return ADMIN_PRINCIPAL;
    }
  }
  if (deps.adminTokenHash && token.startsWith('tda_') && (await argonVerify(deps.adminTokenHash, token))) {
    deps.cache.set(key, ADMIN_PRINCIPAL, now);
    return ADMIN_PRINCIPAL;
  }
  if (token.startsWith('eyJ')) {
    try {
      const { jwtVerify } = await import('jose');
      const { payload } = await jwtVerify(token, deps.sessionKey, {
        audience: 'tierdesk-console',
        algorithms: ['HS256'],
      });
      const [user] = await deps.db
        .select()
        .from(users)
        .where(eq(users.id, String(payload.sub)));
      if (user && !user.disabledAt) {
        const principal = principalOfUser(user, null, 'session');
        // Cached for the cache's minute only if the token outlives it.
        if ((payload.exp ?? 0) * 1000 > now + 60_000) deps.cache.set(key, principal, now);
        return principal;
      }
    } catch {
      /* invalid or expired: UNAUTHENTICATED below */
    }
  }
  const km = KEY_TOKEN.exec(token);
  if (km) {
    const [row] = await deps.db
      .select({ key: apiKeys, user: users })
      .from(apiKeys)
      .innerJoin(users, eq(users.id, apiKeys.userId))
      .where(eq(apiKeys.id, km[1]!));
    if (row && !row.key.revokedAt && !row.user.disabledAt && (await argonVerify(row.key.hash, km[2]!))) {
      const principal = principalOfUser(row.user, row.key.id, 'api_key');
      deps.cache.set(key, principal, now);
      await deps.db
        .update(apiKeys)
        .set({ lastUsedAt: new Date(now) })
        .where(eq(apiKeys.id, row.key.id));
      return principal;
    }
  }
  throw new DomainError('UNAUTHENTICATED', {}, 'The token is not valid.');
}
