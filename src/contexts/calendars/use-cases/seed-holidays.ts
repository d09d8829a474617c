/**
 * R-TKT-3: the CN calendar is seeded from the `chinese-days` package date by date, at every start: each date of the
 * package the table lacks is inserted and each year the package covers is marked complete, in one set-based
 * statement. Whatever is there stays (ON CONFLICT DO NOTHING): an admin's edited or removed date, an admin's
 * completeness mark. So a newer package adds the years and dates it brings — also to a year where an admin had
 * entered a date or two — and a date lost from a seeded year comes back at the next start.
 * NOTE: a year counts as covered by the package when the package has any date in it; chinese-days publishes a year's
 * schedule whole (the State Council's notice), and a holiday run never reaches into a year not yet announced.
 */
import { createRequire } from 'node:module';
import { chineseDaysSeed } from '../../../domain/calendar/chinese-days-seed.js';
import type { Db } from '../../../platform/db.js';
import { yearOfDate } from '../domain/calendar-day.js';
import { hasAllSeedKeys, insertSeedIfAbsent } from '../store/holiday-store.js';

const COUNTRY = 'CN';

/** The dates with a row (in force or removed) and the years with a mark (complete or not) of one country. */
export interface StoredKeys {
  readonly dates: ReadonlySet<string>;
  readonly years: ReadonlySet<number>;
}

export interface SeedResult {
  /** Years in which the seed inserted at least one date, ascending. */
  readonly insertedYears: number[];
  readonly insertedRows: number;
  /** Years the seed marked complete (those without a completeness row before), ascending. */
  readonly completedYears: number[];
}

function seedVersion(): string {
  try {
    const pkg = createRequire(import.meta.url)('chinese-days/package.json') as { version?: string };
    return `chinese-days@${pkg.version ?? 'unknown'}`;
  } catch {
    return 'chinese-days';
  }
}

/**
 * `known`: what the tables held for CN at a load made before this call (the start-up loads its calendars first); when
 * it has every date and year of the package, the seed asks the database nothing. Without it, one small indexed query
 * tells the same.
 */
export async function seedHolidays(db: Db, now: Date, known?: StoredKeys): Promise<SeedResult> {
  const seed = chineseDaysSeed();
  const dates = [...new Set(seed.map((r) => r.date))];
  const years = [...new Set(dates.map(yearOfDate))];
  // A start on a database that has every key of the package is the usual case: nothing to send.
  const present = known
    ? dates.every((d) => known.dates.has(d)) && years.every((y) => known.years.has(y))
    : await hasAllSeedKeys(db, COUNTRY, dates, years);
  if (present) return { insertedYears: [], insertedRows: 0, completedYears: [] };
  const inserted = await insertSeedIfAbsent(db, seed, { updatedBy: seedVersion(), updatedAt: now });
  return {
    insertedYears: [...new Set(inserted.dates.map(yearOfDate))].sort((a, b) => a - b),
    insertedRows: inserted.dates.length,
    completedYears: inserted.years,
  };
}
