/**
 * R-TKT-3: the CN calendar is seeded from the `chinese-days` package, a whole year at a time and only for years
 * with no row yet, so an admin's edits within a year are never overwritten and a newer package adds its new years.
 * Runs at every start: on a seeded database it costs one indexed query (which of the package's years are absent).
 */
import { createRequire } from 'node:module';
import { chineseDaysSeed } from '../../../domain/calendar/chinese-days-seed.js';
import type { Db } from '../../../platform/db.js';
import { yearOfDate } from '../domain/calendar-day.js';
import { insertHolidaysIfAbsent, yearsWithoutRows } from '../store/holiday-store.js';

const COUNTRY = 'CN';

export interface SeedResult {
  readonly insertedYears: number[];
  readonly insertedRows: number;
}

function seedVersion(): string {
  try {
    const pkg = createRequire(import.meta.url)('chinese-days/package.json') as { version?: string };
    return `chinese-days@${pkg.version ?? 'unknown'}`;
  } catch {
    return 'chinese-days';
  }
}

export async function seedHolidays(db: Db, now: Date): Promise<SeedResult> {
  const seed = chineseDaysSeed();
  const missing = new Set(await yearsWithoutRows(db, COUNTRY, [...new Set(seed.map((r) => yearOfDate(r.date)))]));
  if (!missing.size) return { insertedYears: [], insertedRows: 0 };
  // One statement, so a year is seeded whole or not at all; dates present meanwhile (another process seeding at
  // the same time, an admin adding a day of that year) are kept.
  const inserted = await insertHolidaysIfAbsent(
    db,
    seed.filter((r) => missing.has(yearOfDate(r.date))),
    { source: 'seed', updatedBy: seedVersion(), updatedAt: now },
  );
  return { insertedYears: [...new Set(inserted.map(yearOfDate))].sort((a, b) => a - b), insertedRows: inserted.length };
}
