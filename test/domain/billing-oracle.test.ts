/**
 * R-BIL-1/2 property tests: the engine's month-end amounts against the independent exact-rational oracle
 * (test/support/billing-oracle.ts) over many random cases — consumption, tier tables, base fees, segment and month
 * lengths, the per-day spread of multi-day records, and whole months with random level changes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/contexts/catalog/use-cases/load-catalog.js';
import { draftBill } from '../../src/contexts/billing/domain/bill.js';
import { incrementalFee, usagePricingOf } from '../../src/contexts/billing/domain/incremental-fee.js';
import { monthWindow } from '../../src/contexts/billing/domain/month.js';
import { levelByDay, segmentsOf } from '../../src/contexts/billing/domain/segments.js';
import { spreadPartMinor } from '../../src/contexts/billing/domain/usage-split.js';
import {
  beijingDay,
  oracleIncrementalMinor,
  oracleLevelOfDay,
  oraclePartMinor,
  type OracleHeld,
  type OracleTier,
} from '../support/billing-oracle.js';
import type { TPricing } from '../../src/domain/catalog/catalog-schema.js';

const hw = await loadCatalog('huaweicloud-intl');
const USD = hw.currency;
const money = (minor: bigint) => `${minor / 100n}.${String(minor % 100n).padStart(2, '0')}`;
const SEED = Number(process.env.TIERDESK_ORACLE_SEED ?? 20_260_401);

/** A random tier table: 1–5 tiers with increasing bounds and rates of 0–4 decimals (the last one open). */
const arbTiers = fc
  .tuple(
    fc.uniqueArray(fc.bigInt({ min: 1n, max: 100_000_000_000n }), { minLength: 0, maxLength: 4 }),
    fc.array(fc.tuple(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 4 })), {
      minLength: 5,
      maxLength: 5,
    }),
  )
  .map(([bounds, rates]) => {
    const sorted = [...bounds].sort((a, b) => (a < b ? -1 : 1));
    const rate = ([n, digits]: [number, number]) => {
      const value = Math.min(n, 10 ** digits); // ≤ 1
      return digits === 0
        ? String(Math.min(value, 1))
        : `${Math.floor(value / 10 ** digits)}.${String(value % 10 ** digits).padStart(digits, '0')}`;
    };
    return [
      ...sorted.map((b, i) => ({ upTo: money(b), rate: rate(rates[i]!) })),
      { upTo: null, rate: rate(rates[4]!) },
    ] as OracleTier[];
  });

const pricingOf = (tiers: readonly OracleTier[], baseMonthly: string): TPricing => ({
  model: 'base_plus_usage',
  baseMonthly,
  tiers: tiers.map((t) => (t.upTo === null ? { rate: t.rate } : { upTo: t.upTo, rate: t.rate })),
});

describe('R-BIL-2 incremental fee: engine = oracle over random pricing, consumption and segments', () => {
  it('5,000 random cases', () => {
    fc.assert(
      fc.property(
        arbTiers,
        fc.bigInt({ min: 0n, max: 2_000_000_000n }),
        fc.bigInt({ min: 0n, max: 10_000_000_000_000n }),
        fc.integer({ min: 28, max: 31 }),
        fc.integer({ min: 1, max: 31 }),
        (tiers, baseMinor, consumptionMinor, monthDays, days) => {
          const segmentDays = Math.min(days, monthDays);
          const pricing = usagePricingOf(pricingOf(tiers, money(baseMinor)), USD)!;
          const engine = incrementalFee({ consumptionMinor, pricing, segmentDays, monthDays }).amountMinor;
          const oracle = oracleIncrementalMinor({
            consumptionMinor,
            tiers,
            baseMonthly: money(baseMinor),
            segmentDays,
            monthDays,
          });
          expect(engine).toBe(oracle);
        },
      ),
      { numRuns: 5000, seed: SEED },
    );
  });

  it('the shipped business and enterprise tables over consumptions near every tier bound', () => {
    for (const id of ['business', 'enterprise_onramp', 'enterprise']) {
      const level = hw.level(id);
      if (level.pricing.model !== 'base_plus_usage') throw new Error('expected usage pricing');
      const tiers: OracleTier[] = level.pricing.tiers.map((t) => ({ upTo: t.upTo ?? null, rate: t.rate }));
      const pricing = usagePricingOf(level.pricing, USD)!;
      const bounds = tiers.flatMap((t) => (t.upTo ? [BigInt(t.upTo.replace('.', ''))] : []));
      fc.assert(
        fc.property(
          fc.constantFrom(...bounds),
          fc.bigInt({ min: -1000n, max: 1000n }),
          fc.integer({ min: 1, max: 30 }),
          (bound, delta, days) => {
            const consumptionMinor = bound + delta < 0n ? 0n : bound + delta;
            expect(incrementalFee({ consumptionMinor, pricing, segmentDays: days, monthDays: 30 }).amountMinor).toBe(
              oracleIncrementalMinor({
                consumptionMinor,
                tiers,
                baseMonthly: level.pricing.model === 'base_plus_usage' ? level.pricing.baseMonthly : '0',
                segmentDays: days,
                monthDays: 30,
              }),
            );
          },
        ),
        { numRuns: 500, seed: SEED },
      );
    }
  });
});

