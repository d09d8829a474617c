/**
 * The command line (API.md): `tierdesk serve …` and `tierdesk catalog check <path>`.
 */
import { parseArgs } from 'node:util';
import { readFile } from 'node:fs/promises';
import { buildConfig, ConfigError } from '../platform/config.js';
import { DataDirLockedError } from '../platform/data-dir-lock.js';
import { checkCatalog } from '../contexts/catalog/domain/check-catalog.js';
import {
  CatalogInvalidError,
  parseCatalogText,
  resolveCatalogPath,
} from '../contexts/catalog/use-cases/load-catalog.js';
import { startServer } from './server.js';
import { BillingArgsError, billingRun, BillingUsageError } from './billing-command.js';

const USAGE = `Usage:
  tierdesk serve --catalog <id|path> [--port 8080] [--host 127.0.0.1] [--data <dir>]
                 [--database-url postgres://…] [--test-clock] [--demo] [--no-worker]
  tierdesk catalog check <path>
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
  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      server.app.log.info({ signal }, 'shutting down');
      server
        .stop()
        .catch((err) => server.app.log.error({ err }, 'shutdown failed'))
        .finally(resolve);
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
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

export async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  let code: number;
  try {
    if (command === 'serve') code = await serve(rest);
    else if (command === 'catalog' && rest[0] === 'check') code = await catalogCheck(rest.slice(1));
    else if (command === 'billing') code = await billing(rest);
    else if (command === '--help' || command === '-h' || command === 'help') {
      process.stdout.write(`${USAGE}\n`);
      code = 0;
    } else {
      process.stderr.write(`${USAGE}\n`);
      code = 2;
    }
  } catch (err) {
    if (err instanceof ConfigError || err instanceof DataDirLockedError || err instanceof CatalogInvalidError) {
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
