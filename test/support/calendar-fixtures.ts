/** Named calendars for the calendar and SLA tests, built from the real CN holiday table (chinese-days). */
import type { BusinessCalendar, ServiceHours } from '../../src/domain/calendar/business-calendar.js';
import { chineseDaysSeed } from '../../src/domain/calendar/chinese-days-seed.js';
import { holidayCalendarFromRows } from '../../src/domain/calendar/holiday-calendar-from-rows.js';

export const CN_HOLIDAYS = holidayCalendarFromRows('CN', chineseDaysSeed());

/** The shapes of the shipped catalogs' serviceHours entries (names included: the engine ignores them). */
export const HOURS = {
  '7x24': { kind: 'always', names: { 'en-US': '24/7' } },
  business_hours: {
    kind: 'windows',
    days: [1, 2, 3, 4, 5],
    windows: [{ from: '09:00', to: '18:00' }],
    workingDaysOnly: true,
  },
  '5x8': { kind: 'windows', days: [1, 2, 3, 4, 5], windows: [{ from: '09:00', to: '17:00' }], workingDaysOnly: true },
  '7x8': {
    kind: 'windows',
    days: [1, 2, 3, 4, 5, 6, 7],
    windows: [{ from: '09:00', to: '17:00' }],
    workingDaysOnly: false,
  },
  all_day_every_day: {
    kind: 'windows',
    days: [1, 2, 3, 4, 5, 6, 7],
    windows: [{ from: '00:00', to: '24:00' }],
    workingDaysOnly: false,
  },
} satisfies Record<string, ServiceHours & { names?: unknown }>;

export type CalendarName = 'cn-business-9-18' | 'weekends-only-9-18' | '7x24' | '5x8' | '7x8' | 'all-day-every-day';

/** A calendar by name in a zone: CN holidays where the clock reads holidays, none for weekends-only. */
export function calendar(name: CalendarName, zone: string): BusinessCalendar {
  switch (name) {
    case 'cn-business-9-18':
      return { hours: HOURS.business_hours, zone, holidays: CN_HOLIDAYS };
    case 'weekends-only-9-18':
      return { hours: HOURS.business_hours, zone, holidays: null };
    case '7x24':
      return { hours: HOURS['7x24'], zone, holidays: CN_HOLIDAYS };
    case '5x8':
      return { hours: HOURS['5x8'], zone, holidays: CN_HOLIDAYS };
    case '7x8':
      return { hours: HOURS['7x8'], zone, holidays: CN_HOLIDAYS };
    case 'all-day-every-day':
      return { hours: HOURS.all_day_every_day, zone, holidays: null };
  }
}
