/**
 * Issue 17 through the real CLI on the embedded database: a SIGTERM while a request is in flight (the request
 * finishes, nothing new is accepted, exit 0), and `tierdesk backup` / `tierdesk restore` (a restored data dir
 * serves the same data). The PostgreSQL side (workers, several API processes) is operations-postgres.test.ts.
 */
import { request } from 'node:http';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freshDataDir, ok, removeDir, runCli, startCli, type CliServer } from './cli-server.js';

const CATALOG = 'huaweicloud-intl';

describe('operations on the embedded database (issue 17)', () => {
  const dirs: string[] = [];
  const servers: CliServer[] = [];
  afterAll(async () => {
    for (const s of servers) await s.stop();
    for (const d of dirs) removeDir(d);
  });
  /** An account on the business level (the ticket management API) and its owner key. */
  const customer = async (server: CliServer, name: string) => {
    const account = ok(
      await server.admin.post('/api/v1/accounts', {
        name,
        email: `ops@${name.toLowerCase().replace(/\W+/g, '-')}.example`,
        region: 'cn-north-4',
        timeZone: 'Asia/Shanghai',
        locale: 'en-US',
      }),
      201,
    );
    const order = ok(
      await server.admin.post(`/api/v1/accounts/${account.id}/orders`, {
        action: 'purchase',
        level: 'business',
        term: { unit: 'year', count: 1 },
        agreementAccepted: true,
      }),
      201,
    );
    ok(await server.admin.post(`/api/v1/orders/${order.id}/pay`));
    const token = ok(await server.admin.post(`/api/v1/accounts/${account.id}/api-keys`, {}), 201).token as string;
    return { account, token };
  };
  const dir = async () => {
    const d = await freshDataDir('tierdesk-ops-');
    dirs.push(d);
    return d;
  };

  it('issue 17 SIGTERM: the request in flight finishes (201), no new connection is accepted, the server exits 0', async () => {
    const server = await startCli({ catalog: CATALOG, dataDir: await dir() });
    servers.push(server);
    const { account, token } = await customer(server, 'Drain Ltd');
    const body = JSON.stringify({
      accountId: account.id,
      category: 'technical',
      severity: 'general_guidance',
      subject: 'Sent while the server stops',
      description: 'Details of the problem',
    });
    const url = new URL(`${server.url}/api/v1/tickets`);
    // The request's head and the start of its body are sent; the rest follows only after the server was told to stop.
    const req = request({
      host: url.hostname,
      port: url.port,
      path: url.pathname,
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
      },
    });
    const answered = new Promise<{ status: number; body: string }>((resolve, reject) => {
      req.on('response', (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      req.on('error', reject);
    });
    req.flushHeaders();
    req.write(body.slice(0, 20));
    await new Promise<void>((r) =>
      req.once('socket', (socket) => (socket.connecting ? socket.once('connect', () => r()) : r())),
    );
    // The server has the head (its request log is not at this level; the connection and the bytes are what counts).
    await new Promise((r) => setTimeout(r, 500));
    const exit = server.stop();
    await waitForOutput(server, /shutting down \(SIGTERM\)/);
    // Stopped accepting: a new connection is refused (or answered 503 by a closing server), never served.
    const late = await fetch(`${server.url}/healthz`).then(
      (r) => r.status,
      () => 'refused',
    );
    expect([503, 'refused']).toContain(late);
    req.end(body.slice(20));
    const res = await answered;
    expect(res.status).toBe(201);
    const ticket = JSON.parse(res.body) as { id: string };
    expect(await exit).toBe(0);

    // The ticket was stored: the next start serves it.
    const again = await startCli({ catalog: CATALOG, dataDir: server.dataDir });
    servers.push(again);
    expect(ok(await again.as(token).get(`/api/v1/tickets/${ticket.id}`)).subject).toBe('Sent while the server stops');
    expect(await again.stop()).toBe(0);
  }, 300_000);

  it('issue 17 tierdesk backup and restore: a new data dir restored from the file serves the same data; a running server refuses the backup', async () => {
    const dataDir = await dir();
    const server = await startCli({ catalog: CATALOG, dataDir });
    servers.push(server);
    const { account, token } = await customer(server, 'Backup Ltd');
    const ticket = ok(
      await server.as(token).post('/api/v1/tickets', {
        accountId: account.id,
        category: 'technical',
        severity: 'general_guidance',
        subject: 'Kept in the backup',
        description: 'Details of the problem',
        attachments: [
          { filename: 'log.txt', contentType: 'text/plain', contentBase64: Buffer.from('boom').toString('base64') },
        ],
      }),
      201,
    );
    const file = join(await dir(), 'tierdesk.tar.gz');
    // The data dir is locked while its server runs (a live copy would not be consistent).
    const busy = await runCli(['backup', '--data', dataDir, '--out', file]);
    expect(busy.code).toBe(3);
    expect(busy.stderr).toMatch(/lock|in use|running/i);
    expect(existsSync(file)).toBe(false);
    const before = {
      account: ok(await server.admin.get(`/api/v1/accounts/${account.id}`)),
      ticket: ok(await server.as(token).get(`/api/v1/tickets/${ticket.id}`)),
      clock: await server.now(),
    };
    expect(await server.stop()).toBe(0);

    const backup = await runCli(['backup', '--data', dataDir, '--out', file]);
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    expect(backup.stdout).toMatch(/^backup of .* written to .*tierdesk\.tar\.gz \(\d+ bytes\)$/m);

    // Never over a database: a non-empty directory is refused.
    const occupied = await dir();
    mkdirSync(join(occupied, 'pgdata'));
    writeFileSync(join(occupied, 'pgdata', 'PG_VERSION'), '17');
    const refused = await runCli(['restore', '--in', file, '--data', occupied]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/is not empty; restore into a new directory/);
    const notBackup = join(occupied, 'not-a-backup.tar.gz');
    writeFileSync(notBackup, 'hello');
    const bad = await runCli(['restore', '--in', notBackup, '--data', join(await dir(), 'x')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/not a Tierdesk backup/);

    const restoredDir = join(await dir(), 'restored');
    const restore = await runCli(['restore', '--in', file, '--data', restoredDir]);
    expect(restore.stderr).toBe('');
    expect(restore.code).toBe(0);
    const restored = await startCli({ catalog: CATALOG, dataDir: restoredDir });
    servers.push(restored);
    expect(await restored.now()).toBe(before.clock);
    expect(ok(await restored.admin.get(`/api/v1/accounts/${account.id}`))).toEqual(before.account);
    expect(ok(await restored.as(token).get(`/api/v1/tickets/${ticket.id}`))).toEqual(before.ticket);
    const [att] = before.ticket.attachments as { id: string }[];
    const download = await restored.as(token).download(`/api/v1/tickets/${ticket.id}/attachments/${att!.id}`);
    expect(download.status).toBe(200);
    expect(download.bytes.toString()).toBe('boom');
    expect(await restored.stop()).toBe(0);
  }, 300_000);
});

async function waitForOutput(server: CliServer, pattern: RegExp): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!pattern.test(server.output())) {
    if (Date.now() > deadline) throw new Error(`no ${pattern} in:\n${server.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
