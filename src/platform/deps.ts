/** What every use case is given (STYLE §9: dependencies by hand, wired once in app/build-app.ts). */
import type { Catalog } from '../domain/catalog/catalog.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Db } from './db.js';
import type { Logger } from './logger.js';
import type { OutboxDispatcher } from './outbox.js';
import type { AppMetrics } from './metrics.js';

/** Something that caches what transactions may change; told after every commit that may have changed it. */
export interface CommitListener {
  invalidate(): void;
  /** Runs inside a transaction that may change cached state, just before it commits (cross-process notice). */
  beforeCommit?(tx: Db): Promise<void>;
}

export interface Deps {
  readonly db: Db;
  readonly catalog: Catalog;
  readonly clock: Clock;
  readonly log: Logger;
  readonly outbox: OutboxDispatcher;
  readonly config: Config;
  /** Read caches to drop after commits (the modules' `readCaches`: the plan cache, the webhook index). */
  readonly readCaches?: readonly CommitListener[];
  /** The app's counters for GET /metrics (issue 17); absent in context tests. */
  readonly metrics?: AppMetrics;
}

/**
 * Runs `fn` in one transaction and kicks the outbox after it commits (effects after commit, STYLE §6).
 * Read caches are dropped after every commit unless the caller states it changes no account or plan state
 * (`keepsPlans`: tickets, service requests) — forgetting it costs a cache refill, never a stale read.
 */
export async function inTransaction<T>(
  deps: Deps,
  fn: (tx: Db) => Promise<T>,
  opts: { keepsPlans?: boolean } = {},
): Promise<T> {
  try {
    return await deps.db.transaction(async (tx) => {
      const result = await fn(tx);
      if (!opts.keepsPlans) for (const c of deps.readCaches ?? []) await c.beforeCommit?.(tx);
      return result;
    });
  } finally {
    if (!opts.keepsPlans) for (const c of deps.readCaches ?? []) c.invalidate();
    deps.outbox.kick();
  }
}
