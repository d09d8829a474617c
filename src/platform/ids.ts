/**
 * Opaque ids with a type prefix (API conventions): `acc_…`, `ord_…`, `tkt_…`. The body is a ULID-style
 * Crockford base32 string: 10 characters of millisecond time then 16 random ones, so ids sort by creation.
 */
import { randomBytes, randomFillSync } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

function encodeTime(ms: number): string {
  let out = '';
  let t = ms;
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[t % 32] + out;
    t = Math.floor(t / 32);
  }
  return out;
}

/** Random bytes drawn from the CSPRNG 4 KiB at a time: one call per 340 ids instead of one per id. */
const pool = Buffer.allocUnsafe(4096);
let used = pool.length;

function encodeRandom(len: number): string {
  if (used + len > pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  let out = '';
  for (let i = used; i < used + len; i++) out += ALPHABET[pool[i]! % 32];
  used += len;
  return out;
}

const SEQ_SPACE = 32 ** 4;
let seq = 0;

/**
 * `now` keeps ids sortable under a test clock too; within one millisecond a process-wide counter right after the
 * time keeps them in creation order (it never restarts at 0 when ids of other instants come in between, as the
 * wall-clock request ids do under a test clock).
 */
export function newId(prefix: string, nowMs: number = Date.now()): string {
  seq = (seq + 1) % SEQ_SPACE;
  return `${prefix}_${encodeTime(nowMs)}${seq.toString(32).padStart(4, '0')}${encodeRandom(12)}`;
}

export function randomToken(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}
