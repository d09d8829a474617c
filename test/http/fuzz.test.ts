/**
 * Issue 11 "Done means": a property test over every route of the served OpenAPI document (routes added later are
 * walked by themselves). Generated bodies, parameters and ids — mostly valid, with NUL bytes, lone surrogates,
 * impossible dates, prototype keys, huge and deep values mixed in — from every kind of caller. Each answer must be:
 * - never a 5xx, and an answer within REQUEST_MS;
 * - for an error, the catalog's body `{ error: { code, message, details } }` with the code's own status;
 * - for an error, nothing written (the row count of every table before and after).
 * The generator learns the world as it goes: which id prefix a path segment or an `…Id` property takes (from the
 * answers), the catalog's identifiers, the ids successful requests create.
 * Time-bounded: TIERDESK_FUZZ_SECONDS per database (default 60). The seed is printed on failure and
 * TIERDESK_FUZZ_SEED replays it; TIERDESK_FUZZ_TRACE=<file> appends every request before it is sent;
 * TIERDESK_FUZZ_ROUTE=<part of a path> fuzzes only the routes whose path holds it; TIERDESK_FUZZ_LOG=1 prints the
 * server's error log (the 500's cause).
 */
import { appendFileSync } from 'node:fs';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CATALOG, type ErrorCode } from '../../src/platform/errors.js';
import { DB_KINDS } from '../support/databases.js';
import { ADMIN_TOKEN, buyPlan, createCustomer, startTestApp, type TestApp } from '../support/harness.js';
import { createCustomerUser } from '../support/actors.js';
import { newStaff, openTicket } from '../support/tickets.js';
import {
  idKind,
  operationsOf,
  requestArbitrary,
  type Caller,
  type OpenApiPaths,
  type GeneratedRequest,
  type Operation,
  type Vocabulary,
} from '../support/openapi-arbitraries.js';

const SECONDS = Number(process.env.TIERDESK_FUZZ_SECONDS ?? 60);
const SEED = process.env.TIERDESK_FUZZ_SEED
  ? Number(process.env.TIERDESK_FUZZ_SEED)
  : Math.floor(Math.random() * 2 ** 31);
/** One request's time limit (a hang is a finding); answers slower than SLOW_MS are printed. */
const REQUEST_MS = 10_000;
const SLOW_MS = 2_000;
const TRACE = process.env.TIERDESK_FUZZ_TRACE;
/** Written only by the outbox dispatcher after a commit (an earlier request's effects), never by a request. */
const AFTER_COMMIT_TABLES = new Set(['email_deliveries', 'sms_deliveries', 'webhook_deliveries', 'outbox']);
/**
 * Written by refused requests on purpose: a refused request with an Idempotency-Key keeps its answer for replay (API
 * conventions); failed sign-ins and authentications are counted per address and email (the lock-out).
 */
const REFUSAL_TABLES = new Set(['idempotency_keys', 'sign_in_throttle', 'auth_failures']);
const ID = /^([a-z]{2,5})_[0-9a-z]{10,}$/;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/** The world the generator draws from: ids by prefix, which kind of id each hint takes, the catalog's words. */
class World implements Vocabulary {
  private readonly byPrefix = new Map<string, string[]>();
  private readonly all: string[] = [];
  private readonly kinds = new Map<string, Set<string>>();
  private readonly excluded = new Set<string>();
  private readonly wordList: string[] = [];

  constructor(private readonly seen = new Set<string>()) {}

  exclude(id: string): void {
    this.excluded.add(id);
  }

  addId(id: string): void {
    const m = ID.exec(id);
    if (!m || this.seen.has(id) || this.excluded.has(id)) return;
    this.seen.add(id);
    this.all.push(id);
    const list = this.byPrefix.get(m[1]!) ?? [];
    list.push(id);
    this.byPrefix.set(m[1]!, list);
  }

  private learnKind(hint: string, id: string): void {
    const m = ID.exec(id);
    if (!m) return;
    const kind = idKind(hint);
    if (!kind) return;
    const set = this.kinds.get(kind) ?? new Set<string>();
    set.add(m[1]!);
    this.kinds.set(kind, set);
  }

