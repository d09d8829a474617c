/**
 * The month-end run (R-BIL-2/3): bills every account for one consumption month, set-based and resumable.
 *
 *   1. open    the run row of (month, scope) under the month's advisory lock: records of the month are refused from
 *              now on (record-usage.ts), so what the run reads stays true; a running row is resumed, a completed
 *              one is left alone by the schedule and checked again by an explicit re-run.
 *   2. bills   batches of accounts in id order after the row's cursor; each batch is one transaction: the batch's id
 *              span (a batch billed already, as in a re-run, writes nothing but the cursor), then one statement
 *              (store/month-end-batch.ts) that bills the accounts holding one usage-billed level all month — sums
 *              their usage in one GROUP BY over the span, computes the fees in integers, writes bills, lines and
 *              notices with INSERT … SELECT, the texts from domain/whole-month.ts — and answers with the others
 *              (level changes, partial months, custody), which billBatch bills from plan history, settled orders
 *              and sharing read for them at once (one query each) and `draftBill`; then the cursor moves. A batch
 *              killed half-way rolls back and is done again; the unique (account, month) index makes a bill exist
 *              at most once whatever happens.
 */
import type { Db } from '../../../platform/db.js';
import type { Deps } from '../../../platform/deps.js';
import { inTransaction } from '../../../platform/deps.js';
import { DomainError, notFound } from '../../../platform/errors.js';
import { newId } from '../../../platform/ids.js';
import type { OutboxEffect } from '../../../platform/outbox.js';
import {
  accountSummaries,
  countAccountsCreatedBefore,
  custodySubsOf,
  type AccountSummary,
} from '../../accounts/index.js';
import {
  heldLevelsBetween,
  settledOrdersBetween,
  sharingSwitchesBefore,
  type HeldLevelFact,
} from '../../subscriptions/index.js';
import { draftBill, usageBilledPricing, type SegmentConsumption } from '../domain/bill.js';
import { monthWindow, type MonthWindow } from '../domain/month.js';
import { excludedCategories } from '../domain/usage-record.js';
import { BILL_NOTICE_TOPIC } from '../domain/notice.js';
import { dayRanges, levelByDay, segmentsOf, sharedByDay, type Segment } from '../domain/segments.js';
import { billedAccounts, insertBills, type NewBill } from '../store/bill-store.js';
import { findRun, insertRun, lockMonthExclusive, lockRun, updateRun, type RunRow } from '../store/run-store.js';
import { monthTotalsInRange, segmentConsumption, type SegmentUsageSpec } from '../store/usage-store.js';
import {
  billWholeMonthBatch,
  monthOrderShapes,
  nextBatchSpan,
  type OrderShape,
  type WholeMonthBatchInput,
} from '../store/month-end-batch.js';
import { orderShapeParts, wholeMonthTerms } from '../domain/whole-month.js';

export const DEFAULT_BATCH_SIZE = 5000;

export interface RunProgress {
  readonly month: string;
  readonly phase: 'bills' | 'done';
  readonly accountsDone: number;
  readonly accountsTotal: number;
  readonly billsCreated: number;
  readonly alreadyBilled: number;
}

export interface RunMonthOptions {
  readonly month: string;
  /** Bill one account only (scope `account:<id>`). */
  readonly accountId?: string | null;
  /**
   * schedule and api (POST /api/v1/billing/runs): a completed month is left alone; cli: a completed month is checked
   * again (a new pass).
   */
  readonly trigger: 'schedule' | 'api' | 'cli';
  /** When the run happens: the month must have ended. Bills are stamped with it. */
  readonly now: Date;
  readonly batchSize?: number;
  readonly onProgress?: (p: RunProgress) => void;
  /** Asked before each batch: true stops the pass there (its row stays running and is resumed later). */
  readonly stopRequested?: () => boolean;
}

export interface RunSummary extends RunProgress {
  readonly runId: string;
  /** Bills this call created (the counters above are the pass's, which a resumed or concurrent call shares). */
  readonly createdNow: number;
  readonly resumed: boolean;
  /** The schedule found the month completed already. */
  readonly alreadyCompleted: boolean;
}

function progressOf(run: RunRow, phase: RunProgress['phase']): RunProgress {
  return {
    month: run.month,
    phase,
    accountsDone: run.accountsDone,
    accountsTotal: run.accountsTotal,
    billsCreated: run.billsCreated,
    alreadyBilled: run.alreadyBilled,
  };
}

