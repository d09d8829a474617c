/** Ticket transactions never change accounts or plans, so they keep the plan cache (platform/deps.ts). */
import type { Db } from '../../../platform/db.js';
import { inTransaction, type Deps } from '../../../platform/deps.js';

export function inTicketTransaction<T>(deps: Deps, fn: (tx: Db) => Promise<T>): Promise<T> {
  return inTransaction(deps, fn, { keepsPlans: true });
}
