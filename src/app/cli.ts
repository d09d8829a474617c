/**
 * The command line (API.md): `tierdesk serve …`, `tierdesk worker …`, `tierdesk backup|restore …`,
 * `tierdesk billing run …` and `tierdesk catalog check <path>`.
 */
import { parseArgs } from 'node:util';
import { readFile } from 'node:fs/promises';
import { buildConfig, ConfigError } from '../platform/config.js';
import { DataDirLockedError } from '../platform/data-dir-lock.js';
import { checkCatalog } from '../domain/catalog/check-catalog.js';
import {
  CatalogInvalidError,
  parseCatalogText,
  resolveCatalogPath,
} from '../contexts/catalog/use-cases/load-catalog.js';
import { startServer } from './server.js';
import { BillingArgsError, billingRun, BillingUsageError } from './billing-command.js';
import { startWorker } from './worker.js';
import { BackupError, backupDataDir, restoreDataDir } from './backup.js';
import type { Tierdesk } from './build-app.js';
import { AdminTokenError, adminTokenRotate } from './admin-token-command.js';
import { PortInUseError } from './server.js';

const USAGE = `Usage:
  tierdesk serve --catalog <id|path> [--port 8080] [--host 127.0.0.1] [--data <dir>]
                 [--database-url postgres://…] [--test-clock] [--demo] [--no-worker]
  tierdesk worker --catalog <id|path> [--database-url postgres://… | --data <dir>]
  tierdesk backup --data <dir> --out <file>
  tierdesk restore --in <file> --data <new dir>
  tierdesk catalog check <path>
  tierdesk admin-token --rotate [--data <dir> | --database-url postgres://…]
  tierdesk billing run --month YYYY-MM [--account <id>] [--data <dir> | --database-url postgres://…]
                       --catalog <id|path> [--test-clock] [--batch-size 5000]

Shipped catalogs: huaweicloud-intl, huaweicloud-partner, isoftstone, ctyun.
Environment: see README.md (TIERDESK_ADMIN_TOKEN, TIERDESK_SECRET, TIERDESK_SMTP_URL, …).`;

async function serve(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      catalog: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      data: { type: 'string' },
      'database-url': { type: 'string' },
      'test-clock': { type: 'boolean' },
      demo: { type: 'boolean' },
      'no-worker': { type: 'boolean' },
    },
    strict: true,
  });
  const config = buildConfig(values, process.env);
  const server = await startServer(config);
  return untilSignal(server);
}

/**
 * Runs until SIGTERM/SIGINT, then stops cleanly (issue 17): a server stops accepting and finishes its in-flight
 * requests, a worker its effect in hand; both release their outbox claims and close the database. Exit 0.
 */
function untilSignal(running: { app: { log: Tierdesk['log'] }; stop(): Promise<void> }): Promise<number> {
  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      process.stdout.write(`shutting down (${signal})\n`);
      running.app.log.info({ signal }, 'shutting down');
      running
        .stop()
        .then(() => resolve(0))
        .catch((err) => {
          running.app.log.error({ err }, 'shutdown failed');
          resolve(1);
        });
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
}

/** `tierdesk worker …`: schedules, sweeps and the outbox, no HTTP (src/app/worker.ts). */
async function worker(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      catalog: { type: 'string' },
      data: { type: 'string' },
      'database-url': { type: 'string' },
    },
    strict: true,
  });
  const config = buildConfig(values, process.env);
  return untilSignal(await startWorker(config));
}

/** `tierdesk backup --data <dir> --out <file>`: the embedded database as one file (src/app/backup.ts). */
async function backup(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { data: { type: 'string' }, out: { type: 'string' } },
    strict: true,
  });
  if (!values.data || !values.out) {
    process.stderr.write(`tierdesk: backup needs --data <dir> and --out <file>\n${USAGE}\n`);
    return 2;
  }
  const done = await backupDataDir(values.data, values.out);
  process.stdout.write(`backup of ${done.dataDir} written to ${done.file} (${done.bytes} bytes)\n`);
  return 0;
}

/** `tierdesk restore --in <file> --data <new dir>` (src/app/backup.ts). */
async function restore(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { data: { type: 'string' }, in: { type: 'string' } },
    strict: true,
  });
  if (!values.data || !values.in) {
    process.stderr.write(`tierdesk: restore needs --in <file> and --data <dir>\n${USAGE}\n`);
    return 2;
  }
  const done = await restoreDataDir(values.in, values.data);
  process.stdout.write(
    `restored ${done.file} into ${done.dataDir}; start it with tierdesk serve --data ${done.dataDir}\n`,
  );
  return 0;
}

