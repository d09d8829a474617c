/**
 * R-TKT-3 holiday calendars in the database: the chinese-days seed (per missing year, never over admin edits), the
 * in-memory service the SLA clock reads, and convergence of several processes through refreshIfChanged.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { and, eq, gte, lt, sql } from 'drizzle-orm';
import { pino } from 'pino';
import { TestClock } from '../../src/platform/clock.js';
import type { Database } from '../../src/platform/db.js';
import { ADMIN_PRINCIPAL } from '../../src/platform/http/principal.js';
import { Scheduler } from '../../src/platform/scheduler.js';
import { auditEvents } from '../../src/platform/store/tables.js';
import { Catalog } from '../../src/contexts/catalog/domain/catalog.js';
import { loadCatalog } from '../../src/contexts/catalog/use-cases/load-catalog.js';
import { createCalendarService, type CalendarService } from '../../src/contexts/calendars/use-cases/calendar-service.js';
import { seedHolidays } from '../../src/contexts/calendars/use-cases/seed-holidays.js';
import { removeCalendarDay, setCalendarDay } from '../../src/contexts/calendars/use-cases/edit-calendar-day.js';
import { calendarRefreshSweep } from '../../src/contexts/calendars/jobs/calendar-refresh.js';
import { holidays } from '../../src/contexts/calendars/store/tables.js';
import { chineseDaysSeed } from '../../src/domain/calendar/chinese-days-seed.js';
import { addBusinessTime, isWorkingDay } from '../../src/domain/calendar/index.js';
import { createTestDatabase, DB_KINDS, type TestDatabase } from '../support/databases.js';

/** A pino logger whose records are kept for assertions. */
function capturingLogger() {
  const records: { level: number; msg: string; country?: string; year?: number }[] = [];
  const log = pino({ level: 'info' }, { write: (line: string) => void records.push(JSON.parse(line)) });
  return { log, warnings: () => records.filter((r) => r.level === 40) };
}

// The oracle: the package's own data, counted independently of the seed code.
const SEED = chineseDaysSeed();
const SEED_YEARS = [...new Set(SEED.map((r) => Number(r.date.slice(0, 4))))].sort((a, b) => a - b);
const seedRowsOf = (year: number) => SEED.filter((r) => r.date.startsWith(`${year}-`));
const LATEST = SEED_YEARS[SEED_YEARS.length - 1]!;

