/** Accounts persistence; other contexts go through the accounts use cases, never here. */
import { and, asc, count, eq, isNull, or } from 'drizzle-orm';
import type { Db } from '../../../platform/db.js';
import { accounts, apiKeys, contacts, users } from './tables.js';

export async function findAccount(db: Db, id: string) {
  const [row] = await db.select().from(accounts).where(eq(accounts.id, id));
  return row;
}

export async function findAccountForUpdate(db: Db, id: string) {
  const [row] = await db.select().from(accounts).where(eq(accounts.id, id)).for('update');
  return row;
}

export async function listSubs(db: Db, tenantId: string, parentId: string) {
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

export async function findApiKey(db: Db, id: string) {
  const [row] = await db.select().from(apiKeys).where(eq(apiKeys.id, id));
  return row;
}
