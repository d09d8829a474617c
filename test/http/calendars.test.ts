/**
 * R-TKT-3 holiday calendar routes through inject(), on a minimal fastify app with the production plumbing (zod
 * compilers, the error mapping, the auth hook with a stub authenticate) and the routes as the calendars module registers them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import fastifySwagger from '@fastify/swagger';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { and, eq, gte, lt } from 'drizzle-orm';
import { pino } from 'pino';
import { TestClock } from '../../src/platform/clock.js';
import { testConfig } from '../../src/platform/config.js';
import type { Database } from '../../src/platform/db.js';
import type { Deps } from '../../src/platform/deps.js';
import { DomainError } from '../../src/platform/errors.js';
import { installAuth } from '../../src/platform/http/auth-plugin.js';
import { installErrorHandler } from '../../src/platform/http/error-handler.js';
import { ADMIN_PRINCIPAL, type Principal } from '../../src/platform/http/principal.js';
import { RateLimiter } from '../../src/platform/http/rate-limit.js';
import { OutboxDispatcher } from '../../src/platform/outbox.js';
import { loadCatalog } from '../../src/contexts/catalog/use-cases/load-catalog.js';
import { createCalendarsModule } from '../../src/contexts/calendars/index.js';
import { holidays, holidayYears } from '../../src/contexts/calendars/store/tables.js';
import { chineseDaysSeed } from '../../src/domain/calendar/chinese-days-seed.js';
import { isWorkingDay } from '../../src/domain/calendar/index.js';
import type { App } from '../../src/platform/http/app.js';
import { createTestDatabase, DB_KINDS, type TestDatabase } from '../support/databases.js';

const CUSTOMER: Principal = Object.freeze({
  id: 'usr_customer',
  role: 'customer_owner',
  tenantId: 'acc_t',
  accountId: 'acc_t',
  grade: null,
  keyId: 'key_c',
  via: 'api_key',
});
const STAFF: Principal = Object.freeze({
  id: 'usr_staff',
  role: 'support_engineer',
  tenantId: null,
  accountId: null,
  grade: 'L1',
  keyId: 'key_s',
  via: 'api_key',
});
const TOKENS: Record<string, Principal> = {
  'Bearer admin': ADMIN_PRINCIPAL,
  'Bearer customer': CUSTOMER,
  'Bearer staff': STAFF,
};

const SEED = chineseDaysSeed();
const SEED_YEARS = [...new Set(SEED.map((r) => Number(r.date.slice(0, 4))))].sort((a, b) => a - b);
const LATEST = SEED_YEARS[SEED_YEARS.length - 1]!;
const seedRowsOf = (year: number) => SEED.filter((r) => r.date.startsWith(`${year}-`));

/** The calendars module as these tests use it: its service and its routes (a second call is a restart). */
async function startCalendars(d: Deps) {
  const m = await createCalendarsModule(d);
  return { service: m.provides.calendars, register: (app: App) => m.routes?.(app) };
}
type Calendars = Awaited<ReturnType<typeof startCalendars>>;

