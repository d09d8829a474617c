/**
 * R-SUB-3/4/6/8: the money of upgrades, downgrades and unsubscribes (src/contexts/subscriptions/domain/quote.ts).
 * Worked examples from SPEC and the seeds, then thousands of random cases against the exact-rational oracle of
 * test/support/quote-oracle.ts (own dates, own fractions, half-up rounding done separately).
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/domain/catalog/catalog.js';
import type { TCatalog } from '../../src/domain/catalog/catalog-schema.js';
import { loadCatalog } from '../../src/contexts/catalog/use-cases/load-catalog.js';
import {
  quoteDowngrade,
  quotePurchase,
  quoteRenew,
  quoteUnsubscribe,
  quoteUpgrade,
  type PeriodValue,
  type QuoteResult,
} from '../../src/contexts/subscriptions/domain/quote.js';
import {
  addTermOracle,
  dayNumber,
  formatMinor,
  formatYmd,
  oracleDowngrade,
  oracleUnsubscribe,
  oracleUpgrade,
  termPriceOracle,
  type OraclePeriod,
  type OracleResult,
  type OracleTerm,
} from '../support/quote-oracle.js';

let ctyun: Catalog;
let huawei: Catalog;
beforeAll(async () => {
  [ctyun, huawei] = await Promise.all([loadCatalog('ctyun'), loadCatalog('huaweicloud-intl')]);
});

const CNY2 = 2;
const amount = (q: QuoteResult) => formatMinor(q.amountMinor, CNY2);
const line = (q: QuoteResult, kind: string) =>
  q.lines.filter((l) => l.kind === kind).reduce((s, l) => s + l.amountMinor, 0n);

function period(
  startDate: string,
  term: OracleTerm,
  basisMinor: bigint,
  paidMinor = basisMinor,
  level = 'x',
): PeriodValue {
  return {
    id: `prd_${startDate}`,
    level,
    startDate,
    endDate: addTermOracle(startDate, term),
    term,
    basisMinor,
    paidMinor,
  };
}

/** A copy of a shipped catalog with overrides (the engine reads everything from the catalog). */
function variant(base: Catalog, patch: (def: TCatalog) => void): Catalog {
  const def = structuredClone(base.def) as TCatalog;
  patch(def);
  return new Catalog(def);
}

