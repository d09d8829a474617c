/**
 * Deadlines are data; sweeps find them (STYLE §7). A sweep does everything due at or before `now`, idempotently,
 * and can tell when its next item falls due. In production a pg-boss schedule ticks the sweeps every minute with
 * the system clock; with --test-clock, PUT /api/v1/test-clock steps the clock through every due instant in order,
 * so effects happen as if time had passed (a breach before a renewal before a month end…).
 */
import type { Logger } from './logger.js';
import type { TestClock } from './clock.js';

export interface Sweep {
  /** A dotted job name, e.g. "tickets.sla-sweep". */
  readonly name: string;
  /** Handles everything due at or before `now`; returns how many items it handled. Must be idempotent. */
  run(now: Date): Promise<number>;
  /** The earliest due instant of work not yet done, or null. */
  nextDue?(): Promise<Date | null>;
}

const MAX_STEPS = 100_000;

export class Scheduler {
  private readonly sweeps: Sweep[] = [];
  private running: Promise<unknown> = Promise.resolve();

  constructor(private readonly log: Logger) {}

  register(sweep: Sweep): void {
    if (this.sweeps.some((s) => s.name === sweep.name)) throw new Error(`sweep ${sweep.name} registered twice`);
    this.sweeps.push(sweep);
  }

  get names(): string[] {
    return this.sweeps.map((s) => s.name);
  }

  /** Runs every sweep at `now` until a whole pass handles nothing (one sweep's work may make another's due). */
  runDue(now: Date): Promise<number> {
    const next = this.running.then(() => this.runDueNow(now));
    this.running = next.catch(() => undefined);
    return next;
  }

  private async runDueNow(now: Date): Promise<number> {
    let total = 0;
    for (let pass = 0; pass < 20; pass++) {
      let handled = 0;
      for (const sweep of this.sweeps) {
        try {
          handled += await sweep.run(now);
        } catch (err) {
          this.log.error({ err, sweep: sweep.name }, 'sweep failed');
          throw err;
        }
      }
      total += handled;
      if (handled === 0) break;
    }
    return total;
  }

  /** Test clock: move to `target` through every due instant on the way, running the sweeps at each. */
  async advance(clock: TestClock, target: Date, persist: (at: Date) => Promise<void>): Promise<void> {
    await this.runDue(clock.now());
    for (let step = 0; step < MAX_STEPS; step++) {
      const due = (await Promise.all(this.sweeps.map((s) => s.nextDue?.() ?? Promise.resolve(null)))).filter(
        (d): d is Date => d !== null && d.getTime() > clock.now().getTime() && d.getTime() <= target.getTime(),
      );
      if (!due.length) break;
      const at = new Date(Math.min(...due.map((d) => d.getTime())));
      clock.set(at);
      await persist(at);
      await this.runDue(at);
    }
    clock.set(target);
    await persist(target);
    await this.runDue(target);
  }
}
