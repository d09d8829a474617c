/**
 * `npm run bench -- console` (R-UI-1, issue 13):
 * - the sign-in route's JavaScript, gzip: the entry and the sign-in route with everything they import statically,
 *   from vite's manifest (web/dist/.vite/manifest.json), goal ≤ 200 KB;
 * - the largest route: each lazy route's own JavaScript beyond what the entry loads (its chunk and its static
 *   imports), gzip, goal ≤ 350 KB;
 * - the time from navigation to the plan page being interactive (its "Upgrade"/"Renew" button or plan heading
 *   visible) in Debian's Chromium on localhost, signed in, a new browser context (cold cache) each time, median of
 *   5, goal ≤ 1.0 s — with the API's own time for the same calls (the requests the page made, replayed one after
 *   another with the same cookie) as the floor.
 */
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium } from 'playwright-core';
import { buildApp } from '../src/app/build-app.js';
import { testConfig } from '../src/platform/config.js';
import { median, type BenchResult, type BenchSection } from './lib.js';

interface Chunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
}

const ADMIN = 'bench-admin-token-0123456789abcdef';
const PASSWORD = 'correct horse battery staple';

function bundleSizes(): { signInKb: number; largest: { src: string; kb: number } } {
  const manifest = JSON.parse(readFileSync('web/dist/.vite/manifest.json', 'utf8')) as Record<string, Chunk>;
  const gz = new Map<string, number>();
  const sizeOf = (file: string) => {
    if (!gz.has(file)) gz.set(file, gzipSync(readFileSync(join('web/dist', file))).length);
    return gz.get(file)!;
  };
  const closure = (key: string, into = new Set<string>()) => {
    if (into.has(key)) return into;
    into.add(key);
    for (const i of manifest[key]?.imports ?? []) closure(i, into);
    return into;
  };
  const kb = (keys: Iterable<string>) => [...keys].reduce((n, k) => n + sizeOf(manifest[k]!.file), 0) / 1024;
  const entry = Object.keys(manifest).find((k) => manifest[k]!.isEntry)!;
  const entrySet = closure(entry);
  const signIn = Object.keys(manifest).find((k) => k.includes('routes/sign-in/'))!;
  const signInSet = closure(signIn, new Set(entrySet));
  let largest = { src: '', kb: 0 };
  for (const [key, c] of Object.entries(manifest)) {
    if (!c.isDynamicEntry) continue;
    const own = [...closure(key)].filter((k) => !entrySet.has(k));
    const size = kb(own);
    if (size > largest.kb) largest = { src: c.src ?? key, kb: size };
  }
  return { signInKb: kb(signInSet), largest };
}

export async function consoleBench(): Promise<BenchSection> {
  const results: BenchResult[] = [];
  const notes: string[] = [];
  const sizes = bundleSizes();
  results.push({
    metric: 'sign-in route JavaScript (gzip)',
    value: sizes.signInKb,
    unit: 'KB',
    goal: '≤ 200',
    pass: sizes.signInKb <= 200,
  });
  results.push({
    metric: 'largest route chunk beyond the entry (gzip)',
    value: sizes.largest.kb,
    unit: 'KB',
    goal: '≤ 350',
    pass: sizes.largest.kb <= 350,
  });
  notes.push(`largest route: ${sizes.largest.src}`);

  const dataDir = mkdtempSync(join(tmpdir(), 'tierdesk-bench-console-'));
  const app = await buildApp(
    testConfig({ dataDir, databaseUrl: null, adminToken: ADMIN, testClock: true, rateLimitPerMinute: 0 }),
  );
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    await app.http.listen({ port: 0, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${(app.http.server.address() as AddressInfo).port}`;
    const api = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
      const res = await fetch(`${url}${path}`, {
        method,
        headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json', ...headers },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      return { status: res.status, body: (await res.json().catch(() => null)) as any, headers: res.headers };
    };
    const region = app.catalog.def.regions.find((r) => r.holidayCalendar === 'CN') ?? app.catalog.def.regions[0]!;
    const acc = await api('POST', '/api/v1/accounts', {
      name: 'Bench Ltd',
      email: 'bench@example.com',
      region: region.id,
      timeZone: 'Asia/Shanghai',
      locale: 'en-US',
    });
    await app.identity.setPassword(acc.body.ownerUserId, PASSWORD);
    const order = await api('POST', `/api/v1/accounts/${acc.body.id}/orders`, {
      action: 'purchase',
      level: 'business',
      term: { unit: 'year', count: 1 },
      agreementAccepted: true,
    });
    await api('POST', `/api/v1/orders/${order.body.id}/pay`, {});
    const signIn = await fetch(`${url}/api/v1/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'bench@example.com', password: PASSWORD }),
    });
    const cookie = signIn.headers.getSetCookie()[0]!.split(';')[0]!;
    const [name, value] = [cookie.slice(0, cookie.indexOf('=')), cookie.slice(cookie.indexOf('=') + 1)];

    const pageMs: number[] = [];
    const apiMs: number[] = [];
    for (let i = 0; i < 6; i++) {
      const context = await browser.newContext({ baseURL: url, locale: 'en-US' });
      await context.addCookies([{ name, value, url }]);
      const page = await context.newPage();
      const calls: string[] = [];
      page.on('request', (r) => {
        const u = new URL(r.url());
        if (u.pathname.startsWith('/api/v1/') && r.method() === 'GET') calls.push(u.pathname + u.search);
      });
      const t0 = performance.now();
      await page.goto('/plan');
      await page
        .getByRole('button', { name: /^(Upgrade|Renew)$/ })
        .first()
        .waitFor({ timeout: 30_000 });
      const ms = performance.now() - t0;
      await context.close();
      // The floor: the same API calls, one after another, with the same session.
      const a0 = performance.now();
      for (const c of calls) await fetch(`${url}${c}`, { headers: { cookie } }).then((r) => r.arrayBuffer());
      const floor = performance.now() - a0;
      if (i === 0) {
        notes.push(`the plan page's API calls: ${calls.join(', ')}`);
        continue; // the first navigation warms the server (module loading, the catalog's caches)
      }
      pageMs.push(ms);
      apiMs.push(floor);
    }
    const p = median(pageMs);
    results.push({
      metric: 'navigation to the plan page interactive (Chromium, cold cache, median of 5)',
      value: p,
      unit: 'ms',
      goal: '≤ 1000',
      pass: p <= 1000,
    });
    results.push({
      metric: 'floor: the API’s own time for the same calls (sequential)',
      value: median(apiMs),
      unit: 'ms',
    });
  } finally {
    await browser.close();
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return { name: 'console', results, notes };
}
