/**
 * What ticket events tell whom (R-TKT-3, R-TKT-6, R-NTF-1), through HTTP with the test clock, against real local
 * endpoints: the SLA warning at 80 % and the breach escalation in the assignee's and the TAM's staff inbox (once),
 * none for a level that is not binding, signed webhooks to a customer's ITSM receiver, mail through a real SMTP
 * server in the account's locale, and the customer's message center.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestClock } from '../../src/platform/clock.js';
import { DB_KINDS } from '../support/databases.js';
import { buyPlan, createCustomer, startTestApp, type TestApp } from '../support/harness.js';
import { expectError, type Actor } from '../support/actors.js';
import { startSmtp, type SmtpSink } from '../support/smtp.js';
import {
  advance,
  clockNow,
  inbox,
  iso,
  messageCenter,
  MINUTE,
  ms,
  newStaff,
  ok,
  openTicket,
} from '../support/tickets.js';
import { startReceiver, verifyStandardWebhook, type Receiver } from '../contexts/notifications/receivers.js';

describe.each(DB_KINDS)('ticket notifications, huaweicloud-intl (%s)', (kind) => {
  let t: TestApp;
  let smtp: SmtpSink;
  let rx: Receiver;
  let senior: Actor;
  let tam: Actor;
  let bystander: Actor;
  /** enterprise, approved with the TAM. */
  let ent: { id: string; token: string };

  beforeAll(async () => {
    [smtp, rx] = await Promise.all([startSmtp(), startReceiver()]);
    // The webhook receiver listens on 127.0.0.1: private targets allowed, as in local development.
    t = await startTestApp({
      kind,
      config: { smtpUrl: smtp.url, mailFrom: 'Tierdesk <support@tierdesk.test>', webhookAllowPrivate: true },
    });
    await t.setClock('2026-03-02T10:00:00+08:00');
    senior = await newStaff(t, 'support_engineer', 'senior_expert');
    bystander = await newStaff(t, 'support_engineer', 'senior_expert');
    tam = await newStaff(t, 'tam');
    ent = await createCustomer(t, { name: 'Ent', email: 'ent@example.com' });
    ok(await t.api.post(`/api/v1/accounts/${ent.id}/approval`, { tamUserId: tam.userId }));
    await buyPlan(t, ent.id, 'enterprise');
  });
  afterAll(async () => {
    await t?.close();
    await Promise.all([smtp?.close(), rx?.close()]);
  });

  const forTicket = <M extends { data: Record<string, any> }>(items: M[], ticketId: string) =>
    items.filter((m) => m.data.ticketId === ticketId);
  const staffMessages = async (actor: Actor, kindOf: string, ticketId: string) =>
    forTicket(await inbox(t, actor.token, kindOf), ticketId);

  describe('R-TKT-3 SLA warning and breach escalation (enterprise, core_system_down, 15 min)', () => {
    let tk: any;
    let T0: number;

    it('R-TKT-3 the warning at 80 % of the target (12 min) reaches the assignee’s and the TAM’s inbox once', async () => {
      T0 = ms(await advance(t, MINUTE));
      tk = await openTicket(t.as(ent.token), ent.id, 'core_system_down');
      expect(tk.sla.responseDueAt).toBe(iso(T0 + 15 * MINUTE));
      ok(await t.as(senior.token).post(`/api/v1/tickets/${tk.id}/assign`, { assigneeId: senior.userId }));
      expect(ok(await t.as(senior.token).get(`/api/v1/tickets/${tk.id}`)).sla.warningAt).toBe(iso(T0 + 12 * MINUTE));

      await t.setClock(iso(T0 + 12 * MINUTE - 1000));
      expect(await staffMessages(senior, 'sla.warning', tk.id)).toEqual([]);
      expect(await staffMessages(tam, 'sla.warning', tk.id)).toEqual([]);

      await t.setClock(iso(T0 + 12 * MINUTE + 30_000));
      await t.setClock(iso(T0 + 13 * MINUTE));
      await t.setClock(iso(T0 + 14 * MINUTE));
      for (const who of [senior, tam]) {
        const warnings = await staffMessages(who, 'sla.warning', tk.id);
        expect(warnings).toHaveLength(1);
        expect(warnings[0]).toMatchObject({
          accountId: ent.id,
          createdAt: iso(T0 + 12 * MINUTE),
          data: { responseDueAt: iso(T0 + 15 * MINUTE), severity: 'core_system_down' },
        });
      }
      expect(await staffMessages(bystander, 'sla.warning', tk.id)).toEqual([]);
      // Staff warnings never reach the customer's message center.
      expect(forTicket(await messageCenter(t, ent.id), tk.id).map((m) => m.kind)).not.toContain('sla.warning');
      expect(ok(await t.as(senior.token).get(`/api/v1/tickets/${tk.id}`)).sla.breached).toBe(false);
    });

    it('R-TKT-3 the breach is recorded when the clock passes the deadline and escalated to both, exactly once', async () => {
      await t.setClock(iso(T0 + 15 * MINUTE));
      expect(ok(await t.as(senior.token).get(`/api/v1/tickets/${tk.id}`)).sla.breached).toBe(false);
      expect(await staffMessages(senior, 'sla.breached', tk.id)).toEqual([]);

      await t.setClock(iso(T0 + 15 * MINUTE + 1000));
      const breached = ok(await t.as(senior.token).get(`/api/v1/tickets/${tk.id}`));
      expect(breached.sla).toMatchObject({ breached: true, breachedAt: iso(T0 + 15 * MINUTE), respondedAt: null });
      expect(breached.events.find((e: any) => e.kind === 'sla_breached')).toMatchObject({
        at: iso(T0 + 15 * MINUTE),
        data: { escalated: true },
      });
      await t.setClock(iso(T0 + 20 * MINUTE));
      const reply = ok(
        await t.as(senior.token).post(`/api/v1/tickets/${tk.id}/replies`, { body: 'Restoring service now' }),
        201,
      );
      expect(reply.ticket.sla).toMatchObject({
        respondedAt: iso(T0 + 20 * MINUTE),
        breached: true,
        breachedAt: iso(T0 + 15 * MINUTE),
      });
      await t.setClock(iso(T0 + 40 * MINUTE));
      for (const who of [senior, tam]) {
        const escalations = await staffMessages(who, 'sla.breached', tk.id);
        expect(escalations).toHaveLength(1);
        expect(escalations[0]).toMatchObject({
          accountId: ent.id,
          data: { responseDueAt: iso(T0 + 15 * MINUTE), level: 'enterprise' },
        });
        // Written with the breach (stamped at the deadline or just after it), not when the clock was next moved.
        expect(ms(escalations[0]!.createdAt) - (T0 + 15 * MINUTE)).toBeGreaterThanOrEqual(0);
        expect(ms(escalations[0]!.createdAt) - (T0 + 15 * MINUTE)).toBeLessThanOrEqual(1000);
        expect(await staffMessages(who, 'sla.warning', tk.id)).toHaveLength(1);
      }
      expect(await staffMessages(bystander, 'sla.breached', tk.id)).toEqual([]);
    });

    it('R-TKT-3 a first public reply exactly at the deadline is on time: no breach, no escalation', async () => {
      const T1 = ms(await advance(t, MINUTE));
      const tk1 = await openTicket(t.as(ent.token), ent.id, 'core_system_down');
      await t.setClock(iso(T1 + 15 * MINUTE));
      const reply = ok(await t.as(senior.token).post(`/api/v1/tickets/${tk1.id}/replies`, { body: 'Here' }), 201);
      expect(reply.ticket.sla).toMatchObject({ respondedAt: iso(T1 + 15 * MINUTE), breached: false });
      await t.setClock(iso(T1 + 30 * MINUTE));
      expect(ok(await t.as(ent.token).get(`/api/v1/tickets/${tk1.id}`)).sla).toMatchObject({
        breached: false,
        breachedAt: null,
      });
      expect(await staffMessages(tam, 'sla.breached', tk1.id)).toEqual([]);
      expect(await staffMessages(tam, 'sla.warning', tk1.id)).toHaveLength(1);
    });

    it('R-TKT-3 a late first reply that comes before the sweep (the scheduler ticks once a minute) records the breach and escalates it once', async () => {
      const T3 = ms(await advance(t, MINUTE));
      const tk3 = await openTicket(t.as(ent.token), ent.id, 'core_system_down');
      ok(await t.as(senior.token).post(`/api/v1/tickets/${tk3.id}/assign`, { assigneeId: senior.userId }));
      await t.setClock(iso(T3 + 14 * MINUTE));
      // The clock passes the deadline, the sweep has not run yet (as between two scheduler ticks).
      (t.app.clock as TestClock).set(new Date(T3 + 15 * MINUTE + 20_000));
      const reply = ok(await t.as(senior.token).post(`/api/v1/tickets/${tk3.id}/replies`, { body: 'late' }), 201);
      expect(reply.ticket.sla).toMatchObject({
        breached: true,
        breachedAt: iso(T3 + 15 * MINUTE),
        respondedAt: iso(T3 + 15 * MINUTE + 20_000),
      });
      await advance(t, MINUTE);
      await advance(t, MINUTE);
      const events = ok(await t.as(senior.token).get(`/api/v1/tickets/${tk3.id}`)).events;
      expect(events.filter((e: any) => e.kind === 'sla_breached').map((e: any) => [e.at, e.data.escalated])).toEqual([
        [iso(T3 + 15 * MINUTE), true],
      ]);
      for (const who of [senior, tam]) expect(await staffMessages(who, 'sla.breached', tk3.id)).toHaveLength(1);
    });

    it('R-TKT-3 a re-grade whose deadline is already past is breached at the re-grade and escalated once', async () => {
      const T2 = ms(await advance(t, MINUTE));
      const tk2 = await openTicket(t.as(ent.token), ent.id, 'general_guidance');
      ok(await t.as(senior.token).post(`/api/v1/tickets/${tk2.id}/assign`, { assigneeId: senior.userId }));
      await t.setClock(iso(T2 + 40 * MINUTE));
      const regraded = ok(
        await t
          .as(senior.token)
          .post(`/api/v1/tickets/${tk2.id}/severity`, { severity: 'core_system_down', reason: 'payment system down' }),
      );
      expect(regraded.sla).toMatchObject({
        responseDueAt: iso(T2 + 15 * MINUTE),
        breached: true,
        breachedAt: iso(T2 + 40 * MINUTE),
      });
      await advance(t, 0);
      await advance(t, 60 * MINUTE);
      for (const who of [senior, tam]) {
        const escalations = await staffMessages(who, 'sla.breached', tk2.id);
        expect(escalations).toHaveLength(1);
        expect(escalations[0]!.createdAt).toBe(iso(T2 + 40 * MINUTE));
        // Past the deadline there is nothing left to warn about.
        expect(await staffMessages(who, 'sla.warning', tk2.id)).toEqual([]);
      }
      const events = ok(await t.as(senior.token).get(`/api/v1/tickets/${tk2.id}`)).events;
      expect(events.filter((e: any) => e.kind === 'sla_breached').map((e: any) => e.at)).toEqual([
        iso(T2 + 40 * MINUTE),
      ]);
    });

    it('R-TKT-3 a re-grade that makes an existing first reply late records the breach and escalates it (inbox, webhook) once', async () => {
      const late = await createCustomer(t, { name: 'Late', email: 'late@example.com' });
      ok(await t.api.post(`/api/v1/accounts/${late.id}/approval`, { tamUserId: tam.userId }));
      await buyPlan(t, late.id, 'enterprise');
      const hook = ok(
        await t.as(late.token).post(`/api/v1/accounts/${late.id}/webhooks`, { url: rx.url(`/late/${late.id}`) }),
        201,
      );
      const T4 = ms(await advance(t, MINUTE));
      const tk4 = await openTicket(t.as(late.token), late.id, 'general_guidance');
      ok(await t.as(senior.token).post(`/api/v1/tickets/${tk4.id}/assign`, { assigneeId: senior.userId }));
      await t.setClock(iso(T4 + 20 * MINUTE));
      ok(await t.as(senior.token).post(`/api/v1/tickets/${tk4.id}/replies`, { body: 'Looking at it' }), 201);
      await t.setClock(iso(T4 + 40 * MINUTE));
      // 15 minutes from the opening: the reply at 20 minutes was late.
      const regraded = ok(
        await t
          .as(senior.token)
          .post(`/api/v1/tickets/${tk4.id}/severity`, { severity: 'core_system_down', reason: 'it was an outage' }),
      );
      expect(regraded.sla).toMatchObject({
        responseDueAt: iso(T4 + 15 * MINUTE),
        respondedAt: iso(T4 + 20 * MINUTE),
        breached: true,
        breachedAt: iso(T4 + 15 * MINUTE),
      });
      await advance(t, 0);
      await advance(t, 60 * MINUTE);
      const events = ok(await t.as(senior.token).get(`/api/v1/tickets/${tk4.id}`)).events;
      expect(events.filter((e: any) => e.kind === 'sla_breached').map((e: any) => [e.at, e.data.escalated])).toEqual([
        [iso(T4 + 40 * MINUTE), true],
      ]);
      for (const who of [senior, tam]) {
        const escalations = await staffMessages(who, 'sla.breached', tk4.id);
        expect(escalations).toHaveLength(1);
        expect(escalations[0]!.data).toMatchObject({ responseDueAt: iso(T4 + 15 * MINUTE) });
      }
      const breaches = rx
        .at(`/late/${late.id}`)
        .map((r) => ({ r, body: JSON.parse(r.body) }))
        .filter(({ body }) => body.type === 'ticket.sla_breached');
      expect(breaches).toHaveLength(1);
      expect(verifyStandardWebhook(hook.secret, breaches[0]!.r.headers, breaches[0]!.r.body)).toBe(true);
      expect(breaches[0]!.body.data).toMatchObject({
        breachedAt: iso(T4 + 15 * MINUTE),
        ticket: { id: tk4.id, breached: true },
      });
    });

    it('R-TKT-3 an unassigned ticket of an account without a TAM warns and escalates to the duty group: the engineers whose grade handles the level, not those below it', async () => {
      const below = await newStaff(t, 'support_engineer', 'expert'); // enterprise is handled by senior_expert
      const admin = await newStaff(t, 'provider_admin');
      const alone = await createCustomer(t, { name: 'No TAM', email: 'notam@example.com' });
      await buyPlan(t, alone.id, 'enterprise');
      const T5 = ms(await advance(t, MINUTE));
      const tk5 = await openTicket(t.as(alone.token), alone.id, 'core_system_down');
      await t.setClock(iso(T5 + 12 * MINUTE + 1000));
      for (const who of [senior, bystander]) {
        const warnings = await staffMessages(who, 'sla.warning', tk5.id);
        expect(warnings).toHaveLength(1);
        expect(warnings[0]).toMatchObject({
          accountId: alone.id,
          createdAt: iso(T5 + 12 * MINUTE),
          data: { responseDueAt: iso(T5 + 15 * MINUTE) },
        });
      }
      await t.setClock(iso(T5 + 15 * MINUTE + 1000));
      await advance(t, 30 * MINUTE);
      expect(ok(await t.api.get(`/api/v1/tickets/${tk5.id}`)).sla).toMatchObject({
        breached: true,
        breachedAt: iso(T5 + 15 * MINUTE),
        respondedAt: null,
      });
      for (const who of [senior, bystander]) {
        expect(await staffMessages(who, 'sla.breached', tk5.id)).toHaveLength(1);
        expect(await staffMessages(who, 'sla.warning', tk5.id)).toHaveLength(1);
      }
      // Below the level's grade, the account's absent TAM, and the admins (engineers were found): nothing.
      for (const who of [below, tam, admin]) {
        expect(await staffMessages(who, 'sla.warning', tk5.id)).toEqual([]);
        expect(await staffMessages(who, 'sla.breached', tk5.id)).toEqual([]);
      }
    });
  });

  describe('R-TKT-6 webhooks', () => {
    it('R-TKT-6 a business account’s receiver gets ticket.created, ticket.replied, ticket.status_changed and ticket.sla_breached, signed as Standard Webhooks say', async () => {
      const biz = await createCustomer(t, { name: 'ITSM', email: 'itsm@example.com' });
      await buyPlan(t, biz.id, 'business');
      const hook = ok(
        await t.as(biz.token).post(`/api/v1/accounts/${biz.id}/webhooks`, { url: rx.url(`/itsm/${biz.id}`) }),
        201,
      );
      expect(hook.secret).toMatch(/^whsec_/);
      const Tw = ms(await advance(t, MINUTE));
      const first = await openTicket(t.as(biz.token), biz.id, 'general_guidance');
      const staffReply = ok(
        await t.as(senior.token).post(`/api/v1/tickets/${first.id}/replies`, { body: 'We are on it' }),
        201,
      );
      ok(await t.as(senior.token).post(`/api/v1/tickets/${first.id}/status`, { status: 'waiting_for_customer' }));
      const second = await openTicket(t.as(biz.token), biz.id, 'production_down'); // 1 h, never answered
      await t.setClock(iso(Tw + 61 * MINUTE));

      const got = rx.at(`/itsm/${biz.id}`);
      const events = got.map((r) => ({
        r,
        body: JSON.parse(r.body) as { type: string; timestamp: string; data: any },
      }));
      for (const { r } of events) expect(verifyStandardWebhook(hook.secret, r.headers, r.body)).toBe(true);
      // A wrong secret does not verify (the check can fail).
      expect(
        verifyStandardWebhook(`whsec_${Buffer.alloc(32, 7).toString('base64')}`, got[0]!.headers, got[0]!.body),
      ).toBe(false);
      expect(new Set(got.map((r) => r.headers['webhook-id'])).size).toBe(got.length);
      const summary = events
        .map(
          ({ body }) =>
            `${body.type} ${body.data.ticket.id === first.id ? 'first' : body.data.ticket.id === second.id ? 'second' : '?'}${body.data.to ? ` ${body.data.from}→${body.data.to}` : ''}`,
        )
        .sort();
      expect(summary).toEqual(
        [
          'ticket.created first',
          'ticket.created second',
          'ticket.replied first',
          'ticket.status_changed first open→in_progress',
          'ticket.status_changed first in_progress→waiting_for_customer',
          'ticket.sla_breached second',
        ].sort(),
      );
      const replied = events.find((e) => e.body.type === 'ticket.replied')!.body;
      expect(replied.data).toMatchObject({ replyId: staffReply.reply.id, authorKind: 'staff', body: 'We are on it' });
      const breach = events.find((e) => e.body.type === 'ticket.sla_breached')!.body;
      expect(breach.data).toMatchObject({
        breachedAt: iso(Tw + 60 * MINUTE),
        ticket: { id: second.id, breached: true },
      });
      expect(breach.timestamp).toBe(iso(Tw + 60 * MINUTE));
    });

    it('R-TKT-6 a webhook stops receiving once the account’s level loses the ticket API (unsubscribed to basic): each event logged once as not entitled, never retried', async () => {
      const c = await createCustomer(t, { name: 'Leaving', email: 'leaving@example.com' });
      await buyPlan(t, c.id, 'business');
      const hook = ok(
        await t.as(c.token).post(`/api/v1/accounts/${c.id}/webhooks`, {
          url: rx.url(`/leaving/${c.id}`),
          events: ['ticket.created', 'ticket.status_changed'],
        }),
        201,
      );
      const tk = await openTicket(t.as(c.token), c.id, 'general_guidance');
      await advance(t, 1000);
      const path = `/leaving/${c.id}`;
      expect(rx.at(path).map((r) => JSON.parse(r.body).type)).toEqual(['ticket.created']);

      // The admin ends the plan: the account is back on the free default level, which has no ticket_api.
      ok(
        await t.api.post(`/api/v1/accounts/${c.id}/orders`, {
          action: 'unsubscribe',
          reason: 'testing_finished',
          agreementAccepted: true,
        }),
        201,
      );
      expect(ok(await t.api.get(`/api/v1/accounts/${c.id}/plan`)).level).toBe('basic');
      ok(await t.as(senior.token).post(`/api/v1/tickets/${tk.id}/status`, { status: 'resolved' }));
      await advance(t, 1000);
      // Long past every retry the outbox would make (30 s, 1 min, 2 min …).
      await advance(t, 60 * MINUTE);
      expect(rx.at(path).map((r) => JSON.parse(r.body).type)).toEqual(['ticket.created']);

      // The customer's key no longer reads the log (ticket_api); the admin does.
      expectError(
        await t.as(c.token).get(`/api/v1/accounts/${c.id}/webhooks/${hook.id}/deliveries`),
        403,
        'NOT_ENTITLED',
      );
      const log = ok(await t.api.get(`/api/v1/accounts/${c.id}/webhooks/${hook.id}/deliveries`));
      expect(log.items.map((d: any) => [d.eventType, d.succeeded, d.statusCode])).toEqual([
        ['ticket.status_changed', false, null],
        ['ticket.created', true, 200],
      ]);
      expect(log.items[0]!.error).toMatch(/^not entitled: .*\(basic\).*ticket_api/);

      // Back on business, the same endpoint receives again.
      await buyPlan(t, c.id, 'business');
      const again = await openTicket(t.as(c.token), c.id, 'general_guidance');
      await advance(t, 1000);
      const bodies = rx.at(path).map((r) => JSON.parse(r.body));
      expect(bodies.map((b) => b.type)).toEqual(['ticket.created', 'ticket.created']);
      expect(bodies[1].data.ticket.id).toBe(again.id);
    });

    it('R-TKT-6 a developer-level customer API key cannot register a webhook (NOT_ENTITLED ticket_api); the admin can', async () => {
      const dev = await createCustomer(t, { name: 'Dev' });
      await buyPlan(t, dev.id, 'developer', { unit: 'month', count: 1 });
      const details = expectError(
        await t.as(dev.token).post(`/api/v1/accounts/${dev.id}/webhooks`, { url: rx.url('/dev') }),
        403,
        'NOT_ENTITLED',
      );
      expect(details.entitlement).toBe('ticket_api');
      expect((await t.api.post(`/api/v1/accounts/${dev.id}/webhooks`, { url: rx.url('/dev') })).status).toBe(201);
    });
  });

  describe('R-NTF-1 mail and the message center', () => {
    it('R-NTF-1 a staff reply to a business customer is mailed in the account’s locale, once; the customer’s own replies are not mailed back', async () => {
      for (const [locale, address, subjectOf, titleOf] of [
        [
          'en-US',
          'ops-en@example.com',
          (n: string, s: string) => `Re: [Ticket ${n}] ${s}`,
          (n: string) => `New reply on ticket ${n}`,
        ],
        [
          'zh-CN',
          'ops-zh@example.com',
          (n: string, s: string) => `Re: [工单 ${n}] ${s}`,
          (n: string) => `工单 ${n} 有新回复`,
        ],
      ] as const) {
        const c = await createCustomer(t, { name: `Mail ${locale}`, email: address, locale });
        await buyPlan(t, c.id, 'business');
        await advance(t, 0);
        const before = smtp.to(address).length;
        const tk = await openTicket(t.as(c.token), c.id, 'general_guidance', { subject: `Disk alarm ${locale}` });
        ok(await t.as(c.token).post(`/api/v1/tickets/${tk.id}/replies`, { body: 'more details' }), 201);
        await advance(t, 1000);
        // Only the acknowledgement: the customer's own reply is not mailed back.
        expect(
          smtp
            .to(address)
            .slice(before)
            .map((m) => m.headers.get('message-id')),
        ).toHaveLength(1);
        const mid = smtp.to(address).length;
        ok(await t.as(senior.token).post(`/api/v1/tickets/${tk.id}/replies`, { body: 'Please check the disk' }), 201);
        await advance(t, 1000);
        // One staff reply, one mail (the move to in progress it causes is not mailed on its own).
        const replies = smtp.to(address).slice(mid);
        expect(replies.map((m) => m.subject)).toEqual([subjectOf(tk.number, `Disk alarm ${locale}`)]);
        expect(replies[0]!.headers.get('from')).toBe('Tierdesk <support@tierdesk.test>');
        expect(replies[0]!.text).toContain(titleOf(tk.number));
        expect(replies[0]!.text).toContain('Please check the disk');
        // Nothing mailed in the other language.
        const other = locale === 'en-US' ? `工单 ${tk.number}` : `ticket ${tk.number}`;
        expect(smtp.mails.filter((m) => m.subject.includes(other) || m.text.includes(other))).toEqual([]);
      }
    });

    it('R-NTF-1 a staff reply puts ticket.replied in the customer’s message center; the customer’s own reply does not', async () => {
      const c = await createCustomer(t, { name: 'Center' });
      await buyPlan(t, c.id, 'business');
      const tk = await openTicket(t.as(c.token), c.id, 'general_guidance');
      ok(await t.as(c.token).post(`/api/v1/tickets/${tk.id}/replies`, { body: 'first words' }), 201);
      await advance(t, 1000);
      // The acknowledgement only.
      expect(forTicket(await messageCenter(t, c.id), tk.id).map((m) => m.kind)).toEqual(['ticket.created']);
      const staffReply = ok(await t.as(senior.token).post(`/api/v1/tickets/${tk.id}/replies`, { body: 'answer' }), 201);
      ok(await t.as(senior.token).post(`/api/v1/tickets/${tk.id}/replies`, { body: 'internal', internal: true }), 201);
      ok(await t.as(c.token).post(`/api/v1/tickets/${tk.id}/replies`, { body: 'thanks' }), 201);
      await advance(t, 1000);
      const replied = forTicket(await messageCenter(t, c.id, 'ticket.replied'), tk.id);
      expect(replied).toHaveLength(1);
      expect(replied[0]!.data).toMatchObject({ replyId: staffReply.reply.id, authorKind: 'staff' });
      expect(JSON.stringify(await messageCenter(t, c.id))).not.toContain('internal');
      // The customer reads it in its own message center too.
      expect(ok(await t.as(c.token).get(`/api/v1/accounts/${c.id}/messages?kind=ticket.replied`)).total).toBe(1);
    });

    it('R-NTF-1 every status change is told once, even several within one instant: resolve → reopen → resolve sends two "resolved" notices', async () => {
      const c = await createCustomer(t, { name: 'Flip' });
      await buyPlan(t, c.id, 'business');
      const hook = ok(
        await t.as(c.token).post(`/api/v1/accounts/${c.id}/webhooks`, { url: rx.url(`/flip/${c.id}`) }),
        201,
      );
      const tk = await openTicket(t.as(c.token), c.id, 'general_guidance');
      await advance(t, 1000);
      // No clock move between the three: the same instant.
      ok(await t.as(senior.token).post(`/api/v1/tickets/${tk.id}/status`, { status: 'resolved' }));
      ok(await t.as(c.token).post(`/api/v1/tickets/${tk.id}/status`, { status: 'in_progress', reason: 'not fixed' }));
      ok(await t.as(senior.token).post(`/api/v1/tickets/${tk.id}/status`, { status: 'resolved' }));
      await advance(t, 1000);
      const told = forTicket(await messageCenter(t, c.id, 'ticket.status_changed'), tk.id).map(
        (m) => `${m.data.from}→${m.data.to}`,
      );
      expect(told.sort()).toEqual(['in_progress→resolved', 'open→resolved', 'resolved→in_progress']);
      const hooks = rx
        .at(`/flip/${c.id}`)
        .map((r) => ({ r, body: JSON.parse(r.body) }))
        .filter(({ body }) => body.type === 'ticket.status_changed');
      expect(hooks.map(({ body }) => `${body.data.from}→${body.data.to}`).sort()).toEqual([
        'in_progress→resolved',
        'open→resolved',
        'resolved→in_progress',
      ]);
      for (const { r } of hooks) expect(verifyStandardWebhook(hook.secret, r.headers, r.body)).toBe(true);
    });
  });
});

