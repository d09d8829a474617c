/** "My service requests" (R-SR-4): 10 a page by default, newest first, filter by type and status; one with history. */
import { and, asc, count, desc, eq, inArray, or } from 'drizzle-orm';
import { isStaff, type Principal } from '../../../platform/http/principal.js';
import { pageOf, type TPageQuery } from '../../../platform/pagination.js';
import { accounts } from '../../accounts/index.js';
import { loadVisibleAccount } from '../../accounts/index.js';
import { serviceRequestView } from '../domain/views.js';
import type { ServiceRequestsDeps } from '../ports.js';
import { serviceRequestEvents, serviceRequests } from '../store/tables.js';
import { loadServiceRequest } from './workflow.js';

export async function getServiceRequest(deps: ServiceRequestsDeps, principal: Principal, id: string) {
  const { sr } = await loadServiceRequest(deps, deps.db, principal, id, deps.clock.now());
  const events = await deps.db
    .select()
    .from(serviceRequestEvents)
    .where(and(eq(serviceRequestEvents.tenantId, sr.tenantId), eq(serviceRequestEvents.serviceRequestId, sr.id)))
    .orderBy(asc(serviceRequestEvents.at), asc(serviceRequestEvents.id));
  return {
    ...serviceRequestView(sr, { staff: isStaff(principal) }),
    events: events.map((e) => ({
      id: e.id,
      kind: e.kind,
      actor: e.actor,
      data: e.data as Record<string, unknown>,
      at: e.at.toISOString(),
    })),
  };
}

export async function listServiceRequests(
  deps: ServiceRequestsDeps,
  principal: Principal,
  f: TPageQuery & { accountId?: string | undefined; type?: string | undefined; status?: string | undefined },
) {
  let scope;
  if (f.accountId) {
    const account = await loadVisibleAccount(deps.db, principal, f.accountId);
    scope = and(eq(serviceRequests.tenantId, account.tenantId), eq(serviceRequests.accountId, account.id));
  } else if (!isStaff(principal)) {
    const own = await loadVisibleAccount(deps.db, principal, principal.accountId!);
    const visible = deps.db
      .select({ id: accounts.id })
      .from(accounts)
      .where(and(eq(accounts.tenantId, own.tenantId), or(eq(accounts.id, own.id), eq(accounts.parentId, own.id))));
    scope = and(eq(serviceRequests.tenantId, own.tenantId), inArray(serviceRequests.accountId, visible));
  }
  const where = and(
    scope,
    f.type ? eq(serviceRequests.type, f.type) : undefined,
    f.status ? inArray(serviceRequests.status, f.status.split(',')) : undefined,
  );
  const rows = await deps.db
    .select()
    .from(serviceRequests)
    .where(where)
    .orderBy(desc(serviceRequests.submittedAt), desc(serviceRequests.id))
    .offset((f.page - 1) * f.pageSize)
    .limit(f.pageSize);
  const [total] = await deps.db.select({ n: count() }).from(serviceRequests).where(where);
  const staff = isStaff(principal);
  return pageOf(
    rows.map((r) => serviceRequestView(r, { staff })),
    f,
    Number(total?.n ?? 0),
  );
}
