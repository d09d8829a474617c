/** R-SUB-5a: an unpaid order is cancelled (reason expired) after the catalog's order lifetime. */
import type { Deps } from '../../../platform/deps.js';
import type { Sweep } from '../../../platform/scheduler.js';
import { dueUnpaidOrders, expireUnpaidOrder, nextUnpaidExpiry } from '../store/order-store.js';

export function expireUnpaidOrdersSweep(deps: Deps): Sweep {
  return {
    name: 'orders.expire-unpaid',
    async run(now) {
      const rows = await dueUnpaidOrders(deps.db, now, 1000);
      for (const row of rows) await expireUnpaidOrder(deps.db, row.id, row.expiresAt);
      return rows.length;
    },
    async nextDue() {
      return nextUnpaidExpiry(deps.db);
    },
  };
}
