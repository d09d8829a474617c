/**
 * Inventory persistence: the batch upsert of POST /resources (one statement), the gone marks of a full sync, the
 * change log, and the reads of runs, lists and reports. All SQL of the inventory lives here.
 */
import { and, asc, count, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db.js';
import { rowsOf, textArray } from '../../../platform/sql-params.js';
import type { InventoryResource } from '../domain/types.js';
import { advisorResourceChanges, advisorResources } from './tables.js';

export interface StoredResourceHead {
  readonly key: number;
  readonly id: string;
  readonly accountId: string;
  readonly tenantId: string;
  readonly contentHash: string;
  readonly observedAt: Date;
  readonly goneAt: Date | null;
}

/** The stored resources among `ids` (locked for the caller's transaction when `forUpdate`). */
export async function resourceHeads(
  db: Db,
  ids: readonly string[],
  opts: { forUpdate?: boolean } = {},
): Promise<Map<string, StoredResourceHead>> {
  if (!ids.length) return new Map();
  const rows = await rowsOf<{
    key: string;
    id: string;
    account_id: string;
    tenant_id: string;
    content_hash: string;
    observed_at: string | Date;
    gone_at: string | Date | null;
  }>(
    db,
    sql`SELECT key, id, account_id, tenant_id, content_hash, observed_at, gone_at FROM advisor_resources
        WHERE id = ANY(${textArray(ids)}) ${opts.forUpdate ? sql`ORDER BY key FOR UPDATE` : sql``}`,
  );
  return new Map(
    rows.map((r) => [
      r.id,
      {
        key: Number(r.key),
        id: r.id,
        accountId: r.account_id,
        tenantId: r.tenant_id,
        contentHash: r.content_hash,
        observedAt: new Date(r.observed_at),
        goneAt: r.gone_at === null ? null : new Date(r.gone_at),
      },
    ]),
  );
}

export interface ResourceRow {
  readonly id: string;
  readonly tenantId: string;
  readonly accountId: string;
  readonly type: string;
  readonly region: string;
  readonly zone: string | null;
  readonly name: string | null;
  readonly attributes: Record<string, unknown>;
  readonly contentHash: string;
  readonly observedAt: Date;
}

/**
 * Inserts new resources and updates stored ones with a newer (or equal) observation, in one statement; a resource
 * that is present again is no longer gone. An older observation than the stored one changes nothing.
 */
export async function upsertResources(tx: Db, rows: readonly ResourceRow[], now: Date): Promise<void> {
  if (!rows.length) return;
  const json = JSON.stringify(
    rows.map((r) => ({
      id: r.id,
      t: r.tenantId,
      a: r.accountId,
      ty: r.type,
      rg: r.region,
      z: r.zone,
      n: r.name,
      at: r.attributes,
      h: r.contentHash,
      o: r.observedAt.toISOString(),
    })),
  );
  await tx.execute(sql`
    INSERT INTO advisor_resources (id, tenant_id, account_id, type, region, zone, name, attributes, content_hash, observed_at, first_seen_at)
    SELECT x.id, x.t, x.a, x.ty, x.rg, x.z, x.n, x."at", x.h, x.o::timestamptz, ${now.toISOString()}::timestamptz
    FROM jsonb_to_recordset(${json}::jsonb) AS x(id text, t text, a text, ty text, rg text, z text, n text, "at" jsonb, h text, o text)
    ON CONFLICT (id) DO UPDATE SET type = excluded.type, region = excluded.region, zone = excluded.zone,
      name = excluded.name, attributes = excluded.attributes, content_hash = excluded.content_hash,
      observed_at = excluded.observed_at, gone_at = NULL
    WHERE advisor_resources.observed_at <= excluded.observed_at`);
}

/** Full sync: resources of `accountIds` not among `present` are gone from now; returns them. */
export async function markGone(
  tx: Db,
  accountIds: readonly string[],
  present: readonly string[],
  now: Date,
): Promise<{ id: string; type: string; accountId: string; tenantId: string }[]> {
  if (!accountIds.length) return [];
  const rows = await rowsOf<{ id: string; type: string; account_id: string; tenant_id: string }>(
    tx,
    sql`UPDATE advisor_resources SET gone_at = ${now.toISOString()}::timestamptz
        WHERE account_id = ANY(${textArray(accountIds)}) AND gone_at IS NULL AND NOT (id = ANY(${textArray(present)}))
        RETURNING id, type, account_id, tenant_id`,
  );
  return rows.map((r) => ({ id: r.id, type: r.type, accountId: r.account_id, tenantId: r.tenant_id }));
}

export type ChangeKind = 'created' | 'updated' | 'gone' | 'returned';

export interface ResourceChange {
  readonly tenantId: string;
  readonly accountId: string;
  readonly resourceId: string;
  readonly resourceType: string;
  readonly change: ChangeKind;
  readonly at: Date;
}

export async function insertChanges(tx: Db, changes: readonly ResourceChange[]): Promise<void> {
  if (!changes.length) return;
  const json = JSON.stringify(
    changes.map((c) => ({
      t: c.tenantId,
      a: c.accountId,
      r: c.resourceId,
      ty: c.resourceType,
      c: c.change,
      at: c.at.toISOString(),
    })),
  );
  await tx.execute(sql`
    INSERT INTO advisor_resource_changes (tenant_id, account_id, resource_id, resource_type, change, at)
    SELECT x.t, x.a, x.r, x.ty, x.c, x."at"::timestamptz
    FROM jsonb_to_recordset(${json}::jsonb) AS x(t text, a text, r text, ty text, c text, "at" text)`);
}

/** Resource keys by sender id, with their account (samples come in by the sender's resource id). */
export async function resourceKeys(
  db: Db,
  ids: readonly string[],
): Promise<Map<string, { key: number; accountId: string; tenantId: string }>> {
  if (!ids.length) return new Map();
  const rows = await rowsOf<{ key: string; id: string; account_id: string; tenant_id: string }>(
    db,
    sql`SELECT key, id, account_id, tenant_id FROM advisor_resources WHERE id = ANY(${textArray(ids)})`,
  );
  return new Map(rows.map((r) => [r.id, { key: Number(r.key), accountId: r.account_id, tenantId: r.tenant_id }]));
}

type Row = typeof advisorResources.$inferSelect;

export const toInventory = (
  r: Pick<Row, 'id' | 'type' | 'region' | 'zone' | 'name' | 'attributes'>,
): InventoryResource => ({
  id: r.id,
  type: r.type,
  region: r.region,
  zone: r.zone,
  name: r.name,
  attributes: r.attributes as Record<string, unknown>,
});

const present = (accountId: string) => and(eq(advisorResources.accountId, accountId), isNull(advisorResources.goneAt));

export async function countPresent(db: Db, accountId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(advisorResources).where(present(accountId));
  return Number(row?.n ?? 0);
}

/** The next batch of an account's present resources in key order after `afterKey`. */
export async function resourceBatch(
  db: Db,
  accountId: string,
  afterKey: number | null,
  limit: number,
): Promise<(InventoryResource & { key: number })[]> {
  const rows = await db
    .select()
    .from(advisorResources)
    .where(afterKey === null ? present(accountId) : and(present(accountId), gt(advisorResources.key, afterKey)))
    .orderBy(asc(advisorResources.key))
    .limit(limit);
  return rows.map((r) => ({ ...toInventory(r), key: r.key }));
}

/** Every present resource of the account (inventory checks relate them to each other). */
export async function inventoryOf(db: Db, accountId: string): Promise<Map<string, InventoryResource>> {
  const rows = await db
    .select({
      id: advisorResources.id,
      type: advisorResources.type,
      region: advisorResources.region,
      zone: advisorResources.zone,
      name: advisorResources.name,
      attributes: advisorResources.attributes,
    })
    .from(advisorResources)
    .where(present(accountId));
  return new Map(rows.map((r) => [r.id, toInventory(r)]));
}

export interface ResourceView {
  readonly id: string;
  readonly accountId: string;
  readonly type: string;
  readonly region: string;
  readonly zone: string | null;
  readonly name: string | null;
  readonly attributes: Record<string, unknown>;
  readonly observedAt: Date;
  readonly firstSeenAt: Date;
  readonly goneAt: Date | null;
}

export async function listResources(
  db: Db,
  accountId: string,
  filter: { type?: string | undefined; includeGone?: boolean | undefined; groupId?: string | undefined },
  page: { limit: number; offset: number },
): Promise<{ items: ResourceView[]; total: number }> {
  const where = and(
    eq(advisorResources.accountId, accountId),
    filter.includeGone ? undefined : isNull(advisorResources.goneAt),
    filter.type ? eq(advisorResources.type, filter.type) : undefined,
    filter.groupId
      ? sql`${advisorResources.id} IN (SELECT m.resource_id FROM advisor_group_members m WHERE m.group_id = ${filter.groupId})`
      : undefined,
  );
  const [items, [total]] = await Promise.all([
    db
      .select()
      .from(advisorResources)
      .where(where)
      .orderBy(asc(advisorResources.id))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ n: count() }).from(advisorResources).where(where),
  ]);
  return {
    items: items.map((r) => ({
      id: r.id,
      accountId: r.accountId,
      type: r.type,
      region: r.region,
      zone: r.zone,
      name: r.name,
      attributes: r.attributes as Record<string, unknown>,
      observedAt: r.observedAt,
      firstSeenAt: r.firstSeenAt,
      goneAt: r.goneAt,
    })),
    total: Number(total?.n ?? 0),
  };
}

