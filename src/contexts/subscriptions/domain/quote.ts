/**
 * R-SUB-3/4/6/8: the money of every plan action as pure functions of the paid periods, the catalog and the
 * action date D. Each money line is computed exactly and rounded half-up once; totals are sums of lines.
 *
 * A period is one paid term [S, E) with its `basis`: the amount paid for the level held, or after a level change
 * the new level's price for that term. The value of a level for the rest of a term is basis × R ÷ T
 * (R = E − D, T = E − S). This is SPEC R-SUB-8 exactly for a plain purchase; after a change it is the natural
 * extension (the new level's term price is what the customer then holds).
 */
import { prorate, remainingOf, type Term } from '../../../domain/proration/proration.js';
import type { Catalog } from '../../../domain/catalog/catalog.js';
import type { TLevel } from '../../../domain/catalog/catalog-schema.js';

export interface PeriodValue {
  readonly id: string;
  readonly level: string;
  readonly startDate: string;
  readonly endDate: string;
  readonly term: Term;
  readonly basisMinor: bigint;
  readonly paidMinor: bigint;
}

export type LineKind =
  | 'term_price'
  | 'new_level_value'
  | 'old_level_unused'
  | 'paid'
  | 'consumed'
  | 'handling_fee'
  | 'refund'
  | 'no_reason_refund'
  | 'add_on';

export interface QuoteLine {
  readonly kind: LineKind;
  readonly level?: string;
  readonly periodStart?: string;
  readonly periodEnd?: string;
  /** R and T of the period (SPEC R-SUB-8). */
  readonly remainingDays?: number;
  readonly totalDays?: number;
  readonly units?: number;
  readonly amountMinor: bigint;
}

export interface QuoteResult {
  readonly amountMinor: bigint;
  readonly direction: 'charge' | 'refund';
  readonly lines: QuoteLine[];
  /** R and T of the period containing D. */
  readonly remainingDays: number | null;
  readonly totalDays: number | null;
  readonly paidMinor?: bigint;
  readonly consumedMinor?: bigint;
  readonly feeMinor?: bigint;
}

/** Periods still (partly) ahead of D: those ending after D. */
export function remainingPeriods(periods: readonly PeriodValue[], actionDate: string): PeriodValue[] {
  return periods.filter((p) => p.endDate > actionDate).sort((a, b) => a.startDate.localeCompare(b.startDate));
}

function currentRT(
  periods: PeriodValue[],
  actionDate: string,
): { remainingDays: number | null; totalDays: number | null } {
  const current = periods.find((p) => p.startDate <= actionDate && actionDate < p.endDate) ?? periods[0];
  if (!current) return { remainingDays: null, totalDays: null };
  const r = remainingOf(current.startDate, current.endDate, actionDate);
  return { remainingDays: r.remainingDays, totalDays: r.totalDays };
}

export function quotePurchase(catalog: Catalog, level: TLevel, term: Term): QuoteResult {
  const price = catalog.termPriceMinor(level, term);
  return {
    amountMinor: price,
    direction: 'charge',
    lines: [{ kind: 'term_price', level: level.id, amountMinor: price }],
    remainingDays: null,
    totalDays: null,
  };
}

export const quoteRenew = quotePurchase;

/** Level change: the new level's value for the rest of each term against the old level's unused balance. */
export function quoteLevelChange(
  catalog: Catalog,
  periods: readonly PeriodValue[],
  newLevel: TLevel,
  actionDate: string,
): QuoteResult {
  const ahead = remainingPeriods(periods, actionDate);
  const lines: QuoteLine[] = [];
  let newTotal = 0n;
  let oldTotal = 0n;
  for (const p of ahead) {
    const r = remainingOf(p.startDate, p.endDate, actionDate);
    const newValue = prorate(catalog.termPriceMinor(newLevel, p.term), r);
    const oldValue = prorate(p.basisMinor, r);
    newTotal += newValue;
    oldTotal += oldValue;
    const span = {
      periodStart: p.startDate,
      periodEnd: p.endDate,
      remainingDays: r.remainingDays,
      totalDays: r.totalDays,
    };
    lines.push({ kind: 'new_level_value', level: newLevel.id, ...span, amountMinor: newValue });
    lines.push({ kind: 'old_level_unused', level: p.level, ...span, amountMinor: oldValue });
  }
  const diff = newTotal - oldTotal;
  const direction = diff >= 0n ? 'charge' : 'refund';
  return { amountMinor: diff >= 0n ? diff : -diff, direction, lines, ...currentRT(ahead, actionDate) };
}

export function quoteUpgrade(
  catalog: Catalog,
  periods: readonly PeriodValue[],
  newLevel: TLevel,
  actionDate: string,
): QuoteResult {
  const q = quoteLevelChange(catalog, periods, newLevel, actionDate);
  // R-SUB-3: the charge is never negative.
  return q.direction === 'charge' ? q : { ...q, amountMinor: 0n, direction: 'charge' };
}

export function quoteDowngrade(
  catalog: Catalog,
  periods: readonly PeriodValue[],
  newLevel: TLevel,
  actionDate: string,
): QuoteResult {
  const q = quoteLevelChange(catalog, periods, newLevel, actionDate);
  // R-SUB-4: the refund is never negative.
  return q.direction === 'refund' ? q : { ...q, amountMinor: 0n, direction: 'refund' };
}

/**
 * R-SUB-6: refund of unused days pro rata less the handling fee, never negative; or, for a no-reason refund
 * (Tianyi, within 7×24 h of payment), everything paid.
 */
export function quoteUnsubscribe(
  catalog: Catalog,
  periods: readonly PeriodValue[],
  actionDate: string,
  opts: { noReason: boolean },
): QuoteResult {
  const ahead = remainingPeriods(periods, actionDate);
  const paid = ahead.reduce((s, p) => s + p.paidMinor, 0n);
  const lines: QuoteLine[] = [{ kind: 'paid', amountMinor: paid }];
  if (opts.noReason) {
    lines.push(
      { kind: 'consumed', amountMinor: 0n },
      { kind: 'handling_fee', amountMinor: 0n },
      { kind: 'no_reason_refund', amountMinor: paid },
    );
    return {
      amountMinor: paid,
      direction: 'refund',
      lines,
      ...currentRT(ahead, actionDate),
      paidMinor: paid,
      consumedMinor: 0n,
      feeMinor: 0n,
    };
  }
  let unused = 0n;
  for (const p of ahead) {
    const r = remainingOf(p.startDate, p.endDate, actionDate);
    const value = prorate(p.basisMinor, r);
    unused += value;
    lines.push({
      kind: 'old_level_unused',
      level: p.level,
      periodStart: p.startDate,
      periodEnd: p.endDate,
      remainingDays: r.remainingDays,
      totalDays: r.totalDays,
      amountMinor: value,
    });
  }
  const consumed = paid > unused ? paid - unused : 0n;
  const fee = catalog.money(catalog.def.subscription.handlingFee);
  const refund = unused > fee ? unused - fee : 0n;
  lines.push(
    { kind: 'consumed', amountMinor: consumed },
    { kind: 'handling_fee', amountMinor: fee },
    { kind: 'refund', amountMinor: refund },
  );
  return {
    amountMinor: refund,
    direction: 'refund',
    lines,
    ...currentRT(ahead, actionDate),
    paidMinor: paid,
    consumedMinor: consumed,
    feeMinor: fee,
  };
}
