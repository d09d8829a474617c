/**
 * Calendars context tables. R-TKT-3: the holiday calendar of each country (public holidays and the make-up working
 * days of the Chinese calendar, 调休), and which of its years are complete. Provider-wide data, not tenant-owned: no
 * tenant_id.
 */
import { boolean, date, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * One date of a country's calendar that differs from the weekday rule. Rows alone never make a year "have data"
 * (see holidayYears): one date an admin enters in a year the seed does not cover leaves that year reported missing.
 */
export const holidays = pgTable(
  'holidays',
  {
    /** ISO 3166 alpha-2, e.g. 'CN' (the catalog's region.holidayCalendar). */
    country: text('country').notNull(),
    date: date('date', { mode: 'string' }).notNull(),
    /** 'holiday' (off) | 'workday' (a make-up working day, 调休). */
    kind: text('kind').$type<'holiday' | 'workday'>().notNull(),
    name: text('name').notNull(),
    /** 'seed' (chinese-days, inserted date by date when absent) | 'admin' (edited through the API; never overwritten). */
    source: text('source').$type<'seed' | 'admin'>().notNull(),
    /** Principal id of the admin, or the seed's package and version. */
    updatedBy: text('updated_by').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
    /**
     * true: an admin removed the date (the weekday rule applies). The row stays as a tombstone so that the seed,
     * which inserts every date of its package that the table lacks, never brings the date back.
     */
    isRemoved: boolean('is_removed').notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.country, t.date] })],
);

/**
 * Whether a year of a country's calendar is complete (R-TKT-3). A year "has data" only with a row here whose
 * is_complete is true: the seed marks each year its package covers; a provider admin marks any year complete (or
 * not) through the API. A year without such a row is reported missing and treated as plain weekdays/weekends,
 * whatever dates it has.
 */
export const holidayYears = pgTable(
  'holiday_years',
  {
    country: text('country').notNull(),
    year: integer('year').notNull(),
    isComplete: boolean('is_complete').notNull(),
    /** 'seed' (the package covers the year) | 'admin' (set through the API; the seed never overwrites it). */
    source: text('source').$type<'seed' | 'admin'>().notNull(),
    /** Principal id of the admin, or the seed's package and version. */
    updatedBy: text('updated_by').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.country, t.year] })],
);

export type HolidayRecord = typeof holidays.$inferSelect;
export type HolidayYearRecord = typeof holidayYears.$inferSelect;
