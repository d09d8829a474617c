/**
 * R-OA-2 自动巡检: a schedule runs the checks every day or every week (on `weekday`, ISO 1 = Monday) at `at` in the
 * account's time zone. The next run is the first such local time after `after`; a local time that does not exist
 * (a DST gap) moves forward with the clock. Pure.
 */
import { DateTime } from 'luxon';

export type ScheduleEvery = 'day' | 'week';

export interface ScheduleSpec {
  readonly every: ScheduleEvery;
  /** HH:MM, 24-hour. */
  readonly at: string;
  /** ISO weekday of weekly runs. */
  readonly weekday: number;
}

export const CLOCK_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function nextRunAt(spec: ScheduleSpec, after: Date, zone: string): Date {
  const m = CLOCK_TIME.exec(spec.at);
  if (!m) throw new Error(`not a time of day: ${spec.at}`);
  const [hour, minute] = [Number(m[1]), Number(m[2])];
  const local = DateTime.fromJSDate(after, { zone });
  for (let d = 0; d <= 8; d++) {
    const day = local.startOf('day').plus({ days: d });
    if (spec.every === 'week' && day.weekday !== spec.weekday) continue;
    const at = DateTime.fromObject({ year: day.year, month: day.month, day: day.day, hour, minute }, { zone });
    if (at.toMillis() > after.getTime()) return at.toJSDate();
  }
  throw new Error('unreachable: a weekday repeats within 8 days');
}
