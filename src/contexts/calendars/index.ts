/** The calendars context's public face: other contexts and the composition root import only this. */
export { createCalendarsModule, type CalendarsProvides } from './module.js';
export type { CalendarService, RegionCalendar } from './use-cases/calendar-service.js';
