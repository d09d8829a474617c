/** Bills and their lines: written a batch at a time (one statement), read a page at a time. */
import { and, asc, count, desc, eq, inArray } from 'drizzle-orm';
import { sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db.js';
import type { BillLine } from '../domain/bill.js';
import { array, rowsOf, textArray } from '../../../platform/sql-params.js';
import { billLines, bills } from './tables.js';

export type BillRow = typeof bills.$inferSelect;
export type BillLineRow = typeof billLines.$inferSelect;

export interface NewBill {
  readonly id: string;
  readonly tenantId: string;
  readonly accountId: string;
  readonly month: string;
  readonly currency: string;
  readonly totalMinor: bigint;
  readonly consumptionMinor: bigint;
  readonly runId: string;
  readonly lines: readonly BillLine[];
}

/** Accounts among `accountIds` that have their bill of `month` already. */
export async function billedAccounts(db: Db, month: string, accountIds: readonly string[]): Promise<Set<string>> {
  if (!accountIds.length) return new Set();
  const found = await rowsOf<{ account_id: string }>(
    db,
    sql`SELECT account_id FROM bills WHERE month = ${month} AND account_id = ANY(${textArray(accountIds)})`,
  );
  return new Set(found.map((r) => r.account_id));
}

/**
 * Inserts bills and their lines in one statement; a bill whose (account, month) exists is skipped with its lines
 * (R-BIL-3: the unique index, not the caller's bookkeeping, is what makes a run idempotent). Returns the inserted.
 */
export async function insertBills(tx: Db, newBills: readonly NewBill[], issuedAt: Date): Promise<NewBill[]> {
  if (!newBills.length) return [];
  // One array parameter per column (unnest): no per-row keys to send and parse, a third faster than a JSON recordset.
  const col = <T, K extends keyof T>(rows: readonly T[], key: K) => rows.map((r) => r[key]);
  const lines = newBills.flatMap((b) =>
    b.lines.map((l, i) => ({ ...l, billId: b.id, lineNo: i + 1, tenantId: b.tenantId })),
  );
  const text = (values: readonly (string | null)[]) => array(values, 'text');
  const big = (values: readonly (bigint | null)[]) => array(values, 'bigint');
  const int = (values: readonly (number | null)[]) => array(values, 'int');
  const inserted = await rowsOf<{ id: string }>(
    tx,
    sql`WITH b AS (
          INSERT INTO bills (id, tenant_id, account_id, month, status, currency, total_minor, consumption_minor, run_id, issued_at)
          SELECT x.id, x.t, x.a, x.m, 'issued', x.c, x.total, x.cons, x.run, ${issuedAt.toISOString()}::timestamptz
          FROM unnest(${text(col(newBills, 'id'))}, ${text(col(newBills, 'tenantId'))}, ${text(col(newBills, 'accountId'))}, ${text(col(newBills, 'month'))},
                      ${text(col(newBills, 'currency'))}, ${big(col(newBills, 'totalMinor'))}, ${big(col(newBills, 'consumptionMinor'))}, ${text(col(newBills, 'runId'))})
               AS x(id, t, a, m, c, total, cons, run)
          ON CONFLICT (account_id, month) DO NOTHING
          RETURNING id),
        l AS (
          INSERT INTO bill_lines (bill_id, line_no, tenant_id, kind, level, days, description, amount_minor, consumption_minor, order_id, period_start, period_end)
          SELECT y.b, y.n, y.t, y.kind, y.level, y.days, y.d, y.amt, y.cons, y.o, y.ps::date, y.pe::date
          FROM unnest(${text(col(lines, 'billId'))}, ${int(col(lines, 'lineNo'))}, ${text(col(lines, 'tenantId'))}, ${text(col(lines, 'kind'))}, ${text(col(lines, 'level'))},
                      ${int(col(lines, 'days'))}, ${text(col(lines, 'description'))}, ${big(col(lines, 'amountMinor'))}, ${big(col(lines, 'consumptionMinor'))},
                      ${text(col(lines, 'orderId'))}, ${text(col(lines, 'periodStart'))}, ${text(col(lines, 'periodEnd'))})
               AS y(b, n, t, kind, level, days, d, amt, cons, o, ps, pe)
          WHERE y.b IN (SELECT id FROM b)
          RETURNING 1)
        SELECT id FROM b`,
  );
  const ids = new Set(inserted.map((r) => r.id));
  return newBills.filter((b) => ids.has(b.id));
}

export async function findBill(db: Db, id: string): Promise<BillRow | undefined> {
  const [row] = await db.select().from(bills).where(eq(bills.id, id));
  return row;
}

export async function pageBills(
  db: Db,
  filter: { tenantId: string; accountId: string; month?: string | undefined },
  offset: number,
  limit: number,
) {
  const where = and(
    eq(bills.tenantId, filter.tenantId),
    eq(bills.accountId, filter.accountId),
    filter.month ? eq(bills.month, filter.month) : undefined,
  );
  const page = await db.select().from(bills).where(where).orderBy(desc(bills.month)).offset(offset).limit(limit);
  const [total] = await db.select({ n: count() }).from(bills).where(where);
  const lines = page.length
    ? await db
        .select()
        .from(billLines)
        .where(
          and(
            eq(billLines.tenantId, filter.tenantId),
            inArray(
              billLines.billId,
              page.map((b) => b.id),
            ),
          ),
        )
        .orderBy(asc(billLines.billId), asc(billLines.lineNo))
    : [];
  return { page, lines, total: Number(total?.n ?? 0) };
}

/** The bill locked for its collection. */
export async function lockBill(tx: Db, id: string): Promise<BillRow | undefined> {
  const [row] = await tx.select().from(bills).where(eq(bills.id, id)).for('update');
  return row;
}

/** What a month-end collects of a bill: its incremental lines (the prepaid lines were paid with their orders). */
export async function dueOfBill(db: Db, billId: string): Promise<bigint> {
  const [row] = await rowsOf<{ due: string }>(
    db,
    sql`SELECT coalesce(sum(amount_minor), 0)::text AS due FROM bill_lines WHERE bill_id = ${billId} AND kind = 'incremental'`,
  );
  return BigInt(row?.due ?? '0');
}

/** issued → paid | overdue, guarded: a bill is collected once. */
export async function settleBill(
  tx: Db,
  id: string,
  to: { status: 'paid' | 'overdue'; paidAt: Date | null; shortfallMinor: bigint | null },
): Promise<BillRow | undefined> {
  const [row] = await tx
    .update(bills)
    .set(to)
    .where(and(eq(bills.id, id), eq(bills.status, 'issued')))
    .returning();
  return row;
}

/** An account's overdue bills, oldest month first, locked for their collection. */
export async function lockOverdueBills(tx: Db, tenantId: string, accountId: string): Promise<BillRow[]> {
  return tx
    .select()
    .from(bills)
    .where(and(eq(bills.tenantId, tenantId), eq(bills.accountId, accountId), eq(bills.status, 'overdue')))
    .orderBy(asc(bills.month))
    .for('update');
}

/** overdue → paid, guarded: an overdue bill is collected once. */
export async function settleOverdueBill(tx: Db, id: string, paidAt: Date): Promise<BillRow | undefined> {
  const [row] = await tx
    .update(bills)
    .set({ status: 'paid', paidAt, shortfallMinor: null })
    .where(and(eq(bills.id, id), eq(bills.status, 'overdue')))
    .returning();
  return row;
}
