/**
 * One-time data migrations (platform/data-migrations.ts) and the first of them, issue 18's recomputation of stored
 * response deadlines (tickets/use-cases/recompute-deadlines.ts), on PGlite and PostgreSQL: recorded so it runs
 * once, also when several processes start at once; a failed step leaves no record and runs again; live tickets whose
 * deadline the old convention left at a close move to the next opening, and the log says how many.
 */
import { eq, inArray } from 'drizzle-orm';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCalendarService } from '../../src/contexts/calendars/use-cases/calendar-service.js';
import { tickets } from '../../src/contexts/tickets/store/tables.js';
import {
  RECOMPUTE_DEADLINES_ID,
  recomputeDeadlinesMigration,
} from '../../src/contexts/tickets/use-cases/recompute-deadlines.js';
import { runDataMigrations, type DataMigration } from '../../src/platform/data-migrations.js';
import type { Database } from '../../src/platform/db.js';
import { dataMigrations } from '../../src/platform/store/tables.js';
import { DB_KINDS } from '../support/databases.js';
import { buyPlan, createCustomer, startTestApp, type TestApp } from '../support/harness.js';
import { newStaff, ok, openTicket } from '../support/tickets.js';

function capturingLogger() {
  const records: Record<string, unknown>[] = [];
  const log = pino({ level: 'info' }, { write: (line: string) => void records.push(JSON.parse(line)) });
  return { log, records };
}

const d = (s: string) => new Date(s);

