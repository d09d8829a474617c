/**
 * Issue 12 expedite (工单加急, seed 004 §1.2; 紧急问题加速, seed 003 §3): whether the level includes it (the catalog's
 * `escalation.expedite.feature` among the level's features), its quota (that feature's `quantity` on the level,
 * if any) and the period a use counts in. Pure.
 */
import { DateTime } from 'luxon';
import type { TCatalog, TLevel } from '../../catalog/index.js';

export interface ExpediteTerms {
  readonly feature: string;
  readonly reasonRequired: boolean;
  /** null: no limit. */
  readonly quota: { readonly amount: number; readonly period: 'natural_month' | 'subscription_year' } | null;
}

/** The level's expedite terms, or null when the catalog or the level has none (NOT_ENTITLED). */
export function expediteTerms(def: Pick<TCatalog, 'escalation'>, level: TLevel | null): ExpediteTerms | null {
  const e = def.escalation.expedite;
  if (!e || !level) return null;
  const f = level.features.find((x) => x.id === e.feature);
  if (!f) return null;
  return { feature: e.feature, reasonRequired: e.reasonRequired, quota: f.quantity ?? null };
}

/** The period a use counts in: the natural month in `zone`, or the subscription year since `validFrom`. */
export function expeditePeriodKey(
  period: 'natural_month' | 'subscription_year',
  now: Date,
  zone: string,
  validFrom: Date | null,
): string {
  if (period === 'natural_month') return DateTime.fromJSDate(now, { zone }).toFormat('yyyy-MM');
  const from = DateTime.fromJSDate(validFrom ?? now, { zone });
  const years = Math.max(0, Math.floor(DateTime.fromJSDate(now, { zone }).diff(from, 'years').years));
  return `${from.plus({ years }).toFormat('yyyy-MM-dd')}`;
}
