/**
 * R-SUB-1, R-ACC-2/3: which plan an account is served under — its own, its custody master's shared plan, or a
 * Tianyi linking plan — and what that plan entitles it to, in its region (R-CAT-5).
 */
import { DateTime } from 'luxon';
import type { Catalog } from '../../../domain/catalog/catalog.js';
import type { TLevel } from '../../../domain/catalog/catalog-schema.js';

export type PlanStatus = 'active' | 'expired' | 'unsubscribed' | 'none';
export type PlanSource = 'own' | 'shared' | 'linked';

export interface SubscriptionState {
  readonly id: string;
  readonly accountId: string;
  readonly level: string;
  readonly status: 'active' | 'expired' | 'unsubscribed';
  readonly validFrom: Date;
  readonly validTo: Date;
  readonly termUnit: 'month' | 'year';
  readonly anchorFrom: Date;
  readonly autoRenew: boolean;
}

export interface EffectivePlan {
  /** null: no plan (a catalog without a free default level, and nothing bought). */
  readonly level: TLevel | null;
  readonly status: PlanStatus;
  readonly validFrom: Date | null;
  readonly validTo: Date | null;
  readonly source: PlanSource;
  /** The account whose plan this is (quotas are counted there). */
  readonly planAccountId: string;
  /** The paid subscription behind it, if any. */
  readonly subscription: SubscriptionState | null;
}

export function isPaidActive(sub: SubscriptionState | null | undefined, now: Date): boolean {
  return !!sub && sub.status === 'active' && sub.validTo.getTime() > now.getTime();
}

/** The account's own plan: its active paid subscription, else the free default level, else none. */
export function ownPlan(
  catalog: Catalog,
  accountId: string,
  accountCreatedAt: Date,
  sub: SubscriptionState | null,
  now: Date,
): EffectivePlan {
  if (sub && isPaidActive(sub, now)) {
    return {
      level: catalog.level(sub.level),
      status: 'active',
      validFrom: sub.validFrom,
      validTo: sub.validTo,
      source: 'own',
      planAccountId: accountId,
      subscription: sub,
    };
  }
  const fallback = catalog.defaultLevel;
  if (fallback) {
    return {
      level: fallback,
      status: 'active',
      validFrom: accountCreatedAt,
      validTo: null,
      source: 'own',
      planAccountId: accountId,
      subscription: null,
    };
  }
  return {
    level: null,
    status: sub ? (sub.status === 'active' ? 'expired' : sub.status) : 'none',
    validFrom: sub?.validFrom ?? null,
    validTo: sub?.validTo ?? null,
    source: 'own',
    planAccountId: accountId,
    subscription: sub,
  };
}

export interface PlanResolutionInput {
  readonly own: EffectivePlan;
  /** The custody master's own plan when the account is a custody sub and the master shares. */
  readonly shared?: EffectivePlan | null;
  /** The linking owner's own plan when the account is an approved Tianyi linked account. */
  readonly linked?: EffectivePlan | null;
}

const rank = (p: EffectivePlan | null | undefined) => (p?.level ? p.level.rank : -1);

/**
 * Sharing replaces the sub's plan (seed 001 §6: one plan per account). A link grants the linking plan when it is
 * higher than the account's own (R-ACC-3: priority intake under the linking plan).
 */
export function resolvePlan(input: PlanResolutionInput): EffectivePlan {
  if (input.shared && input.shared.subscription && input.shared.status === 'active')
    return { ...input.shared, source: 'shared' };
  if (
    input.linked &&
    input.linked.subscription &&
    input.linked.status === 'active' &&
    rank(input.linked) > rank(input.own)
  ) {
    return { ...input.linked, source: 'linked' };
  }
  return input.own;
}

/** The natural-month or lifetime key a quota is counted under (partner: natural month in Beijing time). */
export function quotaPeriodKey(period: 'lifetime' | 'natural_month', now: Date, zone: string): string {
  return period === 'lifetime' ? 'lifetime' : DateTime.fromJSDate(now, { zone }).toFormat('yyyy-MM');
}

/** Every entitlement of a level as data, minus what the account's region excludes (R-CAT-3, R-CAT-5). */
export function entitlementsView(catalog: Catalog, level: TLevel, regionId: string) {
  const excluded = catalog.exclusionsFor(level, regionId);
  const keep = (key: string) => !excluded.has(key);
  return {
    technicalSupport: level.technical
      ? {
          channels: level.technical.channels.filter((c) => keep(`channel:${c.channel}`)),
          clock: level.technical.clock,
          targets: level.technical.targets,
          bestEffort: level.technical.bestEffort ?? false,
        }
      : null,
    nonTechnicalSupport: {
      channels: level.nonTechnical.channels.filter((c) => keep(`channel:${c.channel}`)),
      clock: level.nonTechnical.clock,
      target: level.nonTechnical.target,
    },
    handler: level.handler,
    resolutionPriority: level.resolutionPriority,
    restorationPriority: level.restorationPriority,
    slaBinding: level.slaBinding,
    notifications: level.notifications.filter((n) => keep(`notification:${n}`)),
    ticketApi: level.ticketApi && keep('ticket_api'),
    features: level.features.filter((f) => keep(`feature:${f.id}`)).map((f) => f.id),
    services: level.allowances
      .filter((a) => keep(`service:${a.service}`))
      .map((a) => ({
        service: a.service,
        unit: a.unit,
        amount: a.amount,
        period: a.period,
        grants: a.grants ?? null,
        protectionLevels: a.protectionLevels ?? null,
        delivery: a.delivery,
        placeholder: a.placeholder ?? false,
      })),
    linkedAccounts: level.linkedAccounts,
    excluded: [...excluded].sort(),
  };
}
