/**
 * R-TKT-3 holiday calendars in the database: the chinese-days seed (date by date and year marks, never over admin
 * edits, removals or marks), complete years as the only years with data, the in-memory service the SLA clock reads,
 * and convergence of several processes through refreshIfChanged.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { and, eq, gte, lt, sql } from 'drizzle-orm';
import { pino } from 'pino';
import { TestClock } from '../../src/platform/clock.js';
import type { Database } from '../../src/platform/db.js';
import { ADMIN_PRINCIPAL } from '../../src/platform/http/principal.js';
import { Scheduler } from '../../src/platform/scheduler.js';
import { auditEvents } from '../../src/platform/store/tables.js';
import { Catalog } from '../../src/domain/catalog/catalog.js';
import { loadCatalog } from '../../src/contexts/catalog/use-cases/load-catalog.js';
import {
  createCalendarService,
  type CalendarService,
} from '../../src/contexts/calendars/use-cases/calendar-service.js';
import { seedHolidays } from '../../src/contexts/calendars/use-cases/seed-holidays.js';
import { removeCalendarDay, setCalendarDay } from '../../src/contexts/calendars/use-cases/edit-calendar-day.js';
import { markCalendarYear } from '../../src/contexts/calendars/use-cases/mark-calendar-year.js';
import { calendarRefreshSweep } from '../../src/contexts/calendars/jobs/calendar-refresh.js';
import { holidays, holidayYears } from '../../src/contexts/calendars/store/tables.js';
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
    const where =
      year === undefined
        ? eq(holidays.country, 'CN')
        : and(eq(holidays.country, 'CN'), gte(holidays.date, `${year}-01-01`), lt(holidays.date, `${year + 1}-01-01`));
    const [row] = await database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(holidays)
      .where(where);
    return row!.n;
  };
  const rowOf = async (date: string) =>
    (
      await database.db
        .select()
        .from(holidays)
        .where(and(eq(holidays.country, 'CN'), eq(holidays.date, date)))
    )[0];
  const yearMarks = async () =>
    database.db.select().from(holidayYears).where(eq(holidayYears.country, 'CN')).orderBy(holidayYears.year);
  /** An older package: the year's seeded dates and the seed's mark are not in the tables (staff rows stay). */
  const forgetSeededYear = async (year: number) => {
    await database.db
      .delete(holidays)
      .where(
        and(eq(holidays.source, 'seed'), gte(holidays.date, `${year}-01-01`), lt(holidays.date, `${year + 1}-01-01`)),
      );
    await database.db.delete(holidayYears).where(and(eq(holidayYears.source, 'seed'), eq(holidayYears.year, year)));
  };
  const service = (log = capturingLogger().log) => createCalendarService({ db: database.db, clock, log });
  const editDeps = (calendars: CalendarService) => ({ db: database.db, clock, calendars, log: capturingLogger().log });

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
      await database.db.delete(holidayYears);
    });

    it('R-TKT-3 a fresh table gets every date and every year of the package, once', async () => {
      const first = await seedHolidays(database.db, clock.now());
      expect(first).toEqual({ insertedYears: SEED_YEARS, insertedRows: SEED.length, completedYears: SEED_YEARS });
      expect(await countRows()).toBe(SEED.length);
      const row = await rowOf('2025-10-11');
      expect(row).toMatchObject({ kind: 'workday', source: 'seed', updatedAt: clock.now(), isRemoved: false });
      expect(row!.updatedBy).toMatch(/^chinese-days@\d/);
      const marks = await yearMarks();
      expect(marks.map((m) => m.year)).toEqual(SEED_YEARS);
      expect(marks.every((m) => m.isComplete && m.source === 'seed' && m.updatedBy === row!.updatedBy)).toBe(true);

      const again = await seedHolidays(database.db, new Date(clock.now().getTime() + 60_000));
      expect(again).toEqual({ insertedYears: [], insertedRows: 0, completedYears: [] });
      expect(await countRows()).toBe(SEED.length);
      expect((await rowOf('2025-10-11'))!.updatedAt).toEqual(clock.now());
    });

    it('R-TKT-3 seeding twice is a no-op: an admin edit, removal and year mark survive re-seeding', async () => {
      await seedHolidays(database.db, clock.now());
      const calendars = service();
      await setCalendarDay(editDeps(calendars), ADMIN_PRINCIPAL, 'CN', '2025-10-08', {
        kind: 'workday',
        name: 'Corrected',
      });
      await removeCalendarDay(editDeps(calendars), ADMIN_PRINCIPAL, 'CN', '2025-10-11');
      await markCalendarYear(editDeps(calendars), ADMIN_PRINCIPAL, 'CN', 2024, { complete: false });
      for (let i = 0; i < 2; i++)
        expect(await seedHolidays(database.db, clock.now())).toEqual({
          insertedYears: [],
          insertedRows: 0,
          completedYears: [],
        });
      expect(await rowOf('2025-10-08')).toMatchObject({
        kind: 'workday',
        name: 'Corrected',
        source: 'admin',
        updatedBy: 'admin',
        isRemoved: false,
      });
      // The removal is a tombstone: the seed, which inserts every package date the table lacks, does not revive it.
      expect(await rowOf('2025-10-11')).toMatchObject({
        kind: 'workday',
        source: 'admin',
        updatedBy: 'admin',
        isRemoved: true,
      });
      expect(await countRows()).toBe(SEED.length);
      expect((await yearMarks()).find((m) => m.year === 2024)).toMatchObject({ isComplete: false, source: 'admin' });
      await calendars.load();
      // What the start-up seed compares with: the tombstone and the not-complete mark count as there.
      const known = calendars.storedKeys('CN');
      expect(known.dates.has('2025-10-11') && known.years.has(2024)).toBe(true);
      expect(known.dates.size).toBe(SEED.length);
      expect(await seedHolidays(database.db, clock.now(), known)).toEqual({
        insertedYears: [],
        insertedRows: 0,
        completedYears: [],
      });
      expect(calendars.holidays('CN')!.days.has('2025-10-11')).toBe(false);
      expect(calendars.holidays('CN')!.days.get('2025-10-08')).toBe('workday');
      expect(calendars.missingYears('CN', [2024, 2025])).toEqual([2024]);
    });

    it('R-TKT-3 a package year absent from the table is seeded again at the next start; staff edits are kept', async () => {
      await seedHolidays(database.db, clock.now());
      const calendars = service();
      const [editedDate, removedDate] = seedRowsOf(LATEST).map((r) => r.date);
      await setCalendarDay(editDeps(calendars), ADMIN_PRINCIPAL, 'CN', editedDate!, {
        kind: 'workday',
        name: 'Staff edit',
      });
      await removeCalendarDay(editDeps(calendars), ADMIN_PRINCIPAL, 'CN', removedDate!);
      await setCalendarDay(editDeps(calendars), ADMIN_PRINCIPAL, 'CN', '2025-10-08', {
        kind: 'workday',
        name: 'Corrected',
      });
      await database.db.update(holidays).set({ name: 'kept' }).where(eq(holidays.date, '2025-10-01'));
      await forgetSeededYear(LATEST);
      expect(await countRows(LATEST)).toBe(2); // the staff's two rows

      // As the start-up does it: load, then seed what the load did not find.
      await calendars.load();
      expect(calendars.missingYears('CN', [LATEST])).toEqual([LATEST]);
      const result = await seedHolidays(database.db, clock.now(), calendars.storedKeys('CN'));
      expect(result).toEqual({
        insertedYears: [LATEST],
        insertedRows: seedRowsOf(LATEST).length - 2,
        completedYears: [LATEST],
      });
      expect(await countRows(LATEST)).toBe(seedRowsOf(LATEST).length);
      expect(await rowOf(editedDate!)).toMatchObject({
        kind: 'workday',
        name: 'Staff edit',
        source: 'admin',
        isRemoved: false,
      });
      expect(await rowOf(removedDate!)).toMatchObject({ source: 'admin', isRemoved: true });
      expect(await rowOf('2025-10-08')).toMatchObject({ name: 'Corrected', source: 'admin' });
      expect((await rowOf('2025-10-01'))!.name).toBe('kept');
      // Dates lost from a year that keeps its mark come back too: the seed goes date by date.
      await database.db.delete(holidays).where(and(eq(holidays.source, 'seed'), eq(holidays.date, '2025-10-02')));
      expect(await seedHolidays(database.db, clock.now())).toEqual({
        insertedYears: [2025],
        insertedRows: 1,
        completedYears: [],
      });
      expect(await seedHolidays(database.db, clock.now())).toEqual({
        insertedYears: [],
        insertedRows: 0,
        completedYears: [],
      });
    });

    it('R-TKT-3 one staff-entered date of a year the package lacks: still missing; a newer package fills the year in', async () => {
      // The package of the day ends the year before LATEST; an admin enters LATEST's New Year ahead of time.
      await seedHolidays(database.db, clock.now());
      await forgetSeededYear(LATEST);
      const { log, warnings } = capturingLogger();
      const calendars = createCalendarService({
        db: database.db,
        clock: new TestClock(new Date(`${LATEST}-01-10T00:00:00Z`)),
        log,
      });
      const firstDay = seedRowsOf(LATEST)[0]!;
      await setCalendarDay(editDeps(calendars), ADMIN_PRINCIPAL, 'CN', firstDay.date, {
        kind: firstDay.kind,
        name: 'Entered by staff',
      });
      expect(calendars.missingYears('CN', [LATEST - 1, LATEST])).toEqual([LATEST]);
      const { calendar } = calendars.forRegion(catalog, 'cn-north-4', 'Asia/Shanghai', 'business_hours');
      expect(warnings().map((w) => [w.country, w.year])).toEqual([['CN', LATEST]]);
      expect(isWorkingDay(firstDay.date, calendar)).toBe(firstDay.kind === 'workday'); // the entered day applies
      // A Spring Festival weekday of LATEST: not in the table yet, so a plain working day.
      const spring = seedRowsOf(LATEST).find(
        (r) =>
          r.kind === 'holiday' &&
          r.date > `${LATEST}-01-20` &&
          [1, 2, 3, 4, 5].includes(new Date(`${r.date}T00:00:00Z`).getUTCDay()),
      )!;
      expect(isWorkingDay(spring.date, calendar)).toBe(true);

      // The next start with a package that has the year: its other dates are seeded, the staff's date kept.
      const seeded = await seedHolidays(database.db, clock.now());
      expect(seeded).toEqual({
        insertedYears: [LATEST],
        insertedRows: seedRowsOf(LATEST).length - 1,
        completedYears: [LATEST],
      });
      expect(await rowOf(firstDay.date)).toMatchObject({ name: 'Entered by staff', source: 'admin' });
      await calendars.load();
      expect(calendars.missingYears('CN', [LATEST - 1, LATEST])).toEqual([]);
      expect(
        isWorkingDay(
          spring.date,
          calendars.forRegion(catalog, 'cn-north-4', 'Asia/Shanghai', 'business_hours').calendar,
        ),
      ).toBe(false);
    });
  });

  describe('the calendar service', () => {
    beforeAll(async () => {
      await database.db.delete(holidays);
      await database.db.delete(holidayYears);
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
      expect(calendars.forRegion(catalog, 'cn-north-4', 'Europe/Berlin', 'business_hours').calendar).not.toBe(
        a.calendar,
      );
    });

    it('R-TKT-3 refreshIfChanged picks up another process’s edits, including one made at the same instant', async () => {
      const mine = service();
      const other = service();
      await mine.load();
      await other.load();
      expect(await other.refreshIfChanged()).toBe(false);
      const before = other.holidays('CN');

      await setCalendarDay(editDeps(mine), ADMIN_PRINCIPAL, 'CN', '2026-03-02', {
        kind: 'holiday',
        name: 'Extra day off',
      });
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
      await setCalendarDay(editDeps(mine), ADMIN_PRINCIPAL, 'CN', '2026-03-02', {
        kind: 'workday',
        name: 'Extra day off',
      });
      expect(await other.refreshIfChanged()).toBe(true);
      expect(other.holidays('CN')!.days.get('2026-03-02')).toBe('workday');

      await removeCalendarDay(editDeps(mine), ADMIN_PRINCIPAL, 'CN', '2026-03-02');
      expect(await other.refreshIfChanged()).toBe(true);
      expect(other.holidays('CN')!.days.has('2026-03-02')).toBe(false);
      const audits = await database.db.select().from(auditEvents).where(eq(auditEvents.objectId, 'CN:2026-03-02'));
      expect(audits.map((a) => a.action).sort()).toEqual([
        'calendar.day_removed',
        'calendar.day_set',
        'calendar.day_set',
      ]);
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
      expect(warnings().map((w) => [w.country, w.year])).toEqual([
        ['CN', LATEST + 1],
        ['CN', LATEST + 2],
      ]);
      // Weekday rule in a year without data: a Friday works, a Saturday does not.
      const friday = [1, 2, 3, 4, 5, 6, 7]
        .map((d) => `${LATEST + 1}-05-0${d}`)
        .find((d) => new Date(`${d}T00:00:00Z`).getUTCDay() === 5)!;
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

    it('R-TKT-3 a region naming a country without data: every year missing, until an admin adds days and marks the year complete', async () => {
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

      await setCalendarDay(editDeps(calendars), ADMIN_PRINCIPAL, 'DE', '2026-12-25', {
        kind: 'holiday',
        name: 'Weihnachten',
      });
      expect(calendars.countries()).toEqual(['CN', 'DE']);
      const cnTable = calendars.holidays('CN');
      const after = calendars.forRegion(withDe, 'eu-de-1', 'Europe/Berlin', 'business_hours');
      expect(after.calendar).not.toBe(de.calendar);
      expect(isWorkingDay('2026-12-25', after.calendar)).toBe(false);
      const june = [Date.parse('2026-06-01T00:00:00Z'), Date.parse('2026-07-01T00:00:00Z')] as const;
      // One date is not a year's data: still missing until the admin says the year is complete.
      expect(calendars.yearsWithoutData(after.calendar, ...june)).toEqual([2026]);
      expect(calendars.missingYears('DE', [2026])).toEqual([2026]);
      // Editing DE keeps CN's table object (the engine's compiled CN calendars stay warm).
      await setCalendarDay(editDeps(calendars), ADMIN_PRINCIPAL, 'DE', '2026-12-26', {
        kind: 'holiday',
        name: 'Zweiter Weihnachtstag',
      });
      const marked = await markCalendarYear(editDeps(calendars), ADMIN_PRINCIPAL, 'DE', 2026, { complete: true });
      expect(marked).toEqual({
        id: 'DE',
        year: 2026,
        complete: true,
        source: 'admin',
        updatedBy: 'admin',
        updatedAt: clock.now().toISOString(),
      });
      expect(calendars.holidays('CN')).toBe(cnTable);
      const complete = calendars.forRegion(withDe, 'eu-de-1', 'Europe/Berlin', 'business_hours');
      expect(calendars.yearsWithoutData(complete.calendar, ...june)).toEqual([]);
      expect(calendars.missingYears('DE', [2025, 2026, 2027])).toEqual([2025, 2027]);
      expect(warnings().map((w) => [w.country, w.year])).toEqual([['DE', 2026]]);
      // Its days removed, a year marked complete still has data: a year without any holiday, as the admin says.
      await removeCalendarDay(editDeps(calendars), ADMIN_PRINCIPAL, 'DE', '2026-12-25');
      await removeCalendarDay(editDeps(calendars), ADMIN_PRINCIPAL, 'DE', '2026-12-26');
      expect(calendars.holidays('DE')).toEqual({ country: 'DE', days: new Map(), years: new Set([2026]) });
      await markCalendarYear(editDeps(calendars), ADMIN_PRINCIPAL, 'DE', 2026, { complete: false });
      expect(calendars.missingYears('DE', [2026])).toEqual([2026]);
      // No date in force and no complete year: no table (a region naming DE gets the empty one, every year missing).
      expect(calendars.countries()).toEqual(['CN']);
      expect(calendars.holidays('DE')).toBeNull();
      const audits = await database.db.select().from(auditEvents).where(eq(auditEvents.objectId, 'DE:2026'));
      expect(audits.map((a) => a.data)).toEqual([
        { before: null, after: { complete: true } },
        { before: { complete: true, source: 'admin' }, after: { complete: false } },
      ]);
    });

    it('R-TKT-3 one staff-entered date in a missing year keeps it missing (warning); marking it complete removes it, in every process', async () => {
      const { log, warnings } = capturingLogger();
      const later = new TestClock(new Date(`${LATEST + 1}-03-01T00:00:00Z`));
      const mine = createCalendarService({ db: database.db, clock: later, log });
      const other = createCalendarService({ db: database.db, clock: later, log: capturingLogger().log });
      await mine.load();
      await other.load();
      const date = `${LATEST + 1}-01-01`;
      await setCalendarDay(
        { db: database.db, clock: later, calendars: mine, log: capturingLogger().log },
        ADMIN_PRINCIPAL,
        'CN',
        date,
        {
          kind: 'holiday',
          name: 'New Year',
        },
      );
      expect(await other.refreshIfChanged()).toBe(true);
      for (const calendars of [mine, other]) {
        expect(calendars.holidays('CN')!.days.get(date)).toBe('holiday');
        expect(calendars.missingYears('CN', [LATEST, LATEST + 1])).toEqual([LATEST + 1]);
      }
      const cal = () => mine.forRegion(catalog, 'cn-north-4', 'Asia/Shanghai', 'business_hours').calendar;
      expect(isWorkingDay(date, cal())).toBe(false);
      expect(warnings().map((w) => [w.country, w.year])).toEqual([['CN', LATEST + 1]]);

      await markCalendarYear(
        { db: database.db, clock: later, calendars: mine, log: capturingLogger().log },
        ADMIN_PRINCIPAL,
        'CN',
        LATEST + 1,
        {
          complete: true,
        },
      );
      expect(mine.missingYears('CN', [LATEST, LATEST + 1])).toEqual([]);
      expect(mine.yearsWithoutData(cal(), later.now().getTime(), later.now().getTime())).toEqual([]);
      // Another process sees the mark through the refresh, even made at the same instant as the day's edit.
      expect(await other.refreshIfChanged()).toBe(true);
      expect(other.missingYears('CN', [LATEST + 1])).toEqual([]);
      expect(await other.refreshIfChanged()).toBe(false);
      // The seed leaves an admin's mark alone.
      expect(await seedHolidays(database.db, later.now())).toEqual({
        insertedYears: [],
        insertedRows: 0,
        completedYears: [],
      });
      expect((await yearMarks()).find((m) => m.year === LATEST + 1)).toMatchObject({
        isComplete: true,
        source: 'admin',
      });

      await markCalendarYear(
        { db: database.db, clock: later, calendars: mine, log: capturingLogger().log },
        ADMIN_PRINCIPAL,
        'CN',
        LATEST + 1,
        {
          complete: false,
        },
      );
      expect(await other.refreshIfChanged()).toBe(true);
      expect(other.missingYears('CN', [LATEST + 1])).toEqual([LATEST + 1]);
      await database.db.delete(holidayYears).where(eq(holidayYears.year, LATEST + 1));
      await database.db.delete(holidays).where(eq(holidays.date, date));
    });
  });
});
