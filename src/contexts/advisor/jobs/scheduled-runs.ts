/**
 * `advisor.scheduled-runs` (R-OA-2 自动巡检): schedules due at or before `now` (their `next_run_at`, stored — deadlines
 * are data), earliest first in bounded batches. Each due schedule gets one run stamped with its due instant (unique
 * per account and instant: a repeated tick creates nothing), mailed when done, and moves to its next local time after
 * `now` (a schedule that missed several times while the server was down runs once). A schedule of an account that
 * withdrew its authorization stops; one whose level no longer includes the advisor is skipped until it does.
 */
import { inTransaction } from '../../../platform/deps.js';
import type { Sweep } from '../../../platform/scheduler.js';
import { advisorEntitlement } from '../domain/rules.js';
import { nextRunAt } from '../domain/schedule.js';
import type { AdvisorDeps } from '../ports.js';
import { lockAccountRuns, runningRunOf } from '../store/run-store.js';
import { dueSchedules, findSettings, nextScheduleAt, saveSettings } from '../store/settings-store.js';
import { openRun } from '../use-cases/open-run.js';
import { trackedProcess, type RunTracker } from '../use-cases/runs.js';

const BATCH = 100;

export function scheduledRunsSweep(deps: AdvisorDeps, tracker: RunTracker): Sweep {
  async function runOne(accountId: string, now: Date): Promise<string | null> {
    // A run of the account still going (a manual one) finishes first: one check of an account at a time.
    const running = await runningRunOf(deps.db, accountId);
    if (running) await trackedProcess(deps, tracker, running.id);
    return inTransaction(
      deps,
      async (tx) => {
        await lockAccountRuns(tx, accountId);
        const s = await findSettings(tx, accountId, { forUpdate: true });
        if (!s?.nextRunAt || s.nextRunAt.getTime() > now.getTime()) return null;
        const due = s.nextRunAt;
        const account = await deps.ports.account(tx, accountId, due);
        const stop = !account || !s.authorizedAt || !s.scheduleEnabled;
        const next = stop
          ? null
          : nextRunAt({ every: s.every as 'day' | 'week', at: s.atTime, weekday: s.weekday }, now, account.timeZone);
        await saveSettings(tx, accountId, s.tenantId, {
          nextRunAt: next,
          updatedAt: now,
          ...(stop ? { scheduleEnabled: false } : {}),
        });
        if (stop || !advisorEntitlement(deps.catalog.def.advisor, account.levelFeatures).included) {
          deps.log.info({ accountId, due, stop }, 'advisor schedule skipped');
          return null;
        }
        const run = await openRun(
          deps,
          tx,
          {
            account,
            trigger: 'schedule',
            at: due,
            scheduledFor: due,
            requestedBy: null,
            mailTo: s.email ?? account.email,
          },
          now,
        );
        return run?.id ?? null;
      },
      { keepsPlans: true },
    );
  }

  return {
    name: 'advisor.scheduled-runs',
    async run(now) {
      let handled = 0;
      for (;;) {
        const due = await dueSchedules(deps.db, now, BATCH);
        if (!due.length) return handled;
        for (const s of due) {
          const runId = await runOne(s.accountId, now);
          if (runId) await trackedProcess(deps, tracker, runId);
          handled++;
        }
      }
    },
    nextDue: () => nextScheduleAt(deps.db),
  };
}
