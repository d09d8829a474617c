/** "My service requests" (R-SR-4): 10 a page by default, newest first, filter by type and status; one with history. */
import { isStaff, type Principal } from '../../../platform/http/principal.js';
import { pageOf, type TPageQuery } from '../../../platform/pagination.js';
import { loadVisibleAccount } from '../../accounts/index.js';
import { serviceRequestView } from '../domain/views.js';
import type { ServiceRequestsDeps } from '../ports.js';
import {
  eventsOfServiceRequest,
  pageServiceRequests,
  type ServiceRequestScope,
} from '../store/service-request-store.js';
import { loadServiceRequest } from './workflow.js';

export async function getServiceRequest(deps: ServiceRequestsDeps, principal: Principal, id: string) {
  const { sr } = await loadServiceRequest(deps, deps.db, principal, id, deps.clock.now());
  const events = await eventsOfServiceRequest(deps.db, sr);
  return {
    ...serviceRequestView(sr, { staff: isStaff(principal) }),
    events: events.map((e) => ({
      id: e.id,
      kind: e.kind,
      actor: e.actor,
      data: e.data,
      at: e.at.toISOString(),
    })),
  };
}

export async function listServiceRequests(
  deps: ServiceRequestsDeps,
  principal: Principal,
  f: TPageQuery & { accountId?: string | undefined; type?: string | undefined; status?: string | undefined },
) {
  let scope: ServiceRequestScope = { all: true };
  if (f.accountId) {
    const account = await loadVisibleAccount(deps.db, principal, f.accountId);
    scope = { account: { tenantId: account.tenantId, accountId: account.id } };
  } else if (!isStaff(principal)) {
    // A customer without a filter: the own account's requests and its sub accounts'.
    const own = await loadVisibleAccount(deps.db, principal, principal.accountId!);
    scope = { family: { tenantId: own.tenantId, accountId: own.id } };
  }
  const { rows, total } = await pageServiceRequests(
    deps.db,
    scope,
    { type: f.type, statuses: f.status ? f.status.split(',') : undefined },
    { offset: (f.page - 1) * f.pageSize, limit: f.pageSize },
  );
  const staff = isStaff(principal);
  return pageOf(
    rows.map((r) => serviceRequestView(r, { staff })),
    f,
    total,
  );
}
