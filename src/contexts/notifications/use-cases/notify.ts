/**
 * R-NTF-1: which channels one event reaches, as outbox effects the caller writes in its own transaction.
 * Every account has the message center; email and SMS/phone follow the level's `notifications` minus the
 * region's exclusions (R-CAT-5, e.g. `notification:phone` in eu-west-0), delivered by each channel's kind (catalog
 * `notificationChannels[].kind`, not its id); a webhook event fans out to the account's endpoints (R-TKT-6). Staff get the same events in their own inbox. Pure: no I/O, no clock.
 */
import type { Db } from '../../../platform/db.js';
import { WebhookIndex } from './webhook-index.js';
import type { OutboxEffect } from '../../../platform/outbox.js';
import type { Catalog } from '../../../domain/catalog/catalog.js';
import type { NotificationKind, TLevel, TNames } from '../../../domain/catalog/catalog-schema.js';
import {
  CALL_TASK_TOPIC,
  EMAIL_TOPIC,
  SMS_TOPIC,
  type TCallTaskPayload,
  WEBHOOK_FANOUT_TOPIC,
  type TEmailPayload,
  type TSmsPayload,
  type TWebhookFanoutPayload,
} from '../domain/effects.js';
import { isOptionalKind } from '../domain/kinds.js';
import { messageEffect } from '../domain/message.js';
import { isWebhookEvent, webhookEventId } from '../domain/webhook.js';

export interface NotifiedAccount {
  readonly id: string;
  readonly tenantId: string;
  readonly email: string;
  readonly region: string;
  readonly locale: string;
  /** One number for the SMS/phone channel; without it the account's phone numbers are read when it is sent. */
  readonly phone?: string | null;
  /** The account's TAM / dedicated manager: the staff member who makes an `account_manager` call. */
  readonly tamUserId?: string | null;
}

/** How the notice reads as a mail (R-NTF-1): a deep link, the thread it belongs to, who wrote it. */
export interface NoticeMail {
  /** The console path of the object (`/tickets/tkt_…`); default: the message center. */
  readonly link?: string | null;
  /** The mails of one object thread (`ticket:tkt_…`). */
  readonly threadKey?: string;
  /** This mail starts the thread (the ticket's acknowledgement): it carries the root Message-ID. */
  readonly threadStart?: boolean;
  /** The subject every mail of the thread shares (clients thread by subject too); default: the title. */
  readonly subject?: TNames;
  /** Whose words these are (the replying engineer's name). */
  readonly actorName?: string | null;
}

export interface AccountNotificationInput {
  readonly catalog: Catalog;
  readonly account: NotifiedAccount;
  /** The account's effective level; null when it has no plan. */
  readonly level: TLevel | null;
  readonly kind: string;
  /** Makes every effect of this notification happen once, e.g. `ticket:tkt_…:reply:rpl_…`. */
  readonly dedupeKey: string;
  readonly title: TNames;
  readonly body: TNames;
  readonly data?: Record<string, unknown>;
  /** R-TKT-6: also tell the account's webhook endpoints subscribed to `type` (one of WEBHOOK_EVENTS). */
  readonly webhookEvent?: {
    readonly type: string;
    readonly payload: Record<string, unknown>;
    readonly occurredAt?: Date;
  };
  /** Only the webhook event, no message or mail (e.g. the customer's own reply, told to its ITSM system only). */
  readonly webhookOnly?: boolean;
  readonly mail?: NoticeMail;
  /** The message center and the webhook only: another notice of the same cause goes out on the other channels. */
  readonly quiet?: boolean;
  /** Catalog channels this event takes beyond the level's (incident notices: `incidents.notifications`). */
  readonly extraChannels?: readonly string[];
  /** Staff tell the account by phone on the level's `staff_call` channels (seed 004 §1.4 割接、故障通知). */
  readonly staffCall?: boolean;
}

/** Channel kinds that go through the phone gateway (a catalog may have either or both). */
const PHONE_KINDS: readonly NotificationKind[] = ['sms', 'phone'];

/**
 * The notification channels (catalog ids) an account reaches: its level's, minus the region's exclusions. Without a
 * plan: the catalog's email channel where it has one (R-NTF-1 lists email for every account). The message center is
 * every account's, whatever the level or region lists, and is not among these.
 */
export function notificationChannels(
  catalog: Catalog,
  level: TLevel | null,
  region: string,
  extra: readonly string[] = [],
): string[] {
  if (!level)
    return catalog.def.notificationChannels.filter((n) => catalog.notificationKind(n.id) === 'email').map((n) => n.id);
  const excluded = catalog.exclusionsFor(level, region);
  return [...new Set([...level.notifications, ...extra])].filter((c) => !excluded.has(`notification:${c}`));
}

/**
 * How those channels are delivered (R-NTF-1): by each channel's `kind`, never by its id, so a catalog may call its
 * channels anything (`mail`, `pager`). Always the message center.
 */
export function notificationKinds(
  catalog: Catalog,
  level: TLevel | null,
  region: string,
  extra: readonly string[] = [],
): Set<NotificationKind> {
  const kinds = new Set<NotificationKind>(['message_center']);
  for (const id of notificationChannels(catalog, level, region, extra)) {
    const kind = catalog.notificationKind(id);
    if (kind) kinds.add(kind);
  }
  return kinds;
}

/** The text in the account's locale, else the catalog's first locale, else English. */
export function localized(names: TNames, locale: string, catalog: Catalog): string {
  const own = (names as Record<string, string | undefined>)[locale];
  return own ?? names[catalog.def.locales[0] ?? 'en-US'] ?? names['en-US'];
}

