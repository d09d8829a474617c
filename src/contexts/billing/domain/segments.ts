/**
 * R-BIL-2: which level held each day of a month, and the level segments (runs of days under one level) whose
 * incremental fees are computed apart. Days are provider-zone dates; a day belongs to the level that held it last:
 * the purchase day and an upgrade's or downgrade's day belong to the new level (as R-SUB-8 counts that day as
 * remaining for the old one), the unsubscribe or expiry day to the level that ended. Pure.
 */
import { dayIndexIn, type MonthWindow } from './month.js';

/** One row of the plan history: a paid level held from `fromAt` until `toAt` (null: still held). */
export interface HeldLevel {
  readonly level: string;
  readonly fromAt: Date;
  readonly toAt: Date | null;
}

export interface Segment {
  readonly level: string;
  /** First and last day index (inclusive) within the month. */
  readonly firstDay: number;
  readonly lastDay: number;
}

export const segmentDays = (s: { firstDay: number; lastDay: number }) => s.lastDay - s.firstDay + 1;

const dayIndex = (at: Date, window: MonthWindow) => dayIndexIn(window, at);

/** The days of the month an interval [fromAt, toAt) touches, as inclusive day indexes, or null if none. */
export function daysTouched(
  fromAt: Date,
  toAt: Date | null,
  window: MonthWindow,
): { first: number; last: number } | null {
  const isEmpty = toAt !== null && toAt.getTime() <= fromAt.getTime();
  if (fromAt.getTime() >= window.end.getTime()) return null;
  if (isEmpty ? fromAt.getTime() < window.start.getTime() : toAt !== null && toAt.getTime() <= window.start.getTime())
    return null;
  const first = Math.max(0, dayIndex(fromAt, window));
  // An interval ending exactly at midnight does not touch the day it ends on; an empty one touches its day.
  const lastAt = toAt === null ? null : new Date(Math.max(fromAt.getTime(), toAt.getTime() - 1));
  const last = lastAt === null ? window.days - 1 : Math.min(window.days - 1, dayIndex(lastAt, window));
  return last >= first ? { first, last } : null;
}

/** For each day of the month, the paid level held (the one that held it last), or null. */
export function levelByDay(history: readonly HeldLevel[], window: MonthWindow): (string | null)[] {
  const days: (string | null)[] = new Array<string | null>(window.days).fill(null);
  const ordered = [...history].sort((a, b) => a.fromAt.getTime() - b.fromAt.getTime());
  for (const row of ordered) {
    const touched = daysTouched(row.fromAt, row.toAt, window);
    if (!touched) continue;
    for (let d = touched.first; d <= touched.last; d++) days[d] = row.level;
  }
  return days;
}

/** Runs of consecutive days under one level. */
export function segmentsOf(days: readonly (string | null)[]): Segment[] {
  const out: Segment[] = [];
  for (let d = 0; d < days.length; d++) {
    const level = days[d];
    if (level === null || level === undefined) continue;
    let last = d;
    while (last + 1 < days.length && days[last + 1] === level) last++;
    out.push({ level, firstDay: d, lastDay: last });
    d = last;
  }
  return out;
}

/** A sharing switch of a custody master (R-ACC-2): on or off from `at`. */
export interface SharingSwitch {
  readonly at: Date;
  readonly enabled: boolean;
}

/**
 * The days on which the master's plan was shared: sharing was on at some moment of the day. `switches` are every
 * switch up to the month's end, in any order; the state before the first is off.
 */
export function sharedByDay(switches: readonly SharingSwitch[], window: MonthWindow): boolean[] {
  const days: boolean[] = new Array<boolean>(window.days).fill(false);
  const ordered = [...switches].sort((a, b) => a.at.getTime() - b.at.getTime());
  let onSince: Date | null = null;
  const mark = (from: Date, to: Date | null) => {
    const touched = daysTouched(from, to, window);
    if (touched) for (let d = touched.first; d <= touched.last; d++) days[d] = true;
  };
  for (const s of ordered) {
    if (s.at.getTime() >= window.end.getTime()) break;
    if (s.enabled && onSince === null) onSince = s.at;
    else if (!s.enabled && onSince !== null) {
      mark(onSince, s.at);
      onSince = null;
    }
  }
  if (onSince !== null) mark(onSince, null);
  return days;
}

/** Inclusive day ranges where `pick(d)` holds, within [first, last]. */
export function dayRanges(
  first: number,
  last: number,
  pick: (d: number) => boolean,
): { first: number; last: number }[] {
  const out: { first: number; last: number }[] = [];
  for (let d = first; d <= last; d++) {
    if (!pick(d)) continue;
    const prev = out[out.length - 1];
    if (prev && prev.last === d - 1) prev.last = d;
    else out.push({ first: d, last: d });
  }
  return out;
}
