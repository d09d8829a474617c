/**
 * Incident support (优护计划, R-NTF-2): staff publish an industry incident or a planned platform change with a
 * level (1 high, 2 medium, 3 low), the affected regions and services and guidance, then updates. Every entitled
 * affected account — its level has the catalog's incident feature and its region is affected and not excluded —
 * is notified on its channels exactly once (a unique row per incident and account; a sweep finishes a fan-out
 * that was interrupted). Customers follow up with a ticket linked to the incident.
 */
import type { Db } from '../../../platform/db.js';
import type { Deps } from '../../../platform/deps.js';
import { inTransaction } from '../../../platform/deps.js';
import { DomainError, notFound, validationFailed } from '../../../platform/errors.js';
import { authorize } from '../../../platform/http/authorize.js';
import { isStaff, type Principal } from '../../../platform/http/principal.js';
import { newId } from '../../../platform/ids.js';
import { pageOf, type TPageQuery } from '../../../platform/pagination.js';
import type { Sweep } from '../../../platform/scheduler.js';
import { incidentNotice, incidentUpdateTitle } from '../domain/messages.js';
import type { TNames } from '../../../domain/catalog/catalog-schema.js';
import { accountRowsAfter, type AccountRow } from '../../accounts/index.js';
import { loadEffectivePlan } from '../../subscriptions/index.js';
import type { Notifier } from '../../notifications/index.js';
import {
  countNotified,
  findIncident,
  insertIncident,
  insertIncidentUpdate,
  lockIncident,
  markFanOutDone,
  notifiedAccounts,
  pageIncidents,
  pendingFanOuts,
  recordNotified,
  setIncidentState,
  updatesOf,
  wasNotified,
  type IncidentRow,
} from '../store/incident-store.js';

export interface IncidentsDeps extends Deps {
  readonly notifier: Notifier;
}

export interface PublishInput {
  kind: 'industry' | 'platform_change';
  level: number;
  title: TNames;
  summary: TNames;
  guidance: TNames;
  affectedRegions?: string[] | undefined;
  affectedServices?: string[] | undefined;
}

export function incidentView(i: IncidentRow) {
  return {
    id: i.id,
    kind: i.kind,
    level: i.level,
    title: i.title as TNames,
    summary: i.summary as TNames,
    guidance: i.guidance as TNames,
    affectedRegions: i.affectedRegions as string[],
    affectedServices: i.affectedServices as string[],
    status: i.status,
    publishedAt: i.publishedAt.toISOString(),
    updatedAt: i.updatedAt.toISOString(),
    resolvedAt: i.resolvedAt?.toISOString() ?? null,
  };
}

function requirePublisher(p: Principal): void {
  authorize(p, 'incident.publish');
}

/** Whether an account is entitled to and affected by an incident. */
async function entitled(
  deps: IncidentsDeps,
  db: Db,
  incident: IncidentRow,
  account: AccountRow,
  now: Date,
): Promise<string | null> {
  const feature = deps.catalog.def.incidents?.feature;
  if (!feature) return null;
  const regions = incident.affectedRegions as string[];
  if (regions.length && !regions.includes(account.region)) return null;
  const plan = await loadEffectivePlan(db, deps.catalog, account, now);
  const level = plan.level;
  if (
    !level ||
    !level.features.some((f) => f.id === feature) ||
    deps.catalog.exclusionsFor(level, account.region).has(`feature:${feature}`)
  )
    return null;
  return level.id;
}

const BATCH = 200;

/** Notifies every entitled affected account not yet notified; resumable; returns how many were notified now. */
export async function fanOutIncident(deps: IncidentsDeps, incident: IncidentRow, now: Date): Promise<number> {
  let notified = 0;
  let after = '';
  for (;;) {
    const batch = await accountRowsAfter(deps.db, after, BATCH);
    if (!batch.length) break;
    after = batch[batch.length - 1]!.id;
    for (const account of batch) {
      const levelId = await entitled(deps, deps.db, incident, account, now);
      if (!levelId) continue;
      await inTransaction(
        deps,
        async (tx) => {
          const told = await recordNotified(tx, {
            incidentId: incident.id,
            accountId: account.id,
            tenantId: account.tenantId,
            level: levelId,
            notifiedAt: now,
          });
          if (!told) return;
          notified++;
          const title = incident.title as TNames;
          await deps.outbox.enqueue(
            tx,
            deps.notifier.customer({
              account,
              level: deps.catalog.findLevel(levelId) ?? null,
              kind: 'incident.published',
              dedupeKey: `incident:${incident.id}:${account.id}`,
              ...incidentNotice(
                incident.kind,
                incident.level,
                title,
                incident.summary as TNames,
                incident.guidance as TNames,
              ),
              data: { incidentId: incident.id, level: incident.level, kind: incident.kind },
              // Seed 000 §1.5.18: by SMS too; seed 004 §1.4: a call by the desk or the account's manager.
              extraChannels: deps.catalog.def.incidents?.notifications ?? [],
              staffCall: true,
            }),
            now,
          );
        },
        { keepsPlans: true },
      );
    }
  }
  await markFanOutDone(deps.db, incident.id, now);
  return notified;
}

