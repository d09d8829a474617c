/**
 * `npm run bench -- reports` (R-RPT): one month-end of monthly reports for N accounts (default 10,000) on the
 * embedded database, through the real composition root (the isoftstone catalog: every level has the report), in a
 * child process started with the server's V8 flags (`bin/tierdesk.js`'s shebang: `--max-semi-space-size=2
 * --max-old-space-size=1536`, as `tierdesk worker` runs the sweep), so its peak RSS is what production would reach.
 * One account is set up through the API (a plan, three tickets with a reply, usage); the others are copies of its
 * rows made in SQL (accounts, subscriptions and periods, tickets, usage records), so every account has the same
 * month to report. Then:
 * - the plan of the month (every account's due date from the calendar engine), stopped half-way and resumed
 *   (the rows it wrote are not written twice), then
 * - the reports at their send instant (`sendDue` batches of 500 — the sweep takes 50 —, also stopped and resumed):
 *   reading each account's facts, building the sections, the HTML with its SVG charts, storing it and its delivery
 *   effect — ms per report, goal ≤ 20 ms;
 * - the PDF of a sample of the reports with one warm browser, one after another as the `report.deliver` handler
 *   prints them (PDF printing is measured on a sample, not on all N): ms per report, goal ≤ 300 ms;
 * - the same PDFs three at a time on pooled pages (the time per report of the whole sample);
 * - the peak RSS of the child during the run (sampled every 50 ms; Chromium is its own processes and not in it),
 *   goal ≤ 600 MB, and the V8 heap at each step (where the memory goes).
 * Floors measured in the same run: one INSERT of a stored report's HTML per report (25 to a transaction, as the run
 * writes), and Chromium printing a one-line page; each result is also given as a ratio to its floor.
 * TIERDESK_BENCH_REPORTS_ACCOUNTS sets N; TIERDESK_BENCH_REPORTS_PDF_SAMPLE the PDF sample (default 30).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { buildApp, type Tierdesk } from '../src/app/build-app.js';
import { testConfig } from '../src/platform/config.js';
import { median, serverNodeFlags, type BenchResult, type BenchSection } from './lib.js';

const ADMIN = 'bench-admin-token-0123456789abcdef';

async function call(app: Tierdesk, method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown): Promise<any> {
  const res = await app.http.inject({
    method,
    url,
    headers: { authorization: `Bearer ${ADMIN}` },
    ...(body !== undefined ? { payload: body as object } : {}),
  });
  if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body.slice(0, 500)}`);
  return JSON.parse(res.body);
}

/** Columns made unique per copy `g` (the copy's own id, tenant, account, number); `email` only on accounts. */
const SUFFIXED: Record<string, string> = {
  id: '_',
  tenant_id: '_',
  account_id: '_',
  plan_account_id: '_',
  subscription_id: '_',
  number: '-',
  record_id: '_',
};

/**
 * Copies the seed's rows of `table` n times in one INSERT … SELECT over generate_series, with every id, tenant,
 * account and number made unique per copy `g`, and `extra` columns set per copy (column → SQL over the row `x` and
 * `g`). The columns are named one by one (read from the catalog): no per-row JSON, so 10,000 copies take seconds.
 */
async function cloneRows(app: Tierdesk, table: string, where: string, n: number, extra: Record<string, string> = {}) {
  const cols = (
    await app.database.rows<{ column_name: string }>(
      sql`SELECT column_name FROM information_schema.columns
          WHERE table_schema = current_schema() AND table_name = ${table} ORDER BY ordinal_position`,
    )
  ).map((c) => c.column_name);
  const value = (col: string) =>
    extra[col] ??
    (col === 'email' && table === 'accounts'
      ? `'bench-' || g || '@bench.example'`
      : SUFFIXED[col]
        ? `x."${col}" || '${SUFFIXED[col]}' || g`
        : `x."${col}"`);
  await app.deps.db.execute(
    sql.raw(`INSERT INTO ${table} (${cols.map((c) => `"${c}"`).join(', ')})
      SELECT ${cols.map(value).join(', ')} FROM ${table} x, generate_series(1, ${n}) AS g WHERE ${where}`),
  );
}

