/**
 * R-OA store on PGlite and PostgreSQL: the run's one aggregate (statisticsOf) against the brute-force oracle over
 * seeded random samples with values on and around the thresholds; findings keep their identity across runs (first
 * seen, last seen, resolved, back again); the retention deletes what is older than a month and nothing newer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../support/databases.js';
import { buyPlan, createCustomer, startTestApp, type TestApp } from '../support/harness.js';
import { createIntegration, hourly, resource } from '../support/advisor.js';
import { mulberry32 } from '../support/oracle-cases.js';
import { oracleStats, type OracleSample } from '../support/advisor-oracle.js';
import type { Actor } from '../support/actors.js';
import { planStatistics, type StatPlan } from '../../src/contexts/advisor/domain/statistics.js';
import { effectiveRule } from '../../src/contexts/advisor/domain/rules.js';
import { statisticsOf } from '../../src/contexts/advisor/store/sample-store.js';
import { resourceKeys } from '../../src/contexts/advisor/store/resource-store.js';
import { recordFindings, resolveUnseen } from '../../src/contexts/advisor/store/finding-store.js';
import {
  deleteOldHistory,
  deleteOldSamples,
  oldestRetained,
} from '../../src/contexts/advisor/store/retention-store.js';
import { sql } from 'drizzle-orm';

const SEED = Number(process.env.TIERDESK_ORACLE_SEED ?? 20_260_115);
const EDGE_VALUES = [0, 4.99, 5, 5.01, 50, 79.9, 80, 80.1, 84.9, 85, 85.5, 99.9, 100];

describe.each(DB_KINDS)('advisor store on %s', (kind) => {
  let t: TestApp;
  let integ: Actor;
  let accountId: string;
  const now = '2026-01-01T00:00:00.000Z';
  beforeAll(async () => {
    t = await startTestApp({ kind });
    integ = await createIntegration(t);
    const c = await createCustomer(t);
    accountId = c.id;
    await buyPlan(t, c.id, 'business');
  });
  afterAll(async () => t?.close());

  it(`statistics of a run equal the oracle's over random samples (seed ${SEED})`, async () => {
    const rand = mulberry32(SEED);
    const ids = Array.from({ length: 12 }, (_, i) => `rnd-${i}`);
    const ok = await t.as(integ.token).post('/api/v1/resources', {
      resources: ids.map((id) => resource(accountId, { id, type: 'ecs' }, now)),
    });
    expect(ok.status).toBe(200);
    const raw = new Map<string, OracleSample[]>();
    const samples: { resourceId: string; metric: string; at: string; value: number }[] = [];
    for (const id of ids) {
      const own: OracleSample[] = [];
      const count = Math.floor(rand() * 120);
      const seen = new Set<string>();
      for (let i = 0; i < count; i++) {
        const metric = rand() < 0.7 ? 'cpu_util' : 'mem_util';
        // Up to 20 days back on the minute, some exactly at a window's start (7 and 14 days).
        const back = rand() < 0.1 ? [7, 14][Math.floor(rand() * 2)]! * 1440 : Math.floor(rand() * 20 * 1440);
        const at = new Date(Date.parse(now) - back * 60_000).toISOString();
        if (seen.has(`${metric}|${at}`)) continue;
        seen.add(`${metric}|${at}`);
        const value =
          rand() < 0.6 ? EDGE_VALUES[Math.floor(rand() * EDGE_VALUES.length)]! : Math.round(rand() * 10000) / 100;
        own.push({ metric, at, value });
        samples.push({ resourceId: id, metric, at, value });
      }
      raw.set(id, own);
    }
    const fresh = samples.filter((s) => Date.parse(s.at) >= Date.parse('2025-12-01T00:00:00Z'));
    expect((await t.as(integ.token).post('/api/v1/metrics', { samples: fresh })).status).toBe(200);

    const advisor = t.app.catalog.def.advisor!;
    const rule = (id: string, thresholds: Record<string, number>) =>
      effectiveRule(
        advisor,
        advisor.rules.find((r) => r.id === id)!,
        { included: true, costCapacity: true },
        { ruleId: id, enabled: null, thresholds },
      );
    const plan: StatPlan = planStatistics(
      [
        rule('ecs-cpu-high', {}),
        rule('ecs-cpu-high', { percent: 80.1, windowDays: 14 }),
        rule('ecs-idle', {}),
        rule('ecs-idle', { percent: 5.01, windowDays: 7 }),
        rule('ecs-memory-high', { windowDays: 3 }),
      ],
      new Date(now),
    );
    expect(plan.windows.length).toBe(3);
    expect(plan.probes.length).toBe(5);
    const keys = await resourceKeys(t.app.deps.db, ids);
    const stats = await statisticsOf(
      t.app.deps.db,
      keys.get(ids[0]!)!.tenantId,
      ids.map((id) => keys.get(id)!.key),
      plan,
    );
    let compared = 0;
    for (const id of ids) {
      const want = oracleStats(
        plan,
        raw.get(id)!.filter((s) => Date.parse(s.at) >= Date.parse('2025-12-01T00:00:00Z')),
      );
      const got = stats.get(keys.get(id)!.key);
      for (const w of plan.windows) {
        const g = got?.windows[w.id] ?? { samples: 0, avg: null, max: null, min: null };
        const e = want.windows[w.id]!;
        expect(g.samples, `${id} ${w.id}`).toBe(e.samples);
        if (e.samples === 0) continue;
        expect(g.avg!).toBeCloseTo(e.avg!, 4);
        // real comes back as its shortest decimal (99.9), the oracle holds the float32 itself.
        expect(Math.fround(g.max!)).toBe(e.max);
        expect(Math.fround(g.min!)).toBe(e.min);
        compared++;
      }
      for (const p of plan.probes) expect(got?.probes[p.id] ?? 0, `${id} ${p.id}`).toBe(want.probes[p.id]);
    }
    expect(compared).toBeGreaterThan(20);
  });

  it('findings keep their identity across runs: first and last seen, resolved when not seen, back again', async () => {
    const db = t.app.deps.db;
    const tenantId = accountId;
    const f = (subject: string) => ({
      ruleId: 'eip-unbound',
      dimension: 'cost' as const,
      severity: 'low' as const,
      subject,
      resourceId: subject.slice('resource:'.length),
      resourceIds: [subject.slice('resource:'.length)],
      evidence: { boundTo: null },
    });
    const run = (id: string, at: string) => ({ id, tenantId, accountId, at: new Date(at) });
    const rows = async () =>
      (
        await t.app.database.rows<{
          id: string;
          subject: string;
          status: string;
          first_seen_at: Date;
          last_seen_at: Date;
          resolved_at: Date | null;
        }>(
          sql`SELECT id, subject, status, first_seen_at, last_seen_at, resolved_at FROM advisor_findings WHERE account_id = ${accountId} AND rule_id = 'eip-unbound' ORDER BY subject`,
        )
      ).map((r) => ({
        ...r,
        first_seen_at: new Date(r.first_seen_at).toISOString(),
        last_seen_at: new Date(r.last_seen_at).toISOString(),
        resolved_at: r.resolved_at && new Date(r.resolved_at).toISOString(),
      }));

    await db.transaction(async (tx) => {
      await recordFindings(tx, run('oar_a', '2025-12-20T00:00:00Z'), [f('resource:a'), f('resource:b')]);
      expect(await resolveUnseen(tx, run('oar_a', '2025-12-20T00:00:00Z'))).toBe(0);
    });
    const first = await rows();
    await db.transaction(async (tx) => {
      await recordFindings(tx, run('oar_b', '2025-12-21T00:00:00Z'), [f('resource:a')]);
      expect(await resolveUnseen(tx, run('oar_b', '2025-12-21T00:00:00Z'))).toBe(1);
    });
    const second = await rows();
    expect(second.map((r) => [r.subject, r.status, r.first_seen_at, r.last_seen_at, r.resolved_at])).toEqual([
      ['resource:a', 'open', '2025-12-20T00:00:00.000Z', '2025-12-21T00:00:00.000Z', null],
      ['resource:b', 'resolved', '2025-12-20T00:00:00.000Z', '2025-12-20T00:00:00.000Z', '2025-12-21T00:00:00.000Z'],
    ]);
    expect(second.map((r) => r.id)).toEqual(first.map((r) => r.id));
    await db.transaction(async (tx) => {
      await recordFindings(tx, run('oar_c', '2025-12-22T00:00:00Z'), [f('resource:a'), f('resource:b')]);
      await resolveUnseen(tx, run('oar_c', '2025-12-22T00:00:00Z'));
    });
    const third = await rows();
    expect(third.map((r) => [r.id, r.status, r.resolved_at])).toEqual(first.map((r) => [r.id, 'open', null]));
    const [opened] = await t.app.database.rows<{ opened_run_id: string }>(
      sql`SELECT opened_run_id FROM advisor_findings WHERE account_id = ${accountId} AND subject = 'resource:b'`,
    );
    expect(opened!.opened_run_id).toBe('oar_c');
  });

  it('retention deletes samples, changes and findings dated before the cutoff and keeps the rest', async () => {
    const db = t.app.deps.db;
    const id = 'ret-1';
    await t.as(integ.token).post('/api/v1/resources', { resources: [resource(accountId, { id, type: 'ecs' }, now)] });
    await t.as(integ.token).post('/api/v1/metrics', { samples: hourly(id, 'cpu_util', now, 48, 50) });
    const key = (await resourceKeys(db, [id])).get(id)!.key;
    const count = async () =>
      Number(
        (
          await t.app.database.rows<{ n: string }>(
            sql`SELECT count(*) AS n FROM advisor_samples WHERE resource_key = ${key}`,
          )
        )[0]!.n,
      );
    expect(await count()).toBe(48);
    expect(await oldestRetained(db)).not.toBeNull();
    // The cutoff 12 hours before `now`: 12 hourly samples (at now-11h … now) are newer, 36 older.
    const cutoff = new Date(Date.parse(now) - 11.5 * 3_600_000);
    await db.transaction(async (tx) => {
      await deleteOldSamples(tx, accountId, cutoff);
      await deleteOldHistory(tx, cutoff);
    });
    expect(await count()).toBe(12);
    const [left] = await t.app.database.rows<{ n: string }>(
      sql`SELECT count(*) AS n FROM advisor_findings WHERE account_id = ${accountId} AND last_seen_at < ${cutoff.toISOString()}::timestamptz`,
    );
    expect(Number(left!.n)).toBe(0);
  });
});
