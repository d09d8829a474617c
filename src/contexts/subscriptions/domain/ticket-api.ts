/**
 * R-TKT-6: the ticket management API (its routes and webhooks) is an entitlement of the level (`ticket_api`),
 * minus the region's exclusions. A customer calling with an API key needs it; console sessions and staff do not.
 */
import { DomainError } from '../../../platform/errors.js';
import { isCustomer, type Principal } from '../../../domain/access/principal.js';
import type { Catalog } from '../../../domain/catalog/catalog.js';
import type { AccountRow } from '../../accounts/index.js';
import type { EffectivePlan } from './effective-plan.js';

/** Whether the account's effective level includes the ticket management API in its region (R-TKT-6). */
export function hasTicketApi(catalog: Catalog, account: AccountRow, plan: EffectivePlan): boolean {
  const level = plan.level;
  return !!level && level.ticketApi && !catalog.exclusionsFor(level, account.region).has('ticket_api');
}

export function requireTicketApi(
  catalog: Catalog,
  principal: Principal,
  account: AccountRow,
  plan: EffectivePlan,
): void {
  if (!isCustomer(principal) || principal.via !== 'api_key') return;
  const level = plan.level;
  if (!hasTicketApi(catalog, account, plan)) {
    throw new DomainError(
      'NOT_ENTITLED',
      { entitlement: 'ticket_api', level: level?.id ?? null },
      'The ticket management API is not included in this plan; use the console or upgrade.',
    );
  }
}
