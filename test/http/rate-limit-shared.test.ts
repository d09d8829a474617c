/**
 * Issue 17: rate limits that hold across processes (platform/http/shared-rate-limit.ts). First the slice algorithm
 * against an in-memory store shared by limiters standing for processes (exact bounds, statements per request,
 * refusals without a statement, the fallback); then two apps on one PostgreSQL database through inject(): together
 * they admit no more than the limit, per key/user/account and for failed authentications.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type Tierdesk } from '../../src/app/build-app.js';
import { testConfig } from '../../src/platform/config.js';
import { createLogger } from '../../src/platform/logger.js';
import {
  SharedFailureLimiter,
  SharedRateLimiter,
  type RateCounterStore,
} from '../../src/platform/http/shared-rate-limit.js';
import { PG_URL } from '../support/databases.js';
import { ADMIN_TOKEN, createCustomer, startTestApp, type TestApp } from '../support/harness.js';

const silent = createLogger('silent');

/** One table's worth of counters, shared by every limiter given it; counts its statements. */
class MemoryCounters implements RateCounterStore {
  readonly counts = new Map<string, number>();
  statements = 0;
  down = false;
  async add(windowStartMs: number, claims: readonly { bucket: string; n: number }[]) {
    this.statements++;
    if (this.down) throw new Error('connection refused');
    await Promise.resolve();
    const out = new Map<string, number>();
    for (const c of claims) {
      const k = `${c.bucket}@${windowStartMs}`;
      const v = (this.counts.get(k) ?? 0) + c.n;
      this.counts.set(k, v);
      out.set(c.bucket, v);
    }
    return out;
  }
  async prune(beforeMs: number) {
    for (const k of [...this.counts.keys()]) if (Number(k.split('@')[1]) < beforeMs) this.counts.delete(k);
  }
}

const T0 = Date.UTC(2026, 11, 1, 10, 0, 0); // a window's start

