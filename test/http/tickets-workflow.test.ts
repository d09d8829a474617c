/**
 * The life of a ticket through HTTP (R-TKT-1/3/4/5/6, R-ACC-4): status moves a helpdesk allows, replies and
 * internal notes, ratings, assignment by handler grade, staff re-grades and the SLA that follows them, search and
 * pagination, the staff queue, attachments. One app per database; the app's attachment limit is 1024 bytes.
 */
import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/platform/sql-params.js';
import { DB_KINDS } from '../support/databases.js';
import { buyPlan, createCustomer, startTestApp, type TestApp } from '../support/harness.js';
import { expectError, type Actor } from '../support/actors.js';
import { advance, clockNow, inbox, iso, MINUTE, ms, newStaff, ok, openTicket } from '../support/tickets.js';

const MAX_BYTES = 1024;

describe.each(DB_KINDS)('ticket workflow, huaweicloud-intl (%s)', (kind) => {
  let t: TestApp;
  /** business: ticket_api, 7x24, handled by experts. */
  let biz: { id: string; token: string };
  /** enterprise: handled by senior experts. */
  let ent: { id: string; token: string };
  /** Another tenant (business). */
  let other: { id: string; token: string };
  let engineer: Actor;
  let senior: Actor;

  beforeAll(async () => {
    t = await startTestApp({ kind, config: { attachmentMaxBytes: MAX_BYTES } });
    await t.setClock('2026-03-02T10:00:00+08:00');
    biz = await createCustomer(t, { name: 'Biz' });
    await buyPlan(t, biz.id, 'business');
    ent = await createCustomer(t, { name: 'Ent' });
    await buyPlan(t, ent.id, 'enterprise');
    other = await createCustomer(t, { name: 'Other' });
    await buyPlan(t, other.id, 'business');
    engineer = await newStaff(t, 'support_engineer', 'engineer');
    senior = await newStaff(t, 'support_engineer', 'senior_expert');
  });
  afterAll(async () => t?.close());

  const staffApi = () => t.as(senior.token);
  const status = (
    token: string,
    id: string,
    to: 'open' | 'in_progress' | 'waiting_for_customer' | 'resolved' | 'closed',
    reason?: string,
  ) => t.as(token).post(`/api/v1/tickets/${id}/status`, { status: to, ...(reason ? { reason } : {}) });
  const get = async (token: string, id: string) => ok(await t.as(token).get(`/api/v1/tickets/${id}`));

  describe('R-TKT-1 status transitions', () => {
    it('R-TKT-1 staff and customers move a ticket through the helpdesk states; closed is terminal (INVALID_STATE)', async () => {
      const tk = await openTicket(t.as(biz.token), biz.id, 'general_guidance');
      expect(tk.status).toBe('open');
      const waiting = ok(await status(senior.token, tk.id, 'waiting_for_customer', 'need logs'));
      expect(waiting.status).toBe('waiting_for_customer');
      const resolved = ok(await status(senior.token, tk.id, 'resolved'));
      expect(resolved.status).toBe('resolved');
      expect(resolved.resolvedAt).toBe(await clockNow(t));
      // A resolved ticket may be reopened (by the customer) …
      const reopened = ok(await status(biz.token, tk.id, 'in_progress', 'it is back'));
      expect(reopened).toMatchObject({ status: 'in_progress', resolvedAt: null });
      // … and closed.
      ok(await status(senior.token, tk.id, 'resolved'));
      await advance(t, MINUTE);
      const closed = ok(await t.as(biz.token).post(`/api/v1/tickets/${tk.id}/close`));
      expect(closed.status).toBe('closed');
      expect(closed.closedAt).toBe(await clockNow(t));

      for (const [token, to] of [
        [senior.token, 'in_progress'],
        [senior.token, 'resolved'],
        [senior.token, 'waiting_for_customer'],
        [biz.token, 'in_progress'],
        [biz.token, 'resolved'],
      ] as const) {
        expectError(await status(token, tk.id, to), 409, 'INVALID_STATE');
      }
      expectError(await t.as(biz.token).post(`/api/v1/tickets/${tk.id}/close`), 409, 'INVALID_STATE');
      // The history: every move logged with its actor, and the reason where one was given.
      const moves = (await get(senior.token, tk.id)).events
        .filter((e: { kind: string }) => e.kind === 'status_changed')
        .map((e: any) => [e.data.from, e.data.to, e.actor, e.data.reason ?? null]);
      expect(moves).toEqual([
        ['open', 'waiting_for_customer', senior.userId, 'need logs'],
        ['waiting_for_customer', 'resolved', senior.userId, null],
        ['resolved', 'in_progress', expect.any(String), 'it is back'],
        ['in_progress', 'resolved', senior.userId, null],
        ['resolved', 'closed', expect.any(String), null],
      ]);
    });

    it('R-TKT-1 no ticket goes back to open, and a move to the current status is INVALID_STATE', async () => {
      const tk = await openTicket(t.as(biz.token), biz.id, 'general_guidance');
      expectError(await status(senior.token, tk.id, 'open'), 409, 'INVALID_STATE');
      ok(await status(senior.token, tk.id, 'in_progress'));
      expectError(await status(senior.token, tk.id, 'in_progress'), 409, 'INVALID_STATE');
      expectError(await status(senior.token, tk.id, 'open'), 409, 'INVALID_STATE');
      expect((await get(senior.token, tk.id)).status).toBe('in_progress');
    });

    it('R-TKT-1 a customer may resolve, close or reopen a resolved ticket, but not set waiting_for_customer (FORBIDDEN)', async () => {
      const tk = await openTicket(t.as(biz.token), biz.id, 'general_guidance');
      expectError(await status(biz.token, tk.id, 'waiting_for_customer'), 403, 'FORBIDDEN');
      expectError(await status(biz.token, tk.id, 'open'), 403, 'FORBIDDEN');
      // Reopening is for resolved tickets only.
      expectError(await status(biz.token, tk.id, 'in_progress'), 409, 'INVALID_STATE');
      expect((await get(biz.token, tk.id)).status).toBe('open');
      expect(ok(await status(biz.token, tk.id, 'resolved')).status).toBe('resolved');
      expect(ok(await status(biz.token, tk.id, 'in_progress')).status).toBe('in_progress');
      expect(ok(await status(biz.token, tk.id, 'closed')).status).toBe('closed');
    });

    it('R-TKT-3 a public staff reply moves open → in_progress; a customer reply moves waiting_for_customer → in_progress; an internal note moves nothing', async () => {
      const tk = await openTicket(t.as(biz.token), biz.id, 'general_guidance');
      const note = ok(
        await staffApi().post(`/api/v1/tickets/${tk.id}/replies`, { body: 'checking the logs', internal: true }),
        201,
      );
      expect(note.ticket.status).toBe('open');
      expect(note.reply.visibility).toBe('internal');
      const customerFirst = ok(
        await t.as(biz.token).post(`/api/v1/tickets/${tk.id}/replies`, { body: 'any news?' }),
        201,
      );
      expect(customerFirst.ticket.status).toBe('open');
      const reply = ok(
        await staffApi().post(`/api/v1/tickets/${tk.id}/replies`, { body: 'Please send the logs' }),
        201,
      );
      expect(reply.ticket.status).toBe('in_progress');
      expect(reply.reply).toMatchObject({ authorKind: 'staff', visibility: 'public', authorId: senior.userId });
      ok(await status(senior.token, tk.id, 'waiting_for_customer'));
      const answer = ok(await t.as(biz.token).post(`/api/v1/tickets/${tk.id}/replies`, { body: 'logs attached' }), 201);
      expect(answer.ticket.status).toBe('in_progress');
      expect(answer.reply.authorKind).toBe('customer');
    });

    it('R-TKT-1 replies on a closed ticket are INVALID_STATE, for customers and staff alike', async () => {
      const tk = await openTicket(t.as(biz.token), biz.id, 'general_guidance');
      ok(await t.as(biz.token).post(`/api/v1/tickets/${tk.id}/close`));
      expectError(
        await t.as(biz.token).post(`/api/v1/tickets/${tk.id}/replies`, { body: 'one more thing' }),
        409,
        'INVALID_STATE',
      );
      expectError(await staffApi().post(`/api/v1/tickets/${tk.id}/replies`, { body: 'sorry' }), 409, 'INVALID_STATE');
      expectError(
        await staffApi().post(`/api/v1/tickets/${tk.id}/replies`, { body: 'note', internal: true }),
        409,
        'INVALID_STATE',
      );
      expect((await get(senior.token, tk.id)).replies).toEqual([]);
    });
  });

  it('R-TKT-1 internal notes are hidden from customers (replies and events); customers may not post them (FORBIDDEN)', async () => {
    const tk = await openTicket(t.as(ent.token), ent.id, 'general_guidance');
    const SECRET = 'internal-only: the customer misconfigured the VPC';
    ok(await staffApi().post(`/api/v1/tickets/${tk.id}/replies`, { body: SECRET, internal: true }), 201);
    ok(await staffApi().post(`/api/v1/tickets/${tk.id}/assign`, { assigneeId: senior.userId }));
    ok(await staffApi().post(`/api/v1/tickets/${tk.id}/replies`, { body: 'We are looking into it' }), 201);
    expectError(
      await t.as(ent.token).post(`/api/v1/tickets/${tk.id}/replies`, { body: 'let me hide this', internal: true }),
      403,
      'FORBIDDEN',
    );

    const asStaff = await get(senior.token, tk.id);
    expect(asStaff.replies.map((r: any) => [r.visibility, r.body])).toEqual([
      ['internal', SECRET],
      ['public', 'We are looking into it'],
    ]);
    expect(asStaff.events.map((e: any) => e.kind)).toContain('assigned');
    expect(asStaff.assigneeId).toBe(senior.userId);

    const asCustomer = await get(ent.token, tk.id);
    expect(asCustomer.replies.map((r: any) => [r.visibility, r.body])).toEqual([['public', 'We are looking into it']]);
    expect(asCustomer.events.map((e: any) => e.kind)).not.toContain('assigned');
    expect(asCustomer.events.length).toBeLessThan(asStaff.events.length);
    expect(asCustomer.assigneeId).toBeUndefined();
    expect(JSON.stringify(asCustomer)).not.toContain('misconfigured');
    // Nor through the list.
    const list = ok(await t.as(ent.token).get(`/api/v1/tickets?accountId=${ent.id}&pageSize=100`));
    expect(JSON.stringify(list)).not.toContain('misconfigured');
    expect(list.items.find((i: any) => i.id === tk.id)!.assigneeId).toBeUndefined();
  });

  describe('R-TKT-5 ratings', () => {
    it('R-TKT-5 1–5 stars once after resolution: INVALID_STATE before and on the second rating; VALIDATION_FAILED for 0 or 6; FORBIDDEN for staff', async () => {
      const tk = await openTicket(t.as(biz.token), biz.id, 'general_guidance');
      const rate = (token: string, body: unknown) =>
        t.as(token).unchecked.post(`/api/v1/tickets/${tk.id}/rating`, body);
      expectError(await rate(biz.token, { stars: 5 }), 409, 'INVALID_STATE');
      ok(await staffApi().post(`/api/v1/tickets/${tk.id}/replies`, { body: 'fixed' }), 201);
      expectError(await rate(biz.token, { stars: 4 }), 409, 'INVALID_STATE');
      ok(await status(senior.token, tk.id, 'resolved'));
      for (const stars of [0, 6, 2.5, -1]) {
        const details = expectError(await rate(biz.token, { stars }), 400, 'VALIDATION_FAILED');
        expect(details.issues.map((i: { path: string }) => i.path)).toContain('body.stars');
      }
      expectError(await rate(senior.token, { stars: 5 }), 403, 'FORBIDDEN');
      expectError(await t.api.post(`/api/v1/tickets/${tk.id}/rating`, { stars: 5 }), 403, 'FORBIDDEN');
      expect((await get(biz.token, tk.id)).rating).toBeNull();
      const rated = ok(await rate(biz.token, { stars: 4, comment: 'quick and helpful' }));
      expect(rated.rating).toEqual({ stars: 4, comment: 'quick and helpful', ratedAt: await clockNow(t) });
      expectError(await rate(biz.token, { stars: 1 }), 409, 'INVALID_STATE');
      // Closing keeps the rating.
      ok(await t.as(biz.token).post(`/api/v1/tickets/${tk.id}/close`));
      expect((await get(biz.token, tk.id)).rating).toMatchObject({ stars: 4, comment: 'quick and helpful' });
      expect(
        (await get(senior.token, tk.id)).events.filter((e: any) => e.kind === 'rated').map((e: any) => e.data.stars),
      ).toEqual([4]);
    });

    it('R-TKT-5 each of 1…5 stars is accepted after resolution, also once the resolved ticket is closed', async () => {
      for (const stars of [1, 2, 3, 4, 5]) {
        const tk = await openTicket(t.as(biz.token), biz.id, 'general_guidance');
        ok(await status(senior.token, tk.id, 'resolved'));
        if (stars === 5) ok(await t.as(biz.token).post(`/api/v1/tickets/${tk.id}/close`));
        expect(ok(await t.as(biz.token).post(`/api/v1/tickets/${tk.id}/rating`, { stars })).rating!.stars).toBe(stars);
      }
    });

    it('R-TKT-5 a ticket closed without being resolved, or reopened and closed before a new resolution, cannot be rated (INVALID_STATE)', async () => {
      const unresolved = await openTicket(t.as(biz.token), biz.id, 'general_guidance');
      ok(await status(senior.token, unresolved.id, 'closed'));
      expect(
        expectError(
          await t.as(biz.token).post(`/api/v1/tickets/${unresolved.id}/rating`, { stars: 3 }),
          409,
          'INVALID_STATE',
        ),
      ).toMatchObject({ status: 'closed' });
      const reopened = await openTicket(t.as(biz.token), biz.id, 'general_guidance');
      ok(await status(senior.token, reopened.id, 'resolved'));
      ok(await status(biz.token, reopened.id, 'in_progress', 'still broken'));
      ok(await t.as(biz.token).post(`/api/v1/tickets/${reopened.id}/close`));
      expectError(
        await t.as(biz.token).post(`/api/v1/tickets/${reopened.id}/rating`, { stars: 2 }),
        409,
        'INVALID_STATE',
      );
      for (const tk of [unresolved, reopened]) expect((await get(biz.token, tk.id)).rating).toBeNull();
    });
  });

  describe('R-ACC-4 assignment', () => {
    it('R-ACC-4 an engineer below the level’s handler grade cannot take an enterprise ticket (VALIDATION_FAILED body.assigneeId); a senior_expert can', async () => {
      const tk = await openTicket(t.as(ent.token), ent.id, 'production_impaired');
      const before = await inbox(t, senior.token, 'ticket.assigned');
      const refused = expectError(
        await staffApi().post(`/api/v1/tickets/${tk.id}/assign`, { assigneeId: engineer.userId }),
        400,
        'VALIDATION_FAILED',
      );
      expect(refused.issues[0]!.path).toBe('body.assigneeId');
      expect(refused.issues[0]!.message).toContain('senior_expert');
      let now = await get(senior.token, tk.id);
      expect(now).toMatchObject({ status: 'open', assigneeId: null });
      // An expert is still below senior_expert; a customer user is no assignee at all.
      const expert = await newStaff(t, 'support_engineer', 'expert');
      expectError(
        await staffApi().post(`/api/v1/tickets/${tk.id}/assign`, { assigneeId: expert.userId }),
        400,
        'VALIDATION_FAILED',
      );
      const customerUser = ok(
        await t.api.post(`/api/v1/accounts/${ent.id}/users`, {
          name: 'm',
          email: 'm@example.com',
          role: 'customer_member',
        }),
        201,
      );
      expectError(
        await staffApi().post(`/api/v1/tickets/${tk.id}/assign`, { assigneeId: customerUser.id }),
        400,
        'VALIDATION_FAILED',
      );
      expectError(
        await t.as(ent.token).post(`/api/v1/tickets/${tk.id}/assign`, { assigneeId: senior.userId }),
        403,
        'FORBIDDEN',
      );

      const assigned = ok(
        await t.as(engineer.token).post(`/api/v1/tickets/${tk.id}/assign`, { assigneeId: senior.userId }),
      );
      expect(assigned).toMatchObject({ status: 'in_progress', assigneeId: senior.userId });
      // Assignment is a status change, not a response: the SLA clock keeps running.
      expect(assigned.sla.respondedAt).toBeNull();
      now = await get(senior.token, tk.id);
      expect(
        now.events.filter((e: any) => e.kind === 'status_changed').map((e: any) => [e.data.from, e.data.to]),
      ).toEqual([['open', 'in_progress']]);
      await advance(t, 0); // deliver what is due
      const after = await inbox(t, senior.token, 'ticket.assigned');
      expect(after.length).toBe(before.length + 1);
      expect(after.filter((m) => m.data.ticketId === tk.id)).toHaveLength(1);
      expect(await inbox(t, engineer.token, 'ticket.assigned')).toEqual([]);
      // The engineer may take a ticket of a level an engineer handles (none here: business needs an expert).
      const bizTicket = await openTicket(t.as(biz.token), biz.id, 'general_guidance');
      expectError(
        await staffApi().post(`/api/v1/tickets/${bizTicket.id}/assign`, { assigneeId: engineer.userId }),
        400,
        'VALIDATION_FAILED',
      );
      expect(
        ok(await staffApi().post(`/api/v1/tickets/${bizTicket.id}/assign`, { assigneeId: expert.userId })).assigneeId,
      ).toBe(expert.userId);
    });
  });

  describe('R-TKT-3 staff re-grade', () => {
    it('R-TKT-3 the deadline = creation time + the new target on the level’s clock; logged with its reason; originalSeverity kept; the sweep follows', async () => {
      const opened = await advance(t, MINUTE);
      const tk = await openTicket(t.as(biz.token), biz.id, 'general_guidance');
      expect(tk.sla).toMatchObject({ target: 'PT24H', responseDueAt: iso(ms(opened) + 24 * 60 * MINUTE) });
      const at = await advance(t, 30 * MINUTE);
      const regraded = ok(
        await staffApi().post(`/api/v1/tickets/${tk.id}/severity`, {
          severity: 'production_down',
          reason: 'the whole shop is down',
        }),
      );
      expect(regraded).toMatchObject({ severity: 'production_down', originalSeverity: 'general_guidance' });
      expect(regraded.sla).toMatchObject({
        target: 'PT1H',
        targetMinutes: 60,
        responseDueAt: iso(ms(opened) + 60 * MINUTE),
        breached: false,
        breachedAt: null,
      });
      const ev = (await get(senior.token, tk.id)).events.find((e: any) => e.kind === 'regraded');
      expect(ev).toMatchObject({
        actor: senior.userId,
        at,
        data: { from: 'general_guidance', to: 'production_down', reason: 'the whole shop is down' },
      });
      // The customer sees the new severity, and the one it chose.
      expect(await get(biz.token, tk.id)).toMatchObject({
        severity: 'production_down',
        originalSeverity: 'general_guidance',
      });
      // The breach sweep works on the new deadline.
      await t.setClock(iso(ms(opened) + 60 * MINUTE - 1000));
      expect((await get(senior.token, tk.id)).sla.breached).toBe(false);
      await t.setClock(iso(ms(opened) + 61 * MINUTE));
      expect((await get(senior.token, tk.id)).sla).toMatchObject({
        breached: true,
        breachedAt: iso(ms(opened) + 60 * MINUTE),
      });
    });

    it('R-TKT-3 a re-grade to a target already past with no response is breached at the re-grade', async () => {
      const opened = await advance(t, MINUTE);
      const tk = await openTicket(t.as(biz.token), biz.id, 'general_guidance');
      const at = await advance(t, 2 * 60 * MINUTE);
      const regraded = ok(
        await staffApi().post(`/api/v1/tickets/${tk.id}/severity`, {
          severity: 'production_down',
          reason: 'outage confirmed',
        }),
      );
      expect(regraded.sla).toMatchObject({
        responseDueAt: iso(ms(opened) + 60 * MINUTE),
        breached: true,
        breachedAt: at,
        respondedAt: null,
      });
      const events = (await get(senior.token, tk.id)).events;
      expect(events.find((e: any) => e.kind === 'regraded')!.data).toMatchObject({
        reason: 'outage confirmed',
        breached: true,
      });
      // A reply afterwards is late and does not undo the breach.
      await advance(t, MINUTE);
      const reply = ok(await staffApi().post(`/api/v1/tickets/${tk.id}/replies`, { body: 'on it' }), 201);
      expect(reply.ticket.sla).toMatchObject({ breached: true, breachedAt: at });
    });

    it('R-TKT-3 a re-grade of an answered ticket keeps its stopped clock: on time when the reply met the new deadline', async () => {
      const opened = await advance(t, MINUTE);
      const tk = await openTicket(t.as(biz.token), biz.id, 'general_guidance');
      const answered = await advance(t, 20 * MINUTE);
      ok(await staffApi().post(`/api/v1/tickets/${tk.id}/replies`, { body: 'hello' }), 201);
      await advance(t, 3 * 60 * MINUTE);
      const regraded = ok(
        await staffApi().post(`/api/v1/tickets/${tk.id}/severity`, {
          severity: 'production_down',
          reason: 'late escalation',
        }),
      );
      expect(regraded.sla).toMatchObject({
        responseDueAt: iso(ms(opened) + 60 * MINUTE),
        respondedAt: answered,
        breached: false,
      });
    });

    it('R-TKT-2 a re-grade to a severity the level does not offer is NOT_ENTITLED with allowedSeverities; the ticket is unchanged', async () => {
      const tk = await openTicket(t.as(biz.token), biz.id, 'general_guidance');
      const details = expectError(
        await staffApi().post(`/api/v1/tickets/${tk.id}/severity`, { severity: 'core_system_down', reason: 'r' }),
        403,
        'NOT_ENTITLED',
      );
      expect(details).toMatchObject({
        entitlement: 'severity:core_system_down',
        allowedSeverities: ['production_down', 'production_impaired', 'system_impaired', 'general_guidance'],
      });
      const now = await get(senior.token, tk.id);
      expect(now).toMatchObject({ severity: 'general_guidance', sla: { target: 'PT24H' } });
      expect(now.events.map((e: any) => e.kind)).not.toContain('regraded');
    });

    it('R-TKT-4 customers cannot re-grade (FORBIDDEN); a re-grade needs a reason', async () => {
      const tk = await openTicket(t.as(biz.token), biz.id, 'general_guidance');
      expectError(
        await t
          .as(biz.token)
          .post(`/api/v1/tickets/${tk.id}/severity`, { severity: 'production_down', reason: 'urgent!' }),
        403,
        'FORBIDDEN',
      );
      const details = expectError(
        await staffApi().unchecked.post(`/api/v1/tickets/${tk.id}/severity`, { severity: 'production_down' }),
        400,
        'VALIDATION_FAILED',
      );
      expect(details.issues?.[0]?.path).toBe('body.reason');
      expect((await get(biz.token, tk.id)).severity).toBe('general_guidance');
    });
  });

  it('R-TKT-6 another tenant’s ticket is NOT_FOUND before any other refusal (internal note, status, re-grade, assignment, internal attachment)', async () => {
    const tk = await openTicket(t.as(biz.token), biz.id, 'general_guidance');
    const as = t.as(other.token);
    for (const res of [
      await as.post(`/api/v1/tickets/${tk.id}/replies`, { body: 'x', internal: true }),
      await as.post(`/api/v1/tickets/${tk.id}/status`, { status: 'waiting_for_customer' }),
      await as.post(`/api/v1/tickets/${tk.id}/severity`, { severity: 'production_down', reason: 'x' }),
      await as.post(`/api/v1/tickets/${tk.id}/assign`, { assigneeId: senior.userId }),
      await as.post(`/api/v1/tickets/${tk.id}/attachments`, {
        filename: 'a.txt',
        contentType: 'text/plain',
        contentBase64: Buffer.from('x').toString('base64'),
        internal: true,
      }),
    ]) {
      expectError(res, 404, 'NOT_FOUND');
    }
  });

  describe('R-TKT-5 search and pagination', () => {
    let acct: { id: string; token: string };
    const created: any[] = [];

    beforeAll(async () => {
      acct = await createCustomer(t, { name: 'Search' });
      await buyPlan(t, acct.id, 'business');
      const subjects = [
        'Disk latency on ECS',
        'Network flapping in VPC',
        'Invoice question',
        'disk full on RDS',
        'Network ACL',
        'Login fails',
        'DNS',
        'Backup',
        'OBS 403',
        'ELB 502',
        'NAT',
        'Kafka lag',
      ];
      for (const subject of subjects) {
        await advance(t, 1000);
        created.push(
          await openTicket(t.as(acct.token), acct.id, 'general_guidance', { subject, description: 'see subject' }),
        );
      }
    });

    const list = async (query: string, token = acct.token) =>
      ok(await t.as(token).get(`/api/v1/tickets?accountId=${acct.id}&${query}`));

    it('R-TKT-5 pages are newest first with page, pageSize and total; together they list every ticket once', async () => {
      const newestFirst = [...created].reverse().map((c) => c.id);
      const first = await list('page=1&pageSize=5');
      expect(first).toMatchObject({ page: 1, pageSize: 5, total: 12 });
      expect(first.items.map((i: any) => i.id)).toEqual(newestFirst.slice(0, 5));
      const third = await list('page=3&pageSize=5');
      expect(third).toMatchObject({ page: 3, pageSize: 5, total: 12 });
      expect(third.items.map((i: any) => i.id)).toEqual(newestFirst.slice(10));
      const all: string[] = [];
      for (let page = 1; page <= 3; page++)
        all.push(...(await list(`page=${page}&pageSize=5`)).items.map((i: any) => i.id));
      expect(all).toEqual(newestFirst);
      expect((await list('page=4&pageSize=5')).items).toEqual([]);
      const byDefault = await list('');
      expect(byDefault).toMatchObject({ page: 1, pageSize: 10, total: 12 });
      expect(byDefault.items).toHaveLength(10);
      expectError(
        await t.as(acct.token).get(`/api/v1/tickets?accountId=${acct.id}&pageSize=101`),
        400,
        'VALIDATION_FAILED',
      );
      expectError(await t.as(acct.token).get(`/api/v1/tickets?accountId=${acct.id}&page=0`), 400, 'VALIDATION_FAILED');
      // Without accountId a customer lists its own tickets only.
      const own = ok(await t.as(acct.token).get('/api/v1/tickets?pageSize=100'));
      expect(own.total).toBe(12);
      expect(own.items.every((i: any) => i.accountId === acct.id)).toBe(true);
    });

    it('R-TKT-5 search by subject text (case-insensitive) and by number; filter by status', async () => {
      const disk = await list('q=DISK&pageSize=100');
      expect(disk.items.map((i: any) => i.subject).sort()).toEqual(['Disk latency on ECS', 'disk full on RDS']);
      expect(disk.total).toBe(2);
      const network = await list('q=network&pageSize=1');
      expect(network).toMatchObject({ total: 2, pageSize: 1 });
      expect(network.items[0]!.subject).toBe('Network ACL'); // the newer of the two
      const target = created[6];
      const byNumber = await list(`q=${encodeURIComponent(target.number)}`);
      expect(byNumber.items.map((i: any) => i.id)).toEqual([target.id]);
      expect((await list('q=nothing-like-this')).total).toBe(0);
      // Wildcards are literal.
      expect((await list('q=%25')).total).toBe(0);

      ok(await status(senior.token, created[0].id, 'resolved'));
      ok(await status(senior.token, created[1].id, 'closed'));
      ok(await status(senior.token, created[2].id, 'waiting_for_customer'));
      expect((await list('status=resolved')).items.map((i: any) => i.id)).toEqual([created[0].id]);
      expect((await list('status=open&pageSize=100')).total).toBe(9);
      expect((await list('status=resolved,closed')).items.map((i: any) => i.id)).toEqual([
        created[1].id,
        created[0].id,
      ]);
      expect((await list('status=open&q=disk')).items.map((i: any) => i.subject)).toEqual(['disk full on RDS']);
      // Another tenant sees none of them.
      expectError(await t.as(other.token).get(`/api/v1/tickets?accountId=${acct.id}`), 404, 'NOT_FOUND');
      const theirs = ok(await t.as(other.token).get('/api/v1/tickets?q=disk&pageSize=100'));
      expect(theirs.items.filter((i: any) => i.accountId === acct.id)).toEqual([]);
    });
  });

  it('R-TKT-3 the staff queue: unresponded first, by response deadline; filters level, severity, status, assigneeId; FORBIDDEN to customers', async () => {
    const q1 = await createCustomer(t, { name: 'Queue ent' });
    await buyPlan(t, q1.id, 'enterprise');
    const q2 = await createCustomer(t, { name: 'Queue biz' });
    await buyPlan(t, q2.id, 'business');
    const owner = await newStaff(t, 'support_engineer', 'senior_expert');
    await advance(t, MINUTE);
    const a = await openTicket(t.as(q1.token), q1.id, 'general_guidance'); // 16 h
    await advance(t, 1000);
    const b = await openTicket(t.as(q1.token), q1.id, 'core_system_down'); // 15 min
    const c = await openTicket(t.as(q1.token), q1.id, 'production_impaired'); // 3 h, answered below
    const d = await openTicket(t.as(q1.token), q1.id, 'system_impaired'); // 8 h, assigned
    const e = await openTicket(t.as(q1.token), q1.id, 'production_down'); // 30 min, resolved
    const f = await openTicket(t.as(q2.token), q2.id, 'system_impaired'); // business 12 h, assigned
    ok(await staffApi().post(`/api/v1/tickets/${c.id}/replies`, { body: 'answer' }), 201);
    ok(await staffApi().post(`/api/v1/tickets/${d.id}/assign`, { assigneeId: owner.userId }));
    ok(await staffApi().post(`/api/v1/tickets/${f.id}/assign`, { assigneeId: owner.userId }));
    ok(await status(senior.token, e.id, 'resolved'));

    const queue = async (query: string) =>
      ok(await staffApi().get(`/api/v1/queue?${query.includes('pageSize') ? '' : 'pageSize=100&'}${query}`));
    const ids = (page: any) => page.items.map((i: any) => i.id);
    const q1Queue = await queue(`accountId=${q1.id}`);
    expect(ids(q1Queue)).toEqual([b.id, d.id, a.id, c.id]);
    expect(q1Queue.total).toBe(4);
    // Across all accounts the order holds as a rule: unresponded first, each group by deadline.
    const everything = await queue('');
    const keys = everything.items.map((i: any) => [i.sla.respondedAt === null ? 0 : 1, ms(i.sla.responseDueAt)]);
    const sorted = [...keys].sort((x, y) => x[0]! - y[0]! || x[1]! - y[1]!);
    expect(keys).toEqual(sorted);
    expect(everything.items.every((i: any) => ['open', 'in_progress', 'waiting_for_customer'].includes(i.status))).toBe(
      true,
    );

    expect(ids(await queue(`accountId=${q1.id}&severity=core_system_down`))).toEqual([b.id]);
    expect(ids(await queue(`accountId=${q1.id}&status=resolved`))).toEqual([e.id]);
    expect(ids(await queue(`accountId=${q1.id}&status=in_progress`))).toEqual([d.id, c.id]);
    expect(ids(await queue(`accountId=${q1.id}&status=open`))).toEqual([b.id, a.id]);
    expect(ids(await queue(`assigneeId=${owner.userId}`))).toEqual([d.id, f.id]);
    expect(ids(await queue(`assigneeId=${owner.userId}&level=business`))).toEqual([f.id]);
    expect(ids(await queue(`assigneeId=${owner.userId}&level=enterprise`))).toEqual([d.id]);
    const paged = await queue(`accountId=${q1.id}&pageSize=2&page=2`);
    expect(paged).toMatchObject({ total: 4, page: 2, pageSize: 2 });
    expect(ids(paged)).toEqual([a.id, c.id]);
    expect(everything.items.find((i: any) => i.id === d.id)!.assigneeId).toBe(owner.userId);

    expectError(await t.as(q1.token).get('/api/v1/queue'), 403, 'FORBIDDEN');
  });

  describe('R-TKT-1 attachments', () => {
    const b64 = (buf: Buffer) => buf.toString('base64');
    async function download(token: string, ticketId: string, attId: string) {
      const res = await t.app.http.inject({
        method: 'GET',
        url: `/api/v1/tickets/${ticketId}/attachments/${attId}`,
        headers: { authorization: `Bearer ${token}` },
      });
      return { status: res.statusCode, bytes: res.rawPayload, headers: res.headers, json: () => JSON.parse(res.body) };
    }

    it('R-TKT-1 an upload (JSON base64) downloads as the same bytes with its content type', async () => {
      const tk = await openTicket(t.as(biz.token), biz.id, 'general_guidance');
      const png = Buffer.concat([
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0xfe, 0x80]),
        randomBytes(500),
      ]);
      const att = ok(
        await t.as(biz.token).post(`/api/v1/tickets/${tk.id}/attachments`, {
          filename: 'screen shot.png',
          contentType: 'image/png',
          contentBase64: b64(png),
        }),
        201,
      );
      expect(att).toMatchObject({
        filename: 'screen shot.png',
        contentType: 'image/png',
        sizeBytes: png.length,
        visibility: 'public',
        sha256: createHash('sha256').update(png).digest('hex'),
      });
      for (const token of [biz.token, senior.token]) {
        const got = await download(token, tk.id, att.id);
        expect(got.status).toBe(200);
        expect(String(got.headers['content-type'])).toMatch(/^image\/png/);
        expect(Buffer.compare(got.bytes, png)).toBe(0);
        expect(String(got.headers['content-disposition'])).toContain('screen%20shot.png');
      }
      const text = Buffer.from('line 1\nzeile 2 — ünïcode ✓\n', 'utf8');
      const txt = ok(
        await staffApi().post(`/api/v1/tickets/${tk.id}/attachments`, {
          filename: 'notes.txt',
          contentType: 'text/plain',
          contentBase64: b64(text),
        }),
        201,
      );
      const gotText = await download(biz.token, tk.id, txt.id);
      expect(String(gotText.headers['content-type'])).toMatch(/^text\/plain/);
      expect(Buffer.compare(gotText.bytes, text)).toBe(0);
      expect((await get(biz.token, tk.id)).attachments.map((a: any) => a.id)).toEqual([att.id, txt.id]);
    });

    it('R-TKT-1 an attachment over the size limit or of a disallowed type is VALIDATION_FAILED and not stored', async () => {
      const tk = await openTicket(t.as(biz.token), biz.id, 'general_guidance');
      const up = (body: Record<string, unknown>) =>
        t.as(biz.token).unchecked.post(`/api/v1/tickets/${tk.id}/attachments`, {
          filename: 'f.bin',
          contentType: 'application/pdf',
          ...body,
        });
      ok(await up({ contentBase64: b64(randomBytes(MAX_BYTES)) }), 201); // exactly the limit
      const tooBig = expectError(
        await up({ contentBase64: b64(randomBytes(MAX_BYTES + 1)) }),
        400,
        'VALIDATION_FAILED',
      );
      expect(tooBig.issues[0]!.path).toBe('body.contentBase64');
      const exe = expectError(
        await up({
          filename: 'setup.exe',
          contentType: 'application/x-msdownload',
          contentBase64: b64(Buffer.from('MZ\x90\x00')),
        }),
        400,
        'VALIDATION_FAILED',
      );
      expect(exe.issues[0]!.path).toBe('body.contentType');
      expectError(await up({ contentBase64: 'not base64!' }), 400, 'VALIDATION_FAILED');
      // At intake too.
      const atIntake = await t.as(biz.token).post('/api/v1/tickets', {
        accountId: biz.id,
        category: 'technical',
        severity: 'general_guidance',
        subject: 's',
        description: 'd',
        attachments: [
          { filename: 'x.exe', contentType: 'application/x-msdownload', contentBase64: b64(Buffer.from('MZ')) },
        ],
      });
      expect(expectError(atIntake, 400, 'VALIDATION_FAILED').issues[0]!.path).toBe('body.attachments.0.contentType');
      expect((await get(senior.token, tk.id)).attachments.map((a: any) => a.sizeBytes)).toEqual([MAX_BYTES]);
    });

    it('R-TKT-1 attachments sent with a new ticket (a customer with no webhook) are stored with it, and downloadable', async () => {
      const log = Buffer.from('2026-03-02 10:00:00 ERROR disk full\n', 'utf8');
      const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), randomBytes(200)]);
      const tk = await openTicket(t.as(biz.token), biz.id, 'general_guidance', {
        attachments: [
          { filename: 'app.log', contentType: 'text/plain', contentBase64: b64(log) },
          { filename: 'screen.png', contentType: 'image/png', contentBase64: b64(png) },
        ],
      });
      const stored = (await get(biz.token, tk.id)).attachments;
      expect(stored.map((a: any) => [a.filename, a.sizeBytes, a.visibility])).toEqual([
        ['app.log', log.length, 'public'],
        ['screen.png', png.length, 'public'],
      ]);
      expect(Buffer.compare((await download(biz.token, tk.id, stored[0]!.id)).bytes, log)).toBe(0);
      expect(Buffer.compare((await download(senior.token, tk.id, stored[1]!.id)).bytes, png)).toBe(0);
    });

    it('R-TKT-1 a ticket and its attachments are written together: an attachment the database refuses leaves no ticket behind', async () => {
      const db = t.app.deps.db;
      // A database-level failure on the second attachment (validation passed: the row itself is refused).
      await db.execute(
        sql.raw(`CREATE OR REPLACE FUNCTION refuse_boom() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN IF NEW.filename = 'boom.txt' THEN RAISE EXCEPTION 'refused attachment'; END IF; RETURN NEW; END $$`),
      );
      await db.execute(
        sql.raw(
          'CREATE TRIGGER refuse_boom BEFORE INSERT ON ticket_attachments FOR EACH ROW EXECUTE FUNCTION refuse_boom()',
        ),
      );
      try {
        const subject = `Atomic intake ${Date.now()}`;
        const res = await t.as(biz.token).post('/api/v1/tickets', {
          accountId: biz.id,
          category: 'technical',
          severity: 'general_guidance',
          subject,
          description: 'd',
          attachments: [
            { filename: 'fine.txt', contentType: 'text/plain', contentBase64: b64(Buffer.from('fine')) },
            { filename: 'boom.txt', contentType: 'text/plain', contentBase64: b64(Buffer.from('boom')) },
          ],
        });
        expectError(res, 500, 'INTERNAL_ERROR');
        expect(
          ok(await t.as(biz.token).get(`/api/v1/tickets?accountId=${biz.id}&q=${encodeURIComponent(subject)}`)).total,
        ).toBe(0);
        const orphans = await rowsOf<{ n: number }>(
          db,
          sql`SELECT count(*)::int AS n FROM ticket_attachments a LEFT JOIN tickets t ON t.id = a.ticket_id WHERE t.id IS NULL OR a.filename = 'fine.txt'`,
        );
        expect(orphans[0]!.n).toBe(0);
      } finally {
        await db.execute(sql.raw('DROP TRIGGER IF EXISTS refuse_boom ON ticket_attachments'));
        await db.execute(sql.raw('DROP FUNCTION IF EXISTS refuse_boom()'));
      }
    });

    it('R-TKT-6 another tenant’s attachment is NOT_FOUND; an internal attachment is invisible to customers', async () => {
      const tk = await openTicket(t.as(biz.token), biz.id, 'general_guidance');
      const pub = ok(
        await t.as(biz.token).post(`/api/v1/tickets/${tk.id}/attachments`, {
          filename: 'a.txt',
          contentType: 'text/plain',
          contentBase64: b64(Buffer.from('public')),
        }),
        201,
      );
      const internal = ok(
        await staffApi().post(`/api/v1/tickets/${tk.id}/attachments`, {
          filename: 'diag.txt',
          contentType: 'text/plain',
          contentBase64: b64(Buffer.from('internal')),
          internal: true,
        }),
        201,
      );
      expect(internal.visibility).toBe('internal');
      expectError(
        await t.as(biz.token).post(`/api/v1/tickets/${tk.id}/attachments`, {
          filename: 'b.txt',
          contentType: 'text/plain',
          contentBase64: b64(Buffer.from('x')),
          internal: true,
        }),
        403,
        'FORBIDDEN',
      );

      // Another tenant: through the owner's ticket, and through a ticket of its own.
      const theirs = await openTicket(t.as(other.token), other.id, 'general_guidance');
      for (const [ticketId, attId] of [
        [tk.id, pub.id],
        [theirs.id, pub.id],
      ]) {
        const res = await download(other.token, ticketId!, attId!);
        expect(res.status).toBe(404);
        expect(res.json().error.code).toBe('NOT_FOUND');
      }
      // Internal: hidden in the ticket and NOT_FOUND on download for the customer; staff get it.
      expect((await get(biz.token, tk.id)).attachments.map((a: any) => a.id)).toEqual([pub.id]);
      expect((await get(senior.token, tk.id)).attachments.map((a: any) => a.id)).toEqual([pub.id, internal.id]);
      const hidden = await download(biz.token, tk.id, internal.id);
      expect(hidden.status).toBe(404);
      expect(hidden.json().error.code).toBe('NOT_FOUND');
      const staffGot = await download(senior.token, tk.id, internal.id);
      expect(staffGot.status).toBe(200);
      expect(staffGot.bytes.toString()).toBe('internal');
    });
  });

  // Last in this app: it moves the ticket number sequence past six digits.
  it('R-TKT-1 ticket numbers past 999999 keep every digit and stay unique; the database refuses a duplicate number', async () => {
    const db = t.app.deps.db;
    await rowsOf(db, sql`SELECT setval('ticket_number_seq', 999998)`);
    const a = await openTicket(t.as(biz.token), biz.id, 'general_guidance');
    const b = await openTicket(t.as(biz.token), biz.id, 'general_guidance');
    expect(a.number).toMatch(/^T\d{8}999999$/);
    expect(b.number).toMatch(/^T\d{8}1000000$/);
    expect(a.number.slice(0, 9)).toBe(b.number.slice(0, 9));
    const c = await openTicket(t.as(ent.token), ent.id, 'general_guidance');
    expect(c.number).toMatch(/^T\d{8}1000001$/);
    expect(new Set([a.number, b.number, c.number]).size).toBe(3);
    // Searchable by the full number.
    expect(
      ok(await t.as(biz.token).get(`/api/v1/tickets?accountId=${biz.id}&q=${b.number}`)).items.map((i: any) => i.id),
    ).toEqual([b.id]);
    // The unique index: a second ticket with a number already taken is refused.
    const refused = await rowsOf(db, sql`UPDATE tickets SET number = ${a.number} WHERE id = ${b.id}`).then(
      () => null,
      (err: { cause?: { code?: string; message?: string } }) => err.cause,
    );
    expect(refused).toMatchObject({ code: '23505' }); // unique_violation
    expect(refused?.message).toContain('tickets_number_idx');
    expect((await get(senior.token, b.id)).number).toBe(b.number);
  });
});

