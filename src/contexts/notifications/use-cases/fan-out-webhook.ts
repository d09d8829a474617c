/**
 * Outbox handler for `webhook.fanout` (R-TKT-6): one event of an account becomes one `webhook.deliver` effect per
 * active endpoint subscribed to its type. The dedupe key `whd:<webhookId>:<eventId>` makes a replayed fan-out
 * (a crash before its acknowledgement) deliver nothing twice.
 */
import type { Db } from '../../../platform/db.js';
import type { InlineWrite, OutboxDispatcher, OutboxEffect } from '../../../platform/outbox.js';
import { WEBHOOK_DELIVER_TOPIC, ZWebhookFanoutPayload, type TWebhookDeliverPayload } from '../domain/effects.js';
import type { WebhookIndex } from './webhook-index.js';

/** Returns how many deliveries it newly enqueued. */
export async function fanOutWebhookEvent(
  deps: { readonly outbox: OutboxDispatcher; readonly webhookIndex: WebhookIndex },
  db: Db,
  raw: Record<string, unknown>,
  now: Date,
): Promise<number> {
  const { effects } = await webhookDeliveries(deps, db, raw, now);
  return deps.outbox.enqueue(db, effects, now);
}

/** The deliveries of one event (inline: written with the causing statement's outbox rows). */
export async function webhookDeliveries(
  deps: { readonly webhookIndex: WebhookIndex },
  db: Db,
  raw: Record<string, unknown>,
  now: Date,
): Promise<InlineWrite & { effects: OutboxEffect[] }> {
  const p = ZWebhookFanoutPayload.parse(raw);
  const endpoints = await deps.webhookIndex.subscribed(db, p.tenantId, p.accountId, p.type);
  if (!endpoints.length) return { effects: [] };
  const timestamp = p.timestamp ?? now.toISOString();
  const effects = endpoints.map((w): OutboxEffect => {
    const payload: TWebhookDeliverPayload = {
      tenantId: p.tenantId,
      accountId: p.accountId,
      webhookId: w.id,
      eventId: p.eventId,
      type: p.type,
      timestamp,
      data: p.data,
    };
    return { topic: WEBHOOK_DELIVER_TOPIC, dedupeKey: `whd:${w.id}:${p.eventId}`, tenantId: p.tenantId, payload };
  });
  return { effects };
}
