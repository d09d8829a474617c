/**
 * One-time data migrations: changes to stored data that need the application's code (e.g. deadlines recomputed by
 * the calendar engine), which a drizzle SQL migration cannot run. They run at start-up after the SQL migrations, in
 * list order, each once per database:
 *
 * - A step claims its `data_migrations` row (INSERT … ON CONFLICT DO NOTHING) in the same transaction that does its
 *   work, so the row exists exactly when the work was committed. A failed step leaves no row and runs again at the
 *   next start.
 * - Several processes starting at once on one PostgreSQL: the second INSERT waits on the first one's uncommitted key,
 *   then finds it taken and skips the step; it never runs twice. PGlite is one process (the data-dir lock).
 * - Each step logs what it did, and the row keeps it (`result`).
 */
import { sql } from 'drizzle-orm';
import type { Clock } from './clock.js';
import type { Db } from './db.js';
import type { Logger } from './logger.js';
import { dataMigrations } from './store/tables.js';

export interface DataMigration {
  /** Unique and never reused, e.g. `2026-03-tickets-deadlines-at-next-opening`. */
  readonly id: string;
  /** What it does, for the log. */
  readonly description: string;
  /** Does the work in `tx`; returns what to log and record (counts). */
  run(tx: Db, now: Date): Promise<Record<string, unknown>>;
}

export interface DataMigrationOutcome {
  readonly id: string;
  /** false: already applied (by an earlier start or another process). */
  readonly applied: boolean;
  readonly result?: Record<string, unknown>;
}

export async function runDataMigrations(
  deps: { readonly db: Db; readonly clock: Clock; readonly log: Logger },
  migrations: readonly DataMigration[],
): Promise<DataMigrationOutcome[]> {
  const outcomes: DataMigrationOutcome[] = [];
  for (const m of migrations) {
    const now = deps.clock.now();
    const result = await deps.db.transaction(async (tx) => {
      const claimed = await tx
        .insert(dataMigrations)
        .values({ id: m.id, appliedAt: now, result: {} })
        .onConflictDoNothing()
        .returning({ id: dataMigrations.id });
      if (!claimed.length) return null;
      const done = await m.run(tx, now);
      await tx
        .update(dataMigrations)
        .set({ result: done })
        .where(sql`${dataMigrations.id} = ${m.id}`);
      return done;
    });
    if (result) deps.log.info({ dataMigration: m.id, ...result }, `data migration applied: ${m.description}`);
    outcomes.push(result ? { id: m.id, applied: true, result } : { id: m.id, applied: false });
  }
  return outcomes;
}
