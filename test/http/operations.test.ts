/**
 * Issue 17 (API.md "Operations"): GET /healthz, GET /readyz and GET /metrics on both databases; the outbox's claim
 * lease and its release (a batch stops before its lease is half used, and on stop).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { DB_KINDS } from '../support/databases.js';
import { buyPlan, createCustomer, startTestApp, type TestApp } from '../support/harness.js';
import { openTicket } from '../support/tickets.js';
import { DEFAULT_OUTBOX_OPTIONS, OutboxDispatcher } from '../../src/platform/outbox.js';
import { createLogger } from '../../src/platform/logger.js';

describe.each(DB_KINDS)('operations endpoints (%s)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ kind });
  });
  afterAll(async () => t?.close());

  it('issue 17 GET /healthz and GET /readyz answer without a token; ready means database, migrations and catalog', async () => {
    expect((await t.app.http.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    const ready = await t.app.http.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(JSON.parse(ready.body)).toEqual({
      ready: true,
      checks: { database: 'ok', migrations: 'ok', catalog: 'huaweicloud-intl' },
      reasons: [],
    });
  });

  it('issue 17 GET /readyz is 503 with the reason when a migration of this build is not applied', async () => {
    const [last] = await t.app.database.rows<{ id: number }>(
      sql`SELECT id FROM drizzle.__drizzle_migrations ORDER BY id DESC LIMIT 1`,
    );
    const saved = await t.app.database.rows(
      sql`DELETE FROM drizzle.__drizzle_migrations WHERE id = ${last!.id} RETURNING *`,
    );
    try {
      const res = await t.app.http.inject({ method: 'GET', url: '/readyz' });
      expect(res.statusCode).toBe(503);
      const body = JSON.parse(res.body);
      expect(body).toMatchObject({ ready: false, checks: { database: 'ok', migrations: 'pending' } });
      expect(body.reasons[0]).toMatch(/^migrations pending: \d+ of \d+ applied$/);
    } finally {
      const row = saved[0] as { id: number; hash: string; created_at: string | number };
      await t.app.database.rows(
        sql`INSERT INTO drizzle.__drizzle_migrations (id, hash, created_at) VALUES (${row.id}, ${row.hash}, ${row.created_at})`,
      );
    }
    expect((await t.app.http.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
  });

  it('issue 17 GET /metrics: the admin token (401 without, 403 for a customer); route patterns, tickets by level, outbox and SLA gauges', async () => {
    const c = await createCustomer(t, { name: 'Metrics Ltd', email: 'm@example.com' });
    await buyPlan(t, c.id, 'business');
    const ticket = await openTicket(t.as(c.token), c.id, 'general_guidance');
    expect((await t.as(c.token).get(`/api/v1/tickets/${ticket.id}`)).status).toBe(200);

    expect((await t.app.http.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    expect((await t.as(c.token).raw.get('/metrics')).status).toBe(403);
    const res = await t.app.http.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: `Bearer ${'test-admin-token-0123456789abcdef'}` },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = res.body;
    // The route's pattern, never the ticket id.
    expect(text).toMatch(
      /^tierdesk_http_requests_total\{method="GET",route="\/api\/v1\/tickets\/:id",status="200"\} 1$/m,
    );
    expect(text).not.toContain(ticket.id);
    expect(text).toMatch(
      /^tierdesk_http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/tickets",status="201"\} 1$/m,
    );
    expect(text).toMatch(/^tierdesk_tickets_opened_total\{level="business"\} 1$/m);
    expect(text).toMatch(/^tierdesk_outbox_depth \d+$/m);
    expect(text).toMatch(/^tierdesk_outbox_oldest_age_seconds \d+(\.\d+)?$/m);
    expect(text).toMatch(/^tierdesk_sla_deadlines_due_unswept 0$/m);
    expect(text).toMatch(/^tierdesk_scheduler_last_tick_age_seconds NaN$/im);
    if (kind === 'postgres') expect(text).toMatch(/^tierdesk_db_pool_connections\{state="max"\} 10$/m);
    else expect(text).not.toMatch(/^tierdesk_db_pool_connections\{/m);
  });

  it('issue 17 tierdesk_sla_deadlines_due_unswept counts deadlines past and not yet swept', async () => {
    const c = await createCustomer(t, { name: 'Due Ltd', email: 'due@example.com' });
    await buyPlan(t, c.id, 'business');
    const ticket = await openTicket(t.as(c.token), c.id, 'production_down');
    const due = new Date(ticket.sla.responseDueAt).getTime();
    const gauge = async () => {
      const text = (await t.api.raw.get('/metrics')).body as string;
      return Number(/^tierdesk_sla_deadlines_due_unswept (\d+)$/m.exec(text)![1]);
    };
    // Past its deadline on the app's clock with no sweep run yet: counted; after the sweep (the test clock runs it): not.
    await t.app.database.rows(
      sql`UPDATE tickets SET response_due_at = ${new Date(due - 86_400_000 * 365).toISOString()}::timestamptz WHERE id = ${ticket.id}`,
    );
    expect(await gauge()).toBe(1);
    await t.app.scheduler.runDue(t.app.clock.now());
    expect(await gauge()).toBe(0);
  });

  it('issue 17 the outbox: a batch stops starting rows once half its lease is used and gives the rest back; so does a stop', async () => {
    const db = t.app.deps.db;
    const now = t.app.clock.now();
    await db.execute(
      sql`UPDATE outbox SET dispatched_at = ${now.toISOString()}::timestamptz WHERE dispatched_at IS NULL`,
    );
    const seen: string[] = [];
    // No timing in the assertions: each effect takes longer than half the lease, so a batch starts exactly one.
    const slow = new OutboxDispatcher(db, t.app.clock, createLogger('silent'), {
      ...DEFAULT_OUTBOX_OPTIONS,
      leaseMs: 400,
      batchSize: 10,
    });
    let stopDuring: string | null = null;
    slow.on('ops.test', async (p) => {
      seen.push(String(p.n));
      if (String(p.n) === stopDuring) void slow.stop(); // SIGTERM while this effect runs
      await new Promise((r) => setTimeout(r, 250));
    });
    await db.transaction(async (tx) => {
      await slow.enqueue(
        tx,
        Array.from({ length: 5 }, (_, n) => ({
          topic: 'ops.test',
          dedupeKey: `ops-test:${kind}:${n}`,
          payload: { n },
        })),
        now,
      );
    });
    const state = async () =>
      (
        await t.app.database.rows<{ n: string; attempts: number; dispatched: boolean; due: boolean }>(
          sql`SELECT payload->>'n' AS n, attempts, dispatched_at IS NOT NULL AS dispatched,
                     available_at <= ${now.toISOString()}::timestamptz AS due
              FROM outbox WHERE topic = 'ops.test' ORDER BY id`,
        )
      ).map((r) => [r.n, r.attempts, r.dispatched ? 'dispatched' : r.due ? 'due' : 'claimed']);
    // The first row started at once; the second would start past half the lease: it and the rest are given back,
    // due now, their claim's attempt not counted.
    expect(await slow.dispatchDue(now)).toBe(1);
    expect(seen).toEqual(['0']);
    expect(await state()).toEqual([
      ['0', 1, 'dispatched'],
      ['1', 0, 'due'],
      ['2', 0, 'due'],
      ['3', 0, 'due'],
      ['4', 0, 'due'],
    ]);
    // A stop while an effect runs: that one finishes and is acknowledged, the rest of the batch is given back.
    stopDuring = '1';
    expect(await slow.dispatchDue(now)).toBe(1);
    expect(seen).toEqual(['0', '1']);
    expect(await state()).toEqual([
      ['0', 1, 'dispatched'],
      ['1', 1, 'dispatched'],
      ['2', 0, 'due'],
      ['3', 0, 'due'],
      ['4', 0, 'due'],
    ]);
    // Stopped: no new batch.
    expect(await slow.dispatchDue(now)).toBe(0);
  });
});
