/** A log destination a test reads: the app's pino logger writes into it, one parsed object per line. */
import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/platform/logger.js';

export type LogLine = Record<string, unknown>;

export interface MemoryLog {
  readonly lines: LogLine[];
  readonly logger: Logger;
  /** Every line as JSON, one a line (to search the whole log for a secret). */
  text(): string;
}

export function memoryLog(): MemoryLog {
  const lines: LogLine[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(l) as LogLine);
      done();
    },
  });
  return { lines, logger: createLogger('info', stream), text: () => lines.map((l) => JSON.stringify(l)).join('\n') };
}