describe.each(DB_KINDS)('ticket notifications, ctyun (%s)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ kind, catalog: 'ctyun' });
    await t.setClock('2026-03-02T10:00:00+08:00');
  });
  afterAll(async () => t?.close());

  it('R-TKT-3 a Tianyi standard (not binding) ticket records breached=true but escalates to nobody; a light ticket of the same staff does', async () => {
    const engineer = await newStaff(t, 'support_engineer', 'principal_engineer');
    const tam = await newStaff(t, 'tam');
    const std = await createCustomer(t, { name: 'Standard' });
    ok(await t.api.post(`/api/v1/accounts/${std.id}/approval`, { tamUserId: tam.userId }));
    const light = await createCustomer(t, { name: 'Light' });
    ok(await t.api.post(`/api/v1/accounts/${light.id}/approval`, { tamUserId: tam.userId }));
    await buyPlan(t, light.id, 'light');
    const T0 = ms(await clockNow(t));
    // Tianyi levels have no ticket API: the tickets come in through the console (here: the admin on their behalf).
    const free = await openTicket(t.api, std.id, 'urgent');
    const paid = await openTicket(t.api, light.id, 'urgent');
    expect(free.sla).toMatchObject({ target: 'PT30M', binding: false });
    expect(paid.sla).toMatchObject({ target: 'PT10M', binding: true });
    for (const tk of [free, paid])
      ok(await t.api.post(`/api/v1/tickets/${tk.id}/assign`, { assigneeId: engineer.userId }));
    await t.setClock(iso(T0 + 31 * MINUTE));
    await advance(t, 60 * MINUTE);

    const freeNow = ok(await t.api.get(`/api/v1/tickets/${free.id}`));
    expect(freeNow.sla).toMatchObject({ breached: true, breachedAt: iso(T0 + 30 * MINUTE) });
    expect(freeNow.events.find((e: any) => e.kind === 'sla_breached')!.data.escalated).toBe(false);
    for (const who of [engineer, tam]) {
      const all = await inbox(t, who.token);
      expect(all.filter((m) => m.data.ticketId === free.id && m.kind.startsWith('sla.'))).toEqual([]);
      expect(
        all
          .filter((m) => m.data.ticketId === paid.id && m.kind.startsWith('sla.'))
          .map((m) => m.kind)
          .sort(),
      ).toEqual(['sla.breached', 'sla.warning']);
    }
    expect(ok(await t.api.get(`/api/v1/tickets/${paid.id}`)).sla).toMatchObject({
      breached: true,
      breachedAt: iso(T0 + 10 * MINUTE),
    });
  });

  it('R-TKT-3 with no assignee, no TAM and no engineer of the level’s grade, the warning and the breach go to the provider admins', async () => {
    // ctyun enterprise is handled by experts (the top grade); this app's engineers are below it.
    const principal = await newStaff(t, 'support_engineer', 'principal_engineer');
    const admin = await newStaff(t, 'provider_admin');
    const ent = await createCustomer(t, { name: 'Enterprise, no TAM' });
    await buyPlan(t, ent.id, 'enterprise');
    const T1 = ms(await advance(t, MINUTE));
    const tk = await openTicket(t.api, ent.id, 'urgent');
    expect(tk.sla).toMatchObject({ target: 'PT10M', binding: true });
    await t.setClock(iso(T1 + 10 * MINUTE + 1000));
    await advance(t, 10 * MINUTE);
    expect(ok(await t.api.get(`/api/v1/tickets/${tk.id}`)).sla).toMatchObject({
      breached: true,
      breachedAt: iso(T1 + 10 * MINUTE),
    });
    const adminGot = (await inbox(t, admin.token)).filter((m) => m.data.ticketId === tk.id);
    expect(adminGot.map((m) => [m.kind, m.createdAt]).sort()).toEqual([
      ['sla.breached', iso(T1 + 10 * MINUTE)],
      ['sla.warning', iso(T1 + 8 * MINUTE)],
    ]);
    expect((await inbox(t, principal.token)).filter((m) => m.data.ticketId === tk.id)).toEqual([]);
  });
});
