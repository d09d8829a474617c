/**
 * The holiday calendars in memory (R-TKT-3, R-SR-3): every row of the holidays table, loaded once into one
 * HolidayCalendar per country, so the SLA clock (called for every ticket) never queries the database. Calendar
 * objects are reused while their data is unchanged, because the engine caches its compiled form per object.
 * Several processes on one PostgreSQL converge through `refreshIfChanged` (the `calendars.refresh` sweep).
 */
import type { Catalog } from '../../catalog/domain/catalog.js';
import { holidayCalendarFromRows, yearsWithoutData, type BusinessCalendar, type HolidayCalendar, type HolidayRow } from '../../../domain/calendar/index.js';
import type { Db } from '../../../platform/db.js';
import type { Clock } from '../../../platform/clock.js';
import type { Logger } from '../../../platform/logger.js';
import { allHolidayRows, holidaysFingerprint } from '../store/holiday-store.js';

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
  /** The country's table, or null when it has no rows. */
  holidays(country: string): HolidayCalendar | null;
  /** Countries with at least one row, sorted. */
  countries(): string[];
  /**
   * The business calendar of an account: the catalog's service hours `hoursId`, the account's IANA `zone`, and its
   * region's holiday table. A region naming a country without rows gets an empty table, so every year is reported
   * as missing; a region with `holidayCalendar: null` gets weekends only. The same object is returned while the
   * data is unchanged. An unknown region is logged once and gets weekends only; an unknown hours id throws (a
   * catalog invariant).
   */
  forRegion(catalog: Catalog, regionId: string, zone: string, hoursId: string): RegionCalendar;
  /** Those of `years` the country has no data for (all of them for a country without rows). */
  missingYears(country: string, years: readonly number[]): number[];
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

export function createCalendarService(deps: CalendarServiceDeps): CalendarService {
  let byCountry = new Map<string, { table: HolidayCalendar; signature: string }>();
  let fingerprint: string | null = null;
  /** Tables for countries a region names but the database has no rows for. */
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
    // Fingerprint first: an edit landing between the two reads makes the next refresh load again (never miss it).
    const seen = await holidaysFingerprint(deps.db);
    const rows = await allHolidayRows(deps.db);
    const grouped = new Map<string, HolidayRow[]>();
    for (const row of rows) {
      let list = grouped.get(row.country);
      if (!list) grouped.set(row.country, (list = []));
      list.push(row);
    }
    const next = new Map<string, { table: HolidayCalendar; signature: string }>();
    for (const [country, list] of grouped) {
      const signature = list.map((r) => `${r.date}${r.kind === 'holiday' ? 'h' : 'w'}`).join(',');
      const previous = byCountry.get(country);
      // Unchanged data keeps its object: the engine's compiled calendars (per object) stay warm.
      next.set(country, previous && previous.signature === signature ? previous : { table: holidayCalendarFromRows(country, list), signature });
    }
    const changed = [...new Set([...byCountry.keys(), ...next.keys()])].filter((c) => byCountry.get(c) !== next.get(c));
    byCountry = next;
    fingerprint = seen;
    if (changed.length) deps.log.info({ countries: changed, rows: rows.length }, 'holiday calendars loaded');
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
        deps.log.warn({ region: regionId, catalog: catalog.id }, `region ${regionId} is not in the catalog: weekends only`);
      }
      const holidayCountry = region?.holidayCalendar ?? null;
      const table = holidayCountry === null ? null : tableFor(holidayCountry);
      let cache = businessCalendars.get(catalog);
      if (!cache) businessCalendars.set(catalog, (cache = new Map()));
      const key = `${hoursId}\u0000${zone}\u0000${holidayCountry ?? ''}`;
      let calendar = cache.get(key);
      if (!calendar || calendar.holidays !== table) {
        calendar = Object.freeze({ hours: catalog.serviceHours(hoursId), zone, holidays: table });
        cache.set(key, calendar);
      }
      // A calendar is built to be used now: report the current local year if it has no data.
      const now = deps.clock.now().getTime();
      service.yearsWithoutData(calendar, now, now);
      return { calendar, holidayCountry };
    },

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

