/**
 * `npm run bench`: speed and memory goals, each printed as a ratio against a floor measured in the same run, and
 * written to bench/results.json. Sections: cold start and idle RSS (embedded; PostgreSQL when reachable), the floor
 * harness (a bare fastify route doing one INSERT), plan reads through the full stack, the SLA engine, the month-end
 * billing run (bench/billing.ts), the advisor's ingest and run (bench/advisor.ts). `npm run bench -- billing` (or
 * startup, throughput, sla, advisor, ratelimit) runs only those sections; `intake` runs only the throughput section
 * (TIERDESK_BENCH_ROUNDS, TIERDESK_BENCH_SECONDS, TIERDESK_BENCH_TARGET=embedded|PostgreSQL); `tenants` the 10,000-tenant
 * simulation (bench/tenants.ts: EXPLAIN of the hot paths at 1,000 and 10,000 tenants).
 * Set TIERDESK_BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test) for the PostgreSQL rows.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir, cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import {
  cpuMs,
  load,
  median,
  rssMb,
  serverNodeFlags,
  spawnListening,
  type BenchResult,
  type BenchSection,
} from './lib.js';
import slaEngine from './sla-engine.js';
import billingBench from './billing.js';
import advisorBench from './advisor.js';
import multiProcessBench from './multi-process.js';
import { consoleBench } from './console.js';
import reportsBench from './reports.js';
import rateLimitBench from './rate-limit.js';
import tenantsBench from './tenants.js';

const ADMIN = 'bench-admin-token-0123456789abcdef';
// As `npx tierdesk` (the bin's shebang) and `npm start` run the server: with its V8 flags (a 2 MB young generation
// for the idle RSS, the old generation's limit that keeps the heap's growth near twice what is live).
// TIERDESK_BENCH_CLI: another build's bin (a before/after comparison in one run of the machine).
const CLI = [...serverNodeFlags(), process.env.TIERDESK_BENCH_CLI ?? 'bin/tierdesk.js'];
const sections: BenchSection[] = [];

function fmt(n: number, digits = 1): string {
  return Number.isFinite(n) ? n.toFixed(digits) : String(n);
}

async function pgUrl(): Promise<string | null> {
  const base = process.env.TIERDESK_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const c = new pg.Client({ connectionString: base });
  try {
    await c.connect();
    const name = `tierdesk_bench_${randomBytes(4).toString('hex')}`;
    await c.query(`CREATE DATABASE ${name}`);
    const u = new URL(base);
    u.pathname = `/${name}`;
    return u.toString();
  } catch {
    return null;
  } finally {
    await c.end().catch(() => undefined);
  }
}

async function dropPg(url: string): Promise<void> {
  const u = new URL(url);
  const name = u.pathname.slice(1);
  u.pathname = '/test';
  const c = new pg.Client({ connectionString: process.env.TIERDESK_BENCH_DATABASE_URL ?? u.toString() });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await c.end();
}

/** The PostgreSQL server processes serving `url`'s database (this machine's cluster; none for PGlite). */
async function backendPids(url: string | undefined): Promise<number[]> {
  if (!url) return [];
  const u = new URL(url);
  const name = u.pathname.slice(1);
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [name],
    );
    return r.rows.map((x) => x.pid);
  } finally {
    await c.end();
  }
}

function serveArgs(dataOrUrl: { data?: string; url?: string }, extra: string[] = []): string[] {
  return [
    ...CLI,
    'serve',
    '--catalog',
    'huaweicloud-intl',
    '--port',
    '0',
    ...(dataOrUrl.url ? ['--database-url', dataOrUrl.url] : ['--data', dataOrUrl.data!]),
    ...extra,
  ];
}

