/**
 * The month-end run from the API (issue 13): POST /api/v1/billing/runs opens the run over all accounts of an ended
 * month and bills it in the background, batch by batch (`runMonth`, resumable and idempotent); GET
 * /api/v1/billing/runs/{month} reads its progress from the run row. Provider admins and billing operators
 * (`billing.run` in the role table).
 *
 * A second POST while the month runs answers the same run (and resumes it in this process if nothing here is
 * billing it, e.g. after a restart); after it completed it answers the completed run and bills nothing again.
 */
import type { Deps } from '../../../platform/deps.js';
import { notFound } from '../../../platform/errors.js';
import { authorize, mayDo } from '../../../platform/http/authorize.js';
import type { Principal } from '../../../platform/http/principal.js';
import { findRun, type RunRow } from '../store/run-store.js';
import { openMonthRun, runMonth } from './run-month.js';

export interface BillingRunView {
  readonly month: string;
  readonly status: 'running' | 'completed';
  readonly accountsDone: number;
  readonly accountsTotal: number;
  readonly billsCreated: number;
  readonly startedAt: string;
  readonly completedAt: string | null;
}

export function runView(run: RunRow): BillingRunView {
  return {
    month: run.month,
    status: run.status === 'completed' ? 'completed' : 'running',
    accountsDone: run.accountsDone,
    accountsTotal: run.accountsTotal,
    billsCreated: run.billsCreated,
    startedAt: run.startedAt.toISOString(),
    completedAt: run.finishedAt ? run.finishedAt.toISOString() : null,
  };
}

/** The runs this process is billing, by month; the module's close stops them after their batch in hand. */
export class BackgroundRuns {
  private readonly inFlight = new Map<string, Promise<void>>();
  private stopping = false;

  constructor(
    private readonly deps: Deps,
    private readonly batchSize?: number,
  ) {}

  /** Bills `month` in the background unless this process already does. */
  ensure(month: string): void {
    if (this.stopping || this.inFlight.has(month)) return;
    const { deps } = this;
    const done = runMonth(deps, {
      month,
      trigger: 'api',
      now: deps.clock.now(),
      stopRequested: () => this.stopping,
      ...(this.batchSize ? { batchSize: this.batchSize } : {}),
    })
      .then((s) => {
        deps.log.info({ month, bills: s.createdNow, accounts: s.accountsDone }, 'month-end billing run (api) done');
      })
      .catch((err: unknown) => {
        // The row stays running: the next POST (or the scheduled sweep) resumes it.
        deps.log.error({ err, month }, 'month-end billing run (api) failed');
      })
      .finally(() => this.inFlight.delete(month));
    this.inFlight.set(month, done);
  }

  /** Stops after the batch in hand (the rows stay running; a later POST or the sweep resumes them). */
  async stop(): Promise<void> {
    this.stopping = true;
    while (this.inFlight.size) await Promise.all(this.inFlight.values());
  }
}

export async function startBillingRun(
  deps: Deps,
  runs: BackgroundRuns,
  principal: Principal,
  input: { month: string },
): Promise<BillingRunView> {
  authorize(principal, 'billing.run');
  const run = await openMonthRun(deps, { month: input.month, now: deps.clock.now(), trigger: 'api' });
  if (run.status !== 'completed') runs.ensure(run.month);
  return runView(run);
}

export async function getBillingRun(deps: Deps, principal: Principal, month: string): Promise<BillingRunView> {
  // Runs are staff objects: a caller whose role may never use them cannot see one (NOT_FOUND before FORBIDDEN).
  const run = mayDo(principal.role, 'billing.run') ? await findRun(deps.db, month, 'all') : undefined;
  if (!run) throw notFound('billingRun', month);
  return runView(run);
}
