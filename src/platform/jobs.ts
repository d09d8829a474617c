/**
 * pg-boss 10 on the same database (PostgreSQL, or PGlite through an executor): durable cron schedules that tick
 * the scheduler's sweeps, and one-off background jobs (a month-end run started from the API). With several server
 * processes on one PostgreSQL, pg-boss hands each tick to exactly one of them.
 */
import type PgBoss from 'pg-boss';
import type { Database } from './db.js';
import type { Logger } from './logger.js';

/** The advisory lock key pg-boss's set-up runs under (the migrations take 7415001). */
const JOBS_SETUP_LOCK = 7415002;

export type JobHandler = (data: Record<string, unknown>) => Promise<void>;

export class Jobs {
  private boss: PgBoss | null = null;
  private readonly handlers = new Map<string, { handler: JobHandler; cron: string | null }>();

  constructor(
    private readonly database: Database,
    private readonly log: Logger,
  ) {}

  /** Registers a queue before start; with `cron`, pg-boss also schedules it. */
  define(name: string, handler: JobHandler, cron: string | null = null): void {
    this.handlers.set(name, { handler, cron });
  }

  async start(): Promise<void> {
    const conn = this.database.boss;
    // Loaded when the worker starts (after the server listens): pg-boss also pulls in `pg`, which the embedded
    // database never needs.
    const { default: PgBoss } = await import('pg-boss');
    const boss =
      'connectionString' in conn
        ? new PgBoss({ connectionString: conn.connectionString, max: 3, schema: 'pgboss' })
        : new PgBoss({ db: conn.executor, schema: 'pgboss' });
    boss.on('error', (err) => this.log.error({ err }, 'pg-boss error'));
    try {
      // Issue 17: processes starting together on one new database take turns creating pg-boss's schema, queues
      // and schedules (concurrent createQueue calls deadlock in PostgreSQL otherwise).
      await this.database.withAdvisoryLock(JOBS_SETUP_LOCK, async () => {
        await boss.start();
        for (const [name, { cron }] of this.handlers) {
          await boss.createQueue(name);
          if (cron) await boss.schedule(name, cron, {}, { tz: 'UTC' });
          else await boss.unschedule(name).catch(() => undefined);
        }
      });
      for (const [name, { handler }] of this.handlers) {
        await boss.work(name, { pollingIntervalSeconds: 2 }, async (jobs) => {
          for (const job of jobs) await handler((job.data ?? {}) as Record<string, unknown>);
        });
      }
    } catch (err) {
      await boss.stop({ graceful: false, wait: true }).catch(() => undefined);
      throw err;
    }
    this.boss = boss;
  }

  async send(name: string, data: Record<string, unknown>, singletonKey?: string): Promise<string | null> {
    if (!this.boss) throw new Error('jobs are not running in this process');
    return this.boss.send(name, data, singletonKey ? { singletonKey } : {});
  }

  get running(): boolean {
    return this.boss !== null;
  }

  async stop(): Promise<void> {
    const boss = this.boss;
    this.boss = null;
    if (boss) await boss.stop({ graceful: true, wait: true, timeout: 5000 });
  }
}
