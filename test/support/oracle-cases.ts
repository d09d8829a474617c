/** Seeded random cases for the engine-vs-oracle tests and the bench (no vitest import: the bench runs under tsx). */
import type { CalendarName } from './calendar-fixtures.js';

const MIN = 60_000;
/** Targets of the shipped catalogs (Appendix A), in minutes. */
export const CATALOG_TARGET_MINUTES = [10, 15, 30, 45, 60, 180, 240, 480, 540, 600, 720, 960, 1200, 1440];
export const ORACLE_CALENDARS: CalendarName[] = [
  'cn-business-9-18',
  '7x24',
  '5x8',
  '7x8',
  'weekends-only-9-18',
  'all-day-every-day',
];
export const ORACLE_ZONES = [
  'Asia/Shanghai',
  'Asia/Hong_Kong',
  'Europe/Paris',
  'America/New_York',
  'America/Sao_Paulo',
  'Asia/Kolkata',
];
const FROM_MS = Date.UTC(2025, 0, 1);
const TO_MS = Date.UTC(2027, 0, 1);

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export interface OracleCase {
  readonly calendarName: CalendarName;
  readonly zone: string;
  readonly startMs: number;
  readonly targetMinutes: number;
}

/** Random minute-aligned starts across 2025–2026, catalog targets half the time, else 1..3000 minutes. */
export function oracleCases(seed: number, count: number): OracleCase[] {
  const rnd = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  return Array.from({ length: count }, () => ({
    calendarName: pick(ORACLE_CALENDARS),
    zone: pick(ORACLE_ZONES),
    startMs: FROM_MS + Math.floor((rnd() * (TO_MS - FROM_MS)) / MIN) * MIN,
    targetMinutes: rnd() < 0.5 ? pick(CATALOG_TARGET_MINUTES) : 1 + Math.floor(rnd() * 3000),
  }));
}
