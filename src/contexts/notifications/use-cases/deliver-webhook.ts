/**
 * Outbox handler for `webhook.deliver` (R-TKT-6): POSTs `{ type, timestamp, data }` to one endpoint, signed as
 * Standard Webhooks says, with a 10 s timeout. Every attempt is logged in webhook_deliveries; anything but a 2xx
 * (redirects included) throws, so the outbox retries with exponential backoff and parks the effect after its
 * last attempt. An endpoint deleted in the meantime gets nothing; one that already took the event is not sent it
 * again (a replayed effect).
 *
 * Two refusals are logged once and not retried, without any request:
 * - the account's level no longer includes the ticket management API (`ticket_api`: a downgrade, an expiry, or an
 *   endpoint the admin registered for an account without it) — webhooks are part of that API;
 * - unless TIERDESK_WEBHOOK_ALLOW_PRIVATE is on, the host resolves to a loopback, private, link-local or
 *   unique-local address (SSRF). The host is resolved once per attempt and the connection is made to exactly the
 *   addresses that were checked, so a name cannot answer a public address to the check and a private one to the
 *   connection (DNS rebinding).
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { Db } from '../../../platform/db.js';
import { newId } from '../../../platform/ids.js';
import type { Logger } from '../../../platform/logger.js';
import type { OutboxBatch, OutboxHandler, OutboxMeta } from '../../../platform/outbox.js';
import { ZWebhookDeliverPayload } from '../domain/effects.js';
import { signWebhook, webhookBody } from '../domain/webhook.js';
import { bareHost, resolvedAddressProblem } from '../domain/webhook-target.js';
import {
  findWebhook,
  findWebhooks,
  hasSucceededDelivery,
  insertWebhookDeliveries,
  insertWebhookDelivery,
  succeededDeliveries,
  type WebhookDeliveryRow,
  type WebhookRow,
} from '../store/webhook-store.js';

export const WEBHOOK_TIMEOUT_MS = 10_000;

export interface ResolvedAddress {
  readonly address: string;
  /** 4 or 6. */
  readonly family: number;
}

/** Every address a host name resolves to (as `dns.lookup(host, { all: true })`). */
export type WebhookLookup = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemLookup: WebhookLookup = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/** Whether the account's level (now) includes webhooks, i.e. the ticket management API (R-TKT-6). */
export type WebhookEntitlement = (
  account: { tenantId: string; accountId: string },
  now: Date,
) => Promise<{ entitled: boolean; level: string | null }>;

export interface WebhookDelivererDeps {
  readonly db: Db;
  readonly log: Logger;
  /** The R-TKT-6 check at delivery time; without it every account is taken as entitled (context tests). */
  readonly entitlement?: WebhookEntitlement;
  /** TIERDESK_WEBHOOK_ALLOW_PRIVATE: allow loopback/private targets (tests, local development). */
  readonly allowPrivate?: boolean;
  /** Resolves host names (default: the system resolver). */
  readonly lookup?: WebhookLookup;
  readonly timeoutMs?: number;
  /**
   * The wall clock for `webhook-timestamp`. NOTE: not the app Clock: receivers compare this header with their own
   * time to refuse replays, so it is the real time of the attempt even under --test-clock. The body's `timestamp`
   * is the event's time on the app Clock.
   */
  readonly wallClockMs?: () => number;
}

/** A delivery that is not attempted, logged once and not retried. */
class Refused extends Error {}

/**
 * One delivery (a batch of one) and, as `batch`, a dispatched batch's deliveries (issue 17): their endpoints and
 * earlier successes read once for all of them, the attempts logged in one INSERT after the last (before the batch
 * is acknowledged; a crash in between sends them again, with the same `webhook-id` receivers drop duplicates by).
 */
export type WebhookDeliverer = OutboxHandler & {
  readonly batch: (rows: readonly { payload: Record<string, unknown> }[]) => Promise<OutboxBatch>;
};

/** What a delivery reads and where it logs its attempt. */
interface DeliveryBook {
  webhook(key: { tenantId: string; id: string }): Promise<WebhookRow | undefined>;
  hasSucceeded(webhookId: string, eventId: string): Promise<boolean>;
  attempted(row: WebhookDeliveryRow): Promise<void>;
}

