/**
 * `npm run bench -- advisor` (R-OA): on PostgreSQL and on the embedded database, through the real composition root
 * and its HTTP stack (fastify inject: JSON, zod, auth, the use case, the store):
 * - metric ingest: batches of 10,000 samples (POST /api/v1/metrics) — samples/s, goal ≥ 50,000/s — against a floor
 *   measured in the same run: the same samples in a bare multi-row INSERT (one literal VALUES list of 10,000 rows)
 *   into a table like advisor_samples (same columns and primary key), goal ≥ 0.5× the floor;
 * - a run (POST …/advisor/runs) over N resources (default 10,000) with 14 days of hourly cpu_util samples each
 *   (3,360,000 samples; generated in SQL), goal ≤ 5 s and ≤ 3× one SQL aggregate over the same samples (count, avg,
 *   max per resource over the 14 days), and a second run (every finding persists: upserts instead of inserts).
 * TIERDESK_BENCH_ADVISOR_RESOURCES sets N; TIERDESK_BENCH_ADVISOR_DATABASES picks `postgres`, `embedded` or both.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { buildApp, type Tierdesk } from '../src/app/build-app.js';
import { testConfig } from '../src/platform/config.js';
import { createBenchDatabase, median, type BenchResult, type BenchSection } from './lib.js';
import { DEFAULT_RUN_BATCH } from '../src/contexts/advisor/use-cases/process-run.js';

const ADMIN = 'bench-admin-token-0123456789abcdef';
const NOW = '2026-01-15T00:00:00.000Z';
const DAYS = 14;
const BATCH = 10_000;
const INGEST_BATCHES = 20;

type Inject = (method: 'GET' | 'POST' | 'PUT', url: string, token: string, body?: unknown) => Promise<any>;

function injector(app: Tierdesk): Inject {
  return async (method, url, token, body) => {
    const res = await app.http.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}` },
      ...(body !== undefined ? { payload: body as object } : {}),
    });
    if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body.slice(0, 500)}`);
    return JSON.parse(res.body);
  };
}

async function setup(app: Tierdesk, call: Inject, tag: string) {
  const account = await call('POST', '/api/v1/accounts', ADMIN, {
    name: 'Bench',
    email: `bench-${tag}@example.com`,
    region: 'ap-southeast-1',
    timeZone: 'Asia/Shanghai',
    locale: 'en-US',
  });
  const order = await call('POST', `/api/v1/accounts/${account.id}/orders`, ADMIN, {
    action: 'purchase',
    level: 'business',
    term: { unit: 'year', count: 1 },
    agreementAccepted: true,
  });
  await call('POST', `/api/v1/orders/${order.id}/pay`, ADMIN, {});
  const owner = (await call('POST', `/api/v1/accounts/${account.id}/api-keys`, ADMIN, {})).token as string;
  const user = await call('POST', '/api/v1/users', ADMIN, {
    name: 'Cloud',
    email: `cloud-${tag}@bench.example`,
    role: 'integration',
    password: 'bench-integration-secret',
  });
  const integration = (await call('POST', `/api/v1/users/${user.id}/api-keys`, ADMIN, {})).token as string;
  return { accountId: account.id as string, owner, integration };
}

/** Ingest: 20 batches of 10,000 samples through POST /metrics vs. the same rows in a bare multi-row INSERT. */
async function ingest(
  kind: string,
  app: Tierdesk,
  call: Inject,
  ctx: { accountId: string; integration: string },
  results: BenchResult[],
  notes: string[],
) {
  const ids = Array.from({ length: 100 }, (_, i) => `ing-${i}`);
  await call('POST', '/api/v1/resources', ctx.integration, {
    resources: ids.map((id) => ({
      id,
      accountId: ctx.accountId,
      type: 'ecs',
      region: 'ap-southeast-1',
      zone: 'ap-southeast-1a',
      observedAt: NOW,
    })),
  });
  // Each batch: 100 resources × 100 minutes; batches go back in time, so every sample is new.
  const batch = (b: number) =>
    Array.from({ length: BATCH }, (_, i) => ({
      resourceId: ids[i % 100]!,
      metric: 'cpu_util',
      at: new Date(Date.parse(NOW) - (b * 100 + Math.floor(i / 100)) * 60_000).toISOString(),
      value: (i * 7) % 101,
    }));
  const batches = Array.from({ length: INGEST_BATCHES + 1 }, (_, b) => batch(b));
  await call('POST', '/api/v1/metrics', ctx.integration, { samples: batches[INGEST_BATCHES] }); // warm-up
  const t0 = performance.now();
  for (let b = 0; b < INGEST_BATCHES; b++) {
    const res = await call('POST', '/api/v1/metrics', ctx.integration, { samples: batches[b] });
    if (res.created !== BATCH) throw new Error(`${kind}: batch ${b} created ${res.created}`);
  }
  const ingestMs = performance.now() - t0;
  const again = performance.now();
  const repeat = await call('POST', '/api/v1/metrics', ctx.integration, { samples: batches[0] });
  const repeatMs = performance.now() - again;
  if (repeat.created !== 0) throw new Error(`${kind}: a repeated batch created ${repeat.created}`);

  // Floor: the same samples, the same table shape, one plain multi-row INSERT per batch.
  const db = app.deps.db;
  await db.execute(sql`CREATE TABLE bench_samples_floor (LIKE advisor_samples INCLUDING ALL)`);
  const keys = await app.database.rows<{ id: string; key: string; tenant_id: string }>(
    sql`SELECT id, key, tenant_id FROM advisor_resources WHERE id LIKE 'ing-%'`,
  );
  const keyOf = new Map(keys.map((k) => [k.id, `'${k.tenant_id}',${Number(k.key)}`]));
  // A literal VALUES list: no bind parameters to build, the server parses the rows as text.
  const insertFloor = async (rows: ReturnType<typeof batch>) =>
    db.execute(
      sql.raw(
        `INSERT INTO bench_samples_floor (tenant_id, resource_key, metric, at, value) VALUES ${rows
          .map((s) => `(${keyOf.get(s.resourceId)!},'${s.metric}','${s.at}',${s.value})`)
          .join(',')}`,
      ),
    );
  await insertFloor(batches[INGEST_BATCHES]!);
  const f0 = performance.now();
  for (let b = 0; b < INGEST_BATCHES; b++) await insertFloor(batches[b]!);
  const floorMs = performance.now() - f0;
  await db.execute(sql`DROP TABLE bench_samples_floor`);

  const total = BATCH * INGEST_BATCHES;
  const rate = total / (ingestMs / 1000);
  const floorRate = total / (floorMs / 1000);
  results.push({
    metric: `${kind} metric ingest, ${INGEST_BATCHES} requests × ${BATCH} samples (POST /metrics)`,
    value: rate,
    unit: 'samples/s',
    goal: '≥ 50000/s',
    pass: rate >= 50_000,
  });
  results.push({ metric: `${kind} floor: the same rows in a multi-row INSERT`, value: floorRate, unit: 'samples/s' });
  results.push({
    metric: `${kind} metric ingest ÷ floor`,
    value: rate / floorRate,
    unit: '×',
    goal: '≥ 0.5×',
    pass: rate / floorRate >= 0.5,
  });
  results.push({ metric: `${kind} a repeated batch of ${BATCH} (nothing new)`, value: repeatMs, unit: 'ms' });
  notes.push(
    `${kind}: POST /metrics parses, validates and inserts ${BATCH} samples in ${(ingestMs / INGEST_BATCHES).toFixed(0)} ms a request (one resource lookup, one INSERT … SELECT FROM unnest of four typed arrays); the floor's INSERT takes ${(floorMs / INGEST_BATCHES).toFixed(0)} ms`,
  );
}