/** Finds, resumes or starts the run row; null when the schedule finds the month completed. */
async function openRun(
  deps: Deps,
  opts: RunMonthOptions,
  window: MonthWindow,
  scope: string,
): Promise<{ run: RunRow; resumed: boolean } | { completed: RunRow }> {
  return inTransaction(
    deps,
    async (tx) => {
      await lockMonthExclusive(tx, window.month);
      const existing = await findRun(tx, window.month, scope, { forUpdate: true });
      const total = scope === 'all' ? await countAccountsCreatedBefore(tx, window.end) : 1;
      if (existing?.status === 'running') return { run: existing, resumed: true };
      if (existing && opts.trigger !== 'cli') return { completed: existing };
      const counters = {
        cursor: null,
        accountsTotal: total,
        accountsDone: 0,
        billsCreated: 0,
        alreadyBilled: 0,
        updatedAt: opts.now,
        finishedAt: null,
      };
      if (existing) {
        // A re-run of a completed month: a new pass over every account (its records are still closed, so its sums hold).
        return {
          run: await updateRun(tx, existing.id, {
            ...counters,
            status: 'running',
            phase: 'bills',
            passes: existing.passes + 1,
            trigger: opts.trigger,
          }),
          resumed: false,
        };
      }
      const run = await insertRun(tx, {
        id: newId('run', opts.now.getTime()),
        month: window.month,
        scope,
        status: 'running',
        phase: 'bills',
        trigger: opts.trigger,
        startedAt: opts.now,
        ...counters,
      });
      return { run, resumed: false };
    },
    { keepsPlans: true },
  );
}

function endedWindow(deps: Deps, month: string, now: Date): MonthWindow {
  const window = monthWindow(month, deps.catalog.timeZone);
  if (window.end.getTime() > now.getTime()) {
    throw new DomainError(
      'INVALID_STATE',
      { month, endsAt: window.end.toISOString(), now: now.toISOString() },
      `The month ${month} has not ended yet.`,
    );
  }
  return window;
}

/**
 * Opens (or finds) the run over all accounts of an ended month without billing anything: POST /api/v1/billing/runs
 * answers with this row and bills in the background with `runMonth`, which resumes it.
 */
export async function openMonthRun(
  deps: Deps,
  opts: { month: string; now: Date; trigger: 'api' | 'schedule' },
): Promise<RunRow> {
  const window = endedWindow(deps, opts.month, opts.now);
  const opened = await openRun(deps, { ...opts }, window, 'all');
  return 'completed' in opened ? opened.completed : opened.run;
}

