/** The subscriptions context's public face: other contexts and the composition root import only this. */
export { createSubscriptionsModule, type SubscriptionsPorts, type SubscriptionsProvides } from './module.js';
export { hasTicketApi, requireTicketApi } from './domain/ticket-api.js';
export type { QuotaContributor, QuotaView } from './use-cases/get-plan.js';
export { loadEffectivePlan, ownPaidPlanOf } from './use-cases/load-plan.js';
export { loadEffectivePlans } from './use-cases/load-plans.js';
export { consumeQuota } from './use-cases/consume-quota.js';
export type { AfterCredit, BillDebit, BillDebitResult, BillLedger } from './use-cases/balance.js';
/** Read by other contexts (issue 14: they import only this face). */
export {
  heldLevelsBetween,
  settledOrdersBetween,
  settledOrdersOfSql,
  sharingSwitchesBefore,
  soleLevelHeldSql,
  type HeldLevelFact,
} from './store/billing-facts.js';
export { quotaPeriodKey, type EffectivePlan } from './domain/effective-plan.js';
export { quotaRow } from './store/quota-store.js';
export { lockCurrentTerm } from './use-cases/plan-settings.js';
export { visibleAccountAndPlan } from './use-cases/load-plan.js';
/** R-SR-2 (service-request allowances): the unit of the paid term that contains a date. */
export { termUnitOn } from './store/subscription-store.js';
export { releaseQuota } from './use-cases/consume-quota.js';
/** The demo's plans and balances (src/app/demo.ts). */
export { placeOrder } from './use-cases/orders.js';
export { payOrder } from './use-cases/pay-order.js';
export { topUpBalance } from './use-cases/balance.js';
