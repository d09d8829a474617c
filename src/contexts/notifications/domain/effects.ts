/**
 * The outbox topics of the notifications context and their payloads (STYLE §6). Payloads are plain JSON written
 * in the cause's transaction; handlers parse them again, since a row may be older than the code reading it.
 */
import { z } from 'zod';
import type { OutboxEffect } from '../../../platform/outbox.js';

export { MESSAGE_TOPIC } from './message.js';
export const EMAIL_TOPIC = 'email.send';
export const SMS_TOPIC = 'sms.send';
export const WEBHOOK_FANOUT_TOPIC = 'webhook.fanout';
export const WEBHOOK_DELIVER_TOPIC = 'webhook.deliver';

/** email.send: one mail to the account (or to a staff user: no tenant, no account), already in its locale. */
export const ZEmailPayload = z.object({
  tenantId: z.string().nullable(),
  accountId: z.string().nullable(),
  kind: z.string(),
  locale: z.string(),
  to: z.string(),
  subject: z.string(),
  text: z.string(),
});
export type TEmailPayload = z.infer<typeof ZEmailPayload>;

/** One mail someone composed already (a sign-in link in the user's locale), as an outbox effect. */
export interface OutgoingMail {
  readonly tenantId: string | null;
  readonly accountId: string | null;
  readonly kind: string;
  readonly locale: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly dedupeKey: string;
}

export function mailEffect({ dedupeKey, ...payload }: OutgoingMail): OutboxEffect {
  return { topic: EMAIL_TOPIC, dedupeKey, tenantId: payload.tenantId, payload };
}

/** sms.send: a short text for the level's SMS/phone channel; `to` is null when no number is on file. */
export const ZSmsPayload = z.object({
  tenantId: z.string(),
  accountId: z.string(),
  kind: z.string(),
  locale: z.string(),
  to: z.string().nullable(),
  /** The kinds of the level's channels this stands for: `sms`, `phone` or both. */
  channels: z.array(z.string()),
  text: z.string(),
});
export type TSmsPayload = z.infer<typeof ZSmsPayload>;

/** webhook.fanout: one event of an account, to every active endpoint subscribed to its type. */
export const ZWebhookFanoutPayload = z.object({
  tenantId: z.string(),
  accountId: z.string(),
  eventId: z.string(),
  type: z.string(),
  /** When the event happened (ISO); null: when the fan-out runs. */
  timestamp: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
});
export type TWebhookFanoutPayload = z.infer<typeof ZWebhookFanoutPayload>;

/** webhook.deliver: one event to one endpoint; the secret is read from the endpoint's row, never stored here. */
export const ZWebhookDeliverPayload = z.object({
  tenantId: z.string(),
  accountId: z.string(),
  webhookId: z.string(),
  eventId: z.string(),
  type: z.string(),
  timestamp: z.string(),
  data: z.record(z.string(), z.unknown()),
});
export type TWebhookDeliverPayload = z.infer<typeof ZWebhookDeliverPayload>;