async function catalogCheck(args: string[]): Promise<number> {
  const path = args[0];
  if (!path) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const file = resolveCatalogPath(path);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    process.stdout.write(`${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})\n`);
    return 1;
  }
  let parsed: unknown;
  try {
    parsed = parseCatalogText(text, file);
  } catch (err) {
    for (const i of (err as CatalogInvalidError).issues ?? []) process.stdout.write(`${i.path}: ${i.message}\n`);
    return 1;
  }
  const result = checkCatalog(parsed);
  if (result.ok) {
    process.stdout.write(`${file}: valid catalog ${result.catalog.id} (${result.catalog.levels.length} levels)\n`);
    return 0;
  }
  for (const i of result.issues) process.stdout.write(`${i.path}: ${i.message}\n`);
  process.stdout.write(`${file}: ${result.issues.length} error(s)\n`);
  return 1;
}

/** `tierdesk billing run …`: the month-end billing run on demand (README "Billing"). */
async function billing(args: string[]): Promise<number> {
  if (args[0] !== 'run') {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const { values } = parseArgs({
    args: args.slice(1),
    options: {
      month: { type: 'string' },
      account: { type: 'string' },
      catalog: { type: 'string' },
      data: { type: 'string' },
      'database-url': { type: 'string' },
      'test-clock': { type: 'boolean' },
      'batch-size': { type: 'string' },
    },
    strict: true,
  });
  try {
    const config = buildConfig(
      { catalog: values.catalog, data: values.data, 'database-url': values['database-url'] },
      process.env,
    );
    return await billingRun(config, values, { out: process.stdout, err: process.stderr }, process.env);
  } catch (err) {
    if (!(err instanceof BillingUsageError)) throw err;
    process.stderr.write(`tierdesk: ${err.message}\n`);
    return err instanceof BillingArgsError ? 2 : 1;
  }
}

/** `tierdesk admin-token --rotate …`: prints a new admin token (shown once) and invalidates the old one. */
async function adminToken(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { rotate: { type: 'boolean' }, data: { type: 'string' }, 'database-url': { type: 'string' } },
    strict: true,
  });
  if (!values.rotate) {
    process.stderr.write(
      'tierdesk: admin-token needs --rotate (the generated token is stored hashed and cannot be shown again)\n',
    );
    return 2;
  }
  const config = buildConfig({ data: values.data, 'database-url': values['database-url'] }, process.env);
  const token = await adminTokenRotate(config);
  process.stdout.write(`admin token (shown once, stored hashed; the previous one no longer works): ${token}\n`);
  return 0;
}

export async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  let code: number;
  try {
    if (command === 'serve') code = await serve(rest);
    else if (command === 'worker') code = await worker(rest);
    else if (command === 'backup') code = await backup(rest);
    else if (command === 'restore') code = await restore(rest);
    else if (command === 'catalog' && rest[0] === 'check') code = await catalogCheck(rest.slice(1));
    else if (command === 'billing') code = await billing(rest);
    else if (command === 'admin-token') code = await adminToken(rest);
    else if (command === '--help' || command === '-h' || command === 'help') {
      process.stdout.write(`${USAGE}\n`);
      code = 0;
    } else {
      process.stderr.write(`${USAGE}\n`);
      code = 2;
    }
  } catch (err) {
    if (
      err instanceof ConfigError ||
      err instanceof DataDirLockedError ||
      err instanceof CatalogInvalidError ||
      err instanceof BackupError ||
      err instanceof PortInUseError ||
      err instanceof AdminTokenError
    ) {
      process.stderr.write(`tierdesk: ${err.message}\n`);
      code = err instanceof DataDirLockedError ? 3 : 1;
    } else if (
      (err as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ||
      (err as { code?: string }).code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE'
    ) {
      process.stderr.write(`tierdesk: ${(err as Error).message}\n${USAGE}\n`);
      code = 2;
    } else {
      process.stderr.write(`tierdesk: ${(err as Error).stack ?? String(err)}\n`);
      code = 1;
    }
  }
  process.exitCode = code;
}
