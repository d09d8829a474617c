/**
 * Applying for a value-added service (R-SR-1…5): type and form from the catalog → allowance (level, region,
 * conditions) → lead time and duration on the customer's working-day calendar → allowance consumed exactly
 * (concurrent applications never double-spend) → the order locked for lock-causing services (R-SUB-7, R-SR-5, a
 * named cross-context flow) → submitted, with warnings for advisory rules.
 */
import { sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { inTransaction } from '../../../platform/deps.js';
import { DomainError, validationFailed, type ValidationIssue } from '../../../platform/errors.js';
import { isStaff, type Principal } from '../../../platform/http/principal.js';
import { newId } from '../../../platform/ids.js';
import { enqueueEffects } from '../../../platform/outbox.js';
import { localDateAt } from '../../../domain/calendar/index.js';
import { SERVICE_TYPES, type ServiceType } from '../../catalog/domain/catalog-schema.js';
import { loadAccount } from '../../accounts/use-cases/load-account.js';
import { consumeQuota } from '../../subscriptions/use-cases/consume-quota.js';
import { lockCurrentTerm } from '../../subscriptions/use-cases/plan-settings.js';
import { visibleAccountAndPlan } from '../../subscriptions/use-cases/load-plan.js';
import { decideAllowance, unitsOf, type Origin } from '../domain/allowance.js';
import { checkSchedule } from '../domain/schedule.js';
import { serviceRequestView } from '../domain/views.js';
import type { ServiceRequestsDeps } from '../ports.js';
import { serviceRequestEvents, serviceRequests } from '../store/tables.js';
import { srNotice } from './notices.js';
import { subscriptionFacts } from './subscription-facts.js';

/**
 * The bound an unlimited allowance is counted against: it must fit the quota_usage integer columns (a bound of
 * Number.MAX_SAFE_INTEGER overflowed PostgreSQL's integer and failed every unlimited application with a 500).
 */
const UNLIMITED = 1_000_000_000;

export interface ApplyInput {
  accountId: string;
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

function numberExpr(now: Date, zone: string) {
  return sql<string>`${`SR${DateTime.fromJSDate(now, { zone }).toFormat('yyyyMMdd')}`} || lpad(nextval('service_request_number_seq')::text, 6, '0')`;
}

export async function applyForService(deps: ServiceRequestsDeps, principal: Principal, input: ApplyInput) {
  const { catalog } = deps;
  const now = deps.clock.now();
  const { account, plan } = await visibleAccountAndPlan(deps, principal, input.accountId, now);
  const staff = isStaff(principal);
  if (principal.role === 'billing_operator') throw new DomainError('FORBIDDEN', { requiredRole: 'support staff' });
  const origin: Origin = input.origin ?? 'application';
  if (origin === 'proactive' && !staff) throw new DomainError('FORBIDDEN', { requiredRole: 'staff' }, 'Proactive services are created by staff.');

  if (!(SERVICE_TYPES as readonly string[]).includes(input.type)) {
    throw validationFailed([{ path: 'body.type', message: `one of ${SERVICE_TYPES.join(', ')}` }]);
  }
  const type = input.type as ServiceType;
  const service = catalog.service(type);
  if (!service) throw new DomainError('NOT_ENTITLED', { entitlement: `service:${type}`, reason: 'not_offered' }, `${catalog.def.names['en-US']} does not offer ${type}.`);

  const issues: ValidationIssue[] = [];
  const protectionLevel = input.protectionLevel ?? null;
  if (service.protectionLevels?.length) {
    if (protectionLevel === null) issues.push({ path: 'body.protectionLevel', message: `one of ${service.protectionLevels.map((p) => p.level).join(', ')}` });
    else if (!service.protectionLevels.some((p) => p.level === protectionLevel)) issues.push({ path: 'body.protectionLevel', message: `one of ${service.protectionLevels.map((p) => p.level).join(', ')}` });
  } else if (protectionLevel !== null) {
    issues.push({ path: 'body.protectionLevel', message: `${type} has no protection levels here` });
  }
  if (input.scenario !== undefined && service.scenarios && !service.scenarios.some((s) => s.id === input.scenario)) {
    issues.push({ path: 'body.scenario', message: `one of ${service.scenarios.map((s) => s.id).join(', ')}` });
  }
  for (const field of service.requiredFields) {
    const value = (input as unknown as Record<string, unknown>)[field];
    if (value === undefined || value === null || value === '' || (Array.isArray(value) && !value.length)) issues.push({ path: `body.${field}`, message: `required for ${type}` });
  }
  if (issues.length) throw validationFailed(issues);

  const decision = decideAllowance({
    catalog,
    level: plan.level,
    regionId: account.region,
    service: type,
    protectionLevel,
    origin,
    scenario: input.scenario ?? null,
    subscription: await subscriptionFacts(deps.db, catalog, plan, now),
    now,
  });
  const applicationDate = localDateAt(now.getTime(), account.timeZone);
  const workdays = deps.workdays(catalog, account.region, account.timeZone);
  // Proactive services are scheduled by staff: no lead time applies to them.
  const schedule = checkSchedule({
    service: origin === 'proactive' ? { ...service, leadTime: undefined, protectionLevels: service.protectionLevels?.map((p) => ({ ...p, leadTime: undefined })) } : service,
    allowance: origin === 'proactive' ? { ...decision.allowance, leadTime: undefined } : decision.allowance,
    protectionLevel,
    applicationDate,
    start: input.start,
    days: input.days,
    workdays,
  });
  const units = unitsOf(decision.unit, input.days);

  return inTransaction(
    deps,
    async (tx) => {
      const planAccount = plan.planAccountId === account.id ? account : await loadAccount(tx, plan.planAccountId);
      const consumption: { quota: string; periodKey: string; units: number }[] = [];
      for (const c of decision.counters) {
        // An unlimited allowance is still counted (reports), never refused.
        await consumeQuota(tx, { tenantId: planAccount.tenantId, accountId: planAccount.id, quota: c.quota, periodKey: decision.periodKey }, c.limit ?? UNLIMITED, now, units);
        consumption.push({ quota: c.quota, periodKey: decision.periodKey, units });
      }
      // R-SUB-7: applying for a lock-causing service locks the order whose term contains the application: the order
      // of the plan account, also when a custody sub applies under its master's shared plan (it used the master's
      // allowance, so the master may not unsubscribe that term for a refund).
      let lockedTerm: string | null = null;
      if (service.locksOrder && origin === 'application' && (await lockCurrentTerm(tx, catalog, planAccount, now, `service_request:${type}`))) {
        lockedTerm = localDateAt(now.getTime(), catalog.timeZone);
      }
      const id = newId('sr', now.getTime());
      const [row] = await tx
        .insert(serviceRequests)
        .values({
          id,
          number: numberExpr(now, catalog.timeZone),
          tenantId: account.tenantId,
          accountId: account.id,
          planAccountId: plan.planAccountId,
          level: plan.level!.id,
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
          status: 'submitted',
          warnings: schedule.warnings,
          consumption,
          lockedTerm,
          createdBy: principal.id,
          submittedAt: now,
          updatedAt: now,
        })
        .returning();
      await tx.insert(serviceRequestEvents).values({ id: newId('sre', now.getTime()), tenantId: account.tenantId, serviceRequestId: id, kind: 'submitted', actor: principal.id, data: { origin, units, periodKey: decision.periodKey, lockedTerm }, at: now });
      await enqueueEffects(tx, deps.notifier.customer(srNotice(account, plan.level, row!, 'service_request.created', `sr:${id}:submitted`, { webhookOnly: !staff })), now);
      return serviceRequestView(row!, { staff });
    },
    // Only lock-causing services touch plan state (the lock); others keep the plan cache.
    { keepsPlans: !service.locksOrder },
  );
}
