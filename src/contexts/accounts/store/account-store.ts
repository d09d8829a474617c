/** Accounts persistence; other contexts go through the accounts use cases, never here. */
import { and, asc, count, desc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db.js';
import { rowsOf, textArray } from '../../../platform/sql-params.js';
import { auditEvents } from '../../../platform/store/tables.js';
import type { AccountRow } from '../domain/account.js';
import { accounts, apiKeys, contacts, users } from './tables.js';

/** Both ways assignable, else `never` (every use then fails the typecheck). */
type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? A : never) : never;
/** The domain's plain AccountRow is the accounts row, column for column: a column added to one only fails the typecheck. */
type Account = Exactly<AccountRow, typeof accounts.$inferSelect>;

export type UserRow = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
export type ContactRow = typeof contacts.$inferSelect;
export type NewAccount = typeof accounts.$inferInsert;

export async function insertAccount(tx: Db, row: NewAccount): Promise<Account> {
  const [out] = await tx.insert(accounts).values(row).returning();
  return out!;
}

export async function findAccount(db: Db, id: string): Promise<Account | undefined> {
  const [row] = await db.select().from(accounts).where(eq(accounts.id, id));
  return row;
}

export async function findAccountForUpdate(db: Db, id: string): Promise<Account | undefined> {
  const [row] = await db.select().from(accounts).where(eq(accounts.id, id)).for('update');
  return row;
}

export async function listSubs(db: Db, tenantId: string, parentId: string): Promise<Account[]> {
  return db
    .select()
    .from(accounts)
    .where(and(eq(accounts.tenantId, tenantId), eq(accounts.parentId, parentId)))
    .orderBy(asc(accounts.id));
}

export async function pageAccounts(
  db: Db,
  filter: { tenantId?: string; visibleTo?: string },
  offset: number,
  limit: number,
) {
  const where = filter.tenantId
    ? and(
        eq(accounts.tenantId, filter.tenantId),
        filter.visibleTo ? or(eq(accounts.id, filter.visibleTo), eq(accounts.parentId, filter.visibleTo)) : undefined,
      )
    : undefined;
  const rows = await db.select().from(accounts).where(where).orderBy(asc(accounts.id)).offset(offset).limit(limit);
  const [total] = await db.select({ n: count() }).from(accounts).where(where);
  return { rows, total: Number(total?.n ?? 0) };
}

export async function listContacts(db: Db, tenantId: string, accountId: string) {
  return db
    .select()
    .from(contacts)
    .where(and(eq(contacts.tenantId, tenantId), eq(contacts.accountId, accountId)))
    .orderBy(asc(contacts.id));
}

export async function findUser(db: Db, id: string) {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row;
}

export async function listUsers(db: Db, tenantId: string | null, accountId: string | null) {
  const where =
    tenantId === null
      ? isNull(users.tenantId)
      : and(eq(users.tenantId, tenantId), accountId ? eq(users.accountId, accountId) : undefined);
  return db.select().from(users).where(where).orderBy(asc(users.id));
}

/** Issue 13: a page of the provider's staff (no tenant; `roles` among the staff roles), by name then id. */
export async function pageStaffUsers(db: Db, roles: readonly string[], offset: number, limit: number) {
  const where = and(isNull(users.tenantId), inArray(users.role, [...roles]));
  const rows = await db
    .select()
    .from(users)
    .where(where)
    .orderBy(asc(users.name), asc(users.id))
    .offset(offset)
    .limit(limit);
  const [total] = await db.select({ n: count() }).from(users).where(where);
  return { rows, total: Number(total?.n ?? 0) };
}

export async function findApiKey(db: Db, id: string) {
  const [row] = await db.select().from(apiKeys).where(eq(apiKeys.id, id));
  return row;
}

export async function findKeyWithUser(db: Db, keyId: string) {
  const [row] = await db
    .select({ key: apiKeys, user: users })
    .from(apiKeys)
    .innerJoin(users, eq(users.id, apiKeys.userId))
    .where(eq(apiKeys.id, keyId));
  return row;
}

export async function touchApiKey(db: Db, keyId: string, at: Date): Promise<void> {
  await db.update(apiKeys).set({ lastUsedAt: at }).where(eq(apiKeys.id, keyId));
}

export async function insertUser(db: Db, row: typeof users.$inferInsert) {
  const [out] = await db.insert(users).values(row).returning();
  return out!;
}

export async function updateUser(db: Db, id: string, set: Partial<typeof users.$inferInsert>) {
  const [out] = await db.update(users).set(set).where(eq(users.id, id)).returning();
  return out;
}

