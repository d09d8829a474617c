/**
 * Calendars context tables. R-TKT-3: the holiday calendar of each country (public holidays and the make-up working
 * days of the Chinese calendar, 调休). Provider-wide data, not tenant-owned: no tenant_id.
 */
import { date, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * One date of a country's calendar that differs from the weekday rule. A year "has data" when it has at least one
 * row; a year without rows is reported and treated as plain weekdays/weekends.
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
    /** 'seed' (chinese-days, inserted per missing year) | 'admin' (edited through the API; never overwritten). */
    source: text('source').$type<'seed' | 'admin'>().notNull(),
    /** Principal id of the admin, or the seed's package and version. */
    updatedBy: text('updated_by').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.country, t.date] })],
);

export type HolidayRecord = typeof holidays.$inferSelect;
