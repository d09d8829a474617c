/**
 * `billing.month-end` (R-BIL-2): at the start of each month in the provider's time zone, the run of the month that
 * ended. Due instants are data: the first month is the one billing started in (a setting written once), and the next
 * due instant is the end of the earliest month without a completed run, so the test clock stops there and pg-boss
 * ticks catch up after downtime. A run killed half-way is resumed by the next tick (its row is still running).
 */
import type { Deps } from '../../../platform/deps.js';
import type { Sweep } from '../../../platform/scheduler.js';
import { getSetting, setSetting } from '../../../platform/settings.js';
import { addMonths, monthOf, monthWindow } from '../domain/month.js';
import { completedMonths } from '../store/run-store.js';
import { runMonth } from '../use-cases/run-month.js';

const SINCE_SETTING = 'billing_since';

export function monthEndSweep(deps: Deps): Sweep {
  const zone = deps.catalog.timeZone;
  let since: string | null = null;

  async function firstMonth(): Promise<string> {
    if (since) return since;
    const stored = await getSetting<string>(deps.db, SINCE_SETTING);
    if (stored) return (since = stored);
    const month = monthOf(deps.clock.now(), zone);
    await setSetting(deps.db, SINCE_SETTING, month);
    return (since = month);
  }

  /** The earliest month since billing started without a completed run over all accounts. */
  async function nextMonth(): Promise<string> {
    const first = await firstMonth();
    const done = await completedMonths(deps.db, first);
    let month = first;
    while (done.has(month)) month = addMonths(month, 1);
    return month;
  }

  return {
    name: 'billing.month-end',
    async run(now) {
      let bills = 0;
      for (
        let month = await nextMonth();
        monthWindow(month, zone).end.getTime() <= now.getTime();
        month = addMonths(month, 1)
      ) {
        // Stamped with its due instant, like every sweep's effect (a late tick bills as of the month's end).
        const summary = await runMonth(deps, { month, trigger: 'schedule', now: monthWindow(month, zone).end });
        bills += summary.billsCreated;
        deps.log.info(
          { month, bills: summary.billsCreated, accounts: summary.accountsDone, resumed: summary.resumed },
          'month-end billing run done',
        );
      }
      return bills;
    },
    async nextDue() {
      return monthWindow(await nextMonth(), zone).end;
    },
  };
}
