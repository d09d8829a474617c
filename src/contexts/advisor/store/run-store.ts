/** Run progress (bounded, resumable runs) and the run history of an account. */
import { and, asc, count, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db.js';
import { advisorRuns } from './tables.js';

export type RunRow = typeof advisorRuns.$inferSelect;

export async function insertRun(tx: Db, values: typeof advisorRuns.$inferInsert): Promise<RunRow | null> {
  const [row] = await tx.insert(advisorRuns).values(values).onConflictDoNothing().returning();
  return row ?? null;
}

export async function lockRun(tx: Db, id: string): Promise<RunRow> {
  const [row] = await tx.select().from(advisorRuns).where(eq(advisorRuns.id, id)).for('update');
  if (!row) throw new Error(`advisor run ${id} vanished`);
  return row;
}

export async function updateRun(tx: Db, id: string, set: Partial<typeof advisorRuns.$inferInsert>): Promise<RunRow> {
  const [row] = await tx.update(advisorRuns).set(set).where(eq(advisorRuns.id, id)).returning();
  return row!;
}

export async function findRun(db: Db, accountId: string, id: string): Promise<RunRow | null> {
  const [row] = await db
    .select()
    .from(advisorRuns)
    .where(and(eq(advisorRuns.accountId, accountId), eq(advisorRuns.id, id)));
  return row ?? null;
}

export async function runningRunOf(db: Db, accountId: string): Promise<RunRow | null> {
  const [row] = await db
    .select()
    .from(advisorRuns)
    .where(and(eq(advisorRuns.accountId, accountId), eq(advisorRuns.status, 'running')))
    .limit(1);
  return row ?? null;
}

/** Runs left running (a process stopped mid-run), oldest first. */
export async function runningRuns(db: Db, limit: number): Promise<RunRow[]> {
  return db
    .select()
    .from(advisorRuns)
    .where(eq(advisorRuns.status, 'running'))
    .orderBy(asc(advisorRuns.startedAt), asc(advisorRuns.id))
    .limit(limit);
}

export async function listRuns(
  db: Db,
  accountId: string,
  page: { limit: number; offset: number },
): Promise<{ items: RunRow[]; total: number }> {
  const where = eq(advisorRuns.accountId, accountId);
  const [items, [total]] = await Promise.all([
    db
      .select()
      .from(advisorRuns)
      .where(where)
      .orderBy(desc(advisorRuns.startedAt), desc(advisorRuns.id))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ n: count() }).from(advisorRuns).where(where),
  ]);
  return { items, total: Number(total?.n ?? 0) };
}

export async function latestCompletedRun(db: Db, accountId: string): Promise<RunRow | null> {
  const [row] = await db
    .select()
    .from(advisorRuns)
    .where(and(eq(advisorRuns.accountId, accountId), eq(advisorRuns.status, 'completed')))
    .orderBy(desc(advisorRuns.finishedAt), desc(advisorRuns.id))
    .limit(1);
  return row ?? null;
}

/** Serialises starting runs of one account (advisory lock class 7415701, keyed by a hash of the account id). */
export async function lockAccountRuns(tx: Db, accountId: string): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(7415701, hashtext(${accountId}))`);
}
