/**
 * `npx tsx bench/intake-profile.ts [postgres|pglite] [n]`: where one ticket intake spends its time (issue 17). The
 * real composition root on a fresh database, one request at a time through fastify's inject, every SQL statement
 * the driver sends counted and timed (pg.Client.prototype.query / PGlite's query, exec and transaction patched in
 * this process only). Prints statements per request by kind (customer key; with a webhook; staff-opened) and a
 * timeline of one request: each statement's start and duration from the request's start, the gaps being JS.
 * PostgreSQL: TIERDESK_BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { buildApp } from '../src/app/build-app.js';
import { testConfig } from '../src/platform/config.js';
import { openDatabase } from '../src/platform/db.js';
import { createBenchDatabase } from './lib.js';

const ADMIN = 'bench-admin-token-0123456789abcdef';
const kind = process.argv[2] === 'pglite' ? 'pglite' : 'postgres';
const n = Number(process.argv[3] ?? 200);

interface Stmt {
  text: string;
  startMs: number;
  ms: number;
}
let recording: Stmt[] | null = null;
function record<T>(text: unknown, run: () => Promise<T>): Promise<T> {
  if (!recording) return run();
  const into = recording;
  const startMs = performance.now();
  const t = typeof text === 'string' ? text : ((text as { text?: string })?.text ?? String(text));
  return run().finally(() =>
    into.push({ text: t.replace(/\s+/g, ' ').slice(0, 110), startMs, ms: performance.now() - startMs }),
  );
}
const pgQuery = pg.Client.prototype.query as (...a: unknown[]) => unknown;
pg.Client.prototype.query = function (this: unknown, ...a: unknown[]) {
  const last = a[a.length - 1];
  if (!recording) return pgQuery.apply(this, a);
  if (typeof last === 'function') {
    const into = recording;
    const startMs = performance.now();
    const q = a[0] as string | { text?: string };
    const text = (typeof q === 'string' ? q : (q.text ?? '')).replace(/\s+/g, ' ').slice(0, 110);
    a[a.length - 1] = (...r: unknown[]) => {
      into.push({ text, startMs, ms: performance.now() - startMs });
      return (last as (...x: unknown[]) => unknown)(...r);
    };
    return pgQuery.apply(this, a);
  }
  return record(a[0], () => pgQuery.apply(this, a) as Promise<unknown>);
} as never;
const proto = PGlite.prototype as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
for (const m of ['query', 'exec']) {
  const orig = proto[m]!;
  proto[m] = function (this: unknown, ...a: unknown[]) {
    return record(a[0], () => orig.apply(this, a));
  };
}
const origTx = proto.transaction!;
proto.transaction = function (this: unknown, fn: unknown) {
  return origTx.call(this, (tx: Record<string, (...a: unknown[]) => Promise<unknown>>) => {
    for (const m of ['query', 'exec']) {
      const o = tx[m]!.bind(tx);
      tx[m] = (...a: unknown[]) => record(a[0], () => o(...a));
    }
    return (fn as (t: unknown) => Promise<unknown>)(tx);
  });
};

async function database(): Promise<{ dataDir: string; databaseUrl: string | null; drop(): Promise<void> }> {
  if (kind === 'pglite') {
    const dataDir = mkdtempSync(join(tmpdir(), 'tierdesk-profile-'));
    const first = await openDatabase({ dataDir, databaseUrl: null });
    await first.close();
    return { dataDir, databaseUrl: null, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  const db = await createBenchDatabase('tierdesk_profile');
  if (!db) throw new Error('intake profile: PostgreSQL is unreachable (TIERDESK_BENCH_DATABASE_URL)');
  return { dataDir: '/nonexistent', databaseUrl: db.url, drop: db.drop };
}

async function main(): Promise<void> {
  const db = await database();
  const app = await buildApp(
    testConfig({
      catalog: 'huaweicloud-intl',
      dataDir: db.dataDir,
      databaseUrl: db.databaseUrl,
      adminToken: ADMIN,
      rateLimitPerMinute: 0,
      webhookAllowPrivate: true,
      outboxAfterCommit: false,
    }),
  );
  const call = async (token: string, method: 'GET' | 'POST', url: string, body?: unknown) => {
    const res = await app.http.inject({
      method,
      url,
      ...(body !== undefined ? { payload: body as object } : {}),
      headers: { authorization: `Bearer ${token}` },
    });
    return { status: res.statusCode, body: res.body ? (JSON.parse(res.body) as Record<string, string>) : {} };
  };
  const acct = await call(ADMIN, 'POST', '/api/v1/accounts', {
    name: 'Bench',
    email: 'bench@example.com',
    region: 'cn-north-4',
    timeZone: 'Asia/Shanghai',
    locale: 'en-US',
  });
  const key = await call(ADMIN, 'POST', `/api/v1/accounts/${acct.body.id}/api-keys`, {});
  const order = await call(ADMIN, 'POST', `/api/v1/accounts/${acct.body.id}/orders`, {
    action: 'purchase',
    level: 'business',
    term: { unit: 'year', count: 1 },
    agreementAccepted: true,
  });
  const paid = await call(ADMIN, 'POST', `/api/v1/orders/${order.body.id}/pay`, {});
  if (paid.status !== 200) throw new Error(`pay ${paid.status} ${JSON.stringify(paid.body)}`);
  const ticket = (i: number) => ({
    accountId: acct.body.id,
    category: 'technical',
    severity: 'production_impaired',
    subject: `row ${i}`,
    description: 'x'.repeat(200),
  });
  const runs: [string, string][] = [
    ['customer key', key.body.token!],
    ['customer key, webhook registered', key.body.token!],
    ['staff (admin token)', ADMIN],
  ];
  for (const [label, token] of runs) {
    if (label.includes('webhook')) {
      const hook = await call(ADMIN, 'POST', `/api/v1/accounts/${acct.body.id}/webhooks`, {
        url: 'http://127.0.0.1:9/hook',
        events: ['ticket.created'],
      });
      if (hook.status !== 201) throw new Error(`webhook ${hook.status}`);
    }
    for (let i = 0; i < 20; i++) await call(token, 'POST', '/api/v1/tickets', ticket(i));
    const perRequest: Stmt[][] = [];
    const wall: number[] = [];
    for (let i = 0; i < n; i++) {
      recording = [];
      const t0 = performance.now();
      const res = await call(token, 'POST', '/api/v1/tickets', ticket(i));
      wall.push(performance.now() - t0);
      if (res.status !== 201) throw new Error(`${label}: ${res.status} ${JSON.stringify(res.body)}`);
      perRequest.push(recording.map((s) => ({ ...s, startMs: s.startMs - t0 })));
      recording = null;
    }
    const counts = perRequest.map((r) => r.length).sort((a, b) => a - b);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const sqlMs = perRequest.map((r) => r.reduce((s, x) => s + x.ms, 0));
    console.log(
      `\n== ${kind}, ${label}: statements per request median ${median(counts)} (min ${counts[0]}, max ${counts.at(-1)}); wall median ${median(wall).toFixed(2)} ms, in SQL ${median(sqlMs).toFixed(2)} ms`,
    );
    const typical = perRequest.find((r) => r.length === median(counts)) ?? perRequest[0]!;
    const byText = new Map<string, number[]>();
    for (const r of perRequest) for (const s of r) byText.set(s.text, [...(byText.get(s.text) ?? []), s.ms]);
    for (const s of typical)
      console.log(
        `  +${s.startMs.toFixed(2).padStart(6)} ms  ${median(byText.get(s.text) ?? [s.ms])
          .toFixed(2)
          .padStart(5)} ms  ${s.text}`,
      );
    console.log(`  end ${median(wall).toFixed(2)} ms`);
    // What the dispatcher then does for these n tickets' effects (mail, webhook deliveries), in batches.
    recording = [];
    const t1 = performance.now();
    const handled = await app.outbox.dispatchDue(app.clock.now());
    const dispatchMs = performance.now() - t1;
    const kinds = new Map<string, number>();
    for (const s of recording) kinds.set(s.text.slice(0, 60), (kinds.get(s.text.slice(0, 60)) ?? 0) + 1);
    console.log(
      `  dispatch: ${handled} effects, ${recording.length} statements (${(recording.length / n).toFixed(2)} per ticket), ${(dispatchMs / n).toFixed(2)} ms per ticket`,
    );
    for (const [text, count] of kinds) console.log(`    ${String(count).padStart(5)}  ${text}`);
    recording = null;
  }
  await app.close();
  await db.drop();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
