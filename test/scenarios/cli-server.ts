/**
 * The real command line for scenario tests (API.md): `node bin/tierdesk.js serve --catalog <id> --port 0
 * --data <dir> --test-clock` with TIERDESK_ADMIN_TOKEN, after building dist/ when it is missing or older than src/
 * (one build at a time across parallel test files). A server is ready when it prints `listening on
 * http://HOST:PORT`; it is driven with fetch and stopped with SIGTERM (a clean stop exits 0). `runCli` runs a
 * command to its exit.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CLI = join(ROOT, 'bin', 'tierdesk.js');
export const SCENARIO_ADMIN_TOKEN = 'scenario-admin-token-0123456789abcdef';

function newestMtimeMs(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtimeMs(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const BUILT = join(ROOT, 'dist', 'app', 'cli.js');
const stale = () => !existsSync(BUILT) || newestMtimeMs(join(ROOT, 'src')) > statSync(BUILT).mtimeMs;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Builds dist/ when it is missing or older than src/; parallel callers wait for the one that builds. */
export async function ensureBuilt(): Promise<void> {
  if (!stale()) return;
  const lock = join(tmpdir(), `tierdesk-build-${createHash('sha256').update(ROOT).digest('hex').slice(0, 12)}.lock`);
  const deadline = Date.now() + 300_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Another file builds; a lock older than 5 minutes was left by a build that died.
      try {
        if (Date.now() - statSync(lock).mtimeMs > 300_000) rmSync(lock, { recursive: true, force: true });
      } catch {
        /* released meanwhile */
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for the build lock ${lock}`);
      await sleep(500);
    }
  }
  try {
    if (!stale()) return;
    const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
    // Type errors elsewhere are the typecheck's business; tsc still emits, and the CLI is what is tested here.
    if (!existsSync(BUILT)) throw new Error(`npm run build produced no dist/:\n${build.stdout}\n${build.stderr}`);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** A new empty directory for --data (the server creates its database there). */
export async function freshDataDir(prefix = 'tierdesk-scenario-'): Promise<string> {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export interface Reply<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface Client {
  get<T = any>(path: string): Promise<Reply<T>>;
  post<T = any>(path: string, body?: unknown): Promise<Reply<T>>;
  put<T = any>(path: string, body?: unknown): Promise<Reply<T>>;
  delete<T = any>(path: string): Promise<Reply<T>>;
  /** The raw bytes of a GET (deliverable downloads). */
  download(path: string): Promise<{ status: number; bytes: Buffer; headers: Headers }>;
}

function client(base: string, token: string): Client {
  const call = async (method: string, path: string, body?: unknown): Promise<Reply> => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed, headers: res.headers };
  };
  return {
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, body ?? {}),
    put: (path, body) => call('PUT', path, body ?? {}),
    delete: (path) => call('DELETE', path),
    async download(path) {
      const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
      return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()), headers: res.headers };
    },
  };
}

/** The body of a reply with the expected status (200 unless given); anything else throws with the reply. */
export function ok<T = any>(res: Reply<T>, status = 200): T {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export interface CliServer {
  readonly url: string;
  readonly dataDir: string;
  readonly child: ChildProcess;
  /** The provider admin (TIERDESK_ADMIN_TOKEN). */
  readonly admin: Client;
  as(token: string): Client;
  /** PUT /api/v1/test-clock; throws unless 200; returns the new time. */
  setClock(iso: string): Promise<string>;
  /** GET /api/v1/test-clock. */
  now(): Promise<string>;
  /** Everything the process printed so far. */
  output(): string;
  /** SIGTERM (SIGKILL after 30 s); resolves with the exit code, 0 for a clean stop. Idempotent. */
  stop(): Promise<number | null>;
}

/**
 * The environment of every CLI child: this process's, quiet logs, no report PDFs and the scenario admin token, then
 * the caller's `env`, then `overrides` (what the caller may not change).
 */
function cliEnv(env: Record<string, string> = {}, overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    TIERDESK_ADMIN_TOKEN: SCENARIO_ADMIN_TOKEN,
    TIERDESK_LOG_LEVEL: 'warn',
    TIERDESK_REPORT_MAIL_PDF: '0',
    ...env,
    ...overrides,
  };
}

/** Starts `tierdesk serve --catalog <id> --port 0 --data <dataDir> --test-clock` and resolves when it listens. */
export async function startCli(opts: {
  catalog: string;
  dataDir: string;
  adminToken?: string;
  args?: string[];
  env?: Record<string, string>;
  timeoutMs?: number;
}): Promise<CliServer> {
  await ensureBuilt();
  const token = opts.adminToken ?? SCENARIO_ADMIN_TOKEN;
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const child = spawn(
    process.execPath,
    [
      CLI,
      'serve',
      '--catalog',
      opts.catalog,
      '--port',
      '0',
      '--data',
      opts.dataDir,
      '--test-clock',
      ...(opts.args ?? []),
    ],
    {
      cwd: ROOT,
      env: cliEnv(opts.env, { TIERDESK_ADMIN_TOKEN: token }),
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`tierdesk serve --catalog ${opts.catalog}: no "listening on" within ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`tierdesk serve --catalog ${opts.catalog} exited with ${code} before listening:\n${out}`));
    });
  });
  const admin = client(url, token);
  let stopped: Promise<number | null> | null = null;
  return {
    url,
    dataDir: opts.dataDir,
    child,
    admin,
    as: (t) => client(url, t),
    async setClock(iso) {
      const res = await admin.put('/api/v1/test-clock', { now: iso });
      if (res.status !== 200)
        throw new Error(`PUT /api/v1/test-clock ${iso}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.now as string;
    },
    async now() {
      return ok(await admin.get('/api/v1/test-clock')).now as string;
    },
    output: () => out,
    stop() {
      stopped ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
        const code = await exited;
        clearTimeout(timer);
        return code;
      })();
      return stopped;
    },
  };
}

/** Runs `node bin/tierdesk.js <args>` to its exit (killed after `timeoutMs`). */
export async function runCli(
  args: string[],
  opts: { env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  await ensureBuilt();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: ROOT,
      env: cliEnv(opts.env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A long-running CLI process (`serve` without the test clock, `worker`) driven by its output and signals. */
export interface CliProcess {
  readonly child: ChildProcess;
  /** The first match of `ready` (for `serve`: `listening on (url)`). */
  readonly ready: RegExpExecArray;
  /** `http://…` when the process printed `listening on`. */
  readonly url: string | null;
  output(): string;
  /** Resolves when the output (from now or before) matches; rejects after `timeoutMs` or when the process exits. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  /** SIGTERM (SIGKILL after 30 s); the exit code. Idempotent. */
  stop(): Promise<number | null>;
  /** SIGKILL, resolved when the process is gone. */
  kill(): Promise<void>;
}

/**
 * Starts `node bin/tierdesk.js <args>` and resolves once its output matches `ready` (default `listening on`).
 * Nothing is added to the arguments (no --data, no --test-clock): the caller says everything.
 */
export async function spawnCli(
  args: string[],
  opts: { env?: Record<string, string>; ready?: RegExp; timeoutMs?: number } = {},
): Promise<CliProcess> {
  await ensureBuilt();
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    env: cliEnv(opts.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    out += chunk.toString();
    for (const l of [...listeners]) l();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let hasExited = false;
  void exited.then(() => {
    hasExited = true;
    for (const l of [...listeners]) l();
  });
  const waitFor = (pattern: RegExp, timeoutMs = 120_000) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const check = () => {
        const m = pattern.exec(out);
        if (m) {
          done();
          resolve(m);
        } else if (hasExited) {
          done();
          reject(new Error(`tierdesk ${args.join(' ')} exited before printing ${pattern}:\n${out}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`tierdesk ${args.join(' ')}: no ${pattern} within ${timeoutMs} ms:\n${out}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        listeners.delete(check);
      };
      listeners.add(check);
      check();
    });
  let ready: RegExpExecArray;
  try {
    ready = await waitFor(opts.ready ?? /listening on (http:\/\/\S+)/, opts.timeoutMs ?? 120_000);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  const url = /listening on (http:\/\/\S+)/.exec(out)?.[1] ?? null;
  let stopped: Promise<number | null> | null = null;
  return {
    child,
    ready,
    url,
    output: () => out,
    waitFor,
    exited,
    stop() {
      stopped ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
        const code = await exited;
        clearTimeout(timer);
        return code;
      })();
      return stopped;
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** A client on a `serve` process's URL (bearer `token`). */
export function clientOf(url: string, token: string): Client {
  return client(url, token);
}
