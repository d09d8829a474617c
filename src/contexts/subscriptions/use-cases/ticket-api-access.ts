/** R-TKT-6 for the notifications context's webhooks, answered from the account's effective plan now. */
import type { Deps } from '../../../platform/deps.js';
import { ADMIN_PRINCIPAL } from '../../../platform/http/principal.js';
import type { TicketApiAccess } from '../../notifications/index.js';
import { hasTicketApi, requireTicketApi } from '../domain/ticket-api.js';
import { visibleAccountAndPlan } from './load-plan.js';

export function ticketApiAccess(deps: Deps): TicketApiAccess {
  return {
    // Each delivery asks the account's level now.
    async entitlement({ accountId }, now) {
      const { account, plan } = await visibleAccountAndPlan(deps, ADMIN_PRINCIPAL, accountId, now);
      return { entitled: hasTicketApi(deps.catalog, account, plan), level: plan.level?.id ?? null };
    },
    async require(principal, account) {
      const { plan } = await visibleAccountAndPlan(deps, principal, account.id, deps.clock.now());
      requireTicketApi(deps.catalog, principal, account, plan);
    },
  };
}