export function createWebhookDeliverer(deps: WebhookDelivererDeps): WebhookDeliverer {
  const { db, log } = deps;
  const lookup = deps.lookup ?? systemLookup;
  const timeoutMs = deps.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  const wallClockMs = deps.wallClockMs ?? Date.now;
  const allowPrivate = deps.allowPrivate ?? false;

  /** The addresses to connect to: the literal, or every address of the name, each checked unless allowed. */
  async function resolveTarget(url: URL): Promise<ResolvedAddress[]> {
    const host = bareHost(url);
    const family = isIP(host);
    let addresses: ResolvedAddress[];
    if (family) addresses = [{ address: host, family }];
    else {
      try {
        addresses = await lookup(host);
      } catch (err) {
        const e = err as NodeJS.ErrnoException;
        throw new Error(`could not resolve ${host}: ${e.code ?? e.message}`, { cause: err });
      }
    }
    if (!allowPrivate) {
      const problem = resolvedAddressProblem(
        host,
        addresses.map((a) => a.address),
      );
      if (problem) throw new Refused(problem);
    }
    if (addresses.length === 0) throw new Error(`could not resolve ${host}: no address`);
    return addresses;
  }

  const single: DeliveryBook = {
    webhook: (key) => findWebhook(db, key),
    hasSucceeded: (webhookId, eventId) => hasSucceededDelivery(db, webhookId, eventId),
    attempted: (row) => insertWebhookDelivery(db, row),
  };

  const deliver = async (raw: Record<string, unknown>, meta: OutboxMeta, book: DeliveryBook): Promise<void> => {
    const p = ZWebhookDeliverPayload.parse(raw);
    const hook = await book.webhook({ tenantId: p.tenantId, id: p.webhookId });
    if (!hook || !hook.active) return;
    if (await book.hasSucceeded(hook.id, p.eventId)) return;

    const body = webhookBody(p.type, p.timestamp, p.data);
    const timestampSeconds = Math.floor(wallClockMs() / 1000);
    const started = performance.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    let isRefused = false;
    try {
      if (deps.entitlement) {
        const { entitled, level } = await deps.entitlement(
          { tenantId: hook.tenantId, accountId: hook.accountId },
          meta.now,
        );
        if (!entitled) {
          throw new Refused(
            `not entitled: the account's level (${level ?? 'none'}) does not include the ticket management API (ticket_api), so its webhooks are not delivered`,
          );
        }
      }
      const url = new URL(hook.url);
      const addresses = await resolveTarget(url);
      statusCode = await post(url, addresses, {
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Tierdesk-Webhooks/1',
          'webhook-id': p.eventId,
          'webhook-timestamp': String(timestampSeconds),
          'webhook-signature': signWebhook(hook.secret, p.eventId, timestampSeconds, body),
        },
        body,
        timeoutMs,
      });
      if (statusCode < 200 || statusCode > 299) error = `HTTP ${statusCode}`;
    } catch (err) {
      const e = err as Error;
      isRefused = e instanceof Refused;
      error = isRefused || e instanceof TimedOut ? e.message : describe(e);
    }
    const durationMs = Math.round(performance.now() - started);
    await book.attempted({
      id: newId('whd', meta.now.getTime()),
      tenantId: p.tenantId,
      webhookId: hook.id,
      eventId: p.eventId,
      eventType: p.type,
      attempt: meta.attempts,
      statusCode,
      error,
      durationMs,
      succeeded: error === null,
      createdAt: meta.now,
    });
    if (isRefused) {
      log.warn({ webhookId: hook.id, eventId: p.eventId, err: error }, 'webhook delivery refused');
      return;
    }
    if (error !== null) {
      log.warn(
        { webhookId: hook.id, eventId: p.eventId, attempt: meta.attempts, statusCode, err: error },
        'webhook delivery failed',
      );
      throw new Error(`webhook ${hook.id}: ${error}`);
    }
  };

  const handle: OutboxHandler = (raw, meta) => deliver(raw, meta, single);
  const batch = async (rows: readonly { payload: Record<string, unknown> }[]): Promise<OutboxBatch> => {
    // A payload that does not parse is refused by its own row.
    const payloads = rows.flatMap((r) => {
      const p = ZWebhookDeliverPayload.safeParse(r.payload);
      return p.success ? [p.data] : [];
    });
    const hooks = await findWebhooks(
      db,
      payloads.map((p) => ({ tenantId: p.tenantId, id: p.webhookId })),
    );
    const succeeded = await succeededDeliveries(
      db,
      payloads.filter((p) => hooks.has(p.webhookId)).map((p) => ({ webhookId: p.webhookId, eventId: p.eventId })),
    );
    const attempts: WebhookDeliveryRow[] = [];
    const book: DeliveryBook = {
      webhook: async (key) => {
        const hook = hooks.get(key.id);
        return hook?.tenantId === key.tenantId ? hook : undefined;
      },
      hasSucceeded: async (webhookId, eventId) => succeeded.has(`${webhookId} ${eventId}`),
      attempted: async (row) => void attempts.push(row),
    };
    return { handle: (raw, meta) => deliver(raw, meta, book), finish: () => insertWebhookDeliveries(db, attempts) };
  };
  return Object.assign(handle, { batch });
}

class TimedOut extends Error {}

/**
 * One POST to `url`, connected to one of `addresses` (never resolved again), redirects not followed; resolves to the
 * status code once the answer's head is in. The answer's body is drained, not read.
 */
function post(
  url: URL,
  addresses: readonly ResolvedAddress[],
  opts: { headers: Record<string, string>; body: string; timeoutMs: number },
): Promise<number> {
  const pinned: LookupFunction = (_hostname, options, callback) => {
    if (options.all) (callback as (err: null, all: ResolvedAddress[]) => void)(null, [...addresses]);
    else {
      const first = addresses.find((a) => !options.family || a.family === options.family) ?? addresses[0]!;
      callback(null, first.address, first.family);
    }
  };
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<number>((resolve, reject) => {
    const req = send({
      protocol: url.protocol,
      hostname: bareHost(url),
      port: url.port || undefined,
      path: `${url.pathname}${url.search}`,
      method: 'POST',
      headers: { ...opts.headers, 'content-length': String(Buffer.byteLength(opts.body)) },
      lookup: pinned,
    });
    // The whole exchange, connection included, within the timeout.
    const timer = setTimeout(() => req.destroy(new TimedOut(`timed out after ${opts.timeoutMs} ms`)), opts.timeoutMs);
    req.on('response', (res) => {
      res.on('error', () => undefined);
      res.on('close', () => clearTimeout(timer));
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    req.end(opts.body);
  });
}

/** A connection error as its code (ECONNREFUSED…), not the address it was made to. */
function describe(e: Error): string {
  const code = (e as NodeJS.ErrnoException).code;
  return (code ? `connection failed: ${code}` : e.message).slice(0, 2000);
}
