/** What every use case is given (STYLE §9: dependencies by hand, wired once in app/build-app.ts). */
import type { Catalog } from '../contexts/catalog/domain/catalog.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Db } from './db.js';
import type { Logger } from './logger.js';
import type { OutboxDispatcher } from './outbox.js';

export interface Deps {
  readonly db: Db;
  readonly catalog: Catalog;
  readonly clock: Clock;
  readonly log: Logger;
  readonly outbox: OutboxDispatcher;
  readonly config: Config;
}

/** Runs `fn` in one transaction and kicks the outbox after it commits (effects after commit, STYLE §6). */
export async function inTransaction<T>(deps: Deps, fn: (tx: Db) => Promise<T>): Promise<T> {
  const result = await deps.db.transaction(async (tx) => fn(tx as unknown as Db));
  deps.outbox.kick();
  return result;
}
