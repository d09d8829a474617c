/**
 * `calendars.refresh`: each process reloads the holiday calendars when another process (on the same PostgreSQL)
 * changed them. Nothing falls due at an instant, so there is no nextDue; a reload counts as no handled item, so the
 * scheduler's passes never repeat for it.
 */
import type { Sweep } from '../../../platform/scheduler.js';
import type { CalendarService } from '../use-cases/calendar-service.js';

export function calendarRefreshSweep(service: CalendarService): Sweep {
  return {
    name: 'calendars.refresh',
    async run() {
      await service.refreshIfChanged();
      return 0;
    },
  };
}
