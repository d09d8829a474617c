/**
 * Brute-force oracle for the business calendar, written apart from src/domain/calendar on purpose: it steps one
 * minute at a time and decides each minute from its local wall time, read with Intl.DateTimeFormat (no luxon).
 * Only the UTC offset is cached, per UTC hour. NOTE: that assumes offsets change on whole UTC hours, true for the
 * zones the tests use (New York, Paris, São Paulo, Shanghai, Hong Kong, Kolkata).
 * Minute-aligned starts and whole-minute targets (≥ 1) only.
 */
import type { BusinessCalendar } from '../../src/domain/calendar/business-calendar.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const MAX_MINUTES = 60 * 24 * 3700;

interface OracleClock {
  isOpen(minuteStartMs: number): boolean;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const hourOffsets = new Map<string, Map<number, number>>();

/** Offset in whole minutes of `zone` during the UTC hour containing `ms`. */
function offsetMinutes(zone: string, ms: number): number {
  const hour = Math.floor(ms / HOUR);
  let perZone = hourOffsets.get(zone);
  if (!perZone) hourOffsets.set(zone, (perZone = new Map()));
  const cached = perZone.get(hour);
  if (cached !== undefined) return cached;
  let fmt = formatters.get(zone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formatters.set(zone, fmt);
  }
  const at = hour * HOUR;
  const p: Record<string, number> = {};
  for (const part of fmt.formatToParts(new Date(at))) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const wall = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!);
  const offset = Math.round((wall - at) / MINUTE);
  perZone.set(hour, offset);
  return offset;
}

function minutesOfDay(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
}

const clocks = new WeakMap<BusinessCalendar, OracleClock>();

function clockOf(cal: BusinessCalendar): OracleClock {
  let clock = clocks.get(cal);
  if (!clock) clocks.set(cal, (clock = buildClock(cal)));
  return clock;
}

function buildClock(cal: BusinessCalendar): OracleClock {
  const hours = cal.hours;
  if (hours.kind === 'always') return { isOpen: () => true };
  const windows = hours.windows.map((w) => ({ from: minutesOfDay(w.from), to: minutesOfDay(w.to) }));
  const dayOpen = new Map<number, boolean>();
  const isDayOpen = (wallDay: number): boolean => {
    let open = dayOpen.get(wallDay);
    if (open === undefined) {
      const d = new Date(wallDay * 86_400_000);
      const weekday = d.getUTCDay() === 0 ? 7 : d.getUTCDay();
      const ymd = d.toISOString().slice(0, 10);
      open = hours.days.includes(weekday);
      if (hours.workingDaysOnly && cal.holidays) {
        const kind = cal.holidays.days.get(ymd);
        if (kind === 'holiday') open = false;
        else if (kind === 'workday') open = true;
      }
      dayOpen.set(wallDay, open);
    }
    return open;
  };
  return {
    isOpen(ms) {
      const wallMinute = ms / MINUTE + offsetMinutes(cal.zone, ms);
      const wallDay = Math.floor(wallMinute / 1440);
      if (!isDayOpen(wallDay)) return false;
      const minute = wallMinute - wallDay * 1440;
      return windows.some((w) => minute >= w.from && minute < w.to);
    },
  };
}

function checkAligned(ms: number): void {
  if (ms % MINUTE !== 0) throw new Error(`oracle: ${new Date(ms).toISOString()} is not minute-aligned`);
}

/**
 * The deadline convention (R-TKT-3): the first instant at which the `targetMinutes`-th open minute from `startMs`
 * has ended *and* the clock is running — the end of that minute when the next minute is open, else the start of the
 * next open minute (a target used up at a close is due at the next opening).
 */
export function oracleAddBusinessMinutes(startMs: number, targetMinutes: number, cal: BusinessCalendar): number {
  checkAligned(startMs);
  const clock = clockOf(cal);
  let counted = 0;
  for (let i = 0, t = startMs; i < MAX_MINUTES; i++, t += MINUTE) {
    if (clock.isOpen(t) && ++counted === targetMinutes) {
      // The target is used up at the end of minute t; the deadline is the first open minute from there.
      for (let u = t + MINUTE; i < MAX_MINUTES; i++, u += MINUTE) if (clock.isOpen(u)) return u;
    }
  }
  throw new Error('oracle: no deadline within ten years');
}

/** Open minutes in [aMs, bMs). */
export function oracleBusinessMinutesBetween(aMs: number, bMs: number, cal: BusinessCalendar): number {
  checkAligned(aMs);
  checkAligned(bMs);
  const clock = clockOf(cal);
  let counted = 0;
  for (let t = aMs; t < bMs; t += MINUTE) if (clock.isOpen(t)) counted++;
  return counted;
}

/** Is the minute starting at `ms` open? */
export function oracleIsOpen(ms: number, cal: BusinessCalendar): boolean {
  checkAligned(ms);
  return clockOf(cal).isOpen(ms);
}
