/** Account lists and approvals (R-ACC). */
import type { Db } from '../../../platform/db.js';
import type { Deps } from '../../../platform/deps.js';
import { inTransaction } from '../../../platform/deps.js';
import { DomainError, validationFailed } from '../../../platform/errors.js';
import { isStaff, type Principal } from '../../../platform/http/principal.js';
import { pageOf, type TPageQuery } from '../../../platform/pagination.js';
import { toAccountView, type AccountRow } from '../domain/account.js';
import { findUser, insertAudit, listContacts, listSubs, pageAccounts, updateAccount } from '../store/account-store.js';
import { loadVisibleAccount } from './load-account.js';

export async function listAccounts(deps: Deps, principal: Principal, query: TPageQuery) {
  const offset = (query.page - 1) * query.pageSize;
  const { rows, total } = isStaff(principal)
    ? await pageAccounts(deps.db, {}, offset, query.pageSize)
    : await pageAccounts(
        deps.db,
        { tenantId: principal.tenantId!, visibleTo: principal.accountId! },
        offset,
        query.pageSize,
      );
  return pageOf(rows.map(toAccountView), query, total);
}

export async function getAccount(deps: Deps, principal: Principal, id: string) {
  const account = await loadVisibleAccount(deps.db, principal, id);
  const contacts = await listContacts(deps.db, account.tenantId, account.id);
  const subs = account.parentId ? [] : await listSubs(deps.db, account.tenantId, account.id);
  return {
    ...toAccountView(account),
    contacts: contacts.map((c) => ({ id: c.id, name: c.name, email: c.email, phone: c.phone, role: c.role })),
    subAccounts: subs.map((s) => ({ id: s.id, name: s.name, financeMode: s.financeMode })),
  };
}

export async function listSubAccounts(db: Db, master: AccountRow): Promise<AccountRow[]> {
  return listSubs(db, master.tenantId, master.id);
}

/** R-SUB-5a: staff approve an account for levels that need it and assign its TAM. */
export async function approveAccount(deps: Deps, principal: Principal, id: string, input: { tamUserId: string }) {
  const now = deps.clock.now();
  return inTransaction(deps, async (tx) => {
    // R-ACC-4: visibility (404) before the role (403).
    const account = await loadVisibleAccount(tx, principal, id, { forUpdate: true });
    if (principal.role !== 'provider_admin') throw new DomainError('FORBIDDEN', { requiredRole: 'provider_admin' });
    const tam = await findUser(tx, input.tamUserId);
    if (!tam || tam.role !== 'tam' || tam.disabledAt)
      throw validationFailed([{ path: 'body.tamUserId', message: 'an active TAM user' }]);
    const row = await updateAccount(tx, account.id, {
      approvedAt: account.approvedAt ?? now,
      tamUserId: tam.id,
      updatedAt: now,
    });
    await insertAudit(tx, {
      tenantId: account.tenantId,
      actor: principal.id,
      action: 'account.approved',
      objectId: account.id,
      data: { tamUserId: tam.id },
      at: now,
    });
    return toAccountView(row);
  });
}