describe('R-SUB-3 upgrade: new level for the remaining time − unused balance of the old', () => {
  it('R-SUB-3 seed 004 §3.3.1: Tianyi light (500/month) for 24 months upgraded to business (25000/month) on the day it was bought → 588,000.00 CNY', () => {
    const light = ctyun.level('light');
    const business = ctyun.level('business');
    const term = { unit: 'year', count: 2 } as const; // 24 months: ctyun sells years
    // The light order: 500 × 24 = 12,000.00 paid, from the catalog.
    const bought = quotePurchase(ctyun, light, term);
    expect(amount(bought)).toBe('12000.00');
    const q = quoteUpgrade(
      ctyun,
      [period('2026-03-10', term, bought.amountMinor, bought.amountMinor, 'light')],
      business,
      '2026-03-10',
    );
    expect(q.direction).toBe('charge');
    expect(amount(q)).toBe('588000.00');
    expect(formatMinor(line(q, 'new_level_value'), CNY2)).toBe('600000.00');
    expect(formatMinor(line(q, 'old_level_unused'), CNY2)).toBe('12000.00');
    // 2026-03-10 → 2028-03-10: 731 days (2028 is a leap year); R = T on the purchase day.
    expect({ R: q.remainingDays, T: q.totalDays }).toEqual({ R: 731, T: 731 });
  });

  it('R-SUB-3 the same upgrade later in the term charges (600,000 − 12,000) × R ÷ T, each line rounded once', () => {
    const business = ctyun.level('business');
    const term = { unit: 'year', count: 2 } as const;
    const p = period('2026-03-10', term, 1_200_000n, 1_200_000n, 'light');
    const D = '2026-07-19'; // 131 days after S
    const q = quoteUpgrade(ctyun, [p], business, D);
    const T = 731;
    const R = T - 131;
    expect({ R: q.remainingDays, T: q.totalDays }).toEqual({ R, T });
    // 60,000,000 × 600 / 731 = 49,247,606.02 → 49,247,606; 1,200,000 × 600 / 731 = 984,952.12 → 984,952
    expect(line(q, 'new_level_value')).toBe(49_247_606n);
    expect(line(q, 'old_level_unused')).toBe(984_952n);
    expect(q.amountMinor).toBe(49_247_606n - 984_952n);
  });

  it('R-SUB-3 an upgrade covers every paid term still ahead (a renewal not yet started counts whole)', () => {
    const light = ctyun.level('light');
    const business = ctyun.level('business');
    const y1 = period('2026-01-01', { unit: 'year', count: 1 }, 600_000n, 600_000n, 'light');
    const y2 = period('2027-01-01', { unit: 'year', count: 1 }, 600_000n, 600_000n, 'light');
    const q = quoteUpgrade(ctyun, [y2, y1], business, '2026-07-02'); // R = 183 of 365 in the first year
    const yearOfBusiness = ctyun.termPriceMinor(business, { unit: 'year', count: 1 });
    expect(yearOfBusiness).toBe(30_000_000n);
    expect(ctyun.termPriceMinor(light, { unit: 'year', count: 1 })).toBe(600_000n);
    const first = (30_000_000n * 183n) / 365n; // 15,041,095.89 → 15,041,096 (half-up)
    expect(line(q, 'new_level_value')).toBe(first + 1n + 30_000_000n);
    expect(line(q, 'old_level_unused')).toBe(300_822n + 600_000n); // 600,000 × 183/365 = 300,821.92 → 300,822
    expect(q.amountMinor).toBe(first + 1n + 30_000_000n - 300_822n - 600_000n);
    expect({ R: q.remainingDays, T: q.totalDays }).toEqual({ R: 183, T: 365 });
  });

  it('R-SUB-3 an upgrade is never a negative charge (basis above the new price)', () => {
    const q = quoteUpgrade(
      ctyun,
      [period('2026-01-01', { unit: 'year', count: 1 }, 99_999_999n)],
      ctyun.level('business'),
      '2026-02-01',
    );
    expect(q).toMatchObject({ amountMinor: 0n, direction: 'charge' });
  });
});

describe('R-SUB-4 downgrade: unused balance of the old level − new level for that time, never negative', () => {
  it('R-SUB-4 Tianyi enterprise → business after 73 of 365 days refunds (600,000 − 300,000) × 292/365', () => {
    const p = period('2026-01-01', { unit: 'year', count: 1 }, 60_000_000n, 60_000_000n, 'enterprise');
    const q = quoteDowngrade(ctyun, [p], ctyun.level('business'), '2026-03-15'); // Jan 31 + Feb 28 + 14 = 73 days in
    expect({ R: q.remainingDays, T: q.totalDays }).toEqual({ R: 292, T: 365 });
    expect(line(q, 'old_level_unused')).toBe(48_000_000n); // 600,000.00 × 292/365 = 480,000.00 exactly
    expect(line(q, 'new_level_value')).toBe(24_000_000n);
    expect(q).toMatchObject({ direction: 'refund', amountMinor: 24_000_000n });
  });

  it('R-SUB-4 a downgrade refund is never negative (paid less than the lower level costs)', () => {
    const p = period('2026-01-01', { unit: 'year', count: 1 }, 100n, 100n, 'enterprise');
    const q = quoteDowngrade(ctyun, [p], ctyun.level('light'), '2026-06-01');
    expect(q).toMatchObject({ amountMinor: 0n, direction: 'refund' });
  });
});

