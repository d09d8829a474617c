/** SQL of service requests and their history (R-SR); rows come out as the domain's plain `ServiceRequest`. */
import { and, asc, count, desc, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../platform/db.js';
import { paddedSequence } from '../../../platform/sql-params.js';
import { accountAndSubsIds } from '../../accounts/index.js';
import type { Warning } from '../domain/schedule.js';
import type {
  Consumption,
  ServiceRequest,
  ServiceRequestEvent,
  ServiceRequestPatch,
  SrStatus,
} from '../domain/service-request.js';
import { serviceRequestEvents, serviceRequests } from './tables.js';

type Row = typeof serviceRequests.$inferSelect;

/** true when A and B have the same fields: a column added to the table, or a field to the domain type, fails here. */
export type SameColumns<A, B> = [keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false;
const SERVICE_REQUEST_COLUMNS: SameColumns<ServiceRequest, Row> = true;
const EVENT_COLUMNS: SameColumns<ServiceRequestEvent, typeof serviceRequestEvents.$inferSelect> = true;
void [SERVICE_REQUEST_COLUMNS, EVENT_COLUMNS];

export function toServiceRequest(r: Row): ServiceRequest {
  return {
    ...r,
    contact: (r.contact as Record<string, unknown> | null) ?? null,
    resources: (r.resources as unknown[] | null) ?? null,
    status: r.status as SrStatus,
    warnings: r.warnings as Warning[],
    consumption: r.consumption as Consumption[],
  };
}

export type NewServiceRequest = Omit<
  ServiceRequest,
  | 'number'
  | 'completedAt'
  | 'rejectedAt'
  | 'withdrawnAt'
  | 'assigneeId'
  | 'rejectReason'
  | 'responseSpeed'
  | 'deliverableQuality'
  | 'feedback'
  | 'evaluatedAt'
> & {
  /** `SR<yyyyMMdd>`: the number is this and the next of `service_request_number_seq`, drawn in the INSERT. */
  readonly numberPrefix: string;
};

/** Inserts the request, numbered in the same statement; returns it as stored. */
export async function insertServiceRequest(tx: Db, input: NewServiceRequest): Promise<ServiceRequest> {
  const { numberPrefix, ...values } = input;
  const [row] = await tx
    .insert(serviceRequests)
    .values({ ...values, number: sql<string>`${numberPrefix} || ${paddedSequence('service_request_number_seq')}` })
    .returning();
  return toServiceRequest(row!);
}

export async function findServiceRequest(
  db: Db,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<ServiceRequest | undefined> {
  const q = db.select().from(serviceRequests).where(eq(serviceRequests.id, id));
  const [row] = opts.forUpdate ? await q.for('update') : await q;
  return row && toServiceRequest(row);
}

/** Sets the patch; returns the request as it is now. */
export async function updateServiceRequest(tx: Db, id: string, patch: ServiceRequestPatch): Promise<ServiceRequest> {
  const [row] = await tx.update(serviceRequests).set(patch).where(eq(serviceRequests.id, id)).returning();
  return toServiceRequest(row!);
}

/** Only `updated_at` (a deliverable was added). */
export async function touchServiceRequest(tx: Db, id: string, at: Date): Promise<void> {
  await tx.update(serviceRequests).set({ updatedAt: at }).where(eq(serviceRequests.id, id));
}

export async function insertServiceRequestEvent(tx: Db, event: ServiceRequestEvent): Promise<void> {
  await tx.insert(serviceRequestEvents).values(event);
}

/** The request's history, oldest first. */
export async function eventsOfServiceRequest(
  db: Db,
  sr: { readonly tenantId: string; readonly id: string },
): Promise<ServiceRequestEvent[]> {
  const rows = await db
    .select()
    .from(serviceRequestEvents)
    .where(and(eq(serviceRequestEvents.tenantId, sr.tenantId), eq(serviceRequestEvents.serviceRequestId, sr.id)))
    .orderBy(asc(serviceRequestEvents.at), asc(serviceRequestEvents.id));
  return rows.map((e) => ({ ...e, data: e.data as Record<string, unknown> }));
}

/**
 * Whose requests a list shows: one account's; an account's and its direct sub accounts' (a customer without an
 * account filter); or everyone's (staff without a filter).
 */
export type ServiceRequestScope =
  | { readonly account: { readonly tenantId: string; readonly accountId: string } }
  | { readonly family: { readonly tenantId: string; readonly accountId: string } }
  | { readonly all: true };

function scopeWhere(db: Db, scope: ServiceRequestScope): SQL | undefined {
  if ('account' in scope)
    return and(
      eq(serviceRequests.tenantId, scope.account.tenantId),
      eq(serviceRequests.accountId, scope.account.accountId),
    );
  if ('family' in scope) {
    const { tenantId, accountId } = scope.family;
    const visible = accountAndSubsIds(db, tenantId, accountId);
    return and(eq(serviceRequests.tenantId, tenantId), inArray(serviceRequests.accountId, visible));
  }
  return undefined;
}

/** Newest first (submitted), filtered by type and any of the statuses. */
export async function pageServiceRequests(
  db: Db,
  scope: ServiceRequestScope,
  filter: { readonly type?: string | undefined; readonly statuses?: readonly string[] | undefined },
  page: { readonly offset: number; readonly limit: number },
): Promise<{ rows: ServiceRequest[]; total: number }> {
  const where = and(
    scopeWhere(db, scope),
    filter.type ? eq(serviceRequests.type, filter.type) : undefined,
    filter.statuses ? inArray(serviceRequests.status, [...filter.statuses]) : undefined,
  );
  const rows = await db
    .select()
    .from(serviceRequests)
    .where(where)
    .orderBy(desc(serviceRequests.submittedAt), desc(serviceRequests.id))
    .offset(page.offset)
    .limit(page.limit);
  const [total] = await db.select({ n: count() }).from(serviceRequests).where(where);
  return { rows: rows.map(toServiceRequest), total: Number(total?.n ?? 0) };
}

/**
 * R-TKT-3: the account's accepted event protection whose window holds `today` (a local date). Overlapping windows:
 * the strongest protection wins (level 1 before 2 before 3; PostgreSQL sorts a null level, the single-level
 * vendors', last), then the latest accepted.
 */
export async function activeEventProtection(
  db: Db,
  accountId: string,
  today: string,
): Promise<ServiceRequest | undefined> {
  const [active] = await db
    .select()
    .from(serviceRequests)
    .where(
      and(
        eq(serviceRequests.accountId, accountId),
        eq(serviceRequests.type, 'event_protection'),
        inArray(serviceRequests.status, ['processing', 'completed']),
        lte(serviceRequests.startDate, today),
        gte(serviceRequests.endDate, today),
      ),
    )
    .orderBy(asc(serviceRequests.protectionLevel), desc(serviceRequests.acceptedAt))
    .limit(1);
  return active && toServiceRequest(active);
}
