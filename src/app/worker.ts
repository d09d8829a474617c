/**
 * `tierdesk worker` (issue 17, API.md "Operations"): the schedules, sweeps and outbox without HTTP. Any number of
 * workers and `serve --no-worker` processes run on one PostgreSQL database:
 * - migrations run under an advisory lock at start (platform/db.ts): the first process migrates, the others wait;
 * - the sweeps tick once a minute through a pg-boss cron schedule, each tick run by exactly one process;
 * - every `TIERDESK_WORKER_POLL_MS` the worker dispatches due outbox rows, claimed `FOR UPDATE SKIP LOCKED` with a
 *   lease (platform/outbox.ts), so two workers never take one row, and a row whose process died (SIGKILL mid-batch)
 *   is taken again once its lease (`TIERDESK_OUTBOX_LEASE_SECONDS`) has run out;
 * - SIGTERM: no new batch, the effect in hand finishes and is acknowledged, the rest of its batch is released, the
 *   running tick finishes (pg-boss graceful stop), then the database closes.
 */
import type { Config } from '../platform/config.js';
import { buildApp, type Tierdesk } from './build-app.js';

export interface RunningWorker {
  readonly app: Tierdesk;
  stop(): Promise<void>;
}

export async function startWorker(
  config: Config,
  out: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
): Promise<RunningWorker> {
  const app = await buildApp(config, { role: 'worker' });
  try {
    await app.jobs.start();
  } catch (err) {
    await app.close();
    throw err;
  }
  let stopping = false;
  let timer: NodeJS.Timeout | null = null;
  let polling: Promise<unknown> = Promise.resolve();
  const poll = (): void => {
    timer = null;
    if (stopping) return;
    polling = app.outbox
      .dispatchDue(app.clock.now())
      .catch((err) => app.log.error({ err }, 'outbox dispatch failed'))
      .finally(() => {
        if (!stopping) timer = setTimeout(poll, config.workerPollMs);
      });
  };
  poll();
  // Several processes starting on a new database: the one that generated the admin token prints it, worker or not.
  if (app.secrets.generatedAdminToken)
    out(`admin token (shown once, stored hashed): ${app.secrets.generatedAdminToken}`);
  out(
    `worker started: catalog ${app.catalog.id} (${app.catalog.def.version}) on ${app.database.kind}, outbox every ${config.workerPollMs} ms, sweeps every minute`,
  );
  return {
    app,
    async stop() {
      stopping = true;
      if (timer) clearTimeout(timer);
      // The outbox stops taking rows; the batch in hand ends after its current effect (the rest released).
      const closing = app.close();
      await polling;
      await closing;
    },
  };
}
