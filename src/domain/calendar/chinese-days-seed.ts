/**
 * Seed rows for the CN holiday calendar (R-TKT-3: public holidays off, make-up working days 调休 on), taken from the
 * `chinese-days` package's published JSON (dist/chinese-days.json, one entry per date, "English,中文,n").
 * Runs at DB seed time only; the rest of the calendar code never imports the package.
 */
import { createRequire } from 'node:module';
import type { HolidayRow } from './holiday-calendar-from-rows.js';

interface ChineseDaysJson {
  /** Days off, weekends inside a holiday run included: date → "English name,中文名,n". */
  readonly holidays: Readonly<Record<string, string>>;
  /** Make-up working days (调休上班), usually a weekend. */
  readonly workdays: Readonly<Record<string, string>>;
}

function label(raw: string, suffix: { en: string; zh: string }): string {
  const [en = raw, zh = ''] = raw.split(',');
  return zh ? `${zh}${suffix.zh} (${en}${suffix.en})` : `${en}${suffix.en}`;
}

/** Every date the package has data for, sorted by date: holidays as 'holiday', make-up working days as 'workday'. */
export function chineseDaysSeed(): { country: 'CN'; date: string; kind: HolidayRow['kind']; name: string }[] {
  const data = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as ChineseDaysJson;
  const rows = [
    ...Object.entries(data.holidays).map(([date, raw]) => ({
      country: 'CN' as const,
      date,
      kind: 'holiday' as const,
      name: label(raw, { en: '', zh: '' }),
    })),
    ...Object.entries(data.workdays).map(([date, raw]) => ({
      country: 'CN' as const,
      date,
      kind: 'workday' as const,
      name: label(raw, { en: ' make-up working day', zh: '调休上班' }),
    })),
  ];
  return rows.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
