/** RATE_LIMITED: a fixed one-minute window per key, in memory (one server process per data dir). */
export class RateLimiter {
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
 * guessing costs the server no argon2 time. In memory, per process.
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

  record(key: string, nowMs: number): void {
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