async function monthEnd(): Promise<BenchSection> {
  const n = Number(process.env.TIERDESK_BENCH_REPORTS_ACCOUNTS ?? 10_000);
  const sample = Number(process.env.TIERDESK_BENCH_REPORTS_PDF_SAMPLE ?? 30);
  const results: BenchResult[] = [];
  const notes: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'tierdesk-bench-reports-'));
  const loadAtStart = loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');
  const config = { catalog: 'isoftstone', dataDir: dir, testClock: true, adminToken: ADMIN, outboxAfterCommit: false };
  // A month-end runs on a server's existing data dir: it is created and migrated first by a child process, so this
  // process's peak RSS is the run's. (PGlite's first start in a new data dir — initdb — holds about 350 MB more
  // until it is collected: 750 MB against 400 MB opening an existing one.)
  const build = new URL('../src/app/build-app.js', import.meta.url).href;
  const cfg = new URL('../src/platform/config.js', import.meta.url).href;
  execFileSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      `const { buildApp } = await import(${JSON.stringify(build)});
       const { testConfig } = await import(${JSON.stringify(cfg)});
       await (await buildApp(testConfig(${JSON.stringify(config)}))).close();`,
    ],
    { stdio: 'inherit' },
  );
  const app = await buildApp(testConfig(config));
  let peakMb = 0;
  const sampler = setInterval(() => (peakMb = Math.max(peakMb, process.memoryUsage().rss / 1048576)), 50);
  // The peak so far at the end of each step, and the V8 heap then (where the memory goes).
  const peaks: string[] = [];
  const heaps: string[] = [];
  const step = (name: string) => {
    const m = process.memoryUsage();
    peakMb = Math.max(peakMb, m.rss / 1048576);
    peaks.push(`${name} ${peakMb.toFixed(0)} MB`);
    heaps.push(`${name} ${(m.heapUsed / 1048576).toFixed(0)}/${(m.heapTotal / 1048576).toFixed(0)} MB`);
  };
  try {
    await call(app, 'PUT', '/api/v1/test-clock', { now: '2026-01-05T10:00:00+08:00' });
    const region = app.catalog.def.regions.find((r) => r.holidayCalendar === 'CN') ?? app.catalog.def.regions[0]!;
    const account = await call(app, 'POST', '/api/v1/accounts', {
      name: '基准企业',
      email: 'bench@bench.example',
      region: region.id,
      timeZone: 'Asia/Shanghai',
      locale: 'zh-CN',
    });
    const level = app.catalog.levels.find((l) => l.features.some((f) => f.id === 'monthly_report'))!;
    const order = await call(app, 'POST', `/api/v1/accounts/${account.id}/orders`, {
      action: 'purchase',
      level: level.id,
      term: { unit: 'year', count: 1 },
      agreementAccepted: true,
    });
    await call(app, 'POST', `/api/v1/orders/${order.id}/pay`, {});
    const severity = app.catalog.def.severities[1]?.id ?? app.catalog.def.severities[0]!.id;
    const tickets = [];
    for (const subject of ['数据库连接失败', 'ECS 重启缓慢', '账单咨询'])
      tickets.push(
        await call(app, 'POST', '/api/v1/tickets', {
          accountId: account.id,
          category: 'technical',
          severity,
          subject,
          description: subject,
        }),
      );
    await call(app, 'POST', `/api/v1/tickets/${tickets[0].id}/replies`, { body: '正在处理' });
    await call(app, 'POST', '/api/v1/usage', {
      records: [
        {
          id: 'u1',
          accountId: account.id,
          service: 'ecs',
          category: 'cloud',
          listPrice: { amount: '310.00', currency: app.catalog.def.currency.code },
          from: '2026-01-01',
          to: '2026-01-31',
        },
        {
          id: 'u2',
          accountId: account.id,
          service: 'obs',
          category: 'cloud',
          listPrice: { amount: '20.00', currency: app.catalog.def.currency.code },
          from: '2026-01-10',
          to: '2026-01-11',
        },
      ],
    });
    const c0 = performance.now();
    const seed = `'${account.id}'`;
    await cloneRows(app, 'accounts', `x.id = ${seed}`, n - 1);
    await cloneRows(app, 'subscriptions', `x.account_id = ${seed}`, n - 1);
    await cloneRows(app, 'subscription_periods', `x.account_id = ${seed}`, n - 1);
    await cloneRows(app, 'tickets', `x.account_id = ${seed}`, n - 1);
    // Each copy's consumption differs (a few cents more per copy): its trend chart is its own, not the seed's.
    await cloneRows(app, 'usage_records', `x.account_id = ${seed}`, n - 1, { amount_minor: 'x.amount_minor + g' });
    await app.deps.db.execute(sql`ANALYZE`);
    step('set-up');
    notes.push(
      `embedded: ${n} accounts with 3 tickets and 2 usage records each (each account's amounts its own), copied in SQL in ${((performance.now() - c0) / 1000).toFixed(1)} s`,
    );

    // The plan of January at its end, stopped half-way (batches of 200 accounts) and resumed.
    const feb1 = new Date('2026-02-01T00:00:00+08:00');
    const p0 = performance.now();
    const partial = await app.reports.planMonth('2026-01', feb1, { maxBatches: Math.max(1, Math.floor(n / 400)) });
    const rest = await app.reports.planMonth('2026-01', feb1);
    const planMs = performance.now() - p0;
    step('plan');
    if (partial.done || !rest.done || rest.scheduled !== n)
      throw new Error(`plan: ${JSON.stringify({ partial, rest, n })}`);
    results.push({
      metric: `embedded plan of a month for ${n} accounts (stopped half-way, resumed)`,
      value: planMs,
      unit: 'ms',
    });

    // The reports at their send instant, in batches of 500, stopped after half and resumed.
    const sendAt = new Date('2026-02-09T09:00:00+08:00');
    const r0 = performance.now();
    let made = 0;
    for (let b = 0; b < Math.max(1, Math.floor(n / 1000)); b++) made += await app.reports.sendDue(sendAt, 500);
    const half = made;
    for (let got = 1; got;) made += got = await app.reports.sendDue(sendAt, 500);
    const sendMs = performance.now() - r0;
    step('reports');
    const [{ reports }] = (await app.database.rows<{ reports: string }>(
      sql`SELECT count(*) AS reports FROM reports`,
    )) as [{ reports: string }];
    if (made !== n || Number(reports) !== n) throw new Error(`send: made ${made}, stored ${reports}, want ${n}`);
    const perReport = sendMs / n;
    results.push({
      metric: `embedded reports made for ${n} accounts (facts, sections, HTML with SVG charts, stored): per report`,
      value: perReport,
      unit: 'ms',
      goal: '≤ 20 ms',
      pass: perReport <= 20,
    });
    notes.push(
      `embedded: ${half} reports before the stop, ${made - half} after the resume; ${(sendMs / 1000).toFixed(1)} s in all`,
    );

    // Floor: storing a report of the same size without making it — one INSERT of a stored report's HTML per report,
    // 25 to a transaction as the run writes them, on up to 2,000 rows (rolled back).
    const [{ html: oneHtml }] = (await app.database.rows<{ html: string }>(sql`SELECT html FROM reports LIMIT 1`)) as [
      { html: string },
    ];
    const floorRows = Math.min(n, 2000);
    await app.deps.db.execute(sql`CREATE TABLE bench_report_floor (id text PRIMARY KEY, html text NOT NULL)`);
    const f0 = performance.now();
    for (let i = 0; i < floorRows; i += 25)
      await app.deps.db.transaction(async (tx) => {
        for (let k = i; k < Math.min(floorRows, i + 25); k++)
          await tx.execute(sql`INSERT INTO bench_report_floor (id, html) VALUES (${`f${k}`}, ${oneHtml})`);
      });
    const floorPerReport = (performance.now() - f0) / floorRows;
    await app.deps.db.execute(sql`DROP TABLE bench_report_floor`);
    results.push({
      metric: `embedded floor: one INSERT of a report's HTML, 25 a transaction (${floorRows} rows): per report`,
      value: floorPerReport,
      unit: 'ms',
    });
    results.push({ metric: 'embedded report ÷ floor', value: perReport / floorPerReport, unit: '×' });

    // PDF of a sample with one warm browser (the first print launches it and is not counted).
    const rows = await app.database.rows<{ html: string }>(
      sql`SELECT html FROM reports ORDER BY id LIMIT ${sample + 1}`,
    );
    await app.reports.pdf.render(rows[0]!.html);
    const times: number[] = [];
    for (const r of rows.slice(1)) {
      const t0 = performance.now();
      const pdf = await app.reports.pdf.render(r.html);
      times.push(performance.now() - t0);
      if (pdf.subarray(0, 5).toString() !== '%PDF-') throw new Error('not a PDF');
    }
    const pdfMean = times.reduce((a, b) => a + b, 0) / times.length;
    step('PDF');
    results.push({
      metric: `PDF per report, warm browser (a sample of ${times.length}, not all ${n})`,
      value: pdfMean,
      unit: 'ms',
      goal: '≤ 300 ms',
      pass: pdfMean <= 300,
    });
    results.push({ metric: 'PDF per report, median of the sample', value: median(times), unit: 'ms' });
    // Three at a time on pooled pages of the one browser: the time per report of the whole sample.
    const c0p = performance.now();
    const queue = rows.slice(1).map((r) => r.html);
    await Promise.all(
      [0, 1, 2].map(async () => {
        for (let h = queue.shift(); h !== undefined; h = queue.shift()) await app.reports.pdf.render(h);
      }),
    );
    const concurrent = (performance.now() - c0p) / times.length;
    results.push({
      metric: 'PDF per report, 3 at a time on pooled pages (wall time of the sample ÷ its size)',
      value: concurrent,
      unit: 'ms',
      goal: '≤ 300 ms',
      pass: concurrent <= 300,
    });
    // Floor: Chromium printing a one-line page (no CJK text, no chart).
    const floorTimes: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      await app.reports.pdf.render('<!doctype html><html><body><p>floor</p></body></html>');
      floorTimes.push(performance.now() - t0);
    }
    results.push({ metric: 'PDF floor: a one-line page (median of 5)', value: median(floorTimes), unit: 'ms' });
    results.push({ metric: 'PDF per report ÷ PDF floor', value: median(times) / median(floorTimes), unit: '×' });
    step('PDF 3 at a time');
    notes.push(`peak RSS so far at the end of each step: ${peaks.join(', ')}`);
    notes.push(`V8 heap used/total at the end of each step: ${heaps.join(', ')}`);
    notes.push(
      `node flags of the run (the server's): ${process.execArgv.filter((a) => a.startsWith('--max')).join(' ')}`,
    );
    notes.push(`load average at the start: ${loadAtStart}`);
    notes.push(
      `load average at the end: ${loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')} on ${cpus().length} cores`,
    );
  } finally {
    clearInterval(sampler);
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
  results.push({
    metric: 'peak RSS of the process during the run',
    value: peakMb,
    unit: 'MB',
    goal: '≤ 600 MB',
    pass: peakMb <= 600,
  });
  return { name: 'reports', results, notes };
}

/** Runs the month-end in a child with the server's V8 flags and returns its section. */
export default async function reportsBench(): Promise<BenchSection> {
  const dir = mkdtempSync(join(tmpdir(), 'tierdesk-bench-reports-out-'));
  const out = join(dir, 'section.json');
  try {
    execFileSync(process.execPath, [...serverNodeFlags(), '--import', 'tsx', fileURLToPath(import.meta.url)], {
      stdio: 'inherit',
      env: { ...process.env, TIERDESK_BENCH_REPORTS_OUT: out },
    });
    return JSON.parse(readFileSync(out, 'utf8')) as BenchSection;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// The child: bench/run.ts imports this module without the variable; the child started above runs it with it.
const childOut = process.env.TIERDESK_BENCH_REPORTS_OUT;
if (childOut) writeFileSync(childOut, JSON.stringify(await monthEnd()));
