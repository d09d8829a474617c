/**
 * Time. Domain code takes `now` as a parameter; only the edges ask a Clock.
 * --test-clock: the clock stands still and moves only forward through PUT /api/v1/test-clock (like Stripe's).
 */
export interface Clock {
  now(): Date;
  readonly isTest: boolean;
}

export const systemClock: Clock = Object.freeze({ now: () => new Date(), isTest: false });

export const TEST_CLOCK_START = new Date('2026-01-01T00:00:00Z');

export class TestClock implements Clock {
  readonly isTest = true;
  private current: Date;

  constructor(start: Date = TEST_CLOCK_START) {
    this.current = new Date(start.getTime());
  }

  now(): Date {
    return new Date(this.current.getTime());
  }

  /** Moves forward (or stays); never back. */
  set(to: Date): void {
    if (to.getTime() < this.current.getTime()) throw new RangeError('the test clock only moves forward');
    this.current = new Date(to.getTime());
  }
}
