/**
 * A BusinessCalendar prepared for fast queries: windows parsed once, and each local date's open intervals (real
 * instants) computed once and cached. Shared by every calendar function; not exported from the folder's index.
 *
 * Semantics (R-TKT-3): an instant is open when its local wall-clock date is a working day and its wall-clock time
 * lies in one of the windows [from, to). Converting through the zone's real offsets makes DST days count real
 * elapsed time (a 00:00–24:00 window is 23 h on the spring-forward day).
 */
import type { BusinessCalendar, HolidayCalendar, ServiceHours } from './business-calendar.js';
import { DAY_MS, isoDateOf, isoWeekdayOf } from './civil-date.js';
import { ZoneOffsets } from './zone-offsets.js';

const MINUTE_MS = 60_000;
/** Wider than any UTC offset (−12 h … +14 h): the instants whose wall clock can fall on a given date. */
const OFFSET_REACH_MS = 16 * 3_600_000;
const MAX_CACHED_DAYS = 100_000;
const EMPTY = new Float64Array(0);
const CLOCK_TIME = /^(\d{2}):(\d{2})$/;

export class CompiledCalendar {
  readonly isAlways: boolean;
  readonly zone: ZoneOffsets;
  /** Does the calendar read the holiday table (windows, working days only, a table given)? */
  readonly usesHolidays: boolean;
  private readonly isWeekdayOn: boolean[];
  /** Merged windows as [fromMinute, toMinute) pairs. */
  private readonly windowMinutes: readonly (readonly [number, number])[];
  private readonly holidays: HolidayCalendar | null;
  private readonly dayCache = new Map<number, Float64Array>();

  constructor(cal: BusinessCalendar) {
    this.zone = ZoneOffsets.of(cal.zone);
    const hours = cal.hours;
    this.isAlways = hours.kind === 'always';
    this.isWeekdayOn = new Array<boolean>(8).fill(hours.kind === 'always');
    this.windowMinutes = hours.kind === 'always' ? [[0, 1440]] : parseWindows(hours);
    if (hours.kind === 'windows') {
      for (const d of hours.days) {
        if (!Number.isInteger(d) || d < 1 || d > 7)
          throw new RangeError(`service hours: ${d} is not an ISO weekday 1..7`);
        this.isWeekdayOn[d] = true;
      }
    }
    this.usesHolidays = hours.kind === 'windows' && hours.workingDaysOnly && cal.holidays !== null;
    this.holidays = this.usesHolidays ? cal.holidays : null;
  }

  /**
   * With working days only: a make-up day (调休) works even on a weekend, a holiday is off, else the weekday decides.
   * Otherwise only the weekday decides (7x8: every listed day, holidays included).
   */
  isWorkingDay(dayNumber: number): boolean {
    if (this.holidays !== null) {
      const kind = this.holidays.days.get(isoDateOf(dayNumber));
      if (kind === 'workday') return true;
      if (kind === 'holiday') return false;
    }
    return this.isWeekdayOn[isoWeekdayOf(dayNumber)] === true;
  }

  /** Open instants of a local date as sorted, disjoint [start, end) pairs flattened: [s0, e0, s1, e1, …]. */
  intervals(dayNumber: number): Float64Array {
    let iv = this.dayCache.get(dayNumber);
    if (iv === undefined) {
      if (this.dayCache.size >= MAX_CACHED_DAYS) this.dayCache.clear();
      iv = this.isWorkingDay(dayNumber) ? this.computeIntervals(dayNumber) : EMPTY;
      this.dayCache.set(dayNumber, iv);
    }
    return iv;
  }

  private computeIntervals(dayNumber: number): Float64Array {
    const wallMidnight = dayNumber * DAY_MS;
    const pieces = this.zone.pieces(wallMidnight - OFFSET_REACH_MS, wallMidnight + DAY_MS + OFFSET_REACH_MS);
    const found: [number, number][] = [];
    for (const [fromMin, toMin] of this.windowMinutes) {
      // Instants t of an offset run whose wall clock t + offset lies in [wallFrom, wallTo).
      const wallFrom = wallMidnight + fromMin * MINUTE_MS;
      const wallTo = wallMidnight + toMin * MINUTE_MS;
      for (const p of pieces) {
        const s = Math.max(p.startMs, wallFrom - p.offsetMs);
        const e = Math.min(p.endMs, wallTo - p.offsetMs);
        if (s < e) found.push([s, e]);
      }
    }
    found.sort((a, b) => a[0] - b[0]);
    const flat: number[] = [];
    for (const [s, e] of found) {
      const last = flat.length - 1;
      if (last > 0 && s <= flat[last]!) flat[last] = Math.max(flat[last]!, e);
      else flat.push(s, e);
    }
    return Float64Array.from(flat);
  }
}

function parseClock(hhmm: string): number {
  const m = CLOCK_TIME.exec(hhmm);
  const minutes = m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
  if (!m || Number(m[2]) > 59 || !(minutes <= 1440))
    throw new RangeError(`service hours: "${hhmm}" is not HH:MM (00:00–24:00)`);
  return minutes;
}

/** Windows as sorted, merged minute ranges; a window must end after it starts (no overnight windows). */
function parseWindows(hours: Extract<ServiceHours, { kind: 'windows' }>): [number, number][] {
  const ranges = hours.windows.map((w): [number, number] => {
    const from = parseClock(w.from);
    const to = parseClock(w.to);
    if (to <= from) throw new RangeError(`service hours: window ${w.from}–${w.to} must end after it starts`);
    return [from, to];
  });
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

const NO_HOLIDAYS = {};
const byCalendar = new WeakMap<BusinessCalendar, CompiledCalendar>();
const byParts = new WeakMap<object, Map<string, WeakMap<object, CompiledCalendar>>>();

/**
 * The compiled form of a calendar, cached by the calendar object and also by its parts (the catalog's hours object,
 * the zone name, the holiday table object), so callers that assemble a fresh BusinessCalendar per ticket from
 * long-lived parts still hit the cache. NOTE: calendars and holiday tables are treated as immutable.
 */
export function compileCalendar(cal: BusinessCalendar): CompiledCalendar {
  const hit = byCalendar.get(cal);
  if (hit !== undefined) return hit;
  const tableKey = cal.holidays ?? NO_HOLIDAYS;
  let compiled = byParts.get(cal.hours)?.get(cal.zone)?.get(tableKey);
  if (!compiled) {
    compiled = new CompiledCalendar(cal); // throws on a bad zone or window before anything is cached
    let zones = byParts.get(cal.hours);
    if (!zones) byParts.set(cal.hours, (zones = new Map<string, WeakMap<object, CompiledCalendar>>()));
    let tables = zones.get(cal.zone);
    if (!tables) zones.set(cal.zone, (tables = new WeakMap()));
    tables.set(tableKey, compiled);
  }
  byCalendar.set(cal, compiled);
  return compiled;
}
