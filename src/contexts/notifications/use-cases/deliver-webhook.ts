/**
 * Outbox handler for `webhook.deliver` (R-TKT-6): POSTs `{ type, timestamp, data }` to one endpoint, signed as
 * Standard Webhooks says, with a 10 s timeout. Every attempt is logged in webhook_deliveries; anything but a 2xx
 * (redirects included) throws, so the outbox retries with exponential backoff and parks the effect after its
 * last attempt. An endpoint deleted in the meantime gets nothing; one that already took the event is not sent it
 * again (a replayed effect).
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../../platform/db.js';
import { newId } from '../../../platform/ids.js';
import type { Logger } from '../../../platform/logger.js';
import type { OutboxHandler } from '../../../platform/outbox.js';
import { ZWebhookDeliverPayload } from '../domain/effects.js';
import { signWebhook, webhookBody } from '../domain/webhook.js';
import { webhookDeliveries, webhooks } from '../store/tables.js';

export const WEBHOOK_TIMEOUT_MS = 10_000;

export interface WebhookDelivererDeps {
  readonly db: Db;
  readonly log: Logger;
  readonly fetch?: typeof fetch;
  readonly timeoutMs?: number;
  /**
   * The wall clock for `webhook-timestamp`. NOTE: not the app Clock: receivers compare this header with their own
   * time to refuse replays, so it is the real time of the attempt even under --test-clock. The body's `timestamp`
   * is the event's time on the app Clock.
   */
  readonly wallClockMs?: () => number;
}

export function createWebhookDeliverer(deps: WebhookDelivererDeps): OutboxHandler {
  const { db, log } = deps;
  const doFetch = deps.fetch ?? fetch;
  const timeoutMs = deps.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  const wallClockMs = deps.wallClockMs ?? Date.now;

  return async (raw, meta) => {
    const p = ZWebhookDeliverPayload.parse(raw);
    const [hook] = await db.select().from(webhooks).where(and(eq(webhooks.tenantId, p.tenantId), eq(webhooks.id, p.webhookId)));
    if (!hook || !hook.active) return;
    const [done] = await db
      .select({ id: webhookDeliveries.id })
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.webhookId, hook.id), eq(webhookDeliveries.eventId, p.eventId), eq(webhookDeliveries.succeeded, true)))
      .limit(1);
    if (done) return;

    const body = webhookBody(p.type, p.timestamp, p.data);
    const timestampSeconds = Math.floor(wallClockMs() / 1000);
    const started = performance.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      const res = await doFetch(hook.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Tierdesk-Webhooks/1',
          'webhook-id': p.eventId,
          'webhook-timestamp': String(timestampSeconds),
          'webhook-signature': signWebhook(hook.secret, p.eventId, timestampSeconds, body),
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      statusCode = res.status;
      // The answer is not read: release the connection.
      await res.body?.cancel().catch(() => undefined);
      if (res.status < 200 || res.status > 299) error = `HTTP ${res.status}`;
    } catch (err) {
      const e = err as Error;
      error = e.name === 'TimeoutError' ? `timed out after ${timeoutMs} ms` : describe(e);
    }
    const durationMs = Math.round(performance.now() - started);
    await db.insert(webhookDeliveries).values({
      id: newId('whd', meta.now.getTime()),
      tenantId: p.tenantId,
      webhookId: hook.id,
      eventId: p.eventId,
      eventType: p.type,
      attempt: meta.attempts,
      statusCode,
      error,
      durationMs,
      succeeded: error === null,
      createdAt: meta.now,
    });
    if (error !== null) {
      log.warn({ webhookId: hook.id, eventId: p.eventId, attempt: meta.attempts, statusCode, err: error }, 'webhook delivery failed');
      throw new Error(`webhook ${hook.id}: ${error}`);
    }
  };
}

/** fetch's TypeError hides the reason (ECONNREFUSED…) in `cause`. */
function describe(e: Error): string {
  const cause = (e as { cause?: { code?: string; message?: string } }).cause;
  const detail = cause?.code ?? cause?.message;
  return (detail ? `${e.message}: ${detail}` : e.message).slice(0, 2000);
}
