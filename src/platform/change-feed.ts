/**
 * Cross-process cache invalidation on PostgreSQL: a transaction that may change cached state sends
 * `pg_notify(channel)` before it commits (delivered only if it commits); every server process LISTENs on a
 * dedicated connection and drops its caches when told, and also whenever that connection was lost (it may have
 * missed notices). Read caches keep a short TTL as a last resort.
 */
import type pg from 'pg';
import { sql } from 'drizzle-orm';
import type { Db } from './db.js';
import type { Logger } from './logger.js';

export const PLAN_CHANNEL = 'tierdesk_plan_changes';

export async function notifyPlanChange(tx: Db): Promise<void> {
  await tx.execute(sql`SELECT pg_notify(${PLAN_CHANNEL}, '')`);
}

/** Revoked API keys, disabled users and role changes (issue 11): every process forgets its cached tokens. */
export const AUTH_CHANNEL = 'tierdesk_auth_changes';

export async function notifyAuthChange(tx: Db): Promise<void> {
  await tx.execute(sql`SELECT pg_notify(${AUTH_CHANNEL}, '')`);
}

export interface ChangeListener {
  close(): Promise<void>;
}

export async function listenForChanges(
  url: string,
  channel: string,
  onChange: () => void,
  log: Logger,
): Promise<ChangeListener> {
  let client: pg.Client | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | null = null;
  const { default: Pg } = await import('pg');
  const connect = async (): Promise<void> => {
    const c = new Pg.Client({ connectionString: url });
    c.on('notification', () => onChange());
    c.on('error', (err) => log.warn({ err: err.message }, 'change feed connection error'));
    c.on('end', () => {
      if (closed) return;
      onChange(); // notices may have been missed
      retry = setTimeout(() => void connect().catch(() => undefined), 1000);
      retry.unref();
    });
    await c.connect();
    await c.query(`LISTEN ${channel}`);
    client = c;
    onChange();
  };
  await connect();
  return {
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      await client?.end().catch(() => undefined);
    },
  };
}