describe('R-SUB-6 unsubscribe: paid, consumed, handling fee, refund', () => {
  it('R-SUB-8 seed 001 §5: Huawei business (90 USD, 1 month) unsubscribed the day it was bought → consumed 0.00, refund 90.00', () => {
    const business = huawei.level('business');
    const term = { unit: 'month', count: 1 } as const;
    const paid = quotePurchase(huawei, business, term).amountMinor;
    expect(formatMinor(paid, 2)).toBe('90.00');
    const q = quoteUnsubscribe(huawei, [period('2019-12-09', term, paid)], '2019-12-09', { noReason: false });
    expect(q.direction).toBe('refund');
    expect(formatMinor(q.paidMinor!, 2)).toBe('90.00');
    expect(formatMinor(q.consumedMinor!, 2)).toBe('0.00');
    expect(formatMinor(q.feeMinor!, 2)).toBe('0.00');
    expect(formatMinor(q.amountMinor, 2)).toBe('90.00');
    expect({ R: q.remainingDays, T: q.totalDays }).toEqual({ R: 31, T: 31 });
  });

  it('R-SUB-6 the next day: consumed 1/31 of 90.00 = 2.90, refund 87.10', () => {
    const q = quoteUnsubscribe(huawei, [period('2019-12-09', { unit: 'month', count: 1 }, 9000n)], '2019-12-10', {
      noReason: false,
    });
    // 9000 × 30/31 = 8709.68 → 8710
    expect(formatMinor(q.amountMinor, 2)).toBe('87.10');
    expect(formatMinor(q.consumedMinor!, 2)).toBe('2.90');
  });

  it('R-SUB-6 a catalog handling fee is deducted: 90.00 − 10.00 = 80.00', () => {
    const withFee = variant(huawei, (d) => {
      (d.subscription as { handlingFee: string }).handlingFee = '10.00';
    });
    const q = quoteUnsubscribe(withFee, [period('2026-01-01', { unit: 'month', count: 1 }, 9000n)], '2026-01-01', {
      noReason: false,
    });
    expect(formatMinor(q.feeMinor!, 2)).toBe('10.00');
    expect(formatMinor(q.amountMinor, 2)).toBe('80.00');
    expect(q.lines.find((l) => l.kind === 'handling_fee')?.amountMinor).toBe(1000n);
  });

  it('R-SUB-6 the refund is never negative when the fee exceeds what is left', () => {
    const withFee = variant(huawei, (d) => {
      (d.subscription as { handlingFee: string }).handlingFee = '50.00';
    });
    // 1 day of 31 left: 90.00 × 1/31 = 2.90 < 50.00
    const q = quoteUnsubscribe(withFee, [period('2026-01-01', { unit: 'month', count: 1 }, 9000n)], '2026-01-31', {
      noReason: false,
    });
    expect(q).toMatchObject({ amountMinor: 0n, direction: 'refund' });
    expect(q.consumedMinor).toBe(9000n - 290n);
  });

  it('R-SUB-6 Tianyi no-reason refund: everything paid comes back, consumed 0.00', () => {
    const q = quoteUnsubscribe(ctyun, [period('2026-01-01', { unit: 'year', count: 1 }, 600_000n)], '2026-01-05', {
      noReason: true,
    });
    expect(formatMinor(q.amountMinor, 2)).toBe('6000.00');
    expect(q.consumedMinor).toBe(0n);
    expect(q.lines.some((l) => l.kind === 'no_reason_refund' && l.amountMinor === 600_000n)).toBe(true);
  });
});

describe('R-SUB-2 purchase and renew: the level price × months of the term', () => {
  it.each([
    ['ctyun', 'light', { unit: 'year', count: 1 }, '6000.00'],
    ['ctyun', 'enterprise', { unit: 'year', count: 3 }, '1800000.00'],
    ['huaweicloud-intl', 'developer', { unit: 'month', count: 9 }, '234.00'],
    ['huaweicloud-intl', 'business', { unit: 'year', count: 1 }, '1080.00'],
    ['huaweicloud-intl', 'enterprise', { unit: 'month', count: 1 }, '13500.00'],
  ] as const)('R-CAT-2 %s %s for %j costs %s', (id, level, term, expected) => {
    const c = id === 'ctyun' ? ctyun : huawei;
    expect(formatMinor(quotePurchase(c, c.level(level), term).amountMinor, 2)).toBe(expected);
    expect(formatMinor(quoteRenew(c, c.level(level), term).amountMinor, 2)).toBe(expected);
  });
});

// ---- property: the engine against the oracle -----------------------------------------------------------------

interface RandomCase {
  minorUnits: number;
  prices: Record<string, string>;
  feeMinor: bigint;
  periods: OraclePeriod[];
  actionDate: string;
  newLevel: string;
  noReason: boolean;
}

