/**
 * Processing a run (R-OA-1/2), bounded and resumable like the month-end run:
 *
 *   resources  batches of the account's present resources in key order after the run's cursor; each batch is one
 *              transaction that reads the batch's sample statistics in one aggregate per metric (the plan of the run's
 *              metric rules), evaluates the resource checks, upserts the findings and moves the cursor. A batch killed
 *              half-way rolls back and is done again.
 *   account    one transaction: the inventory checks over all resources, the service-baseline checks, resolving the
 *              open findings this run did not see, the summary, and the results notice of a scheduled run.
 *
 * Each step locks the run's row, so two processes (a request and the resume sweep) never do a batch twice.
 */
import { DateTime } from 'luxon';
import type { Db } from '../../../platform/db.js';
import { inTransaction } from '../../../platform/deps.js';
import {
  ADVISOR_DIMENSIONS,
  type AdvisorDimension,
  type AdvisorSeverity,
} from '../../../domain/catalog/advisor-schema.js';
import { evaluateAccount, evaluateInventory, evaluateResources, scopeOf } from '../domain/evaluate.js';
import { emptySummary, type RiskSummary } from '../domain/finding.js';
import { runNotice } from '../domain/notice.js';
import { runnableRules } from '../domain/rules.js';
import { planStatistics } from '../domain/statistics.js';
import type { EffectiveRule, ResourceStats } from '../domain/types.js';
import type { AdvisorDeps } from '../ports.js';
import { recordFindings, resolveUnseen, runTotals } from '../store/finding-store.js';
import { inventoryOf, resourceBatch } from '../store/resource-store.js';
import { lockRun, updateRun, type RunRow } from '../store/run-store.js';
import { statisticsOf } from '../store/sample-store.js';
import { eventsOf } from '../store/settings-store.js';
import { rulesOfRun } from './open-run.js';

/**
 * Resources a batch evaluates in one transaction. Large on purpose: each batch's aggregate reads its resources'
 * samples, and where one account holds most of the samples table PostgreSQL reads the whole table for each batch
 * (at 2,500 a run over 10,000 resources read it four times: 3.7× one aggregate over the same samples; at 10,000 once).
 * A batch's statistics and findings stay a few MB.
 */
export const DEFAULT_RUN_BATCH = 10_000;

export interface ProcessOptions {
  readonly batchSize?: number;
  readonly onProgress?: (run: RunRow) => void;
}

/** Dimensions none of whose rules the run's level includes (cost below business): "not included", not "no risk". */
export function unavailableDimensions(rules: readonly EffectiveRule[]): AdvisorDimension[] {
  return ADVISOR_DIMENSIONS.filter((d) => {
    const of = rules.filter((r) => r.rule.dimension === d);
    return of.length > 0 && of.every((r) => !r.available);
  });
}

export function consoleLink(publicUrl: string | null, accountId: string, runId: string): string | null {
  if (!publicUrl) return null;
  return `${publicUrl.replace(/\/+$/, '')}/advisor/history/${encodeURIComponent(runId)}?account=${encodeURIComponent(accountId)}`;
}

async function resourcesStep(deps: AdvisorDeps, tx: Db, run: RunRow, rules: EffectiveRule[], batchSize: number) {
  const batch = await resourceBatch(tx, run.accountId, run.cursor, batchSize);
  if (!batch.length) return updateRun(tx, run.id, { phase: 'account', updatedAt: deps.clock.now() });
  const active = runnableRules(rules).filter((r) => scopeOf(r) === 'resource');
  const plan = planStatistics(active, run.at);
  const byKey = await statisticsOf(
    tx,
    run.tenantId,
    batch.map((r) => r.key),
    plan,
  );
  const stats = new Map<string, ResourceStats>();
  for (const r of batch) {
    const s = byKey.get(r.key);
    if (s) stats.set(r.id, s);
  }
  await recordFindings(tx, run, evaluateResources(active, batch, stats));
  return updateRun(tx, run.id, {
    cursor: batch[batch.length - 1]!.key,
    resourcesDone: run.resourcesDone + batch.length,
    updatedAt: deps.clock.now(),
  });
}

async function accountStep(deps: AdvisorDeps, tx: Db, run: RunRow, rules: EffectiveRule[]) {
  const account = await deps.ports.account(tx, run.accountId, run.at);
  const active = runnableRules(rules);
  if (account) {
    const inventoryRules = active.filter((r) => scopeOf(r) === 'inventory');
    const accountRules = active.filter((r) => scopeOf(r) === 'account');
    const found = inventoryRules.length ? evaluateInventory(inventoryRules, await inventoryOf(tx, run.accountId)) : [];
    if (accountRules.length) {
      const [contacts, serviceRequests, events] = await Promise.all([
        deps.ports.contactCount(tx, account),
        deps.ports.serviceRequestFacts(tx, account.id),
        eventsOf(tx, account.id),
      ]);
      const today = DateTime.fromJSDate(run.at, { zone: account.timeZone }).toISODate()!;
      found.push(
        ...evaluateAccount(
          accountRules,
          {
            contacts,
            levelFeatures: account.levelFeatures,
            events: events.map((e) => ({ id: e.id, name: e.name, start: e.startDate, end: e.endDate })),
            serviceRequests,
          },
          today,
          run.at,
        ),
      );
    }
    await recordFindings(tx, run, found);
  }
  const resolved = await resolveUnseen(tx, run);
  const totals = await runTotals(tx, run.id);
  const summary: RiskSummary = emptySummary();
  let findings = 0;
  for (const t of totals.byKind) {
    const d = summary[t.dimension as AdvisorDimension];
    if (d && t.severity in d) d[t.severity as AdvisorSeverity] += t.n;
    findings += t.n;
  }
  const now = deps.clock.now();
  const done = await updateRun(tx, run.id, {
    status: 'completed',
    phase: 'done',
    findings,
    opened: totals.opened,
    resolved,
    summary,
    updatedAt: now,
    finishedAt: now,
  });
  if (account && run.mailTo) {
    // R-OA-2: the results of a scheduled check, once per run.
    const notice = runNotice({
      runId: run.id,
      accountName: account.name,
      summary,
      opened: totals.opened,
      resolved,
      unavailable: unavailableDimensions(rules),
      link: consoleLink(deps.config.publicUrl, account.id, run.id),
    });
    await deps.outbox.enqueue(
      tx,
      deps.ports.notice({
        account,
        to: run.mailTo,
        kind: 'advisor.run_completed',
        dedupeKey: `advisor:run:${run.id}`,
        title: notice.title,
        body: notice.body,
        data: { runId: run.id, accountId: account.id, findings, opened: totals.opened, resolved },
      }),
      now,
    );
  }
  return done;
}

/** Processes a run to its end (or returns at once when it is completed); returns the completed run. */
export async function processRun(deps: AdvisorDeps, runId: string, opts: ProcessOptions = {}): Promise<RunRow> {
  const batchSize = Math.max(1, opts.batchSize ?? DEFAULT_RUN_BATCH);
  for (;;) {
    const run = await inTransaction(
      deps,
      async (tx) => {
        const locked = await lockRun(tx, runId);
        if (locked.status === 'completed') return locked;
        const rules = rulesOfRun(deps, locked);
        return locked.phase === 'resources'
          ? resourcesStep(deps, tx, locked, rules, batchSize)
          : accountStep(deps, tx, locked, rules);
      },
      { keepsPlans: true },
    );
    opts.onProgress?.(run);
    if (run.status === 'completed') return run;
  }
}
