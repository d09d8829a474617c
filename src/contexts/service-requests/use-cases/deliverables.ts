/** R-SR-4 deliverables: staff upload reports and plans; customers list and download them (per tenant). */
import { createHash } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import { inTransaction } from '../../../platform/deps.js';
import { DomainError, notFound } from '../../../platform/errors.js';
import { validateFile, type FileInput } from '../../../platform/files.js';
import type { Principal } from '../../../platform/http/principal.js';
import { authorize } from '../../../platform/http/authorize.js';
import { newId } from '../../../platform/ids.js';
import { deliverableView } from '../domain/views.js';
import type { ServiceRequestsDeps } from '../ports.js';
import { serviceRequestDeliverables, serviceRequestEvents, serviceRequests } from '../store/tables.js';
import { srNotice } from './notices.js';
import { loadServiceRequest } from './workflow.js';

const META = {
  id: serviceRequestDeliverables.id,
  tenantId: serviceRequestDeliverables.tenantId,
  serviceRequestId: serviceRequestDeliverables.serviceRequestId,
  filename: serviceRequestDeliverables.filename,
  contentType: serviceRequestDeliverables.contentType,
  sizeBytes: serviceRequestDeliverables.sizeBytes,
  sha256: serviceRequestDeliverables.sha256,
  createdBy: serviceRequestDeliverables.createdBy,
  createdAt: serviceRequestDeliverables.createdAt,
};

export async function addDeliverable(deps: ServiceRequestsDeps, principal: Principal, id: string, input: FileInput) {
  const now = deps.clock.now();
  const file = validateFile(input, deps.config.attachmentMaxBytes, 'body');
  return inTransaction(
    deps,
    async (tx) => {
      const { sr, account, plan } = await loadServiceRequest(deps, tx, principal, id, now, { forUpdate: true });
      authorize(principal, 'service_request.add_deliverable');
      if (sr.status !== 'processing' && sr.status !== 'completed')
        throw new DomainError(
          'INVALID_STATE',
          { status: sr.status },
          'Deliverables are attached to accepted service requests.',
        );
      const [row] = await tx
        .insert(serviceRequestDeliverables)
        .values({
          id: newId('dlv', now.getTime()),
          tenantId: sr.tenantId,
          serviceRequestId: sr.id,
          filename: file.filename,
          contentType: file.contentType,
          sizeBytes: file.data.length,
          sha256: createHash('sha256').update(file.data).digest('hex'),
          data: file.data,
          createdBy: principal.id,
          createdAt: now,
        })
        .returning(META);
      await tx.update(serviceRequests).set({ updatedAt: now }).where(eq(serviceRequests.id, sr.id));
      await tx.insert(serviceRequestEvents).values({
        id: newId('sre', now.getTime()),
        tenantId: sr.tenantId,
        serviceRequestId: sr.id,
        kind: 'deliverable_added',
        actor: principal.id,
        data: { deliverableId: row!.id, filename: row!.filename },
        at: now,
      });
      await deps.outbox.enqueue(
        tx,
        deps.notifier.customer(
          srNotice(account, plan.level, sr, 'service_request.deliverable_added', `sr:${sr.id}:deliverable:${row!.id}`, {
            extra: { deliverableId: row!.id, filename: row!.filename },
          }),
        ),
        now,
      );
      return deliverableView(row!);
    },
    { keepsPlans: true },
  );
}

export async function listDeliverables(deps: ServiceRequestsDeps, principal: Principal, id: string) {
  const { sr } = await loadServiceRequest(deps, deps.db, principal, id, deps.clock.now());
  const rows = await deps.db
    .select(META)
    .from(serviceRequestDeliverables)
    .where(
      and(eq(serviceRequestDeliverables.tenantId, sr.tenantId), eq(serviceRequestDeliverables.serviceRequestId, sr.id)),
    )
    .orderBy(asc(serviceRequestDeliverables.createdAt));
  return { items: rows.map(deliverableView) };
}

export async function downloadDeliverable(
  deps: ServiceRequestsDeps,
  principal: Principal,
  id: string,
  deliverableId: string,
) {
  const { sr } = await loadServiceRequest(deps, deps.db, principal, id, deps.clock.now());
  const [row] = await deps.db
    .select()
    .from(serviceRequestDeliverables)
    .where(
      and(
        eq(serviceRequestDeliverables.tenantId, sr.tenantId),
        eq(serviceRequestDeliverables.serviceRequestId, sr.id),
        eq(serviceRequestDeliverables.id, deliverableId),
      ),
    );
  if (!row) throw notFound('deliverable', deliverableId);
  return row;
}
