/** SQL of the staff call tasks (Tianyi 专席人工 / 专属经理人工 notices). */
import { and, asc, count, eq, inArray, isNull, or, type SQL } from 'drizzle-orm';
import type { Db } from '../../../platform/db.js';
import { callTasks } from './tables.js';

export type CallTaskRow = typeof callTasks.$inferSelect;

/** A call task's INSERT, not yet run (an inline effect's write, outbox.ts); awaited, it runs. */
export function callTaskInsert(db: Db, row: typeof callTasks.$inferInsert) {
  return db.insert(callTasks).values(row).onConflictDoNothing();
}

export interface CallTaskFilter {
  readonly statuses: readonly string[];
  /** Only the caller's tasks and the desk's unassigned ones. */
  readonly forUserId?: string | null;
  readonly accountId?: string | undefined;
}

function whereOf(f: CallTaskFilter): SQL | undefined {
  return and(
    inArray(callTasks.status, [...f.statuses]),
    f.forUserId ? or(eq(callTasks.assigneeId, f.forUserId), isNull(callTasks.assigneeId)) : undefined,
    f.accountId ? eq(callTasks.accountId, f.accountId) : undefined,
  );
}

/** Oldest first: the call that has waited longest is made first. */
export async function listCallTasks(db: Db, f: CallTaskFilter, page: { offset: number; limit: number }) {
  const where = whereOf(f);
  const rows = await db
    .select()
    .from(callTasks)
    .where(where)
    .orderBy(asc(callTasks.createdAt), asc(callTasks.id))
    .offset(page.offset)
    .limit(page.limit);
  const [total] = await db.select({ n: count() }).from(callTasks).where(where);
  return { rows, total: Number(total?.n ?? 0) };
}

export async function findCallTask(db: Db, id: string, opts: { forUpdate?: boolean } = {}) {
  const q = db.select().from(callTasks).where(eq(callTasks.id, id));
  const [row] = opts.forUpdate ? await q.for('update') : await q;
  return row;
}

export async function updateCallTask(db: Db, id: string, patch: Partial<typeof callTasks.$inferInsert>) {
  const [row] = await db.update(callTasks).set(patch).where(eq(callTasks.id, id)).returning();
  return row!;
}