/** Names of resources (for findings' texts), by id. */
export async function resourceLabels(
  db: Db,
  accountId: string,
  ids: readonly string[],
): Promise<Map<string, { name: string | null; type: string }>> {
  if (!ids.length) return new Map();
  const rows = await db
    .select({ id: advisorResources.id, name: advisorResources.name, type: advisorResources.type })
    .from(advisorResources)
    .where(and(eq(advisorResources.accountId, accountId), inArray(advisorResources.id, [...new Set(ids)])));
  return new Map(rows.map((r) => [r.id, { name: r.name, type: r.type }]));
}

/** R-RPT resource overview: the inventory as it stood at `toAt`, by type, and its changes in [fromAt, toAt). */
export async function overviewOf(
  db: Db,
  accountId: string,
  fromAt: Date,
  toAt: Date,
): Promise<{
  byType: { type: string; count: number }[];
  changes: { resourceId: string; resourceType: string; change: ChangeKind; at: Date }[];
}> {
  const to = toAt.toISOString();
  const byType = await rowsOf<{ type: string; n: string }>(
    db,
    sql`SELECT type, count(*) AS n FROM advisor_resources
        WHERE account_id = ${accountId} AND first_seen_at < ${to}::timestamptz AND (gone_at IS NULL OR gone_at >= ${to}::timestamptz)
        GROUP BY type ORDER BY type`,
  );
  const changes = await db
    .select()
    .from(advisorResourceChanges)
    .where(
      and(
        eq(advisorResourceChanges.accountId, accountId),
        sql`${advisorResourceChanges.at} >= ${fromAt.toISOString()}::timestamptz AND ${advisorResourceChanges.at} < ${to}::timestamptz`,
      ),
    )
    .orderBy(asc(advisorResourceChanges.at), asc(advisorResourceChanges.id));
  return {
    byType: byType.map((r) => ({ type: r.type, count: Number(r.n) })),
    changes: changes.map((c) => ({
      resourceId: c.resourceId,
      resourceType: c.resourceType,
      change: c.change as ChangeKind,
      at: c.at,
    })),
  };
}

