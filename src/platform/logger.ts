/**
 * pino logs with request ids; secrets are redacted and never logged. Errors are logged through `safeError`: the
 * SQL text of a failed query is kept, its parameters never (they hold customer text, emails and argon2 hashes —
 * issue 11), nor the values PostgreSQL quotes in its messages and details.
 */
import { pino, type Logger } from 'pino';

export type { Logger };

export const REDACT_PATHS = [
  'req.headers.authorization',
  'headers.authorization',
  'authorization',
  'token',
  'adminToken',
  'secret',
  'password',
  '*.token',
  '*.secret',
  '*.password',
];

/** PostgreSQL's fields that name things (kept) — `detail`, `where`, `hint` and friends can hold values (dropped). */
const PG_NAMES = ['code', 'severity', 'routine', 'schema', 'table', 'column', 'constraint', 'dataType'] as const;
const MAX_CAUSES = 5;

const quotedValues = (text: string, keep: ReadonlySet<string>) =>
  text.replace(/"([^"]*)"/g, (m, inner: string) => (keep.has(inner) ? m : '"…"'));

/** A failed drizzle query (DrizzleQueryError): its message and stack end with `params: …`. */
function isFailedQuery(err: Error): err is Error & { query: string; params: unknown } {
  return typeof (err as { query?: unknown }).query === 'string' && 'params' in err;
}

/** An error as it may be logged: type, message, stack, code, PostgreSQL's names, its causes — no SQL parameters. */
export function safeError(err: unknown, depth = 0): unknown {
  if (!(err instanceof Error)) return typeof err === 'object' && err !== null ? { type: 'non-Error' } : err;
  const fields = err as unknown as Record<string, unknown>;
  const keep = new Set<string>();
  for (const k of PG_NAMES) if (typeof fields[k] === 'string') keep.add(fields[k]);
  const out: Record<string, unknown> = { type: err.name || err.constructor?.name || 'Error' };
  if (isFailedQuery(err)) {
    const message = `Failed query: ${err.query}`;
    out.message = message;
    out.stack = `${err.name}: ${message}\n${(err.stack ?? '')
      .split('\n')
      .filter((l) => /^\s+at /.test(l))
      .join('\n')}`;
  } else if (typeof fields.routine === 'string' || typeof fields.severity === 'string') {
    // A database error: its message quotes the offending value (`invalid input syntax for type …: "…"`).
    out.message = quotedValues(err.message, keep);
    out.stack = err.stack ? quotedValues(err.stack, keep) : undefined;
  } else {
    out.message = err.message;
    out.stack = err.stack;
  }
  for (const k of PG_NAMES) if (fields[k] !== undefined && typeof fields[k] !== 'object') out[k] = fields[k];
  if (typeof fields.statusCode === 'number') out.statusCode = fields.statusCode;
  if (err.cause !== undefined && depth < MAX_CAUSES) out.cause = safeError(err.cause, depth + 1);
  return out;
}

/** The one logger of a process (`destination`: tests read the lines). */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    base: { service: 'tierdesk' },
    serializers: { err: (e: unknown) => safeError(e), error: (e: unknown) => safeError(e) },
  };
  return destination ? pino(options, destination) : pino(options);
}
