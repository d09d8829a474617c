/**
 * R-TKT-6 webhooks, signed as the Standard Webhooks spec says (https://www.standardwebhooks.com):
 * headers `webhook-id`, `webhook-timestamp` (unix seconds) and `webhook-signature: v1,<base64 HMAC-SHA256 of
 * "${id}.${timestamp}.${body}">`, keyed with the base64-decoded part of the `whsec_…` secret. Pure functions.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';

/** The event types an endpoint may subscribe to; an endpoint created without `events` gets all of them. */
export const WEBHOOK_EVENTS = [
  'ticket.created',
  'ticket.replied',
  'ticket.status_changed',
  'ticket.sla_breached',
  'service_request.created',
  'service_request.status_changed',
  'service_request.deliverable_added',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export function isWebhookEvent(type: string): type is WebhookEvent {
  return (WEBHOOK_EVENTS as readonly string[]).includes(type);
}

const SECRET_PREFIX = 'whsec_';

/** `whsec_` + base64 of 32 random bytes (the spec asks for 24 to 64). */
export function newWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString('base64');
}

export function webhookSecretKey(secret: string): Buffer {
  if (!secret.startsWith(SECRET_PREFIX)) throw new Error('a webhook secret starts with whsec_');
  return Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64');
}

/** The `webhook-signature` header value for one delivery. */
export function signWebhook(secret: string, id: string, timestampSeconds: number, body: string): string {
  const mac = createHmac('sha256', webhookSecretKey(secret))
    .update(`${id}.${timestampSeconds}.${body}`)
    .digest('base64');
  return `v1,${mac}`;
}

/**
 * The event's id, derived from the effect's dedupe key: a replayed cause gets the same id, and the id is the
 * `webhook-id` of every attempt, so a receiver can drop duplicates (Standard Webhooks idempotency).
 */
export function webhookEventId(dedupeKey: string): string {
  return `evt_${createHash('sha256').update(dedupeKey).digest('hex').slice(0, 26)}`;
}

/** The body every endpoint receives: `{ type, timestamp, data }`. */
export function webhookBody(type: string, timestamp: string, data: Record<string, unknown>): string {
  return JSON.stringify({ type, timestamp, data });
}
