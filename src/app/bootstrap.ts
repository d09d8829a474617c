/**
 * Secrets at start: the admin token (TIERDESK_ADMIN_TOKEN, or generated once, printed once and stored only as an
 * argon2 hash) and the signing secret (TIERDESK_SECRET, or generated once and kept with the data outside production).
 */
import { randomBytes } from 'node:crypto';
import type { Config } from '../platform/config.js';
import type { Db } from '../platform/db.js';
import { claimSetting, getSetting, setSetting } from '../platform/settings.js';
import { hashSecret } from '../contexts/accounts/index.js';

const ADMIN_TOKEN_HASH = 'admin_token_hash';

export interface Secrets {
  /** argon2 hash of the generated admin token (null when the environment provides it). */
  readonly adminTokenHash: string | null;
  /** The admin token generated on this start, to print once; null otherwise. */
  readonly generatedAdminToken: string | null;
  readonly signingSecret: string;
}

export async function bootstrapSecrets(db: Db, config: Config): Promise<Secrets> {
  let adminTokenHash: string | null = null;
  let generatedAdminToken: string | null = null;
  if (!config.adminToken) {
    adminTokenHash = (await getSetting<string>(db, ADMIN_TOKEN_HASH)) ?? null;
    if (!adminTokenHash) {
      // Another process starting on the same new database may generate one first: theirs is kept and printed.
      const token = newAdminToken();
      const claimed = await claimSetting(db, ADMIN_TOKEN_HASH, await hashSecret(token));
      adminTokenHash = claimed.value;
      generatedAdminToken = claimed.isOurs ? token : null;
    }
  }
  let signingSecret = config.secret;
  if (!signingSecret) {
    signingSecret = (await getSetting<string>(db, 'signing_secret')) ?? null;
    if (!signingSecret)
      signingSecret = (await claimSetting(db, 'signing_secret', randomBytes(32).toString('base64url'))).value;
  }
  return { adminTokenHash, generatedAdminToken, signingSecret };
}

function newAdminToken(): string {
  return `tda_${randomBytes(24).toString('base64url')}`;
}

/** The stored hash of the generated admin token (null: none, e.g. TIERDESK_ADMIN_TOKEN has always been set). */
export async function currentAdminTokenHash(db: Db): Promise<string | null> {
  return (await getSetting<string>(db, ADMIN_TOKEN_HASH)) ?? null;
}

/**
 * `tierdesk admin-token --rotate`: a new generated admin token replaces the stored hash (the old token stops working:
 * servers read the hash on every cache miss, and `announce` — PostgreSQL NOTIFY in the same transaction — makes every
 * running process forget cached tokens). Returns the new token, which is shown once.
 */
export async function rotateAdminToken(db: Db, announce: ((tx: Db) => Promise<void>) | null): Promise<string> {
  const token = newAdminToken();
  const hash = await hashSecret(token);
  await db.transaction(async (tx) => {
    await setSetting(tx, ADMIN_TOKEN_HASH, hash);
    await announce?.(tx);
  });
  return token;
}
