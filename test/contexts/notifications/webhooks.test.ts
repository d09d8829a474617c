/**
 * R-TKT-6 webhooks: endpoints per account (routes), fan-out once per endpoint, Standard Webhooks signatures checked
 * by a real local receiver, retries with the outbox's exponential backoff, parking, and the delivery log.
 */
import { createServer, isIP, type AddressInfo, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, like, sql } from 'drizzle-orm';
import { DomainError } from '../../../src/platform/errors.js';
import type { OutboxEffect } from '../../../src/platform/outbox.js';
import { outbox } from '../../../src/platform/store/tables.js';
import { ADMIN_PRINCIPAL, type Principal } from '../../../src/platform/http/principal.js';
import { createLogger } from '../../../src/platform/logger.js';
import {
  accountNotificationEffects,
  staffNotificationEffects,
} from '../../../src/contexts/notifications/use-cases/notify.js';
import {
  createWebhookDeliverer,
  type ResolvedAddress,
} from '../../../src/contexts/notifications/use-cases/deliver-webhook.js';
import {
  signWebhook,
  webhookEventId,
  WEBHOOK_EVENTS,
  type WebhookEvent,
} from '../../../src/contexts/notifications/domain/webhook.js';
import { webhookDeliveries } from '../../../src/contexts/notifications/store/tables.js';
import type { AccountRow } from '../../../src/contexts/accounts/domain/account.js';
import { DB_KINDS } from '../../support/databases.js';
import { startStack, type AccountLike, type Stack } from './stack.js';
import { startReceiver, verifyStandardWebhook, type Receiver } from './receivers.js';

const SECOND = 1000;
const title = { 'zh-CN': '工单有更新', 'en-US': 'Ticket updated' };
const body = { 'zh-CN': '请查看。', 'en-US': 'Have a look.' };

it('R-TKT-6 signs exactly as the Standard Webhooks test vector', () => {
  expect(
    signWebhook(
      'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      'msg_p5jXN8AQM9LWM0D4loKWxJek',
      1614265330,
      '{"test": 2432232314}',
    ),
  ).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
});

