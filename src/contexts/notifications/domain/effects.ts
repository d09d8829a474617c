/**
 * The outbox topics of the notifications context and their payloads (STYLE §6). Payloads are plain JSON written
 * in the cause's transaction; handlers parse them again, since a row may be older than the code reading it.
 */
import { z } from 'zod';
import type { OutboxEffect } from '../../../platform/effect.js';
import { seal, unseal } from '../../../platform/sealed.js';

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
  /**
   * A notice of the notification policy, rendered at sending from the locale's layout templates (text + HTML),
   * with its deep link, thread and unsubscribe headers. Absent: a mail composed already (sign-in links), sent as text.
   */
  notice: z
    .object({
      title: z.string(),
      body: z.string(),
      /** The console path of the object (`/tickets/tkt_…`), joined to TIERDESK_PUBLIC_URL when sent. */
      linkPath: z.string().nullable(),
      actorName: z.string().nullable(),
      /** The mails of one object thread (`ticket:tkt_…`); the start of the thread carries its root Message-ID. */
      threadKey: z.string().nullable(),
      threadStart: z.boolean(),
      /** The notice's dedupe key: the mail's Message-ID is derived from it. */
      messageKey: z.string(),
      /** An optional kind: the user may turn it off, and the mail says how (List-Unsubscribe). */
      optional: z.boolean(),
    })
    .optional(),
  /** Files sent with the mail (the monthly report's PDF, R-RPT-2), base64 in the row. */
  attachments: z
    .array(z.object({ filename: z.string(), contentType: z.string(), contentBase64: z.string() }))
    .optional(),
  /** Placeholders in `text` and their sealed values (platform/sealed.ts), put in only when the mail is sent. */
  sealed: z.record(z.string(), z.string()).optional(),
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
  /**
   * Secrets in `text` (placeholder → value, e.g. `{{link}}` → a set-password link): the outbox keeps them sealed and
   * the sender puts them in at send time, so neither the outbox nor the delivery log holds them in clear.
   */
  readonly secrets?: Readonly<Record<string, string>>;
  readonly dedupeKey: string;
  readonly attachments?: { filename: string; contentType: string; contentBase64: string }[];
}

export function mailEffect(sealKey: Uint8Array, mail: OutgoingMail): OutboxEffect {
  const { dedupeKey, secrets, ...payload } = mail;
  const sealed = secrets
    ? Object.fromEntries(Object.entries(secrets).map(([placeholder, value]) => [placeholder, seal(sealKey, value)]))
    : undefined;
  return {
    topic: EMAIL_TOPIC,
    dedupeKey,
    tenantId: payload.tenantId,
    payload: sealed ? { ...payload, sealed } : payload,
  };
}

/** The text to send: each placeholder replaced by its unsealed value (an error when one does not unseal). */
export function unsealedText(sealKey: Uint8Array | undefined, p: TEmailPayload): string {
  let text = p.text;
  for (const [placeholder, value] of Object.entries(p.sealed ?? {})) {
    const plain = sealKey ? unseal(sealKey, value) : null;
    if (plain === null)
      throw new Error(`the sealed ${placeholder} of this mail does not unseal (TIERDESK_SECRET changed?)`);
    text = text.split(placeholder).join(plain);
  }
  return text;
}

/** sms.send: a short text for the level's SMS/phone channel; `to` is null when no number is on file. */
export const ZSmsPayload = z.object({
  tenantId: z.string(),
  accountId: z.string(),
  kind: z.string(),
  locale: z.string(),
  /** The number, or null: the account's phone numbers when sent (none on file: skipped). */
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

/** call-task.create: a call staff make to tell an account of a notice (Tianyi 专席人工 / 专属经理人工, seed 004 §1.4). */
export const CALL_TASK_TOPIC = 'call-task.create';
export const ZCallTaskPayload = z.object({
  tenantId: z.string(),
  accountId: z.string(),
  kind: z.string(),
  /** The catalog channel it stands for (e.g. vip_agent_call, dedicated_manager). */
  channel: z.string(),
  /** The staff user who calls (the account's manager), or null: the desk's queue. */
  assigneeId: z.string().nullable(),
  title: z.record(z.string(), z.string()),
  body: z.record(z.string(), z.string()),
  data: z.record(z.string(), z.unknown()),
});
export type TCallTaskPayload = z.infer<typeof ZCallTaskPayload>;
