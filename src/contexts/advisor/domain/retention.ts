/**
 * Seed 000 §1.5.19: "对上述数据保存1个月". Resource history, samples, runs and findings are kept one month: anything
 * dated before `now` minus one calendar month (UTC) is deleted by the retention sweep, and samples that old are not
 * taken in. Pure.
 */
import { DateTime } from 'luxon';

export function retentionCutoff(now: Date): Date {
  return DateTime.fromJSDate(now, { zone: 'UTC' }).minus({ months: 1 }).toJSDate();
}

/** When data dated `at` falls out of the window: one calendar month later. */
export function expiresAt(at: Date): Date {
  return DateTime.fromJSDate(at, { zone: 'UTC' }).plus({ months: 1 }).toJSDate();
}
