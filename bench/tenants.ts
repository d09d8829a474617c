/**
 * `npm run bench -- tenants` (issue 17, "Scale beyond one database"): 1,000 then 10,000 tenants on PostgreSQL, and
 * the query plans of the per-tenant hot paths at both sizes, checked — not timed.
 *
 * 1. A template tenant is made through the API the way a customer gets one: an account with a business plan bought
 *    and paid, an owner's API key, a webhook, TICKETS tickets (each with its acknowledgement in the message center,
 *    its mail and webhook rows in the outbox, dispatched; all but OPEN_TICKETS answered and closed), USAGE_DAYS days
 *    of usage records.
 * 2. It is cloned into tenants 2…1,000 with one `INSERT … SELECT` per tenant table (every row of the template
 *    through `to_jsonb`, every id in it given the clone's suffix — so references stay consistent —,
 *    `jsonb_populate_record` back), then `ANALYZE`.
 * 3. The app's own statements are captured (pg.Client.prototype.query, this process only) while it serves the
 *    template tenant's hot paths — key lookup and plan, the account's ticket list and a ticket, intake, the message
 *    center, the bills, the staff queue, every sweep (SLA, outbox claim, …) — and each is run again as
 *    `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)` in a transaction rolled back.
 * 4. Clones 1,001…10,000, `ANALYZE`, the same statements explained again.
 * A statement passes when no plan node is a Seq Scan of a tenant table and neither the rows its scans touch nor its
 * buffers grow with the tenants (at 10,000 at most 2× + 20 what they were at 1,000). Written as facts (pass/fail) to
 * bench/results.json. PostgreSQL: TIERDESK_BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test).
 */
import pg from 'pg';
import { buildApp, type Tierdesk } from '../src/app/build-app.js';
import { testConfig } from '../src/platform/config.js';
import { createBenchDatabase, type BenchResult, type BenchSection } from './lib.js';

const ADMIN = 'bench-admin-token-0123456789abcdef';
const SMALL = Number(process.env.TIERDESK_BENCH_TENANTS_SMALL ?? 1000);
const LARGE = Number(process.env.TIERDESK_BENCH_TENANTS ?? 10_000);
const TICKETS = 20;
/** Of them still open (the rest answered and closed). */
const OPEN_TICKETS = 4;
const USAGE_DAYS = 30;

interface Captured {
  text: string;
  values: unknown[];
}
let capturing: Captured[] | null = null;
const pgQuery = pg.Client.prototype.query as (...a: unknown[]) => unknown;
pg.Client.prototype.query = function (this: unknown, ...a: unknown[]) {
  if (capturing) {
    const q = a[0] as string | { text: string; values?: unknown[] };
    const text = typeof q === 'string' ? q : q.text;
    const values = (typeof q === 'string' ? (Array.isArray(a[1]) ? a[1] : []) : (q.values ?? a[1] ?? [])) as unknown[];
    if (typeof text === 'string') capturing.push({ text, values });
  }
  return pgQuery.apply(this, a);
} as never;

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  Plans?: PlanNode[];
}
interface PlanFacts {
  seqScans: string[];
  rowsTouched: number;
  buffers: number;
  nodes: string[];
}

function factsOf(root: PlanNode, tenantTables: Set<string>): PlanFacts {
  const facts: PlanFacts = {
    seqScans: [],
    rowsTouched: 0,
    buffers: (root['Shared Hit Blocks'] ?? 0) + (root['Shared Read Blocks'] ?? 0),
    nodes: [],
  };
  const walk = (n: PlanNode) => {
    const rel = n['Relation Name'];
    facts.nodes.push(`${n['Node Type']}${rel ? ` ${rel}` : ''}${n['Index Name'] ? ` (${n['Index Name']})` : ''}`);
    if (n['Node Type'] === 'Seq Scan' && rel && tenantTables.has(rel)) facts.seqScans.push(rel);
    if (/Scan$/.test(n['Node Type']) && rel)
      facts.rowsTouched += (n['Actual Rows'] ?? 0) * Math.max(1, n['Actual Loops'] ?? 1);
    for (const c of n.Plans ?? []) walk(c);
  };
  walk(root);
  return facts;
}

