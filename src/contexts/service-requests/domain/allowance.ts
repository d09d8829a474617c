/**
 * R-SR-2: which allowance a service request draws on, and how it is counted — all from the catalog.
 * Per subscription year anchored at the first validFrom and kept through continuous renewals; grants with
 * conditions (yearly purchase, N continuous months: the allowance is the largest satisfied grant, so Huawei's
 * 1 day after 6 months is part of the same year's 3); sub-caps per protection level (Tianyi enterprise).
 */
import { DateTime } from 'luxon';
import { DomainError } from '../../../platform/errors.js';
import type { Catalog } from '../../../domain/catalog/catalog.js';
import type { ServiceType, TAllowance, TLevel } from '../../../domain/catalog/catalog-schema.js';

export type Origin = 'application' | 'proactive';

export interface SubscriptionFacts {
  /** First validFrom of the continuous chain of terms. */
  readonly anchorFrom: Date;
  /** The unit of the term that contains today. */
  readonly termUnit: 'month' | 'year';
}

export interface AllowanceRequest {
  readonly catalog: Catalog;
  readonly level: TLevel | null;
  readonly regionId: string;
  readonly service: ServiceType;
  readonly protectionLevel: number | null;
  readonly origin: Origin;
  readonly scenario: string | null;
  readonly subscription: SubscriptionFacts | null;
  readonly now: Date;
}

export interface Counter {
  readonly quota: string;
  /** null: counted, not limited. */
  readonly limit: number | null;
}

export interface AllowanceDecision {
  readonly allowance: TAllowance;
  readonly unit: TAllowance['unit'];
  readonly periodKey: string;
  readonly counters: Counter[];
}

export function entitlementKey(service: ServiceType, protectionLevel: number | null): string {
  return protectionLevel ? `service:${service}:level_${protectionLevel}` : `service:${service}`;
}

/** Whole months from the anchor to now (in the provider's zone). */
export function continuousMonths(anchor: Date, now: Date, zone: string): number {
  const a = DateTime.fromJSDate(anchor, { zone });
  const n = DateTime.fromJSDate(now, { zone });
  let months = (n.year - a.year) * 12 + (n.month - a.month);
  if (a.plus({ months }) > n) months--;
  return Math.max(0, months);
}

/** The subscription year (1-based) that `now` falls in, as a period key carrying the anchor. */
export function subscriptionYearKey(anchor: Date, now: Date, zone: string): string {
  const year = Math.floor(continuousMonths(anchor, now, zone) / 12) + 1;
  return `Y${year}@${DateTime.fromJSDate(anchor, { zone }).toISODate()}`;
}

/** The period an allowance is counted in at `now`: the subscription year, or the whole life of the account. */
export function allowancePeriodKey(a: TAllowance, sub: SubscriptionFacts | null, now: Date, zone: string): string {
  return a.period === 'lifetime' || !sub ? 'lifetime' : subscriptionYearKey(sub.anchorFrom, now, zone);
}

function grantedAmount(a: TAllowance, sub: SubscriptionFacts | null, now: Date, zone: string): number | null {
  if (a.amount === null) return null;
  if (!a.grants) return a.amount;
  let best = -1;
  for (const g of a.grants) {
    const ok =
      g.when === 'always' ||
      (g.when === 'yearly_purchase' && sub?.termUnit === 'year') ||
      (typeof g.when === 'object' &&
        sub !== null &&
        continuousMonths(sub.anchorFrom, now, zone) >= g.when.continuousMonths);
    if (ok) best = Math.max(best, g.amount);
  }
  return best;
}

function describeGrants(a: TAllowance): string[] {
  return (a.grants ?? []).map((g) =>
    g.when === 'always'
      ? 'always'
      : g.when === 'yearly_purchase'
        ? 'yearly_purchase'
        : `${g.when.continuousMonths}_continuous_months`,
  );
}

export function decideAllowance(r: AllowanceRequest): AllowanceDecision {
  const key = entitlementKey(r.service, r.protectionLevel);
  const level = r.level;
  if (!level) throw new DomainError('NOT_ENTITLED', { entitlement: key }, 'The account has no support plan.');
  const excluded = r.catalog.exclusionsFor(level, r.regionId);
  if (excluded.has(`service:${r.service}`)) {
    throw new DomainError(
      'NOT_ENTITLED',
      { entitlement: `service:${r.service}`, reason: 'region', region: r.regionId, level: level.id },
      `This service is not offered in region ${r.regionId}.`,
    );
  }
  const wanted = r.origin === 'application' ? 'on_application' : 'proactive';
  const candidates = r.catalog.allowancesFor(level, r.service).filter((a) => {
    if (r.protectionLevel !== null && a.protectionLevels && !a.protectionLevels.includes(r.protectionLevel))
      return false;
    if (!a.delivery.includes(wanted)) return false;
    const scenarios = r.origin === 'application' ? a.applicationScenarios : a.proactiveScenarios;
    return !scenarios || (r.scenario !== null && scenarios.includes(r.scenario));
  });
  const allowance = candidates[0];
  if (!allowance) {
    const any = r.catalog.allowancesFor(level, r.service);
    // The reason names what the caller can change: the level, the origin (who creates it) or the scenario/level.
    const reason = !any.length
      ? 'not_in_level'
      : !any.some((a) => a.delivery.includes(wanted))
        ? r.origin === 'application'
          ? 'proactive_only'
          : 'on_application_only'
        : 'scenario_or_protection_level';
    const scenarios = any.flatMap((a) =>
      r.origin === 'application' ? (a.applicationScenarios ?? []) : (a.proactiveScenarios ?? []),
    );
    const levels = any.flatMap((a) => a.protectionLevels ?? []);
    throw new DomainError(
      'NOT_ENTITLED',
      {
        entitlement: key,
        level: level.id,
        reason,
        ...(scenarios.length ? { allowedScenarios: [...new Set(scenarios)] } : {}),
        ...(levels.length ? { allowedProtectionLevels: [...new Set(levels)].sort() } : {}),
      },
      reason === 'proactive_only'
        ? 'This service is provided proactively by staff.'
        : reason === 'on_application_only'
          ? 'This service is provided when the customer applies for it.'
          : `The ${level.id} level does not include this service request.`,
    );
  }
  const zone = r.catalog.timeZone;
  const amount = grantedAmount(allowance, r.subscription, r.now, zone);
  if (amount !== null && amount <= 0) {
    throw new DomainError(
      'NOT_ENTITLED',
      { entitlement: key, level: level.id, reason: 'condition_not_met', conditions: describeGrants(allowance) },
      'The allowance needs a yearly purchase or enough continuous months.',
    );
  }
  const periodKey = allowancePeriodKey(allowance, r.subscription, r.now, zone);
  const base = `service:${r.service}${r.origin === 'proactive' ? ':proactive' : ''}`;
  const counters: Counter[] = [{ quota: base, limit: amount }];
  const subCap =
    r.protectionLevel !== null
      ? allowance.perProtectionLevel?.[String(r.protectionLevel) as '1' | '2' | '3']
      : undefined;
  if (subCap !== undefined) counters.push({ quota: `${base}:level_${r.protectionLevel}`, limit: subCap });
  return { allowance, unit: allowance.unit, periodKey, counters };
}

/**
 * Units a request consumes: one request, or its days — whole days, since allowances are counted in days: a half
 * day (a service with `wholeDays: false`) uses the whole day it falls on.
 */
export function unitsOf(unit: TAllowance['unit'], days: number): number {
  return unit === 'requests' ? 1 : Math.ceil(days);
}
