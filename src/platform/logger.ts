/** pino logs with request ids; secrets are redacted and never logged. */
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

export function createLogger(level: string): Logger {
  return pino({ level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { service: 'tierdesk' } });
}
