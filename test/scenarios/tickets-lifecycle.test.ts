/**
 * A ticket's whole life through the real CLI (`tierdesk serve --test-clock`, huaweicloud-intl): an enterprise
 * customer approved with its TAM, a core_system_down ticket held to 15 minutes (R-TKT-3: warning at 12, breach and
 * escalation at 15), the late first response, resolution, a rating (R-TKT-5) and closing; SPEC's developer example
 * (Friday 17:00 → Tuesday 11:00 on the business-hours clock); and a restart on the same --data directory that
 * keeps the tickets and the test clock (API.md).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, ok, removeDir, startCli, type CliServer, type Client } from './cli-server.js';
import { migratedDataDir } from './migrated-data-dir.js';

const MINUTE = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();
const ms = (s: string) => new Date(s).getTime();

describe('R-TKT scenario: tickets through the real CLI (huaweicloud-intl)', () => {
  let dataDir: string;
  let server: CliServer;
  const servers: CliServer[] = [];
  // Carried from step to step.
  let customer: Client;
  let customerToken: string;
  let accountId: string;
  let engineer: { id: string; api: Client };
  let tam: { id: string; api: Client };
  let ticket: any;
  let devTicket: any;
  const T0 = ms('2026-03-02T10:00:00+08:00'); // a Monday

  beforeAll(async () => {
    await ensureBuilt();
    dataDir = await migratedDataDir();
    server = await startCli({ catalog: 'huaweicloud-intl', dataDir });
    servers.push(server);
  }, 300_000);
  afterAll(async () => {
    for (const s of servers) await s.stop();
    if (dataDir) removeDir(dataDir);
  });

  const inbox = async (api: Client, kind: string, ticketId: string) =>
    (
      ok(await api.get(`/api/v1/users/me/messages?pageSize=100&kind=${kind}`)).items as { data: { ticketId: string } }[]
    ).filter((m) => m.data.ticketId === ticketId);

  it('R-SUB-5a a fresh data directory starts the test clock at 2026-01-01; an enterprise plan needs approval and a TAM', async () => {
    expect(await server.now()).toBe('2026-01-01T00:00:00.000Z');
    await server.setClock('2026-03-02T09:00:00+08:00');
    const account = ok(
      await server.admin.post('/api/v1/accounts', {
        name: 'Shop Ltd',
        email: 'ops@shop.example',
        region: 'cn-north-4',
        timeZone: 'Asia/Shanghai',
        locale: 'en-US',
      }),
      201,
    );
    accountId = account.id;
    customerToken = ok(await server.admin.post(`/api/v1/accounts/${accountId}/api-keys`, {}), 201).token;
    customer = server.as(customerToken);
    const staff = async (role: string, grade?: string) => {
      const user = ok(
        await server.admin.post('/api/v1/users', {
          name: role,
          email: `${role}@provider.example`,
          role,
          ...(grade ? { grade } : {}),
        }),
        201,
      );
      return {
        id: user.id as string,
        api: server.as(ok(await server.admin.post(`/api/v1/users/${user.id}/api-keys`, {}), 201).token),
      };
    };
    engineer = await staff('support_engineer', 'senior_expert');
    tam = await staff('tam');

    const term = { unit: 'year', count: 1 };
    const own = await customer.post(`/api/v1/accounts/${accountId}/orders`, {
      action: 'purchase',
      level: 'enterprise',
      term,
      agreementAccepted: true,
    });
    expect(own.status).toBe(403);
    expect(own.body.error).toMatchObject({ code: 'FORBIDDEN', details: { reason: 'approval_required' } });

    const approved = ok(await server.admin.post(`/api/v1/accounts/${accountId}/approval`, { tamUserId: tam.id }));
    expect(approved).toMatchObject({ approved: true, tamUserId: tam.id });
    const order = ok(
      await server.admin.post(`/api/v1/accounts/${accountId}/orders`, {
        action: 'purchase',
        level: 'enterprise',
        term,
        agreementAccepted: true,
      }),
      201,
    );
    expect(order).toMatchObject({ type: 'new', status: 'pending_payment' });
    expect(ok(await server.admin.post(`/api/v1/orders/${order.id}/pay`)).status).toBe('paid');
    expect(ok(await customer.get(`/api/v1/accounts/${accountId}/plan`))).toMatchObject({
      level: 'enterprise',
      status: 'active',
    });
  });

  it('R-TKT-3 core_system_down: 15 minutes on the 7x24 clock; the 80 % warning at 12 minutes reaches the engineer and the TAM', async () => {
    await server.setClock(iso(T0));
    ticket = ok(
      await customer.post('/api/v1/tickets', {
        accountId,
        category: 'technical',
        severity: 'core_system_down',
        subject: 'Checkout down',
        description: 'HTTP 500 everywhere',
      }),
      201,
    );
    expect(ticket).toMatchObject({
      status: 'open',
      createdVia: 'api',
      sla: { target: 'PT15M', clock: '7x24', responseDueAt: iso(T0 + 15 * MINUTE), breached: false },
    });
    expect(ok(await engineer.api.post(`/api/v1/tickets/${ticket.id}/assign`, { assigneeId: engineer.id })).status).toBe(
      'in_progress',
    );

    await server.setClock(iso(T0 + 11 * MINUTE));
    expect(await inbox(engineer.api, 'sla.warning', ticket.id)).toEqual([]);
    await server.setClock(iso(T0 + 12 * MINUTE + 30_000));
    expect(await inbox(engineer.api, 'sla.warning', ticket.id)).toHaveLength(1);
    expect(await inbox(tam.api, 'sla.warning', ticket.id)).toHaveLength(1);
    expect(ok(await customer.get(`/api/v1/tickets/${ticket.id}`)).sla.breached).toBe(false);
  });

  it('R-TKT-3 past 15 minutes: breached at the deadline and escalated once to both', async () => {
    await server.setClock(iso(T0 + 15 * MINUTE + 30_000));
    const now = ok(await customer.get(`/api/v1/tickets/${ticket.id}`));
    expect(now.sla).toMatchObject({ breached: true, breachedAt: iso(T0 + 15 * MINUTE), respondedAt: null });
    await server.setClock(iso(T0 + 18 * MINUTE));
    for (const who of [engineer, tam]) {
      expect(await inbox(who.api, 'sla.breached', ticket.id)).toHaveLength(1);
      expect(await inbox(who.api, 'sla.warning', ticket.id)).toHaveLength(1);
    }
  });

  it('R-TKT-3 R-TKT-5 the late staff reply stops the clock (still breached); resolved, rated 5 stars, closed', async () => {
    await server.setClock(iso(T0 + 20 * MINUTE));
    const reply = ok(
      await engineer.api.post(`/api/v1/tickets/${ticket.id}/replies`, {
        body: 'Rolled back the release; checkout is up again.',
      }),
      201,
    );
    expect(reply.ticket.sla).toMatchObject({
      respondedAt: iso(T0 + 20 * MINUTE),
      breached: true,
      breachedAt: iso(T0 + 15 * MINUTE),
    });
    await server.setClock(iso(T0 + 60 * MINUTE));
    expect(
      ok(await engineer.api.post(`/api/v1/tickets/${ticket.id}/status`, { status: 'resolved', reason: 'rolled back' }))
        .status,
    ).toBe('resolved');
    const rated = ok(await customer.post(`/api/v1/tickets/${ticket.id}/rating`, { stars: 5, comment: 'Fast fix' }));
    expect(rated.rating).toMatchObject({ stars: 5, comment: 'Fast fix' });
    const closed = ok(await customer.post(`/api/v1/tickets/${ticket.id}/close`));
    expect(closed).toMatchObject({
      status: 'closed',
      closedAt: iso(T0 + 60 * MINUTE),
      resolvedAt: iso(T0 + 60 * MINUTE),
    });
    // The customer sees the staff reply and the whole history.
    const seen = ok(await customer.get(`/api/v1/tickets/${ticket.id}`));
    expect(seen.replies.map((r: { body: string }) => r.body)).toEqual([
      'Rolled back the release; checkout is up again.',
    ]);
    expect(seen.events.map((e: { kind: string }) => e.kind)).toEqual([
      'opened',
      'status_changed',
      'sla_breached',
      'status_changed',
      'rated',
      'status_changed',
    ]);
    // Escalations stayed at one each.
    expect(await inbox(tam.api, 'sla.breached', ticket.id)).toHaveLength(1);
  });

  it('R-TKT-3 SPEC example: a developer ticket (system impaired, < 12 working hours) opened Friday 17:00 Asia/Shanghai is due Tuesday 11:00', async () => {
    const dev = ok(
      await server.admin.post('/api/v1/accounts', {
        name: 'Dev Studio',
        email: 'dev@studio.example',
        region: 'cn-north-4',
        timeZone: 'Asia/Shanghai',
        locale: 'zh-CN',
      }),
      201,
    );
    const order = ok(
      await server.admin.post(`/api/v1/accounts/${dev.id}/orders`, {
        action: 'purchase',
        level: 'developer',
        term: { unit: 'month', count: 1 },
        agreementAccepted: true,
      }),
      201,
    );
    ok(await server.admin.post(`/api/v1/orders/${order.id}/pay`));
    // Developer has no ticket API: the owner comes through the console.
    const session = ok(await server.admin.post(`/api/v1/users/${dev.ownerUserId}/sessions`), 201);
    const console_ = server.as(session.token);
    await server.setClock('2026-03-06T17:00:00+08:00');
    devTicket = ok(
      await console_.post('/api/v1/tickets', {
        accountId: dev.id,
        category: 'technical',
        severity: 'system_impaired',
        subject: 'Slow disk',
        description: 'IO latency',
      }),
      201,
    );
    expect(devTicket).toMatchObject({
      createdVia: 'console',
      sla: { target: 'PT12H', clock: 'business_hours', timeZone: 'Asia/Shanghai' },
    });
    expect(devTicket.sla.responseDueAt).toBe(iso(ms('2026-03-10T11:00:00+08:00')));
    // The weekend passes without a breach.
    await server.setClock('2026-03-10T10:59:00+08:00');
    expect(ok(await console_.get(`/api/v1/tickets/${devTicket.id}`)).sla.breached).toBe(false);
  });

  it('API.md a restart on the same --data directory keeps the tickets and the test clock', async () => {
    const before = await server.now();
    const ticketBefore = ok(await server.admin.get(`/api/v1/tickets/${ticket.id}`));
    const devBefore = ok(await server.admin.get(`/api/v1/tickets/${devTicket.id}`));
    expect(await server.stop()).toBe(0);

    server = await startCli({ catalog: 'huaweicloud-intl', dataDir });
    servers.push(server);
    expect(server.output()).toContain(`test clock at ${before}`);
    expect(await server.now()).toBe(before);
    expect(ok(await server.admin.get(`/api/v1/tickets/${ticket.id}`))).toEqual(ticketBefore);
    expect(ok(await server.admin.get(`/api/v1/tickets/${devTicket.id}`))).toEqual(devBefore);
    // The customer's key still works against the new process.
    const list = ok(await server.as(customerToken).get(`/api/v1/tickets?accountId=${accountId}`));
    expect(list).toMatchObject({ total: 1, items: [{ id: ticket.id, status: 'closed', rating: { stars: 5 } }] });
    // The clock still only moves forward, and the sweeps run on from where it stood.
    expect((await server.admin.put('/api/v1/test-clock', { now: '2026-03-01T00:00:00Z' })).status).toBe(409);
    await server.setClock('2026-03-10T11:00:01+08:00');
    expect(ok(await server.admin.get(`/api/v1/tickets/${devTicket.id}`)).sla).toMatchObject({
      breached: true,
      breachedAt: iso(ms('2026-03-10T11:00:00+08:00')),
    });
    expect(await server.stop()).toBe(0);
  });
});
