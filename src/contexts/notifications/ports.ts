/**
 * The notifications context's ports: the `Notifier` it offers every context that tells customers or staff about
 * something (tickets, service requests, incidents, billing), and the R-TKT-6 check it needs for webhooks.
 */
import type { Db } from '../../platform/db.js';
import type { Principal } from '../../platform/http/principal.js';
import type { OutboxEffect } from '../../platform/outbox.js';
import type { TLevel, TNames } from '../../domain/catalog/catalog-schema.js';
import type { AccountRow } from '../accounts/index.js';
import type { WebhookEntitlement } from './use-cases/deliver-webhook.js';
import type { NoticeMail } from './use-cases/notify.js';

export interface CustomerNotice {
  readonly account: Pick<AccountRow, 'id' | 'tenantId' | 'email' | 'region' | 'locale'> &
    Partial<Pick<AccountRow, 'tamUserId'>>;
  readonly level: TLevel | null;
  readonly kind: string;
  readonly dedupeKey: string;
  readonly title: TNames;
  readonly body: TNames;
  readonly data: Record<string, unknown>;
  /** `occurredAt`: the event's own time (the body's `timestamp`), when it is not the dispatch time. */
  readonly webhookEvent?: { type: string; payload: Record<string, unknown>; occurredAt?: Date };
  /** Only the ITSM webhook (e.g. the customer's own reply: no message or mail back to them). */
  readonly webhookOnly?: boolean;
  /** The mail's deep link, thread and author (R-NTF-1). */
  readonly mail?: NoticeMail;
  /** The message center and the webhook only (a status change a reply caused: the reply is the mail). */
  readonly quiet?: boolean;
  /** Catalog channels beyond the level's (incident notices: the catalog's `incidents.notifications`). */
  readonly extraChannels?: readonly string[];
  /** A call task per `staff_call` channel of the level (Tianyi 割接、故障通知 by 专席人工 / 专属经理人工). */
  readonly staffCall?: boolean;
}

export interface StaffNotice {
  readonly userIds: string[];
  readonly tenantId: string;
  readonly kind: string;
  readonly dedupeKey: string;
  readonly title: TNames;
  readonly body: TNames;
  readonly data: Record<string, unknown>;
}

/** The notification policy (R-NTF-1) as outbox effects the caller writes in its own transaction. */
export interface Notifier {
  customer(notice: CustomerNotice): OutboxEffect[];
  staff(notice: StaffNotice): OutboxEffect[];
  /** True when a webhook-only notice of `event` to this account would reach nobody (no endpoint subscribed). */
  silent?(db: Db, account: { id: string; tenantId: string }, event: string): Promise<boolean>;
}

/** R-TKT-6: webhooks are part of the ticket management API (the subscriptions module answers from the plan). */
export interface TicketApiAccess {
  /** Whether the account's level includes it now; asked at each delivery. */
  readonly entitlement: WebhookEntitlement;
  /**
   * Refuses (NOT_ENTITLED) a customer's API key whose account's level does not include it. Called after the
   * visibility check, so another tenant's account is NOT_FOUND first.
   */
  require(principal: Principal, account: AccountRow): Promise<void>;
}
