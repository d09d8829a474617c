/**
 * The checks and money of a plan action, shared by quotes and orders so they never disagree (R-SUB-2…8).
 * Order of refusals: visibility (404) → role (403) → input (400) → state (409/403).
 */
import type { Db } from '../../../platform/db.js';
import type { Deps } from '../../../platform/deps.js';
import { DomainError, validationFailed } from '../../../platform/errors.js';
import { isStaff, type Principal } from '../../../platform/http/principal.js';
import type { Term } from '../../../domain/proration/proration.js';
import type { TLevel } from '../../../domain/catalog/catalog-schema.js';
import type { AccountRow } from '../../accounts/index.js';
import { loadAccount } from '../../accounts/index.js';
import { checkChangeLimit } from '../domain/change-limit.js';
import { isPaidActive, type EffectivePlan } from '../domain/effective-plan.js';
import {
  quoteDowngrade,
  quotePurchase,
  quoteRenew,
  quoteUnsubscribe,
  quoteUpgrade,
  type QuoteResult,
} from '../domain/quote.js';
import { localDate } from '../domain/validity.js';
import {
  findSubscription,
  levelChangeTimes,
  livePeriods,
  toPeriodValue,
  toState,
  type PeriodRow,
  type SubscriptionRow,
} from '../store/subscription-store.js';
import { isLocked } from './get-plan.js';
import { loadOwnPlan } from './load-plan.js';

export type PlanAction = 'purchase' | 'upgrade' | 'downgrade' | 'renew' | 'unsubscribe';
export type OrderType = 'new' | 'upgrade' | 'downgrade' | 'renew' | 'unsubscribe' | 'add_on';

export const ORDER_TYPE: Record<PlanAction, OrderType> = {
  purchase: 'new',
  upgrade: 'upgrade',
  downgrade: 'downgrade',
  renew: 'renew',
  unsubscribe: 'unsubscribe',
};

export interface ActionInput {
  action: PlanAction;
  level?: string | undefined;
  term?: Term | undefined;
}

export interface PreparedAction {
  readonly action: PlanAction;
  readonly account: AccountRow;
  readonly level: TLevel | null;
  readonly fromLevel: string | null;
  readonly term: Term | null;
  readonly quote: QuoteResult;
  readonly actionDate: string;
  readonly subscription: SubscriptionRow | null;
  readonly periods: PeriodRow[];
  /** Tianyi 7-day no-reason refund applies to this unsubscribe. */
  readonly noReason: boolean;
  readonly noReasonRefundsRemaining: number | null;
}

function requireLevel(deps: Deps, id: string | undefined): TLevel {
  if (!id) throw validationFailed([{ path: 'body.level', message: 'required for this action' }]);
  const level = deps.catalog.findLevel(id);
  if (!level)
    throw validationFailed([
      { path: 'body.level', message: `one of ${deps.catalog.levels.map((l) => l.id).join(', ')}` },
    ]);
  if (!level.purchasable || level.isDefault)
    throw validationFailed([{ path: 'body.level', message: `level ${id} cannot be bought` }]);
  return level;
}

function requireTerm(deps: Deps, term: Term | undefined): Term {
  if (!term) throw validationFailed([{ path: 'body.term', message: 'required for this action' }]);
  if (!deps.catalog.termAllowed(term)) {
    const allowed = deps.catalog.def.subscription.terms.map((t) => `${t.min}–${t.max} ${t.unit}(s)`).join(' or ');
    throw validationFailed([{ path: 'body.term', message: `this provider sells ${allowed}` }]);
  }
  return term;
}

/** R-SUB-5a: a level that requires approval is FORBIDDEN to a customer until staff approved and assigned a TAM. */
function requireApproval(principal: Principal, account: AccountRow, level: TLevel): void {
  if (level.requiresApproval && !isStaff(principal) && !(account.approvedAt && account.tamUserId)) {
    throw new DomainError(
      'FORBIDDEN',
      { reason: 'approval_required', level: level.id },
      `Level ${level.id} needs staff approval and an assigned TAM first; contact your account manager.`,
    );
  }
}

function actionFor(current: TLevel, target: TLevel): PlanAction {
  return target.rank > current.rank ? 'upgrade' : target.rank < current.rank ? 'downgrade' : 'renew';
}

async function requireChangeAllowed(deps: Deps, db: Db, account: AccountRow, now: Date): Promise<void> {
  const rule = deps.catalog.def.subscription.levelChanges;
  const since = new Date(now.getTime() - rule.windowDays * 86_400_000);
  const result = checkChangeLimit(await levelChangeTimes(db, account.tenantId, account.id, since), now, rule);
  if (!result.allowed) {
    throw new DomainError(
      'CHANGE_TOO_FREQUENT',
      { limit: rule.max, windowDays: rule.windowDays, nextAllowedAt: result.nextAllowedAt.toISOString() },
      `At most ${rule.max} level changes in ${rule.windowDays} days; the next is allowed from ${result.nextAllowedAt.toISOString()}.`,
    );
  }
}

async function requireUnlocked(deps: Deps, db: Db, plan: EffectivePlan, now: Date, action: PlanAction): Promise<void> {
  if (await isLocked(db, deps.catalog, plan, now)) {
    throw new DomainError(
      'ORDER_LOCKED',
      { action, validTo: plan.validTo?.toISOString() ?? null },
      'A value-added service was applied for in this term: it cannot be unsubscribed or downgraded until the term ends.',
    );
  }
}

