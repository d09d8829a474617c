/**
 * `tierdesk billing run --month YYYY-MM [--account <id>] [--data <dir> | --database-url …] --catalog <id>
 *  [--test-clock] [--batch-size N]`: the month-end run on demand (R-BIL-3). It opens the database directly (on the
 * embedded database it takes the data-dir lock, so no server may run on that directory meanwhile), bills the month
 * with the same use case the schedule runs, and leaves the bill notices in the outbox for the server to dispatch.
 * Progress: a bar on a terminal, plain lines otherwise. Safe to run again, and to kill: a run resumes.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../platform/config.js';
import { openDatabase, type Database } from '../platform/db.js';
import { systemClock, type Clock } from '../platform/clock.js';
import type { Deps } from '../platform/deps.js';
import { DomainError } from '../platform/errors.js';
import { pino } from 'pino';
import { REDACT_PATHS } from '../platform/logger.js';
import { OutboxDispatcher } from '../platform/outbox.js';
import { getSetting } from '../platform/settings.js';
import { loadCatalog } from '../contexts/catalog/use-cases/load-catalog.js';
import { isMonth } from '../contexts/billing/domain/month.js';
import { runMonth, type RunProgress } from '../contexts/billing/use-cases/run-month.js';

export interface BillingRunFlags {
  readonly month?: string | undefined;
  readonly account?: string | undefined;
  readonly 'test-clock'?: boolean | undefined;
  readonly 'batch-size'?: string | undefined;
}

export interface Io {
  readonly out: { write(s: string): unknown; isTTY?: boolean };
  readonly err: { write(s: string): unknown };
}

export class BillingUsageError extends Error {}
/** A bad flag (exit 2, like any bad usage); other BillingUsageErrors are about the database (exit 1). */
export class BillingArgsError extends BillingUsageError {}

const BAR_WIDTH = 30;

/** One progress line (pipes and logs) or the bar (a terminal). */
export function progressText(p: RunProgress, opts: { bar: boolean }): string {
  const counts = `${p.accountsDone}/${p.accountsTotal} accounts, ${p.billsCreated} bills created, ${p.alreadyBilled} already billed`;
  if (!opts.bar) return `billing ${p.month}: ${counts}`;
  const ratio = p.accountsTotal ? Math.min(1, p.accountsDone / p.accountsTotal) : 1;
  const filled = Math.round(ratio * BAR_WIDTH);
  return `billing ${p.month} [${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${String(Math.floor(ratio * 100)).padStart(3)}% ${counts}`;
}

async function openExisting(config: Config): Promise<Database> {
  if (!config.databaseUrl && !existsSync(join(config.dataDir, 'pgdata'))) {
    throw new BillingUsageError(`no Tierdesk database in ${config.dataDir} (use --data <dir> or --database-url)`);
  }
  return openDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
}

export async function billingRun(
  config: Config,
  flags: BillingRunFlags,
  io: Io,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  if (!flags.month || !isMonth(flags.month)) throw new BillingArgsError('--month YYYY-MM is required');
  const batchSize = flags['batch-size'] === undefined ? undefined : Number(flags['batch-size']);
  if (batchSize !== undefined && (!Number.isInteger(batchSize) || batchSize < 1))
    throw new BillingArgsError('--batch-size must be a whole number ≥ 1');
  const catalog = await loadCatalog(config.catalog);
  const database = await openExisting(config);
  try {
    const db = database.db;
    const bound = await getSetting<{ id: string }>(db, 'catalog');
    if (!bound) throw new BillingUsageError('this database was never started by Tierdesk (no catalog bound)');
    if (bound.id !== catalog.id)
      throw new BillingUsageError(
        `this database serves the catalog "${bound.id}"; run with --catalog ${bound.id} (got ${catalog.id})`,
      );
    let clock: Clock = systemClock;
    if (flags['test-clock']) {
      const stored = await getSetting<string>(db, 'test_clock');
      if (!stored)
        throw new BillingUsageError('--test-clock: this database has no test clock (it never ran with --test-clock)');
      clock = { now: () => new Date(stored), isTest: true };
    }
    // Logs go to stderr: stdout is the progress report.
    const log = pino(
      {
        level: env.TIERDESK_LOG_LEVEL ?? 'warn',
        redact: { paths: REDACT_PATHS, censor: '[redacted]' },
        base: { service: 'tierdesk' },
      },
      pino.destination(2),
    );
    // Effects stay in the outbox: the server's dispatcher sends them (this process has no handlers).
    const outbox = new OutboxDispatcher(db, clock, log);
    await outbox.stop();
    const deps: Deps = { db, catalog, clock, log, outbox, config };
    const bar = io.out.isTTY === true;
    const started = performance.now();
    const summary = await runMonth(deps, {
      month: flags.month,
      accountId: flags.account ?? null,
      trigger: 'cli',
      now: clock.now(),
      ...(batchSize ? { batchSize } : {}),
      onProgress: (p) => {
        if (p.phase === 'done') return;
        if (bar && p.phase === 'bills') io.out.write(`\r${progressText(p, { bar })}`);
        else io.out.write(`${bar ? '\n' : ''}${progressText(p, { bar: false })}\n`);
      },
    });
    if (bar) io.out.write('\n');
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    io.out.write(
      `billing ${summary.month} done${flags.account ? ` for ${flags.account}` : ''}: ${summary.accountsDone} account(s), ${summary.billsCreated} bill(s) created in this pass (${summary.createdNow} by this run), ${summary.alreadyBilled} already billed${summary.resumed ? ' (resumed)' : ''} in ${seconds} s\n`,
    );
    return 0;
  } catch (err) {
    if (err instanceof DomainError) {
      io.err.write(`tierdesk: ${err.message} ${JSON.stringify(err.details)}\n`);
      return 1;
    }
    throw err;
  } finally {
    await database.close();
  }
}