const decimal = (minor: bigint, minorUnits: number) => formatMinor(minor, minorUnits);

function arbCase(levelIds: string[]): fc.Arbitrary<RandomCase> {
  const arbTerm = fc.oneof(
    fc.record({ unit: fc.constant('month' as const), count: fc.integer({ min: 1, max: 9 }) }),
    fc.record({ unit: fc.constant('year' as const), count: fc.integer({ min: 1, max: 3 }) }),
  );
  return fc
    .record({
      minorUnits: fc.constantFrom(0, 2, 3),
      monthly: fc.array(fc.bigInt({ min: 1n, max: 10n ** 9n }), {
        minLength: levelIds.length,
        maxLength: levelIds.length,
      }),
      fee: fc.oneof(fc.constant(0n), fc.bigInt({ min: 0n, max: 10n ** 6n })),
      y: fc.integer({ min: 2015, max: 2045 }),
      m: fc.integer({ min: 1, max: 12 }),
      d: fc.integer({ min: 1, max: 31 }),
      terms: fc.array(arbTerm, { minLength: 1, maxLength: 4 }),
      // per period: basis = some level's term price (or a random amount), paid = basis ± a random adjustment
      bases: fc.array(
        fc.record({
          level: fc.nat(),
          random: fc.option(fc.bigInt({ min: 0n, max: 10n ** 11n })),
          paidDelta: fc.bigInt({ min: -(10n ** 8n), max: 10n ** 8n }),
        }),
        {
          minLength: 4,
          maxLength: 4,
        },
      ),
      actionOffset: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
      newLevel: fc.nat(),
      noReason: fc.boolean(),
    })
    .map((r) => {
      const prices: Record<string, string> = {};
      levelIds.forEach((id, i) => (prices[id] = decimal(r.monthly[i]!, r.minorUnits)));
      const day = Math.min(r.d, new Date(Date.UTC(r.y, r.m, 0)).getUTCDate());
      let start = formatYmd({ y: r.y, m: r.m, d: day });
      const periods: OraclePeriod[] = r.terms.map((term, i) => {
        const b = r.bases[i]!;
        const level = levelIds[b.level % levelIds.length]!;
        const basisMinor = b.random ?? termPriceOracle({ monthly: prices[level]! }, term, r.minorUnits);
        const paid = basisMinor + b.paidDelta;
        const p: OraclePeriod = {
          startDate: start,
          endDate: addTermOracle(start, term),
          term,
          basisMinor,
          paidMinor: paid < 0n ? 0n : paid,
        };
        start = p.endDate;
        return p;
      });
      // D anywhere from the first S to the day before the last E.
      const first = dayNumber(periods[0]!.startDate);
      const span = dayNumber(periods[periods.length - 1]!.endDate) - first;
      const offset = Math.floor(r.actionOffset * span);
      const actionDate = new Date(Date.UTC(r.y, r.m - 1, day) + offset * 86_400_000).toISOString().slice(0, 10);
      return {
        minorUnits: r.minorUnits,
        prices,
        feeMinor: r.fee,
        periods,
        actionDate,
        newLevel: levelIds[r.newLevel % levelIds.length]!,
        noReason: r.noReason,
      };
    });
}

function catalogFor(base: Catalog, c: RandomCase): Catalog {
  // A slim copy: quotes read the currency, the handling fee and the level prices only (cloning the whole shipped
  // catalog for every case would dominate the run time).
  const def = {
    ...base.def,
    services: [],
    channels: [],
    serviceHours: {},
    currency: { ...base.def.currency, minorUnits: c.minorUnits },
    subscription: { ...base.def.subscription, handlingFee: decimal(c.feeMinor, c.minorUnits) },
    levels: base.def.levels.map((level) => {
      const price = c.prices[level.id];
      const slim = { ...level, allowances: [], features: [], regionalExclusions: [], technical: null };
      if (!price) return slim;
      return {
        ...slim,
        pricing:
          level.pricing.model === 'base_plus_usage'
            ? { ...level.pricing, baseMonthly: price }
            : { model: 'fixed' as const, monthly: price },
      };
    }),
  } as TCatalog;
  return new Catalog(def);
}