export async function runMonth(deps: Deps, opts: RunMonthOptions): Promise<RunSummary> {
  const window = endedWindow(deps, opts.month, opts.now);
  let single: AccountSummary | null = null;
  if (opts.accountId) {
    single = (await accountSummaries(deps.db, [opts.accountId]))[0] ?? null;
    if (!single) throw notFound('account', opts.accountId);
  }
  const scope = single ? `account:${single.id}` : 'all';
  const opened = await openRun(deps, opts, window, scope);
  if ('completed' in opened)
    return {
      ...progressOf(opened.completed, 'done'),
      runId: opened.completed.id,
      createdNow: 0,
      resumed: false,
      alreadyCompleted: true,
    };
  let run = opened.run;
  const batchSize = Math.max(1, opts.batchSize ?? DEFAULT_BATCH_SIZE);
  const excluded = excludedCategories(deps.catalog.def.subscription.excludedUsageCategories);

  const terms = wholeMonthTerms(deps.catalog, window);
  /** The line parts of the month's order shapes, read at the first batch with bills to write. */
  let shapes: WholeMonthBatchInput['shapes'] | undefined;
  const shapePartsOf = (shape: OrderShape) =>
    orderShapeParts(deps.catalog, shape).map((p) => ({ key: shape.key, ...p }));
  const completeRun = (tx: Db) =>
    updateRun(tx, run.id, { status: 'completed', phase: 'done', updatedAt: opts.now, finishedAt: opts.now });

  let createdNow = 0;

  for (;;) {
    if (opts.stopRequested?.()) break;
    const step = await inTransaction(
      deps,
      async (tx) => {
        const locked = await lockRun(tx, run.id);
        if (locked.status === 'completed') return { run: locked, done: true, created: 0 };
        if (!single) {
          // Set-based: the batch's whole-month accounts in one statement, the others through billBatch.
          const range = { afterId: locked.cursor, createdBefore: window.end, limit: batchSize };
          const span = await nextBatchSpan(tx, range, window.month);
          if (!span.firstId || !span.lastId) return { run: await completeRun(tx), done: true, created: 0 };
          if (span.billed === span.accounts) {
            // Billed already (a re-run): nothing to write but the cursor.
            const next = await updateRun(tx, run.id, {
              cursor: span.lastId,
              accountsDone: locked.accountsDone + span.accounts,
              alreadyBilled: locked.alreadyBilled + span.billed,
              updatedAt: opts.now,
            });
            return { run: next, done: false, created: 0 };
          }
          const fast = await billWholeMonthBatch(tx, {
            afterId: locked.cursor,
            firstId: span.firstId,
            lastId: span.lastId,
            createdBefore: window.end,
            window,
            excluded,
            terms,
            shapes: (shapes ??= (await monthOrderShapes(tx, window)).flatMap((shape) => shapePartsOf(shape))),
            billIds: Array.from({ length: span.accounts }, () => newId('bil', opts.now.getTime())),
            runId: locked.id,
            currency: deps.catalog.currency,
            issuedAt: opts.now,
            outbox: deps.outbox,
            noticeTopic: BILL_NOTICE_TOPIC,
          });
          const general = fast.rest.length
            ? await billBatch(deps, tx, { window, run: locked, accounts: fast.rest, excluded, now: opts.now })
            : { created: 0, alreadyBilled: 0 };
          const created = fast.created + general.created;
          const next = await updateRun(tx, run.id, {
            cursor: span.lastId,
            accountsDone: locked.accountsDone + fast.accounts,
            billsCreated: locked.billsCreated + created,
            alreadyBilled: locked.alreadyBilled + fast.alreadyBilled + general.alreadyBilled,
            updatedAt: opts.now,
          });
          return { run: next, done: false, created };
        }
        const batch = locked.cursor ? [] : [single];
        if (!batch.length) return { run: await completeRun(tx), done: true, created: 0 };
        const { created, alreadyBilled } = await billBatch(deps, tx, {
          window,
          run: locked,
          accounts: batch,
          excluded,
          now: opts.now,
        });
        const next = await updateRun(tx, run.id, {
          cursor: batch[batch.length - 1]!.id,
          accountsDone: locked.accountsDone + batch.length,
          billsCreated: locked.billsCreated + created,
          alreadyBilled: locked.alreadyBilled + alreadyBilled,
          updatedAt: opts.now,
        });
        return { run: next, done: false, created };
      },
      { keepsPlans: true },
    );
    run = step.run;
    createdNow += step.created;
    opts.onProgress?.(progressOf(run, step.done ? 'done' : 'bills'));
    if (step.done) break;
  }
  return { ...progressOf(run, 'done'), runId: run.id, createdNow, resumed: opened.resumed, alreadyCompleted: false };
}

