/**
 * Browser tests of the console (R-UI-1): the real server (the composition root on a fresh PGlite database, listening
 * on 127.0.0.1 on a free port, with the built console) and Debian's Chromium driven by playwright-core — one server
 * and one browser per test file. A journey is one browser context (one person): it finds things by role and
 * accessible name, saves numbered screenshots under test-results/screenshots/, runs axe-core on the pages it names,
 * and fails when a page logs a console error or warning, throws, or gets a refusal the journey did not expect.
 *
 * `TIERDESK_README_SCREENSHOTS=1` (npm run screenshots) also writes the README's screenshots to docs/img/.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { ROOT } from '../../scenarios/cli-server.js';
import { startTestApp, type TestApp } from '../../support/harness.js';
import type { Config } from '../../../src/platform/config.js';

export const CHROMIUM = '/usr/bin/chromium';
const SHOTS = join(ROOT, 'test-results', 'screenshots');
const README_SHOTS = join(ROOT, 'docs', 'img');
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Builds web/dist when a console source is newer than the last build (one build at a time across test files). */
export async function ensureConsoleBuilt(): Promise<void> {
  const lock = join(
    tmpdir(),
    `tierdesk-web-build-${createHash('sha256').update(ROOT).digest('hex').slice(0, 12)}.lock`,
  );
  const deadline = Date.now() + 300_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      try {
        if (Date.now() - statSync(lock).mtimeMs > 300_000) rmSync(lock, { recursive: true, force: true });
      } catch {
        /* released meanwhile */
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for the console build lock ${lock}`);
      await sleep(300);
    }
  }
  try {
    const built = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-if-stale.mjs'), '--web'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    if (built.status !== 0 || !existsSync(join(ROOT, 'web', 'dist', 'index.html')))
      throw new Error(`the console build failed:\n${built.stdout}\n${built.stderr}`);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export interface ConsoleEnv {
  readonly t: TestApp;
  /** http://127.0.0.1:PORT */
  readonly url: string;
  readonly browser: Browser;
  /** The test file's name, for its screenshots. */
  readonly name: string;
  close(): Promise<void>;
}

/** A port free on 127.0.0.1 now (for a server whose own address is in its configuration). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** One server (built console, test clock) and one Chromium for a test file. */
export async function startConsole(
  name: string,
  opts: { catalog?: string; config?: Partial<Config>; port?: number } = {},
): Promise<ConsoleEnv> {
  await ensureConsoleBuilt();
  const [t, browser] = await Promise.all([
    startTestApp({ catalog: opts.catalog ?? 'huaweicloud-intl', ...(opts.config ? { config: opts.config } : {}) }),
    chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-background-networking'],
    }),
  ]);
  await t.app.http.listen({ port: opts.port ?? 0, host: '127.0.0.1' });
  const { port } = t.app.http.server.address() as AddressInfo;
  rmSync(join(SHOTS, name), { recursive: true, force: true });
  return {
    t,
    url: `http://127.0.0.1:${port}`,
    browser,
    name,
    async close() {
      await browser.close().catch(() => undefined);
      await t.close();
    },
  };
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** What went wrong on the pages of a journey (an empty list when nothing did). */
interface Problem {
  kind: 'console' | 'pageerror' | 'refusal';
  text: string;
}

export class Journey {
  private shotNo = 0;
  private readonly problems: Problem[] = [];
  private readonly allowed: { status: number; method: string; path: RegExp }[] = [];
  readonly axeViolations: { page: string; violations: AxeViolation[] }[] = [];

  private constructor(
    readonly env: ConsoleEnv,
    readonly name: string,
    readonly context: BrowserContext,
    readonly page: Page,
  ) {
    page.on('console', (msg) => {
      if (msg.type() !== 'error' && msg.type() !== 'warning') return;
      // Chromium logs every refused request as "Failed to load resource"; those are judged as refusals below.
      if (/^Failed to load resource: the server responded with a status of \d+/.test(msg.text())) return;
      this.problems.push({ kind: 'console', text: `${msg.type()}: ${msg.text()} (${msg.location().url})` });
    });
    page.on('pageerror', (err) => this.problems.push({ kind: 'pageerror', text: err.stack ?? err.message }));
    page.on('response', (res) => {
      if (res.status() < 400) return;
      const url = new URL(res.url());
      const method = res.request().method();
      if (this.allowed.some((a) => a.status === res.status() && a.method === method && a.path.test(url.pathname)))
        return;
      this.problems.push({ kind: 'refusal', text: `${method} ${url.pathname}${url.search} → ${res.status()}` });
    });
  }

  /** A new person in the browser (its own cookies and storage), in a language (en-US unless given). */
  static async start(env: ConsoleEnv, name: string, opts: { locale?: 'en-US' | 'zh-CN' } = {}): Promise<Journey> {
    const locale = opts.locale ?? 'en-US';
    const context = await env.browser.newContext({
      baseURL: env.url,
      locale,
      timezoneId: 'UTC',
      viewport: { width: 1280, height: 800 },
      reducedMotion: 'reduce',
    });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const journey = new Journey(env, name, context, page);
    // Signed out, the console asks who is signed in and gets 401: that is how it learns to show the sign-in page.
    journey.allowRefusal(401, 'GET', /^\/api\/v1\/sessions\/current$/);
    return journey;
  }

  /** A refusal this journey expects (a wrong password, a quota exhausted…): not a problem. */
  allowRefusal(status: number, method: string, path: RegExp): void {
    this.allowed.push({ status, method, path });
  }

  /** Saves the next numbered screenshot; `readme` also writes docs/img/<readme>.png when asked to. */
  async shot(label: string, opts: { readme?: string; fullPage?: boolean } = {}): Promise<string> {
    const dir = join(SHOTS, this.env.name);
    mkdirSync(dir, { recursive: true });
    this.shotNo += 1;
    const path = join(dir, `${this.name}-${String(this.shotNo).padStart(2, '0')}-${label}.png`);
    await this.page.screenshot({ path, fullPage: opts.fullPage ?? true, animations: 'disabled' });
    if (opts.readme && process.env.TIERDESK_README_SCREENSHOTS === '1') {
      mkdirSync(README_SHOTS, { recursive: true });
      copyFileSync(path, join(README_SHOTS, `${opts.readme}.png`));
    }
    return path;
  }

  /** axe-core on the current page: its serious and critical violations (recorded for the file's check). */
  async axe(label: string): Promise<AxeViolation[]> {
    const page = this.page;
    if (!(await page.evaluate(() => 'axe' in globalThis))) await page.addScriptTag({ content: AXE_SOURCE });
    // Runs in the page (axe.run on the whole document); only plain data comes back.
    const violations: AxeViolation[] = await page.evaluate(async () => {
      const axe = (globalThis as any).axe;
      const result = await axe.run((globalThis as any).document, { resultTypes: ['violations'] });
      return result.violations.map((v: any) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.slice(0, 5).map((n: any) => `${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`),
      }));
    });
    const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    this.axeViolations.push({ page: label, violations: serious });
    return serious;
  }

  /** The console errors and warnings, page errors and unexpected refusals so far. */
  problemsSoFar(): string[] {
    return this.problems.map((p) => `${p.kind}: ${p.text}`);
  }

  /** Signs in through the form and waits for the signed-in frame (its navigation). */
  async signIn(email: string, password: string, opts: { locale?: 'en-US' | 'zh-CN' } = {}): Promise<void> {
    const zh = (opts.locale ?? 'en-US') === 'zh-CN';
    const page = this.page;
    if (!/\/sign-in/.test(page.url())) await page.goto('/sign-in');
    await page.getByLabel(zh ? '邮箱' : 'Email').fill(email);
    await page.getByLabel(zh ? '密码' : 'Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: zh ? '登录' : 'Sign in' }).click();
    await page.getByRole('navigation', { name: zh ? '主导航' : 'Main' }).waitFor();
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}

/** A customer account on a level (bought and paid by the admin unless `level` is null) with an owner who signs in. */
export async function customerWithLogin(
  env: ConsoleEnv,
  opts: { name?: string; email: string; password: string; level?: string | null; locale?: string },
): Promise<{ accountId: string; userId: string }> {
  const { t } = env;
  const region = t.app.catalog.def.regions.find((r) => r.holidayCalendar === 'CN') ?? t.app.catalog.def.regions[0]!;
  const created = await t.api.post('/api/v1/accounts', {
    name: opts.name ?? 'Acme Ltd',
    email: opts.email,
    region: region.id,
    timeZone: 'Asia/Shanghai',
    locale: opts.locale ?? 'en-US',
  });
  if (created.status !== 201) throw new Error(`create account: ${created.status} ${JSON.stringify(created.body)}`);
  const accountId = created.body.id as string;
  const userId = created.body.ownerUserId as string;
  await t.app.identity.setPassword(userId, opts.password);
  if (opts.level) {
    const order = await t.api.post(`/api/v1/accounts/${accountId}/orders`, {
      action: 'purchase',
      level: opts.level,
      term: { unit: 'year', count: 1 },
      agreementAccepted: true,
    });
    if (order.status !== 201) throw new Error(`order: ${order.status} ${JSON.stringify(order.body)}`);
    const paid = await t.api.post(`/api/v1/orders/${order.body.id}/pay`);
    if (paid.status !== 200) throw new Error(`pay: ${paid.status} ${JSON.stringify(paid.body)}`);
  }
  return { accountId, userId };
}

/** A staff user who signs in. */
export async function staffWithLogin(
  env: ConsoleEnv,
  opts: {
    role: 'provider_admin' | 'support_engineer' | 'tam' | 'billing_operator';
    email: string;
    password: string;
    grade?: string;
    name?: string;
  },
): Promise<{ userId: string }> {
  const res = await env.t.api.post('/api/v1/users', {
    name: opts.name ?? opts.role,
    email: opts.email,
    role: opts.role,
    password: opts.password,
    ...(opts.grade ? { grade: opts.grade } : {}),
  });
  if (res.status !== 201) throw new Error(`create staff: ${res.status} ${JSON.stringify(res.body)}`);
  return { userId: res.body.id as string };
}

/**
 * Runs one journey: on failure a last screenshot (`failed`) and what the pages logged are added to the error; at
 * the end it fails on any console error or warning, page error, unexpected refusal, or serious/critical axe finding.
 */
export async function journey(
  env: ConsoleEnv,
  name: string,
  opts: { locale?: 'en-US' | 'zh-CN' },
  run: (j: Journey) => Promise<void>,
): Promise<Journey> {
  const j = await Journey.start(env, name, opts);
  try {
    await run(j);
  } catch (err) {
    const shot = await j.shot('failed').catch(() => 'none');
    const problems = j.problemsSoFar();
    throw new Error(
      `${(err as Error).message}\n  screenshot: ${shot}\n  url: ${j.page.url()}\n  problems:\n    ${problems.join('\n    ') || '(none)'}`,
      { cause: err },
    );
  } finally {
    await j.close();
  }
  const problems = j.problemsSoFar();
  if (problems.length) throw new Error(`the pages of "${name}" logged problems:\n  ${problems.join('\n  ')}`);
  const a11y = j.axeViolations.filter((p) => p.violations.length);
  if (a11y.length) throw new Error(`axe-core found serious or critical violations:\n${JSON.stringify(a11y, null, 2)}`);
  return j;
}

/** Picks `option` (its visible text) in the select named `name`. */
export async function pick(scope: Page | Locator, name: string, option: string): Promise<void> {
  await scope.getByRole('combobox', { name, exact: true }).selectOption({ label: option });
}