const toEngine = (periods: OraclePeriod[], level: string): PeriodValue[] =>
  periods.map((p, i) => ({
    id: `p${i}`,
    level,
    startDate: p.startDate,
    endDate: p.endDate,
    term: p.term,
    basisMinor: p.basisMinor,
    paidMinor: p.paidMinor,
  }));

function expectAgreement(engine: QuoteResult, oracle: OracleResult, ctx: string): void {
  expect(
    { amount: engine.amountMinor, direction: engine.direction, R: engine.remainingDays, T: engine.totalDays },
    ctx,
  ).toEqual({
    amount: oracle.amountMinor,
    direction: oracle.direction,
    R: oracle.remainingDays,
    T: oracle.totalDays,
  });
  const rt = engine.lines
    .filter((l) => l.kind === 'old_level_unused')
    .map((l) => [l.remainingDays, l.totalDays, l.amountMinor]);
  expect(rt, ctx).toEqual(oracle.lines.map((l) => [l.R, l.T, l.oldValue]));
  const news = engine.lines.filter((l) => l.kind === 'new_level_value').map((l) => l.amountMinor);
  expect(news, ctx).toEqual(oracle.lines.filter((l) => l.newValue !== undefined).map((l) => l.newValue));
}

describe('R-SUB-8 property: quotes agree with the exact-rational oracle to the minor unit', () => {
  const RUNS = 3000;
  const bases = () =>
    [
      { base: ctyun, levels: ['light', 'business', 'enterprise'] },
      { base: huawei, levels: ['developer', 'business', 'enterprise_onramp', 'enterprise'] },
    ] as const;

  it.each([0, 1])(
    'R-SUB-3/R-SUB-4 upgrade and downgrade over random catalogs, terms and action dates (catalog family %i)',
    (which) => {
      const { base, levels } = bases()[which]!;
      fc.assert(
        fc.property(arbCase([...levels]), (c) => {
          const catalog = catalogFor(base, c);
          const level = catalog.level(c.newLevel);
          const periods = toEngine(c.periods, levels[0]!);
          const ctx = 'see the counterexample fast-check prints';
          expect(catalog.termPriceMinor(level, c.periods[0]!.term), ctx).toBe(
            termPriceOracle({ monthly: c.prices[c.newLevel]! }, c.periods[0]!.term, c.minorUnits),
          );
          expectAgreement(
            quoteUpgrade(catalog, periods, level, c.actionDate),
            oracleUpgrade(c.periods, { monthly: c.prices[c.newLevel]! }, c.actionDate, c.minorUnits),
            `upgrade ${ctx}`,
          );
          expectAgreement(
            quoteDowngrade(catalog, periods, level, c.actionDate),
            oracleDowngrade(c.periods, { monthly: c.prices[c.newLevel]! }, c.actionDate, c.minorUnits),
            `downgrade ${ctx}`,
          );
        }),
        { numRuns: RUNS },
      );
    },
  );

  it.each([0, 1])(
    'R-SUB-6 unsubscribe (pro rata with handling fee, or no-reason) over random cases (catalog family %i)',
    (which) => {
      const { base, levels } = bases()[which]!;
      fc.assert(
        fc.property(arbCase([...levels]), (c) => {
          const catalog = catalogFor(base, c);
          const engine = quoteUnsubscribe(catalog, toEngine(c.periods, levels[0]!), c.actionDate, {
            noReason: c.noReason,
          });
          const oracle = oracleUnsubscribe(c.periods, c.actionDate, c.feeMinor, c.noReason);
          const ctx = 'see the counterexample fast-check prints';
          expect({ paid: engine.paidMinor, consumed: engine.consumedMinor, fee: engine.feeMinor }, ctx).toEqual({
            paid: oracle.paidMinor,
            consumed: oracle.consumedMinor,
            fee: oracle.feeMinor,
          });
          expectAgreement(engine, oracle, ctx);
          expect(engine.amountMinor >= 0n).toBe(true);
        }),
        { numRuns: RUNS },
      );
    },
  );
});
