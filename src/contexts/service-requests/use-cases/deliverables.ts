/** R-SR-4 deliverables: staff upload reports and plans; customers list and download them (per tenant). */
import { createHash } from 'node:crypto';
import { inTransaction } from '../../../platform/deps.js';
import { DomainError, notFound } from '../../../platform/errors.js';
import { validateFile, type FileInput } from '../../../platform/files.js';
import type { Principal } from '../../../platform/http/principal.js';
import { authorize } from '../../../platform/http/authorize.js';
import { newId } from '../../../platform/ids.js';
import { deliverableView } from '../domain/views.js';
import type { ServiceRequestsDeps } from '../ports.js';
import { deliverablesOf, findDeliverableFile, insertDeliverable } from '../store/deliverable-store.js';
import { insertServiceRequestEvent, touchServiceRequest } from '../store/service-request-store.js';
import { srNotice } from './notices.js';
import { loadServiceRequest } from './workflow.js';

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
      const row = await insertDeliverable(tx, {
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
      });
      await touchServiceRequest(tx, sr.id, now);
      await insertServiceRequestEvent(tx, {
        id: newId('sre', now.getTime()),
        tenantId: sr.tenantId,
        serviceRequestId: sr.id,
        kind: 'deliverable_added',
        actor: principal.id,
        data: { deliverableId: row.id, filename: row.filename },
        at: now,
      });
      await deps.outbox.enqueue(
        tx,
        deps.notifier.customer(
          srNotice(account, plan.level, sr, 'service_request.deliverable_added', `sr:${sr.id}:deliverable:${row.id}`, {
            extra: { deliverableId: row.id, filename: row.filename },
          }),
        ),
        now,
      );
      return deliverableView(row);
    },
    { keepsPlans: true },
  );
}

export async function listDeliverables(deps: ServiceRequestsDeps, principal: Principal, id: string) {
  const { sr } = await loadServiceRequest(deps, deps.db, principal, id, deps.clock.now());
  const rows = await deliverablesOf(deps.db, sr);
  return { items: rows.map(deliverableView) };
}

export async function downloadDeliverable(
  deps: ServiceRequestsDeps,
  principal: Principal,
  id: string,
  deliverableId: string,
) {
  const { sr } = await loadServiceRequest(deps, deps.db, principal, id, deps.clock.now());
  const row = await findDeliverableFile(deps.db, sr, deliverableId);
  if (!row) throw notFound('deliverable', deliverableId);
  return row;
}
