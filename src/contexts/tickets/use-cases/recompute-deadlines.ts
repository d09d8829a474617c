/**
 * Issue 18 (R-TKT-3): stored deadlines of live tickets recomputed once with the deadline convention of
 * domain/sla responseDueAt (a target used up at a close is due at the next opening). A one-time data migration
 * (platform/data-migrations.ts) run at start-up; it logs how many tickets moved.
 *
 * Each ticket is recomputed on the clock it recorded (hours, zone, holiday country) from its opening and its stored
 * target (re-grades and event protection already in it), so a deadline only ever moves later, from a close to the
 * next opening. A ticket already breached keeps its recorded breach and deadline (the escalation went out; history is
 * not rewritten); those the new rule would have spared are counted as `breachesKept`.
 */
import type { DataMigration } from '../../../platform/data-migrations.js';
import { responseDueAt, warningAt } from '../../../domain/sla/index.js';
import type { TicketsDeps } from '../ports.js';
import { lockLiveDeadlines, writeDeadlines } from '../store/deadline-store.js';

const BATCH = 1_000;

export const RECOMPUTE_DEADLINES_ID = '2026-03-tickets-deadlines-at-next-opening';

export function recomputeDeadlinesMigration(deps: Pick<TicketsDeps, 'catalog' | 'calendars'>): DataMigration {
  return {
    id: RECOMPUTE_DEADLINES_ID,
    description: 'response deadlines used up at a close moved to the next opening (issue 18)',
    async run(tx) {
      let liveTickets = 0;
      let deadlinesMoved = 0;
      let warningsMoved = 0;
      let breachesKept = 0;
      let unknownClock = 0;
      for (let afterId = ''; ;) {
        const batch = await lockLiveDeadlines(tx, afterId, BATCH);
        if (!batch.length) break;
        afterId = batch[batch.length - 1]!.id;
        const changed: { id: string; responseDueAt: Date; warningAt: Date }[] = [];
        for (const t of batch) {
          liveTickets++;
          if (!deps.catalog.def.serviceHours[t.clock]) {
            unknownClock++;
            continue;
          }
          const calendar = deps.calendars.forHolidayCountry(deps.catalog, t.holidayCountry, t.timeZone, t.clock);
          const target = { openedAtMs: t.openedAt.getTime(), targetMinutes: t.targetMinutes, calendar };
          const due = new Date(responseDueAt(target));
          const warning = new Date(warningAt(target));
          const dueMoved = due.getTime() !== t.responseDueAt.getTime();
          const warningMoved = warning.getTime() !== t.warningAt.getTime();
          if (t.breached) {
            if (dueMoved) breachesKept++;
            continue;
          }
          if (!dueMoved && !warningMoved) continue;
          if (dueMoved) deadlinesMoved++;
          if (warningMoved) warningsMoved++;
          changed.push({ id: t.id, responseDueAt: due, warningAt: warning });
        }
        await writeDeadlines(tx, changed);
      }
      return { liveTickets, deadlinesMoved, warningsMoved, breachesKept, unknownClock };
    },
  };
}
