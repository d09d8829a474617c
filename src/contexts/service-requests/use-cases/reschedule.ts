/**
 * Staff move a request that has not finished (Appendix B, ctyun on-site visits: "staff may reschedule, go remote or
 * cancel with a reason" — cancelling is a rejection with a reason): a new start date and/or delivery method, same
 * number of days, so the allowance it holds is unchanged. Lead times bind customers, not staff; the service's
 * maximum duration and working-day rules still apply.
 */
import { inTransaction } from '../../../platform/deps.js';
import { DomainError, validationFailed } from '../../../platform/errors.js';
import type { Principal } from '../../../platform/http/principal.js';
import { authorize } from '../../../platform/http/authorize.js';
import { newId } from '../../../platform/ids.js';
import { localDateAt } from '../../../domain/calendar/index.js';
import type { ServiceType } from '../../../domain/catalog/catalog-schema.js';
import { checkSchedule } from '../domain/schedule.js';
import { serviceRequestView } from '../domain/views.js';
import type { ServiceRequestsDeps } from '../ports.js';
import { insertServiceRequestEvent, updateServiceRequest } from '../store/service-request-store.js';
import { srNotice } from './notices.js';
import { loadServiceRequest } from './workflow.js';

export async function rescheduleServiceRequest(
  deps: ServiceRequestsDeps,
  principal: Principal,
  id: string,
  input: { start?: string | undefined; deliveryMethod?: 'email' | 'online' | 'onsite' | undefined; reason: string },
) {
  const now = deps.clock.now();
  if (input.start === undefined && input.deliveryMethod === undefined)
    throw validationFailed([{ path: 'body', message: 'a new start or delivery method' }]);
  return inTransaction(
    deps,
    async (tx) => {
      const { sr, account, plan } = await loadServiceRequest(deps, tx, principal, id, now, { forUpdate: true });
      authorize(principal, 'service_request.reschedule');
      if (sr.status !== 'submitted' && sr.status !== 'processing')
        throw new DomainError(
          'INVALID_STATE',
          { status: sr.status },
          `A ${sr.status} service request cannot be rescheduled.`,
        );
      const service = deps.catalog.service(sr.type)!;
      let start = sr.startDate;
      let end = sr.endDate;
      if (input.start !== undefined && input.start !== sr.startDate) {
        const applicationDate = localDateAt(now.getTime(), account.timeZone);
        if (input.start < applicationDate)
          throw validationFailed([{ path: 'body.start', message: `on or after ${applicationDate}` }]);
        const allowance = deps.catalog.allowancesFor(deps.catalog.level(sr.level), sr.type as ServiceType)[0] ?? null;
        const schedule = checkSchedule({
          service: {
            ...service,
            leadTime: undefined,
            protectionLevels: service.protectionLevels?.map((p) => ({ ...p, leadTime: undefined })),
          },
          allowance: allowance ? { ...allowance, leadTime: undefined } : null,
          protectionLevel: sr.protectionLevel,
          applicationDate,
          start: input.start,
          days: sr.days,
          workdays: deps.workdays(deps.catalog, account.region, account.timeZone),
        });
        start = schedule.start;
        end = schedule.end;
      }
      const row = await updateServiceRequest(tx, sr.id, {
        startDate: start,
        endDate: end,
        deliveryMethod: input.deliveryMethod ?? sr.deliveryMethod,
        updatedAt: now,
      });
      const data = {
        from: { start: sr.startDate, deliveryMethod: sr.deliveryMethod },
        to: { start, deliveryMethod: row.deliveryMethod },
        reason: input.reason,
      };
      await insertServiceRequestEvent(tx, {
        id: newId('sre', now.getTime()),
        tenantId: sr.tenantId,
        serviceRequestId: sr.id,
        kind: 'rescheduled',
        actor: principal.id,
        data,
        at: now,
      });
      await deps.outbox.enqueue(
        tx,
        deps.notifier.customer(
          srNotice(
            account,
            plan.level,
            row,
            'service_request.status_changed',
            `sr:${sr.id}:rescheduled:${now.toISOString()}`,
            { extra: { rescheduled: data } },
          ),
        ),
        now,
      );
      return serviceRequestView(row, { staff: true });
    },
    { keepsPlans: true },
  );
}
