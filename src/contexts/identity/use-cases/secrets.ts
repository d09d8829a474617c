/**
 * Password hashing and the digests of random secrets. argon2id with OWASP's minimum (19 MiB, 2 passes); a
 * dummy hash with the same parameters is verified when there is nothing to verify against, so an unknown email
 * (or API key id) costs the same time as a wrong password (no enumeration by timing).
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';

const ARGON = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashPassword(secret: string): Promise<string> {
  return argonHash(secret, ARGON);
}

let dummy: Promise<string> | null = null;
/** A hash of a random secret nobody knows, made once per process. */
export function dummyHash(): Promise<string> {
  return (dummy ??= argonHash(randomBytes(32).toString('base64url'), ARGON));
}

/** Verifies against `hash`, or against the dummy hash when there is none (and then answers false). */
export async function verifyPassword(hash: string | null | undefined, secret: string): Promise<boolean> {
  const ok = await argonVerify(hash ?? (await dummyHash()), secret).catch(() => false);
  return ok && hash != null;
}

export const sha256Hex = (s: string) => createHash('sha256').update(s).digest('hex');

export function sameDigest(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The CSRF token of a session: an HMAC of its id, so nothing more is stored and it cannot be guessed. */
export function csrfTokenOf(key: Uint8Array, sessionId: string): string {
  return createHmac('sha256', key).update(`csrf:${sessionId}`).digest('base64url');
}

export function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
