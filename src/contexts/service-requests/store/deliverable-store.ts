/** SQL of service-request deliverables (R-SR-4): the bytes are read only to download one. */
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../../platform/db.js';
import type { Deliverable, DeliverableFile } from '../domain/service-request.js';
import type { SameColumns } from './service-request-store.js';
import { serviceRequestDeliverables } from './tables.js';

const DELIVERABLE_COLUMNS: SameColumns<DeliverableFile, typeof serviceRequestDeliverables.$inferSelect> = true;
void DELIVERABLE_COLUMNS;

/** Every column but the bytes. */
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

export async function insertDeliverable(tx: Db, file: DeliverableFile): Promise<Deliverable> {
  const [row] = await tx.insert(serviceRequestDeliverables).values(file).returning(META);
  return row!;
}

/** The request's deliverables without their bytes, oldest first. */
export async function deliverablesOf(
  db: Db,
  sr: { readonly tenantId: string; readonly id: string },
): Promise<Deliverable[]> {
  return db
    .select(META)
    .from(serviceRequestDeliverables)
    .where(
      and(eq(serviceRequestDeliverables.tenantId, sr.tenantId), eq(serviceRequestDeliverables.serviceRequestId, sr.id)),
    )
    .orderBy(asc(serviceRequestDeliverables.createdAt));
}

/** One deliverable of the request, with its bytes. */
export async function findDeliverableFile(
  db: Db,
  sr: { readonly tenantId: string; readonly id: string },
  deliverableId: string,
): Promise<DeliverableFile | undefined> {
  const [row] = await db
    .select()
    .from(serviceRequestDeliverables)
    .where(
      and(
        eq(serviceRequestDeliverables.tenantId, sr.tenantId),
        eq(serviceRequestDeliverables.serviceRequestId, sr.id),
        eq(serviceRequestDeliverables.id, deliverableId),
      ),
    );
  return row;
}