describe.each(DB_KINDS)('one-time data migrations (%s)', (kind) => {
  let t: TestApp;
  let other: Database | null = null;

  beforeAll(async () => {
    t = await startTestApp({ kind });
  });
  afterAll(async () => {
    await other?.close();
    await t?.close();
  });

  const migration = async () => {
    const { db, clock, log, catalog } = t.app.deps;
    const calendars = createCalendarService({ db, clock, log });
    await calendars.load();
    return recomputeDeadlinesMigration({ catalog, calendars });
  };
  const recorded = () =>
    t.app.deps.db.select().from(dataMigrations).where(eq(dataMigrations.id, RECOMPUTE_DEADLINES_ID));

  it('the start-up ran the deadline recomputation and recorded it (a fresh database: nothing to move)', async () => {
    const [row] = await recorded();
    expect(row?.result).toEqual({
      liveTickets: 0,
      deadlinesMoved: 0,
      warningsMoved: 0,
      breachesKept: 0,
      unknownClock: 0,
    });
    // Recorded: the next start skips it.
    const again = await runDataMigrations(t.app.deps, [await migration()]);
    expect(again).toEqual([{ id: RECOMPUTE_DEADLINES_ID, applied: false }]);
  });

  it('a failed step leaves no record and runs again at the next start', async () => {
    const failing: DataMigration = {
      id: 'test-failing-step',
      description: 'fails once',
      async run(tx) {
        await tx.insert(dataMigrations).values({ id: 'test-side-effect', appliedAt: new Date(), result: {} });
        throw new Error('boom');
      },
    };
    await expect(runDataMigrations(t.app.deps, [failing])).rejects.toThrow('boom');
    const left = await t.app.deps.db
      .select()
      .from(dataMigrations)
      .where(inArray(dataMigrations.id, ['test-failing-step', 'test-side-effect']));
    expect(left).toEqual([]);
    const fixed: DataMigration = { ...failing, run: async () => ({ done: 1 }) };
    expect(await runDataMigrations(t.app.deps, [fixed])).toEqual([
      { id: 'test-failing-step', applied: true, result: { done: 1 } },
    ]);
  });

  it('R-TKT-3 live tickets due at a close under the old convention move to the next opening, once, with several processes starting', async () => {
    await t.setClock('2026-03-05T10:00:00+08:00');
    const dev = await createCustomer(t, { timeZone: 'Asia/Shanghai' });
    await buyPlan(t, dev.id, 'developer', { unit: 'month', count: 1 });
    const ent = await createCustomer(t, { timeZone: 'Asia/Shanghai' });
    await buyPlan(t, ent.id, 'enterprise');
    const eng = await newStaff(t, 'support_engineer', 'senior_expert');
    await t.setClock('2026-03-05T15:00:00+08:00');
    // Thursday 15:00 + 12 working hours: used up at the Friday 18:00 close.
    const [live, breached, closed, answered] = [
      await openTicket(t.api, dev.id, 'system_impaired'),
      await openTicket(t.api, dev.id, 'system_impaired'),
      await openTicket(t.api, dev.id, 'system_impaired'),
      await openTicket(t.api, dev.id, 'system_impaired'),
    ];
    const onTheClock = await openTicket(t.api, ent.id, 'core_system_down'); // 7x24, 15 min: nothing to move
    await t.setClock('2026-03-05T16:00:00+08:00');
    const mid = await openTicket(t.api, dev.id, 'system_impaired'); // due Monday 10:00: not at a close
    ok(await t.api.post(`/api/v1/tickets/${closed.id}/status`, { status: 'closed' }));
    ok(await t.as(eng.token).post(`/api/v1/tickets/${answered.id}/replies`, { body: 'On it' }), 201);
    expect(live.sla.responseDueAt).toBe(d('2026-03-09T09:00:00+08:00').toISOString());
    expect(mid.sla.responseDueAt).toBe(d('2026-03-09T10:00:00+08:00').toISOString());

    // The data as the previous version stored it: due at Friday 18:00; one of them already breached there.
    const { db } = t.app.deps;
    const oldDue = d('2026-03-06T18:00:00+08:00');
    await db
      .update(tickets)
      .set({ responseDueAt: oldDue })
      .where(inArray(tickets.id, [live.id, breached.id, closed.id, answered.id]));
    await db.update(tickets).set({ breached: true, breachedAt: oldDue }).where(eq(tickets.id, breached.id));
    await db.delete(dataMigrations).where(eq(dataMigrations.id, RECOMPUTE_DEADLINES_ID));

    // Two processes start at once (PostgreSQL: two connection pools; PGlite: one process, two calls).
    other = kind === 'postgres' ? await t.db.open() : null;
    const logs = [capturingLogger(), capturingLogger()];
    const outcomes = await Promise.all([
      runDataMigrations({ ...t.app.deps, log: logs[0]!.log }, [await migration()]),
      runDataMigrations({ db: other?.db ?? db, clock: t.app.deps.clock, log: logs[1]!.log }, [await migration()]),
    ]);
    const applied = outcomes.flat().filter((o) => o.applied);
    expect(applied).toHaveLength(1);
    expect(outcomes.flat().filter((o) => !o.applied)).toHaveLength(1);
    const result = { liveTickets: 5, deadlinesMoved: 2, warningsMoved: 0, breachesKept: 1, unknownClock: 0 };
    expect(applied[0]!.result).toEqual(result);
    const lines = logs.flatMap((l) => l.records).filter((r) => r.dataMigration === RECOMPUTE_DEADLINES_ID);
    expect(lines).toEqual([expect.objectContaining({ ...result, level: 30 })]);
    expect((await recorded())[0]?.result).toEqual(result);

    const dueOf = async (id: string) =>
      (await db.select().from(tickets).where(eq(tickets.id, id)))[0]!.responseDueAt.toISOString();
    const monday9 = d('2026-03-09T09:00:00+08:00').toISOString();
    expect(await dueOf(live.id)).toBe(monday9);
    expect(await dueOf(answered.id)).toBe(monday9); // answered on time either way; its deadline shows the one rule
    expect(await dueOf(breached.id)).toBe(oldDue.toISOString()); // the recorded breach stands
    expect(await dueOf(closed.id)).toBe(oldDue.toISOString()); // no longer live: history
    expect(await dueOf(mid.id)).toBe(mid.sla.responseDueAt);
    expect(await dueOf(onTheClock.id)).toBe(onTheClock.sla.responseDueAt);
    // The API shows the moved deadline, and the sweep no longer breaches the live one on Friday evening.
    await t.setClock('2026-03-07T10:00:00+08:00');
    expect(ok(await t.api.get(`/api/v1/tickets/${live.id}`)).sla).toMatchObject({
      responseDueAt: monday9,
      breached: false,
      businessMinutesLeft: 0,
    });

    // Recorded once: later starts skip it.
    expect(await runDataMigrations(t.app.deps, [await migration()])).toEqual([
      { id: RECOMPUTE_DEADLINES_ID, applied: false },
    ]);
  });
});
