/**
 * R-SR-4: submitted → processing (staff accept, assigning an engineer or TAM) → completed, or rejected with a
 * reason; the customer may withdraw before processing. A rejected or withdrawn request gives its allowance back
 * (the order lock stays, R-SUB-7). Evaluation once, after completion.
 */
import type { Db } from '../../../platform/db.js';
import { inTransaction } from '../../../platform/deps.js';
import { DomainError, notFound, validationFailed } from '../../../platform/errors.js';
import { authorize } from '../../../platform/http/authorize.js';
import { isStaff, type Principal } from '../../../platform/http/principal.js';
import { newId } from '../../../platform/ids.js';
import { loadAssignableStaff } from '../../accounts/index.js';
import { loadAccount } from '../../accounts/index.js';
import { releaseQuota } from '../../subscriptions/index.js';
import { visibleAccountAndPlan } from '../../subscriptions/index.js';
import type { ServiceRequestPatch, SrStatus } from '../domain/service-request.js';
import { serviceRequestView } from '../domain/views.js';
import type { ServiceRequestsDeps } from '../ports.js';
import { findServiceRequest, insertServiceRequestEvent, updateServiceRequest } from '../store/service-request-store.js';
import { serviceRequestAssigned } from '../domain/messages.js';
import { srNotice } from './notices.js';

export async function loadServiceRequest(
  deps: ServiceRequestsDeps,
  db: Db,
  principal: Principal,
  id: string,
  now: Date,
  opts: { forUpdate?: boolean } = {},
) {
  const sr = await findServiceRequest(db, id, opts);
  if (!sr) throw notFound('serviceRequest', id);
  const { account, plan } = await visibleAccountAndPlan(
    { db, catalog: deps.catalog, readCaches: deps.readCaches },
    principal,
    sr.accountId,
    now,
  ).catch((err) => {
    throw (err as DomainError).code === 'NOT_FOUND' ? notFound('serviceRequest', id) : err;
  });
  return { sr, account, plan };
}

/** Who may make each move is the role table's (`service_request.<action>`). */
const MOVES = {
  accept: { from: ['submitted'], to: 'processing' },
  complete: { from: ['processing'], to: 'completed' },
  reject: { from: ['submitted', 'processing'], to: 'rejected' },
  withdraw: { from: ['submitted'], to: 'withdrawn' },
} as const satisfies Record<string, { from: SrStatus[]; to: SrStatus }>;
export type SrAction = keyof typeof MOVES;

export async function moveServiceRequest(
  deps: ServiceRequestsDeps,
  principal: Principal,
  id: string,
  action: SrAction,
  input: { reason?: string | undefined; assigneeId?: string | undefined } = {},
) {
  const move = MOVES[action]!;
  const now = deps.clock.now();
  const staff = isStaff(principal);
  return inTransaction(
    deps,
    async (tx) => {
      const { sr, account, plan } = await loadServiceRequest(deps, tx, principal, id, now, { forUpdate: true });
      authorize(principal, `service_request.${action}`);
      if (!(move.from as readonly string[]).includes(sr.status)) {
        throw new DomainError(
          'INVALID_STATE',
          { status: sr.status, action },
          `A ${sr.status} service request cannot be ${move.to}.`,
        );
      }
      const patch: ServiceRequestPatch = { status: move.to, updatedAt: now };
      if (action === 'accept') {
        patch.acceptedAt = now;
        if (input.assigneeId) {
          const user = await loadAssignableStaff(tx, input.assigneeId);
          patch.assigneeId = user.id;
        } else if (!sr.assigneeId && principal.id !== 'admin') patch.assigneeId = principal.id;
      }
      if (action === 'complete') patch.completedAt = now;
      if (action === 'reject') {
        if (!input.reason?.trim())
          throw validationFailed([{ path: 'body.reason', message: 'a rejection needs a reason' }]);
        patch.rejectedAt = now;
        patch.rejectReason = input.reason.trim();
      }
      if (action === 'withdraw') patch.withdrawnAt = now;
      if (action === 'reject' || action === 'withdraw') {
        // R-SR-2: given back when rejected or withdrawn.
        const planAccount = sr.planAccountId === account.id ? account : await loadAccount(tx, sr.planAccountId);
        for (const c of sr.consumption) {
          await releaseQuota(
            tx,
            { tenantId: planAccount.tenantId, accountId: planAccount.id, quota: c.quota, periodKey: c.periodKey },
            now,
            c.units,
          );
        }
      }
      const row = await updateServiceRequest(tx, sr.id, patch);
      await insertServiceRequestEvent(tx, {
        id: newId('sre', now.getTime()),
        tenantId: sr.tenantId,
        serviceRequestId: sr.id,
        kind: move.to,
        actor: principal.id,
        data: {
          from: sr.status,
          ...(input.reason ? { reason: input.reason } : {}),
          ...(patch.assigneeId ? { assigneeId: patch.assigneeId } : {}),
        },
        at: now,
      });
      // R-SR-4, R-NTF-1: every state change, the customer's withdrawal too, reaches all of the level's channels.
      await deps.outbox.enqueue(
        tx,
        deps.notifier.customer(
          srNotice(account, plan.level, row, 'service_request.status_changed', `sr:${sr.id}:${move.to}`, {
            extra: { from: sr.status },
          }),
        ),
        now,
      );
      if (patch.assigneeId && patch.assigneeId !== principal.id) {
        await deps.outbox.enqueue(
          tx,
          deps.notifier.staff({
            userIds: [patch.assigneeId],
            tenantId: sr.tenantId,
            kind: 'service_request.assigned',
            dedupeKey: `sr:${sr.id}:assigned:${patch.assigneeId}`,
            ...serviceRequestAssigned(sr),
            data: { serviceRequestId: sr.id },
          }),
          now,
        );
      }
      return serviceRequestView(row, { staff });
    },
    { keepsPlans: true },
  );
}

/** R-SR-4: response speed and deliverable quality 1–5 stars, feedback up to 500 characters, completed only, once. */
export async function evaluateServiceRequest(
  deps: ServiceRequestsDeps,
  principal: Principal,
  id: string,
  input: { responseSpeed: number; deliverableQuality: number; feedback?: string | undefined },
) {
  const now = deps.clock.now();
  if ((input.feedback ?? '').length > 500)
    throw validationFailed([{ path: 'body.feedback', message: 'at most 500 characters' }]);
  return inTransaction(
    deps,
    async (tx) => {
      const { sr } = await loadServiceRequest(deps, tx, principal, id, now, { forUpdate: true });
      authorize(principal, 'service_request.evaluate');
      if (sr.status !== 'completed')
        throw new DomainError('INVALID_STATE', { status: sr.status }, 'Only completed service requests are evaluated.');
      if (sr.evaluatedAt)
        throw new DomainError(
          'INVALID_STATE',
          { evaluatedAt: sr.evaluatedAt.toISOString() },
          'This service request is already evaluated.',
        );
      const row = await updateServiceRequest(tx, sr.id, {
        responseSpeed: input.responseSpeed,
        deliverableQuality: input.deliverableQuality,
        feedback: input.feedback ?? null,
        evaluatedAt: now,
        updatedAt: now,
      });
      await insertServiceRequestEvent(tx, {
        id: newId('sre', now.getTime()),
        tenantId: sr.tenantId,
        serviceRequestId: sr.id,
        kind: 'evaluated',
        actor: principal.id,
        data: { responseSpeed: input.responseSpeed, deliverableQuality: input.deliverableQuality },
        at: now,
      });
      return serviceRequestView(row, { staff: false });
    },
    { keepsPlans: true },
  );
}