describe('shared rate limiter (slices of a window claimed from one store)', () => {
  it.each([
    [20, 2],
    [600, 2],
    [6000, 3],
  ])('limit %i, %i processes: together never more than the limit, at most (P−1)×(slice−1) fewer', async (limit, p) => {
    const store = new MemoryCounters();
    const procs = Array.from({ length: p }, () => new SharedRateLimiter(limit, store, silent));
    const take = (l: SharedRateLimiter, key: string) => l.takeAll([key, 'user:u', 'account:a'], T0 + 1000);
    let admitted = 0;
    // Every process busy at once (8 concurrent requests each, two keys of one user) for 60 % of the limit…
    while (admitted < limit * 0.6) {
      const verdicts = await Promise.all(
        procs.flatMap((l) => Array.from({ length: 8 }, (_, i) => take(l, i % 2 ? 'key:k' : 'key:k2'))),
      );
      admitted += verdicts.filter((v) => v.retryAfterSeconds === null).length;
    }
    // …then only the last process, until it is refused: the others keep what they hold unspent.
    const last = procs.at(-1)!;
    for (let n = 0; n < limit * 2; n++) {
      if ((await take(last, 'key:k')).retryAfterSeconds !== null) break;
      admitted++;
    }
    expect((await take(last, 'key:k')).retryAfterSeconds).not.toBeNull();
    const slice = procs[0]!.maxSlice;
    expect(slice).toBe(Math.max(1, Math.floor(limit / 100)));
    expect(admitted).toBeLessThanOrEqual(limit);
    expect(admitted).toBeGreaterThanOrEqual(limit - (p - 1) * (slice - 1));
    // The account's window in the store counted every admitted request.
    expect(store.counts.get(`account:a@${T0}`)).toBeGreaterThanOrEqual(admitted);
  });

  it('concurrent requests in one process share one claim in flight per bucket', async () => {
    const store = new MemoryCounters();
    const l = new SharedRateLimiter(6000, store, silent);
    const verdicts = await Promise.all(Array.from({ length: 16 }, () => l.takeAll(['key:k', 'user:u'], T0)));
    expect(verdicts.every((v) => v.retryAfterSeconds === null)).toBe(true);
    // Claims of 1, 2, 4, 8, 16: five statements for sixteen requests, not sixteen.
    expect(store.statements).toBe(5);
  });

  it('a busy client costs a statement per slice, not per request; a used-up bucket is refused without one', async () => {
    const store = new MemoryCounters();
    const l = new SharedRateLimiter(6000, store, silent);
    for (let i = 0; i < 3000; i++) expect((await l.takeAll(['key:k', 'user:u'], T0 + i)).retryAfterSeconds).toBeNull();
    // 1, 2, 4, …, 60 (1 % of 6000) and then 60 at a time: about 3000 / 60 + 7 statements.
    expect(store.statements).toBeLessThan(3000 / 60 + 10);
    expect(store.statements).toBeGreaterThan(3000 / 60 - 1);
    const small = new SharedRateLimiter(5, store, silent);
    const verdicts = [];
    for (let i = 0; i < 8; i++) verdicts.push(await small.takeAll(['key:s'], T0 + 30_000));
    expect(verdicts.map((v) => v.retryAfterSeconds === null)).toEqual([
      true,
      true,
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
    expect(verdicts.map((v) => v.remaining)).toEqual([4, 3, 2, 1, 0, 0, 0, 0]);
    expect(verdicts[5]!.retryAfterSeconds).toBe(30);
    expect(verdicts[5]!.resetSeconds).toBe(30);
    const before = store.statements;
    await small.takeAll(['key:s'], T0 + 31_000);
    expect(store.statements).toBe(before);
    // The next window starts afresh.
    expect((await small.takeAll(['key:s'], T0 + 60_000)).retryAfterSeconds).toBeNull();
    expect(store.counts.has(`key:s@${T0}`)).toBe(true); // the previous window is kept…
    await small.takeAll(['key:s'], T0 + 120_000);
    await new Promise((r) => setImmediate(r));
    expect(store.counts.has(`key:s@${T0}`)).toBe(false); // …and pruned a window later
    expect(store.counts.has(`key:s@${T0 + 60_000}`)).toBe(true);
  });

  it('another process’s requests count: the remaining header follows the shared window', async () => {
    const store = new MemoryCounters();
    const a = new SharedRateLimiter(10, store, silent);
    const b = new SharedRateLimiter(10, store, silent);
    for (let i = 0; i < 6; i++) await a.takeAll(['key:k'], T0);
    const seen = await b.takeAll(['key:k'], T0);
    expect(seen.retryAfterSeconds).toBeNull();
    expect(seen.remaining).toBe(3);
  });

  it('the store down: this process counts alone (in memory) and recovers', async () => {
    const store = new MemoryCounters();
    const l = new SharedRateLimiter(3, store, silent);
    store.down = true;
    const down = [];
    for (let i = 0; i < 4; i++) down.push((await l.takeAll(['key:k'], T0)).retryAfterSeconds === null);
    expect(down).toEqual([true, true, true, false]);
    store.down = false;
    expect((await l.takeAll(['key:other'], T0)).retryAfterSeconds).toBeNull();
    expect(store.counts.get(`key:other@${T0}`)).toBe(1);
  });

  it('failed authentications: one process learns of a block the others’ failures reached', async () => {
    const store = new MemoryCounters();
    const a = new SharedFailureLimiter(4, store, silent);
    const b = new SharedFailureLimiter(4, store, silent);
    for (let i = 0; i < 3; i++) await a.record('10.0.0.1', T0);
    expect(a.blocked('10.0.0.1', T0)).toBeNull();
    expect(b.blocked('10.0.0.1', T0)).toBeNull();
    await b.record('10.0.0.1', T0); // the fourth, counted by b
    expect(b.blocked('10.0.0.1', T0 + 10_000)).toBe(50);
    expect(b.blocked('10.0.0.2', T0)).toBeNull();
    expect(b.blocked('10.0.0.1', T0 + 60_000)).toBeNull(); // a new window
  });
});

describe.skipIf(!PG_URL)('rate limits across two server processes on one PostgreSQL database', () => {
  const LIMIT = 20;
  const FAILURES = 5;
  let t: TestApp;
  let second: Tierdesk;
  beforeAll(async () => {
    const config = { rateLimitPerMinute: LIMIT, authFailuresPerMinute: FAILURES };
    t = await startTestApp({ kind: 'postgres', testClock: false, config });
    second = await buildApp(
      testConfig({ databaseUrl: t.db.url, adminToken: ADMIN_TOKEN, testClock: false, ...config }),
    );
  });
  afterAll(async () => {
    await second?.close();
    await t?.close();
  });

  /** Starts in a window with at least `seconds` left (the counts are per wall-clock minute). */
  async function freshWindowFor(seconds: number): Promise<void> {
    const left = 60 - (Date.now() % 60_000) / 1000;
    if (left < seconds) await new Promise((r) => setTimeout(r, left * 1000 + 50));
  }

  const get = (app: Tierdesk, token: string, url: string) =>
    app.http.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });

  it('requests spread over both are refused past the limit of the two together, with RateLimit-* and Retry-After', async () => {
    const c = await createCustomer(t);
    await freshWindowFor(15);
    const replies = [];
    for (let i = 0; i < LIMIT * 2; i++)
      replies.push(await get(i % 2 ? second : t.app, c.token, `/api/v1/accounts/${c.id}`));
    const admitted = replies.filter((r) => r.statusCode === 200);
    // Each process alone would have admitted 20 (40 in all); shared, the 20 of one window (slices of 1 at this limit).
    expect(admitted.length).toBe(LIMIT);
    expect(replies.slice(0, LIMIT).every((r) => r.statusCode === 200)).toBe(true);
    const refused = replies.slice(LIMIT);
    expect(refused.every((r) => r.statusCode === 429)).toBe(true);
    expect(JSON.parse(refused[0]!.body).error.code).toBe('RATE_LIMITED');
    const retry = Number(refused[1]!.headers['retry-after']);
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(60);
    expect(refused[1]!.headers['ratelimit-remaining']).toBe('0');
    expect(admitted.map((r) => Number(r.headers['ratelimit-remaining']))).toEqual(
      Array.from({ length: LIMIT }, (_, i) => LIMIT - 1 - i),
    );
    expect(admitted[0]!.headers['ratelimit-limit']).toBe(String(LIMIT));
    // Another key of the same account is refused too (the account's bucket), on either process.
    const key2 = await t.api.post(`/api/v1/accounts/${c.id}/api-keys`, {});
    if ((Date.now() % 60_000) / 1000 < 55)
      expect((await get(second, key2.body.token, `/api/v1/accounts/${c.id}`)).statusCode).toBe(429);
  });

  it('failed authentications from one address are counted together: both refuse once the limit is reached', async () => {
    await freshWindowFor(15);
    const replies = [];
    for (let i = 0; i < FAILURES * 2; i++)
      replies.push(await get(i % 2 ? second : t.app, `bad-token-${i}`, '/api/v1/accounts'));
    const unauthenticated = replies.filter((r) => r.statusCode === 401).length;
    // Alone each would take 5 (10 in all). Shared: 5, and each other process may learn of the block one failure late.
    expect(unauthenticated).toBeGreaterThanOrEqual(FAILURES);
    expect(unauthenticated).toBeLessThanOrEqual(FAILURES + 1);
    expect(replies.slice(-2).map((r) => r.statusCode)).toEqual([429, 429]);
    expect(Number(replies.at(-1)!.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  });
});
