/** SQL of the reports context (R-RPT): versions, the per-account-and-month schedule rows, the month's plan. */
import { and, asc, desc, eq, inArray, lte, max, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../platform/db.js';
import { reportPlans, reports, reportSchedule } from './tables.js';

export type ReportRow = typeof reports.$inferSelect;
export type ScheduleRow = typeof reportSchedule.$inferSelect;

/** The next version of an account's month (callers hold the schedule row's lock, or retry on the unique index). */
export async function nextVersion(tx: Db, accountId: string, month: string): Promise<number> {
  const [last] = await tx
    .select({ v: max(reports.version) })
    .from(reports)
    .where(and(eq(reports.accountId, accountId), eq(reports.month, month)));
  return (last?.v ?? 0) + 1;
}

export async function insertReport(tx: Db, row: ReportRow): Promise<void> {
  await tx.insert(reports).values(row);
}

/** Many reports in one INSERT (the send step's chunk). */
export async function insertReports(tx: Db, rows: readonly ReportRow[]): Promise<void> {
  if (rows.length) await tx.insert(reports).values([...rows]);
}

type Key = { readonly accountId: string; readonly month: string };
const keyList = (keys: readonly Key[]) =>
  sql.join(
    keys.map((k) => sql`(${k.accountId}, ${k.month})`),
    sql`, `,
  );

/** The next version of each (account, month), keyed `accountId|month` (callers hold the rows' locks). */
export async function nextVersions(tx: Db, keys: readonly Key[]): Promise<Map<string, number>> {
  const out = new Map<string, number>(keys.map((k) => [`${k.accountId}|${k.month}`, 1]));
  if (!keys.length) return out;
  const rows = await tx
    .select({ accountId: reports.accountId, month: reports.month, v: max(reports.version) })
    .from(reports)
    .where(sql`(${reports.accountId}, ${reports.month}) IN (${keyList(keys)})`)
    .groupBy(reports.accountId, reports.month);
  for (const r of rows) out.set(`${r.accountId}|${r.month}`, (r.v ?? 0) + 1);
  return out;
}

/** The schedule rows of these keys, locked (FOR UPDATE), keyed `accountId|month`. */
export async function lockSchedules(tx: Db, keys: readonly Key[]): Promise<Map<string, ScheduleRow>> {
  if (!keys.length) return new Map();
  const rows = await tx
    .select()
    .from(reportSchedule)
    .where(sql`(${reportSchedule.accountId}, ${reportSchedule.month}) IN (${keyList(keys)})`)
    .for('update');
  return new Map(rows.map((r) => [`${r.accountId}|${r.month}`, r]));
}

/** Marks each row generated with its report, in one UPDATE. */
export async function markGenerated(
  tx: Db,
  items: readonly (Key & { readonly reportId: string })[],
  now: Date,
): Promise<void> {
  if (!items.length) return;
  const values = sql.join(
    items.map((i) => sql`(${i.accountId}, ${i.month}, ${i.reportId})`),
    sql`, `,
  );
  await tx.execute(
    sql`UPDATE report_schedule AS s SET status = 'generated', report_id = v.report_id, updated_at = ${now.toISOString()}::timestamptz
        FROM (VALUES ${values}) AS v(account_id, month, report_id)
        WHERE s.account_id = v.account_id AND s.month = v.month`,
  );
}

export async function findReport(db: Db, id: string): Promise<ReportRow | undefined> {
  const [row] = await db.select().from(reports).where(eq(reports.id, id)).limit(1);
  return row;
}

/** Reports of an account without their bodies, newest month and version first. */
export async function listAccountReports(db: Db, tenantId: string, accountId: string) {
  return db
    .select({
      id: reports.id,
      accountId: reports.accountId,
      month: reports.month,
      version: reports.version,
      trigger: reports.trigger,
      locale: reports.locale,
      generatedAt: reports.generatedAt,
    })
    .from(reports)
    .where(and(eq(reports.tenantId, tenantId), eq(reports.accountId, accountId)))
    .orderBy(desc(reports.month), desc(reports.version));
}

export async function schedulesOf(db: Db, accountId: string, months: readonly string[]) {
  if (!months.length) return [];
  return db
    .select()
    .from(reportSchedule)
    .where(and(eq(reportSchedule.accountId, accountId), inArray(reportSchedule.month, [...months])));
}

export async function findSchedule(db: Db, accountId: string, month: string, lock = false) {
  const q = db
    .select()
    .from(reportSchedule)
    .where(and(eq(reportSchedule.accountId, accountId), eq(reportSchedule.month, month)))
    .limit(1);
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export async function insertSchedules(tx: Db, rows: (typeof reportSchedule.$inferInsert)[]): Promise<number> {
  if (!rows.length) return 0;
  const res = await tx
    .insert(reportSchedule)
    .values(rows)
    .onConflictDoNothing()
    .returning({ a: reportSchedule.accountId });
  return res.length;
}

export async function updateSchedule(
  tx: Db,
  accountId: string,
  month: string,
  set: Partial<typeof reportSchedule.$inferInsert>,
  onlyStatus?: readonly string[],
): Promise<number> {
  const res = await tx
    .update(reportSchedule)
    .set(set)
    .where(
      and(
        eq(reportSchedule.accountId, accountId),
        eq(reportSchedule.month, month),
        onlyStatus ? inArray(reportSchedule.status, [...onlyStatus]) : undefined,
      ),
    )
    .returning({ a: reportSchedule.accountId });
  return res.length;
}

/** Scheduled rows due at `now`, earliest first. */
export async function dueSchedules(db: Db, now: Date, limit: number): Promise<ScheduleRow[]> {
  return db
    .select()
    .from(reportSchedule)
    .where(and(eq(reportSchedule.status, 'scheduled'), lte(reportSchedule.sendAt, now)))
    .orderBy(asc(reportSchedule.sendAt), asc(reportSchedule.accountId))
    .limit(limit);
}

export async function nextScheduled(db: Db): Promise<Date | null> {
  const [row] = await db
    .select({ at: sql<Date | string | null>`min(${reportSchedule.sendAt})` })
    .from(reportSchedule)
    .where(eq(reportSchedule.status, 'scheduled'));
  return row?.at ? new Date(row.at) : null;
}

/** The staff view: schedule rows, filtered, in due order (R-RPT: which reports are due, sent or failed). */
export async function listSchedules(
  db: Db,
  filter: { month?: string | undefined; status?: string | undefined; accountId?: string | undefined },
  page: { offset: number; limit: number },
) {
  const where: SQL | undefined = and(
    filter.month ? eq(reportSchedule.month, filter.month) : undefined,
    filter.status ? eq(reportSchedule.status, filter.status) : undefined,
    filter.accountId ? eq(reportSchedule.accountId, filter.accountId) : undefined,
  );
  const [items, [total]] = await Promise.all([
    db
      .select()
      .from(reportSchedule)
      .where(where)
      .orderBy(desc(reportSchedule.month), asc(reportSchedule.sendAt), asc(reportSchedule.accountId))
      .offset(page.offset)
      .limit(page.limit),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(reportSchedule)
      .where(where),
  ]);
  return { items, total: Number(total?.n ?? 0) };
}

export async function countsByStatus(db: Db, month: string | undefined) {
  return db
    .select({ status: reportSchedule.status, n: sql<number>`count(*)::int` })
    .from(reportSchedule)
    .where(month ? eq(reportSchedule.month, month) : undefined)
    .groupBy(reportSchedule.status);
}

export async function findPlan(db: Db, month: string) {
  const [row] = await db.select().from(reportPlans).where(eq(reportPlans.month, month)).limit(1);
  return row;
}

export async function completedPlans(db: Db): Promise<Set<string>> {
  const rows = await db
    .select({ month: reportPlans.month })
    .from(reportPlans)
    .where(sql`${reportPlans.completedAt} IS NOT NULL`);
  return new Set(rows.map((r) => r.month));
}

export async function savePlan(tx: Db, row: typeof reportPlans.$inferInsert): Promise<void> {
  await tx
    .insert(reportPlans)
    .values(row)
    .onConflictDoUpdate({
      target: reportPlans.month,
      set: {
        cursor: row.cursor,
        accountsSeen: row.accountsSeen,
        scheduled: row.scheduled,
        completedAt: row.completedAt,
      },
    });
}
