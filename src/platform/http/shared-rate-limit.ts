/**
 * Issue 17: rate limits that hold across the API processes on one PostgreSQL database. The counters live in
 * `rate_limit_windows` (one row per bucket and fixed one-minute window, UNLOGGED); a process claims a slice of a
 * bucket's window at a time with one `INSERT … ON CONFLICT DO UPDATE … RETURNING count` for all the buckets of a
 * request that need one, and spends the slice locally (docs/SCALING.md "Rate limits").
 *
 * - Never more than the limit: a slice is counted in the database before any of it is spent, so all processes
 *   together admit at most `perMinute` requests per bucket and window.
 * - At most (processes − 1) × (MAX_SLICE − 1) fewer: a slice another process holds but does not spend before the
 *   window ends is lost. Slices start at 1 and double per claim (a quiet client costs one statement per request, a
 *   busy one a statement per MAX_SLICE requests), never above 1 % of the limit nor an eighth of what is left.
 * - A bucket found used up is refused locally until the window ends (no statement per refused request).
 * - The database unreachable: this process falls back to its in-memory limiter (a warning), as embedded.
 *
 * Failed authentications (SharedFailureLimiter) are rare: each is counted in the database at once; an address is
 * refused locally once a count this process wrote reached the limit, so each other process may let through one more
 * failure per window (plus those already in flight) before it learns of the block.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../db.js';
import type { Logger } from '../logger.js';
import { FailureLimiter, RateLimiter, type RateVerdict, type RequestLimiter } from './rate-limit.js';

const WINDOW_MS = 60_000;

/** The store's one operation: add `n` to each bucket's window and answer the new counts. */
export interface RateCounterStore {
  add(windowStartMs: number, claims: readonly { bucket: string; n: number }[]): Promise<Map<string, number>>;
  /** Drops windows that ended before `beforeMs`. */
  prune(beforeMs: number): Promise<void>;
}

/** The PostgreSQL store: `rate_limit_windows`. */
export function postgresRateCounters(database: Pick<Database, 'rows'>): RateCounterStore {
  return {
    async add(windowStartMs, claims) {
      const start = new Date(windowStartMs).toISOString();
      const values = sql.join(
        claims.map((c) => sql`(${c.bucket}, ${start}::timestamptz, ${c.n}::int)`),
        sql`, `,
      );
      const rows = await database.rows<{ bucket: string; count: number }>(sql`
        INSERT INTO rate_limit_windows AS w (bucket, window_start, count) VALUES ${values}
        ON CONFLICT (bucket, window_start) DO UPDATE SET count = w.count + excluded.count
        RETURNING bucket, count`);
      return new Map(rows.map((r) => [r.bucket, Number(r.count)]));
    },
    async prune(beforeMs) {
      await database.rows(
        sql`DELETE FROM rate_limit_windows WHERE window_start < ${new Date(beforeMs).toISOString()}::timestamptz`,
      );
    },
  };
}

interface Slice {
  readonly bucket: string;
  windowStart: number;
  /** Claimed in the database and not yet spent here. */
  tokens: number;
  /** The window's count the database last answered (every process's claims). */
  seen: number;
  /** The size of the next claim. */
  next: number;
  /** The window is used up: refuse without asking. */
  exhausted: boolean;
  /** The claim in flight for this bucket (answers false when the store failed). */
  pending: Promise<boolean> | null;
}

const windowOf = (nowMs: number) => nowMs - (nowMs % WINDOW_MS);
const resetOf = (nowMs: number) => Math.max(1, Math.ceil((WINDOW_MS - (nowMs % WINDOW_MS)) / 1000));

/** Drops the previous windows at most once a window per process (several processes doing it is harmless). */
class Pruner {
  private lastWindow = 0;
  constructor(
    private readonly store: RateCounterStore,
    private readonly log: Logger,
  ) {}
  maybe(windowStart: number): void {
    if (windowStart === this.lastWindow) return;
    this.lastWindow = windowStart;
    this.store.prune(windowStart - WINDOW_MS).catch((err: unknown) => {
      this.log.warn({ err: (err as Error).message }, 'rate limit: pruning old windows failed');
    });
  }
}

export class SharedRateLimiter implements RequestLimiter {
  /** Largest slice a process holds: 1 % of the limit (the bound on what other processes may lose). */
  readonly maxSlice: number;
  private readonly slices = new Map<string, Slice>();
  private readonly fallback: RateLimiter;
  private readonly pruner: Pruner;
  private warned = false;

  constructor(
    private readonly perMinute: number,
    private readonly store: RateCounterStore,
    private readonly log: Logger,
  ) {
    this.maxSlice = Math.max(1, Math.floor(perMinute / 100));
    this.fallback = new RateLimiter(perMinute);
    this.pruner = new Pruner(store, log);
  }

