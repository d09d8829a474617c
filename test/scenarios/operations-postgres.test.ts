/**
 * Issue 17 (API.md "Operations") through the real CLI on one PostgreSQL database: `serve --no-worker` and
 * `tierdesk worker` processes starting together, the outbox shared by workers (each effect once), a worker killed
 * mid-batch and one stopped with SIGTERM, and readiness while the database is away. Webhooks go to a receiver in
 * this process that counts each `webhook-id` and can hold a request (a delivery in flight).
 * Skipped with a notice when TIERDESK_TEST_DATABASE_URL is unset (test/support/global-setup.ts).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, connect, type Socket, type Server as TcpServer } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, PG_URL, type TestDatabase } from '../support/databases.js';
import { migrationsFolder } from '../../src/platform/db.js';
import { clientOf, ok, SCENARIO_ADMIN_TOKEN, spawnCli, type CliProcess, type Client } from './cli-server.js';

const CATALOG = 'huaweicloud-intl';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `fn` until it returns true (a condition across processes; no timed assertion: the test's timeout bounds it). */
async function until(what: string, fn: () => Promise<boolean> | boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** A webhook receiver: counts deliveries per webhook-id; `holdNext()` keeps the next request open until released. */
class Receiver {
  private server: Server | null = null;
  readonly counts = new Map<string, number>();
  private holding: { release: () => void; id: string } | null = null;
  private wantHold = false;
  private heldWaiters: ((id: string) => void)[] = [];
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req: IncomingMessage, res: ServerResponse) => {
      req.resume();
      req.on('end', () => {
        const id = String(req.headers['webhook-id']);
        this.counts.set(id, (this.counts.get(id) ?? 0) + 1);
        if (this.wantHold) {
          this.wantHold = false;
          this.holding = {
            id,
            release: () => {
              if (!res.destroyed) res.writeHead(200).end('ok');
            },
          };
          for (const w of this.heldWaiters.splice(0)) w(id);
          return;
        }
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    const addr = this.server.address() as { port: number };
    this.url = `http://127.0.0.1:${addr.port}/itsm`;
  }

  holdNext(): Promise<string> {
    this.wantHold = true;
    return new Promise((r) => this.heldWaiters.push(r));
  }

  release(): void {
    this.holding?.release();
    this.holding = null;
  }

  reset(): void {
    this.counts.clear();
  }

  total(): number {
    return [...this.counts.values()].reduce((a, b) => a + b, 0);
  }

  async stop(): Promise<void> {
    this.release();
    this.server?.closeAllConnections();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}

/** A TCP proxy in front of PostgreSQL that can be taken down (every connection cut, nothing listening) and back up. */
class Proxy {
  private server: TcpServer | null = null;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async up(): Promise<void> {
    this.server = createTcpServer((client) => {
      const upstream = connect(this.targetPort, this.targetHost);
      this.sockets.add(client).add(upstream);
      const drop = () => {
        client.destroy();
        upstream.destroy();
        this.sockets.delete(client);
        this.sockets.delete(upstream);
      };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((r) => this.server!.listen(this.port, '127.0.0.1', r));
    this.port = (this.server.address() as { port: number }).port;
  }

  async down(): Promise<void> {
    const s = this.server;
    this.server = null;
    for (const sock of this.sockets) sock.destroy();
    this.sockets.clear();
    if (s) await new Promise<void>((r) => s.close(() => r()));
  }
}

describe.skipIf(!PG_URL)('operations on PostgreSQL: workers, API processes, the shared outbox (issue 17)', () => {
  let db: TestDatabase;
  let url: string;
  const procs: CliProcess[] = [];
  const rx = new Receiver();
  let api: CliProcess;
  let admin: Client;
  let adminToken: string;
  let customer: { id: string; api: Client };
  const env = {
    TIERDESK_WEBHOOK_ALLOW_PRIVATE: '1',
    TIERDESK_WORKER_POLL_MS: '100',
    TIERDESK_RATE_LIMIT_PER_MINUTE: '0',
  };

  const serve = async (extraEnv: Record<string, string> = {}, databaseUrl = url) => {
    const p = await spawnCli(
      ['serve', '--catalog', CATALOG, '--port', '0', '--database-url', databaseUrl, '--no-worker'],
      {
        // API processes only write effects; workers deliver them (so what the workers do is all that is delivered).
        env: { ...env, TIERDESK_OUTBOX_AFTER_COMMIT: '0', ...extraEnv },
      },
    );
    procs.push(p);
    return p;
  };
  const worker = async (extraEnv: Record<string, string> = {}) => {
    const p = await spawnCli(['worker', '--catalog', CATALOG, '--database-url', url], {
      env: { ...env, ...extraEnv },
      ready: /worker started/,
    });
    procs.push(p);
    return p;
  };
  const query = async <T>(text: string): Promise<T[]> => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      return (await c.query(text)).rows as T[];
    } finally {
      await c.end();
    }
  };
  const openTickets = async (n: number) => {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const t = ok(
        await customer.api.post('/api/v1/tickets', {
          accountId: customer.id,
          category: 'technical',
          severity: 'general_guidance',
          subject: `Ticket ${i}`,
          description: 'Details of the problem',
        }),
        201,
      );
      ids.push(t.id);
    }
    return ids;
  };
  const deliveredEvents = () => rx.counts.size;
  /** Webhook deliveries waiting (other effects of an opened ticket, such as the message center's, are not counted). */
  const pendingRows = async (topic: string | null = 'webhook.deliver') =>
    Number(
      (
        await query<{ n: string }>(
          `SELECT count(*) AS n FROM outbox WHERE dispatched_at IS NULL AND failed_at IS NULL${topic ? ` AND topic = '${topic}'` : ''}`,
        )
      )[0]!.n,
    );

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    url = db.url!;
    await rx.start();
  }, 60_000);
  afterAll(async () => {
    await Promise.all(procs.map((p) => p.stop()));
    await rx.stop();
    await db?.drop();
  }, 120_000);

  it('issue 17 four processes (two serve --no-worker, two workers) start at once on a new database: one migration each, one admin token, one signing secret', async () => {
    // No TIERDESK_ADMIN_TOKEN: one of the four generates the admin token and prints it; every process keeps it.
    const noToken = { TIERDESK_ADMIN_TOKEN: '' };
    const started = await Promise.all([serve(noToken), serve(noToken), worker(noToken), worker(noToken)]);
    api = started[0]!;
    const printed = started.flatMap((p) => [
      ...p.output().matchAll(/admin token \(shown once, stored hashed\): (\S+)/g),
    ]);
    expect(printed).toHaveLength(1);
    adminToken = printed[0]![1]!;
    admin = clientOf(api.url!, adminToken);
    const journal = JSON.parse(readFileSync(join(migrationsFolder(), 'meta', '_journal.json'), 'utf8')) as {
      entries: unknown[];
    };
    const [applied] = await query<{ n: string; hashes: string }>(
      'SELECT count(*) AS n, count(DISTINCT hash) AS hashes FROM drizzle.__drizzle_migrations',
    );
    expect({ n: Number(applied!.n), hashes: Number(applied!.hashes) }).toEqual({
      n: journal.entries.length,
      hashes: journal.entries.length,
    });
    const dataMigrations = await query<{ id: string }>('SELECT id FROM data_migrations');
    expect(new Set(dataMigrations.map((r) => r.id)).size).toBe(dataMigrations.length);
    // Both API processes answer, ready, with the same secrets (a session signed by one is read by the other).
    for (const p of [started[0]!, started[1]!]) {
      const ready = await fetch(`${p.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({
        ready: true,
        checks: { database: 'ok', migrations: 'ok', catalog: CATALOG },
      });
      expect((await clientOf(p.url!, adminToken).get('/api/v1/accounts')).status).toBe(200);
    }
    // The workers stop cleanly; the second API process too (the first serves the rest of the file).
    expect(await Promise.all([started[1]!.stop(), started[2]!.stop(), started[3]!.stop()])).toEqual([0, 0, 0]);

    const account = ok(
      await admin.post('/api/v1/accounts', {
        name: 'ITSM Ltd',
        email: 'ops@itsm.example',
        region: 'cn-north-4',
        timeZone: 'Asia/Shanghai',
        locale: 'en-US',
      }),
      201,
    );
    const token = ok(await admin.post(`/api/v1/accounts/${account.id}/api-keys`, {}), 201).token as string;
    customer = { id: account.id, api: clientOf(api.url!, token) };
    const order = ok(
      await admin.post(`/api/v1/accounts/${account.id}/orders`, {
        action: 'purchase',
        level: 'business',
        term: { unit: 'year', count: 1 },
        agreementAccepted: true,
      }),
      201,
    );
    ok(await admin.post(`/api/v1/orders/${order.id}/pay`));
    ok(
      await customer.api.post(`/api/v1/accounts/${account.id}/webhooks`, {
        url: rx.url,
        events: ['ticket.created'],
      }),
      201,
    );
  }, 300_000);

  it('issue 17 two workers on one outbox: every effect delivered exactly once (rows claimed FOR UPDATE SKIP LOCKED with a lease)', async () => {
    rx.reset();
    const N = 120;
    await openTickets(N);
    // Nothing is delivered by the API process; the rows wait for a worker, and /metrics counts them.
    expect(rx.total()).toBe(0);
    expect(await pendingRows()).toBe(N);
    const metrics = await (
      await fetch(`${api.url}/metrics`, { headers: { authorization: `Bearer ${adminToken}` } })
    ).text();
    expect(metrics).toMatch(new RegExp(`^tierdesk_outbox_depth ${await pendingRows(null)}$`, 'm'));
    expect(metrics).toMatch(/^tierdesk_tickets_opened_total\{level="business"\} 120$/m);
    expect(metrics).toMatch(/^tierdesk_db_pool_connections\{state="max"\} 10$/m);
    // A serve process adds prom-client's process metrics.
    expect(metrics).toMatch(/^tierdesk_process_cpu_user_seconds_total \d/m);

    const [a, b] = await Promise.all([worker(), worker()]);
    await until(`${N} deliveries`, async () => deliveredEvents() >= N && (await pendingRows()) === 0);
    expect(deliveredEvents()).toBe(N);
    expect([...rx.counts.values()].every((n) => n === 1)).toBe(true);
    expect(await Promise.all([a!.stop(), b!.stop()])).toEqual([0, 0]);
  }, 300_000);

  it('issue 17 a worker killed mid-batch: the next worker takes its claimed rows once their lease has run out', async () => {
    rx.reset();
    const N = 10;
    await openTickets(N);
    const lease = { TIERDESK_OUTBOX_LEASE_SECONDS: '3' };
    const held = rx.holdNext();
    const first = await worker(lease);
    const heldId = await held;
    await first.kill(); // SIGKILL while the delivery is in flight: nothing acknowledged
    rx.release();
    expect(await pendingRows()).toBe(N);
    const second = await worker(lease);
    await until(`${N} deliveries after the kill`, async () => deliveredEvents() >= N && (await pendingRows()) === 0);
    // The one in flight when the first died is delivered again (at least once; receivers dedupe by webhook-id),
    // every other exactly once.
    expect(rx.counts.get(heldId)).toBe(2);
    expect([...rx.counts.entries()].filter(([id]) => id !== heldId).every(([, n]) => n === 1)).toBe(true);
    expect(deliveredEvents()).toBe(N);
    expect(await second.stop()).toBe(0);
  }, 300_000);

  it('issue 17 SIGTERM: the worker finishes the delivery in hand, releases the rest of its batch and exits 0', async () => {
    rx.reset();
    const N = 10;
    await openTickets(N);
    const held = rx.holdNext();
    // The default lease (5 minutes): the second worker can only take the rest because the first released it.
    const first = await worker();
    const heldId = await held;
    const exit = first.stop();
    await first.waitFor(/shutting down \(SIGTERM\)/);
    await sleep(300);
    expect(first.child.exitCode).toBeNull(); // still finishing the delivery in hand
    rx.release();
    expect(await exit).toBe(0);
    expect(rx.counts.get(heldId)).toBe(1);
    expect(await pendingRows()).toBe(N - 1);
    const second = await worker();
    await until(`${N} deliveries after the stop`, async () => deliveredEvents() >= N && (await pendingRows()) === 0);
    expect(deliveredEvents()).toBe(N);
    expect([...rx.counts.values()].every((n) => n === 1)).toBe(true);
    expect(await second.stop()).toBe(0);
  }, 300_000);

  it('issue 17 GET /readyz: 503 with the reason while the database is unreachable, 200 when it is back', async () => {
    const target = new URL(url);
    const proxy = new Proxy(target.hostname, Number(target.port || 5432));
    await proxy.up();
    const viaProxy = new URL(url);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    const p = await serve({}, viaProxy.toString());
    try {
      const readyz = async () => {
        const res = await fetch(`${p.url}/readyz`);
        return { status: res.status, body: (await res.json()) as Record<string, any> };
      };
      expect(await readyz()).toMatchObject({ status: 200, body: { ready: true } });
      expect((await fetch(`${p.url}/healthz`)).status).toBe(200);
      await proxy.down();
      const down = await readyz();
      expect(down.status).toBe(503);
      expect(down.body).toMatchObject({ ready: false, checks: { database: 'unreachable', catalog: CATALOG } });
      expect(down.body.reasons[0]).toMatch(/^database unreachable/);
      // The process itself is up.
      expect((await fetch(`${p.url}/healthz`)).status).toBe(200);
      await proxy.up();
      let last = down;
      await until('readiness after the database is back', async () => {
        last = await readyz();
        return last.status === 200;
      });
      expect(last.body).toMatchObject({ ready: true, checks: { database: 'ok', migrations: 'ok' }, reasons: [] });
      expect((await clientOf(p.url!, SCENARIO_ADMIN_TOKEN).get('/api/v1/accounts')).status).toBe(200);
    } finally {
      await p.stop();
      await proxy.down();
    }
  }, 300_000);
});
