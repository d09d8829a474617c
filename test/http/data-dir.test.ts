/**
 * API.md storage: the embedded database lives in --data and survives restarts; PGlite is single-process, so a
 * second server on the same directory exits with a clear message naming it (DataDirLockedError) while the first
 * keeps serving; a lock left by a dead process is taken over. In-process through openDatabase/buildApp, and
 * end to end through the real CLI (`node bin/tierdesk.js serve`, which runs the compiled dist/).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app/build-app.js';
import { testConfig } from '../../src/platform/config.js';
import { DataDirLockedError } from '../../src/platform/data-dir-lock.js';
import { openDatabase } from '../../src/platform/db.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { ADMIN_TOKEN } from '../support/harness.js';
import { CLI, ROOT, ensureBuilt } from '../scenarios/cli-server.js';

/** A pid that certainly belongs to no running process: one of a child that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

function lockPath(dir: string): string {
  return join(dir, 'tierdesk.lock');
}

describe('R-ACC storage: the --data directory (in process)', () => {
  const dbs: TestDatabase[] = [];
  const fresh = async () => {
    const db = await createTestDatabase('pglite');
    dbs.push(db);
    return db.dataDir!;
  };
  afterAll(async () => {
    for (const db of dbs) await db.drop();
  });

  it('a second open of the same directory fails with DataDirLockedError naming the directory and the owner', async () => {
    const dir = await fresh();
    const first = await openDatabase({ dataDir: dir, databaseUrl: null });
    try {
      const second = openDatabase({ dataDir: dir, databaseUrl: null });
      await expect(second).rejects.toBeInstanceOf(DataDirLockedError);
      await expect(second).rejects.toThrow(
        `the data directory ${dir} is in use by another Tierdesk server (pid ${process.pid})`,
      );
      // The refused open touched nothing: the lock is still the first one's and the first still answers.
      expect(readFileSync(lockPath(dir), 'utf8').trim()).toBe(String(process.pid));
      expect(await first.rows<{ one: number }>((await import('drizzle-orm')).sql`SELECT 1 AS one`)).toEqual([
        { one: 1 },
      ]);
    } finally {
      await first.close();
    }
    expect(existsSync(lockPath(dir))).toBe(false); // released on close
  });

  it('data survives a restart: an account created, the app closed and opened again, the account is there', async () => {
    const dir = await fresh();
    const config = testConfig({
      catalog: 'huaweicloud-intl',
      dataDir: dir,
      databaseUrl: null,
      testClock: true,
      adminToken: ADMIN_TOKEN,
    });
    const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
    const app1 = await buildApp(config);
    let id: string;
    try {
      const res = await app1.http.inject({
        method: 'POST',
        url: '/api/v1/accounts',
        headers: auth,
        payload: {
          name: 'Durable',
          email: 'd@example.com',
          region: app1.catalog.def.regions[0]!.id,
          timeZone: 'Asia/Shanghai',
          locale: 'en-US',
        },
      });
      expect(res.statusCode).toBe(201);
      id = JSON.parse(res.body).id;
      expect(
        (
          await app1.http.inject({
            method: 'PUT',
            url: '/api/v1/test-clock',
            headers: auth,
            payload: { now: '2026-03-01T00:00:00Z' },
          })
        ).statusCode,
      ).toBe(200);
    } finally {
      await app1.close();
    }
    const app2 = await buildApp(config);
    try {
      expect(app2.isNewDatabase).toBe(false);
      const got = await app2.http.inject({ method: 'GET', url: `/api/v1/accounts/${id}`, headers: auth });
      expect(got.statusCode).toBe(200);
      expect(JSON.parse(got.body)).toMatchObject({ id, name: 'Durable' });
      // API.md: the test clock resumes where it stood.
      expect(
        JSON.parse((await app2.http.inject({ method: 'GET', url: '/api/v1/test-clock', headers: auth })).body).now,
      ).toBe('2026-03-01T00:00:00.000Z');
    } finally {
      await app2.close();
    }
  });

  it.each([
    ['a dead process', () => String(deadPid())],
    ['unreadable content', () => 'not-a-pid'],
  ])('a stale lock of %s is taken over', async (_name, content) => {
    const dir = await fresh();
    writeFileSync(lockPath(dir), content());
    const db = await openDatabase({ dataDir: dir, databaseUrl: null });
    try {
      expect(readFileSync(lockPath(dir), 'utf8').trim()).toBe(String(process.pid));
    } finally {
      await db.close();
    }
  });

  it('a lock of a live process is respected', async () => {
    const dir = await fresh();
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      writeFileSync(lockPath(dir), String(sleeper.pid));
      await expect(openDatabase({ dataDir: dir, databaseUrl: null })).rejects.toThrow(`(pid ${sleeper.pid})`);
      expect(readFileSync(lockPath(dir), 'utf8').trim()).toBe(String(sleeper.pid));
    } finally {
      sleeper.kill();
    }
  });
});

interface Server {
  readonly child: ChildProcess;
  readonly url: string;
  readonly output: () => string;
}

/** Starts `tierdesk serve` and resolves when it prints `listening on http://HOST:PORT`. */
function serve(dir: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [CLI, 'serve', '--catalog', 'huaweicloud-intl', '--data', dir, '--port', '0', '--test-clock', '--no-worker'],
      {
        cwd: ROOT,
        env: { ...process.env, TIERDESK_ADMIN_TOKEN: ADMIN_TOKEN, TIERDESK_LOG_LEVEL: 'silent' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no "listening on" within 60 s:\n${out}`)), 60_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]!, output: () => out });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before listening:\n${out}`));
    });
  });
}

