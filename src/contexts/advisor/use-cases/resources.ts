/**
 * GET /api/v1/accounts/{id}/resources: the account's inventory (present by default, `type`, `groupId`); and
 * GET …/advisor/capacity (容量优化): utilisation of the account's resources (or a group's) over the last days per
 * metric — average and peak per resource, busiest first.
 */
import { notFound } from '../../../platform/errors.js';
import type { Principal } from '../../../platform/http/principal.js';
import { pageOf, type TPageQuery } from '../../../platform/pagination.js';
import type { AdvisorDeps } from '../ports.js';
import { listResources } from '../store/resource-store.js';
import { metricSummaryOf } from '../store/sample-store.js';
import { findGroup } from '../store/settings-store.js';
import { readableAccount } from './access.js';

export async function listAccountResources(
  deps: AdvisorDeps,
  principal: Principal,
  accountId: string,
  q: { type?: string | undefined; groupId?: string | undefined; includeGone?: boolean | undefined },
  query: TPageQuery,
) {
  const account = await readableAccount(deps, principal, accountId);
  if (q.groupId && !(await findGroup(deps.db, account.id, q.groupId))) throw notFound('group', q.groupId);
  const { items, total } = await listResources(deps.db, account.id, q, {
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return pageOf(
    items.map((r) => ({
      id: r.id,
      accountId: r.accountId,
      type: r.type,
      region: r.region,
      zone: r.zone,
      name: r.name,
      attributes: r.attributes,
      observedAt: r.observedAt.toISOString(),
      firstSeenAt: r.firstSeenAt.toISOString(),
      goneAt: r.goneAt?.toISOString() ?? null,
    })),
    query,
    total,
  );
}

const DAY_MS = 86_400_000;
export const CAPACITY_METRICS = ['cpu_util', 'mem_util', 'disk_util'] as const;

export async function capacity(
  deps: AdvisorDeps,
  principal: Principal,
  accountId: string,
  q: { groupId?: string | undefined; days: number; metrics?: readonly string[] | undefined },
) {
  const account = await readableAccount(deps, principal, accountId);
  if (q.groupId && !(await findGroup(deps.db, account.id, q.groupId))) throw notFound('group', q.groupId);
  const toAt = deps.clock.now();
  const fromAt = new Date(toAt.getTime() - q.days * DAY_MS);
  const metrics = q.metrics?.length ? q.metrics : CAPACITY_METRICS;
  const out = [];
  for (const metric of metrics) {
    // [fromAt, toAt] like a run's windows: the sample taken at this instant counts.
    const s = await metricSummaryOf(
      deps.db,
      account.id,
      metric,
      fromAt,
      new Date(toAt.getTime() + 1),
      account.timeZone,
      q.groupId,
    );
    out.push({
      metric,
      resources: s.resources.map((r) => ({ ...r, average: round1(r.average), peak: round1(r.peak) })),
    });
  }
  return { fromAt: fromAt.toISOString(), toAt: toAt.toISOString(), groupId: q.groupId ?? null, metrics: out };
}

const round1 = (n: number) => Math.round(n * 10) / 10;