export async function findUsersByEmail(db: Db, email: string) {
  return db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${email.trim().toLowerCase()}`)
    .orderBy(asc(users.id));
}

export async function findActiveOwner(db: Db, tenantId: string, accountId: string) {
  const [row] = await db
    .select()
    .from(users)
    .where(
      and(
        eq(users.tenantId, tenantId),
        eq(users.accountId, accountId),
        eq(users.role, 'customer_owner'),
        isNull(users.disabledAt),
      ),
    )
    .orderBy(users.id)
    .limit(1);
  return row;
}

export async function insertApiKey(db: Db, row: typeof apiKeys.$inferInsert): Promise<void> {
  await db.insert(apiKeys).values(row);
}

/** The key and every live key it created, and they created, …: all revoked together (issue 11). */
export async function revokeKeyTree(db: Db, keyId: string, now: Date): Promise<string[]> {
  const rows = await rowsOf<{ id: string }>(
    db,
    sql`
    WITH RECURSIVE tree(id) AS (
      SELECT ${keyId}::text
      UNION
      SELECT k.id FROM api_keys k JOIN tree t ON k.created_by_key_id = t.id
    )
    UPDATE api_keys SET revoked_at = ${now.toISOString()}::timestamptz
    WHERE id IN (SELECT id FROM tree) AND revoked_at IS NULL
    RETURNING id`,
  );
  return rows.map((r) => r.id);
}

/** One page of keys (id order) and how many there are, in SQL (issue 13: not the whole list read and sliced). */
export async function listApiKeys(
  db: Db,
  filter: { accountId?: string; tenantId?: string | null; userId?: string },
  page: { offset: number; limit: number },
) {
  const where = and(
    filter.userId ? eq(apiKeys.userId, filter.userId) : undefined,
    filter.accountId ? eq(users.accountId, filter.accountId) : undefined,
    filter.tenantId !== undefined
      ? filter.tenantId === null
        ? isNull(apiKeys.tenantId)
        : eq(apiKeys.tenantId, filter.tenantId)
      : undefined,
  );
  const rows = await db
    .select({ key: apiKeys, user: { id: users.id, role: users.role } })
    .from(apiKeys)
    .innerJoin(users, eq(users.id, apiKeys.userId))
    .where(where)
    .orderBy(asc(apiKeys.id))
    .offset(page.offset)
    .limit(page.limit);
  const [total] = await db
    .select({ n: count() })
    .from(apiKeys)
    .innerJoin(users, eq(users.id, apiKeys.userId))
    .where(where);
  return { rows, total: Number(total?.n ?? 0) };
}

export async function updateAccount(db: Db, id: string, set: Partial<typeof accounts.$inferInsert>): Promise<Account> {
  const [row] = await db.update(accounts).set(set).where(eq(accounts.id, id)).returning();
  return row!;
}

/** R-SUB-5a: an order staff place for the customer is the approval (subscriptions). */
export async function markAccountApproved(tx: Db, id: string, now: Date): Promise<void> {
  await updateAccount(tx, id, { approvedAt: now, updatedAt: now });
}

/** R-ACC-2: a custody master's one switch for all its subs (subscriptions' setSharing). */
export async function setAccountSharing(tx: Db, id: string, enabled: boolean, now: Date) {
  return updateAccount(tx, id, { sharingEnabled: enabled, updatedAt: now });
}

/** Tianyi: one more 7-day no-reason refund used (subscriptions, at the refund). */
export async function countNoReasonRefund(tx: Db, id: string, now: Date): Promise<void> {
  await tx
    .update(accounts)
    .set({ noReasonRefundsUsed: sql`${accounts.noReasonRefundsUsed} + 1`, updatedAt: now })
    .where(eq(accounts.id, id));
}

export async function findContact(db: Db, tenantId: string, accountId: string, id: string, forUpdate = false) {
  const q = db
    .select()
    .from(contacts)
    .where(and(eq(contacts.tenantId, tenantId), eq(contacts.accountId, accountId), eq(contacts.id, id)));
  const [row] = forUpdate ? await q.for('update') : await q;
  return row;
}

export async function insertContact(db: Db, row: typeof contacts.$inferInsert) {
  const [out] = await db.insert(contacts).values(row).returning();
  return out!;
}

export async function updateContact(db: Db, id: string, set: Partial<typeof contacts.$inferInsert>) {
  const [out] = await db.update(contacts).set(set).where(eq(contacts.id, id)).returning();
  return out!;
}

export async function deleteContact(db: Db, id: string): Promise<void> {
  await db.delete(contacts).where(eq(contacts.id, id));
}

export async function pageContacts(db: Db, tenantId: string, accountId: string, offset: number, limit: number) {
  const where = and(eq(contacts.tenantId, tenantId), eq(contacts.accountId, accountId));
  const rows = await db.select().from(contacts).where(where).orderBy(asc(contacts.id)).offset(offset).limit(limit);
  const [total] = await db.select({ n: count() }).from(contacts).where(where);
  return { rows, total: Number(total?.n ?? 0) };
}

/** The platform's audit writer, under the name the accounts use cases know. */
export { insertAuditEvent as insertAudit } from '../../../platform/store/audit.js';

/** The audit trail of one account: events on the account itself, newest first. */
export async function pageAccountAudit(db: Db, accountId: string, offset: number, limit: number) {
  const where = eq(auditEvents.objectId, accountId);
  const rows = await db
    .select()
    .from(auditEvents)
    .where(where)
    .orderBy(desc(auditEvents.at), desc(auditEvents.id))
    .offset(offset)
    .limit(limit);
  const [total] = await db.select({ n: count() }).from(auditEvents).where(where);
  return { rows, total: Number(total?.n ?? 0) };
}

export async function userNames(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(sql`${users.id} = ANY(${textArray(ids)})`);
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Issue 12: the accounts a TAM is assigned to, by name. */
export async function pageAccountsOfTam(db: Db, tamUserId: string, offset: number, limit: number) {
  const where = eq(accounts.tamUserId, tamUserId);
  const rows = await db
    .select()
    .from(accounts)
    .where(where)
    .orderBy(asc(accounts.name), asc(accounts.id))
    .offset(offset)
    .limit(limit);
  const [total] = await db.select({ n: count() }).from(accounts).where(where);
  return { rows, total: Number(total?.n ?? 0) };
}
