/**
 * STYLE §6: effects are written to the outbox in the same transaction as the change that causes them and
 * dispatched after commit. Each row has a dedupe key, so an effect is recorded once however often the cause runs;
 * handlers must be idempotent too (a crash between effect and acknowledgement replays the row).
 * Failed rows are retried with exponential backoff, then parked with failed_at.
 */
import { and, asc, eq, inArray, isNull, lte, min, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { Db } from './db.js';
import type { Clock } from './clock.js';
import type { Logger } from './logger.js';
import { outbox } from './store/tables.js';
import type { Sweep } from './scheduler.js';
import type { OutboxEffect } from './effect.js';

export type { OutboxEffect } from './effect.js';

/**
 * What an effect that is itself only a database write becomes (a message-center row, a webhook fan-out into
 * delivery rows): a data-modifying statement, not yet run, and/or more effects (a fan-out's deliveries). `enqueue`
 * writes them all with the outbox rows in one statement.
 */
export interface InlineWrite {
  readonly statement?: SQLWrapper;
  readonly effects?: readonly OutboxEffect[];
}

/** Builds an inline effect's write; `db` is for reads only (a fan-out asks the webhook index). */
export type InlineEffectHandler = (db: Db, effect: OutboxEffect, now: Date) => Promise<InlineWrite>;

export interface OutboxMeta {
  readonly id: bigint;
  readonly attempts: number;
  readonly now: Date;
  readonly tenantId: string | null;
}

export type OutboxHandler = (payload: Record<string, unknown>, meta: OutboxMeta) => Promise<void>;

/**
 * Issue 17: a claimed batch's rows of one topic served together — what every row needs read once before the first
 * (`open`), and what they log written once after the last (`finish`, before the batch is acknowledged). A `finish`
 * that throws fails every row of the topic it served (retried with backoff, as a row whose handler threw).
 */
export interface OutboxBatch {
  readonly handle: OutboxHandler;
  readonly finish?: () => Promise<void>;
}

/** A topic's handler, row by row, or with `batch` the batch form the dispatcher uses (`handle` is a batch of one). */
export type OutboxTopicHandler =
  | OutboxHandler
  | {
      readonly handle: OutboxHandler;
      readonly batch: (rows: readonly { payload: Record<string, unknown>; meta: OutboxMeta }[]) => Promise<OutboxBatch>;
    };

export interface OutboxOptions {
  readonly maxAttempts: number;
  /** Backoff before retry n (1-based), in ms. */
  readonly backoffMs: (attempt: number) => number;
  readonly batchSize: number;
  /** A claimed row becomes available again after this long if its dispatcher died. */
  readonly leaseMs: number;
  /** Dispatch right after each commit (kick); off, only sweeps (`tierdesk worker`) dispatch. */
  readonly afterCommit?: boolean;
}

export const DEFAULT_OUTBOX_OPTIONS: OutboxOptions = {
  maxAttempts: 8,
  backoffMs: (n) => Math.min(30_000 * 2 ** (n - 1), 6 * 3600_000),
  batchSize: 50,
  leaseMs: 5 * 60_000,
};

interface ClaimedRow {
  readonly id: string | bigint;
  readonly topic: string;
  readonly payload: Record<string, unknown>;
  readonly attempts: number;
  readonly tenant_id: string | null;
}

function metaOf(row: ClaimedRow, now: Date): OutboxMeta {
  return { id: BigInt(row.id), attempts: row.attempts, now, tenantId: row.tenant_id };
}

/**
 * One per app: its handlers, its inline effects and its count of rows written are its own, so two apps in one
 * process (tests) never share them.
 */
export class OutboxDispatcher {
  private readonly handlers = new Map<string, OutboxTopicHandler>();
  private readonly inlineEffects = new Map<string, InlineEffectHandler>();
  /** Rows written through this dispatcher, ever: a dispatcher kicked after a commit drains only when it moved. */
  private rowsWritten = 0;
  private draining: Promise<number> | null = null;
  private kicked = false;
  private stopped = false;
  readonly sweep: Sweep;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly options: OutboxOptions = DEFAULT_OUTBOX_OPTIONS,
  ) {
    this.sweep = {
      name: 'outbox.dispatch',
      run: (now) => this.dispatchDue(now),
      nextDue: () => this.nextDue(),
    };
  }

  on(topic: string, handler: OutboxTopicHandler): void {
    if (this.handlers.has(topic)) throw new Error(`outbox topic ${topic} has a handler already`);
    this.handlers.set(topic, handler);
  }

  /**
   * Effects of `topic` that are due at once run inside the causing transaction instead of through an outbox row: as
   * atomic with their cause, idempotent by their dedupe key, and without a dispatch round trip. Effects that leave
   * the database (mail, HTTP) always go through rows and are dispatched after commit.
   */
  inline(topic: string, handler: InlineEffectHandler): void {
    if (this.inlineEffects.has(topic)) throw new Error(`outbox topic ${topic} runs inline already`);
    this.inlineEffects.set(topic, handler);
  }

  /**
   * Effects that a caller's set-based statement derives from its own rows (a month-end batch: one bill notice per bill
   * it inserts, no effect crossing into JS): the INSERT … SELECT of `rows` (columns tenant_id, dedupe_key, payload)
   * into the outbox as rows of `topic` available at `now`, for a data-modifying CTE of that statement (RETURNING 1 per
   * row written); a repeated dedupe key is ignored. The topic must not run inline (its effects need their handler's
   * write). Report the rows it wrote with `noteWritten`, so that a dispatcher kicked after commit drains them.
   */
  insertSelect(topic: string, rows: SQL, now: Date): SQL {
    if (this.inlineEffects.has(topic)) throw new Error(`outbox topic ${topic} runs inline: enqueue its effects`);
    const at = sql`${now.toISOString()}::timestamptz`;
    return sql`INSERT INTO outbox (tenant_id, topic, dedupe_key, payload, created_at, available_at)
      SELECT x.tenant_id, ${topic}, x.dedupe_key, x.payload, ${at}, ${at} FROM (${rows}) AS x
      ON CONFLICT (dedupe_key) DO NOTHING
      RETURNING 1`;
  }

  /** Rows an `insertSelect` statement wrote. */
  noteWritten(rows: number): void {
    this.rowsWritten += rows;
  }

  /**
   * Writes effects inside the caller's transaction (or as one statement of their own); a repeated dedupe key is
   * ignored. Returns the outbox rows newly written (a fan-out's deliveries among them).
   * One statement however many effects (a month-end run writes thousands at once): the inline effects' writes and
   * `along` (the caller's own writes, e.g. the ticket they are about) as data-modifying CTEs, the outbox rows as one
   * INSERT of one JSON parameter. Without a transaction that statement is atomic on its own.
   */
  async enqueue(tx: Db, all: readonly OutboxEffect[], now: Date, along: readonly SQLWrapper[] = []): Promise<number> {
    const effects: OutboxEffect[] = [];
    const writes: SQLWrapper[] = [...along];
    const pending = [...all];
    for (let e = pending.shift(); e; e = pending.shift()) {
      const inline = this.inlineEffects.get(e.topic);
      if (inline && (!e.availableAt || e.availableAt.getTime() <= now.getTime())) {
        const write = await inline(tx, e, now);
        if (write.statement) writes.push(write.statement);
        pending.push(...(write.effects ?? []));
      } else effects.push(e);
    }
    // getSQL: a query builder embedded as it is would come in parentheses of its own (a subquery).
    const ctes = writes.map((w, i) => sql`${sql.raw(`w${i}`)} AS (${w.getSQL()})`);
    if (!effects.length) {
      if (writes.length === 1) await tx.execute(writes[0]!.getSQL());
      else if (writes.length) await tx.execute(sql`WITH ${sql.join(ctes, sql`, `)} SELECT 1`);
      return 0;
    }
    const json = JSON.stringify(
      effects.map((e) => ({
        t: e.tenantId ?? null,
        topic: e.topic,
        k: e.dedupeKey,
        p: e.payload,
        a: (e.availableAt ?? now).toISOString(),
      })),
    );
    const head: SQL = ctes.length ? sql`WITH ${sql.join(ctes, sql`, `)} ` : sql``;
    const res = (await tx.execute(sql`${head}
      INSERT INTO outbox (tenant_id, topic, dedupe_key, payload, created_at, available_at)
      SELECT x.t, x.topic, x.k, x.p, ${now.toISOString()}::timestamptz, x.a::timestamptz
      FROM jsonb_to_recordset(${json}::jsonb) AS x(t text, topic text, k text, p jsonb, a text)
      ON CONFLICT (dedupe_key) DO NOTHING
      RETURNING id`)) as unknown as { rows: unknown[] };
    this.rowsWritten += res.rows.length;
    return res.rows.length;
  }

  private seenRows = -1;

  /** After a commit: dispatch soon, coalescing bursts — when rows were written through this dispatcher since. */
  kick(): void {
    if (this.options.afterCommit === false || this.stopped || this.kicked || this.seenRows === this.rowsWritten) return;
    this.seenRows = this.rowsWritten;
    this.kicked = true;
    // Issue 17: one dispatch waits behind the running one, whatever the number of commits meanwhile; it starts with
    // the time it starts at, so it takes every row they wrote in one batch (a dispatch per commit was a claim per
    // ticket under load, each waiting for a pool connection behind the requests, and fell behind).
    setImmediate(() => {
      this.dispatchDue(() => {
        this.kicked = false;
        return this.clock.now();
      }).catch((err) => this.log.error({ err }, 'outbox dispatch failed'));
    });
  }

  stop(): Promise<unknown> {
    this.stopped = true;
    return this.draining ?? Promise.resolve();
  }

  /**
   * Dispatches every row available at `now` (or at the time the dispatch starts); serialised within the process,
   * claims rows so processes never share one.
   */
  dispatchDue(now: Date | (() => Date)): Promise<number> {
    // After the running dispatch, whether it succeeded or not (its caller has its error).
    const run = (this.draining ?? Promise.resolve(0))
      .catch(() => 0)
      .then(() => this.drain(typeof now === 'function' ? now() : now));
    const tracked = run.finally(() => {
      if (this.draining === tracked) this.draining = null;
    });
    this.draining = tracked;
    return tracked;
  }

  private async drain(now: Date): Promise<number> {
    let handled = 0;
    for (;;) {
      if (this.stopped) return handled;
      const lease = new Date(now.getTime() + this.options.leaseMs);
      const claimed = (await this.db.execute(sql`
        UPDATE outbox SET available_at = ${lease.toISOString()}::timestamptz, attempts = attempts + 1
        WHERE id IN (
          SELECT id FROM outbox
          WHERE dispatched_at IS NULL AND failed_at IS NULL AND available_at <= ${now.toISOString()}::timestamptz
          ORDER BY id LIMIT ${this.options.batchSize} FOR UPDATE SKIP LOCKED)
        RETURNING id, topic, payload, attempts, tenant_id`)) as unknown as { rows: ClaimedRow[] };
      const rows = [...claimed.rows].sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
      if (!rows.length) return handled;
      const writtenBefore = this.rowsWritten;
      const done: bigint[] = [];
      // Issue 17: batch handlers opened at their topic's first row, for that row and the later ones of the topic.
      const batches = new Map<string, OutboxBatch>();
      // Issue 17: a row is only started while more than half of the batch's lease is left, so a slow batch (ten
      // webhooks timing out) never runs into a lease another worker may already have taken over; the rest of the
      // batch is released for the next sweep, as it is when the process stops (SIGTERM: the row in hand finishes).
      const claimedAtMs = performance.now();
      let released: bigint[] = [];
      for (const [index, row] of rows.entries()) {
        if (this.stopped || performance.now() - claimedAtMs > this.options.leaseMs / 2) {
          released = rows.slice(index).map((r) => BigInt(r.id));
          break;
        }
        const id = BigInt(row.id);
        const handler = this.handlers.get(row.topic);
        try {
          if (!handler) throw new Error(`no handler for outbox topic ${row.topic}`);
          let handle: OutboxHandler;
          if (typeof handler === 'function') handle = handler;
          else {
            let batch = batches.get(row.topic);
            if (!batch) {
              batch = await handler.batch(
                rows
                  .slice(index)
                  .filter((r) => r.topic === row.topic)
                  .map((r) => ({ payload: r.payload, meta: metaOf(r, now) })),
              );
              batches.set(row.topic, batch);
            }
            handle = batch.handle;
          }
          await handle(row.payload, metaOf(row, now));
          done.push(id);
        } catch (err) {
          await this.failed(row, err, now);
        }
        handled++;
      }
      for (const [topic, batch] of batches) {
        if (!batch.finish) continue;
        try {
          await batch.finish();
        } catch (err) {
          for (const row of rows) {
            const at = done.indexOf(BigInt(row.id));
            if (row.topic !== topic || at < 0) continue;
            done.splice(at, 1);
            await this.failed(row, err, now);
          }
        }
      }
      // One acknowledgement for the batch: a crash before it replays the batch, which idempotent handlers absorb.
      if (done.length)
        await this.db.update(outbox).set({ dispatchedAt: now, lastError: null }).where(inArray(outbox.id, done));
      if (released.length) await this.release(released, now);
      if (this.stopped || released.length) return handled;
      // Issue 17: a batch that was not full took every row due at `now`; claim again only when rows were written
      // through this dispatcher since (a fan-out's deliveries, due at once) — rows that later commits write kick
      // their own dispatch, other processes' rows are the next sweep's.
      if (rows.length < this.options.batchSize && this.rowsWritten === writtenBefore) return handled;
    }
  }

  /** A row whose effect failed: retried after its backoff, or parked after its last attempt. */
  private async failed(row: ClaimedRow, err: unknown, now: Date): Promise<void> {
    const message = (err as Error).message ?? String(err);
    const parked = row.attempts >= this.options.maxAttempts;
    this.log.warn(
      { topic: row.topic, outboxId: String(row.id), attempts: row.attempts, err: message, parked },
      'outbox effect failed',
    );
    await this.db
      .update(outbox)
      .set(
        parked
          ? { lastError: message, failedAt: now }
          : { lastError: message, availableAt: new Date(now.getTime() + this.options.backoffMs(row.attempts)) },
      )
      .where(eq(outbox.id, BigInt(row.id)));
  }

  /** Gives claimed, unstarted rows back: due at `now` again, the claim's attempt not counted. */
  private async release(ids: readonly bigint[], now: Date): Promise<void> {
    await this.db
      .update(outbox)
      .set({ availableAt: now, attempts: sql`greatest(${outbox.attempts} - 1, 0)` })
      .where(and(inArray(outbox.id, [...ids]), isNull(outbox.dispatchedAt)));
    this.log.info({ released: ids.length }, 'outbox claims released');
  }

  /** Rows waiting (due or not, not parked) and the age of the oldest at `now` (GET /metrics). */
  async stats(now: Date): Promise<{ depth: number; oldestAgeSeconds: number }> {
    const [row] = await this.db
      .select({ depth: sql<string>`count(*)`, oldest: min(outbox.createdAt) })
      .from(outbox)
      .where(and(isNull(outbox.dispatchedAt), isNull(outbox.failedAt)));
    const oldest = row?.oldest ? new Date(row.oldest).getTime() : null;
    return {
      depth: Number(row?.depth ?? 0),
      oldestAgeSeconds: oldest === null ? 0 : Math.max(0, (now.getTime() - oldest) / 1000),
    };
  }

  async nextDue(): Promise<Date | null> {
    const [row] = await this.db
      .select({ at: min(outbox.availableAt) })
      .from(outbox)
      .where(and(isNull(outbox.dispatchedAt), isNull(outbox.failedAt)));
    return row?.at ? new Date(row.at) : null;
  }

  /** Rows still waiting (for tests and health). */
  async pending(): Promise<{ topic: string; dedupeKey: string; attempts: number; lastError: string | null }[]> {
    return this.db
      .select({
        topic: outbox.topic,
        dedupeKey: outbox.dedupeKey,
        attempts: outbox.attempts,
        lastError: outbox.lastError,
      })
      .from(outbox)
      .where(and(isNull(outbox.dispatchedAt), isNull(outbox.failedAt), lte(outbox.createdAt, this.clock.now())))
      .orderBy(asc(outbox.id));
  }
}
