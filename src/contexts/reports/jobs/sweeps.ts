/**
 * `reports.plan`: at the start of each month in the provider's time zone, plan the month that ended (from the month
 * the server started reporting in, a setting written once); a plan killed half-way resumes at the next tick.
 * `reports.send`: make and queue every report whose send instant has come. Both give the test clock their next due
 * instant, so `PUT /test-clock` stops at each.
 */
import type { Sweep } from '../../../platform/scheduler.js';
import { getSetting, setSetting } from '../../../platform/settings.js';
import { nextMonth } from '../domain/due.js';
import { monthAt, monthBounds } from '../domain/schedule.js';
import type { ReportsDeps } from '../ports.js';
import { completedPlans, nextScheduled } from '../store/report-store.js';
import type { ReportsRuntime } from '../use-cases/generate-report.js';
import { planMonth, sendDue } from '../use-cases/schedule.js';

const SINCE_SETTING = 'reports_since';

export function planSweep(deps: ReportsDeps): Sweep {
  const zone = deps.catalog.timeZone;
  let since: string | null = null;
  const firstMonth = async () => {
    if (since) return since;
    const stored = await getSetting<string>(deps.db, SINCE_SETTING);
    if (stored) return (since = stored);
    const month = monthAt(deps.clock.now(), zone);
    await setSetting(deps.db, SINCE_SETTING, month);
    return (since = month);
  };
  const earliestOpen = async () => {
    const done = await completedPlans(deps.db);
    let month = await firstMonth();
    while (done.has(month)) month = nextMonth(month);
    return month;
  };
  return {
    name: 'reports.plan',
    async run(now) {
      let scheduled = 0;
      for (let month = await earliestOpen(); monthBounds(month, zone).toAt <= now; month = nextMonth(month)) {
        const r = await planMonth(deps, month, monthBounds(month, zone).toAt);
        scheduled += r.scheduled;
        deps.log.info({ month, scheduled: r.scheduled, accounts: r.accounts }, 'monthly reports planned');
      }
      return scheduled;
    },
    async nextDue() {
      return monthBounds(await earliestOpen(), zone).toAt;
    },
  };
}

export function sendSweep(deps: ReportsDeps, runtime: ReportsRuntime): Sweep {
  return {
    name: 'reports.send',
    run: (now) => sendDue(deps, runtime, now),
    nextDue: () => nextScheduled(deps.db),
  };
}