  /** Learns from an answer of `path` (its last literal segment names the objects it answers with). */
  learn(path: string, body: unknown): void {
    const segment = path
      .split('/')
      .filter((p) => p && !p.startsWith('{'))
      .at(-1);
    const walk = (value: unknown, depth: number, top: boolean) => {
      if (depth > 6 || value === null || typeof value !== 'object') return;
      if (Array.isArray(value)) return value.forEach((x) => walk(x, depth + 1, top));
      for (const [k, v] of Object.entries(value)) {
        if (typeof v === 'string' && ID.test(v)) {
          this.addId(v);
          if (k === 'id' && top && segment) this.learnKind(segment, v);
          else if (/Id$/.test(k)) this.learnKind(k, v);
        } else walk(v, depth + 1, top && (k === 'items' || Array.isArray(v)));
      }
    };
    walk(body, 0, true);
  }

  addWords(catalog: unknown): void {
    const words = new Set<string>();
    const walk = (v: unknown, depth: number) => {
      if (depth > 12) return;
      if (typeof v === 'string' && /^[a-z][a-z0-9_-]{1,40}$/.test(v)) words.add(v);
      else if (v && typeof v === 'object') Object.values(v).forEach((x) => walk(x, depth + 1));
    };
    walk(catalog, 0);
    this.wordList.push(...words);
  }

  idFor(...hints: (string | null)[]): fc.Arbitrary<string> {
    return fc.nat().map((i) => {
      for (const hint of hints) {
        if (!hint) continue;
        const prefixes = [...(this.kinds.get(idKind(hint)) ?? [])];
        const pool = prefixes.flatMap((p) => this.byPrefix.get(p) ?? []);
        if (pool.length) return pool[i % pool.length]!;
      }
      return this.all[i % this.all.length] ?? 'acc_0000000000';
    });
  }

  get words(): fc.Arbitrary<string> {
    return fc.nat().map((i) => this.wordList[i % this.wordList.length] ?? 'general');
  }
}

interface Problem {
  readonly route: string;
  readonly what: string;
  readonly request: string;
}

function describeRequest(r: GeneratedRequest): string {
  const url = r.url.length > 300 ? `${r.url.slice(0, 300)}…` : r.url;
  const headers = JSON.stringify({ ...r.headers, authorization: undefined });
  const body =
    r.payload === undefined ? '' : ` body ${r.payload.length > 400 ? `${r.payload.slice(0, 400)}…` : r.payload}`;
  return `${r.operation.method} ${url} as ${r.caller} ${headers}${body}`;
}

/** What is wrong with an answer, or null. */
function checkAnswer(status: number, text: string): string | null {
  if (status >= 500) return `answered ${status}: ${text.slice(0, 300)}`;
  if (status < 400) return null;
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    return `error ${status} is not JSON: ${text.slice(0, 200)}`;
  }
  const e = body?.error;
  if (!e || Object.keys(body).join() !== 'error' || Object.keys(e).sort().join() !== 'code,details,message')
    return `error ${status} is not { error: { code, message, details } }: ${text.slice(0, 200)}`;
  if (!(e.code in ERROR_CATALOG)) return `error code ${e.code} is not in the catalog`;
  if (ERROR_CATALOG[e.code as ErrorCode].status !== status) return `${e.code} answered ${status}`;
  if (typeof e.message !== 'string' || !e.message) return `${e.code} without a message`;
  if (!e.details || typeof e.details !== 'object' || Array.isArray(e.details)) return `${e.code} details not an object`;
  return null;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * Moving the test clock far ahead runs every month end on the way (minutes of work, not a finding): its `now` stays
 * within a day of the start; the rest of the route is generated as for any other (hostile values included).
 */
function guard(op: Operation): Operation {
  if (op.method !== 'PUT' || op.path !== '/api/v1/test-clock' || !op.body) return op;
  const now = { type: 'string', enum: ['2026-01-01T00:00:00Z', '2026-01-01T08:00:00+08:00', '2026-01-02T00:00:00Z'] };
  return { ...op, body: { ...op.body, properties: { now } } };
}

