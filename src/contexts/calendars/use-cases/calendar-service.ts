/**
 * The holiday calendars in memory (R-TKT-3, R-SR-3): every date in force and every complete year, loaded once into
 * one HolidayCalendar per country, so the SLA clock (called for every ticket) never queries the database. A table's
 * `years` are its complete years only (seeded from the package, or marked complete by an admin): a year with a few
 * admin-entered dates and no mark is still reported missing, its dates applied all the same. Calendar
 * objects are reused while their data is unchanged, because the engine caches its compiled form per object.
 * Several processes on one PostgreSQL converge through `refreshIfChanged` (the `calendars.refresh` sweep).
 */
import type { Catalog } from '../../../domain/catalog/catalog.js';
import {
  holidayCalendarFromRows,
  isSupportedDate,
  SUPPORTED_YEARS,
  yearsWithoutData,
  type BusinessCalendar,
  type HolidayCalendar,
  type HolidayRow,
} from '../../../domain/calendar/index.js';
import type { Db } from '../../../platform/db.js';
import type { Clock } from '../../../platform/clock.js';
import type { Logger } from '../../../platform/logger.js';
import { allHolidayRows, fingerprintAndYearMarks, holidaysFingerprint } from '../store/holiday-store.js';
import type { StoredKeys } from './seed-holidays.js';

export interface RegionCalendar {
  readonly calendar: BusinessCalendar;
  /** The region's holiday table (country code), or null: weekends only, by the catalog's design (R-TKT-3). */
  readonly holidayCountry: string | null;
}

export interface CalendarService {
  /** Reads the whole table (at start, and after an edit through the API). */
  load(): Promise<void>;
  /** Reloads only when the table changed since the last load (one aggregate query); true when it reloaded. */
  refreshIfChanged(): Promise<boolean>;
  /** The country's table, or null when it has neither a date nor a complete year. */
  holidays(country: string): HolidayCalendar | null;
  /** Countries with at least one date or complete year, sorted. */
  countries(): string[];
  /**
   * The business calendar of an account: the catalog's service hours `hoursId`, the account's IANA `zone`, and its
   * region's holiday table. A region naming a country without data gets an empty table, so every year is reported
   * as missing; a region with `holidayCalendar: null` gets weekends only. The same object is returned while the
   * data is unchanged. An unknown region is logged once and gets weekends only; an unknown hours id throws (a
   * catalog invariant).
   */
  forRegion(catalog: Catalog, regionId: string, zone: string, hoursId: string): RegionCalendar;
  /**
   * The business calendar of hours `hoursId` in `zone` with the holiday table of `holidayCountry` (null: weekends
   * only), the one forRegion gives for a region of that country: e.g. a ticket's clock from what it recorded.
   */
  forHolidayCountry(catalog: Catalog, holidayCountry: string | null, zone: string, hoursId: string): BusinessCalendar;
  /** Those of `years` that are not complete for the country (all of them for a country without data). */
  missingYears(country: string, years: readonly number[]): number[];
  /**
   * What the tables held for the country at the last load: every date with a row (removed ones included) and every
   * year with a mark (complete or not). The start-up's seed compares its package with this instead of asking the
   * database again; rows and marks are never deleted, so what was there at the load is there still.
   */
  storedKeys(country: string): StoredKeys;
  /**
   * Local years touched by [fromMs, toMs] that the calendar's holiday table has no data for (see the domain's
   * yearsWithoutData): a deadline computation calls this to show the gap; each (country, year) is logged once.
   */
  yearsWithoutData(calendar: BusinessCalendar, fromMs: number, toMs: number): number[];
}

export interface CalendarServiceDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly log: Logger;
}

/**
 * The engine's table of a country: its dates, and as `years` only the complete ones (the domain's builder would count
 * every year with a date as having data: the audit's "one row makes a whole year covered").
 */
function tableOf(country: string, rows: readonly HolidayRow[], completeYears: readonly number[]): HolidayCalendar {
  return { country, days: holidayCalendarFromRows(country, rows).days, years: new Set(completeYears) };
}

