/**
 * Issue 11 (High): a holiday date the calendar engine cannot compute with (`0001-01-01`, `9999-12-31`) answered 500
 * but was stored; from then on every test-clock PUT answered 500 and a restart exited. Now: such dates are refused
 * before any write (400 VALIDATION_FAILED, nothing stored), and a row that is in the table anyway (an older version,
 * a hand edit) is skipped at every load, logged, and reported on GET /calendars/{id} (`invalidDays`) — the server
 * starts and serves, and the admin can remove it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { Writable } from 'node:stream';
import { buildApp } from '../../src/app/build-app.js';
import { createLogger } from '../../src/platform/logger.js';
import { DB_KINDS } from '../support/databases.js';
import { ADMIN_TOKEN, startTestApp, type TestApp } from '../support/harness.js';
import { expectError } from '../support/actors.js';

async function holidayRows(t: { app: TestApp['app'] }, date: string): Promise<number> {
  const res = (await t.app.deps.db.execute(
    sql`SELECT count(*)::int AS n FROM holidays WHERE country = 'CN' AND date = ${date}::date`,
  )) as unknown as { rows: { n: number }[] };
  return Number(res.rows[0]!.n);
}

describe.each(DB_KINDS)('holiday dates the engine cannot use on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ kind });
  });
  afterAll(async () => {
    await t?.close();
  });

  it.each(['0001-01-01', '9999-12-31', '0999-12-31', '2026-02-30'])(
    'issue 11 PUT /calendars/CN/days/%s is VALIDATION_FAILED before any write; the test clock still moves',
    async (date) => {
      const res = await t.api.put(`/api/v1/calendars/CN/days/${date}`, { kind: 'holiday', name: 'x' });
      expect(expectError(res, 400, 'VALIDATION_FAILED').issues.map((i: { path: string }) => i.path)).toEqual([
        'params.date',
      ]);
      if (date !== '2026-02-30') expect(await holidayRows(t, date)).toBe(0);
      expect((await t.api.put('/api/v1/test-clock', { now: '2026-01-02T00:00:00Z' })).status).toBe(200);
    },
  );

  it('issue 11 a bad row already in the table: the server starts, logs it, reports it, and the admin removes it', async () => {
    const own = await startTestApp({ kind });
    const db = own.app.deps.db;
    await db.execute(sql`INSERT INTO holidays (country, date, kind, name, source, updated_by, updated_at)
      VALUES ('CN', '0001-01-01', 'holiday', 'typo', 'admin', 'admin', now()),
             ('CN', '9999-12-31', 'holiday', 'far', 'admin', 'admin', now())`);
    await db.execute(sql`INSERT INTO holiday_years (country, year, is_complete, source, updated_by, updated_at)
      VALUES ('CN', 9999, true, 'admin', 'admin', now())`);
    const config = own.app.config;
    await own.app.close();
    const lines: Record<string, any>[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _e, done) {
        for (const l of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(l));
        done();
      },
    });
    // A restart on the same database (it used to exit with `RangeError: not a calendar date`).
    const app = await buildApp(config, { logger: createLogger('info', stream) });
    const api = (method: 'GET' | 'PUT' | 'DELETE', url: string, body?: unknown) =>
      app.http
        .inject({
          method,
          url,
          headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body ? { 'content-type': 'application/json' } : {}) },
          ...(body ? { payload: JSON.stringify(body) } : {}),
        })
        .then((r) => ({ status: r.statusCode, body: JSON.parse(r.body) }));
    try {
      expect(lines.filter((l) => /holiday calendar entry skipped/.test(l.msg)).map((l) => l.date ?? l.year)).toEqual(
        expect.arrayContaining(['0001-01-01', '9999-12-31', 9999]),
      );
      const calendar = await api('GET', '/api/v1/calendars/CN?year=2026');
      expect(calendar.status).toBe(200);
      expect(calendar.body.invalidDays.map((d: { date: string }) => d.date)).toEqual(['0001-01-01', '9999-12-31']);
      expect(calendar.body.invalidDays[0]).toMatchObject({ kind: 'holiday', name: 'typo', reason: expect.any(String) });
      expect(calendar.body.years).not.toContain(9999);
      // The SLA clock and the test clock work on the good rows.
      expect((await api('PUT', '/api/v1/test-clock', { now: '2026-01-03T00:00:00Z' })).status).toBe(200);
      const set = await api('PUT', '/api/v1/calendars/CN/days/2026-06-01', { kind: 'holiday', name: 'ok' });
      expect(set.status).toBe(200);
      // The admin removes a bad day through the API (a real date, whatever its year).
      expect((await api('DELETE', '/api/v1/calendars/CN/days/0001-01-01')).status).toBe(200);
      const after = await api('GET', '/api/v1/calendars/CN');
      expect(after.body.invalidDays.map((d: { date: string }) => d.date)).toEqual(['9999-12-31']);
    } finally {
      await app.close();
      await own.db.drop();
    }
  });
});
