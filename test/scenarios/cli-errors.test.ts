/**
 * R-CAT-6 through the real command line (API.md): `tierdesk serve` refuses a bad --catalog with a non-zero exit,
 * naming the file or each error's path, and never starts listening; `tierdesk catalog check <path>` prints one
 * `path: message` line per error and exits 1, and exits 0 for a valid catalog.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:net';
import { ensureBuilt, freshDataDir, removeDir, ROOT, runCli, startCli } from './cli-server.js';

describe('R-CAT-6 the CLI with bad catalogs', () => {
  let dir: string;
  let badFile: string;
  let entIndex: number;
  let devIndex: number;

  beforeAll(async () => {
    await ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'tierdesk-cli-'));
    // Two independent mistakes in a copy of a shipped catalog.
    const doc = parse(readFileSync(join(ROOT, 'catalogs', 'huaweicloud-intl.yaml'), 'utf8'));
    entIndex = doc.levels.findIndex((l: { id: string }) => l.id === 'enterprise');
    devIndex = doc.levels.findIndex((l: { id: string }) => l.id === 'developer');
    doc.levels[entIndex].technical.targets.sev_x = 'PT1H';
    doc.levels[devIndex].pricing.monthly = '26.001';
    badFile = join(dir, 'broken.yaml');
    writeFileSync(badFile, stringify(doc));
  }, 300_000);
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('R-CAT-6 serve with a missing catalog file exits non-zero naming the file, without listening', async () => {
    const missing = join(dir, 'no-such-catalog.yaml');
    const res = await runCli([
      'serve',
      '--catalog',
      missing,
      '--port',
      '0',
      '--data',
      join(dir, 'data-missing'),
      '--test-clock',
    ]);
    expect(res.code).not.toBe(0);
    expect(res.code).not.toBeNull();
    expect(res.stdout + res.stderr).toContain(missing);
    expect(res.stdout + res.stderr).not.toMatch(/listening on/);
  });

  it('R-CAT-6 serve with an invalid catalog exits non-zero printing each error’s path, without listening', async () => {
    const res = await runCli([
      'serve',
      '--catalog',
      badFile,
      '--port',
      '0',
      '--data',
      join(dir, 'data-bad'),
      '--test-clock',
    ]);
    expect(res.code).toBe(1);
    const out = res.stdout + res.stderr;
    expect(out).toContain(`levels.${entIndex}.technical.targets.sev_x`);
    expect(out).toContain(`levels.${devIndex}.pricing.monthly`);
    expect(out).not.toMatch(/listening on/);
  });

  it('R-CAT-6 catalog check prints `path: message` for each error and exits 1', async () => {
    const res = await runCli(['catalog', 'check', badFile]);
    expect(res.code).toBe(1);
    const lines = res.stdout.trim().split('\n');
    const byPath = new Map(lines.map((l) => [l.slice(0, l.indexOf(': ')), l.slice(l.indexOf(': ') + 2)]));
    expect(byPath.get(`levels.${entIndex}.technical.targets.sev_x`)).toMatch(/unknown severity "sev_x"/);
    expect(byPath.get(`levels.${devIndex}.pricing.monthly`)).toMatch(/USD has 2 decimal places/);
    expect(lines.at(-1)).toBe(`${badFile}: 2 error(s)`);
  });

  it('R-CAT-6 catalog check of a valid catalog (a shipped one, and a fictional provider’s) exits 0', async () => {
    for (const [file, id] of [
      [join(ROOT, 'catalogs', 'ctyun.yaml'), 'ctyun'],
      [join(ROOT, 'test', 'fixtures', 'catalogs', 'acme.yaml'), 'acme'],
    ] as const) {
      const res = await runCli(['catalog', 'check', file]);
      expect(res.code, res.stdout + res.stderr).toBe(0);
      expect(res.stdout).toContain(`valid catalog ${id}`);
    }
  });
});

/** Issue 12: what a new provider meets on the command line — a port in use, and the generated admin token. */
describe('issue 12 the CLI on day one', () => {
  let dir: string;
  let blocker: Server;
  beforeAll(async () => {
    await ensureBuilt();
    dir = await freshDataDir('tierdesk-cli-day-one-');
    blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  }, 300_000);
  afterAll(async () => {
    await new Promise((resolve) => blocker?.close(resolve));
    if (dir) removeDir(dir);
  });

  it('a port in use: one line naming --port and TIERDESK_PORT, exit 1, no stack trace', async () => {
    const port = (blocker.address() as { port: number }).port;
    const res = await runCli([
      'serve',
      '--catalog',
      'huaweicloud-intl',
      '--port',
      String(port),
      '--data',
      join(dir, 'port-in-use'),
      '--test-clock',
    ]);
    expect(res.code).toBe(1);
    const lines = res.stderr.trim().split('\n');
    expect(lines, res.stderr).toHaveLength(1);
    expect(lines[0]).toBe(
      `tierdesk: port ${port} on 127.0.0.1 is already in use: choose another with --port <n> or TIERDESK_PORT`,
    );
    expect(res.stdout).not.toMatch(/listening on|\bat .+:\d+:\d+/);
  });

  it('the generated admin token is shown once; after a restart the server says how to get a new one; admin-token --rotate prints one and the old one stops working', async () => {
    const data = join(dir, 'admin-token');
    const noEnvToken = { TIERDESK_ADMIN_TOKEN: '' };
    const first = await startCli({ catalog: 'huaweicloud-intl', dataDir: data, adminToken: '' });
    let oldToken: string;
    try {
      oldToken = /admin token \(shown once, stored hashed\): (tda_\S+)/.exec(first.output())?.[1] ?? '';
      expect(oldToken, first.output()).toMatch(/^tda_/);
      expect((await first.as(oldToken).get('/api/v1/accounts')).status).toBe(200);
      // The embedded database is the running server's: rotating now is refused and changes nothing.
      const locked = await runCli(['admin-token', '--rotate', '--data', data], { env: noEnvToken });
      expect(locked.code).toBe(3);
      expect(locked.stderr).toContain('in use by another Tierdesk server');
      expect((await first.as(oldToken).get('/api/v1/accounts')).status).toBe(200);
    } finally {
      expect(await first.stop()).toBe(0);
    }

    const withEnv = await runCli(['admin-token', '--rotate', '--data', data], {
      env: { TIERDESK_ADMIN_TOKEN: 'x'.repeat(32) },
    });
    expect(withEnv.code).toBe(1);
    expect(withEnv.stderr).toContain('TIERDESK_ADMIN_TOKEN is set');
    const rotated = await runCli(['admin-token', '--rotate', '--data', data], { env: noEnvToken });
    expect(rotated.code, rotated.stderr).toBe(0);
    const newToken = /no longer works\): (tda_\S+)/.exec(rotated.stdout)?.[1] ?? '';
    expect(newToken).toMatch(/^tda_/);
    expect(newToken).not.toBe(oldToken);

    const second = await startCli({ catalog: 'huaweicloud-intl', dataDir: data, adminToken: '' });
    try {
      expect(second.output()).toContain(
        `admin token: generated at the first start and not shown again (stored hashed); a new one: stop the server, then tierdesk admin-token --rotate --data ${data}`,
      );
      expect(second.output()).not.toContain(oldToken);
      expect(second.output()).not.toContain(newToken);
      const old = await second.as(oldToken).get('/api/v1/accounts');
      expect(old.status).toBe(401);
      expect(old.body.error.code).toBe('UNAUTHENTICATED');
      expect((await second.as(newToken).get('/api/v1/accounts')).status).toBe(200);
    } finally {
      expect(await second.stop()).toBe(0);
    }
  }, 300_000);
});
