/**
 * Secrets that must wait in the database until they are used (a set-password link in an outbox mail): sealed with
 * AES-256-GCM under a key derived from the server's signing secret, so a copy of the outbox or a backup does not
 * hold a usable link. `v1.<iv|tag|ciphertext, base64url>`; unsealing a value sealed under another key (a changed
 * TIERDESK_SECRET) or altered fails.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

export function sealKeyOf(signingSecret: string, purpose: string): Uint8Array {
  return createHash('sha256').update(`tierdesk-seal:${purpose}:${signingSecret}`).digest();
}

export function seal(key: Uint8Array, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `v1.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
}

/** The plaintext, or null when the value is not one this key sealed. */
export function unseal(key: Uint8Array, sealed: string): string | null {
  if (!sealed.startsWith('v1.')) return null;
  const raw = Buffer.from(sealed.slice(3), 'base64url');
  if (raw.length < 28) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
