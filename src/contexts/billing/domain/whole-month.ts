/**
 * R-BIL-2 for the month-end run's set-based path: an account that held one usage-billed level all month (no level
 * change, no partial month, no custody relation) has a bill of its month's settled orders and one incremental line,
 * which SQL writes for a whole batch in one statement. What SQL needs of the rules comes from here, so the text and
 * the money it writes are this context's (test/contexts/billing-store.test.ts checks them against `draftBill`):
 * - the incremental fee of a whole month is max(0, tiered − base) half-up, the tiered percentage being
 *   Σ rate × (min(c, hi) − lo) over the tiers with c > lo (a table of strictly increasing bounds: then it is what
 *   `tieredFee` walks), with each rate an integer over one common denominator so SQL computes in integers;
 * - descriptions are `incrementalDescriptionParts` and `orderLineParts` around the formatted consumption and the
 *   order's number. Pure.
 */
import type { Catalog } from '../../../domain/catalog/catalog.js';
import type { Locale } from '../../../domain/catalog/catalog-schema.js';
import {
  incrementalDescriptionParts,
  orderLineParts,
  usageBilledPricing,
  type OrderLineParts,
  type OrderLineShape,
} from './bill.js';
import type { MonthWindow } from './month.js';

export const BILL_LOCALES: readonly Locale[] = ['en-US', 'zh-CN'];

export interface WholeMonthTier {
  readonly lo: bigint;
  readonly hi: bigint | null;
  /** The tier's rate × `den`. */
  readonly rate: bigint;
}

export interface WholeMonthTerms {
  readonly level: string;
  readonly baseMonthlyMinor: bigint;
  readonly den: bigint;
  readonly tiers: readonly WholeMonthTier[];
  /** The incremental line's description around the formatted consumption, per locale. */
  readonly descriptions: Readonly<Record<Locale, { readonly before: string; readonly after: string }>>;
}

const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? a : gcd(b, a % b));

/**
 * The whole-month terms of every level this catalog bills usage for whose tier table has the closed form (bounds
 * strictly increasing and positive, only the last one open); accounts at other levels take the general path.
 */
export function wholeMonthTerms(catalog: Catalog, window: MonthWindow): WholeMonthTerms[] {
  const out: WholeMonthTerms[] = [];
  for (const level of catalog.levels) {
    const pricing = usageBilledPricing(catalog, level);
    if (!pricing) continue;
    const bounds = pricing.tiers.map((t) => t.upToMinor);
    const closed = bounds.every((b, i) =>
      b === null ? i === bounds.length - 1 : b > 0n && (i === 0 || (bounds[i - 1] !== null && b > bounds[i - 1]!)),
    );
    if (!closed) continue;
    const den = pricing.tiers.reduce((d, t) => (d * t.rate.den) / gcd(d, t.rate.den), 1n);
    const seg = { level: level.id, firstDay: 0, lastDay: window.days - 1 };
    out.push({
      level: level.id,
      baseMonthlyMinor: pricing.baseMonthlyMinor,
      den,
      tiers: pricing.tiers.map((t, i) => ({
        lo: i === 0 ? 0n : pricing.tiers[i - 1]!.upToMinor!,
        hi: t.upToMinor,
        rate: (t.rate.num * den) / t.rate.den,
      })),
      descriptions: {
        'en-US': incrementalDescriptionParts(catalog, window, seg, 'en-US'),
        'zh-CN': incrementalDescriptionParts(catalog, window, seg, 'zh-CN'),
      },
    });
  }
  return out;
}

/** An order shape's line parts in each locale (SQL writes `before || number || after`). */
export function orderShapeParts(
  catalog: Catalog,
  shape: OrderLineShape,
): { readonly locale: Locale; readonly parts: OrderLineParts }[] {
  return BILL_LOCALES.map((locale) => ({ locale, parts: orderLineParts(catalog, shape, locale) }));
}
