/**
 * What the composition root needs from the calendars context: seed and load at start, the refresh sweep, the routes.
 *   const calendars = await wireCalendars(deps);
 *   scheduler.register(calendars.sweep);
 *   calendars.register(http);            // before http.ready()
 *   createTicketService({ ...deps, calendars: calendars.service })
 */
import type { App } from '../../app/http-types.js';
import type { Deps } from '../../platform/deps.js';
import type { Sweep } from '../../platform/scheduler.js';
import { registerCalendarRoutes } from './http/routes.js';
import { calendarRefreshSweep } from './jobs/calendar-refresh.js';
import { createCalendarService, type CalendarService } from './use-cases/calendar-service.js';
import { seedHolidays } from './use-cases/seed-holidays.js';

export interface CalendarsWiring {
  readonly service: CalendarService;
  readonly sweep: Sweep;
  register(app: App): void;
}

/**
 * Loads every calendar into memory, then seeds the CN dates and years the tables lack, judged from what the load read
 * (no further query when nothing is missing, the usual start), and loads again when it seeded.
 */
export async function wireCalendars(deps: Deps): Promise<CalendarsWiring> {
  const service = createCalendarService(deps);
  await service.load();
  const seeded = await seedHolidays(deps.db, deps.clock.now(), service.storedKeys('CN'));
  if (seeded.insertedRows || seeded.completedYears.length) {
    deps.log.info(
      { years: seeded.insertedYears, rows: seeded.insertedRows, completedYears: seeded.completedYears },
      'holiday calendar CN seeded from chinese-days',
    );
    await service.load();
  }
  return {
    service,
    sweep: calendarRefreshSweep(service),
    register: (app) => registerCalendarRoutes(app, { ...deps, calendars: service }),
  };
}
