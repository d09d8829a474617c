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