async function sharedBlock(db: Db, account: AccountRow): Promise<void> {
  if (account.parentId && account.financeMode === 'custody') {
    const master = await loadAccount(db, account.parentId);
    if (master.sharingEnabled) {
      throw new DomainError(
        'PLAN_CONFLICT',
        { reason: 'shared_plan', masterAccountId: master.id },
        'This account is served by its master account’s shared plan; manage the plan there.',
      );
    }
  }
}

/** Validates an action for `account` at `now` and prices it. Reads inside `db` (a transaction for orders). */
export async function prepareAction(
  deps: Deps,
  db: Db,
  principal: Principal,
  account: AccountRow,
  input: ActionInput,
  now: Date,
): Promise<PreparedAction> {
  const catalog = deps.catalog;
  const actionDate = localDate(now, catalog.timeZone);
  const subRow = (await findSubscription(db, account.id)) ?? null;
  const plan = await loadOwnPlan(db, catalog, account, now);
  const active = isPaidActive(subRow ? toState(subRow) : null, now) ? subRow : null;
  const periods = active ? await livePeriods(db, account.tenantId, active.id) : [];
  const base = {
    action: input.action,
    account,
    actionDate,
    subscription: subRow,
    periods,
    noReason: false,
    noReasonRefundsRemaining: null,
  };

  if (input.action === 'purchase') {
    const level = requireLevel(deps, input.level);
    const term = requireTerm(deps, input.term);
    await sharedBlock(db, account);
    if (active) {
      const current = catalog.level(active.level);
      const suggested = actionFor(current, level);
      throw new DomainError(
        'PLAN_CONFLICT',
        { action: suggested, currentLevel: current.id },
        `The account already has the ${current.id} plan; use ${suggested}.`,
      );
    }
    requireApproval(principal, account, level);
    return { ...base, level, fromLevel: plan.level?.id ?? null, term, quote: quotePurchase(catalog, level, term) };
  }

  if (!active) {
    throw new DomainError(
      'PLAN_CONFLICT',
      { action: 'purchase', currentLevel: plan.level?.id ?? null },
      'The account has no paid plan; use purchase.',
    );
  }
  const current = catalog.level(active.level);
  const values = periods.map(toPeriodValue);

  switch (input.action) {
    case 'upgrade': {
      const level = requireLevel(deps, input.level);
      if (level.rank <= current.rank) {
        const suggested = actionFor(current, level);
        throw new DomainError(
          'PLAN_CONFLICT',
          { action: suggested, currentLevel: current.id },
          `${level.id} is not above ${current.id}; use ${suggested}.`,
        );
      }
      requireApproval(principal, account, level);
      await requireChangeAllowed(deps, db, account, now);
      // R-SUB-3: upgrades stay allowed under a lock.
      return {
        ...base,
        level,
        fromLevel: current.id,
        term: null,
        quote: quoteUpgrade(catalog, values, level, actionDate),
      };
    }
    case 'downgrade': {
      const target = input.level ? catalog.findLevel(input.level) : undefined;
      if (target?.isDefault)
        throw new DomainError(
          'PLAN_CONFLICT',
          { action: 'unsubscribe', currentLevel: current.id },
          'Going back to the free default level is an unsubscribe.',
        );
      const level = requireLevel(deps, input.level);
      if (level.rank >= current.rank) {
        const suggested = actionFor(current, level);
        throw new DomainError(
          'PLAN_CONFLICT',
          { action: suggested, currentLevel: current.id },
          `${level.id} is not below ${current.id}; use ${suggested}.`,
        );
      }
      await requireUnlocked(deps, db, plan, now, 'downgrade');
      await requireChangeAllowed(deps, db, account, now);
      return {
        ...base,
        level,
        fromLevel: current.id,
        term: null,
        quote: quoteDowngrade(catalog, values, level, actionDate),
      };
    }
    case 'renew': {
      const term = requireTerm(deps, input.term);
      if (input.level && input.level !== current.id) {
        const target = requireLevel(deps, input.level);
        const suggested = actionFor(current, target);
        throw new DomainError(
          'PLAN_CONFLICT',
          { action: suggested, currentLevel: current.id },
          `Renewal keeps the ${current.id} level; use ${suggested} to change it.`,
        );
      }
      if (!current.purchasable)
        throw new DomainError('PLAN_CONFLICT', { reason: 'not_renewable', currentLevel: current.id });
      return { ...base, level: current, fromLevel: current.id, term, quote: quoteRenew(catalog, current, term) };
    }
    case 'unsubscribe': {
      if (!current.unsubscribable)
        throw new DomainError(
          'PLAN_CONFLICT',
          { reason: 'not_unsubscribable', currentLevel: current.id },
          `The ${current.id} level cannot be unsubscribed.`,
        );
      await requireUnlocked(deps, db, plan, now, 'unsubscribe');
      const rule = catalog.def.subscription.noReasonRefund;
      let noReason = false;
      let remaining: number | null = null;
      if (rule) {
        remaining = Math.max(0, rule.maxPerAccount - account.noReasonRefundsUsed);
        // R-SUB-6: within 7×24 h of payment — every term still held was paid inside the window (terms that ended
        // before today, e.g. an earlier purchase that expired, are not held any more and do not count).
        const windowMs = rule.withinHours * 3600_000;
        const held = periods.filter((p) => p.endDate > actionDate);
        const withinWindow = held.length > 0 && held.every((p) => now.getTime() - p.paidAt.getTime() <= windowMs);
        noReason = withinWindow && remaining > 0;
      }
      const quote = quoteUnsubscribe(catalog, values, actionDate, { noReason });
      return {
        ...base,
        level: catalog.defaultLevel,
        fromLevel: current.id,
        term: null,
        quote,
        noReason,
        noReasonRefundsRemaining: remaining,
      };
    }
  }
}