describe.each(DB_KINDS)('webhooks on %s', (kind) => {
  let s: Stack;
  let rx: Receiver;
  const names = fakeDns();
  /** The R-TKT-6 ticket_api hook, switched per test. */
  let ticketApiGate: ((principal: Principal, account: AccountRow) => Promise<void>) | null = null;
  const gateCalls: string[] = [];

  beforeAll(async () => {
    rx = await startReceiver();
    // The receiver listens on 127.0.0.1: private targets allowed, as in local development.
    s = await startStack(kind, {
      config: { webhookAllowPrivate: true },
      lookup: names.lookup,
      requireTicketApi: async (principal, account) => ticketApiGate?.(principal, account),
    });
  });
  afterAll(async () => {
    await s?.close();
    await rx?.close();
  });

  /** A fresh instant after everything so far. */
  const later = (ms = SECOND) => new Date(s.clock.now().getTime() + ms);

  function event(account: AccountLike, type: string, key: string, at: Date): OutboxEffect[] {
    return accountNotificationEffects({
      catalog: s.catalog,
      account,
      level: s.catalog.level('basic'),
      kind: type,
      dedupeKey: key,
      title,
      body,
      webhookEvent: { type, payload: { ticket: { id: 'tkt_1', status: 'open' } }, occurredAt: at },
    });
  }

  async function hook(api: ReturnType<Stack['as']>, accountId: string, path: string, events?: WebhookEvent[]) {
    const res = await api.post(`/api/v1/accounts/${accountId}/webhooks`, {
      url: rx.url(path),
      ...(events ? { events } : {}),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: string; secret: string; events: string[] };
  }

  it('R-TKT-6 owner creates an endpoint: secret shown once, default all events; list hides secrets; delete disables', async () => {
    const { account, owner, member } = await s.customer();
    const api = s.as(owner);
    const created = await api.post(`/api/v1/accounts/${account.id}/webhooks`, { url: rx.url('/crud') });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      url: rx.url('/crud'),
      events: [...WEBHOOK_EVENTS],
      active: true,
      accountId: account.id,
    });
    expect(created.body.id).toMatch(/^whk_/);
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(created.body.secret.slice(6), 'base64').length).toBeGreaterThanOrEqual(24);
    expect(Date.parse(created.body.createdAt)).toBe(s.clock.now().getTime());

    const some = await api.post(`/api/v1/accounts/${account.id}/webhooks`, {
      url: 'https://itsm.example.com/hook',
      events: ['ticket.sla_breached', 'ticket.created'],
    });
    expect(some.status).toBe(201);
    expect(some.body.events).toEqual(['ticket.created', 'ticket.sla_breached']);
    expect(some.body.secret).not.toBe(created.body.secret);

    const list = await s.as(member).get(`/api/v1/accounts/${account.id}/webhooks`);
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(2);
    expect(list.body.items.map((w: { id: string }) => w.id).sort()).toEqual([created.body.id, some.body.id].sort());
    expect(JSON.stringify(list.body)).not.toContain('whsec_');

    const del = await api.delete(`/api/v1/accounts/${account.id}/webhooks/${some.body.id}`);
    expect(del.status).toBe(200);
    expect(del.body).toMatchObject({ id: some.body.id, active: false });
    expect(del.body.disabledAt).not.toBeNull();
    const again = await api.delete(`/api/v1/accounts/${account.id}/webhooks/${some.body.id}`);
    expect(again.body).toEqual(del.body);
    const after = await api.get(`/api/v1/accounts/${account.id}/webhooks`);
    expect(after.body.items.map((w: { id: string }) => w.id)).toEqual([created.body.id]);
    // The deleted endpoint's log stays readable.
    expect((await api.get(`/api/v1/accounts/${account.id}/webhooks/${some.body.id}/deliveries`)).status).toBe(200);
  });

  it('R-TKT-6 refusals: bad URL or event, member may not manage, another tenant is NOT_FOUND', async () => {
    const { account, owner, member } = await s.customer();
    const other = await s.customer();
    const api = s.as(owner);
    for (const url of ['ftp://example.com/x', 'not a url', 'https://user:pw@example.com/x']) {
      const res = await api.post(`/api/v1/accounts/${account.id}/webhooks`, { url });
      expect(res.status, url).toBe(400);
      expect(res.body.error?.code).toBe('VALIDATION_FAILED');
    }
    const badEvent = await api.unchecked.post(`/api/v1/accounts/${account.id}/webhooks`, {
      url: rx.url('/x'),
      events: ['ticket.deleted'],
    });
    expect(badEvent.status).toBe(400);
    expect((await api.post(`/api/v1/accounts/${account.id}/webhooks`, { url: rx.url('/x'), events: [] })).status).toBe(
      400,
    );

    const forbidden = await s.as(member).post(`/api/v1/accounts/${account.id}/webhooks`, { url: rx.url('/x') });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error?.code).toBe('FORBIDDEN');

    const mine = await hook(api, account.id, '/refusals');
    expect((await s.as(member).delete(`/api/v1/accounts/${account.id}/webhooks/${mine.id}`)).status).toBe(403);
    const stranger = s.as(other.owner);
    for (const res of [
      await stranger.get(`/api/v1/accounts/${account.id}/webhooks`),
      await stranger.post(`/api/v1/accounts/${account.id}/webhooks`, { url: rx.url('/x') }),
      await stranger.delete(`/api/v1/accounts/${account.id}/webhooks/${mine.id}`),
      await stranger.get(`/api/v1/accounts/${account.id}/webhooks/${mine.id}/deliveries`),
      // Another tenant's endpoint through one's own account.
      await stranger.get(`/api/v1/accounts/${other.account.id}/webhooks/${mine.id}/deliveries`),
      await stranger.delete(`/api/v1/accounts/${other.account.id}/webhooks/${mine.id}`),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.error?.code).toBe('NOT_FOUND');
    }
    // The admin manages any account's endpoints.
    expect((await s.admin.post(`/api/v1/accounts/${account.id}/webhooks`, { url: rx.url('/by-admin') })).status).toBe(
      201,
    );
  });

  it('R-TKT-6 the ticket_api check runs after visibility, on every webhook route', async () => {
    const { account, owner } = await s.customer();
    const other = await s.customer();
    const mine = await hook(s.as(owner), account.id, '/gated');
    ticketApiGate = async (principal, acc) => {
      gateCalls.push(acc.id);
      if (principal.via === 'api_key' && principal.role.startsWith('customer'))
        throw new DomainError('NOT_ENTITLED', { entitlement: 'ticket_api' });
    };
    try {
      gateCalls.length = 0;
      const stranger = s.as(other.owner);
      expect((await stranger.get(`/api/v1/accounts/${account.id}/webhooks`)).status).toBe(404);
      expect(gateCalls).toEqual([]);
      const api = s.as(owner);
      for (const res of [
        await api.get(`/api/v1/accounts/${account.id}/webhooks`),
        await api.post(`/api/v1/accounts/${account.id}/webhooks`, { url: rx.url('/x') }),
        await api.delete(`/api/v1/accounts/${account.id}/webhooks/${mine.id}`),
        await api.get(`/api/v1/accounts/${account.id}/webhooks/${mine.id}/deliveries`),
      ]) {
        expect(res.status).toBe(403);
        expect(res.body.error).toMatchObject({ code: 'NOT_ENTITLED', details: { entitlement: 'ticket_api' } });
      }
      expect(gateCalls).toEqual([account.id, account.id, account.id, account.id]);
      expect((await s.admin.get(`/api/v1/accounts/${account.id}/webhooks`)).status).toBe(200);
    } finally {
      ticketApiGate = null;
    }
  });

  it('R-TKT-6 a signed delivery, retried after two failures with exponential backoff, logged per attempt', async () => {
    const { account, owner } = await s.customer();
    const api = s.as(owner);
    const endpoint = await hook(api, account.id, '/retry', ['ticket.replied']);
    rx.script('/retry', [500, 503, 204]);
    const t0 = later();
    const key = `ticket:tkt_retry:reply:rpl_1`;
    await s.outbox.enqueue(s.db, event(account, 'ticket.replied', key, t0), t0);

    await s.dispatchAt(t0);
    expect(rx.at('/retry')).toHaveLength(1);
    await s.dispatchAt(new Date(t0.getTime() + 29 * SECOND));
    expect(rx.at('/retry')).toHaveLength(1);
    await s.dispatchAt(new Date(t0.getTime() + 30 * SECOND));
    expect(rx.at('/retry')).toHaveLength(2);
    await s.dispatchAt(new Date(t0.getTime() + 89 * SECOND));
    expect(rx.at('/retry')).toHaveLength(2);
    await s.dispatchAt(new Date(t0.getTime() + 90 * SECOND));
    const got = rx.at('/retry');
    expect(got).toHaveLength(3);

    const eventId = webhookEventId(key);
    for (const r of got) {
      expect(verifyStandardWebhook(endpoint.secret, r.headers, r.body)).toBe(true);
      expect(r.headers['webhook-id']).toBe(eventId);
      expect(r.headers['content-type']).toBe('application/json');
      expect(JSON.parse(r.body)).toEqual({
        type: 'ticket.replied',
        timestamp: t0.toISOString(),
        data: { ticket: { id: 'tkt_1', status: 'open' } },
      });
    }
    // A receiver holding another secret, or a tampered body, does not verify: the check can fail.
    expect(
      verifyStandardWebhook('whsec_' + Buffer.alloc(32, 7).toString('base64'), got[0]!.headers, got[0]!.body),
    ).toBe(false);
    expect(verifyStandardWebhook(endpoint.secret, got[0]!.headers, got[0]!.body.replace('open', 'closed'))).toBe(false);

    const log = await api.get(`/api/v1/accounts/${account.id}/webhooks/${endpoint.id}/deliveries`);
    expect(log.status).toBe(200);
    expect(log.body.total).toBe(3);
    expect(log.body.items.map((d) => [d.attempt, d.statusCode, d.succeeded, d.error, d.eventId, d.eventType])).toEqual([
      [3, 204, true, null, eventId, 'ticket.replied'],
      [2, 503, false, 'HTTP 503', eventId, 'ticket.replied'],
      [1, 500, false, 'HTTP 500', eventId, 'ticket.replied'],
    ]);
    expect(log.body.items.map((d: { createdAt: string }) => Date.parse(d.createdAt) - t0.getTime())).toEqual([
      90 * SECOND,
      30 * SECOND,
      0,
    ]);
    for (const d of log.body.items) expect(d.durationMs).toBeGreaterThanOrEqual(0);
    const page = await api.get(`/api/v1/accounts/${account.id}/webhooks/${endpoint.id}/deliveries?page=2&pageSize=2`);
    expect(page.body).toMatchObject({ page: 2, pageSize: 2, total: 3 });
    expect(page.body.items.map((d: { attempt: number }) => d.attempt)).toEqual([1]);
    expect(await s.outbox.pending()).toEqual([]);
  });

  it('R-TKT-6 one delivery per subscribed endpoint, even when the fan-out and the delivery are replayed', async () => {
    const { account, owner } = await s.customer();
    const bystander = await s.customer();
    const api = s.as(owner);
    const created = await hook(api, account.id, '/fan-created', ['ticket.created']);
    const all = await hook(api, account.id, '/fan-all');
    await hook(api, account.id, '/fan-unsubscribed', ['service_request.created', 'ticket.replied']);
    const deleted = await hook(api, account.id, '/fan-deleted');
    await api.delete(`/api/v1/accounts/${account.id}/webhooks/${deleted.id}`);
    await hook(s.as(bystander.owner), bystander.account.id, '/fan-bystander');

    const t0 = later();
    const key = 'ticket:tkt_fan:created';
    expect(await s.outbox.enqueue(s.db, event(account, 'ticket.created', key, t0), t0)).toBe(3);
    await s.dispatchAt(t0);
    expect(rx.at('/fan-created')).toHaveLength(1);
    expect(rx.at('/fan-all')).toHaveLength(1);
    expect(rx.at('/fan-unsubscribed')).toHaveLength(0);
    expect(rx.at('/fan-deleted')).toHaveLength(0);
    expect(rx.at('/fan-bystander')).toHaveLength(0);
    expect(
      verifyStandardWebhook(created.secret, rx.at('/fan-created')[0]!.headers, rx.at('/fan-created')[0]!.body),
    ).toBe(true);
    expect(verifyStandardWebhook(all.secret, rx.at('/fan-all')[0]!.headers, rx.at('/fan-all')[0]!.body)).toBe(true);

    // The cause runs again (its effects are deduplicated) and the fan-out row is replayed as after a crash.
    const t1 = later();
    expect(await s.outbox.enqueue(s.db, event(account, 'ticket.created', key, t1), t1)).toBe(0);
    const eventId = webhookEventId(key);
    await s.db
      .update(outbox)
      .set({ dispatchedAt: null, availableAt: t1 })
      .where(eq(outbox.dedupeKey, `whk:${key}`));
    await s.dispatchAt(t1);
    const deliverRows = await s.db
      .select()
      .from(outbox)
      .where(like(outbox.dedupeKey, `whd:%:${eventId}`));
    expect(deliverRows.map((r) => r.dedupeKey).sort()).toEqual(
      [`whd:${all.id}:${eventId}`, `whd:${created.id}:${eventId}`].sort(),
    );
    // And the deliveries themselves are replayed: the endpoints already took the event.
    await s.db
      .update(outbox)
      .set({ dispatchedAt: null, availableAt: t1 })
      .where(like(outbox.dedupeKey, `whd:%:${eventId}`));
    await s.dispatchAt(t1);
    expect(rx.at('/fan-created')).toHaveLength(1);
    expect(rx.at('/fan-all')).toHaveLength(1);
    const [n] = await s.db
      .select({ n: sql<number>`count(*)::int` })
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.eventId, eventId));
    expect(n!.n).toBe(2);
  });

  it('R-TKT-6 an endpoint that keeps failing is parked after the outbox’s last attempt, each one logged', async () => {
    const { account, owner } = await s.customer();
    const endpoint = await hook(s.as(owner), account.id, '/always-down', ['ticket.status_changed']);
    rx.script('/always-down', Array(20).fill(500));
    const t0 = later();
    await s.outbox.enqueue(s.db, event(account, 'ticket.status_changed', 'ticket:tkt_down:status:closed', t0), t0);
    const attemptsAt: number[] = [];
    for (let next: Date | null = t0; next; next = await s.outbox.nextDue()) {
      attemptsAt.push(next.getTime() - t0.getTime());
      await s.dispatchAt(next);
    }
    expect(rx.at('/always-down')).toHaveLength(8);
    // 30 s, then doubling: the outbox's exponential backoff between attempts.
    expect(attemptsAt.slice(1).map((ms, i) => (ms - attemptsAt[i]!) / SECOND)).toEqual([
      30, 60, 120, 240, 480, 960, 1920,
    ]);
    const [row] = await s.db
      .select()
      .from(outbox)
      .where(like(outbox.dedupeKey, `whd:${endpoint.id}:%`));
    expect(row!.failedAt).not.toBeNull();
    expect(row!.attempts).toBe(8);
    expect(row!.lastError).toContain('HTTP 500');
    const log = await s.as(owner).get(`/api/v1/accounts/${account.id}/webhooks/${endpoint.id}/deliveries?pageSize=100`);
    expect(log.body.items.map((d: { attempt: number }) => d.attempt)).toEqual([8, 7, 6, 5, 4, 3, 2, 1]);
    expect(log.body.items.every((d: { succeeded: boolean }) => !d.succeeded)).toBe(true);
  });

  it('R-TKT-6 timeouts, refused connections and redirects are failed attempts', async () => {
    const { account, owner } = await s.customer();
    const api = s.as(owner);
    const hanging = await hook(api, account.id, '/hang', ['ticket.created']);
    const moved = await hook(api, account.id, '/moved', ['ticket.created']);
    rx.script('/hang', ['hang']);
    rx.script('/moved', [302]);
    const deliver = createWebhookDeliverer({
      db: s.db,
      log: createLogger('silent'),
      timeoutMs: 300,
      allowPrivate: true,
    });
    const at = later();
    const payload = (webhookId: string) => ({
      tenantId: account.tenantId,
      accountId: account.id,
      webhookId,
      eventId: 'evt_timeout',
      type: 'ticket.created',
      timestamp: at.toISOString(),
      data: {},
    });
    await expect(
      deliver(payload(hanging.id), { id: 1n, attempts: 1, now: at, tenantId: account.tenantId }),
    ).rejects.toThrow(/timed out after 300 ms/);
    await expect(
      deliver(payload(moved.id), { id: 2n, attempts: 1, now: at, tenantId: account.tenantId }),
    ).rejects.toThrow(/HTTP 302/);
    const log = await s.db
      .select()
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.eventId, 'evt_timeout'), eq(webhookDeliveries.webhookId, hanging.id)));
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ statusCode: null, succeeded: false, error: 'timed out after 300 ms' });
    expect(log[0]!.durationMs).toBeGreaterThanOrEqual(250);

    // An endpoint nobody listens on.
    const closed = await startReceiver();
    const deadUrl = closed.url('/gone');
    await closed.close();
    const dead = await s
      .as(owner)
      .post(`/api/v1/accounts/${account.id}/webhooks`, { url: deadUrl, events: ['ticket.created'] });
    await expect(
      deliver(payload(dead.body.id), { id: 3n, attempts: 1, now: at, tenantId: account.tenantId }),
    ).rejects.toThrow(/ECONNREFUSED/);
  });

  it('R-TKT-6 a host name is resolved once per attempt and the request goes to exactly the address that was checked', async () => {
    const { account, owner } = await s.customer();
    // `.invalid` never resolves in real DNS (RFC 2606): only the stub's answer can route this request.
    names.set('itsm.invalid', ['127.0.0.1']);
    const endpoint = await s.as(owner).post(`/api/v1/accounts/${account.id}/webhooks`, {
      url: rx.url('/pinned').replace('127.0.0.1', 'itsm.invalid'),
      events: ['ticket.created'],
    });
    expect(endpoint.status).toBe(201);
    const before = names.asked('itsm.invalid');
    const t0 = later();
    await s.outbox.enqueue(s.db, event(account, 'ticket.created', 'ticket:tkt_pinned:created', t0), t0);
    await s.dispatchAt(t0);
    const got = rx.at('/pinned');
    expect(got).toHaveLength(1);
    expect(got[0]!.headers.host).toBe(new URL(endpoint.body.url).host);
    expect(verifyStandardWebhook(endpoint.body.secret, got[0]!.headers, got[0]!.body)).toBe(true);
    expect(names.asked('itsm.invalid') - before).toBe(1);
  });

  it('R-TKT-6 an endpoint registered while private targets were allowed is refused at delivery once they are not, without a request', async () => {
    const { account, owner } = await s.customer();
    const endpoint = await hook(s.as(owner), account.id, '/was-allowed', ['ticket.created']);
    const strict = createWebhookDeliverer({ db: s.db, log: createLogger('silent'), allowPrivate: false });
    const at = later();
    const payload = {
      tenantId: account.tenantId,
      accountId: account.id,
      webhookId: endpoint.id,
      eventId: 'evt_was_allowed',
      type: 'ticket.created',
      timestamp: at.toISOString(),
      data: {},
    };
    // Refused is final: the handler returns (no retry) after logging it.
    await expect(
      strict(payload, { id: 9n, attempts: 1, now: at, tenantId: account.tenantId }),
    ).resolves.toBeUndefined();
    expect(rx.at('/was-allowed')).toHaveLength(0);
    const log = await s.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.eventId, 'evt_was_allowed'));
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({
      statusCode: null,
      succeeded: false,
      error: 'refused: non-public address',
    });
  });

  it('staff messages and other topics do not reach webhooks', async () => {
    const { account, owner } = await s.customer();
    await hook(s.as(owner), account.id, '/quiet');
    const t0 = later();
    const fx = [
      ...accountNotificationEffects({
        catalog: s.catalog,
        account,
        level: null,
        kind: 'plan.expiring',
        dedupeKey: 'quiet:1',
        title,
        body,
      }),
      ...staffNotificationEffects({
        tenantId: account.tenantId,
        accountId: account.id,
        userIds: [ADMIN_PRINCIPAL.id],
        kind: 'sla.warning',
        dedupeKey: 'quiet:2',
        title,
        body,
      }),
    ];
    await s.outbox.enqueue(s.db, fx, t0);
    await s.dispatchAt(t0);
    expect(rx.at('/quiet')).toHaveLength(0);
  });
});

