/**
 * The calendars module (platform/module.ts): every holiday table loaded into memory at start (the CN dates and
 * years the tables lack seeded first), the refresh sweep, the calendar routes, and the calendars other modules read.
 */
import type { Deps } from '../../platform/deps.js';
import type { Module } from '../../platform/module.js';
import { registerCalendarRoutes } from './http/routes.js';
import { calendarRefreshSweep } from './jobs/calendar-refresh.js';
import { createCalendarService, type CalendarService } from './use-cases/calendar-service.js';
import { seedHolidays } from './use-cases/seed-holidays.js';

export interface CalendarsProvides {
  /** The in-memory calendars: an account's business calendar, a country's holiday table. */
  readonly calendars: CalendarService;
}

/**
 * Loads every calendar into memory, then seeds the CN dates and years the tables lack, judged from what the load read
 * (no further query when nothing is missing, the usual start), and loads again when it seeded.
 */
export async function createCalendarsModule(deps: Deps): Promise<Module<CalendarsProvides>> {
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
    name: 'calendars',
    routes: (app) => registerCalendarRoutes(app, { ...deps, calendars: service }),
    sweeps: [calendarRefreshSweep(service)],
    provides: { calendars: service },
  };
}