export function accountNotificationEffects(input: AccountNotificationInput): OutboxEffect[] {
  const { catalog, account, kind, dedupeKey } = input;
  const channels = input.webhookOnly
    ? new Set<NotificationKind>()
    : input.quiet
      ? new Set<NotificationKind>(['message_center'])
      : notificationKinds(catalog, input.level, account.region, input.extraChannels);
  const locale = (catalog.def.locales as readonly string[]).includes(account.locale)
    ? account.locale
    : (catalog.def.locales[0] ?? 'en-US');
  const title = localized(input.title, locale, catalog);
  const body = localized(input.body, locale, catalog);
  const effects: OutboxEffect[] = [];
  if (channels.has('message_center')) {
    effects.push(
      messageEffect({
        tenantId: account.tenantId,
        accountId: account.id,
        kind,
        dedupeKey,
        title: input.title,
        body: input.body,
        data: input.data ?? {},
      }),
    );
  }
  if (channels.has('email')) {
    const mail = input.mail ?? {};
    const threadSubject = mail.subject ? localized(mail.subject, locale, catalog) : null;
    const payload: TEmailPayload = {
      tenantId: account.tenantId,
      accountId: account.id,
      kind,
      locale,
      to: account.email,
      // Every mail of a thread has the thread's subject (Re: after the first), as clients group them.
      subject: threadSubject ? (mail.threadStart ? threadSubject : `Re: ${threadSubject}`) : title,
      text: body,
      notice: {
        title,
        body,
        linkPath: mail.link === undefined ? '/messages' : mail.link,
        actorName: mail.actorName ?? null,
        threadKey: mail.threadKey ?? null,
        threadStart: mail.threadStart ?? false,
        messageKey: dedupeKey,
        optional: isOptionalKind(kind),
      },
    };
    effects.push({ topic: EMAIL_TOPIC, dedupeKey: `email:${dedupeKey}`, tenantId: account.tenantId, payload });
  }
  const phoneChannels = PHONE_KINDS.filter((c) => channels.has(c));
  if (phoneChannels.length) {
    const payload: TSmsPayload = {
      tenantId: account.tenantId,
      accountId: account.id,
      kind,
      locale,
      to: account.phone ?? null,
      channels: [...phoneChannels],
      text: `${title}\n${body}`,
    };
    effects.push({ topic: SMS_TOPIC, dedupeKey: `sms:${dedupeKey}`, tenantId: account.tenantId, payload });
  }
  if (input.staffCall && !input.webhookOnly && input.level) {
    for (const id of notificationChannels(catalog, input.level, account.region)) {
      const def = catalog.def.notificationChannels.find((n) => n.id === id);
      if (catalog.notificationKind(id) !== 'staff_call' || !def) continue;
      const payload: TCallTaskPayload = {
        tenantId: account.tenantId,
        accountId: account.id,
        kind,
        channel: id,
        assigneeId: def.callBy === 'account_manager' ? (account.tamUserId ?? null) : null,
        title: input.title as Record<string, string>,
        body: input.body as Record<string, string>,
        data: input.data ?? {},
      };
      effects.push({
        topic: CALL_TASK_TOPIC,
        dedupeKey: `call:${dedupeKey}:${id}`,
        tenantId: account.tenantId,
        payload,
      });
    }
  }
  if (input.webhookEvent) {
    const { type, payload: data, occurredAt } = input.webhookEvent;
    // A typo in an event type would silently reach nobody: refuse it where it is written.
    if (!isWebhookEvent(type)) throw new Error(`unknown webhook event type "${type}"`);
    const payload: TWebhookFanoutPayload = {
      tenantId: account.tenantId,
      accountId: account.id,
      eventId: webhookEventId(dedupeKey),
      type,
      timestamp: occurredAt?.toISOString() ?? null,
      data,
    };
    effects.push({ topic: WEBHOOK_FANOUT_TOPIC, dedupeKey: `whk:${dedupeKey}`, tenantId: account.tenantId, payload });
  }
  return effects;
}

export interface StaffNotificationInput {
  /** The tenant of the account the message concerns (it scopes the row). */
  readonly tenantId: string;
  /** The account it concerns; default: the tenant's root account (whose id is the tenant id). */
  readonly accountId?: string;
  readonly userIds: readonly string[];
  readonly kind: string;
  readonly dedupeKey: string;
  readonly title: TNames;
  readonly body: TNames;
  readonly data?: Record<string, unknown>;
}

/** One message in each staff user's inbox (`GET /api/v1/users/me/messages`), once per user and key. */
export function staffNotificationEffects(input: StaffNotificationInput): OutboxEffect[] {
  return [...new Set(input.userIds)].map((userId) =>
    messageEffect({
      tenantId: input.tenantId,
      accountId: input.accountId ?? input.tenantId,
      recipientUserId: userId,
      kind: input.kind,
      dedupeKey: `${input.dedupeKey}:to:${userId}`,
      title: input.title,
      body: input.body,
      data: input.data ?? {},
    }),
  );
}

/**
 * The policy as the Notifier port for other contexts: `customer` is accountNotificationEffects with this catalog,
 * `staff` is staffNotificationEffects, `silent` asks the app's webhook index (a fresh one when none is given).
 */
export function notificationPolicy(catalog: Catalog, webhookIndex: WebhookIndex = new WebhookIndex()) {
  return {
    customer: (notice: Omit<AccountNotificationInput, 'catalog'>): OutboxEffect[] =>
      accountNotificationEffects({ ...notice, catalog }),
    staff: (notice: StaffNotificationInput): OutboxEffect[] => staffNotificationEffects(notice),
    silent: async (db: Db, account: { id: string; tenantId: string }, event: string): Promise<boolean> =>
      (await webhookIndex.subscribed(db, account.tenantId, account.id, event)).length === 0,
  };
}
