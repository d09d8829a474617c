/**
 * `npm run bench -- ratelimit` (issue 17): what the shared rate limit costs ticket intake on PostgreSQL. One server
 * with the limit off and one with a limit no run reaches (every request counted in `rate_limit_windows`, none
 * refused), measured in turns (off, on, off, on) on one database so the machine's load falls on both alike.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { load, median, spawnListening, type BenchResult, type BenchSection } from './lib.js';

const ADMIN = 'bench-admin-token-0123456789abcdef';
const BASE = process.env.TIERDESK_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function admin(sqlText: string): Promise<void> {
  const c = new pg.Client({ connectionString: BASE });
  await c.connect();
  try {
    await c.query(sqlText);
  } finally {
    await c.end();
  }
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

export default async function rateLimitBench(): Promise<BenchSection> {
  const seconds = Number(process.env.TIERDESK_BENCH_SECONDS ?? 5);
  const concurrency = 16;
  const name = `shared rate limit on PostgreSQL (ticket intake, concurrency ${concurrency}, ${seconds} s per run)`;
  const db = `tierdesk_bench_${randomBytes(4).toString('hex')}`;
  await admin(`CREATE DATABASE ${db}`);
  const u = new URL(BASE);
  u.pathname = `/${db}`;
  const url = u.toString();
  const results: BenchResult[] = [];
  const notes: string[] = [];
  try {
    const serve = (limit: string) =>
      spawnListening(
        process.execPath,
        ['bin/tierdesk.js', 'serve', '--catalog', 'huaweicloud-intl', '--port', '0', '--database-url', url],
        { TIERDESK_ADMIN_TOKEN: ADMIN, TIERDESK_RATE_LIMIT_PER_MINUTE: limit },
        120_000,
      );
    const first = await serve('0');
    const account = await post(first.url, '/api/v1/accounts', ADMIN, {
      name: 'Bench',
      email: 'bench@example.com',
      region: 'cn-north-4',
      timeZone: 'Asia/Shanghai',
      locale: 'en-US',
    });
    const key = await post(first.url, `/api/v1/accounts/${account.id}/api-keys`, ADMIN, {});
    const order = await post(first.url, `/api/v1/accounts/${account.id}/orders`, ADMIN, {
      action: 'purchase',
      level: 'business',
      term: { unit: 'year', count: 1 },
      agreementAccepted: true,
    });
    await post(first.url, `/api/v1/orders/${order.id}/pay`, ADMIN, {});
    await first.stop();
    const ticket = (i: number) => ({
      method: 'POST',
      path: '/api/v1/tickets',
      headers: { authorization: `Bearer ${key.token}` },
      body: {
        accountId: account.id,
        category: 'technical',
        severity: 'production_impaired',
        subject: `row ${i}`,
        description: 'x'.repeat(200),
      },
    });
    const runs: Record<'off' | 'on', { perSecond: number; p99Ms: number }[]> = { off: [], on: [] };
    for (const mode of ['off', 'on', 'off', 'on'] as const) {
      const server = await serve(mode === 'off' ? '0' : '100000000');
      await load(server.url, ticket, { concurrency, seconds: 1 });
      const r = await load(server.url, ticket, { concurrency, seconds });
      await server.stop();
      if (r.errors) notes.push(`${mode}: ${r.errors} errors (${JSON.stringify(r.statuses)})`);
      runs[mode].push({ perSecond: r.perSecond, p99Ms: r.p99Ms });
    }
    const off = median(runs.off.map((r) => r.perSecond));
    const on = median(runs.on.map((r) => r.perSecond));
    results.push({ metric: 'ticket intake, rate limit off req/s', value: off, unit: 'req/s' });
    results.push({ metric: 'ticket intake, rate limit counted (shared) req/s', value: on, unit: 'req/s' });
    results.push({
      metric: 'ticket intake, rate limit counted ÷ off',
      value: on / off,
      unit: '×',
      goal: '≥ 0.95×',
      pass: on / off >= 0.95,
    });
    results.push({
      metric: 'ticket intake, rate limit counted p99',
      value: median(runs.on.map((r) => r.p99Ms)),
      unit: 'ms',
    });
    results.push({
      metric: 'ticket intake, rate limit off p99',
      value: median(runs.off.map((r) => r.p99Ms)),
      unit: 'ms',
    });
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    const { rows } = await c.query<{ count: string }>(
      `SELECT coalesce(sum(count), 0) AS count FROM rate_limit_windows WHERE bucket LIKE 'account:%'`,
    );
    await c.end();
    notes.push(`requests counted in rate_limit_windows (account buckets, windows kept): ${rows[0]!.count}`);
  } finally {
    await admin(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
  }
  return { name, results, notes };
}
