/**
 * The month-end run's set-based batch (R-BIL-2/3): one statement reads a batch of accounts, picks those that held one
 * usage-billed level all month (no custody relation, no bill yet, every settled order of a known shape), sums their
 * month's usage in one GROUP BY over the batch's id range, computes each incremental fee in integers, and writes the
 * bills, their lines and their notices (INSERT … SELECT, nothing per row in JS). It answers with the accounts it
 * left for the general path (level changes, partial months, custody) and the batch's counters. The rules come from
 * domain/whole-month.ts; the money and text it writes equal `draftBill`'s (test/contexts/billing-store.test.ts).
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../platform/db.js';
import type { OutboxDispatcher } from '../../../platform/outbox.js';
import { array, rowsOf } from '../../../platform/sql-params.js';
import type { Currency } from '../../../domain/money/money.js';
import { accountBatchSql, accountRangeSql, hasCustodySubsSql, type AccountSummary } from '../../accounts/index.js';
import { settledOrdersOfSql, soleLevelHeldSql } from '../../subscriptions/index.js';
import type { Locale } from '../../../domain/catalog/catalog-schema.js';
import type { OrderLineParts, OrderLineShape } from '../domain/bill.js';
import type { MonthWindow } from '../domain/month.js';
import type { WholeMonthTerms } from '../domain/whole-month.js';
import { clippedPartSql, notExcluded } from './usage-store.js';

export interface BatchRange {
  readonly afterId: string | null;
  readonly createdBefore: Date;
  readonly limit: number;
}

/** An order shape as SQL keys it (`shapeKeySql`), with what its line reads. */
export interface OrderShape extends OrderLineShape {
  readonly key: string;
}

/** The shape of order `o` (a row of `settledOrdersOfSql`) as one text: the key of its line parts. */
const shapeKeySql = sql`jsonb_build_array(o.type, o.level, o.from_level, o.direction, o.term_unit, o.term_count, o.add_on_type, o.add_on_count, o.auto_renew)::text`;

/** The shapes of every order settled in the month (a run reads them once; a batch meeting another leaves its account). */
export async function monthOrderShapes(db: Db, window: MonthWindow): Promise<OrderShape[]> {
  const found = await rowsOf<{
    key: string;
    type: string;
    level: string | null;
    from_level: string | null;
    direction: 'charge' | 'refund';
    term_unit: string | null;
    term_count: number | string | null;
    add_on_type: string | null;
    add_on_count: number | string | null;
    auto_renew: boolean;
  }>(
    db,
    sql`SELECT DISTINCT ${shapeKeySql} AS key, o.type, o.level, o.from_level, o.direction, o.term_unit, o.term_count,
               o.add_on_type, o.add_on_count, o.auto_renew
        FROM ${settledOrdersOfSql(null, window.start, window.end)} AS o`,
  );
  return found.map((r) => ({
    key: r.key,
    type: r.type,
    level: r.level,
    fromLevel: r.from_level,
    direction: r.direction,
    termUnit: r.term_unit,
    termCount: r.term_count === null ? null : Number(r.term_count),
    addOnType: r.add_on_type,
    addOnCount: r.add_on_count === null ? null : Number(r.add_on_count),
    autoRenew: r.auto_renew,
  }));
}

/** The next batch of a run: its id span and how many of its accounts have their bill of the month already. */
export interface BatchSpan {
  readonly accounts: number;
  /** Accounts of the batch with their bill of the month already (a re-run, a resumed batch). */
  readonly billed: number;
  readonly firstId: string | null;
  readonly lastId: string | null;
}

/** The next batch after `range.afterId` (up to `range.limit` accounts), one index probe of bills per account. */
export async function nextBatchSpan(db: Db, range: BatchRange, month: string): Promise<BatchSpan> {
  const [row] = await rowsOf<{ n: number; billed: number; lo: string | null; hi: string | null }>(
    db,
    sql`SELECT count(*)::int AS n, min(a.id) AS lo, max(a.id) AS hi,
               count(*) FILTER (WHERE EXISTS (SELECT 1 FROM bills x WHERE x.account_id = a.id AND x.month = ${month} OFFSET 0))::int AS billed
        FROM (${accountBatchSql(range.afterId, range.createdBefore, range.limit)}) AS a`,
  );
  return { accounts: Number(row!.n), billed: Number(row!.billed), firstId: row!.lo, lastId: row!.hi };
}

export interface WholeMonthBatchInput {
  readonly afterId: string | null;
  /** The batch's first and last ids (`nextBatchSpan`): the statement bills the accounts in (afterId, lastId]. */
  readonly firstId: string;
  readonly lastId: string;
  readonly createdBefore: Date;
  readonly window: MonthWindow;
  readonly excluded: readonly string[];
  readonly terms: readonly WholeMonthTerms[];
  /** Line parts of order shapes (any superset of the batch's): an account with an order of another shape is left. */
  readonly shapes: readonly { readonly key: string; readonly locale: Locale; readonly parts: OrderLineParts }[];
  /** Fresh bill ids, one per account of the batch at least (taken in account order). */
  readonly billIds: readonly string[];
  readonly runId: string;
  readonly currency: Currency;
  readonly issuedAt: Date;
  readonly outbox: OutboxDispatcher;
  readonly noticeTopic: string;
}

