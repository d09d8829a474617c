/**
 * The notifications module (platform/module.ts): the message center, mail, SMS/phone and webhooks as outbox
 * handlers, the message and webhook routes, the app's webhook index, and the `Notifier` other modules are given.
 */
import type { Deps } from '../../platform/deps.js';
import type { Module } from '../../platform/module.js';
import {
  CALL_TASK_TOPIC,
  EMAIL_TOPIC,
  mailEffect,
  MESSAGE_TOPIC,
  SMS_TOPIC,
  WEBHOOK_DELIVER_TOPIC,
  WEBHOOK_FANOUT_TOPIC,
  type OutgoingMail,
} from './domain/effects.js';
import { randomBytes } from 'node:crypto';
import type { OutboxEffect } from '../../platform/outbox.js';
import { registerPreferenceRoutes } from './http/preference-routes.js';
import { registerNotificationRoutes } from './http/routes.js';
import { callTaskWrite, deliverCallTask } from './use-cases/call-tasks.js';
import { mutedByPreferences, type UsersByEmail } from './use-cases/preferences.js';
import { registerWebhookRoutes } from './http/webhook-routes.js';
import type { Notifier, TicketApiAccess } from './ports.js';
import { deliverMessage, messageWrite } from './use-cases/deliver-message.js';
import { createWebhookDeliverer, type WebhookLookup } from './use-cases/deliver-webhook.js';
import { fanOutWebhookEvent, webhookDeliveries } from './use-cases/fan-out-webhook.js';
import { notificationPolicy } from './use-cases/notify.js';
import { createEmailSender } from './use-cases/send-email.js';
import { createSmsSender, type PhoneLookup } from './use-cases/send-sms.js';
import { WebhookIndex } from './use-cases/webhook-index.js';

export interface NotificationsPorts {
  /** Seals the secrets of mails in the outbox (platform/sealed.ts); tests without it get a random key. */
  readonly mailSealKey?: Uint8Array;
  /** R-TKT-6 for webhooks; without it (context tests) every account is entitled and every caller may. */
  readonly ticketApi?: TicketApiAccess;
  /** The account's phone numbers (the accounts context); without it SMS/phone notices without a number are skipped. */
  readonly phones?: PhoneLookup;
  /** Users by sign-in address (the accounts context), for per-user preferences; without it every mail is sent. */
  readonly usersByEmail?: UsersByEmail;
  /** Tests: a fetch for the SMS gateway (default: node's). */
  readonly fetch?: typeof fetch;
  /** Tests: how webhook hosts resolve (default: the system resolver). */
  readonly lookup?: WebhookLookup;
  /** Tests: the wall clock stamped in `webhook-timestamp` (default: Date.now). */
  readonly wallClockMs?: () => number;
}

export interface NotificationsProvides {
  /** The notification policy (R-NTF-1) every context that tells someone something is given. */
  readonly notifier: Notifier;
  /** A mail another context composed (identity's sign-in links), as an email.send effect. */
  readonly mail: (mail: OutgoingMail) => OutboxEffect;
}

export function createNotificationsModule(deps: Deps, ports: NotificationsPorts = {}): Module<NotificationsProvides> {
  const { db, log, config } = deps;
  const webhookIndex = new WebhookIndex();
  const fanOut = { outbox: deps.outbox, webhookIndex };
  const sealKey = ports.mailSealKey ?? randomBytes(32);
  const email = createEmailSender({
    db,
    config,
    log,
    sealKey,
    ...(ports.usersByEmail ? { muted: mutedByPreferences(ports.usersByEmail) } : {}),
  });
  const webhooks = createWebhookDeliverer({
    db,
    log,
    ...(ports.ticketApi ? { entitlement: ports.ticketApi.entitlement } : {}),
    allowPrivate: config.webhookAllowPrivate,
    ...(ports.lookup ? { lookup: ports.lookup } : {}),
    ...(ports.wallClockMs ? { wallClockMs: ports.wallClockMs } : {}),
  });
  return {
    name: 'notifications',
    outboxHandlers: {
      [MESSAGE_TOPIC]: (payload, meta) => deliverMessage(db, payload, `outbox:${meta.id}`, meta.now),
      [EMAIL_TOPIC]: { handle: email.handle, batch: email.batch },
      [SMS_TOPIC]: createSmsSender({
        db,
        smsWebhookUrl: config.smsWebhookUrl,
        log,
        ...(ports.fetch ? { fetch: ports.fetch } : {}),
        ...(ports.phones ? { phones: ports.phones } : {}),
      }),
      [CALL_TASK_TOPIC]: (payload, meta) => deliverCallTask(db, payload, `outbox:${meta.id}`, meta.now),
      [WEBHOOK_FANOUT_TOPIC]: async (payload, meta) => void (await fanOutWebhookEvent(fanOut, db, payload, meta.now)),
      [WEBHOOK_DELIVER_TOPIC]: { handle: webhooks, batch: webhooks.batch },
    },
    // Database-only effects run in the causing transaction (no dispatch round trip); rows written before, or
    // delayed, still go through the handlers above.
    inlineEffects: {
      [MESSAGE_TOPIC]: async (tx, effect, now) => ({
        statement: messageWrite(tx, effect.payload, effect.dedupeKey, now),
      }),
      [WEBHOOK_FANOUT_TOPIC]: (tx, effect, now) => webhookDeliveries(fanOut, tx, effect.payload, now),
      [CALL_TASK_TOPIC]: async (tx, effect, now) => ({
        statement: callTaskWrite(tx, effect.payload, effect.dedupeKey, now),
      }),
    },
    readCaches: [webhookIndex],
    routes(app) {
      registerNotificationRoutes(app, deps);
      registerWebhookRoutes(app, deps, ports.ticketApi);
      registerPreferenceRoutes(app, deps, ports.phones);
    },
    provides: { notifier: notificationPolicy(deps.catalog, webhookIndex), mail: (mail) => mailEffect(sealKey, mail) },
    close: () => email.close(),
  };
}
