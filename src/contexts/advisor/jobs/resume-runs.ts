/**
 * `advisor.resume-runs`: runs left running by a process that stopped mid-run are finished (each batch is its own
 * transaction and the cursor is stored, so a run resumes where its last committed batch ended). Runs this process is
 * working on are left to it.
 */
import type { Sweep } from '../../../platform/scheduler.js';
import type { AdvisorDeps } from '../ports.js';
import { runningRuns } from '../store/run-store.js';
import { trackedProcess, type RunTracker } from '../use-cases/runs.js';

export function resumeRunsSweep(deps: AdvisorDeps, tracker: RunTracker): Sweep {
  return {
    name: 'advisor.resume-runs',
    async run() {
      let finished = 0;
      for (const run of await runningRuns(deps.db, 20)) {
        if (tracker.active.has(run.id)) continue;
        await trackedProcess(deps, tracker, run.id);
        finished++;
      }
      return finished;
    },
  };
}