/**
 * SSRF (R-TKT-6 endpoints are customer-supplied): with TIERDESK_WEBHOOK_ALLOW_PRIVATE off — the default — registration
 * takes https URLs on public hosts only, and each delivery resolves the host (through an injected resolver here) and
 * refuses, before any connection, a host with any loopback/private/link-local address. A local TCP listener stands
 * where such an address would lead, and counts every connection made to it.
 */
describe.each(DB_KINDS)('webhook targets with private addresses refused (the default) on %s', (kind) => {
  let s: Stack;
  let probe: Server;
  let probePort: number;
  let connections = 0;
  const names = fakeDns();

  beforeAll(async () => {
    probe = createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    probePort = (probe.address() as AddressInfo).port;
    s = await startStack(kind, { lookup: names.lookup });
    expect(s.deps.config.webhookAllowPrivate).toBe(false);
  });
  afterAll(async () => {
    await s?.close();
    await new Promise<void>((resolve) => probe?.close(() => resolve()));
  });

  const later = (ms = SECOND) => new Date(s.clock.now().getTime() + ms);

  it.each([
    ['http://itsm.example.com/hook', /https/],
    ['https://127.0.0.1/hook', /loopback/],
    ['https://127.1.2.3:8443/hook', /loopback/],
    ['https://2130706433/hook', /loopback/], // 127.0.0.1 as one number
    ['https://10.1.2.3/hook', /private/],
    ['https://172.16.0.1/hook', /private/],
    ['https://192.168.1.10/hook', /private/],
    ['https://169.254.169.254/latest/meta-data', /link-local/],
    ['https://[::1]/hook', /loopback/],
    ['https://[::ffff:127.0.0.1]/hook', /loopback/],
    ['https://[fe80::1]/hook', /link-local/],
    ['https://[fd12:3456::1]/hook', /unique-local/],
    ['https://0.0.0.0/hook', /unspecified/],
    ['https://[::]/hook', /unspecified/],
    ['https://localhost/hook', /localhost/],
    ['https://LOCALHOST./hook', /localhost/],
    ['https://api.localhost/hook', /localhost/],
  ])('R-TKT-6 SSRF: %s is refused at registration (400 VALIDATION_FAILED, body.url)', async (url, why) => {
    const { account, owner } = await s.customer();
    for (const api of [s.as(owner), s.admin]) {
      const res = await api.post(`/api/v1/accounts/${account.id}/webhooks`, { url });
      expect(res.status, url).toBe(400);
      expect(res.body.error?.code).toBe('VALIDATION_FAILED');
      expect(res.body.error?.details.issues).toHaveLength(1);
      expect(res.body.error?.details.issues?.[0]?.path).toBe('body.url');
      expect(res.body.error?.details.issues?.[0]?.message).toMatch(why);
    }
    expect((await s.as(owner).get(`/api/v1/accounts/${account.id}/webhooks`)).body.total).toBe(0);
  });

  it('R-TKT-6 SSRF: an https URL on a public name or a public address literal is accepted', async () => {
    const { account, owner } = await s.customer();
    for (const url of [
      'https://itsm.example.com/hook',
      'https://8.8.8.8:8443/hook',
      'https://172.32.0.1/hook',
      'https://[2606:4700::1111]/hook',
    ]) {
      const res = await s.as(owner).post(`/api/v1/accounts/${account.id}/webhooks`, { url });
      expect(res.status, url).toBe(201);
    }
  });

  /** An https endpoint on `host` at the probe's port, and one event to it; returns its delivery log. */
  async function deliverTo(host: string, answers: string[], key: string) {
    names.set(host, answers);
    const { account, owner } = await s.customer();
    const created = await s.as(owner).post(`/api/v1/accounts/${account.id}/webhooks`, {
      url: `https://${host}:${probePort}/hook`,
      events: ['ticket.created'],
    });
    expect(created.status).toBe(201);
    const asked = names.asked(host);
    const t0 = later();
    const fx = accountNotificationEffects({
      catalog: s.catalog,
      account,
      level: s.catalog.level('business'),
      kind: 'ticket.created',
      dedupeKey: key,
      title,
      body,
      webhookEvent: { type: 'ticket.created', payload: {}, occurredAt: t0 },
    });
    await s.outbox.enqueue(s.db, fx, t0);
    // Every instant the outbox has something due, retries included, until nothing is left.
    for (let next: Date | null = t0; next; next = await s.outbox.nextDue()) await s.dispatchAt(next);
    const log = await s.as(owner).get(`/api/v1/accounts/${account.id}/webhooks/${created.body.id}/deliveries`);
    expect(log.status).toBe(200);
    return {
      items: log.body.items as {
        statusCode: number | null;
        succeeded: boolean;
        error: string | null;
        attempt: number;
      }[],
      lookups: names.asked(host) - asked,
      webhookId: created.body.id as string,
    };
  }

  it('R-TKT-6 SSRF/DNS rebinding: a public name that resolves to 127.0.0.1 is refused at delivery, logged once, no connection, no retry', async () => {
    const before = connections;
    const { items, lookups, webhookId } = await deliverTo(
      'itsm.rebind.example',
      ['127.0.0.1'],
      'ticket:tkt_rebind:created',
    );
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      statusCode: null,
      succeeded: false,
      attempt: 1,
      error: 'refused: non-public address',
    });
    expect(lookups).toBe(1);
    expect(connections).toBe(before);
    const [row] = await s.db
      .select()
      .from(outbox)
      .where(like(outbox.dedupeKey, `whd:${webhookId}:%`));
    expect(row).toMatchObject({ attempts: 1, failedAt: null });
    expect(row!.dispatchedAt).not.toBeNull();
    expect(await s.outbox.pending()).toEqual([]);
  });

  it('R-TKT-6 SSRF: one private address among public ones refuses the delivery (a connection could pick it)', async () => {
    const before = connections;
    const { items } = await deliverTo(
      'mixed.example',
      ['8.8.4.4', '2606:4700::1001', '10.20.30.40'],
      'ticket:tkt_mixed:created',
    );
    expect(items.map((d) => d.error)).toEqual(['refused: non-public address']);
    const v6 = await deliverTo('v6.example', ['fe80::1234'], 'ticket:tkt_v6:created');
    expect(v6.items.map((d) => d.error)).toEqual(['refused: non-public address']);
    const metadata = await deliverTo('metadata.example', ['169.254.169.254'], 'ticket:tkt_metadata:created');
    expect(metadata.items.map((d) => d.error)).toEqual(['refused: non-public address']);
    expect(connections).toBe(before);
  });

  it('R-TKT-6 a name that does not resolve is a failed attempt, retried like any other', async () => {
    const { items } = await deliverTo('gone.example', [], 'ticket:tkt_gone:created');
    expect(items.length).toBe(8);
    expect(
      items.every(
        (d) => !d.succeeded && d.statusCode === null && d.error === 'could not resolve gone.example: ENOTFOUND',
      ),
    ).toBe(true);
  });
});

/** A resolver for tests: names set here resolve to their addresses; others are ENOTFOUND. Counts the questions. */
function fakeDns() {
  const table = new Map<string, string[]>();
  const counts = new Map<string, number>();
  return {
    set: (name: string, addresses: string[]) => void table.set(name, addresses),
    asked: (name: string) => counts.get(name) ?? 0,
    lookup: async (name: string): Promise<ResolvedAddress[]> => {
      counts.set(name, (counts.get(name) ?? 0) + 1);
      const addresses = table.get(name);
      if (!addresses?.length) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
      return addresses.map((address) => ({ address, family: isIP(address) }));
    },
  };
}