type Call = (
  token: string,
  method: 'GET' | 'POST',
  url: string,
  body?: unknown,
) => Promise<{ status: number; body: any }>;

function caller(app: Tierdesk): Call {
  return async (token, method, url, body) => {
    const res = await app.http.inject({
      method,
      url,
      ...(body !== undefined ? { payload: body as object } : {}),
      headers: { authorization: `Bearer ${token}` },
    });
    return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : null };
  };
}

async function must(p: Promise<{ status: number; body: any }>, what: string) {
  const r = await p;
  if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/** Every table of `public` with a tenant_id column: the tenant tables a tenant's clone copies. */
async function tenantTablesOf(c: pg.Client): Promise<string[]> {
  const r = await c.query<{ t: string }>(
    `SELECT table_name AS t FROM information_schema.columns
     WHERE table_schema = 'public' AND column_name = 'tenant_id' ORDER BY 1`,
  );
  return r.rows.map((x) => x.t);
}

/**
 * Clones the template tenant into tenants `from`…`to` (clone n's ids end in n, zero-padded: the same 32-character
 * shape as newId's), one `INSERT … SELECT … generate_series` per table. Only columns whose template values hold an
 * id are rewritten (a regular expression on that column, jsonb as text); serial ids are drawn afresh; unique
 * columns that are not ids get the clone's number appended.
 */
async function cloneTenants(c: pg.Client, tables: string[], template: string, from: number, to: number) {
  const ID = `'\\m([a-z]{2,5}_[0-9a-z]{20})[0-9a-z]{6}\\M'`;
  const unique: Record<string, Record<string, string>> = {
    tickets: { number: `x.number || '-' || g` },
    orders: { number: `x.number || '-' || g` },
    api_keys: { token_hash: `md5(x.token_hash || g)` },
  };
  for (const t of tables) {
    const cols = await c.query<{ column_name: string; column_default: string | null; data_type: string }>(
      `SELECT column_name, column_default, data_type FROM information_schema.columns
       WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position`,
      [t],
    );
    const kept = cols.rows.filter((r) => !r.column_default?.startsWith('nextval('));
    const textual = kept.filter((r) => ['text', 'jsonb', 'json', 'character varying', 'ARRAY'].includes(r.data_type));
    const withIds = new Set<string>();
    if (textual.length) {
      const probe = await c.query<Record<string, boolean>>(
        `SELECT ${textual.map((r) => `bool_or("${r.column_name}"::text ~ ${ID}) AS "${r.column_name}"`).join(', ')}
         FROM ${t} WHERE tenant_id = $1`,
        [template],
      );
      for (const [k, v] of Object.entries(probe.rows[0] ?? {})) if (v) withIds.add(k);
    }
    const expr = (r: { column_name: string; data_type: string }) => {
      const col = `x."${r.column_name}"`;
      const own = unique[t]?.[r.column_name];
      if (own) return own;
      if (!withIds.has(r.column_name)) return col;
      const re = `regexp_replace(${col}::text, ${ID}, '\\1' || lpad(g::text, 6, '0'), 'g')`;
      return r.data_type === 'text' ? re : `${re}::${r.data_type === 'ARRAY' ? 'text[]' : r.data_type}`;
    };
    await c.query(
      `INSERT INTO ${t} (${kept.map((r) => `"${r.column_name}"`).join(', ')})
       SELECT ${kept.map(expr).join(', ')}
       FROM ${t} x, generate_series($2::int, $3::int) g
       WHERE x.tenant_id = $1`,
      [template, from, to],
    );
  }
}

interface Explained {
  operation: string;
  sql: string;
  small?: PlanFacts;
  large?: PlanFacts;
}

async function explainAll(
  c: pg.Client,
  statements: Explained[],
  captured: Captured[][],
  tenantTables: Set<string>,
  size: 'small' | 'large',
) {
  for (const [i, s] of statements.entries()) {
    const values = captured[i]![0]!.values;
    await c.query('BEGIN');
    try {
      // An INSERT is planned only (run again it would meet its own committed row); the rest run, rolled back.
      const analyze = /\binsert\s+into\b/i.test(s.sql) ? 'FORMAT JSON' : 'ANALYZE, BUFFERS, FORMAT JSON';
      const r = await c.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
        `EXPLAIN (${analyze}) ${s.sql}`,
        values as unknown[],
      );
      s[size] = factsOf(r.rows[0]!['QUERY PLAN'][0].Plan, tenantTables);
    } finally {
      await c.query('ROLLBACK');
    }
  }
}

