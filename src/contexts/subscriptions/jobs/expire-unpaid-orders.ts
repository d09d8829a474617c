/** R-SUB-5a: an unpaid order is cancelled (reason expired) after the catalog's order lifetime. */
import { and, eq, lte, min } from 'drizzle-orm';
import type { Deps } from '../../../platform/deps.js';
import type { Sweep } from '../../../platform/scheduler.js';
import { orders } from '../store/tables.js';

export function expireUnpaidOrdersSweep(deps: Deps): Sweep {
  return {
    name: 'orders.expire-unpaid',
    async run(now) {
      const due = and(eq(orders.status, 'pending_payment'), lte(orders.expiresAt, now));
      const rows = await deps.db
        .select({ id: orders.id, expiresAt: orders.expiresAt })
        .from(orders)
        .where(due)
        .limit(1000);
      for (const row of rows) {
        await deps.db
          .update(orders)
          .set({ status: 'cancelled', cancelledAt: row.expiresAt, cancelReason: 'expired' })
          .where(and(eq(orders.id, row.id), eq(orders.status, 'pending_payment')));
      }
      return rows.length;
    },
    async nextDue() {
      const [row] = await deps.db
        .select({ at: min(orders.expiresAt) })
        .from(orders)
        .where(eq(orders.status, 'pending_payment'));
      return row?.at ? new Date(row.at) : null;
    },
  };
}