/** Seeds N resources with 14 days of hourly cpu_util each, in SQL (a day at a time). */
async function seedRun(app: Tierdesk, call: Inject, ctx: { accountId: string; integration: string }, n: number) {
  for (let from = 0; from < n; from += 10_000) {
    const size = Math.min(10_000, n - from);
    await call('POST', '/api/v1/resources', ctx.integration, {
      resources: Array.from({ length: size }, (_, i) => {
        const k = from + i;
        return {
          id: `vm-${String(k).padStart(6, '0')}`,
          accountId: ctx.accountId,
          type: 'ecs',
          region: 'ap-southeast-1',
          zone: `ap-southeast-1${'abc'[k % 3]}`,
          name: `vm-${k}`,
          attributes: {
            tier: `tier-${k % 50}`,
            securityGroups: ['sg'],
            flavor: k % 10 === 0 ? 's3.large.2' : 'c7.large.2',
          },
          observedAt: NOW,
        };
      }),
    });
  }
  const end = Date.parse(NOW);
  for (let d = 0; d < DAYS; d++) {
    const dayEnd = new Date(end - d * 86_400_000).toISOString();
    // Resource k: idle (k % 10 = 1), busy (k % 10 = 2), otherwise 20–60 %; one sample an hour.
    await app.deps.db.execute(sql`
      INSERT INTO advisor_samples (tenant_id, resource_key, metric, at, value)
      SELECT r.tenant_id, r.key, 'cpu_util', ${dayEnd}::timestamptz - h * interval '1 hour',
        CASE WHEN r.key % 10 = 1 THEN 2 WHEN r.key % 10 = 2 THEN 90 ELSE 20 + ((r.key * 7 + h) % 40) END
      FROM advisor_resources r, generate_series(0, 23) AS h
      WHERE r.account_id = ${ctx.accountId} AND r.id LIKE 'vm-%'`);
  }
  await app.deps.db.execute(sql`ANALYZE`);
}

async function aggregateFloor(app: Tierdesk, accountId: string): Promise<number> {
  const t0 = performance.now();
  await app.database.rows(sql`SELECT count(*), sum(n) FROM (
      SELECT s.resource_key, count(*) AS n, avg(s.value), max(s.value) FROM advisor_samples s
      WHERE (s.tenant_id, s.resource_key) IN (SELECT tenant_id, key FROM advisor_resources WHERE account_id = ${accountId})
        AND s.metric = 'cpu_util' AND s.at >= ${new Date(Date.parse(NOW) - DAYS * 86_400_000).toISOString()}::timestamptz
      GROUP BY s.resource_key) x`);
  return performance.now() - t0;
}