export default async function tenantsBench(): Promise<BenchSection> {
  const results: BenchResult[] = [];
  const notes: string[] = [];
  const db = await createBenchDatabase('tierdesk_tenants');
  if (!db) throw new Error('tenants bench: PostgreSQL is unreachable (TIERDESK_BENCH_DATABASE_URL)');
  const c = new pg.Client({ connectionString: db.url });
  let app: Tierdesk | null = null;
  try {
    const config = testConfig({
      catalog: 'huaweicloud-intl',
      dataDir: '/nonexistent',
      databaseUrl: db.url,
      adminToken: ADMIN,
      rateLimitPerMinute: 0,
      webhookAllowPrivate: true,
      outboxAfterCommit: false,
      testClock: false,
    });
    app = await buildApp(config);
    await c.connect();
    const call = caller(app);
    // 1. The template tenant, through the API.
    const t0 = performance.now();
    const acct = await must(
      call(ADMIN, 'POST', '/api/v1/accounts', {
        name: 'Template',
        email: 'template@example.com',
        region: 'cn-north-4',
        timeZone: 'Asia/Shanghai',
        locale: 'en-US',
      }),
      'account',
    );
    const key = await must(call(ADMIN, 'POST', `/api/v1/accounts/${acct.id}/api-keys`, {}), 'key');
    const order = await must(
      call(ADMIN, 'POST', `/api/v1/accounts/${acct.id}/orders`, {
        action: 'purchase',
        level: 'business',
        term: { unit: 'year', count: 1 },
        agreementAccepted: true,
      }),
      'order',
    );
    await must(call(ADMIN, 'POST', `/api/v1/orders/${order.id}/pay`, {}), 'pay');
    await must(
      call(ADMIN, 'POST', `/api/v1/accounts/${acct.id}/webhooks`, {
        url: 'http://127.0.0.1:9/hook',
        events: ['ticket.created'],
      }),
      'webhook',
    );
    const ticketBody = (i: number) => ({
      accountId: acct.id,
      category: 'technical',
      severity: 'production_impaired',
      subject: `ticket ${i}`,
      description: 'x'.repeat(200),
    });
    const ticketIds: string[] = [];
    for (let i = 0; i < TICKETS; i++)
      ticketIds.push((await must(call(key.token, 'POST', '/api/v1/tickets', ticketBody(i)), 'ticket')).id);
    const day = (n: number) => new Date(Date.UTC(2026, 9, 1 + n)).toISOString().slice(0, 10);
    await must(
      call(ADMIN, 'POST', '/api/v1/usage', {
        records: Array.from({ length: USAGE_DAYS }, (_, n) => ({
          id: `r-${acct.id}-${n}`,
          accountId: acct.id,
          service: 'ecs',
          category: 'cloud',
          listPrice: { amount: '12.34', currency: 'USD' },
          from: day(n),
          to: day(n),
        })),
      }),
      'usage',
    );
    // A reply on each ticket (the customer's: a reply row and an event), October's bill (the month-end run), the
    // mails and webhook calls tried once (delivery rows; the webhook's receiver is not there).
    for (const id of ticketIds)
      await must(call(key.token, 'POST', `/api/v1/tickets/${id}/replies`, { body: 'more detail' }), 'reply');
    await must(call(ADMIN, 'POST', '/api/v1/billing/runs', { month: '2026-10' }), 'billing run');
    for (let i = 0; i < 120; i++) {
      const run = await must(call(ADMIN, 'GET', '/api/v1/billing/runs/2026-10'), 'billing run');
      if (run.status === 'completed') break;
      await new Promise((r) => setTimeout(r, 500));
    }
    await app.outbox.dispatchDue(app.clock.now());
    // Delivered long ago, as most of a tenant's outbox is (the claim reads the undelivered); most tickets answered
    // and closed, as most of a tenant's history is (the queue and the SLA sweep read the open ones).
    await c.query(`UPDATE outbox SET dispatched_at = created_at WHERE tenant_id = $1`, [acct.tenantId ?? acct.id]);
    await c.query(
      `UPDATE tickets SET status = 'closed', responded_at = opened_at + interval '1 hour',
         resolved_at = opened_at + interval '1 day', closed_at = opened_at + interval '2 days'
       WHERE tenant_id = $1 AND id <> ALL($2::text[])`,
      [acct.tenantId ?? acct.id, ticketIds.slice(0, OPEN_TICKETS)],
    );
    const template = (acct.tenantId as string | undefined) ?? (acct.id as string);
    const tables = await tenantTablesOf(c);
    const tenantTables = new Set(tables);
    const rowsPerTenant = await c.query<{ n: string }>(
      `SELECT (${tables.map((t) => `(SELECT count(*) FROM ${t} WHERE tenant_id = $1)`).join(' + ')}) AS n`,
      [template],
    );
    notes.push(
      `template tenant through the API: ${TICKETS} tickets, ${USAGE_DAYS} usage records, a plan, a key, a webhook: ${rowsPerTenant.rows[0]!.n} rows in ${tables.length} tenant tables (${((performance.now() - t0) / 1000).toFixed(1)} s)`,
    );

    // 2. Tenants 2…SMALL.
    const t1 = performance.now();
    await cloneTenants(c, tables, template, 2, SMALL);
    await c.query('ANALYZE');
    const smallSeconds = (performance.now() - t1) / 1000;

    // 3. The hot paths' statements, captured once (the app's caches are cold: its first requests read through).
    const customer = key.token as string;
    const operations: [string, () => Promise<unknown>][] = [
      [
        'key lookup + plan read (customer key)',
        () => must(call(customer, 'GET', `/api/v1/accounts/${acct.id}/plan`), 'plan'),
      ],
      ["account's ticket list", () => must(call(customer, 'GET', `/api/v1/tickets?accountId=${acct.id}`), 'list')],
      ['one ticket', () => must(call(customer, 'GET', `/api/v1/tickets/${ticketIds[3]}`), 'ticket')],
      ['ticket intake', () => must(call(customer, 'POST', '/api/v1/tickets', ticketBody(999)), 'intake')],
      ['message center', () => must(call(customer, 'GET', `/api/v1/accounts/${acct.id}/messages`), 'messages')],
      ["account's bills", () => must(call(customer, 'GET', `/api/v1/accounts/${acct.id}/bills`), 'bills')],
      ['staff queue', () => must(call(ADMIN, 'GET', '/api/v1/queue'), 'queue')],
    ];
    const sweeps = (app.scheduler as unknown as { sweeps: { name: string; run(now: Date): Promise<number> }[] }).sweeps;
    for (const s of sweeps) operations.push([`sweep ${s.name}`, () => s.run(app!.clock.now())]);
    const statements: Explained[] = [];
    const captured: Captured[][] = [];
    for (const [operation, run] of operations) {
      capturing = [];
      await run();
      const got = capturing;
      capturing = null;
      for (const q of got) {
        const text = q.text.trim();
        if (!/^(with|select|update|insert|delete)\b/i.test(text)) continue;
        if (/pg_advisory|pg_notify|rate_limit_windows/i.test(text)) continue;
        const seen = statements.findIndex((s) => s.sql === text);
        if (seen >= 0) continue;
        statements.push({ operation, sql: text });
        captured.push([q]);
      }
    }
    await explainAll(c, statements, captured, tenantTables, 'small');

    // 4. Tenants SMALL+1…LARGE, in steps of 1,000 (one statement per table each).
    const t2 = performance.now();
    for (let from = SMALL + 1; from <= LARGE; from += 1000)
      await cloneTenants(c, tables, template, from, Math.min(LARGE, from + 999));
    await c.query('ANALYZE');
    const largeSeconds = (performance.now() - t2) / 1000;
    await explainAll(c, statements, captured, tenantTables, 'large');
    const sizes = await c.query<{ tickets: string; usage: string; outbox: string; messages: string; accounts: string }>(
      `SELECT (SELECT count(*) FROM tickets) AS tickets, (SELECT count(*) FROM usage_records) AS usage,
              (SELECT count(*) FROM outbox) AS outbox, (SELECT count(*) FROM messages) AS messages,
              (SELECT count(DISTINCT tenant_id) FROM accounts) AS accounts`,
    );
    const z = sizes.rows[0]!;
    notes.push(
      `${SMALL} tenants cloned in ${smallSeconds.toFixed(1)} s, ${LARGE} in ${(smallSeconds + largeSeconds).toFixed(1)} s (set-based: one INSERT … SELECT per tenant table and step); at ${LARGE}: ${z.accounts} tenants, ${z.tickets} tickets, ${z.usage} usage records, ${z.outbox} outbox rows, ${z.messages} messages`,
    );

    // A Seq Scan of a table that is still small at 10,000 tenants (a provider-wide table, or one the template
    // leaves empty) is the planner's right choice and says nothing about growth: listed, not failed.
    const sizesByTable = new Map(
      (
        await c.query<{ relname: string; n: number }>(
          `SELECT relname, reltuples::float8 AS n FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace`,
        )
      ).rows.map((r) => [r.relname, Math.max(0, r.n)]),
    );
    const grown = (t: string) => (sizesByTable.get(t) ?? 0) >= 1000;
    let passed = 0;
    for (const s of statements) {
      const a = s.small!;
      const b = s.large!;
      const bounded = b.rowsTouched <= 2 * a.rowsTouched + 20 && b.buffers <= 2 * a.buffers + 20;
      const small = [...new Set([...a.seqScans, ...b.seqScans])].filter((t) => !grown(t));
      a.seqScans = a.seqScans.filter(grown);
      b.seqScans = b.seqScans.filter(grown);
      if (small.length)
        s.operation += ` [Seq Scan of ${small.map((t) => `${t} (${sizesByTable.get(t) ?? 0} rows)`).join(', ')}: small at ${LARGE}]`;
      const pass = b.seqScans.length === 0 && a.seqScans.length === 0 && bounded;
      if (pass) passed++;
      const short = s.sql.replace(/\s+/g, ' ').slice(0, 90);
      results.push({
        metric: `${s.operation}: ${short}`,
        value: b.rowsTouched,
        unit: `rows touched at ${LARGE} (${a.rowsTouched} at ${SMALL}); buffers ${b.buffers} (${a.buffers}); ${b.seqScans.length ? `Seq Scan ${b.seqScans.join(', ')}` : 'no Seq Scan of a tenant table'}; ${[...new Set(b.nodes)].join(' › ')}`,
        goal: `no Seq Scan of a tenant table of ≥ 1,000 rows; rows and buffers ≤ 2× + 20 of ${SMALL} tenants`,
        pass,
      });
    }
    results.unshift({
      metric: `hot-path statements with bounded index plans at ${LARGE} tenants`,
      value: passed,
      unit: `of ${statements.length}`,
      goal: 'all',
      pass: passed === statements.length,
    });
  } finally {
    capturing = null;
    await app?.close();
    await c.end().catch(() => undefined);
    await db.drop();
  }
  return {
    name: `tenants (${SMALL} vs ${LARGE} tenants on PostgreSQL, EXPLAIN ANALYZE of the hot paths)`,
    results,
    notes,
  };
}