/** Runs `tierdesk serve` expecting it to exit; resolves with its exit code and output. */
function serveExpectingExit(dir: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [CLI, 'serve', '--catalog', 'huaweicloud-intl', '--data', dir, '--port', '0', '--no-worker'],
      {
        cwd: ROOT,
        env: { ...process.env, TIERDESK_ADMIN_TOKEN: ADMIN_TOKEN, TIERDESK_LOG_LEVEL: 'silent' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

function stop(server: Server): Promise<number | null> {
  return new Promise((resolve) => {
    if (server.child.exitCode !== null || server.child.signalCode !== null) return resolve(server.child.exitCode);
    server.child.once('exit', (code) => resolve(code));
    server.child.kill('SIGTERM');
  });
}

describe('R-ACC storage: the real CLI on one --data directory', () => {
  let db: TestDatabase;
  const running: Server[] = [];
  let leftRunning: Server | null = null;

  beforeAll(async () => {
    // bin/tierdesk.js runs dist/: built when missing or older than the sources, once across test files.
    await ensureBuilt();
    db = await createTestDatabase('pglite');
  }, 180_000);
  afterAll(async () => {
    for (const s of running) await stop(s);
    await db?.drop();
  });

  it('a second server exits non-zero naming the directory; the first keeps serving; data survives a restart', async () => {
    const dir = db.dataDir!;
    const first = await serve(dir);
    running.push(first);
    const auth = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };
    const created = await fetch(`${first.url}/api/v1/accounts`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({
        name: 'Kept',
        email: 'k@example.com',
        region: 'ap-southeast-1',
        timeZone: 'Asia/Shanghai',
        locale: 'en-US',
      }),
    });
    const account = (await created.json()) as { id: string };
    expect(created.status, JSON.stringify(account)).toBe(201);

    const second = await serveExpectingExit(dir);
    expect(second.code).not.toBe(0);
    expect(second.code).not.toBeNull();
    expect(second.out).toContain(
      `the data directory ${dir} is in use by another Tierdesk server (pid ${first.child.pid})`,
    );
    expect(second.out).not.toMatch(/listening on/);

    // The first is untouched and still serving.
    expect(first.child.exitCode).toBeNull();
    expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${first.url}/api/v1/accounts/${account.id}`, { headers: auth })).status).toBe(200);
    expect(readFileSync(lockPath(dir), 'utf8').trim()).toBe(String(first.child.pid));

    // A clean stop releases the lock; a restart on the same directory finds the account.
    expect(await stop(first)).toBe(0);
    expect(existsSync(lockPath(dir))).toBe(false);
    const again = await serve(dir);
    running.push(again);
    const got = await fetch(`${again.url}/api/v1/accounts/${account.id}`, { headers: auth });
    expect(got.status).toBe(200);
    expect(((await got.json()) as { name: string }).name).toBe('Kept');
    leftRunning = again; // the next test kills it (saves a start: each one boots PGlite in a new process)
  });

  it('a server killed without cleanup leaves a stale lock that the next server takes over', async () => {
    const dir = db.dataDir!;
    const victim = leftRunning ?? (await serve(dir));
    if (!leftRunning) running.push(victim);
    await new Promise<void>((resolve) => {
      victim.child.once('exit', () => resolve());
      victim.child.kill('SIGKILL');
    });
    expect(readFileSync(lockPath(dir), 'utf8').trim()).toBe(String(victim.child.pid));
    const next = await serve(dir);
    running.push(next);
    expect(readFileSync(lockPath(dir), 'utf8').trim()).toBe(String(next.child.pid));
    expect((await fetch(`${next.url}/healthz`)).status).toBe(200);
    expect(await stop(next)).toBe(0);
  });
});
