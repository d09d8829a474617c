/**
 * R-ACC-1 / R-ACC-4: the account's audit trail for staff — who changed what and when, with the fields before and
 * after (profile, contacts, approvals, invitations). Customers do not read it (403 after the 404 of visibility).
 */
import type { Deps } from '../../../platform/deps.js';
import { DomainError } from '../../../platform/errors.js';
import { isStaff, type Principal } from '../../../platform/http/principal.js';
import { pageOf, type TPageQuery } from '../../../platform/pagination.js';
import { pageAccountAudit, userNames } from '../store/account-store.js';
import { loadVisibleAccount } from './load-account.js';

export async function listAccountAudit(deps: Deps, principal: Principal, accountId: string, query: TPageQuery) {
  const account = await loadVisibleAccount(deps.db, principal, accountId);
  if (!isStaff(principal)) throw new DomainError('FORBIDDEN', { action: 'read_audit', requiredRole: 'staff' });
  const offset = (query.page - 1) * query.pageSize;
  const { rows, total } = await pageAccountAudit(deps.db, account.id, offset, query.pageSize);
  const names = await userNames(deps.db, [...new Set(rows.map((r) => r.actor))]);
  const items = rows.map((r) => {
    const data = (r.data ?? {}) as Record<string, unknown>;
    const { before, after, ...rest } = data;
    return {
      id: String(r.id),
      at: r.at.toISOString(),
      actor: r.actor,
      actorName: r.actor === 'admin' ? 'admin' : (names.get(r.actor) ?? null),
      action: r.action,
      before: (before as Record<string, unknown> | undefined) ?? null,
      after: (after as Record<string, unknown> | undefined) ?? null,
      data: rest,
    };
  });
  return pageOf(items, query, total);
}