export async function publishIncident(deps: IncidentsDeps, principal: Principal, input: PublishInput) {
  requirePublisher(principal);
  const levels = deps.catalog.def.incidents?.levels.map((l) => l.level) ?? [];
  if (!levels.length)
    throw new DomainError(
      'NOT_ENTITLED',
      { entitlement: 'incident_support' },
      `${deps.catalog.def.names['en-US']} offers no incident support.`,
    );
  if (!levels.includes(input.level))
    throw validationFailed([{ path: 'body.level', message: `one of ${levels.join(', ')}` }]);
  const unknown = (input.affectedRegions ?? []).filter((r) => !deps.catalog.region(r));
  if (unknown.length)
    throw validationFailed([{ path: 'body.affectedRegions', message: `unknown regions ${unknown.join(', ')}` }]);
  const now = deps.clock.now();
  const row = await insertIncident(deps.db, {
    id: newId('inc', now.getTime()),
    kind: input.kind,
    level: input.level,
    title: input.title,
    summary: input.summary,
    guidance: input.guidance,
    affectedRegions: input.affectedRegions ?? [],
    affectedServices: input.affectedServices ?? [],
    status: 'open',
    publishedBy: principal.id,
    publishedAt: now,
    updatedAt: now,
  });
  const notified = await fanOutIncident(deps, row, now);
  return { ...incidentView(row), notifiedAccounts: notified };
}

/**
 * An update (optionally resolving the incident): the update row, the incident's new state and one notification per
 * account told of the incident — each effect keyed by update and account — commit together, so a crash loses
 * neither the update nor anyone's notice of it, and a retried dispatch tells nobody twice.
 */
export async function addIncidentUpdate(
  deps: IncidentsDeps,
  principal: Principal,
  id: string,
  input: { body: TNames; resolve?: boolean | undefined },
) {
  // Visibility first: an incident the customer was not told of is NOT_FOUND, then the role.
  if (!isStaff(principal)) await visibleIncident(deps, principal, id);
  requirePublisher(principal);
  const now = deps.clock.now();
  return inTransaction(
    deps,
    async (tx) => {
      const incident = await lockIncident(tx, id);
      if (!incident) throw notFound('incident', id);
      if (incident.status === 'resolved')
        throw new DomainError('INVALID_STATE', { status: incident.status }, 'The incident is resolved.');
      const updateId = newId('inu', now.getTime());
      await insertIncidentUpdate(tx, { id: updateId, incidentId: id, body: input.body, author: principal.id, at: now });
      const row = await setIncidentState(tx, id, {
        updatedAt: now,
        ...(input.resolve ? { status: 'resolved' as const, resolvedAt: now } : {}),
      });
      const recipients = await notifiedAccounts(tx, id);
      const title = incident.title as TNames;
      await deps.outbox.enqueue(
        tx,
        recipients.flatMap((r) =>
          deps.notifier.customer({
            account: r.account,
            level: deps.catalog.findLevel(r.level) ?? null,
            kind: input.resolve ? 'incident.resolved' : 'incident.updated',
            dedupeKey: `incident:${id}:update:${updateId}:${r.account.id}`,
            title: incidentUpdateTitle(title),
            body: input.body,
            data: { incidentId: id, updateId },
            extraChannels: deps.catalog.def.incidents?.notifications ?? [],
          }),
        ),
        now,
      );
      return { ...incidentView(row), notifiedAccounts: recipients.length };
    },
    { keepsPlans: true },
  );
}

/**
 * Issue 11: a customer sees the incidents its own account was told of (a notification row for that account), not
 * those told to another account of its tenant (a sub, a master, a sibling); staff see all. Others are NOT_FOUND.
 */
async function visibleIncident(deps: IncidentsDeps, principal: Principal, id: string) {
  const incident = await findIncident(deps.db, id);
  if (!incident) throw notFound('incident', id);
  if (!isStaff(principal) && !(await wasNotified(deps.db, id, principal.accountId!))) throw notFound('incident', id);
  return incident;
}

export async function getIncident(deps: IncidentsDeps, principal: Principal, id: string) {
  const incident = await visibleIncident(deps, principal, id);
  const updates = await updatesOf(deps.db, id);
  return {
    ...incidentView(incident),
    updates: updates.map((u) => ({ id: u.id, body: u.body as TNames, at: u.at.toISOString() })),
    ...(isStaff(principal) ? { notifiedAccounts: await countNotified(deps.db, id) } : {}),
  };
}

export async function listIncidents(deps: IncidentsDeps, principal: Principal, q: TPageQuery) {
  const scope = isStaff(principal) ? null : { tenantId: principal.tenantId!, accountId: principal.accountId! };
  const { rows, total } = await pageIncidents(deps.db, scope, (q.page - 1) * q.pageSize, q.pageSize);
  return pageOf(rows.map(incidentView), q, total);
}

/** Tickets linked to an incident: the account must have been told of it. */
export const incidentVisibleTo = wasNotified;

/** Finishes fan-outs a crash interrupted. */
export function incidentFanOutSweep(deps: IncidentsDeps): Sweep {
  return {
    name: 'incidents.fan-out',
    async run(now) {
      const pending = await pendingFanOuts(deps.db, 10);
      let n = 0;
      for (const i of pending) n += await fanOutIncident(deps, i, now);
      return n;
    },
  };
}
