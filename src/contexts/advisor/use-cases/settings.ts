/**
 * The customer's advisor settings (the account owner):
 * - authorization (seed 000 §1.5.19 "需要您授权…数据保存1个月"): POST records it; DELETE withdraws it and stops the
 *   schedule — runs are refused again (FORBIDDEN, `details.reason: advisor_not_authorized`);
 * - the schedule (自动巡检): every day or week at a local time, the results mailed to `email` or the account's email;
 * - the major events the service-baseline checks look ahead to.
 */
import { inTransaction } from '../../../platform/deps.js';
import { validationFailed } from '../../../platform/errors.js';
import type { Principal } from '../../../platform/http/principal.js';
import { newId } from '../../../platform/ids.js';
import { nextRunAt, type ScheduleEvery } from '../domain/schedule.js';
import type { AdvisorDeps } from '../ports.js';
import { eventsOf, findSettings, replaceEvents, saveSettings } from '../store/settings-store.js';
import { ownedAccount, requireAdvisor, requireAuthorized } from './access.js';
import { scheduleView } from './views.js';

export function authorizationView(s: { authorizedAt: Date | null; authorizedBy: string | null } | null) {
  return {
    authorized: !!s?.authorizedAt,
    authorizedAt: s?.authorizedAt?.toISOString() ?? null,
    authorizedBy: s?.authorizedBy ?? null,
    /** What the customer agrees to (seed 000 §1.5.19). */
    scope: ['deployment', 'configuration', 'operations_data', 'quotas'],
    retention: 'P1M',
  };
}

export async function authorizeAdvisor(deps: AdvisorDeps, principal: Principal, accountId: string) {
  const account = await ownedAccount(deps, principal, accountId);
  const now = deps.clock.now();
  return inTransaction(
    deps,
    async (tx) => {
      const current = await findSettings(tx, account.id, { forUpdate: true });
      if (current?.authorizedAt) return authorizationView(current);
      return authorizationView(
        await saveSettings(tx, account.id, account.tenantId, {
          authorizedAt: now,
          authorizedBy: principal.id,
          updatedAt: now,
        }),
      );
    },
    { keepsPlans: true },
  );
}

export async function revokeAdvisor(deps: AdvisorDeps, principal: Principal, accountId: string) {
  const account = await ownedAccount(deps, principal, accountId);
  const now = deps.clock.now();
  return inTransaction(
    deps,
    async (tx) =>
      authorizationView(
        await saveSettings(tx, account.id, account.tenantId, {
          authorizedAt: null,
          authorizedBy: null,
          scheduleEnabled: false,
          nextRunAt: null,
          updatedAt: now,
        }),
      ),
    { keepsPlans: true },
  );
}

export interface ScheduleInput {
  readonly enabled: boolean;
  readonly every: ScheduleEvery;
  readonly at: string;
  readonly weekday?: number | undefined;
  readonly email?: string | null | undefined;
}

export async function setSchedule(deps: AdvisorDeps, principal: Principal, accountId: string, input: ScheduleInput) {
  const account = await ownedAccount(deps, principal, accountId);
  if (input.enabled) requireAdvisor(deps, account);
  const now = deps.clock.now();
  return inTransaction(
    deps,
    async (tx) => {
      const current = await findSettings(tx, account.id, { forUpdate: true });
      if (input.enabled) requireAuthorized(current);
      const weekday = input.weekday ?? current?.weekday ?? 1;
      const spec = { every: input.every, at: input.at, weekday };
      const saved = await saveSettings(tx, account.id, account.tenantId, {
        scheduleEnabled: input.enabled,
        every: input.every,
        atTime: input.at,
        weekday,
        email: input.email === undefined ? (current?.email ?? null) : input.email,
        nextRunAt: input.enabled ? nextRunAt(spec, now, account.timeZone) : null,
        updatedAt: now,
      });
      return scheduleView(saved, account.timeZone);
    },
    { keepsPlans: true },
  );
}

export interface EventInput {
  readonly name: string;
  readonly start: string;
  readonly end: string;
}

export async function setEvents(
  deps: AdvisorDeps,
  principal: Principal,
  accountId: string,
  events: readonly EventInput[],
) {
  const account = await ownedAccount(deps, principal, accountId);
  const issues = events.flatMap((e, i) =>
    e.end < e.start ? [{ path: `body.events.${i}.end`, message: 'on or after start' }] : [],
  );
  if (issues.length) throw validationFailed(issues);
  const now = deps.clock.now();
  await inTransaction(
    deps,
    (tx) =>
      replaceEvents(
        tx,
        account.id,
        events.map((e) => ({
          id: newId('oev', now.getTime()),
          tenantId: account.tenantId,
          accountId: account.id,
          name: e.name,
          startDate: e.start,
          endDate: e.end,
        })),
      ),
    { keepsPlans: true },
  );
  return listEventsOf(deps, account.id);
}

export async function listEventsOf(deps: AdvisorDeps, accountId: string) {
  return {
    items: (await eventsOf(deps.db, accountId)).map((e) => ({
      id: e.id,
      name: e.name,
      start: e.startDate,
      end: e.endDate,
    })),
  };
}
