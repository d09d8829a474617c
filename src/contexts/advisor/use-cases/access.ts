/**
 * Who may do what in the advisor (R-OA, R-ACC-4). Checked in this order: the account is visible (else NOT_FOUND),
 * the caller's role, the level's entitlement (NOT_ENTITLED), the customer's authorization (FORBIDDEN with
 * `details.reason: "advisor_not_authorized"`).
 */
import type { Db } from '../../../platform/db.js';
import { DomainError } from '../../../platform/errors.js';
import { authorize } from '../../../platform/http/authorize.js';
import type { Principal } from '../../../platform/http/principal.js';
import { advisorEntitlement } from '../domain/rules.js';
import type { AdvisorAccount, AdvisorDeps } from '../ports.js';
import type { SettingsRow } from '../store/settings-store.js';

/** The cloud side's integration key, or the provider admin, sends inventory and samples (the role table's `advisor.ingest`). */
export function requireIngest(principal: Principal): void {
  authorize(principal, 'advisor.ingest');
}

/** Readers and run starters: the account's users and support staff (not billing operators). */
export async function readableAccount(
  deps: AdvisorDeps,
  principal: Principal,
  accountId: string,
  db: Db = deps.db,
): Promise<AdvisorAccount> {
  const account = await deps.ports.visibleAccount(db, principal, accountId, deps.clock.now());
  authorize(principal, 'advisor.read');
  return account;
}

/** Settings (authorization, rules, schedule, groups, events) are the account owner's. */
export async function ownedAccount(
  deps: AdvisorDeps,
  principal: Principal,
  accountId: string,
  db: Db = deps.db,
): Promise<AdvisorAccount> {
  const account = await deps.ports.visibleAccount(db, principal, accountId, deps.clock.now());
  authorize(principal, 'advisor.configure');
  // The relation after the table: the owner of this account (a master's owner sees its subs, owns only its own).
  if (!deps.ports.isOwner(principal, account))
    throw new DomainError(
      'FORBIDDEN',
      { action: 'advisor.configure', requiredRole: ['customer_owner'], reason: 'not_owner' },
      'The account’s owner changes its advisor settings.',
    );
  return account;
}

/** R-OA-1: the level includes the advisor (its feature, not excluded in the account's region). */
export function requireAdvisor(deps: AdvisorDeps, account: AdvisorAccount): void {
  const advisor = deps.catalog.def.advisor;
  if (!advisorEntitlement(advisor, account.levelFeatures).included)
    throw new DomainError(
      'NOT_ENTITLED',
      { entitlement: `feature:${advisor?.feature ?? 'optimization_advisor'}`, level: account.levelId },
      'The account’s support plan does not include the optimization advisor.',
    );
}

/** Seed 000 §1.5.19: nothing is analysed before the customer authorizes it. */
export function requireAuthorized(settings: SettingsRow | null): void {
  if (!settings?.authorizedAt)
    throw new DomainError(
      'FORBIDDEN',
      { reason: 'advisor_not_authorized' },
      'The account has not authorized the optimization advisor to analyse its resources (POST …/advisor/authorization).',
    );
}
