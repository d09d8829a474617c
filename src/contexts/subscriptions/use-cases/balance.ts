/** The account balance: refunds are credited here (R-SUB-6). */
import { and, desc, eq } from 'drizzle-orm';
import type { Deps } from '../../../platform/deps.js';
import type { Principal } from '../../../platform/http/principal.js';
import { loadVisibleAccount } from '../../accounts/use-cases/load-account.js';
import { money } from '../domain/views.js';
import { balanceEntries } from '../store/tables.js';

export async function getBalance(deps: Deps, principal: Principal, accountId: string) {
  const account = await loadVisibleAccount(deps.db, principal, accountId);
  const rows = await deps.db
    .select()
    .from(balanceEntries)
    .where(and(eq(balanceEntries.tenantId, account.tenantId), eq(balanceEntries.accountId, account.id)))
    .orderBy(desc(balanceEntries.createdAt));
  const total = rows.reduce((s, r) => s + r.amountMinor, 0n);
  const currency = deps.catalog.currency;
  return {
    balance: money(total, currency),
    entries: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      orderId: r.orderId,
      amount: money(r.amountMinor, currency),
      createdAt: r.createdAt.toISOString(),
    })),
  };
}