describe('R-BIL-1 per-day spread: engine = oracle, and any partition adds up to the record', () => {
  it('2,000 random records cut at random days', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10_000_000_000_000n }),
        fc.integer({ min: 1, max: 1830 }),
        fc.uniqueArray(fc.integer({ min: 1, max: 1829 }), { maxLength: 12 }),
        (amount, days, cuts) => {
          const bounds = [0, ...cuts.filter((c) => c < days).sort((a, b) => a - b), days];
          let sum = 0n;
          for (let i = 0; i + 1 < bounds.length; i++) {
            const part = spreadPartMinor(amount, days, bounds[i]!, bounds[i + 1]!);
            expect(part).toBe(oraclePartMinor(amount, days, bounds[i]!, bounds[i + 1]!));
            // within one minor unit of the exact share
            const exactTimesDays = amount * BigInt(bounds[i + 1]! - bounds[i]!);
            const diff = part * BigInt(days) - exactTimesDays;
            expect(diff < BigInt(days) && diff > -BigInt(days)).toBe(true);
            sum += part;
          }
          expect(sum).toBe(amount);
        },
      ),
      { numRuns: 2000, seed: SEED },
    );
  });
});

describe('R-BIL-2 whole months: random level changes and records, every incremental line and the total = oracle', () => {
  const LEVELS = ['developer', 'business', 'enterprise_onramp', 'enterprise'];
  const tiersOf = (id: string): { tiers: OracleTier[]; base: string } | null => {
    const p = hw.level(id).pricing;
    return p.model === 'base_plus_usage'
      ? { tiers: p.tiers.map((t) => ({ upTo: t.upTo ?? null, rate: t.rate })), base: p.baseMonthly }
      : null;
  };
  const arbMonth = fc.constantFrom('2026-02', '2026-03', '2026-04', '2028-02');
  // Change minutes: anywhere, and often exactly at a local midnight or one minute before (the day boundaries).
  const arbMinute = fc.oneof(
    fc.integer({ min: 0, max: 31 * 24 * 60 - 1 }),
    fc.integer({ min: 0, max: 30 }).chain((d) => fc.constantFrom(d * 1440, d * 1440 + 1439)),
  );
  const arbChanges = fc.array(fc.tuple(arbMinute, fc.constantFrom(...LEVELS, 'unsubscribe')), {
    minLength: 0,
    maxLength: 4,
  });
  // Records: [first day offset from the month start (may start before it), length in days, amount].
  const arbRecords = fc.array(
    fc.tuple(
      fc.integer({ min: -400, max: 30 }),
      fc.integer({ min: 1, max: 400 }),
      fc.bigInt({ min: 0n, max: 50_000_000_000n }),
    ),
    { maxLength: 25 },
  );

  it('600 random months', () => {
    fc.assert(
      fc.property(
        arbMonth,
        fc.option(fc.constantFrom(...LEVELS), { nil: null }),
        arbChanges,
        arbRecords,
        (month, initial, changes, records) => {
          const [y, m] = month.split('-').map(Number) as [number, number];
          const window = monthWindow(month, 'Asia/Shanghai');
          const monthStart = beijingDay(y, m, 0)[0];
          // Plan history: an optional level from before the month, then changes at random minutes (an unsubscribe ends it).
          const rows: OracleHeld[] = [];
          if (initial) rows.push({ level: initial, fromMs: monthStart - 5 * 86_400_000, toMs: null });
          for (const [minute, what] of [...changes].sort((a, b) => a[0] - b[0])) {
            const atMs = Math.min(monthStart + minute * 60_000, window.end.getTime() - 1);
            const open = rows.findIndex((r) => r.toMs === null);
            if (open >= 0) rows[open] = { ...rows[open]!, toMs: atMs };
            if (what !== 'unsubscribe') rows.push({ level: what, fromMs: atMs, toMs: null });
          }
          // Engine: days → segments → consumption by the spread rule → bill.
          const days = levelByDay(
            rows.map((r) => ({
              level: r.level,
              fromAt: new Date(r.fromMs),
              toAt: r.toMs === null ? null : new Date(r.toMs),
            })),
            window,
          );
          const segments = segmentsOf(days).filter((s) => tiersOf(s.level) !== null);
          const consumption = (first: number, last: number, part: typeof spreadPartMinor) =>
            records.reduce((sum, [offset, length, amount]) => {
              const lo = Math.max(first, offset);
              const hi = Math.min(last, offset + length - 1);
              return hi < lo ? sum : sum + part(amount, length, lo - offset, hi - offset + 1);
            }, 0n);
          const bill = draftBill({
            catalog: hw,
            window,
            locale: 'en-US',
            orders: [],
            segments: segments.map((s) => ({
              ...s,
              consumptionMinor: consumption(s.firstDay, s.lastDay, spreadPartMinor),
            })),
          });
          // Oracle: its own day assignment, its own runs, its own spread and fee.
          const oracleDays = Array.from({ length: window.days }, (_, d) =>
            oracleLevelOfDay(rows, ...beijingDay(y, m, d)),
          );
          expect(days).toEqual(oracleDays);
          const expected: { level: string; days: number; amount: bigint }[] = [];
          for (let d = 0; d < oracleDays.length;) {
            const level = oracleDays[d];
            let e = d;
            while (e + 1 < oracleDays.length && oracleDays[e + 1] === level) e++;
            const pricing = level ? tiersOf(level) : null;
            if (level && pricing) {
              const consumptionMinor = consumption(d, e, oraclePartMinor);
              expected.push({
                level,
                days: e - d + 1,
                amount: oracleIncrementalMinor({
                  consumptionMinor,
                  tiers: pricing.tiers,
                  baseMonthly: pricing.base,
                  segmentDays: e - d + 1,
                  monthDays: window.days,
                }),
              });
            }
            d = e + 1;
          }
          const lines = (bill?.lines ?? []).map((l) => ({ level: l.level, days: l.days, amount: l.amountMinor }));
          expect(lines).toEqual(expected);
          expect(bill?.totalMinor ?? 0n).toBe(expected.reduce((s, l) => s + l.amount, 0n));
        },
      ),
      { numRuns: 600, seed: SEED },
    );
  });
});
