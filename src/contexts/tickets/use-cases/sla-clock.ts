/**
 * R-TKT-3: the ticket's response clock read for its SLA view — on a business-hours clock the business minutes used
 * and left (domain/sla readResponseClock), so a console can say "due at the next opening, Monday 09:00 (0 business
 * minutes left)"; null on 7x24 (the deadline minus now says it all). The ticket's own clock: its hours, zone and the
 * holiday table it recorded at intake.
 */
import { readResponseClock, type ResponseClockReading } from '../../../domain/sla/index.js';
import { responseClockReadAt } from '../domain/sla-clock.js';
import type { TicketRow } from '../domain/views.js';
import type { TicketsDeps } from '../ports.js';

export function slaClockOf(
  deps: Pick<TicketsDeps, 'catalog' | 'calendars'>,
  t: TicketRow,
  now: Date,
): ResponseClockReading | null {
  const hours = deps.catalog.def.serviceHours[t.clock];
  // NOTE: a clock a newer catalog version dropped has no reading (the stored deadline still stands).
  if (!hours || hours.kind === 'always') return null;
  const calendar = deps.calendars.forHolidayCountry(deps.catalog, t.holidayCountry, t.timeZone, t.clock);
  return readResponseClock(
    { openedAtMs: t.openedAt.getTime(), targetMinutes: t.targetMinutes, calendar },
    responseClockReadAt(t, now).getTime(),
  );
}
