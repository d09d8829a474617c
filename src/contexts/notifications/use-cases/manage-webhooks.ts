/**
 * R-TKT-6: a customer's ITSM system registers webhook endpoints for ticket and service request changes.
 * Visibility first (another tenant's account or endpoint is NOT_FOUND), then the caller's `ticket_api` check
 * (passed in by the route), then the role: the account's owner or the provider admin manage endpoints; anyone
 * who sees the account reads them and their delivery log. The secret is shown once, at creation.
 */
import { inTransaction, type Deps } from '../../../platform/deps.js';
import { DomainError, notFound, validationFailed } from '../../../platform/errors.js';
import type { Principal } from '../../../platform/http/principal.js';
import { newId } from '../../../platform/ids.js';
import { pageOf, type TPageQuery } from '../../../platform/pagination.js';
import { insertAuditEvent } from '../../../platform/store/audit.js';
import { isOwnerOf, type AccountRow } from '../../accounts/index.js';
import { loadVisibleAccount } from '../../accounts/index.js';
import { isWebhookEvent, newWebhookSecret, WEBHOOK_EVENTS } from '../domain/webhook.js';
import { webhookUrlProblem } from '../domain/webhook-target.js';
import {
  countActiveWebhooks,
  disableWebhook,
  findWebhook,
  insertWebhook,
  pageActiveWebhooks,
  pageWebhookDeliveries,
  type WebhookDeliveryRow,
  type WebhookRow,
} from '../store/webhook-store.js';

/** Called after visibility, before anything else: the route's R-TKT-6 `ticket_api` check. */
export type AccountGuard = (account: AccountRow) => Promise<void>;

/** Endpoints per account: each event is one delivery per endpoint. */
export const MAX_WEBHOOKS_PER_ACCOUNT = 20;

export function webhookView(w: WebhookRow) {
  return {
    id: w.id,
    accountId: w.accountId,
    url: w.url,
    events: w.events,
    active: w.active,
    createdAt: w.createdAt.toISOString(),
    disabledAt: w.disabledAt?.toISOString() ?? null,
  };
}

export function webhookDeliveryView(d: WebhookDeliveryRow) {
  return {
    id: d.id,
    webhookId: d.webhookId,
    eventId: d.eventId,
    eventType: d.eventType,
    attempt: d.attempt,
    statusCode: d.statusCode,
    error: d.error,
    durationMs: d.durationMs,
    succeeded: d.succeeded,
    createdAt: d.createdAt.toISOString(),
  };
}

async function visibleAccount(
  deps: Deps,
  principal: Principal,
  accountId: string,
  guard: AccountGuard | undefined,
): Promise<AccountRow> {
  const account = await loadVisibleAccount(deps.db, principal, accountId);
  if (guard) await guard(account);
  return account;
}

function requireManager(principal: Principal, account: AccountRow): void {
  if (principal.role !== 'provider_admin' && !isOwnerOf(principal, account))
    throw new DomainError('FORBIDDEN', { requiredRole: 'customer_owner' });
}

/**
 * The URL as stored, or VALIDATION_FAILED (`body.url`). Unless `allowPrivate` (TIERDESK_WEBHOOK_ALLOW_PRIVATE): https
 * only, and no loopback/private/link-local/unique-local/unspecified address literal nor `localhost` (SSRF); a name
 * that resolves to such an address is refused at each delivery.
 */
export function checkWebhookUrl(raw: string, allowPrivate = false): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw validationFailed([
      { path: 'body.url', message: allowPrivate ? 'an absolute http(s) URL' : 'an absolute https URL' },
    ]);
  }
  const problem = webhookUrlProblem(url, allowPrivate);
  if (problem) throw validationFailed([{ path: 'body.url', message: problem }]);
  return url.toString();
}