async function startupAndMemory(): Promise<{ embeddedData: string }> {
  const results: BenchResult[] = [];
  const notes: string[] = [];
  const data = mkdtempSync(join(tmpdir(), 'tierdesk-bench-'));
  const env = { TIERDESK_ADMIN_TOKEN: ADMIN };

  // Floor: a bare fastify + PGlite process, opened on an existing data dir.
  const floorDir = mkdtempSync(join(tmpdir(), 'tierdesk-floor-'));
  const firstFloor = await spawnListening(process.execPath, ['bench/floor-server.mjs', '--data', floorDir]);
  await firstFloor.stop();
  const floorStarts: number[] = [];
  const floorRss: number[] = [];
  for (let i = 0; i < 3; i++) {
    const f = await spawnListening(process.execPath, ['bench/floor-server.mjs', '--data', floorDir]);
    floorStarts.push(f.readyMs);
    await new Promise((r) => setTimeout(r, 1500));
    floorRss.push(rssMb(f.child.pid!));
    await f.stop();
  }

  const fresh = await spawnListening(process.execPath, serveArgs({ data }), env);
  notes.push(`first start on a new data dir (initdb + migrations): ${fmt(fresh.readyMs, 0)} ms`);
  results.push({ metric: 'embedded first start (new data dir) to listening', value: fresh.readyMs, unit: 'ms' });
  await fresh.stop();

  const starts: number[] = [];
  const rss: number[] = [];
  for (let i = 0; i < 5; i++) {
    const s = await spawnListening(process.execPath, serveArgs({ data }), env);
    starts.push(s.readyMs);
    await new Promise((r) => setTimeout(r, 2000));
    rss.push(rssMb(s.child.pid!));
    await s.stop();
  }
  const start = median(starts);
  const idle = median(rss);
  results.push({
    metric: 'embedded cold start to listening (median of 5)',
    value: start,
    unit: 'ms',
    goal: '≤ 2000 ms',
    pass: start <= 2000,
  });
  results.push({
    metric: 'cold start ÷ floor cold start (bare fastify + PGlite)',
    value: start / median(floorStarts),
    unit: '×',
  });
  results.push({
    metric: 'embedded idle RSS (median of 5)',
    value: idle,
    unit: 'MB',
    goal: '≤ 250 MB',
    pass: idle <= 250,
  });
  results.push({ metric: 'idle RSS ÷ floor idle RSS', value: idle / median(floorRss), unit: '×' });
  results.push({ metric: 'floor cold start (median of 3)', value: median(floorStarts), unit: 'ms' });
  results.push({ metric: 'floor idle RSS (median of 3)', value: median(floorRss), unit: 'MB' });

  const url = await pgUrl();
  if (url) {
    const first = await spawnListening(process.execPath, serveArgs({ url }), env);
    await first.stop();
    const pgStarts: number[] = [];
    const pgRss: number[] = [];
    for (let i = 0; i < 3; i++) {
      const s = await spawnListening(process.execPath, serveArgs({ url }), env);
      pgStarts.push(s.readyMs);
      await new Promise((r) => setTimeout(r, 2000));
      pgRss.push(rssMb(s.child.pid!));
      await s.stop();
    }
    results.push({ metric: 'PostgreSQL cold start to listening (median of 3)', value: median(pgStarts), unit: 'ms' });
    results.push({ metric: 'PostgreSQL idle RSS (median of 3)', value: median(pgRss), unit: 'MB' });
    await dropPg(url);
  } else notes.push('PostgreSQL unreachable: PostgreSQL rows skipped');
  rmSync(floorDir, { recursive: true, force: true });
  sections.push({ name: 'startup and memory', results, notes });
  return { embeddedData: data };
}