export interface WholeMonthBatchResult {
  readonly accounts: number;
  readonly created: number;
  /** Accounts of the batch with their bill already (before, or written meanwhile by another run). */
  readonly alreadyBilled: number;
  /** Accounts without a bill that this statement left for the general path, in id order. */
  readonly rest: AccountSummary[];
}

/** `c` (a non-negative bigint expression) formatted as `formatMoney` does. */
function moneyTextSql(c: SQL, currency: Currency): SQL {
  if (currency.minorUnits === 0) return sql`(${c})::text`;
  const scale = sql.raw(`${10n ** BigInt(currency.minorUnits)}`);
  return sql`((${c}) / ${scale})::text || '.' || lpad(((${c}) % ${scale})::text, ${currency.minorUnits}::int, '0')`;
}

export async function billWholeMonthBatch(db: Db, input: WholeMonthBatchInput): Promise<WholeMonthBatchResult> {
  const { window, currency } = input;
  const month = sql`${window.month}::text`;
  const first = sql`${window.firstDate}::date`;
  const last = sql`${window.lastDate}::date`;
  const terms = JSON.stringify(
    input.terms.map((t) => ({
      level: t.level,
      base: t.baseMonthlyMinor.toString(),
      den: t.den.toString(),
      en_before: t.descriptions['en-US'].before,
      en_after: t.descriptions['en-US'].after,
      zh_before: t.descriptions['zh-CN'].before,
      zh_after: t.descriptions['zh-CN'].after,
    })),
  );
  const tiers = JSON.stringify(
    input.terms.flatMap((t) =>
      t.tiers.map((x) => ({
        level: t.level,
        lo: x.lo.toString(),
        hi: x.hi === null ? null : x.hi.toString(),
        rate: x.rate.toString(),
      })),
    ),
  );
  const shapes = JSON.stringify(
    input.shapes.map((s) => ({
      key: s.key,
      loc: s.locale,
      kind: s.parts.kind,
      level: s.parts.level,
      sign: s.parts.sign,
      before: s.parts.before,
      after: s.parts.after,
    })),
  );
  const noticesSql = input.outbox.insertSelect(
    input.noticeTopic,
    sql`SELECT ins.tenant_id, 'bill:' || ins.account_id || ':' || ${month} AS dedupe_key,
               jsonb_build_object('billId', ins.id, 'accountId', ins.account_id, 'month', ${month}) AS payload
        FROM ins`,
    input.issuedAt,
  );
  // A statement of a few hundred milliseconds that PostgreSQL's cost estimates (CTEs) could send to JIT compilation,
  // which alone takes seconds: off for this transaction (PGlite has no JIT; the setting is accepted).
  await db.execute(sql`SET LOCAL jit = off`);
  // OFFSET 0: one probe of bills_account_month_idx per account, not a read of every bill of the month per batch.
  const billedSql = (id: SQL) =>
    sql`EXISTS (SELECT 1 FROM bills x WHERE x.account_id = ${id} AND x.month = ${month} OFFSET 0)`;
  const [row] = await rowsOf<{
    accounts: number;
    created: number;
    ready: number;
    notices: number;
    billed_before: number;
    rest: AccountSummary[] | string;
  }>(
    db,
    sql`WITH batch AS MATERIALIZED (
        SELECT b.*, ${billedSql(sql`b.id`)} AS billed,
               ${soleLevelHeldSql(sql`b.tenant_id`, sql`b.id`, window.start, window.end)} AS sole_level
        FROM (${accountRangeSql(input.afterId, input.lastId, input.createdBefore)}) AS b),
      terms AS (SELECT * FROM jsonb_to_recordset(${terms}::jsonb)
                AS t(level text, base bigint, den numeric, en_before text, en_after text, zh_before text, zh_after text)),
      tiers AS MATERIALIZED (SELECT * FROM jsonb_to_recordset(${tiers}::jsonb) AS x(level text, lo numeric, hi numeric, rate numeric)),
      shapes AS MATERIALIZED (SELECT * FROM jsonb_to_recordset(${shapes}::jsonb)
                AS s(key text, loc text, kind text, level text, sign int, before text, after text)),
      cand AS MATERIALIZED (
        SELECT b.id, b.tenant_id, CASE WHEN b.locale = 'zh-CN' THEN 'zh-CN' ELSE 'en-US' END AS loc, t.*
        FROM batch b JOIN terms t ON t.level = b.sole_level
        WHERE NOT b.billed AND (b.parent_id IS NULL OR b.finance_mode IS DISTINCT FROM 'custody') AND NOT ${hasCustodySubsSql(sql`b.id`)}),
      ord AS MATERIALIZED (
        SELECT c.id AS account_id, o.id AS order_id, o.number, o.amount_minor, o.at, s.kind, s.level, s.sign, s.before, s.after,
               row_number() OVER (PARTITION BY c.id ORDER BY o.at, o.id)::int AS line_no
        FROM cand c CROSS JOIN LATERAL ${settledOrdersOfSql({ tenantId: sql`c.tenant_id`, accountId: sql`c.id` }, window.start, window.end)} AS o
        LEFT JOIN shapes s ON s.key = ${shapeKeySql} AND s.loc = c.loc),
      ready AS MATERIALIZED (
        SELECT c.*, row_number() OVER (ORDER BY c.id) AS n FROM cand c
        WHERE NOT EXISTS (SELECT 1 FROM ord WHERE ord.account_id = c.id AND ord.kind IS NULL)),
      usage AS (
        SELECT r.account_id, sum(${clippedPartSql(first, last)}) AS cons
        FROM usage_records r
        WHERE r.account_id >= ${input.firstId} AND r.account_id <= ${input.lastId}
          AND r.to_date >= ${first} AND r.from_date <= ${last} ${notExcluded(input.excluded)}
        GROUP BY r.account_id),
      priced AS (
        SELECT r.*, coalesce(u.cons, 0)::bigint AS cons,
               (SELECT coalesce(sum(x.rate * (least(coalesce(x.hi, u.cons), u.cons) - x.lo)), 0)
                FROM tiers x WHERE x.level = r.level AND u.cons > x.lo) - r.base * r.den AS over
        FROM ready r LEFT JOIN usage u ON u.account_id = r.id),
      bill AS MATERIALIZED (
        SELECT p.*, i.id AS bill_id,
               CASE WHEN p.over <= 0 THEN 0 ELSE div(2 * p.over + p.den, 2 * p.den) END::bigint AS fee,
               coalesce(o.minor, 0)::bigint AS orders_minor, coalesce(o.lines, 0)::int AS order_lines
        FROM priced p JOIN unnest(${array(input.billIds, 'text')}) WITH ORDINALITY AS i(id, n) ON i.n = p.n
        LEFT JOIN (SELECT account_id, sum(sign * amount_minor) AS minor, count(*) AS lines FROM ord GROUP BY account_id) o
          ON o.account_id = p.id),
      ins AS (
        INSERT INTO bills (id, tenant_id, account_id, month, status, currency, total_minor, consumption_minor, run_id, issued_at)
        SELECT b.bill_id, b.tenant_id, b.id, ${month}, 'issued', ${currency.code}, b.orders_minor + b.fee, b.cons, ${input.runId},
               ${input.issuedAt.toISOString()}::timestamptz
        FROM bill b ORDER BY b.bill_id
        ON CONFLICT (account_id, month) DO NOTHING
        RETURNING id, tenant_id, account_id),
      lines AS (
        INSERT INTO bill_lines (bill_id, line_no, tenant_id, kind, level, days, description, amount_minor, consumption_minor, order_id, period_start, period_end)
        SELECT ins.id, o.line_no, ins.tenant_id, o.kind, o.level, NULL, o.before || o.number || o.after, o.sign * o.amount_minor, NULL, o.order_id, NULL, NULL
        FROM ins JOIN ord o ON o.account_id = ins.account_id
        UNION ALL
        SELECT ins.id, b.order_lines + 1, ins.tenant_id, 'incremental', b.level, ${window.days}::int,
               CASE WHEN b.loc = 'zh-CN' THEN b.zh_before ELSE b.en_before END || ${moneyTextSql(sql`b.cons`, currency)}
                 || CASE WHEN b.loc = 'zh-CN' THEN b.zh_after ELSE b.en_after END,
               b.fee, b.cons, NULL, ${first}, ${last}
        FROM ins JOIN bill b ON b.bill_id = ins.id
        RETURNING 1),
      notices AS (${noticesSql})
      SELECT (SELECT count(*) FROM batch)::int AS accounts,
             (SELECT count(*) FROM ins)::int AS created, (SELECT count(*) FROM bill)::int AS ready,
             (SELECT count(*) FROM lines)::int AS lines, (SELECT count(*) FROM notices)::int AS notices,
             (SELECT count(*) FROM batch b WHERE b.billed)::int AS billed_before,
             (SELECT coalesce(json_agg(json_build_object('id', b.id, 'tenantId', b.tenant_id, 'parentId', b.parent_id,
                       'financeMode', b.finance_mode, 'locale', b.locale) ORDER BY b.id), '[]'::json)
              FROM batch b WHERE NOT b.billed AND NOT EXISTS (SELECT 1 FROM bill WHERE bill.id = b.id)) AS rest`,
  );
  if (!row) throw new Error('month-end batch: no answer');
  input.outbox.noteWritten(Number(row.notices));
  const rest = typeof row.rest === 'string' ? (JSON.parse(row.rest) as AccountSummary[]) : row.rest;
  const created = Number(row.created);
  return {
    accounts: Number(row.accounts),
    created,
    alreadyBilled: Number(row.billed_before) + (Number(row.ready) - created),
    rest,
  };
}
