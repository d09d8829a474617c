/**
 * Issue 14 "a rule lives once", R-TKT-3: the sweep's SQL (tickets/store/sla-store.ts) finds exactly the tickets that
 * isBreached() — the domain rule — calls breached and that are not yet recorded, on a table of rows around the
 * deadline (answered before, at, after it or not at all; every status; already recorded or not), at instants before,
 * at and after the deadline. On PGlite and PostgreSQL.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isBreached } from '../../src/domain/sla/index.js';
import { ACTIVE_STATUSES, countDueBreaches, dueBreachIds } from '../../src/contexts/tickets/store/sla-store.js';
import { tickets } from '../../src/contexts/tickets/store/tables.js';
import { DB_KINDS } from '../support/databases.js';
import { buyPlan, createCustomer, startTestApp, type TestApp } from '../support/harness.js';
import { openTicket } from '../support/tickets.js';

const STATUSES = [...ACTIVE_STATUSES, 'resolved', 'closed'] as const;
const SECOND = 1000;

describe.each(DB_KINDS)('the breach sweep’s SQL against isBreached() on %s', (kind) => {
  let t: TestApp;
  const rows: { id: string; dueMs: number; respondedMs: number | null; status: string; breached: boolean }[] = [];
  const DUE = new Date('2026-03-02T03:00:00Z').getTime();

  beforeAll(async () => {
    t = await startTestApp({ kind });
    await t.setClock('2026-03-02T09:00:00+08:00');
    const c = await createCustomer(t);
    await buyPlan(t, c.id, 'enterprise');
    const responses = [null, DUE - SECOND, DUE, DUE + SECOND];
    const cases = responses.flatMap((respondedMs) =>
      STATUSES.flatMap((status) => [false, true].map((breached) => ({ respondedMs, status, breached }))),
    );
    // One ticket through the API; the table's rows are copies of it with the case's SLA state (the table of cases,
    // not the workflow that leads to each, is under test).
    const opened = await openTicket(t.as(c.token), c.id, 'production_impaired');
    const [row] = await t.app.deps.db.select().from(tickets).where(eq(tickets.id, opened.id));
    await t.app.deps.db.delete(tickets).where(eq(tickets.id, opened.id));
    cases.forEach((k, i) => rows.push({ id: `${opened.id}x${i}`, dueMs: DUE, ...k }));
    await t.app.deps.db.insert(tickets).values(
      rows.map((r, i) => ({
        ...row!,
        id: r.id,
        number: `${row!.number}-${i}`,
        responseDueAt: new Date(r.dueMs),
        respondedAt: r.respondedMs === null ? null : new Date(r.respondedMs),
        status: r.status,
        breached: r.breached,
        breachedAt: r.breached ? new Date(r.dueMs) : null,
      })),
    );
  });
  afterAll(async () => t?.close());

  for (const offset of [-SECOND, 0, SECOND, 3600 * SECOND]) {
    it(`R-TKT-3 at deadline ${offset >= 0 ? '+' : ''}${offset / SECOND} s the SQL and the domain agree on every row`, async () => {
      const now = DUE + offset;
      // Only states that can exist at `now`: a response is never later than the clock.
      const possible = rows.filter((r) => r.respondedMs === null || r.respondedMs <= now);
      const expected = possible
        .filter(
          (r) =>
            !r.breached &&
            (r.respondedMs !== null || (ACTIVE_STATUSES as readonly string[]).includes(r.status)) &&
            isBreached(r.dueMs, r.respondedMs, now),
        )
        .map((r) => r.id)
        .sort();
      const ids = new Set(possible.map((r) => r.id));
      const found = (await dueBreachIds(t.app.deps.db, new Date(now), 1000)).filter((id) => ids.has(id)).sort();
      expect(found).toEqual(expected);
      if (offset <= 0)
        expect(found).toEqual([]); // at the deadline itself nothing is breached yet
      else expect(found.length).toBeGreaterThan(0);
      const impossible = rows.length - possible.length;
      expect(await countDueBreaches(t.app.deps.db, new Date(now))).toBe(
        found.length +
          (impossible ? (await dueBreachIds(t.app.deps.db, new Date(now), 1000)).length - found.length : 0),
      );
    });
  }
});
