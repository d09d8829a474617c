/**
 * Runs (R-OA-2): POST …/advisor/runs starts a manual check and answers when it is done (it is bounded and
 * resumable: a run interrupted by a stop is finished by the resume sweep); GET lists the month of history.
 */
import { inTransaction } from '../../../platform/deps.js';
import { notFound } from '../../../platform/errors.js';
import type { Principal } from '../../../platform/http/principal.js';
import { pageOf, type Page, type TPageQuery } from '../../../platform/pagination.js';
import type { AdvisorDeps } from '../ports.js';
import { findRun, listRuns } from '../store/run-store.js';
import { findSettings } from '../store/settings-store.js';
import { readableAccount, requireAdvisor, requireAuthorized } from './access.js';
import { openRun } from './open-run.js';
import { processRun } from './process-run.js';
import { runView, type RunView } from './views.js';

export interface RunTracker {
  /** Runs this process is working on (the resume sweep leaves them alone). */
  readonly active: Set<string>;
}

export async function trackedProcess(deps: AdvisorDeps, tracker: RunTracker, runId: string) {
  tracker.active.add(runId);
  try {
    return await processRun(deps, runId);
  } finally {
    tracker.active.delete(runId);
  }
}

export async function startRun(
  deps: AdvisorDeps,
  tracker: RunTracker,
  principal: Principal,
  accountId: string,
): Promise<RunView> {
  const account = await readableAccount(deps, principal, accountId);
  requireAdvisor(deps, account);
  requireAuthorized(await findSettings(deps.db, account.id));
  const now = deps.clock.now();
  const run = await inTransaction(
    deps,
    (tx) =>
      openRun(
        deps,
        tx,
        { account, trigger: 'manual', at: now, scheduledFor: null, requestedBy: principal.id, mailTo: null },
        now,
      ),
    { keepsPlans: true },
  );
  return runView(deps, await trackedProcess(deps, tracker, run!.id));
}

export async function listAccountRuns(
  deps: AdvisorDeps,
  principal: Principal,
  accountId: string,
  query: TPageQuery,
): Promise<Page<RunView>> {
  const account = await readableAccount(deps, principal, accountId);
  const { items, total } = await listRuns(deps.db, account.id, {
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return pageOf(
    items.map((r) => runView(deps, r)),
    query,
    total,
  );
}

export async function getRun(
  deps: AdvisorDeps,
  principal: Principal,
  accountId: string,
  runId: string,
): Promise<RunView> {
  const account = await readableAccount(deps, principal, accountId);
  const run = await findRun(deps.db, account.id, runId);
  if (!run) throw notFound('run', runId);
  return runView(deps, run);
}
