/**
 * A notification as an outbox effect (STYLE §6). The message center always gets it; the other channels (email,
 * SMS/phone, webhooks) are added by `accountNotificationEffects` according to the account's level (R-NTF-1).
 */
import type { OutboxEffect } from '../../../platform/effect.js';
import type { TNames } from '../../../domain/catalog/catalog-schema.js';

export const MESSAGE_TOPIC = 'message.create';

export interface MessageInput {
  readonly tenantId: string;
  readonly accountId: string;
  readonly kind: string;
  /** Makes the notification happen once, e.g. `order:ord_…:paid`. */
  readonly dedupeKey: string;
  readonly title: TNames;
  readonly body: TNames;
  readonly data?: Record<string, unknown>;
  /** A staff user's inbox instead of the account's message center (the account is the one it concerns). */
  readonly recipientUserId?: string | null;
}

export function messageEffect(m: MessageInput): OutboxEffect {
  return {
    topic: MESSAGE_TOPIC,
    dedupeKey: `msg:${m.dedupeKey}`,
    tenantId: m.tenantId,
    payload: {
      tenantId: m.tenantId,
      accountId: m.accountId,
      kind: m.kind,
      title: m.title,
      body: m.body,
      data: m.data ?? {},
      ...(m.recipientUserId ? { recipientUserId: m.recipientUserId } : {}),
    },
  };
}
