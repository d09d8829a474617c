/**
 * UTC offsets of one IANA zone, asked of luxon once per UTC day and cached: luxon's offset lookup costs microseconds,
 * a cached one is a Map read. Each day stores its offset at the start, the instant it changes and the offset after.
 * NOTE: assumes at most one offset change per UTC day, true of every zone since 1970 that we know of.
 */
import { IANAZone } from 'luxon';
import { DAY_MS } from './civil-date.js';

interface DayOffsets {
  readonly beforeMs: number;
  /** First instant with `afterMs`; the end of the day when nothing changes. */
  readonly switchAtMs: number;
  readonly afterMs: number;
}

/** A run of instants [startMs, endMs) with one UTC offset. */
export interface OffsetPiece {
  readonly startMs: number;
  readonly endMs: number;
  readonly offsetMs: number;
}

const MAX_CACHED_DAYS = 50_000;
const zones = new Map<string, ZoneOffsets>();

export class ZoneOffsets {
  private readonly days = new Map<number, DayOffsets>();

  private constructor(private readonly zone: IANAZone) {}

  /** The shared offsets of a zone; throws RangeError on a name that is not an IANA zone. */
  static of(name: string): ZoneOffsets {
    let offsets = zones.get(name);
    if (!offsets) {
      const zone = IANAZone.create(name);
      if (!zone.isValid) throw new RangeError(`not an IANA time zone: ${name}`);
      offsets = new ZoneOffsets(zone);
      zones.set(name, offsets);
    }
    return offsets;
  }

  /** Local wall time minus UTC at an instant, in ms. */
  offsetMs(instantMs: number): number {
    const day = this.day(Math.floor(instantMs / DAY_MS));
    return instantMs < day.switchAtMs ? day.beforeMs : day.afterMs;
  }

  /** Day number of the local date at an instant. */
  localDay(instantMs: number): number {
    return Math.floor((instantMs + this.offsetMs(instantMs)) / DAY_MS);
  }

  /** The offset runs covering [fromMs, toMs), in order, neighbours with equal offsets merged. */
  pieces(fromMs: number, toMs: number): OffsetPiece[] {
    const out: { startMs: number; endMs: number; offsetMs: number }[] = [];
    const push = (startMs: number, endMs: number, offsetMs: number): void => {
      if (endMs <= startMs) return;
      const last = out[out.length - 1];
      if (last && last.offsetMs === offsetMs && last.endMs === startMs) last.endMs = endMs;
      else out.push({ startMs, endMs, offsetMs });
    };
    for (let d = Math.floor(fromMs / DAY_MS); d * DAY_MS < toMs; d++) {
      const day = this.day(d);
      const dayEnd = (d + 1) * DAY_MS;
      push(Math.max(fromMs, d * DAY_MS), Math.min(toMs, day.switchAtMs), day.beforeMs);
      push(Math.max(fromMs, day.switchAtMs), Math.min(toMs, dayEnd), day.afterMs);
    }
    return out;
  }

  private day(utcDay: number): DayOffsets {
    let day = this.days.get(utcDay);
    if (day === undefined) {
      if (this.days.size >= MAX_CACHED_DAYS) this.days.clear();
      day = this.computeDay(utcDay);
      this.days.set(utcDay, day);
    }
    return day;
  }

  private computeDay(utcDay: number): DayOffsets {
    const startMs = utcDay * DAY_MS;
    const endMs = startMs + DAY_MS;
    const beforeMs = this.luxonOffsetMs(startMs);
    const afterMs = this.luxonOffsetMs(endMs - 1);
    if (beforeMs === afterMs) return { beforeMs, switchAtMs: endMs, afterMs };
    // Binary search for the first instant with the new offset (transitions fall on whole seconds).
    let lo = startMs;
    let hi = endMs - 1;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (this.luxonOffsetMs(mid) === beforeMs) lo = mid;
      else hi = mid;
    }
    return { beforeMs, switchAtMs: hi, afterMs };
  }

  private luxonOffsetMs(instantMs: number): number {
    return Math.round(this.zone.offset(instantMs) * 60_000);
  }
}