describe.each(DB_KINDS)('ticket re-grades in an event-protection window, ctyun (%s)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ kind, catalog: 'ctyun' });
  });
  afterAll(async () => t?.close());

  it('R-TKT-3 seed 004 §1.5.11 二级重保 "提高一个级别" holds through a re-grade: staff re-grading to general inside the window keep it urgent (10 min), as at intake; outside it general is general', async () => {
    await t.setClock('2026-04-01T10:00:00+08:00');
    const c = await createCustomer(t, { name: 'Protected' });
    await buyPlan(t, c.id, 'enterprise', { unit: 'year', count: 1 });
    const l2 = ok(
      await t.as(c.token).post('/api/v1/service-requests', {
        accountId: c.id,
        type: 'event_protection',
        protectionLevel: 2,
        start: '2026-04-08',
        days: 2,
        scenario: 'important_event',
        contact: { name: 'Ops', phone: '+86 10 0000' },
      }),
      201,
    );
    await t.api.post(`/api/v1/service-requests/${l2.id}/accept`, {});
    expect(['processing', 'completed']).toContain(ok(await t.api.get(`/api/v1/service-requests/${l2.id}`)).status);
    const expert = await newStaff(t, 'support_engineer', 'expert');
    const regrade = (id: string, severity: string) =>
      t.as(expert.token).post(`/api/v1/tickets/${id}/severity`, { severity, reason: 'reassessed' });

    // In the window: opened urgent (the top stays urgent), re-graded to general → raised one level, to urgent.
    const T1 = ms(await t.setClock('2026-04-08T10:00:00+08:00'));
    const inWindow = await openTicket(t.api, c.id, 'urgent');
    expect(inWindow).toMatchObject({
      severity: 'urgent',
      sla: { target: 'PT10M', adjustment: { reason: 'event_protection', serviceRequestId: l2.id } },
    });
    await advance(t, 2 * MINUTE);
    const raised = ok(await regrade(inWindow.id, 'general'));
    expect(raised).toMatchObject({
      severity: 'urgent',
      sla: {
        target: 'PT10M',
        targetMinutes: 10,
        responseDueAt: iso(T1 + 10 * MINUTE),
        adjustment: { reason: 'event_protection', severity: 'urgent' },
      },
    });
    const ev = (await ticketOf(t, expert.token, inWindow.id)).events.find((e: any) => e.kind === 'regraded')!;
    expect(ev.data).toMatchObject({ from: 'urgent', to: 'urgent', requested: 'general', reason: 'reassessed' });

    // Outside any window the same re-grade is what staff asked for.
    const T2 = ms(await t.setClock('2026-04-20T10:00:00+08:00'));
    const outside = await openTicket(t.api, c.id, 'urgent');
    expect(outside.sla.adjustment ?? null).toBeNull();
    const plain = ok(await regrade(outside.id, 'general'));
    expect(plain).toMatchObject({
      severity: 'general',
      sla: { target: 'PT30M', responseDueAt: iso(T2 + 30 * MINUTE), adjustment: null },
    });
  });
});

async function ticketOf(t: TestApp, token: string, id: string) {
  return ok(await t.as(token).get(`/api/v1/tickets/${id}`));
}
