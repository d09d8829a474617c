/** Holiday calendars (R-TKT-3): read by any caller, edited by the provider admin. */
import { z } from 'zod';
import type { App } from '../../../platform/http/app.js';
import type { Deps } from '../../../platform/deps.js';
import { principalOf } from '../../../platform/http/auth-plugin.js';
import { errors, named, ZDate } from '../../../platform/http/schemas.js';
import { pageInMemory, ZPageOf, ZPageQuery } from '../../../platform/pagination.js';
import { COUNTRY_CODE, isCalendarDate } from '../domain/calendar-day.js';
import type { CalendarService } from '../use-cases/calendar-service.js';
import { removeCalendarDay, setCalendarDay } from '../use-cases/edit-calendar-day.js';
import { getCalendar, listCalendars } from '../use-cases/get-calendar.js';
import { markCalendarYear } from '../use-cases/mark-calendar-year.js';

const ZCountry = z
  .string()
  .regex(COUNTRY_CODE, 'an ISO 3166 alpha-2 country code in upper case, e.g. CN')
  .describe('Country code of the holiday table');
const ZYear = z.coerce.number().int().min(1000).max(9998);
const ZKind = z
  .enum(['holiday', 'workday'])
  .describe('holiday: a public holiday (off); workday: a make-up working day (调休)');

const ZDayOut = z.object({
  date: z.string(),
  kind: ZKind,
  name: z.string(),
  source: z.enum(['seed', 'admin']),
  updatedBy: z.string(),
  updatedAt: z.string(),
});
named(ZDayOut, 'CalendarDay', 'A holiday or make-up working day');

const ZYearStatus = z.object({
  complete: z
    .boolean()
    .describe('true: the year has data (its days are all there); false: reported missing whatever days it has'),
  source: z
    .enum(['seed', 'admin'])
    .describe(
      'seed: the year is in the chinese-days package; admin: set through the API (the seed never overwrites it)',
    ),
  updatedBy: z.string(),
  updatedAt: z.string(),
});

const ZCalendarSummary = z.object({
  id: z.string(),
  years: z.array(z.number().int()).describe('Complete years (seeded from the package or marked complete by an admin)'),
  dayCount: z.number().int(),
});
named(ZCalendarSummary, 'CalendarSummary', 'A holiday calendar and its years with data');

const ZInvalidDay = z.object({
  date: z.string(),
  kind: z.string(),
  name: z.string(),
  source: z.string(),
  reason: z.string(),
});

const ZCalendarOut = z.object({
  id: z.string(),
  years: z
    .array(z.number().int())
    .describe('Years with data: complete years (seeded from the package or marked complete by an admin)'),
  missingYears: z
    .array(z.number().int())
    .describe(
      'Of last, this and next year (server clock, provider time zone): those not complete, treated as plain weekdays/weekends apart from the days entered',
    ),
  year: z.number().int().describe('The year `days` and `yearStatus` describe'),
  yearStatus: ZYearStatus.nullable().describe(
    'The completeness mark of `year`, or null when it has none (not complete)',
  ),
  days: z.array(ZDayOut),
  invalidDays: z
    .array(ZInvalidDay)
    .describe(
      'Days stored outside the years 1000–9998 the engine handles (written before they were refused, or by hand): not applied; remove them with DELETE',
    ),
});
named(ZCalendarOut, 'CalendarYear', 'One year of a country’s holiday calendar');

const ZDayParams = z.object({ id: ZCountry, date: ZDate });
/** A day to remove may be one the engine cannot use (stored before the edge refused it): any real date. */
const ZRemoveDayParams = z.object({
  id: ZCountry,
  date: z.string().refine(isCalendarDate, 'a date YYYY-MM-DD that exists').meta({ format: 'date' }),
});
const ZYearParams = z.object({ id: ZCountry, year: ZYear });

export function registerCalendarRoutes(app: App, deps: Deps & { readonly calendars: CalendarService }): void {
  const tags = ['calendars'];
  app.get(
    '/api/v1/calendars',
    {
      schema: {
        operationId: 'listCalendars',
        tags,
        summary: 'Holiday calendars with data: years and number of days',
        querystring: ZPageQuery,
        response: { 200: ZPageOf(ZCalendarSummary), ...errors() },
      },
    },
    async (req) => {
      principalOf(req);
      return pageInMemory((await listCalendars(deps)).items, req.query);
    },
  );
  app.get(
    '/api/v1/calendars/:id',
    {
      schema: {
        operationId: 'getCalendarYear',
        tags,
        summary: 'One country’s holidays and make-up working days (调休) of a year, and the years without data',
        params: z.object({ id: ZCountry }),
        querystring: z.object({ year: ZYear.optional() }),
        response: { 200: ZCalendarOut, ...errors() },
      },
    },
    async (req) => {
      principalOf(req);
      return getCalendar(deps, req.params.id, req.query.year);
    },
  );
  app.put(
    '/api/v1/calendars/:id/days/:date',
    {
      schema: {
        operationId: 'setCalendarDay',
        tags,
        summary: 'Set one day of a country’s calendar (provider admin); the seed never overwrites it',
        params: ZDayParams,
        body: z.object({ kind: ZKind, name: z.string().trim().min(1).max(200) }),
        response: { 200: ZDayOut.extend({ id: z.string() }), ...errors(403) },
      },
    },
    async (req) => setCalendarDay(deps, principalOf(req), req.params.id, req.params.date, req.body),
  );
  app.delete(
    '/api/v1/calendars/:id/days/:date',
    {
      schema: {
        operationId: 'removeCalendarDay',
        tags,
        summary: 'Remove one day: the date follows the weekday rule again (provider admin)',
        params: ZRemoveDayParams,
        response: { 200: ZDayOut.extend({ id: z.string() }), ...errors(403, 404) },
      },
    },
    async (req) => removeCalendarDay(deps, principalOf(req), req.params.id, req.params.date),
  );
  app.put(
    '/api/v1/calendars/:id/years/:year',
    {
      schema: {
        operationId: 'setCalendarYearComplete',
        tags,
        summary:
          'Mark a year of a country’s calendar complete or not (provider admin): only a complete year has data; the seed never overwrites the mark',
        params: ZYearParams,
        body: z.object({ complete: z.boolean() }),
        response: { 200: ZYearStatus.extend({ id: z.string(), year: z.number().int() }), ...errors(403) },
      },
    },
    async (req) => markCalendarYear(deps, principalOf(req), req.params.id, req.params.year, req.body),
  );
}