describe.each(DB_KINDS)('calendars context on %s', (kind) => {
  let tdb: TestDatabase;
  let database: Database;
  let catalog: Catalog;
  const clock = new TestClock(new Date('2026-03-01T00:00:00Z'));

  const countRows = async (year?: number) => {
    const where = year === undefined ? eq(holidays.country, 'CN') : and(eq(holidays.country, 'CN'), gte(holidays.date, `${year}-01-01`), lt(holidays.date, `${year + 1}-01-01`));
    const [row] = await database.db.select({ n: sql<number>`count(*)::int` }).from(holidays).where(where);
    return row!.n;
  };
  const service = (log = capturingLogger().log) => createCalendarService({ db: database.db, clock, log });
  const editDeps = (calendars: CalendarService) => ({ db: database.db, clock, calendars });

  beforeAll(async () => {
    tdb = await createTestDatabase(kind);
    database = await tdb.open();
    catalog = await loadCatalog('huaweicloud-intl');
  });
  afterAll(async () => {
    await database?.close();
    await tdb?.drop();
  });

  describe('seeding from chinese-days', () => {
    beforeEach(async () => {
      await database.db.delete(holidays);
    });

    it('R-TKT-3 a fresh table gets every year of the package, once', async () => {
      const first = await seedHolidays(database.db, clock.now());
      expect(first.insertedRows).toBe(SEED.length);
      expect(first.insertedYears).toEqual(SEED_YEARS);
      expect(await countRows()).toBe(SEED.length);
      const [row] = await database.db.select().from(holidays).where(and(eq(holidays.country, 'CN'), eq(holidays.date, '2025-10-11')));
      expect(row).toMatchObject({ kind: 'workday', source: 'seed', updatedAt: clock.now() });
      expect(row!.updatedBy).toMatch(/^chinese-days@\d/);

      const again = await seedHolidays(database.db, clock.now());
      expect(again).toEqual({ insertedYears: [], insertedRows: 0 });
      expect(await countRows()).toBe(SEED.length);
    });

    it('R-TKT-3 an admin edit, and an admin removal, survive re-seeding', async () => {
      await seedHolidays(database.db, clock.now());
      const calendars = service();
      await setCalendarDay(editDeps(calendars), ADMIN_PRINCIPAL, 'CN', '2025-10-08', { kind: 'workday', name: 'Corrected' });
      await removeCalendarDay(editDeps(calendars), ADMIN_PRINCIPAL, 'CN', '2025-10-11');
      await seedHolidays(database.db, clock.now());
      const rows = await database.db.select().from(holidays).where(eq(holidays.country, 'CN'));
      expect(rows.find((r) => r.date === '2025-10-08')).toMatchObject({ kind: 'workday', name: 'Corrected', source: 'admin', updatedBy: 'admin' });
      expect(rows.find((r) => r.date === '2025-10-11')).toBeUndefined();
      expect(rows.length).toBe(SEED.length - 1);
    });

    it('R-TKT-3 a year the table lacks (a newer package) is added, the other years untouched', async () => {
      await seedHolidays(database.db, clock.now());
      await database.db.delete(holidays).where(gte(holidays.date, `${LATEST}-01-01`));
      await database.db.update(holidays).set({ name: 'kept' }).where(eq(holidays.date, '2025-10-01'));
      const result = await seedHolidays(database.db, clock.now());
      expect(result).toEqual({ insertedYears: [LATEST], insertedRows: seedRowsOf(LATEST).length });
      expect(await countRows(LATEST)).toBe(seedRowsOf(LATEST).length);
      const [kept] = await database.db.select().from(holidays).where(eq(holidays.date, '2025-10-01'));
      expect(kept!.name).toBe('kept');
    });
  });

  describe('the calendar service', () => {
    beforeAll(async () => {
      await database.db.delete(holidays);
      await seedHolidays(database.db, clock.now());
    });

    it('R-TKT-3 CN mainland region: holidays off, the 调休 Saturday 2025-10-11 on; a region with no calendar: weekends only', async () => {
      const calendars = service();
      await calendars.load();
      const cn = calendars.forRegion(catalog, 'cn-north-4', 'Asia/Shanghai', 'business_hours');
      expect(cn.holidayCountry).toBe('CN');
      expect(cn.calendar.holidays).toBe(calendars.holidays('CN'));
      expect(cn.calendar.hours).toBe(catalog.serviceHours('business_hours'));
      expect(isWorkingDay('2025-10-11', cn.calendar)).toBe(true); // Saturday, make-up working day
      expect(isWorkingDay('2025-10-01', cn.calendar)).toBe(false); // National Day, a Wednesday
      expect(isWorkingDay('2025-10-12', cn.calendar)).toBe(false); // plain Sunday

      const sg = calendars.forRegion(catalog, 'ap-southeast-3', 'Asia/Singapore', 'business_hours');
      expect(sg.holidayCountry).toBeNull();
      expect(sg.calendar.holidays).toBeNull();
      expect(isWorkingDay('2025-10-11', sg.calendar)).toBe(false);
      expect(isWorkingDay('2025-10-01', sg.calendar)).toBe(true);

      // SPEC R-TKT-3 example: developer, 12 working hours, opened Friday 17:00 local → due Tuesday 11:00.
      const due = addBusinessTime(Date.parse('2026-03-06T17:00:00+08:00'), 12 * 3_600_000, cn.calendar);
      expect(new Date(due).toISOString()).toBe(new Date('2026-03-10T11:00:00+08:00').toISOString());
      // Across National Day and Mid-autumn 2025 (1–8 Oct off): Tuesday 30 Sep 17:00 + 2 h → Thursday 9 Oct 10:00.
      const overHoliday = addBusinessTime(Date.parse('2025-09-30T17:00:00+08:00'), 2 * 3_600_000, cn.calendar);
      expect(new Date(overHoliday).toISOString()).toBe(new Date('2025-10-09T10:00:00+08:00').toISOString());
    });

    it('reuses calendar objects while the data is unchanged', async () => {
      const calendars = service();
      await calendars.load();
      const a = calendars.forRegion(catalog, 'cn-north-4', 'Asia/Shanghai', 'business_hours');
      const b = calendars.forRegion(catalog, 'cn-east-3', 'Asia/Shanghai', 'business_hours');
      expect(b.calendar).toBe(a.calendar);
      const table = calendars.holidays('CN');
      await calendars.load(); // same rows: same objects
      expect(calendars.holidays('CN')).toBe(table);
      expect(calendars.forRegion(catalog, 'cn-north-4', 'Asia/Shanghai', 'business_hours').calendar).toBe(a.calendar);
      expect(calendars.forRegion(catalog, 'cn-north-4', 'Europe/Berlin', 'business_hours').calendar).not.toBe(a.calendar);
    });

    it('R-TKT-3 refreshIfChanged picks up another process’s edits, including one made at the same instant', async () => {
      const mine = service();
      const other = service();
      await mine.load();
      await other.load();
      expect(await other.refreshIfChanged()).toBe(false);
      const before = other.holidays('CN');

      await setCalendarDay(editDeps(mine), ADMIN_PRINCIPAL, 'CN', '2026-03-02', { kind: 'holiday', name: 'Extra day off' });
      const cal = () => other.forRegion(catalog, 'cn-north-4', 'Asia/Shanghai', 'business_hours').calendar;
      expect(isWorkingDay('2026-03-02', cal())).toBe(true); // not yet seen
      const sweep = calendarRefreshSweep(other);
      expect(sweep.name).toBe('calendars.refresh');
      expect(sweep.nextDue).toBeUndefined();
      const scheduler = new Scheduler(capturingLogger().log);
      scheduler.register(sweep);
      await scheduler.runDue(clock.now());
      expect(other.holidays('CN')).not.toBe(before);
      expect(isWorkingDay('2026-03-02', cal())).toBe(false);
      expect(await other.refreshIfChanged()).toBe(false);

      // The test clock stands still: same updated_at, same row count, only the kind differs.
      await setCalendarDay(editDeps(mine), ADMIN_PRINCIPAL, 'CN', '2026-03-02', { kind: 'workday', name: 'Extra day off' });
      expect(await other.refreshIfChanged()).toBe(true);
      expect(other.holidays('CN')!.days.get('2026-03-02')).toBe('workday');

      await removeCalendarDay(editDeps(mine), ADMIN_PRINCIPAL, 'CN', '2026-03-02');
      expect(await other.refreshIfChanged()).toBe(true);
      expect(other.holidays('CN')!.days.has('2026-03-02')).toBe(false);
      const audits = await database.db.select().from(auditEvents).where(eq(auditEvents.objectId, 'CN:2026-03-02'));
      expect(audits.map((a) => a.action).sort()).toEqual(['calendar.day_removed', 'calendar.day_set', 'calendar.day_set']);
      expect(audits.every((a) => a.tenantId === null && a.actor === 'admin')).toBe(true);
    });

    it('R-TKT-3 a year without data is reported once per (country, year) and treated as plain weekdays', async () => {
      const { log, warnings } = capturingLogger();
      const laterClock = new TestClock(new Date(`${LATEST + 1}-06-01T00:00:00Z`));
      const calendars = createCalendarService({ db: database.db, clock: laterClock, log });
      await calendars.load();
      expect(calendars.missingYears('CN', [LATEST, LATEST + 1])).toEqual([LATEST + 1]);
      expect(calendars.missingYears('ZZ', [LATEST])).toEqual([LATEST]);

      const { calendar } = calendars.forRegion(catalog, 'cn-north-4', 'Asia/Shanghai', 'business_hours');
      calendars.forRegion(catalog, 'cn-south-1', 'Asia/Shanghai', 'business_hours');
      expect(warnings().map((w) => [w.country, w.year])).toEqual([['CN', LATEST + 1]]);

      const from = Date.parse(`${LATEST}-12-30T10:00:00+08:00`);
      const to = Date.parse(`${LATEST + 2}-01-02T10:00:00+08:00`);
      expect(calendars.yearsWithoutData(calendar, from, to)).toEqual([LATEST + 1, LATEST + 2]);
      expect(warnings().map((w) => [w.country, w.year])).toEqual([['CN', LATEST + 1], ['CN', LATEST + 2]]);
      // Weekday rule in a year without data: a Friday works, a Saturday does not.
      const friday = [1, 2, 3, 4, 5, 6, 7].map((d) => `${LATEST + 1}-05-0${d}`).find((d) => new Date(`${d}T00:00:00Z`).getUTCDay() === 5)!;
      expect(isWorkingDay(friday, calendar)).toBe(true);

      // 7x24 never reads holidays, a region without a calendar has nothing to miss: no warnings.
      calendars.forRegion(catalog, 'cn-north-4', 'Asia/Shanghai', '7x24');
      const sg = calendars.forRegion(catalog, 'ap-southeast-3', 'Asia/Singapore', 'business_hours');
      expect(calendars.yearsWithoutData(sg.calendar, from, to)).toEqual([]);
      expect(warnings()).toHaveLength(2);

      // A region a newer catalog dropped: weekends only and one warning, never a failed ticket.
      for (let i = 0; i < 2; i++) {
        const gone = calendars.forRegion(catalog, 'cn-gone-1', 'Asia/Shanghai', 'business_hours');
        expect(gone.holidayCountry).toBeNull();
        expect(gone.calendar.holidays).toBeNull();
      }
      expect(warnings()).toHaveLength(3);
    });

    it('R-TKT-3 a region naming a country without rows: every year missing, until an admin adds days', async () => {
      const { log, warnings } = capturingLogger();
      const def = structuredClone(catalog.def) as any;
      def.regions.push({ id: 'eu-de-1', names: { 'zh-CN': '德国', 'en-US': 'Germany' }, holidayCalendar: 'DE' });
      const withDe = new Catalog(def);
      const calendars = createCalendarService({ db: database.db, clock, log });
      await calendars.load();
      expect(calendars.holidays('DE')).toBeNull();
      const de = calendars.forRegion(withDe, 'eu-de-1', 'Europe/Berlin', 'business_hours');
      expect(de.holidayCountry).toBe('DE');
      expect(de.calendar.holidays?.years.size).toBe(0);
      expect(warnings().map((w) => [w.country, w.year])).toEqual([['DE', 2026]]);
      expect(isWorkingDay('2026-10-03', de.calendar)).toBe(false); // a Saturday

      await setCalendarDay(editDeps(calendars), ADMIN_PRINCIPAL, 'DE', '2026-12-25', { kind: 'holiday', name: 'Weihnachten' });
      expect(calendars.countries()).toEqual(['CN', 'DE']);
      const cnTable = calendars.holidays('CN');
      const after = calendars.forRegion(withDe, 'eu-de-1', 'Europe/Berlin', 'business_hours');
      expect(after.calendar).not.toBe(de.calendar);
      expect(isWorkingDay('2026-12-25', after.calendar)).toBe(false);
      expect(calendars.yearsWithoutData(after.calendar, Date.parse('2026-06-01T00:00:00Z'), Date.parse('2026-07-01T00:00:00Z'))).toEqual([]);
      // Editing DE keeps CN's table object (the engine's compiled CN calendars stay warm).
      await setCalendarDay(editDeps(calendars), ADMIN_PRINCIPAL, 'DE', '2026-12-26', { kind: 'holiday', name: 'Zweiter Weihnachtstag' });
      expect(calendars.holidays('CN')).toBe(cnTable);
      await removeCalendarDay(editDeps(calendars), ADMIN_PRINCIPAL, 'DE', '2026-12-25');
      await removeCalendarDay(editDeps(calendars), ADMIN_PRINCIPAL, 'DE', '2026-12-26');
      expect(calendars.holidays('DE')).toBeNull();
    });
  });
});
