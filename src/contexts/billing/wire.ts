/**
 * The billing context's wiring (STYLE §9), for app/build-app.ts:
 *
 *   const billing = wireBilling(deps);
 *   billing.registerHandlers(outbox);      // billing.bill-notice
 *   scheduler.register(billing.sweep);     // billing.month-end
 *   billing.registerRoutes(http);          // POST /usage, GET /accounts/{id}/bills
 *
 * The command line runs a month with `runMonth` directly (tierdesk billing run).
 */
import type { App } from '../../app/http-types.js';
import type { Deps } from '../../platform/deps.js';
import type { OutboxDispatcher } from '../../platform/outbox.js';
import type { Sweep } from '../../platform/scheduler.js';
import { BILL_NOTICE_TOPIC } from './domain/notice.js';
import { registerBillingRoutes } from './http/routes.js';
import { monthEndSweep } from './jobs/month-end.js';
import { billNoticeHandler } from './use-cases/bill-notice.js';
import { runMonth, type RunMonthOptions, type RunSummary } from './use-cases/run-month.js';

export interface BillingWiring {
  readonly sweep: Sweep;
  readonly sweeps: readonly Sweep[];
  registerHandlers(outbox: OutboxDispatcher): void;
  registerRoutes(app: App): void;
  runMonth(opts: RunMonthOptions): Promise<RunSummary>;
}

export function wireBilling(deps: Deps): BillingWiring {
  const sweep = monthEndSweep(deps);
  return {
    sweep,
    sweeps: [sweep],
    registerHandlers: (outbox) => outbox.on(BILL_NOTICE_TOPIC, billNoticeHandler(deps)),
    registerRoutes: (app) => registerBillingRoutes(app, deps),
    runMonth: (opts) => runMonth(deps, opts),
  };
}
