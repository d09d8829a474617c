/** Bench helpers: spawn the real server, wait for "listening", read RSS, drive HTTP load with keep-alive. */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import pg from 'pg';

/**
 * The V8 flags the server runs with: those of `bin/tierdesk.js`'s shebang (`npx tierdesk`, `tierdesk worker`), so a
 * bench that spawns the CLI, or runs a server's job in a child process, measures what production runs.
 */
export function serverNodeFlags(): string[] {
  const shebang = readFileSync(new URL('../bin/tierdesk.js', import.meta.url), 'utf8').split('\n', 1)[0]!;
  return shebang.split(/\s+/).filter((arg) => arg.startsWith('--'));
}

export interface BenchResult {
  metric: string;
  value: number;
  unit: string;
  goal?: string;
  pass?: boolean;
}
export interface BenchSection {
  name: string;
  results: BenchResult[];
  notes?: string[];
}

export interface BenchDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

/**
 * A new PostgreSQL database for one bench section (`<prefix>_<random>` on TIERDESK_BENCH_DATABASE_URL's server, by
 * default the local one), dropped with `drop()`; null when that server is unreachable.
 */
export async function createBenchDatabase(prefix: string): Promise<BenchDatabase | null> {
  const base = process.env.TIERDESK_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const c = new pg.Client({ connectionString: base });
  try {
    await c.connect();
    await c.query(`CREATE DATABASE ${name}`);
  } catch {
    return null;
  } finally {
    await c.end().catch(() => undefined);
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const d = new pg.Client({ connectionString: base });
      await d.connect();
      await d.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await d.end();
    },
  };
}

export interface Spawned {
  readonly child: ChildProcess;
  readonly url: string;
  readonly readyMs: number;
  readonly output: string[];
  stop(): Promise<void>;
}

/** Starts a command that prints `listening on http://…` and resolves when it does. */
export function spawnListening(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 180_000,
): Promise<Spawned> {
  const t0 = performance.now();
  const child = spawn(cmd, args, {
    env: { ...process.env, TIERDESK_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no "listening on" within ${timeoutMs} ms:\n${output.join('')}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      output.push(text);
      const m = /listening on (http:\/\/\S+)/.exec(output.join(''));
      if (m) {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        child.stdout!.on('data', (c: Buffer) => output.push(c.toString()));
        resolve({
          child,
          url: m[1]!,
          readyMs: performance.now() - t0,
          output,
          stop: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGTERM');
              setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
            }),
        });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (c: Buffer) => output.push(c.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before listening:\n${output.join('')}`));
    });
  });
}

export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /VmRSS:\s+(\d+) kB/.exec(status);
  return m ? Number(m[1]) / 1024 : NaN;
}

/** CPU time (user + system) a process has used, in ms (/proc/<pid>/stat, 100 ticks a second); 0 once it is gone. */
export function cpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export interface LoadResult {
  requests: number;
  errors: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  statuses: Record<number, number>;
}

/**
 * Closed-loop load: `concurrency` clients each send their next request when the previous answers, for `seconds`.
 * `request(i)` builds request i (method, path, headers, body).
 */
export async function load(
  baseUrl: string,
  request: (i: number) => { method: string; path: string; headers?: Record<string, string>; body?: unknown },
  opts: { concurrency: number; seconds: number; okStatus?: number[] },
): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.concurrency });
  const url = new URL(baseUrl);
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  let errors = 0;
  let counter = 0;
  const deadline = performance.now() + opts.seconds * 1000;
  const ok = new Set(opts.okStatus ?? [200, 201]);
  const one = (i: number) =>
    new Promise<void>((resolve) => {
      const r = request(i);
      const payload = r.body === undefined ? undefined : JSON.stringify(r.body);
      const t0 = performance.now();
      const req = http.request(
        {
          agent,
          host: url.hostname,
          port: url.port,
          method: r.method,
          path: r.path,
          headers: {
            ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
            ...r.headers,
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            latencies.push(performance.now() - t0);
            statuses[res.statusCode ?? 0] = (statuses[res.statusCode ?? 0] ?? 0) + 1;
            if (!ok.has(res.statusCode ?? 0)) errors++;
            resolve();
          });
        },
      );
      req.on('error', () => {
        errors++;
        resolve();
      });
      if (payload) req.write(payload);
      req.end();
    });
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: opts.concurrency }, async () => {
      while (performance.now() < deadline) await one(counter++);
    }),
  );
  const elapsed = (performance.now() - t0) / 1000;
  agent.destroy();
  const sorted = latencies.sort((a, b) => a - b);
  const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
  return {
    requests: latencies.length,
    errors,
    perSecond: latencies.length / elapsed,
    p50Ms: pct(0.5),
    p99Ms: pct(0.99),
    statuses,
  };
}
