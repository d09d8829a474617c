/**
 * What the HTTP edge asks of a request limiter (issue 11; on PostgreSQL issue 17 answers it from counters shared by
 * the processes, platform/http/shared-rate-limit.ts):
 * count one request against every bucket (key, user, account) and say how much is left of the tightest.
 */
export interface RequestLimiter {
  takeAll(buckets: readonly string[], nowMs: number): RateVerdict | Promise<RateVerdict>;
}

export interface RateVerdict {
  /** Seconds to wait when a bucket is used up, else null. */
  readonly retryAfterSeconds: number | null;
  readonly limit: number;
  readonly remaining: number;
  /** Seconds until the window resets. */
  readonly resetSeconds: number;
}

/**
 * RATE_LIMITED: a fixed one-minute window per bucket, in memory (per process: embedded mode, and the fallback of the
 * shared limiter when the database does not answer). Each request counts against its key,
 * its user and its account (issue 11: more keys do not buy more requests).
 */
export class RateLimiter implements RequestLimiter {
  /** Counts one request in every bucket; refused when any is over the limit. */
  takeAll(buckets: readonly string[], nowMs: number): RateVerdict {
    const resetSeconds = Math.max(1, Math.ceil((60_000 - (nowMs % 60_000)) / 1000));
    if (this.perMinute <= 0) return { retryAfterSeconds: null, limit: 0, remaining: 0, resetSeconds };
    let wait: number | null = null;
    let used = 0;
    for (const b of buckets) {
      const w = this.take(b, nowMs);
      if (w !== null) wait = Math.max(wait ?? 0, w);
      used = Math.max(used, this.windows.get(b)?.count ?? 0);
    }
    return {
      retryAfterSeconds: wait,
      limit: this.perMinute,
      remaining: Math.max(0, this.perMinute - used),
      resetSeconds,
    };
  }

  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(private readonly perMinute: number) {}

  /** Returns null when allowed, otherwise the seconds to wait. `nowMs` is wall time: limits protect the server. */
  take(key: string, nowMs: number): number | null {
    if (this.perMinute <= 0) return null;
    const start = nowMs - (nowMs % 60_000);
    let w = this.windows.get(key);
    if (!w || w.start !== start) {
      if (this.windows.size > 10_000) this.windows.clear();
      w = { start, count: 0 };
      this.windows.set(key, w);
    }
    w.count++;
    if (w.count <= this.perMinute) return null;
    return Math.max(1, Math.ceil((start + 60_000 - nowMs) / 1000));
  }
}

/**
 * Failed authentications per client address (bad tokens, wrong passwords): at most `perMinute` in a fixed
 * one-minute window; past that the address is refused (429) until the window ends, before any verification, so
 * guessing costs the server no argon2 time. In memory, per process (embedded; SharedFailureLimiter on PostgreSQL).
 */
export class FailureLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(private readonly perMinute: number) {}

  /** Seconds to wait when the address has used up its failures in this window, else null. */
  blocked(key: string, nowMs: number): number | null {
    if (this.perMinute <= 0) return null;
    const start = nowMs - (nowMs % 60_000);
    const w = this.windows.get(key);
    if (!w || w.start !== start || w.count < this.perMinute) return null;
    return Math.max(1, Math.ceil((start + 60_000 - nowMs) / 1000));
  }

  /** Counts one failure (the shared limiter also writes it to the database: await it). */
  record(key: string, nowMs: number): void | Promise<void> {
    if (this.perMinute <= 0) return;
    const start = nowMs - (nowMs % 60_000);
    let w = this.windows.get(key);
    if (!w || w.start !== start) {
      if (this.windows.size > 10_000) this.windows.clear();
      w = { start, count: 0 };
      this.windows.set(key, w);
    }
    w.count++;
  }
}
