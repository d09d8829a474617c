/**
 * Secrets at start: the admin token (TIERDESK_ADMIN_TOKEN, or generated once, printed once and stored only as an
 * argon2 hash) and the signing secret (TIERDESK_SECRET, or generated once and kept with the data outside production).
 */
import { randomBytes } from 'node:crypto';
import type { Config } from '../platform/config.js';
import type { Db } from '../platform/db.js';
import { claimSetting, getSetting } from '../platform/settings.js';
import { hashSecret } from '../contexts/accounts/use-cases/authenticate.js';

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
    adminTokenHash = (await getSetting<string>(db, 'admin_token_hash')) ?? null;
    if (!adminTokenHash) {
      // Another process starting on the same new database may generate one first: theirs is kept and printed.
      const token = `tda_${randomBytes(24).toString('base64url')}`;
      const claimed = await claimSetting(db, 'admin_token_hash', await hashSecret(token));
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
