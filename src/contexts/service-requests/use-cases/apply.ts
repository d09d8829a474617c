/**
 * Applying for a value-added service (R-SR-1…5): type and form from the catalog → allowance (level, region,
 * conditions) → lead time and duration on the customer's working-day calendar → allowance consumed exactly
 * (concurrent applications never double-spend) → the order locked for lock-causing services (R-SUB-7, R-SR-5, a
 * named cross-context flow) → submitted, with warnings for advisory rules; accepted at once (processing) where the
 * allowance is on demand (`requiresStaffApproval: false`). The plan account's row is locked first and the plan,
 * allowance and lock are decided after it, so an application and an unsubscribe or downgrade serialize (R-SUB-7).
 */
import { DateTime } from 'luxon';
import { inTransaction } from '../../../platform/deps.js';
import { DomainError, validationFailed, type ValidationIssue } from '../../../platform/errors.js';
import { authorize } from '../../../platform/http/authorize.js';
import { isStaff, type Principal } from '../../../platform/http/principal.js';
import { newId } from '../../../platform/ids.js';
import { localDateAt } from '../../../domain/calendar/index.js';
import { SERVICE_TYPES, type ServiceType } from '../../../domain/catalog/catalog-schema.js';
import { accountIdOrDefault, loadAccount } from '../../accounts/index.js';
import { consumeQuota } from '../../subscriptions/index.js';
import { lockCurrentTerm } from '../../subscriptions/index.js';
import { loadEffectivePlan, visibleAccountAndPlan } from '../../subscriptions/index.js';
import { decideAllowance, unitsOf, type Origin } from '../domain/allowance.js';
import { checkSchedule } from '../domain/schedule.js';
import { serviceRequestView } from '../domain/views.js';
import type { ServiceRequestsDeps } from '../ports.js';
import { insertServiceRequest, insertServiceRequestEvent } from '../store/service-request-store.js';
import { srNotice } from './notices.js';
import { subscriptionFacts } from './subscription-facts.js';

/**
 * The bound an unlimited allowance is counted against: it must fit the quota_usage integer columns (a bound of
 * Number.MAX_SAFE_INTEGER overflowed PostgreSQL's integer and failed every unlimited application with a 500).
 */
const UNLIMITED = 1_000_000_000;

export interface ApplyInput {
  /** Left out: the caller's one visible account (accountIdOrDefault). */
  accountId?: string | undefined;
  type: string;
  protectionLevel?: number | undefined;
  start: string;
  days: number;
  scenario?: string | undefined;
  deliveryMethod?: 'email' | 'online' | 'onsite' | undefined;
  contact?: { name: string; phone?: string | undefined; email?: string | undefined } | undefined;
  scope?: string | undefined;
  resources?: string[] | undefined;
  notes?: string | undefined;
  /** Staff only: a proactively delivered service (Tianyi checks on joining, yearly, with major events). */
  origin?: Origin | undefined;
}

/** `SR` and the catalog's local date: the number is this and the next of the sequence (drawn by the INSERT). */
function numberPrefix(now: Date, zone: string): string {
  return `SR${DateTime.fromJSDate(now, { zone }).toFormat('yyyyMMdd')}`;
}

