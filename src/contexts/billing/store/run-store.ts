/** Month-end run progress (R-BIL-3): one row per (month, scope), locked by each batch's transaction. */
import { and, eq, gte, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db.js';
import { billingRuns } from './tables.js';
import { rowsOf, textArray } from '../../../platform/sql-params.js';

export type RunRow = typeof billingRuns.$inferSelect;

/** Advisory lock class of "records of month M vs. a run of month M" (the object id is the month as yyyymm). */
const MONTH_LOCK_CLASS = 7415601;
const monthKey = (month: string) => Number(month.replace('-', ''));

/** A run takes its month exclusively while it opens, so no record of the month is being written meanwhile. */
export async function lockMonthExclusive(tx: Db, month: string): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${MONTH_LOCK_CLASS}::int, ${monthKey(month)}::int)`);
}

/** Usage writers share the months they write, so they wait for a run opening on one of them (and never for each other). */
export async function lockMonthsShared(tx: Db, months: readonly string[]): Promise<void> {
  for (const m of [...new Set(months)].sort())
    await tx.execute(sql`SELECT pg_advisory_xact_lock_shared(${MONTH_LOCK_CLASS}::int, ${monthKey(m)}::int)`);
}

export async function findRun(
  db: Db,
  month: string,
  scope: string,
  opts: { forUpdate?: boolean } = {},
): Promise<RunRow | undefined> {
  const q = db
    .select()
    .from(billingRuns)
    .where(and(eq(billingRuns.month, month), eq(billingRuns.scope, scope)));
  const [row] = opts.forUpdate ? await q.for('update') : await q;
  return row;
}

export async function lockRun(tx: Db, id: string): Promise<RunRow> {
  const [row] = await tx.select().from(billingRuns).where(eq(billingRuns.id, id)).for('update');
  if (!row) throw new Error(`billing run ${id} vanished`);
  return row;
}

export async function insertRun(tx: Db, values: typeof billingRuns.$inferInsert): Promise<RunRow> {
  const [row] = await tx.insert(billingRuns).values(values).returning();
  return row!;
}

export async function updateRun(tx: Db, id: string, set: Partial<typeof billingRuns.$inferInsert>): Promise<RunRow> {
  const [row] = await tx.update(billingRuns).set(set).where(eq(billingRuns.id, id)).returning();
  return row!;
}

/** Months (≥ since) whose run over all accounts completed. */
export async function completedMonths(db: Db, since: string): Promise<Set<string>> {
  const found = await db
    .select({ month: billingRuns.month })
    .from(billingRuns)
    .where(and(eq(billingRuns.scope, 'all'), eq(billingRuns.status, 'completed'), gte(billingRuns.month, since)));
  return new Set(found.map((r) => r.month));
}

/** The scopes (`all`, `account:<id>`) that a run has started on, per month among `months`: what they bill is closed. */
export async function runScopes(db: Db, months: readonly string[]): Promise<Map<string, Set<string>>> {
  const out = new Map<string, Set<string>>();
  if (!months.length) return out;
  const found = await rowsOf<{ month: string; scope: string }>(
    db,
    sql`SELECT DISTINCT month, scope FROM billing_runs WHERE month = ANY(${textArray(months)})`,
  );
  for (const r of found) out.set(r.month, (out.get(r.month) ?? new Set()).add(r.scope));
  return out;
}
