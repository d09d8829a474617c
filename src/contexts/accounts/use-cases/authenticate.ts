/**
 * Bearer tokens (R-ACC-4): the provider admin's token (TIERDESK_ADMIN_TOKEN, or generated at first start and stored
 * as an argon2 hash) or an API key `key_….<secret>` whose secret is stored as an argon2 hash. (Console session
 * tokens are the identity context's.)
 * argon2 is deliberately slow, so a verified token is remembered for a minute by its SHA-256 (never the token
 * itself). Revoking a key, disabling a user or changing a role drops the cache of this process at once and, on
 * PostgreSQL, of every other process through the auth change feed (issue 11).
 * An unknown key id is verified against a dummy hash, so it takes as long as a wrong secret (no id oracle).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';
import type { Db } from '../../../platform/db.js';
import { DomainError } from '../../../platform/errors.js';
import { ADMIN_PRINCIPAL, userPrincipal, type Principal } from '../../../platform/http/principal.js';
import { findKeyWithUser, touchApiKey } from '../store/account-store.js';

/** OWASP's argon2id minimum (19 MiB, 2 passes). */
const ARGON = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashSecret(secret: string): Promise<string> {
  return argonHash(secret, ARGON);
}

let dummy: Promise<string> | null = null;
const dummyHash = () => (dummy ??= hashSecret(randomBytes(24).toString('base64url')));

const sha256 = (s: string) => createHash('sha256').update(s).digest();

export class TokenCache {
  private readonly entries = new Map<string, { principal: Principal; expiresAt: number }>();
  constructor(
    /** Tells every other process (PostgreSQL NOTIFY inside the changing transaction); null on one process. */
    private readonly notify: ((tx: Db) => Promise<void>) | null = null,
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

  /** Inside a transaction that revokes keys or changes users: the other processes drop their caches on commit. */
  async announce(tx: Db): Promise<void> {
    await this.notify?.(tx);
  }

  dropKeys(keyIds: readonly string[]): void {
    const ids = new Set(keyIds);
    for (const [k, v] of this.entries) if (v.principal.keyId && ids.has(v.principal.keyId)) this.entries.delete(k);
  }

  dropUser(userId: string): void {
    for (const [k, v] of this.entries) if (v.principal.id === userId) this.entries.delete(k);
  }

  /** Another process changed keys or users (or the feed was lost): forget everything. */
  clear(): void {
    this.entries.clear();
  }
}

export interface AuthDeps {
  readonly db: Db;
  readonly cache: TokenCache;
  /** Plain admin token from the environment, if any. */
  readonly envAdminToken: string | null;
  /**
   * argon2 hash of the generated admin token, if any: read on each cache miss, so `tierdesk admin-token --rotate`
   * takes effect in a running server (on PostgreSQL it also tells every process to forget cached tokens).
   */
  readonly adminTokenHash: () => Promise<string | null>;
}

const KEY_TOKEN = /^(key_[0-9a-z]+)\.([A-Za-z0-9_-]{20,})$/;

/** The principal of the admin token or an API key. */
export async function authenticate(deps: AuthDeps, token: string): Promise<Principal> {
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
  const adminTokenHash = token.startsWith('tda_') ? await deps.adminTokenHash() : null;
  if (adminTokenHash && (await argonVerify(adminTokenHash, token))) {
    deps.cache.set(key, ADMIN_PRINCIPAL, now);
    return ADMIN_PRINCIPAL;
  }
  const km = KEY_TOKEN.exec(token);
  if (km) {
    const row = await findKeyWithUser(deps.db, km[1]!);
    // One verification whether or not the id exists (issue 11: no timing difference between ids).
    const verified = await argonVerify(row?.key.hash ?? (await dummyHash()), km[2]!).catch(() => false);
    if (row && verified && !row.key.revokedAt && !row.user.disabledAt) {
      const principal = userPrincipal(row.user, { via: 'api_key', keyId: row.key.id });
      deps.cache.set(key, principal, now);
      await touchApiKey(deps.db, row.key.id, new Date(now));
      return principal;
    }
  }
  throw new DomainError('UNAUTHENTICATED', {}, 'The token is not valid.');
}