/** overviewOf each account, in two queries (the monthly report's batches); every account asked has one. */
export async function overviewsOf(
  db: Db,
  accountIds: readonly string[],
  fromAt: Date,
  toAt: Date,
): Promise<Map<string, Awaited<ReturnType<typeof overviewOf>>>> {
  const out = new Map<string, Awaited<ReturnType<typeof overviewOf>>>();
  for (const id of accountIds) out.set(id, { byType: [], changes: [] });
  if (!accountIds.length) return out;
  const to = toAt.toISOString();
  const byType = await rowsOf<{ account_id: string; type: string; n: string }>(
    db,
    sql`SELECT account_id, type, count(*) AS n FROM advisor_resources
        WHERE account_id = ANY(${textArray(accountIds)}) AND first_seen_at < ${to}::timestamptz
          AND (gone_at IS NULL OR gone_at >= ${to}::timestamptz)
        GROUP BY account_id, type ORDER BY account_id, type`,
  );
  for (const r of byType) out.get(r.account_id)?.byType.push({ type: r.type, count: Number(r.n) });
  const changes = await db
    .select()
    .from(advisorResourceChanges)
    .where(
      and(
        sql`${advisorResourceChanges.accountId} = ANY(${textArray(accountIds)})`,
        sql`${advisorResourceChanges.at} >= ${fromAt.toISOString()}::timestamptz AND ${advisorResourceChanges.at} < ${to}::timestamptz`,
      ),
    )
    .orderBy(asc(advisorResourceChanges.at), asc(advisorResourceChanges.id));
  for (const c of changes)
    out.get(c.accountId)?.changes.push({
      resourceId: c.resourceId,
      resourceType: c.resourceType,
      change: c.change as ChangeKind,
      at: c.at,
    });
  return out;
}
