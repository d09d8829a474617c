/**
 * `advisor.retention` (seed 000 §1.5.19 "对上述数据保存1个月"): deletes samples, resources not observed in a month,
 * resource changes, completed runs and findings dated before now minus one month. Due when the oldest thing kept
 * turns a month old, rounded up to the next UTC midnight (one step a day at most for the test clock).
 */
import { inTransaction } from '../../../platform/deps.js';
import type { Sweep } from '../../../platform/scheduler.js';
import { expiresAt, retentionCutoff } from '../domain/retention.js';
import type { AdvisorDeps } from '../ports.js';
import {
  accountsWithOldSamples,
  deleteOldHistory,
  deleteOldSamples,
  deleteStaleResources,
  oldestRetained,
} from '../store/retention-store.js';

const DAY_MS = 86_400_000;

export function retentionSweep(deps: AdvisorDeps): Sweep {
  return {
    name: 'advisor.retention',
    async run(now) {
      const cutoff = retentionCutoff(now);
      let deleted = 0;
      for (;;) {
        const accounts = await accountsWithOldSamples(deps.db, cutoff, 100);
        let samples = 0;
        for (const accountId of accounts)
          samples += await inTransaction(deps, (tx) => deleteOldSamples(tx, accountId, cutoff), { keepsPlans: true });
        deleted += samples;
        // Sample days on the cutoff's own day stay (their later samples are kept); stop when a pass finds nothing new.
        if (accounts.length < 100 || samples === 0) break;
      }
      deleted += await inTransaction(
        deps,
        async (tx) => (await deleteStaleResources(tx, cutoff)) + (await deleteOldHistory(tx, cutoff)),
        { keepsPlans: true },
      );
      if (deleted) deps.log.info({ cutoff, deleted }, 'advisor retention');
      return deleted;
    },
    async nextDue() {
      const oldest = await oldestRetained(deps.db);
      if (!oldest) return null;
      const at = expiresAt(oldest).getTime();
      return new Date(Math.ceil(at / DAY_MS) * DAY_MS);
    },
  };
}