interface BatchInput {
  readonly window: MonthWindow;
  readonly run: RunRow;
  /** In id order. */
  readonly accounts: readonly AccountSummary[];
  readonly excluded: readonly string[];
  readonly now: Date;
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = out.get(k);
    if (group) group.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** Bills one batch inside the caller's transaction; returns how many bills it created and how many existed. */
async function billBatch(deps: Deps, tx: Db, input: BatchInput): Promise<{ created: number; alreadyBilled: number }> {
  const { window, run, now, excluded } = input;
  const catalog = deps.catalog;
  const billed = await billedAccounts(
    tx,
    window.month,
    input.accounts.map((a) => a.id),
  );
  const toBill = input.accounts.filter((a) => !billed.has(a.id));
  if (!toBill.length) return { created: 0, alreadyBilled: billed.size };

  // R-ACC-2 custody: a master bills its custody subs' consumption on the days its plan was shared; those days are
  // not the sub's own. Load both sides of every custody relation touching the batch.
  const subsOf = await custodySubsOf(
    tx,
    toBill.map((a) => a.id),
  );
  const mastersOfSubs = [
    ...new Set(toBill.filter((a) => a.parentId && a.financeMode === 'custody').map((a) => a.parentId!)),
  ];
  const masters = [...new Set([...subsOf.keys(), ...mastersOfSubs])];
  const switches = groupBy(await sharingSwitchesBefore(tx, masters, window.end), (s) => s.masterId);
  const sharedDays = new Map([...switches].map(([m, s]) => [m, sharedByDay(s, window)]));
  const masterRefs = (
    await accountSummaries(
      tx,
      mastersOfSubs.filter((m) => !toBill.some((a) => a.id === m)),
    )
  ).map((a) => ({ id: a.id, tenantId: a.tenantId }));
  const history = groupBy<HeldLevelFact>(
    await heldLevelsBetween(tx, [...toBill, ...masterRefs], window.start, window.end),
    (h) => h.accountId,
  );
  const ordersOf = groupBy(await settledOrdersBetween(tx, toBill, window.start, window.end), (o) => o.accountId);
  const daysOf = (id: string) => levelByDay(history.get(id) ?? [], window);
  /** Days the master's plan covered the sub (shared at some moment of the day and the master held a paid level). */
  const coveredByMaster = (masterId: string, masterDays: (string | null)[]) => {
    const shared = sharedDays.get(masterId);
    return (d: number) => !!shared?.[d] && masterDays[d] !== null;
  };

  const plans = toBill.map((account) => {
    let own = daysOf(account.id);
    if (account.parentId && account.financeMode === 'custody' && sharedDays.has(account.parentId)) {
      const covered = coveredByMaster(account.parentId, daysOf(account.parentId));
      own = own.map((level, d) => (covered(d) ? null : level));
    }
    const segments = segmentsOf(own).filter((s) => usageBilledPricing(catalog, s.level) !== null);
    const specs: SegmentUsageSpec[] = [];
    const subs = sharedDays.has(account.id) ? (subsOf.get(account.id) ?? []) : [];
    const covered = coveredByMaster(account.id, own);
    segments.forEach((seg, k) => {
      const spec = (usageAccountId: string, r: { first: number; last: number }) =>
        specs.push({
          billAccountId: account.id,
          segment: k,
          usageAccountId,
          firstDate: window.dates[r.first]!,
          lastDate: window.dates[r.last]!,
        });
      spec(account.id, { first: seg.firstDay, last: seg.lastDay });
      for (const sub of subs) for (const r of dayRanges(seg.firstDay, seg.lastDay, covered)) spec(sub, r);
    });
    const isWholeMonth =
      segments.length === 1 &&
      specs.length === 1 &&
      segments[0]!.firstDay === 0 &&
      segments[0]!.lastDay === window.days - 1;
    return { account, segments, specs: isWholeMonth ? [] : specs, isWholeMonth };
  });

  const whole = plans.filter((p) => p.isWholeMonth);
  const totals = whole.length
    ? await monthTotalsInRange(tx, window, excluded, whole[0]!.account.id, whole[whole.length - 1]!.account.id)
    : new Map<string, bigint>();
  const sums = await segmentConsumption(
    tx,
    plans.flatMap((p) => p.specs),
    excluded,
  );
  const newBills: NewBill[] = [];
  for (const p of plans) {
    const segments: SegmentConsumption[] = p.segments.map((s: Segment, k) => ({
      ...s,
      consumptionMinor: p.isWholeMonth ? (totals.get(p.account.id) ?? 0n) : (sums.get(`${p.account.id}/${k}`) ?? 0n),
    }));
    const draft = draftBill({
      catalog,
      window,
      locale: p.account.locale,
      orders: ordersOf.get(p.account.id) ?? [],
      segments,
    });
    if (!draft) continue;
    newBills.push({
      id: newId('bil', now.getTime()),
      tenantId: p.account.tenantId,
      accountId: p.account.id,
      month: window.month,
      currency: catalog.currency.code,
      totalMinor: draft.totalMinor,
      consumptionMinor: draft.consumptionMinor,
      runId: run.id,
      lines: draft.lines,
    });
  }
  const inserted = await insertBills(tx, newBills, now);
  // R-NTF-1: a bill notice per new bill, once ever (dedupe key bill:<account>:<month>); its handler applies the
  // notification policy (message center, email…) with the account's plan when it is dispatched.
  const notices: OutboxEffect[] = inserted.map((b) => ({
    topic: BILL_NOTICE_TOPIC,
    dedupeKey: `bill:${b.accountId}:${b.month}`,
    tenantId: b.tenantId,
    payload: { billId: b.id, accountId: b.accountId, month: b.month },
  }));
  await deps.outbox.enqueue(tx, notices, now);
  return { created: inserted.length, alreadyBilled: billed.size + (newBills.length - inserted.length) };
}
