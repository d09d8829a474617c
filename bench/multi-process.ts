/**
 * `npm run bench -- multi` (issue 17): ticket intake with a webhook on PostgreSQL by API processes that only write
 * (`serve --no-worker`, TIERDESK_OUTBOX_AFTER_COMMIT=0) while two `tierdesk worker` processes deliver: one API
 * process, then two with the load spread over both, against the floor (a bare fastify route doing one INSERT on
 * the same server); then the outbox lag: how long after the load stops until every ticket.created webhook has
 * arrived (goal: within 5 s). On this machine every process shares its cores with the load generator and
 * PostgreSQL, so two API processes show contention, not a cluster's scaling.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { load, serverNodeFlags, spawnListening, type BenchResult, type BenchSection, type LoadResult } from './lib.js';

const ADMIN = 'bench-admin-token-0123456789abcdef';
const CLI = [...serverNodeFlags(), 'bin/tierdesk.js'];

async function newDatabase(): Promise<string | null> {
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

async function dropDatabase(url: string): Promise<void> {
  const u = new URL(url);
  const name = u.pathname.slice(1);
  u.pathname = '/test';
  const c = new pg.Client({ connectionString: process.env.TIERDESK_BENCH_DATABASE_URL ?? u.toString() });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await c.end();
}

function spawnWorker(url: string, env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [...CLI, 'worker', '--catalog', 'huaweicloud-intl', '--database-url', url], {
    env: { ...process.env, TIERDESK_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (c: Buffer) => {
      out += c.toString();
      if (/worker started/.test(out))
        resolve({
          child,
          stop: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGTERM');
              setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
            }),
        });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`worker exited with ${code}:\n${out}`)));
  });
}

async function post(base: string, path: string, token: string, body: unknown): Promise<any> {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status >= 300) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** Sums runs that went at the same time (the load spread over several processes). */
function combined(runs: LoadResult[]): { perSecond: number; p99Ms: number; errors: number; created: number } {
  return {
    perSecond: runs.reduce((a, r) => a + r.perSecond, 0),
    p99Ms: Math.max(...runs.map((r) => r.p99Ms)),
    errors: runs.reduce((a, r) => a + r.errors, 0),
    created: runs.reduce((a, r) => a + (r.statuses[201] ?? 0), 0),
  };
}

