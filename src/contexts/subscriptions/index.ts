/** The subscriptions context's public face: other contexts and the composition root import only this. */
export { createSubscriptionsModule, type SubscriptionsPorts, type SubscriptionsProvides } from './module.js';
export { hasTicketApi, requireTicketApi } from './domain/ticket-api.js';
export type { QuotaContributor, QuotaView } from './use-cases/get-plan.js';
export { loadEffectivePlan, ownPaidPlanOf } from './use-cases/load-plan.js';
export { consumeQuota } from './use-cases/consume-quota.js';
export type { BillDebit, BillDebitResult, BillLedger } from './use-cases/balance.js';
