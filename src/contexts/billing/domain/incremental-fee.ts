/**
 * R-BIL-2 (Huawei model, seed 000 §1.6): incremental fee = max(0, tiered percentage of the consumption − base fee).
 * For a level segment of a month the tier table applies to the segment's consumption unprorated; the base fee
 * subtracted is the level's monthly base fee × the segment's days ÷ the days of the month (a level in force all
 * month subtracts exactly its monthly base fee). Exact rationals throughout, rounded half-up once per line.
 * Worked checks (SPEC R-CAT-2): business at 100,000 → 6,710.00; enterprise at 1,200,000 → 67,050.00.
 */
import { parseDecimal, parseMoney, roundHalfUp, type Currency, type Rational } from '../../../domain/money/money.js';
import type { TPricing } from '../../../domain/catalog/catalog-schema.js';

export interface Tier {
  /** The upper bound of the tier in minor units; null for the open-ended last tier. */
  readonly upToMinor: bigint | null;
  readonly rate: Rational;
}

export interface UsagePricing {
  readonly baseMonthlyMinor: bigint;
  readonly tiers: readonly Tier[];
}

const parsed = new WeakMap<TPricing, UsagePricing | null>();

/** The usage pricing of a level, or null when the level has none (fixed fee, free). Parsed once per (frozen) pricing. */
export function usagePricingOf(pricing: TPricing, currency: Currency): UsagePricing | null {
  if (parsed.has(pricing)) return parsed.get(pricing)!;
  const value =
    pricing.model !== 'base_plus_usage'
      ? null
      : {
          baseMonthlyMinor: parseMoney(pricing.baseMonthly, currency),
          tiers: pricing.tiers.map((t) => ({
            upToMinor: t.upTo === undefined ? null : parseMoney(t.upTo, currency),
            rate: parseDecimal(t.rate),
          })),
        };
  parsed.set(pricing, value);
  return value;
}

/** The tiered percentage of a consumption, exact, in minor units: Σ rate × the part of the consumption in each tier. */
export function tieredFee(consumptionMinor: bigint, tiers: readonly Tier[]): Rational {
  let num = 0n;
  let den = 1n;
  let lower = 0n;
  for (const tier of tiers) {
    const upper = tier.upToMinor === null || tier.upToMinor > consumptionMinor ? consumptionMinor : tier.upToMinor;
    if (upper > lower) {
      // num/den + rate × (upper − lower)
      num = num * tier.rate.den + tier.rate.num * (upper - lower) * den;
      den *= tier.rate.den;
      lower = upper;
    }
    if (tier.upToMinor === null || tier.upToMinor >= consumptionMinor) break;
  }
  return { num, den };
}

export interface IncrementalFeeInput {
  readonly consumptionMinor: bigint;
  readonly pricing: UsagePricing;
  /** Days of the month the level held (the segment), 1 … monthDays. */
  readonly segmentDays: number;
  readonly monthDays: number;
}

export interface IncrementalFee {
  /** max(0, tiered − base share), half-up once. */
  readonly amountMinor: bigint;
  /** The tiered percentage, exact. */
  readonly tiered: Rational;
  /** baseMonthly × segmentDays ÷ monthDays, exact. */
  readonly baseShare: Rational;
}

export function incrementalFee(input: IncrementalFeeInput): IncrementalFee {
  const { consumptionMinor, pricing, segmentDays, monthDays } = input;
  if (consumptionMinor < 0n) throw new RangeError('consumption is never negative');
  if (!Number.isInteger(segmentDays) || !Number.isInteger(monthDays) || segmentDays < 1 || segmentDays > monthDays) {
    throw new RangeError(`segment of ${segmentDays} days in a month of ${monthDays}`);
  }
  const tiered = tieredFee(consumptionMinor, pricing.tiers);
  const baseShare: Rational = { num: pricing.baseMonthlyMinor * BigInt(segmentDays), den: BigInt(monthDays) };
  // tiered − baseShare over a common denominator
  const num = tiered.num * baseShare.den - baseShare.num * tiered.den;
  const den = tiered.den * baseShare.den;
  return { amountMinor: num <= 0n ? 0n : roundHalfUp(num, den), tiered, baseShare };
}
