/**
 * The subscriptions module (platform/module.ts): plans, quotes, orders, sharing and links (routes), unpaid-order
 * expiry and renewals (sweeps), the app's plan cache, and the R-TKT-6 answer for webhooks.
 */
import type { Db } from '../../platform/db.js';
import type { Deps } from '../../platform/deps.js';
import type { Module } from '../../platform/module.js';
import type { Notifier, TicketApiAccess } from '../notifications/index.js';
import { registerSubscriptionRoutes } from './http/routes.js';
import { registerPaymentRoutes } from './http/payment-routes.js';
import { expireUnpaidOrdersSweep } from './jobs/expire-unpaid-orders.js';
import { renewalsSweep } from './jobs/renewals.js';
import type { QuotaContributor } from './use-cases/get-plan.js';
import { PlanCache } from './use-cases/plan-cache.js';
import { ticketApiAccess } from './use-cases/ticket-api-access.js';
import { billLedger, type AfterCredit, type BillLedger } from './use-cases/balance.js';

export interface SubscriptionsPorts {
  /** Quota rows other contexts add to GET /plan (the service-request allowances, R-SR-2). */
  readonly planQuotas?: readonly QuotaContributor[];
  /** How a transaction that changes plans tells other processes before it commits (PostgreSQL); null: none. */
  readonly notifyPlanChange?: ((tx: Db) => Promise<void>) | null;
  /** Order, renewal and expiry notices on every channel of the level (R-NTF-1); without it: the message center. */
  readonly notifier?: Notifier;
  /** Issue 11: runs after every credit of the balance, in its transaction (billing collects overdue bills). */
  readonly afterCredit?: AfterCredit;
}

export interface SubscriptionsProvides {
  /** R-TKT-6: whether an account's level includes the ticket management API (webhooks). */
  readonly ticketApi: TicketApiAccess;
  /** Issue 11: month-end bills are collected from the balance ledger (billing). */
  readonly ledger: BillLedger;
}

export function createSubscriptionsModule(deps: Deps, ports: SubscriptionsPorts = {}): Module<SubscriptionsProvides> {
  // The plan cache: coherent by itself on the embedded database (one process); on PostgreSQL through LISTEN/NOTIFY.
  const planCache = new PlanCache(ports.notifyPlanChange ?? null);
  const own = {
    ...deps,
    planQuotas: ports.planQuotas ?? [],
    ...(ports.notifier ? { notifier: ports.notifier } : {}),
    ...(ports.afterCredit ? { afterCredit: ports.afterCredit } : {}),
  };
  return {
    name: 'subscriptions',
    routes: (app) => {
      registerSubscriptionRoutes(app, own);
      registerPaymentRoutes(app, own);
    },
    sweeps: [expireUnpaidOrdersSweep(own), renewalsSweep(own)],
    readCaches: [planCache],
    provides: { ticketApi: ticketApiAccess(deps), ledger: billLedger(deps) },
  };
}
