/**
 * The notifications context's wiring (STYLE §9): its outbox handlers and its routes, for app/build-app.ts.
 *
 *   const notifications = wireNotifications(deps);
 *   notifications.registerHandlers(outbox);            // message.create, email.send, sms.send, webhook.*
 *   notifications.registerRoutes(http, { requireTicketApi });
 *   ticketsDeps(deps, { …, notifier: notifications.notifier });
 *   … on close: await notifications.close();           // the pooled SMTP transport
 */
import type { App } from '../../app/http-types.js';
import type { Deps } from '../../platform/deps.js';
import { runEffectInline, type OutboxDispatcher } from '../../platform/outbox.js';
import {
  EMAIL_TOPIC,
  MESSAGE_TOPIC,
  SMS_TOPIC,
  WEBHOOK_DELIVER_TOPIC,
  WEBHOOK_FANOUT_TOPIC,
} from './domain/effects.js';
import { registerNotificationRoutes } from './http/routes.js';
import { registerWebhookRoutes, type WebhookRouteOptions } from './http/webhook-routes.js';
import { deliverMessage } from './use-cases/deliver-message.js';
import { createWebhookDeliverer, type WebhookEntitlement, type WebhookLookup } from './use-cases/deliver-webhook.js';
import { fanOutWebhookEvent } from './use-cases/fan-out-webhook.js';
import { notificationPolicy } from './use-cases/notify.js';
import { createEmailSender } from './use-cases/send-email.js';
import { createSmsSender } from './use-cases/send-sms.js';

export interface NotificationsWiring {
  /** Registers every topic of this context on the dispatcher. */
  registerHandlers(outbox: OutboxDispatcher): void;
  /** The message center, the staff inbox and the webhook routes. */
  registerRoutes(app: App, opts?: WebhookRouteOptions): void;
  /** The notification policy for other contexts (the tickets context's TicketNotifier port). */
  readonly notifier: ReturnType<typeof notificationPolicy>;
  /** Closes the pooled SMTP connections. */
  close(): Promise<void>;
}

export interface NotificationsDeps extends Deps {
  /**
   * R-TKT-6: whether an account's level includes webhooks (the ticket management API) now, asked at each delivery.
   * The composition root answers from the account's effective plan.
   */
  readonly webhookEntitlement: WebhookEntitlement;
  /** Tests: a fetch for the SMS gateway (default: node's). */
  readonly fetch?: typeof fetch;
  /** Tests: how webhook hosts resolve (default: the system resolver). */
  readonly lookup?: WebhookLookup;
  /** Tests: the wall clock stamped in `webhook-timestamp` (default: Date.now). */
  readonly wallClockMs?: () => number;
}

export function wireNotifications(deps: NotificationsDeps): NotificationsWiring {
  const { db, log, config } = deps;
  const email = createEmailSender({ db, config, log });
  const withFetch = deps.fetch ? { fetch: deps.fetch } : {};
  return {
    registerHandlers(outbox) {
      outbox.on(MESSAGE_TOPIC, (payload, meta) => deliverMessage(db, payload, `outbox:${meta.id}`, meta.now));
      // Database-only effects run in the causing transaction (no dispatch round trip); rows written before, or
      // delayed, still go through the handlers above.
      runEffectInline(MESSAGE_TOPIC, async (tx, effect, now) => {
        await deliverMessage(tx, effect.payload, effect.dedupeKey, now);
        return 0;
      });
      runEffectInline(WEBHOOK_FANOUT_TOPIC, (tx, effect, now) => fanOutWebhookEvent(tx, effect.payload, now));
      outbox.on(EMAIL_TOPIC, email.handle);
      outbox.on(SMS_TOPIC, createSmsSender({ db, smsWebhookUrl: config.smsWebhookUrl, log, ...withFetch }));
      outbox.on(WEBHOOK_FANOUT_TOPIC, async (payload, meta) => void (await fanOutWebhookEvent(db, payload, meta.now)));
      outbox.on(
        WEBHOOK_DELIVER_TOPIC,
        createWebhookDeliverer({
          db,
          log,
          entitlement: deps.webhookEntitlement,
          allowPrivate: config.webhookAllowPrivate,
          ...(deps.lookup ? { lookup: deps.lookup } : {}),
          ...(deps.wallClockMs ? { wallClockMs: deps.wallClockMs } : {}),
        }),
      );
    },
    registerRoutes(app, opts = {}) {
      registerNotificationRoutes(app, deps);
      registerWebhookRoutes(app, deps, opts);
    },
    notifier: notificationPolicy(deps.catalog),
    close: () => email.close(),
  };
}