export async function createWebhook(
  deps: Deps,
  principal: Principal,
  accountId: string,
  input: { url: string; events?: string[] | undefined },
  guard?: AccountGuard,
) {
  const account = await visibleAccount(deps, principal, accountId, guard);
  requireManager(principal, account);
  const url = checkWebhookUrl(input.url, deps.config.webhookAllowPrivate);
  const unknown = (input.events ?? []).filter((e) => !isWebhookEvent(e));
  if (unknown.length)
    throw validationFailed([
      {
        path: 'body.events',
        message: `unknown event type(s) ${unknown.join(', ')}; one of ${WEBHOOK_EVENTS.join(', ')}`,
      },
    ]);
  const events = input.events?.length ? WEBHOOK_EVENTS.filter((e) => input.events!.includes(e)) : [...WEBHOOK_EVENTS];
  const now = deps.clock.now();
  const id = newId('whk', now.getTime());
  const secret = newWebhookSecret();
  const row = await inTransaction(deps, async (tx) => {
    // The account row's lock serialises concurrent creations, so the cap holds exactly.
    await loadVisibleAccount(tx, principal, account.id, { forUpdate: true });
    const n = await countActiveWebhooks(tx, { tenantId: account.tenantId, accountId: account.id });
    if (n >= MAX_WEBHOOKS_PER_ACCOUNT)
      throw new DomainError('QUOTA_EXCEEDED', { quota: 'webhooks', limit: MAX_WEBHOOKS_PER_ACCOUNT, used: n });
    const created = await insertWebhook(tx, {
      id,
      tenantId: account.tenantId,
      accountId: account.id,
      url,
      secret,
      events,
      active: true,
      createdAt: now,
    });
    await insertAuditEvent(tx, {
      tenantId: account.tenantId,
      actor: principal.id,
      action: 'webhook.created',
      objectId: id,
      data: { accountId: account.id, url, events },
      at: now,
    });
    return created;
  });
  return { ...webhookView(row), secret };
}

export async function listWebhooks(
  deps: Deps,
  principal: Principal,
  accountId: string,
  query: TPageQuery,
  guard?: AccountGuard,
) {
  const account = await visibleAccount(deps, principal, accountId, guard);
  const { rows, total } = await pageActiveWebhooks(
    deps.db,
    { tenantId: account.tenantId, accountId: account.id },
    { offset: (query.page - 1) * query.pageSize, limit: query.pageSize },
  );
  return pageOf(rows.map(webhookView), query, total);
}

async function loadWebhook(deps: Deps, account: AccountRow, webhookId: string): Promise<WebhookRow> {
  const row = await findWebhook(deps.db, { tenantId: account.tenantId, accountId: account.id, id: webhookId });
  if (!row) throw notFound('webhook', webhookId);
  return row;
}

/** Disables the endpoint (its delivery log stays readable); pending deliveries to it are dropped. Repeating it changes nothing. */
export async function deleteWebhook(
  deps: Deps,
  principal: Principal,
  accountId: string,
  webhookId: string,
  guard?: AccountGuard,
) {
  const account = await visibleAccount(deps, principal, accountId, guard);
  const existing = await loadWebhook(deps, account, webhookId);
  requireManager(principal, account);
  if (!existing.active) return webhookView(existing);
  const now = deps.clock.now();
  const row = await inTransaction(deps, async (tx) => {
    const updated = await disableWebhook(tx, { tenantId: account.tenantId, id: webhookId }, now);
    await insertAuditEvent(tx, {
      tenantId: account.tenantId,
      actor: principal.id,
      action: 'webhook.deleted',
      objectId: webhookId,
      data: { accountId: account.id },
      at: now,
    });
    return updated;
  });
  return webhookView(row);
}

export async function listWebhookDeliveries(
  deps: Deps,
  principal: Principal,
  accountId: string,
  webhookId: string,
  query: TPageQuery,
  guard?: AccountGuard,
) {
  const account = await visibleAccount(deps, principal, accountId, guard);
  const hook = await loadWebhook(deps, account, webhookId);
  const { rows, total } = await pageWebhookDeliveries(
    deps.db,
    { tenantId: account.tenantId, webhookId: hook.id },
    { offset: (query.page - 1) * query.pageSize, limit: query.pageSize },
  );
  return pageOf(rows.map(webhookDeliveryView), query, total);
}