  async takeAll(buckets: readonly string[], nowMs: number): Promise<RateVerdict> {
    const resetSeconds = resetOf(nowMs);
    if (this.perMinute <= 0) return { retryAfterSeconds: null, limit: 0, remaining: 0, resetSeconds };
    const windowStart = windowOf(nowMs);
    this.pruner.maybe(windowStart);
    const slices = buckets.map((b) => this.sliceOf(b, windowStart));
    // One claim in flight per bucket and process: concurrent requests wait for it (a process never holds more than
    // one slice of a bucket, which keeps the bound on what the others may lose).
    for (;;) {
      const need = slices.filter((s) => s.tokens === 0 && !s.exhausted && !s.pending);
      if (need.length) {
        const claim = this.claim(windowStart, need);
        for (const s of need) s.pending = claim;
      }
      const waiting = slices.filter((s) => s.tokens === 0 && !s.exhausted);
      if (!waiting.length) break;
      const answered = await Promise.all(waiting.map((s) => s.pending!));
      if (answered.includes(false)) return this.fallback.takeAll(buckets, nowMs);
    }
    let refused = false;
    let remaining = this.perMinute;
    for (const s of slices) {
      if (s.tokens > 0) {
        s.tokens--;
        if (s.tokens === 0 && s.seen >= this.perMinute) s.exhausted = true;
      } else {
        s.exhausted = true;
        refused = true;
      }
      // Used: every process's claims, less what this process still holds.
      remaining = Math.min(remaining, Math.max(0, this.perMinute - (s.seen - s.tokens)));
    }
    return {
      retryAfterSeconds: refused ? resetSeconds : null,
      limit: this.perMinute,
      remaining: refused ? 0 : remaining,
      resetSeconds,
    };
  }

  /** Claims a slice of each bucket's window in one statement; false when the store did not answer. */
  private async claim(windowStart: number, slices: readonly Slice[]): Promise<boolean> {
    const claims = slices.map((s) => ({
      bucket: s.bucket,
      n: Math.max(1, Math.min(s.next, this.maxSlice, Math.ceil((this.perMinute - s.seen) / 8))),
      slice: s,
    }));
    try {
      const counts = await this.store.add(windowStart, claims);
      this.warned = false;
      for (const c of claims) {
        const count = counts.get(c.bucket) ?? this.perMinute + c.n;
        // Of the n just counted, those within the limit are ours to spend.
        const granted = Math.max(0, Math.min(c.n, this.perMinute - (count - c.n)));
        c.slice.seen = Math.max(c.slice.seen, count);
        c.slice.tokens += granted;
        c.slice.next = Math.min(this.maxSlice, c.slice.next * 2);
        if (granted === 0) c.slice.exhausted = true;
      }
      return true;
    } catch (err) {
      if (!this.warned) {
        this.warned = true;
        this.log.warn({ err: (err as Error).message }, 'rate limit: shared counters unavailable; counting here');
      }
      return false;
    } finally {
      for (const s of slices) s.pending = null;
    }
  }

  private sliceOf(bucket: string, windowStart: number): Slice {
    let s = this.slices.get(bucket);
    if (!s || s.windowStart !== windowStart) {
      if (this.slices.size > 10_000) {
        for (const [k, v] of this.slices) if (v.windowStart !== windowStart) this.slices.delete(k);
        if (this.slices.size > 10_000) this.slices.clear();
      }
      s = { bucket, windowStart, tokens: 0, seen: 0, next: 1, exhausted: false, pending: null };
      this.slices.set(bucket, s);
    }
    return s;
  }
}

/** Failed authentications per address, counted in the shared table (bucket `fail:<address>`). */
export class SharedFailureLimiter extends FailureLimiter {
  /** Addresses whose failures reached the limit, with the window they did it in. */
  private readonly blockedIn = new Map<string, number>();
  private readonly pruner: Pruner;

  constructor(
    private readonly limit: number,
    private readonly store: RateCounterStore,
    private readonly log: Logger,
  ) {
    super(limit);
    this.pruner = new Pruner(store, log);
  }

  override blocked(key: string, nowMs: number): number | null {
    if (this.limit <= 0) return null;
    const local = super.blocked(key, nowMs);
    if (local !== null) return local;
    return this.blockedIn.get(key) === windowOf(nowMs) ? resetOf(nowMs) : null;
  }

  override async record(key: string, nowMs: number): Promise<void> {
    if (this.limit <= 0) return;
    // Counted here too: the block holds in this process if the database does not answer.
    await super.record(key, nowMs);
    const windowStart = windowOf(nowMs);
    this.pruner.maybe(windowStart);
    try {
      const counts = await this.store.add(windowStart, [{ bucket: `fail:${key}`, n: 1 }]);
      if ((counts.get(`fail:${key}`) ?? 0) >= this.limit) {
        if (this.blockedIn.size > 10_000) this.blockedIn.clear();
        this.blockedIn.set(key, windowStart);
      }
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, 'rate limit: shared failure counter unavailable');
    }
  }
}
