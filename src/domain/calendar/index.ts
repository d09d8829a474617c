/** The business calendar (R-TKT-3, R-TKT-4, R-SR-3). The chinese-days seed is imported directly by the DB seed. */
export type {
  BusinessCalendar,
  HolidayCalendar,
  HolidayKind,
  ServiceHours,
  ServiceWindow,
} from './business-calendar.js';
export { addCalendarDays, isIsoInstant, isSupportedDate, SUPPORTED_YEARS } from './civil-date.js';
export { addBusinessTime } from './add-business-time.js';
export { businessTimeBetween } from './business-time-between.js';
export { nextOpenAt } from './next-open-at.js';
export { isOpenAt } from './is-open-at.js';
export { isWorkingDay } from './is-working-day.js';
export { workingDaysAfter, earliestStartAfterWorkingDays } from './working-days.js';
export { yearsWithoutData } from './years-without-data.js';
export { localDateAt, localDateTimeAt } from './local-date-at.js';
export { holidayCalendarFromRows, type HolidayRow } from './holiday-calendar-from-rows.js';
