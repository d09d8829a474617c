/**
 * An independent oracle for R-BIL-1/2 money, written without the engine's helpers: exact fractions of bigints
 * (quote-oracle.ts's Fraction), tiers walked in major units, the base share as a fraction, one half-up rounding per
 * line, the per-day spread as its own cumulative rounding, and days of a month by fixed-offset arithmetic
 * (Asia/Shanghai has no DST: a local day starts at 16:00 UTC the day before).
 */
import { Fraction } from './quote-oracle.js';

export interface OracleTier {
  /** Major units, e.g. "9000.00"; null for the open-ended last tier. */
  readonly upTo: string | null;
  readonly rate: string;
}

const SCALE = 100n; // USD / CNY cents

/** Σ rate × (the part of the consumption between the previous bound and this one), major units. */
export function oracleTiered(consumptionMinor: bigint, tiers: readonly OracleTier[]): Fraction {
  const c = new Fraction(consumptionMinor, SCALE);
  let fee = new Fraction(0n);
  let previous = new Fraction(0n);
  for (const tier of tiers) {
    const bound = tier.upTo === null ? c : Fraction.parseDecimal(tier.upTo);
    const top = bound.sub(c).num < 0n ? bound : c; // min(bound, c)
    const width = top.sub(previous);
    if (width.num > 0n) fee = fee.add(width.mul(Fraction.parseDecimal(tier.rate)));
    if (bound.sub(previous).num > 0n) previous = bound;
  }
  return fee;
}

/** max(0, tiered − base × days ÷ monthDays) in minor units, half-up once. */
export function oracleIncrementalMinor(input: {
  consumptionMinor: bigint;
  tiers: readonly OracleTier[];
  baseMonthly: string;
  segmentDays: number;
  monthDays: number;
}): bigint {
  const base = Fraction.parseDecimal(input.baseMonthly).mul(
    new Fraction(BigInt(input.segmentDays), BigInt(input.monthDays)),
  );
  const diff = oracleTiered(input.consumptionMinor, input.tiers).sub(base);
  if (diff.num <= 0n) return 0n;
  return diff.mul(new Fraction(SCALE)).roundHalfUp();
}

/** The spread rule by its definition: the first k days of an n-day record of A hold A·k/n rounded half-up. */
export function oracleShareMinor(amountMinor: bigint, days: number, k: number): bigint {
  return new Fraction(amountMinor * BigInt(k), BigInt(days)).roundHalfUp();
}

export function oraclePartMinor(amountMinor: bigint, days: number, from: number, to: number): bigint {
  return oracleShareMinor(amountMinor, days, to) - oracleShareMinor(amountMinor, days, from);
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** [start, end) ms of local day d (0-based) of a month in UTC+8. */
export function beijingDay(year: number, month: number, d: number): [number, number] {
  const start = Date.UTC(year, month - 1, d + 1) - 8 * HOUR;
  return [start, start + DAY];
}

export interface OracleHeld {
  readonly level: string;
  readonly fromMs: number;
  readonly toMs: number | null;
}

/** The level of a day: among the rows that held it at some moment (an empty row holds its own instant), the latest. */
export function oracleLevelOfDay(rows: readonly OracleHeld[], dayStart: number, dayEnd: number): string | null {
  let best: OracleHeld | null = null;
  for (const r of rows) {
    const empty = r.toMs !== null && r.toMs <= r.fromMs;
    const holds = empty
      ? r.fromMs >= dayStart && r.fromMs < dayEnd
      : r.fromMs < dayEnd && (r.toMs === null || r.toMs > dayStart);
    if (holds && (best === null || r.fromMs >= best.fromMs)) best = r;
  }
  return best?.level ?? null;
}
