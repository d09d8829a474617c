/** SQL of the webhook endpoints an account registers (R-TKT-6) and their delivery log. */
import { and, count, desc, eq, inArray, type SQL } from 'drizzle-orm';
import type { Db } from '../../../platform/db.js';
import { webhookDeliveries, webhooks } from './tables.js';

export type WebhookRow = typeof webhooks.$inferSelect;
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;

interface AccountRef {
  readonly tenantId: string;
  readonly accountId: string;
}

interface Page {
  readonly offset: number;
  readonly limit: number;
}

const activeOf = (a: AccountRef): SQL =>
  and(eq(webhooks.tenantId, a.tenantId), eq(webhooks.accountId, a.accountId), eq(webhooks.active, true))!;

/** The account's active endpoints and the events each takes, by id (the webhook index's entry). */
export async function activeEndpointsOf(db: Db, a: AccountRef): Promise<{ id: string; events: string[] }[]> {
  return db.select({ id: webhooks.id, events: webhooks.events }).from(webhooks).where(activeOf(a)).orderBy(webhooks.id);
}

export async function countActiveWebhooks(db: Db, a: AccountRef): Promise<number> {
  const [used] = await db.select({ n: count() }).from(webhooks).where(activeOf(a));
  return Number(used?.n ?? 0);
}

/** Active endpoints, newest first. */
export async function pageActiveWebhooks(
  db: Db,
  a: AccountRef,
  page: Page,
): Promise<{ rows: WebhookRow[]; total: number }> {
  const where = activeOf(a);
  const rows = await db
    .select()
    .from(webhooks)
    .where(where)
    .orderBy(desc(webhooks.createdAt), desc(webhooks.id))
    .offset(page.offset)
    .limit(page.limit);
  const [total] = await db.select({ n: count() }).from(webhooks).where(where);
  return { rows, total: Number(total?.n ?? 0) };
}

/** The tenant's endpoint, active or not; with `accountId`, only if it is that account's. */
export async function findWebhook(
  db: Db,
  key: { readonly tenantId: string; readonly accountId?: string; readonly id: string },
): Promise<WebhookRow | undefined> {
  const [row] = await db
    .select()
    .from(webhooks)
    .where(
      and(
        eq(webhooks.tenantId, key.tenantId),
        key.accountId === undefined ? undefined : eq(webhooks.accountId, key.accountId),
        eq(webhooks.id, key.id),
      ),
    );
  return row;
}

export async function insertWebhook(db: Db, row: typeof webhooks.$inferInsert): Promise<WebhookRow> {
  const [created] = await db.insert(webhooks).values(row).returning();
  return created!;
}

/** Marks the endpoint inactive (its delivery log stays); returns the row as it is now. */
export async function disableWebhook(
  db: Db,
  key: { readonly tenantId: string; readonly id: string },
  at: Date,
): Promise<WebhookRow> {
  const [updated] = await db
    .update(webhooks)
    .set({ active: false, disabledAt: at })
    .where(and(eq(webhooks.tenantId, key.tenantId), eq(webhooks.id, key.id)))
    .returning();
  return updated!;
}

/** Whether the endpoint took this event already (a replayed effect is not sent again). */
export async function hasSucceededDelivery(db: Db, webhookId: string, eventId: string): Promise<boolean> {
  const [done] = await db
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.webhookId, webhookId),
        eq(webhookDeliveries.eventId, eventId),
        eq(webhookDeliveries.succeeded, true),
      ),
    )
    .limit(1);
  return !!done;
}

export async function insertWebhookDelivery(db: Db, row: WebhookDeliveryRow): Promise<void> {
  await db.insert(webhookDeliveries).values(row);
}

/** The endpoints of a dispatched batch's deliveries, active or not, by id (each checked against its tenant). */
export async function findWebhooks(
  db: Db,
  keys: readonly { readonly tenantId: string; readonly id: string }[],
): Promise<Map<string, WebhookRow>> {
  if (!keys.length) return new Map();
  const rows = await db
    .select()
    .from(webhooks)
    .where(
      and(
        inArray(webhooks.tenantId, [...new Set(keys.map((k) => k.tenantId))]),
        inArray(webhooks.id, [...new Set(keys.map((k) => k.id))]),
      ),
    );
  return new Map(rows.map((r) => [r.id, r]));
}

/** Of these (endpoint, event) pairs, those delivered successfully already, as `${webhookId} ${eventId}`. */
export async function succeededDeliveries(
  db: Db,
  pairs: readonly { readonly webhookId: string; readonly eventId: string }[],
): Promise<Set<string>> {
  if (!pairs.length) return new Set();
  const rows = await db
    .selectDistinct({ webhookId: webhookDeliveries.webhookId, eventId: webhookDeliveries.eventId })
    .from(webhookDeliveries)
    .where(
      and(
        inArray(webhookDeliveries.webhookId, [...new Set(pairs.map((p) => p.webhookId))]),
        inArray(webhookDeliveries.eventId, [...new Set(pairs.map((p) => p.eventId))]),
        eq(webhookDeliveries.succeeded, true),
      ),
    );
  return new Set(rows.map((r) => `${r.webhookId} ${r.eventId}`));
}

/** Several delivery attempts in one INSERT (a dispatched batch's). */
export async function insertWebhookDeliveries(db: Db, rows: readonly WebhookDeliveryRow[]): Promise<void> {
  if (rows.length) await db.insert(webhookDeliveries).values([...rows]);
}

/** The endpoint's delivery attempts, newest first. */
export async function pageWebhookDeliveries(
  db: Db,
  key: { readonly tenantId: string; readonly webhookId: string },
  page: Page,
): Promise<{ rows: WebhookDeliveryRow[]; total: number }> {
  const where = and(eq(webhookDeliveries.tenantId, key.tenantId), eq(webhookDeliveries.webhookId, key.webhookId));
  const rows = await db
    .select()
    .from(webhookDeliveries)
    .where(where)
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .offset(page.offset)
    .limit(page.limit);
  const [total] = await db.select({ n: count() }).from(webhookDeliveries).where(where);
  return { rows, total: Number(total?.n ?? 0) };
}
