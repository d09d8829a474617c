/**
 * The billing module (platform/module.ts): usage in and bills out (routes), the month-end run (sweep) and the bill
 * notice (outbox handler). `tierdesk billing run` (app/billing-command.ts) runs a month with `runMonth` directly.
 */
import type { Deps } from '../../platform/deps.js';
import type { Module } from '../../platform/module.js';
import type { Notifier } from '../notifications/index.js';
import type { AfterCredit, BillLedger } from '../subscriptions/index.js';
import { BILL_NOTICE_TOPIC } from './domain/notice.js';
import { registerBillingRoutes } from './http/routes.js';
import { monthEndSweep } from './jobs/month-end.js';
import { billNoticeHandler } from './use-cases/bill-notice.js';
import { BackgroundRuns } from './use-cases/billing-runs.js';
import { collectOverdueBills } from './use-cases/collect-overdue.js';

export interface BillingPorts {
  readonly notifier: Notifier;
  /** Issue 11: bills are collected from the balance ledger (the subscriptions module's). */
  readonly ledger: BillLedger;
}

export interface BillingProvides {
  /** Issue 11: after a credit of the balance, collect the account's overdue bills (the subscriptions module's port). */
  readonly afterCredit: AfterCredit;
}

export function createBillingModule(deps: Deps, ports: BillingPorts): Module<BillingProvides> {
  const own = { ...deps, notifier: ports.notifier, ledger: ports.ledger };
  const runs = new BackgroundRuns(deps);
  return {
    name: 'billing',
    routes: (app) => registerBillingRoutes(app, deps, runs),
    /** Runs started from the API finish their batch before the database closes (a killed one is resumed later). */
    close: () => runs.stop(),
    sweeps: [monthEndSweep(deps)],
    outboxHandlers: {
      [BILL_NOTICE_TOPIC]: billNoticeHandler(own),
    },
    provides: {
      afterCredit: async (tx, account, now) => {
        await collectOverdueBills(own, tx, account, now);
      },
    },
  };
}