describe.each(DB_KINDS)('every route of the OpenAPI document under generated input on %s', (kind) => {
  let t: TestApp;
  let operations: Operation[];
  let tables: string[];
  const world = new World();
  const callers: Caller[] = [
    { name: 'admin', token: ADMIN_TOKEN, weight: 5 },
    { name: 'anonymous', token: '', weight: 1 },
    { name: 'garbage', token: 'key_0000000000.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', weight: 1 },
  ];

  beforeAll(async () => {
    t = await startTestApp({ kind, ...(process.env.TIERDESK_FUZZ_LOG ? { config: { logLevel: 'error' } } : {}) });
    const learn = async (path: string, res: Promise<{ status: number; body: unknown }>) => {
      const r = await res;
      if (r.status < 300) world.learn(path, r.body);
      return r;
    };
    // A small world: a master with a custody and an independent sub, another tenant, staff, tickets, orders.
    const master = await createCustomer(t, { name: 'Master' });
    await buyPlan(t, master.id, 'enterprise');
    const custody = await createCustomer(t, { name: 'Custody', parentId: master.id, financeMode: 'custody' });
    const independent = await createCustomer(t, { name: 'Indep', parentId: master.id, financeMode: 'independent' });
    const other = await createCustomer(t, { name: 'Other tenant' });
    await buyPlan(t, other.id, 'developer');
    const member = await createCustomerUser(t, master.id);
    const engineer = await newStaff(t, 'support_engineer', t.app.catalog.def.handlers.at(-1)!.id);
    const billing = await newStaff(t, 'billing_operator');
    const tam = await newStaff(t, 'tam');
    callers.push(
      { name: 'owner', token: master.token, weight: 5 },
      { name: 'member', token: member.token, weight: 1 },
      { name: 'custodyOwner', token: custody.token, weight: 1 },
      { name: 'independentOwner', token: independent.token, weight: 1 },
      { name: 'otherTenant', token: other.token, weight: 2 },
      { name: 'engineer', token: engineer.token, weight: 2 },
      { name: 'billing', token: billing.token, weight: 1 },
      { name: 'tam', token: tam.token, weight: 1 },
    );
    for (const c of callers) if (c.token.startsWith('key_')) world.exclude(c.token.split('.')[0]!);
    const ticket = await openTicket(t.as(master.token), master.id, 'general_guidance');
    await openTicket(t.api, other.id, null, { category: 'non_technical' });
    const must = async (what: string, res: Promise<{ status: number; body: any }>) => {
      const r = await res;
      if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body;
    };
    await must('reply', t.api.post(`/api/v1/tickets/${ticket.id}/replies`, { body: 'staff answer' }));
    await must(
      'order',
      t.api.post(`/api/v1/accounts/${other.id}/orders`, {
        action: 'upgrade',
        level: 'business',
        agreementAccepted: true,
      }),
    );
    await must('webhook', t.api.post(`/api/v1/accounts/${master.id}/webhooks`, { url: 'https://example.com/hook' }));
    await must(
      'service request',
      t.api.post('/api/v1/service-requests', {
        accountId: master.id,
        type: 'event_protection',
        scenario: 'product_launch',
        start: '2026-03-02',
        days: 1,
        contact: { name: 'Ops', email: 'ops@example.com', phone: '+8613800000000' },
      }),
    );
    world.addWords((await t.api.get('/api/v1/catalog')).body);
    operations = operationsOf((await t.api.get('/api/v1/openapi.json')).body as unknown as OpenApiPaths).filter(
      (o) => !process.env.TIERDESK_FUZZ_ROUTE || o.path.includes(process.env.TIERDESK_FUZZ_ROUTE),
    );
    // Every list and object the admin can read, so each kind of id is known by the segment that addresses it.
    for (const op of operations.filter((o) => o.method === 'GET')) {
      const paths = op.path.includes('{')
        ? [master.id, other.id].map((id) => op.path.replace('{id}', id)).filter((p) => !p.includes('{'))
        : [op.path];
      for (const p of paths) await learn(op.path, t.api.raw.get(p));
    }
    for (const c of [master, custody, independent, other]) world.addId(c.id);
    for (const u of [member, engineer, billing, tam]) world.addId(u.userId);
    const rows = (await t.app.deps.db.execute(
      sql`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
    )) as unknown as { rows: { name: string }[] };
    tables = rows.rows.map((r) => r.name).filter((n) => !AFTER_COMMIT_TABLES.has(n) && !REFUSAL_TABLES.has(n));
  });
  afterAll(async () => {
    await t?.close();
  });

  async function rowCounts(): Promise<Record<string, number>> {
    const select = tables.map((n) => `(SELECT count(*) FROM "${n}")::int AS "${n}"`).join(', ');
    const res = (await t.app.deps.db.execute(sql.raw(`SELECT ${select}`))) as unknown as {
      rows: Record<string, number>[];
    };
    return res.rows[0]!;
  }

  it(
    'issue 11: never a 5xx, every error from the catalog, nothing written by a refused request',
    async () => {
      if (!process.env.TIERDESK_FUZZ_ROUTE) expect(operations.length).toBeGreaterThan(60);
      const arbitraries = operations.map((op) => requestArbitrary(guard(op), world, callers));
      const problems: Problem[] = [];
      const slow: string[] = [];
      const perRoute = new Map<string, { runs: number; ok: number }>();
      let runs = 0;
      let known: Record<string, number> | null = null;
      const deadline = Date.now() + SECONDS * 1000;
      type Req = (typeof arbitraries)[number] extends fc.Arbitrary<infer R> ? R : never;
      const probe = async (req: Req) => {
        runs++;
        const route = `${req.operation.method} ${req.operation.path}`;
        const stats = perRoute.get(route) ?? { runs: 0, ok: 0 };
        perRoute.set(route, stats);
        stats.runs++;
        // The counts after a refused request are the counts before the next one (nothing else writes them).
        const before = known ?? (await rowCounts());
        known = null;
        if (TRACE) appendFileSync(TRACE, `${describeRequest(req)}\n`);
        const started = Date.now();
        const answer = t.app.http.inject({
          method: req.operation.method,
          url: req.url,
          headers: req.headers,
          ...(req.payload !== undefined ? { payload: req.payload } : {}),
        });
        const res = await Promise.race([answer, sleep(REQUEST_MS).then(() => null)]);
        if (!res) {
          problems.push({ route, what: `no answer within ${REQUEST_MS} ms`, request: describeRequest(req) });
          await answer.catch(() => undefined);
          return true;
        }
        const ms = Date.now() - started;
        if (TRACE) appendFileSync(TRACE, `  → ${res.statusCode} in ${ms} ms ${res.body.slice(0, 300)}\n`);
        if (ms > SLOW_MS) slow.push(`${ms} ms: ${describeRequest(req).slice(0, 300)}`);
        const wrong = checkAnswer(res.statusCode, res.body);
        if (wrong) problems.push({ route, what: wrong, request: describeRequest(req) });
        if (res.statusCode >= 400) {
          const after = await rowCounts();
          known = after;
          const changed = tables.filter((n) => after[n] !== before[n]);
          if (changed.length)
            problems.push({
              route,
              what: `refused with ${res.statusCode} but wrote ${changed.map((n) => `${n} ${before[n]}→${after[n]}`).join(', ')}`,
              request: describeRequest(req),
            });
        } else {
          stats.ok++;
          world.learn(req.operation.path, safeJson(res.body));
        }
        return true;
      };
      // Every route once first, so coverage never depends on how fast the machine is; then random ones to the deadline.
      for (const [i, arbitrary] of arbitraries.entries()) {
        const [req] = fc.sample(arbitrary, { seed: SEED + i, numRuns: 1 });
        await probe(req!);
      }
      await fc.assert(
        fc.asyncProperty(
          fc.nat({ max: arbitraries.length - 1 }).chain((i) => arbitraries[i]!),
          probe,
        ),
        {
          seed: SEED,
          numRuns: 1_000_000,
          interruptAfterTimeLimit: Math.max(0, deadline - Date.now()),
          markInterruptAsFailure: false,
        },
      );
      const report = problems
        .slice(0, 30)
        .map((p) => `${p.route}: ${p.what}\n    ${p.request}`)
        .join('\n');
      const ok = [...perRoute.values()].reduce((n, s) => n + s.ok, 0);
      console.log(
        `fuzz on ${kind}: seed ${SEED}, ${runs} requests over ${perRoute.size} of ${operations.length} routes, ${ok} answered 2xx`,
      );
      if (slow.length) console.log(`slow answers (seed ${SEED}):\n${slow.slice(0, 20).join('\n')}`);
      expect(
        problems.length,
        `seed ${SEED} (TIERDESK_FUZZ_SEED=${SEED} replays it), ${runs} requests:\n${report}`,
      ).toBe(0);
      // Coverage: every route is visited (a route never reached would prove nothing).
      const unvisited = operations.map((o) => `${o.method} ${o.path}`).filter((r) => !perRoute.has(r));
      expect(unvisited, `seed ${SEED}: ${runs} requests`).toEqual([]);
    },
    (SECONDS + 120) * 1000,
  );
});