export default async function multiProcessBench(): Promise<BenchSection> {
  const results: BenchResult[] = [];
  const notes: string[] = [];
  const seconds = Number(process.env.TIERDESK_BENCH_SECONDS ?? 5);
  const concurrency = 16;
  const name = `multi-process intake on PostgreSQL (2 workers, concurrency ${concurrency}, ${seconds} s per run)`;
  const url = await newDatabase();
  const floorUrl = await newDatabase();
  if (!url || !floorUrl) return { name, results, notes: ['PostgreSQL not reachable: skipped'] };
  const stops: (() => Promise<void>)[] = [];
  try {
    const floor = await spawnListening(process.execPath, ['bench/floor-server.mjs', '--database-url', floorUrl]);
    await load(floor.url, () => ({ method: 'POST', path: '/floor', body: { warm: true } }), {
      concurrency,
      seconds: 1,
    });
    const f = await load(
      floor.url,
      (i) => ({ method: 'POST', path: '/floor', body: { subject: `row ${i}`, description: 'x'.repeat(200) } }),
      { concurrency, seconds },
    );
    await floor.stop();

    const env = {
      TIERDESK_ADMIN_TOKEN: ADMIN,
      TIERDESK_RATE_LIMIT_PER_MINUTE: '0',
      TIERDESK_WEBHOOK_ALLOW_PRIVATE: '1',
      TIERDESK_OUTBOX_AFTER_COMMIT: '0',
      TIERDESK_WORKER_POLL_MS: '200',
    };
    const serve = async () => {
      const s = await spawnListening(
        process.execPath,
        [...CLI, 'serve', '--catalog', 'huaweicloud-intl', '--port', '0', '--database-url', url, '--no-worker'],
        env,
      );
      stops.push(s.stop);
      return s;
    };
    const a = await serve();
    const account = await post(a.url, '/api/v1/accounts', ADMIN, {
      name: 'Bench',
      email: 'bench@example.com',
      region: 'cn-north-4',
      timeZone: 'Asia/Shanghai',
      locale: 'en-US',
    });
    const order = await post(a.url, `/api/v1/accounts/${account.id}/orders`, ADMIN, {
      action: 'purchase',
      level: 'business',
      term: { unit: 'year', count: 1 },
      agreementAccepted: true,
    });
    await post(a.url, `/api/v1/orders/${order.id}/pay`, ADMIN, {});
    const key = (await post(a.url, `/api/v1/accounts/${account.id}/api-keys`, ADMIN, {})).token as string;
    const delivered = new Set<string>();
    let deliveries = 0;
    const receiver = createServer((req, res) => {
      deliveries++;
      delivered.add(String(req.headers['webhook-id']));
      req.resume();
      req.on('end', () => res.writeHead(204).end());
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    stops.push(() => new Promise<void>((r) => receiver.close(() => r())));
    await post(a.url, `/api/v1/accounts/${account.id}/webhooks`, key, {
      url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
      events: ['ticket.created'],
    });
    for (const w of await Promise.all([spawnWorker(url, env), spawnWorker(url, env)])) stops.push(w.stop);

    const ticket = (i: number) => ({
      method: 'POST',
      path: '/api/v1/tickets',
      headers: { authorization: `Bearer ${key}` },
      body: {
        accountId: account.id,
        category: 'technical',
        severity: 'production_impaired',
        subject: `row ${i}`,
        description: 'x'.repeat(200),
      },
    });
    const probe = new pg.Client({ connectionString: url });
    await probe.connect();
    stops.push(() => probe.end());
    /** Seconds from now (the load just stopped) until no webhook effect waits in the outbox (Infinity after 60 s). */
    const drained = async () => {
      const t0 = performance.now();
      for (;;) {
        const r = await probe.query(
          "SELECT count(*) AS n FROM outbox WHERE topic = 'webhook.deliver' AND dispatched_at IS NULL AND failed_at IS NULL",
        );
        if (Number(r.rows[0].n) === 0) return (performance.now() - t0) / 1000;
        if (performance.now() - t0 > 60_000) return Infinity;
        await new Promise((res) => setTimeout(res, 20));
      }
    };

    await load(a.url, ticket, { concurrency, seconds: 1 });
    await drained();
    const one = combined([await load(a.url, ticket, { concurrency, seconds })]);
    const lagOne = await drained();
    const b = await serve();
    await load(b.url, ticket, { concurrency, seconds: 1 });
    await drained();
    const two = combined(
      await Promise.all([
        load(a.url, ticket, { concurrency: concurrency / 2, seconds }),
        load(b.url, ticket, { concurrency: concurrency / 2, seconds }),
      ]),
    );
    const lagTwo = await drained();

    results.push({ metric: 'floor: INSERT route req/s', value: f.perSecond, unit: 'req/s' });
    results.push({
      metric: '1 API process + 2 workers: intake with a webhook req/s',
      value: one.perSecond,
      unit: 'req/s',
    });
    results.push({
      metric: '1 API process + 2 workers: intake with a webhook ÷ floor',
      value: one.perSecond / f.perSecond,
      unit: '×',
      goal: '≥ 0.35×',
      pass: one.perSecond / f.perSecond >= 0.35,
    });
    results.push({ metric: '1 API process: p99', value: one.p99Ms, unit: 'ms' });
    results.push({
      metric: '1 API process: outbox lag after the load',
      value: lagOne,
      unit: 's',
      goal: '≤ 5 s',
      pass: lagOne <= 5,
    });
    results.push({
      metric: '2 API processes + 2 workers: intake with a webhook req/s',
      value: two.perSecond,
      unit: 'req/s',
    });
    results.push({ metric: '2 API processes ÷ 1 API process', value: two.perSecond / one.perSecond, unit: '×' });
    results.push({ metric: '2 API processes: p99', value: two.p99Ms, unit: 'ms' });
    results.push({
      metric: '2 API processes: outbox lag after the load',
      value: lagTwo,
      unit: 's',
      goal: '≤ 5 s',
      pass: lagTwo <= 5,
    });
    notes.push(
      `${deliveries} webhook requests for ${delivered.size} events (a replay after a lease would show as more requests than events)`,
    );
    if (one.errors || two.errors) notes.push(`errors: one process ${one.errors}, two processes ${two.errors}`);
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    await dropDatabase(url).catch(() => undefined);
    await dropDatabase(floorUrl).catch(() => undefined);
  }
  return { name, results, notes };
}