export function createCalendarService(deps: CalendarServiceDeps): CalendarService {
  let byCountry = new Map<string, { table: HolidayCalendar; signature: string }>();
  let keysByCountry = new Map<string, { dates: Set<string>; years: Set<number> }>();
  let fingerprint: string | null = null;
  /** Tables for countries a region names but the database has no data for. */
  const empty = new Map<string, HolidayCalendar>();
  const businessCalendars = new WeakMap<Catalog, Map<string, BusinessCalendar>>();
  const warned = new Set<string>();
  // Loads run one after another, so an older read never replaces a newer one.
  let queue: Promise<unknown> = Promise.resolve();

  function serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = queue.then(fn);
    queue = next.catch(() => undefined);
    return next;
  }

  async function loadNow(): Promise<void> {
    // Fingerprint (with the year marks) first: an edit landing between the two reads makes the next refresh load again
    // (never miss it).
    const { fingerprint: seen, yearMarks } = await fingerprintAndYearMarks(deps.db);
    const rows = await allHolidayRows(deps.db);
    const keys = new Map<string, { dates: Set<string>; years: Set<number> }>();
    const keysOf = (country: string) => {
      let entry = keys.get(country);
      if (!entry) keys.set(country, (entry = { dates: new Set(), years: new Set() }));
      return entry;
    };
    const grouped = new Map<string, { rows: HolidayRow[]; years: number[] }>();
    const group = (country: string) => {
      let entry = grouped.get(country);
      if (!entry) grouped.set(country, (entry = { rows: [], years: [] }));
      return entry;
    };
    for (const row of rows) {
      keysOf(row.country).dates.add(row.date);
      if (row.isRemoved) continue;
      // A row the engine cannot compute with (written before the edge refused it, or by hand) is skipped, not fatal:
      // start-up and every later load survive it; GET /calendars/{id} reports it (issue 11).
      if (!isSupportedDate(row.date) || (row.kind !== 'holiday' && row.kind !== 'workday')) {
        warnSkipped(`${row.country}:${row.date}:${row.kind}`, { country: row.country, date: row.date, kind: row.kind });
        continue;
      }
      group(row.country).rows.push(row);
    }
    for (const { country, year, isComplete } of yearMarks) {
      keysOf(country).years.add(year);
      if (year < SUPPORTED_YEARS.min || year > SUPPORTED_YEARS.max) {
        warnSkipped(`${country}:${year}`, { country, year });
        continue;
      }
      if (isComplete) group(country).years.push(year);
    }
    const next = new Map<string, { table: HolidayCalendar; signature: string }>();
    for (const [country, data] of grouped) {
      const signature = `${data.years.join(',')}|${data.rows.map((r) => `${r.date}${r.kind === 'holiday' ? 'h' : 'w'}`).join(',')}`;
      const previous = byCountry.get(country);
      // Unchanged data keeps its object: the engine's compiled calendars (per object) stay warm.
      next.set(
        country,
        previous && previous.signature === signature
          ? previous
          : { table: tableOf(country, data.rows, data.years), signature },
      );
    }
    const changed = [...new Set([...byCountry.keys(), ...next.keys()])].filter((c) => byCountry.get(c) !== next.get(c));
    byCountry = next;
    keysByCountry = keys;
    fingerprint = seen;
    if (changed.length) deps.log.info({ countries: changed, rows: rows.length }, 'holiday calendars loaded');
  }

  function warnSkipped(key: string, fields: Record<string, unknown>): void {
    if (warned.has(`skipped:${key}`)) return;
    warned.add(`skipped:${key}`);
    deps.log.warn(
      fields,
      `holiday calendar entry skipped: outside the years ${SUPPORTED_YEARS.min}–${SUPPORTED_YEARS.max} the calendar engine handles (GET /calendars/{id} lists it under invalidDays)`,
    );
  }

  function warnMissing(country: string, years: readonly number[]): void {
    for (const year of years) {
      const key = `${country}:${year}`;
      if (warned.has(key)) continue;
      warned.add(key);
      // R-TKT-3 "says so": the engine treats the year as plain weekdays and weekends.
      deps.log.warn({ country, year }, `no holiday data for ${country} ${year}: weekdays and weekends only`);
    }
  }

  function tableFor(country: string): HolidayCalendar {
    const loaded = byCountry.get(country)?.table;
    if (loaded) return loaded;
    let table = empty.get(country);
    if (!table) empty.set(country, (table = { country, days: new Map(), years: new Set() }));
    return table;
  }

  const service: CalendarService = {
    load: () => serial(loadNow),

    refreshIfChanged: () =>
      serial(async () => {
        if (fingerprint !== null && (await holidaysFingerprint(deps.db)) === fingerprint) return false;
        await loadNow();
        return true;
      }),

    holidays: (country) => byCountry.get(country)?.table ?? null,

    countries: () => [...byCountry.keys()].sort(),

    forRegion(catalog, regionId, zone, hoursId) {
      const region = catalog.region(regionId);
      if (!region && !warned.has(`region:${regionId}`)) {
        warned.add(`region:${regionId}`);
        // NOTE: an account's region left out of a newer catalog version: weekends only rather than a failed ticket.
        deps.log.warn(
          { region: regionId, catalog: catalog.id },
          `region ${regionId} is not in the catalog: weekends only`,
        );
      }
      const holidayCountry = region?.holidayCalendar ?? null;
      const calendar = service.forHolidayCountry(catalog, holidayCountry, zone, hoursId);
      // A calendar is built to be used now: report the current local year if it has no data.
      const now = deps.clock.now().getTime();
      service.yearsWithoutData(calendar, now, now);
      return { calendar, holidayCountry };
    },

    forHolidayCountry(catalog, holidayCountry, zone, hoursId) {
      const table = holidayCountry === null ? null : tableFor(holidayCountry);
      let cache = businessCalendars.get(catalog);
      if (!cache) businessCalendars.set(catalog, (cache = new Map<string, BusinessCalendar>()));
      const key = `${hoursId}\u0000${zone}\u0000${holidayCountry ?? ''}`;
      let calendar = cache.get(key);
      if (!calendar || calendar.holidays !== table) {
        calendar = Object.freeze({ hours: catalog.serviceHours(hoursId), zone, holidays: table });
        cache.set(key, calendar);
      }
      return calendar;
    },

    storedKeys: (country) => keysByCountry.get(country) ?? { dates: new Set(), years: new Set() },

    missingYears(country, years) {
      const table = byCountry.get(country)?.table;
      return years.filter((y) => !table?.years.has(y));
    },

    yearsWithoutData(calendar, fromMs, toMs) {
      const missing = yearsWithoutData(calendar, fromMs, toMs);
      if (missing.length && calendar.holidays) warnMissing(calendar.holidays.country, missing);
      return missing;
    },
  };
  return service;
}