async function benchOne(kind: string, app: Tierdesk, n: number, results: BenchResult[], notes: string[]) {
  const call = injector(app);
  await call('PUT', '/api/v1/test-clock', ADMIN, { now: NOW });
  const ctx = await setup(app, call, 'ingest');
  await ingest(kind, app, call, ctx, results, notes);
  // The run's account holds only the run's resources (the ingest section used another one).
  const runCtx = await setup(app, call, 'run');
  const s0 = performance.now();
  await seedRun(app, call, runCtx, n);
  const [{ samples }] = (await app.database.rows<{ samples: string }>(
    sql`SELECT count(*) AS samples FROM advisor_samples s JOIN advisor_resources r ON s.tenant_id = r.tenant_id AND s.resource_key = r.key WHERE r.account_id = ${runCtx.accountId}`,
  )) as [{ samples: string }];
  notes.push(
    `${kind}: seeded ${n} resources and ${samples} samples in ${((performance.now() - s0) / 1000).toFixed(1)} s`,
  );
  await call('POST', `/api/v1/accounts/${runCtx.accountId}/advisor/authorization`, runCtx.owner, {});

  await aggregateFloor(app, runCtx.accountId); // warm: the run and the floor read warm pages
  const floor = median([
    await aggregateFloor(app, runCtx.accountId),
    await aggregateFloor(app, runCtx.accountId),
    await aggregateFloor(app, runCtx.accountId),
  ]);
  const r0 = performance.now();
  const first = await call('POST', `/api/v1/accounts/${runCtx.accountId}/advisor/runs`, runCtx.owner, {});
  const firstMs = performance.now() - r0;
  const r1 = performance.now();
  const second = await call('POST', `/api/v1/accounts/${runCtx.accountId}/advisor/runs`, runCtx.owner, {});
  const secondMs = performance.now() - r1;
  if (first.resourcesDone !== n || first.findings < n / 10 || second.findings !== first.findings || second.opened !== 0)
    throw new Error(`${kind}: unexpected runs ${JSON.stringify({ first, second })}`);
  results.push({
    metric: `${kind} run over ${n} resources × ${DAYS} days hourly (${samples} samples)`,
    value: firstMs,
    unit: 'ms',
    goal: '≤ 5000 ms',
    pass: firstMs <= 5000,
  });
  results.push({
    metric: `${kind} floor: one SQL aggregate over the same samples (median of 3)`,
    value: floor,
    unit: 'ms',
  });
  results.push({
    metric: `${kind} run ÷ floor`,
    value: firstMs / floor,
    unit: '×',
    goal: '≤ 3×',
    pass: firstMs / floor <= 3,
  });
  results.push({ metric: `${kind} second run (every finding again: upserts)`, value: secondMs, unit: 'ms' });
  notes.push(
    `${kind}: the run evaluated ${first.resourcesDone} resources in batches of ${DEFAULT_RUN_BATCH.toLocaleString('en-US')} (one aggregate per metric each, with FILTER columns for the narrower windows and every threshold of the run's rules) and wrote ${first.findings} findings (${JSON.stringify(first.summary.performance)} performance, ${JSON.stringify(first.summary.cost)} cost)`,
  );
}

export default async function advisorBench(): Promise<BenchSection> {
  const n = Number(process.env.TIERDESK_BENCH_ADVISOR_RESOURCES ?? 10_000);
  const kinds = (process.env.TIERDESK_BENCH_ADVISOR_DATABASES ?? 'postgres,embedded').split(',');
  const results: BenchResult[] = [];
  const notes: string[] = [];
  const name = `advisor ingest and run (${n} resources × ${DAYS} days)`;
  const config = (over: { dataDir?: string; databaseUrl?: string }) =>
    testConfig({
      catalog: 'huaweicloud-intl',
      dataDir: over.dataDir ?? '/nonexistent',
      databaseUrl: over.databaseUrl ?? null,
      testClock: true,
      adminToken: ADMIN,
      rateLimitPerMinute: 0,
    });
  if (kinds.includes('postgres')) {
    const pgDb = await createBenchDatabase('tierdesk_bench_advisor');
    if (pgDb) {
      const app = await buildApp(config({ databaseUrl: pgDb.url }));
      try {
        await benchOne('PostgreSQL', app, n, results, notes);
      } finally {
        await app.close();
        await pgDb.drop();
      }
    } else notes.push('PostgreSQL unreachable: PostgreSQL rows skipped');
  }
  if (kinds.includes('embedded')) {
    const dir = mkdtempSync(join(tmpdir(), 'tierdesk-bench-advisor-'));
    const app = await buildApp(config({ dataDir: dir }));
    try {
      await benchOne('embedded', app, n, results, notes);
    } finally {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return { name, results, notes };
}