describe.each(DB_KINDS)('calendar routes on %s', (kind) => {
  let tdb: TestDatabase;
  let database: Database;
  let app: App;
  let calendars: Calendars;
  let outbox: OutboxDispatcher;
  // The server clock in the last year with data: next year is missing.
  const clock = new TestClock(new Date(`${LATEST}-06-01T04:00:00Z`));

  async function call(method: 'GET' | 'PUT' | 'DELETE', url: string, token = 'admin', body?: unknown) {
    const res = await app.inject({
      method,
      url,
      headers: token ? { authorization: `Bearer ${token}` } : {},
      ...(body !== undefined ? { payload: body as object } : {}),
    });
    return { status: res.statusCode, body: res.json() };
  }
  const cnCalendar = () =>
    calendars.service.forRegion(deps().catalog, 'cn-north-4', 'Asia/Shanghai', 'business_hours').calendar;
  let deps: () => Deps;

  beforeAll(async () => {
    tdb = await createTestDatabase(kind);
    database = await tdb.open();
    const log = pino({ level: 'silent' });
    const catalog = await loadCatalog('huaweicloud-intl');
    outbox = new OutboxDispatcher(database.db, clock, log);
    const d: Deps = { db: database.db, catalog, clock, log, outbox, config: testConfig() };
    deps = () => d;
    calendars = await startCalendars(d);
    app = Fastify({ logger: false }).withTypeProvider<ZodTypeProvider>();
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    await app.register(fastifySwagger, {
      openapi: { openapi: '3.1.0', info: { title: 'test', version: '1' } },
      transform: jsonSchemaTransform,
    });
    installErrorHandler(app);
    installAuth(app, {
      authenticate: async (token) => {
        const principal = TOKENS[`Bearer ${token}`];
        if (!principal) throw new DomainError('UNAUTHENTICATED');
        return principal;
      },
      limiter: new RateLimiter(0),
    });
    calendars.register(app);
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await outbox?.stop();
    await database?.close();
    await tdb?.drop();
  });

  it('the routes are in the OpenAPI document under the calendars tag', () => {
    const doc = app.swagger() as { paths: Record<string, Record<string, { tags?: string[] }>> };
    expect(Object.keys(doc.paths['/api/v1/calendars/{id}/days/{date}'] ?? {}).sort()).toEqual(['delete', 'put']);
    expect(Object.keys(doc.paths['/api/v1/calendars/{id}/years/{year}'] ?? {})).toEqual(['put']);
    expect(doc.paths['/api/v1/calendars/{id}/years/{year}']?.put?.tags).toEqual(['calendars']);
    expect(doc.paths['/api/v1/calendars/{id}']?.get?.tags).toEqual(['calendars']);
    expect(doc.paths['/api/v1/calendars']?.get?.tags).toEqual(['calendars']);
  });

  it('GET /api/v1/calendars lists the seeded CN calendar to any caller', async () => {
    for (const token of ['admin', 'customer']) {
      const res = await call('GET', '/api/v1/calendars', token);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        items: [{ id: 'CN', years: SEED_YEARS, dayCount: SEED.length }],
        page: 1,
        pageSize: 10,
        total: 1,
      });
    }
    expect((await call('GET', '/api/v1/calendars', '')).body.error.code).toBe('UNAUTHENTICATED');
  });

  it('R-TKT-3 GET /api/v1/calendars/CN: this year’s days, and next year reported missing', async () => {
    const res = await call('GET', '/api/v1/calendars/CN', 'customer');
    expect(res.status).toBe(200);
    expect(res.body.id).toBe('CN');
    expect(res.body.years).toEqual(SEED_YEARS);
    expect(res.body.missingYears).toEqual([LATEST + 1]);
    expect(res.body.year).toBe(LATEST);
    expect(res.body.yearStatus).toMatchObject({
      complete: true,
      source: 'seed',
      updatedBy: expect.stringMatching(/^chinese-days@\d/),
    });
    expect(res.body.days.map((d: { date: string }) => d.date)).toEqual(
      SEED.filter((r) => r.date.startsWith(`${LATEST}-`)).map((r) => r.date),
    );

    const y2025 = await call('GET', '/api/v1/calendars/CN?year=2025', 'customer');
    expect(y2025.body.year).toBe(2025);
    expect(y2025.body.days.find((d: { date: string }) => d.date === '2025-10-11')).toMatchObject({
      kind: 'workday',
      source: 'seed',
    });
    expect(y2025.body.days.find((d: { date: string }) => d.date === '2025-10-01')).toMatchObject({
      kind: 'holiday',
      source: 'seed',
    });
  });

  it('R-TKT-3 a country without data: 200, no years, all three years missing', async () => {
    const res = await call('GET', '/api/v1/calendars/FR');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: 'FR',
      years: [],
      missingYears: [LATEST - 1, LATEST, LATEST + 1],
      year: LATEST,
      yearStatus: null,
      days: [],
      invalidDays: [],
    });
  });

  it('R-TKT-3 the admin sets and removes a day; the SLA calendar follows at once', async () => {
    const date = `${LATEST + 1}-01-04`; // next year, no data yet
    expect(isWorkingDay('2025-10-13', cnCalendar())).toBe(true); // a plain Monday
    const set = await call('PUT', '/api/v1/calendars/CN/days/2025-10-13', 'admin', {
      kind: 'holiday',
      name: 'Typhoon closure',
    });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({
      id: 'CN',
      date: '2025-10-13',
      kind: 'holiday',
      name: 'Typhoon closure',
      source: 'admin',
      updatedBy: 'admin',
      updatedAt: clock.now().toISOString(),
    });
    expect(isWorkingDay('2025-10-13', cnCalendar())).toBe(false);

    // Overwrite a seeded day: the 调休 Saturday becomes a day off.
    const flip = await call('PUT', '/api/v1/calendars/CN/days/2025-10-11', 'admin', {
      kind: 'holiday',
      name: 'No make-up day',
    });
    expect(flip.body).toMatchObject({ kind: 'holiday', source: 'admin' });
    expect(isWorkingDay('2025-10-11', cnCalendar())).toBe(false);

    // A day of next year: applied at once, but one date is not the year's data, so the year stays missing.
    expect(
      (await call('PUT', `/api/v1/calendars/CN/days/${date}`, 'admin', { kind: 'holiday', name: 'New Year' })).status,
    ).toBe(200);
    const view = await call('GET', `/api/v1/calendars/CN`);
    expect(view.body.missingYears).toEqual([LATEST + 1]);
    expect(view.body.years).toEqual(SEED_YEARS);
    expect(calendars.service.missingYears('CN', [LATEST + 1])).toEqual([LATEST + 1]);
    const nextYear = await call('GET', `/api/v1/calendars/CN?year=${LATEST + 1}`);
    expect(nextYear.body).toMatchObject({
      year: LATEST + 1,
      yearStatus: null,
      days: [{ date, kind: 'holiday', source: 'admin' }],
    });

    const removed = await call('DELETE', `/api/v1/calendars/CN/days/${date}`);
    expect(removed.status).toBe(200);
    expect(removed.body).toMatchObject({ id: 'CN', date, kind: 'holiday', source: 'admin', updatedBy: 'admin' });
    expect((await call('GET', `/api/v1/calendars/CN?year=${LATEST + 1}`)).body.days).toEqual([]);
    expect((await call('DELETE', `/api/v1/calendars/CN/days/${date}`)).status).toBe(404); // removed already
    expect((await call('GET', '/api/v1/calendars/CN')).body.missingYears).toEqual([LATEST + 1]);
    expect((await call('DELETE', '/api/v1/calendars/CN/days/2025-10-13')).status).toBe(200);
    expect(isWorkingDay('2025-10-13', cnCalendar())).toBe(true);
    // Set again after a removal: in force again.
    expect(
      (await call('PUT', '/api/v1/calendars/CN/days/2025-10-13', 'admin', { kind: 'holiday', name: 'Typhoon closure' }))
        .status,
    ).toBe(200);
    expect(isWorkingDay('2025-10-13', cnCalendar())).toBe(false);
    expect((await call('DELETE', '/api/v1/calendars/CN/days/2025-10-13')).status).toBe(200);
  });

  it('R-TKT-3 one staff-entered date keeps a year missing; PUT …/years/{year} marks it complete (and not)', async () => {
    const year = LATEST + 1;
    const date = `${year}-01-01`;
    expect(
      (await call('PUT', `/api/v1/calendars/CN/days/${date}`, 'admin', { kind: 'holiday', name: 'New Year' })).status,
    ).toBe(200);
    expect((await call('GET', '/api/v1/calendars/CN')).body.missingYears).toEqual([year]);

    const marked = await call('PUT', `/api/v1/calendars/CN/years/${year}`, 'admin', { complete: true });
    expect(marked.status).toBe(200);
    expect(marked.body).toEqual({
      id: 'CN',
      year,
      complete: true,
      source: 'admin',
      updatedBy: 'admin',
      updatedAt: clock.now().toISOString(),
    });
    const view = await call('GET', `/api/v1/calendars/CN?year=${year}`, 'customer');
    expect(view.body).toMatchObject({
      missingYears: [],
      years: [...SEED_YEARS, year],
      yearStatus: { complete: true, source: 'admin', updatedBy: 'admin' },
    });
    expect(calendars.service.missingYears('CN', [year])).toEqual([]);
    expect((await call('GET', '/api/v1/calendars')).body.items).toEqual([
      { id: 'CN', years: [...SEED_YEARS, year], dayCount: SEED.length + 1 },
    ]);

    // A year with no date at all, marked complete: data (a year without holidays), for a country without rows too.
    expect((await call('PUT', `/api/v1/calendars/FR/years/${LATEST}`, 'admin', { complete: true })).status).toBe(200);
    expect((await call('GET', '/api/v1/calendars/FR')).body).toMatchObject({
      years: [LATEST],
      missingYears: [LATEST - 1, LATEST + 1],
      days: [],
    });
    expect(calendars.service.missingYears('FR', [LATEST])).toEqual([]);

    // Not complete: missing again, also for a seeded year (the seed leaves an admin's mark alone).
    expect((await call('PUT', `/api/v1/calendars/CN/years/${year}`, 'admin', { complete: false })).body).toMatchObject({
      complete: false,
      source: 'admin',
    });
    expect((await call('PUT', `/api/v1/calendars/CN/years/${LATEST}`, 'admin', { complete: false })).status).toBe(200);
    expect((await call('GET', '/api/v1/calendars/CN')).body.missingYears).toEqual([LATEST, year]);
    expect(calendars.service.missingYears('CN', [LATEST, year])).toEqual([LATEST, year]);
    await startCalendars(deps()); // a restart seeds again
    expect((await call('GET', '/api/v1/calendars/CN')).body).toMatchObject({
      missingYears: [LATEST, year],
      yearStatus: { complete: false, source: 'admin' },
    });

    expect((await call('PUT', `/api/v1/calendars/CN/years/${LATEST}`, 'admin', { complete: true })).status).toBe(200);
    expect((await call('DELETE', `/api/v1/calendars/CN/days/${date}`)).status).toBe(200);
    expect((await call('GET', '/api/v1/calendars/CN')).body.missingYears).toEqual([year]);
  });

  it('R-TKT-3 a restart seeds a package year the table lacks and the dates lost from a year, keeping staff edits', async () => {
    const [edited, removed, lost] = seedRowsOf(LATEST).map((r) => r.date);
    expect(
      (await call('PUT', `/api/v1/calendars/CN/days/${edited}`, 'admin', { kind: 'workday', name: 'Staff edit' }))
        .status,
    ).toBe(200);
    expect((await call('DELETE', `/api/v1/calendars/CN/days/${removed}`)).status).toBe(200);
    // Seeding twice is a no-op: the staff's rows stay as they are.
    for (let i = 0; i < 2; i++) await startCalendars(deps());
    const before = (await call('GET', '/api/v1/calendars/CN')).body;
    expect(before.days.find((d: { date: string }) => d.date === edited)).toMatchObject({
      kind: 'workday',
      name: 'Staff edit',
      source: 'admin',
    });
    expect(before.days.find((d: { date: string }) => d.date === removed)).toBeUndefined();

    // An older package's database: LATEST's seeded dates and its mark are not there; another year lost one date.
    const { db } = deps();
    await db
      .delete(holidays)
      .where(
        and(
          eq(holidays.source, 'seed'),
          gte(holidays.date, `${LATEST}-01-01`),
          lt(holidays.date, `${LATEST + 1}-01-01`),
        ),
      );
    await db.delete(holidayYears).where(and(eq(holidayYears.country, 'CN'), eq(holidayYears.year, LATEST)));
    await db.delete(holidays).where(eq(holidays.date, '2025-10-01'));
    await calendars.service.load();
    expect((await call('GET', '/api/v1/calendars/CN')).body.missingYears).toEqual([LATEST, LATEST + 1]);
    expect(calendars.service.missingYears('CN', [LATEST])).toEqual([LATEST]);
    expect(isWorkingDay(lost!, cnCalendar())).toBe(![0, 6].includes(new Date(`${lost}T00:00:00Z`).getUTCDay()));

    const restarted = await startCalendars(deps());
    const after = (await call('GET', '/api/v1/calendars/CN')).body;
    expect(after.missingYears).toEqual([LATEST + 1]);
    expect(after.yearStatus).toMatchObject({ complete: true, source: 'seed' });
    expect(after.days.map((d: { date: string }) => d.date)).toEqual(
      seedRowsOf(LATEST)
        .map((r) => r.date)
        .filter((d) => d !== removed),
    );
    expect(after.days.find((d: { date: string }) => d.date === edited)).toMatchObject({
      kind: 'workday',
      name: 'Staff edit',
      source: 'admin',
    });
    expect(restarted.service.missingYears('CN', [LATEST])).toEqual([]);
    expect(
      isWorkingDay(
        '2025-10-01',
        restarted.service.forRegion(deps().catalog, 'cn-north-4', 'Asia/Shanghai', 'business_hours').calendar,
      ),
    ).toBe(false);
    expect(
      (await call('GET', '/api/v1/calendars/CN?year=2025')).body.days.find(
        (d: { date: string }) => d.date === '2025-10-01',
      ),
    ).toMatchObject({ source: 'seed' });
    await calendars.service.load();
  });

  it('FORBIDDEN: only the provider admin edits', async () => {
    for (const token of ['customer', 'staff']) {
      const put = await call('PUT', '/api/v1/calendars/CN/days/2025-10-13', token, { kind: 'holiday', name: 'x' });
      expect(put.status).toBe(403);
      expect(put.body.error.code).toBe('FORBIDDEN');
      const del = await call('DELETE', '/api/v1/calendars/CN/days/2025-10-01', token);
      expect(del.body.error.code).toBe('FORBIDDEN');
    }
    for (const token of ['customer', 'staff']) {
      const year = await call('PUT', `/api/v1/calendars/CN/years/${LATEST + 1}`, token, { complete: true });
      expect(year.status).toBe(403);
      expect(year.body.error).toMatchObject({ code: 'FORBIDDEN', details: { requiredRole: 'provider_admin' } });
    }
    expect(isWorkingDay('2025-10-13', cnCalendar())).toBe(true);
    expect(isWorkingDay('2025-10-01', cnCalendar())).toBe(false);
    expect(calendars.service.missingYears('CN', [LATEST + 1])).toEqual([LATEST + 1]);
  });

  it('NOT_FOUND: deleting a day the table does not have', async () => {
    const res = await call('DELETE', '/api/v1/calendars/CN/days/2025-10-14');
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: 'NOT_FOUND', details: { country: 'CN', date: '2025-10-14' } });
  });

  it.each([
    ['a malformed date', 'PUT', '/api/v1/calendars/CN/days/2025-1-01', { kind: 'holiday', name: 'x' }],
    ['an impossible date', 'PUT', '/api/v1/calendars/CN/days/2026-02-30', { kind: 'holiday', name: 'x' }],
    ['an unknown kind', 'PUT', '/api/v1/calendars/CN/days/2026-02-20', { kind: 'weekend', name: 'x' }],
    ['an empty name', 'PUT', '/api/v1/calendars/CN/days/2026-02-20', { kind: 'holiday', name: ' ' }],
    ['a missing body', 'PUT', '/api/v1/calendars/CN/days/2026-02-20', undefined],
    ['a lower-case country', 'PUT', '/api/v1/calendars/cn/days/2026-02-20', { kind: 'holiday', name: 'x' }],
    ['a three-letter country', 'GET', '/api/v1/calendars/CHN', undefined],
    ['a non-numeric year', 'GET', '/api/v1/calendars/CN?year=twenty', undefined],
    ['a bad date on delete', 'DELETE', '/api/v1/calendars/CN/days/yesterday', undefined],
    ['a year out of range', 'PUT', '/api/v1/calendars/CN/years/999', { complete: true }],
    ['a non-numeric year in the path', 'PUT', '/api/v1/calendars/CN/years/next', { complete: true }],
    ['a fractional year', 'PUT', '/api/v1/calendars/CN/years/2027.5', { complete: true }],
    ['a year without complete', 'PUT', '/api/v1/calendars/CN/years/2027', {}],
    ['complete as a string', 'PUT', '/api/v1/calendars/CN/years/2027', { complete: 'true' }],
    ['a year of a lower-case country', 'PUT', '/api/v1/calendars/cn/years/2027', { complete: true }],
  ] as const)('VALIDATION_FAILED: %s', async (_name, method, url, body) => {
    const res = await call(method, url, 'admin', body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.details.issues.length).toBeGreaterThan(0);
  });
});