export async function applyForService(deps: ServiceRequestsDeps, principal: Principal, input: ApplyInput) {
  const { catalog } = deps;
  const now = deps.clock.now();
  const accountId = await accountIdOrDefault(deps.db, principal, input.accountId);
  const { account, plan } = await visibleAccountAndPlan(deps, principal, accountId, now);
  const staff = isStaff(principal);
  const origin: Origin = input.origin ?? 'application';
  authorize(principal, origin === 'proactive' ? 'service_request.apply_proactive' : 'service_request.apply');

  if (!(SERVICE_TYPES as readonly string[]).includes(input.type)) {
    throw validationFailed([{ path: 'body.type', message: `one of ${SERVICE_TYPES.join(', ')}` }]);
  }
  const type = input.type as ServiceType;
  const service = catalog.service(type);
  if (!service)
    throw new DomainError(
      'NOT_ENTITLED',
      { entitlement: `service:${type}`, reason: 'not_offered' },
      `${catalog.def.names['en-US']} does not offer ${type}.`,
    );

  const issues: ValidationIssue[] = [];
  const protectionLevel = input.protectionLevel ?? null;
  if (service.protectionLevels?.length) {
    if (protectionLevel === null)
      issues.push({
        path: 'body.protectionLevel',
        message: `one of ${service.protectionLevels.map((p) => p.level).join(', ')}`,
      });
    else if (!service.protectionLevels.some((p) => p.level === protectionLevel))
      issues.push({
        path: 'body.protectionLevel',
        message: `one of ${service.protectionLevels.map((p) => p.level).join(', ')}`,
      });
  } else if (protectionLevel !== null) {
    issues.push({ path: 'body.protectionLevel', message: `${type} has no protection levels here` });
  }
  if (input.scenario !== undefined && service.scenarios && !service.scenarios.some((s) => s.id === input.scenario)) {
    issues.push({ path: 'body.scenario', message: `one of ${service.scenarios.map((s) => s.id).join(', ')}` });
  }
  for (const field of service.requiredFields) {
    const value = (input as unknown as Record<string, unknown>)[field];
    if (value === undefined || value === null || value === '' || (Array.isArray(value) && !value.length))
      issues.push({ path: `body.${field}`, message: `required for ${type}` });
  }
  if (issues.length) throw validationFailed(issues);

  return inTransaction(
    deps,
    async (tx) => {
      // R-SUB-7: serialize with order placement. placeOrder locks the ordering account's row (the plan account) and
      // then reads the term's lock; locking the same row first and deciding on the plan read after the lock means an
      // unsubscribe or downgrade either commits first (this application then sees the plan it left behind) or waits
      // for this application and meets the lock it set. The plan read before the transaction only chose the row.
      let planAccount = await loadAccount(tx, plan.planAccountId, { forUpdate: true });
      let current = await loadEffectivePlan(tx, catalog, planAccount.id === account.id ? planAccount : account, now);
      // The plan's source moved (sharing switched, a link approved) between the read and the lock: lock the new one.
      for (let tries = 0; current.planAccountId !== planAccount.id; tries++) {
        if (tries === 3)
          throw new DomainError(
            'PLAN_CONFLICT',
            { reason: 'plan_changing' },
            'The plan of this account is changing; try again.',
          );
        planAccount = await loadAccount(tx, current.planAccountId, { forUpdate: true });
        current = await loadEffectivePlan(tx, catalog, account, now);
      }
      const decision = decideAllowance({
        catalog,
        level: current.level,
        regionId: account.region,
        service: type,
        protectionLevel,
        origin,
        scenario: input.scenario ?? null,
        subscription: await subscriptionFacts(tx, catalog, current, now),
        now,
      });
      const applicationDate = localDateAt(now.getTime(), account.timeZone);
      const workdays = deps.workdays(catalog, account.region, account.timeZone);
      // Proactive services are scheduled by staff: no lead time applies to them.
      const schedule = checkSchedule({
        service:
          origin === 'proactive'
            ? {
                ...service,
                leadTime: undefined,
                protectionLevels: service.protectionLevels?.map((p) => ({ ...p, leadTime: undefined })),
              }
            : service,
        allowance: origin === 'proactive' ? { ...decision.allowance, leadTime: undefined } : decision.allowance,
        protectionLevel,
        applicationDate,
        start: input.start,
        days: input.days,
        workdays,
      });
      const units = unitsOf(decision.unit, input.days);
      const consumption: { quota: string; periodKey: string; units: number }[] = [];
      for (const c of decision.counters) {
        // An unlimited allowance is still counted (reports), never refused.
        await consumeQuota(
          tx,
          { tenantId: planAccount.tenantId, accountId: planAccount.id, quota: c.quota, periodKey: decision.periodKey },
          c.limit ?? UNLIMITED,
          now,
          units,
        );
        consumption.push({ quota: c.quota, periodKey: decision.periodKey, units });
      }
      // R-SUB-7: applying for a lock-causing service locks the order whose term contains the application: the order
      // of the plan account, also when a custody sub applies under its master's shared plan (it used the master's
      // allowance, so the master may not unsubscribe that term for a refund).
      let lockedTerm: string | null = null;
      if (
        service.locksOrder &&
        origin === 'application' &&
        (await lockCurrentTerm(tx, catalog, planAccount, now, `service_request:${type}`))
      ) {
        lockedTerm = localDateAt(now.getTime(), catalog.timeZone);
      }
      // An allowance marked requiresStaffApproval: false is provided on demand (ctyun enterprise "按需提供"): no
      // approval step, the request is accepted as it is submitted. Without the flag, or with true ("可申请提供"),
      // it waits in `submitted` for staff to accept or reject.
      const onDemand = decision.allowance.requiresStaffApproval === false;
      const id = newId('sr', now.getTime());
      const row = await insertServiceRequest(tx, {
        id,
        numberPrefix: numberPrefix(now, catalog.timeZone),
        tenantId: account.tenantId,
        accountId: account.id,
        planAccountId: current.planAccountId,
        level: current.level!.id,
        type,
        protectionLevel,
        origin,
        startDate: schedule.start,
        endDate: schedule.end,
        days: input.days,
        timeZone: account.timeZone,
        scenario: input.scenario ?? null,
        deliveryMethod: input.deliveryMethod ?? null,
        contact: input.contact ?? null,
        scope: input.scope ?? null,
        resources: input.resources ?? null,
        notes: input.notes ?? null,
        status: onDemand ? 'processing' : 'submitted',
        warnings: schedule.warnings,
        consumption,
        lockedTerm,
        createdBy: principal.id,
        submittedAt: now,
        acceptedAt: onDemand ? now : null,
        updatedAt: now,
      });
      await insertServiceRequestEvent(tx, {
        id: newId('sre', now.getTime()),
        tenantId: account.tenantId,
        serviceRequestId: id,
        kind: 'submitted',
        actor: principal.id,
        data: { origin, units, periodKey: decision.periodKey, lockedTerm },
        at: now,
      });
      // R-SR-4, R-NTF-1: every state change reaches the level's channels (message center, email…) and webhooks.
      await deps.outbox.enqueue(
        tx,
        deps.notifier.customer(
          srNotice(
            account,
            current.level,
            { ...row, status: 'submitted' },
            'service_request.created',
            `sr:${id}:submitted`,
          ),
        ),
        now,
      );
      if (onDemand) {
        await insertServiceRequestEvent(tx, {
          id: newId('sre', now.getTime()),
          tenantId: account.tenantId,
          serviceRequestId: id,
          kind: 'processing',
          actor: 'system',
          data: { from: 'submitted', reason: 'no_staff_approval' },
          at: now,
        });
        await deps.outbox.enqueue(
          tx,
          deps.notifier.customer(
            srNotice(account, current.level, row, 'service_request.status_changed', `sr:${id}:processing`, {
              extra: { from: 'submitted' },
            }),
          ),
          now,
        );
      }
      return serviceRequestView(row, { staff });
    },
    // Only lock-causing services touch plan state (the lock); others keep the plan cache.
    { keepsPlans: !service.locksOrder },
  );
}