async function throughput(embeddedData: string | null): Promise<void> {
  const results: BenchResult[] = [];
  const notes: string[] = [];
  const seconds = Number(process.env.TIERDESK_BENCH_SECONDS ?? 5);
  // Rounds of floor → customer key → webhook → staff, the ratios of each round taken on the same machine minutes
  // (it is shared: its load moves the absolute numbers by 2× from one minute to the next), the median round reported.
  const rounds = Number(process.env.TIERDESK_BENCH_ROUNDS ?? 3);
  const concurrency = 16;
  const targets: {
    kind: string;
    floorArgs: string[];
    serve: { data?: string; url?: string };
    cleanup: () => Promise<void>;
  }[] = [];
  const floorDir = mkdtempSync(join(tmpdir(), 'tierdesk-floor-'));
  const data = mkdtempSync(join(tmpdir(), 'tierdesk-bench-tp-'));
  if (embeddedData) cpSync(embeddedData, data, { recursive: true });
  const only = process.env.TIERDESK_BENCH_TARGET;
  if (!only || only === 'embedded')
    targets.push({
      kind: 'embedded',
      floorArgs: ['--data', floorDir],
      serve: { data },
      cleanup: async () => rmSync(floorDir, { recursive: true, force: true }),
    });
  const url = only === 'embedded' ? null : await pgUrl();
  const floorUrl = only === 'embedded' ? null : await pgUrl();
  if (url && floorUrl)
    targets.push({
      kind: 'PostgreSQL',
      floorArgs: ['--database-url', floorUrl],
      serve: { url },
      cleanup: async () => (await dropPg(url), dropPg(floorUrl)),
    });

  for (const t of targets) {
    const floor = await spawnListening(process.execPath, ['bench/floor-server.mjs', ...t.floorArgs]);
    const floorRequest = (i: number) => ({
      method: 'POST',
      path: '/floor',
      body: { subject: `row ${i}`, description: 'x'.repeat(200) },
    });
    await load(floor.url, floorRequest, { concurrency, seconds: 1 });

    // The webhook receiver below listens on 127.0.0.1: private targets allowed, as in local development.
    const server = await spawnListening(
      process.execPath,
      serveArgs(t.serve, ['--no-worker']),
      {
        TIERDESK_ADMIN_TOKEN: ADMIN,
        // Off (issue 17: the limit must not be the limiter here); TIERDESK_BENCH_RATE_LIMIT=100000000 counts every
        // request without refusing one, to measure what counting costs (shared through PostgreSQL on that target).
        TIERDESK_RATE_LIMIT_PER_MINUTE: process.env.TIERDESK_BENCH_RATE_LIMIT ?? '0',
        TIERDESK_WEBHOOK_ALLOW_PRIVATE: '1',
      },
      // A new embedded data dir is initdb + migrations first (20 s here idle; more on a busy machine).
      240_000,
    );
    const auth = { authorization: `Bearer ${ADMIN}` };
    const post = <T>(path: string, body: unknown) =>
      fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then(async (r) => {
        if (r.status >= 300) throw new Error(`${path} answered ${r.status}: ${await r.text()}`);
        return r.json() as Promise<T>;
      });
    // Two business-level accounts, each with a customer owner's API key: one nobody else listens to, one with a
    // webhook for ticket.created. Business has no ticket quota: the quota path is timed by no run here (its
    // exactness is tested).
    const account = async (name: string) => {
      const created = await post<{ id: string }>('/api/v1/accounts', {
        name,
        email: `${name.toLowerCase()}@example.com`,
        region: 'cn-north-4',
        timeZone: 'Asia/Shanghai',
        locale: 'en-US',
      });
      const key = await post<{ token: string }>(`/api/v1/accounts/${created.id}/api-keys`, {});
      const order = await post<{ id: string }>(`/api/v1/accounts/${created.id}/orders`, {
        action: 'purchase',
        level: 'business',
        term: { unit: 'year', count: 1 },
        agreementAccepted: true,
      });
      await post(`/api/v1/orders/${order.id}/pay`, {});
      return { id: created.id, customer: { authorization: `Bearer ${key.token}` } };
    };
    const plain = await account('Bench');
    const hooked = await account('Hooked');
    // The webhook's deliveries go to a receiver in this process while the load runs (the server's dispatcher
    // delivers them after each commit, sharing the server's CPU).
    let delivered = 0;
    const receiver = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        delivered++;
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    await post(`/api/v1/accounts/${hooked.id}/webhooks`, {
      url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
      events: ['ticket.created'],
    });
    const ticket = (acct: { id: string }, headers: Record<string, string>) => (i: number) => ({
      method: 'POST',
      path: '/api/v1/tickets',
      headers,
      body: {
        accountId: acct.id,
        category: 'technical',
        severity: 'production_impaired',
        subject: `row ${i}`,
        description: 'x'.repeat(200),
      },
    });
    // Ticket intake (issue 4): auth + ticket_api entitlement + plan + intake checks + SLA deadline + insert + the
    // acknowledgement (message center, mail) in one transaction; with a webhook also its delivery row; staff-opened
    // (the admin token) the same notices, every channel of the level.
    const runs = {
      floor: { url: floor.url, request: floorRequest },
      key: { url: server.url, request: ticket(plain, plain.customer) },
      webhook: { url: server.url, request: ticket(hooked, hooked.customer) },
      staff: { url: server.url, request: ticket(plain, auth) },
      plan: {
        url: server.url,
        request: () => ({ method: 'GET', path: `/api/v1/accounts/${plain.id}/plan`, headers: plain.customer }),
      },
    };
    for (const r of Object.values(runs)) await load(r.url, r.request, { concurrency, seconds: 1 });
    const measured: Record<keyof typeof runs, Awaited<ReturnType<typeof load>>[]> = {
      floor: [],
      key: [],
      webhook: [],
      staff: [],
      plan: [],
    };
    const load1 = (os: string) => Number(os.split(' ')[0]);
    const loads: number[] = [];
    // CPU per request (the server process, and on PostgreSQL its database's server processes): what a request costs,
    // whatever share of the machine the others leave it (the req/s ratios move with that share).
    const floorDbUrl = t.floorArgs[0] === '--database-url' ? t.floorArgs[1] : undefined;
    const cpu: Record<keyof typeof runs, { app: number; db: number }[]> = {
      floor: [],
      key: [],
      webhook: [],
      staff: [],
      plan: [],
    };
    const cpuOf = async (name: keyof typeof runs) => {
      const pid = name === 'floor' ? floor.child.pid! : server.child.pid!;
      const pids = await backendPids(name === 'floor' ? floorDbUrl : t.serve.url);
      return { app: cpuMs(pid), db: pids.reduce((sum, p) => sum + cpuMs(p), 0), pids };
    };
    for (let round = 0; round < rounds; round++) {
      loads.push(load1(readFileSync('/proc/loadavg', 'utf8')));
      for (const [key, r] of Object.entries(runs)) {
        const name = key as keyof typeof runs;
        const before = await cpuOf(name);
        const m = await load(r.url, r.request, { concurrency, seconds });
        const after = await cpuOf(name);
        // A backend that ended during the run takes its share with it (a busy pool keeps its connections).
        measured[name].push(m);
        cpu[name].push({
          app: (after.app - before.app) / m.requests,
          db: Math.max(0, after.db - before.db) / m.requests,
        });
      }
    }
    await server.stop();
    await floor.stop();
    receiver.close();
    // Per round: each run ÷ that round's floor; the median of the rounds.
    const ratio = (name: keyof typeof runs, of: 'perSecond' | 'p99Ms') =>
      median(measured[name].map((m, i) => m[of] / measured.floor[i]![of]));
    const perSecond = (name: keyof typeof runs) => median(measured[name].map((m) => m.perSecond));
    const p99 = (name: keyof typeof runs) => median(measured[name].map((m) => m.p99Ms));
    const goals: Record<'key' | 'webhook' | 'staff', number> = { key: 0.5, webhook: 0.35, staff: 0.3 };
    const labels = {
      key: 'ticket intake',
      webhook: 'ticket intake with a webhook',
      staff: 'staff-opened ticket intake',
    } as const;
    for (const name of ['key', 'webhook', 'staff'] as const) {
      results.push({ metric: `${t.kind} ${labels[name]} req/s`, value: perSecond(name), unit: 'req/s' });
      results.push({
        metric: `${t.kind} ${labels[name]} ÷ floor`,
        value: ratio(name, 'perSecond'),
        unit: '×',
        goal: `≥ ${goals[name]}×`,
        pass: ratio(name, 'perSecond') >= goals[name],
      });
      results.push({ metric: `${t.kind} ${labels[name]} p99`, value: p99(name), unit: 'ms' });
      if (name === 'key')
        results.push({
          metric: `${t.kind} ${labels[name]} p99 ÷ floor p99`,
          value: ratio(name, 'p99Ms'),
          unit: '×',
          goal: '≤ 3×',
          pass: ratio(name, 'p99Ms') <= 3,
        });
      const errors = measured[name].reduce((s, m) => s + m.errors, 0);
      if (errors)
        notes.push(
          `${t.kind}: ${labels[name]} errors ${errors} (${JSON.stringify(measured[name].map((m) => m.statuses))})`,
        );
    }
    const cpuPer = (name: keyof typeof runs) => median(cpu[name].map((c) => c.app + c.db));
    for (const name of ['floor', 'key', 'webhook', 'staff', 'plan'] as const) {
      results.push({
        metric: `${t.kind} ${name === 'floor' ? 'floor' : name === 'plan' ? 'plan read' : labels[name]}: CPU per request (process${t.serve.url ? ' + PostgreSQL' : ''})`,
        value: cpuPer(name),
        unit: `ms (process ${fmt(median(cpu[name].map((c) => c.app)), 2)}${t.serve.url ? `, PostgreSQL ${fmt(median(cpu[name].map((c) => c.db)), 2)}` : ''})`,
      });
      if (name !== 'floor')
        results.push({
          metric: `${t.kind} ${name === 'plan' ? 'plan read' : labels[name]}: floor CPU ÷ its CPU per request`,
          value: cpuPer('floor') / cpuPer(name),
          unit: '×',
        });
    }
    results.push({ metric: `${t.kind} floor: INSERT route req/s`, value: perSecond('floor'), unit: 'req/s' });
    results.push({ metric: `${t.kind} floor: p99`, value: p99('floor'), unit: 'ms' });
    results.push({
      metric: `${t.kind} plan read (auth + plan + entitlements + quotas) req/s`,
      value: perSecond('plan'),
      unit: 'req/s',
    });
    results.push({ metric: `${t.kind} plan read ÷ floor`, value: ratio('plan', 'perSecond'), unit: '×' });
    results.push({ metric: `${t.kind} plan read p99`, value: p99('plan'), unit: 'ms' });
    notes.push(
      `${t.kind}: ${rounds} rounds (floor, key, webhook, staff, plan; ${seconds} s each), ratios per round, median; ` +
        `per round intake ÷ floor ${measured.key.map((m, i) => fmt(m.perSecond / measured.floor[i]!.perSecond, 2)).join(', ')}, ` +
        `webhook ${measured.webhook.map((m, i) => fmt(m.perSecond / measured.floor[i]!.perSecond, 2)).join(', ')}, ` +
        `staff ${measured.staff.map((m, i) => fmt(m.perSecond / measured.floor[i]!.perSecond, 2)).join(', ')}; ` +
        `1-minute load at each round's start ${loads.map((l) => fmt(l, 1)).join(', ')} (2 cores)`,
    );
    notes.push(
      `${t.kind}: ${delivered} ticket.created webhooks delivered during and after the webhook runs (the dispatcher shares the server's CPU)`,
    );
    if (measured.floor.some((m) => m.errors) || measured.plan.some((m) => m.errors))
      notes.push(`${t.kind}: errors in the floor or plan runs`);
    await t.cleanup();
  }
  rmSync(data, { recursive: true, force: true });
  sections.push({
    name: `throughput (concurrency ${concurrency}, ${rounds} rounds of ${seconds} s per run)`,
    results,
    notes,
  });
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const want = (name: string) => !only.length || only.includes(name);
  let embeddedData: string | null = null;
  if (want('startup') || want('throughput')) embeddedData = (await startupAndMemory()).embeddedData;
  if (want('throughput') && embeddedData) await throughput(embeddedData);
  // Only the intake runs, on a new data dir (no start-up section first).
  if (only.includes('intake')) await throughput(null);
  if (want('sla')) sections.push(await slaEngine());
  if (want('billing')) sections.push(await billingBench());
  if (want('advisor')) sections.push(await advisorBench());
  if (want('multi')) sections.push(await multiProcessBench());
  if (want('console')) sections.push(await consoleBench());
  if (want('reports')) sections.push(await reportsBench());
  if (want('ratelimit')) sections.push(await rateLimitBench());
  if (want('tenants')) sections.push(await tenantsBench());
  if (embeddedData) rmSync(embeddedData, { recursive: true, force: true });

  // A run of some sections (`npm run bench -- billing`) keeps the other sections' last results, marked with their date.
  const previous =
    only.length && existsSync('bench/results.json')
      ? (JSON.parse(readFileSync('bench/results.json', 'utf8')) as {
          date: string;
          sections: (BenchSection & { date?: string })[];
        })
      : null;
  const kept = (previous?.sections ?? [])
    .filter((p) => !sections.some((s) => s.name.split(' (')[0] === p.name.split(' (')[0]))
    .map((p) => ({ ...p, date: p.date ?? previous!.date }));
  const report = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    sections: [...kept, ...sections],
  };
  writeFileSync('bench/results.json', `${JSON.stringify(report, null, 2)}\n`);
  for (const s of sections) {
    console.log(`\n== ${s.name}`);
    for (const r of s.results) {
      const verdict = r.pass === undefined ? '' : r.pass ? '  PASS' : '  MISS';
      console.log(
        `  ${r.metric.padEnd(64)} ${fmt(r.value, r.unit === '×' ? 2 : 1).padStart(12)} ${r.unit}${r.goal ? `   goal ${r.goal}` : ''}${verdict}`,
      );
    }
    for (const n of s.notes ?? []) console.log(`  note: ${n}`);
  }
  console.log('\nwritten to bench/results.json');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
