/**
 * Issue 3, R-CAT-1 "nothing vendor-specific in engine code": the made-up fifth catalog
 * (test/fixtures/catalogs/acme.yaml — EUR, Europe/Berlin, its own level, severity, channel and service-hours ids,
 * a 48 h order lifetime, 3 level changes in 60 days, a 5.00 handling fee, one 48 h no-reason refund per account,
 * usage billing with its own tiers) served from its file path on every database kind, driven through HTTP through
 * the same flows the shipped catalogs run: the free default level, GET /plan, quote → order → pay, an upgrade with
 * prorated money, unpaid-order expiry, tickets on the catalog's clocks, NOT_ENTITLED and QUOTA_EXCEEDED, a
 * case-bundle add-on, value-added service requests with their lock, the change-frequency limit, unsubscribes under
 * the catalog's refund rules and a month-end bill.
 *
 * Every expected number below is computed by hand from acme.yaml (the arithmetic is in the comments), never read
 * back from the engine. The tests share one app per database kind and run in order on one test clock, which starts
 * at 2026-01-01T00:00:00Z. All instants used are in CET (UTC+1): Berlin's summer time starts 2026-03-29.
 */
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smsDeliveries } from '../../src/contexts/notifications/store/tables.js';
import { DB_KINDS } from '../support/databases.js';
import { createCustomer, startTestApp, type TestApp } from '../support/harness.js';
import { createStaff, expectError, HOUR, pay, placeOrder, type QuotaRow } from '../support/actors.js';
import { startSmtp, type SmtpSink } from '../support/smtp.js';
import { MINUTE, ok, openTicket } from '../support/tickets.js';
import type { QuoteInput, ServiceRequestInput, TicketInput } from '../support/api-types.js';

const ACME = fileURLToPath(new URL('../fixtures/catalogs/acme.yaml', import.meta.url));

/** An instant given as a Berlin wall-clock time in winter (CET = UTC+1). */
const cet = (date: string, time: string) => new Date(`${date}T${time}+01:00`).toISOString();
const eur = (amount: string) => ({ amount, currency: 'EUR' });
const ms = (iso: string) => new Date(iso).getTime();

type Customer = Awaited<ReturnType<typeof createCustomer>>;

describe.each(DB_KINDS)('a fifth, made-up catalog (acme.yaml) runs the same flows (%s)', (kind) => {
  let t: TestApp;
  /** Acme customers live in Frankfurt (no holiday calendar: weekends only) on Berlin time. */
  const customer = (over: Record<string, string> = {}) =>
    createCustomer(t, { region: 'eu-de-fra', timeZone: 'Europe/Berlin', locale: 'en-US', ...over });
  const plan = async (c: Customer) => ok(await t.as(c.token).get(`/api/v1/accounts/${c.id}/plan`));
  const quotas = async (c: Customer): Promise<Record<string, QuotaRow>> =>
    Object.fromEntries(((await plan(c)).quotas as QuotaRow[]).map((q) => [q.quota, q]));
  const tech = (c: Customer, severity: string, extra: Partial<TicketInput> = {}): TicketInput => ({
    accountId: c.id,
    category: 'technical',
    severity,
    subject: 's',
    description: 'd',
    ...extra,
  });
  const balance = async (c: Customer) => ok(await t.as(c.token).get(`/api/v1/accounts/${c.id}/balance`)).balance;

  /** Builder for a year from 2026-01-05; upgraded to mission_critical on 2026-02-14; billed at the end of both months. */
  let a: Customer;

  beforeAll(async () => {
    t = await startTestApp({ kind, catalog: ACME });
  });
  afterAll(async () => t?.close());

  it('R-CAT-1 the server loads the catalog from a file path and serves it: its own ids, currency and time zone', async () => {
    const res = await t.api.get('/api/v1/catalog');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: 'acme', currency: { code: 'EUR', minorUnits: 2 }, timeZone: 'Europe/Berlin' });
    expect(res.body.levels.map((l: { id: string }) => l.id)).toEqual(['community', 'builder', 'mission_critical']);
    expect(res.body.severities.map((s: { id: string }) => s.id)).toEqual(['sev1', 'sev2', 'sev3']);
  });

  it('R-ACC-1 R-SUB-1 a new account starts on the free default level (community) with its entitlements and no quotas', async () => {
    const c = await customer();
    const p = await plan(c);
    expect(p).toMatchObject({
      level: 'community',
      status: 'active',
      source: 'own',
      planAccountId: c.id,
      locked: false,
    });
    expect(p.entitlements).toMatchObject({
      technicalSupport: null,
      nonTechnicalSupport: { channels: [{ channel: 'portal', hours: '7x24' }], clock: 'office', target: 'PT48H' },
      handler: 'tier1',
      notifications: ['inbox'],
      ticketApi: false,
      features: ['knowledge_base'],
      services: [],
      linkedAccounts: 0,
      excluded: [],
    });
    expect(p.quotas).toEqual([]);
    // community is not for sale: purchasable false and the default level.
    expect(
      expectError(
        await t.as(c.token).post(`/api/v1/accounts/${c.id}/quotes`, {
          action: 'purchase',
          level: 'community',
          term: { unit: 'month', count: 1 },
        }),
        400,
        'VALIDATION_FAILED',
      ).issues[0]!.path,
    ).toBe('body.level');
  });

  it('R-SUB-1 R-CAT-5 GET /plan of mission_critical in Dublin: the regional exclusions are gone; quotas from the level (linked accounts, service allowances and their conditions)', async () => {
    // Clock: 2026-01-01T01:00 CET. Staff may order a level that requires approval.
    const c = await customer({ region: 'eu-ie-dub', timeZone: 'Europe/Dublin' });
    const order = await placeOrder(t, c.id, {
      action: 'purchase',
      level: 'mission_critical',
      term: { unit: 'month', count: 1 },
    });
    expect(order.amount).toEqual(eur('1500.00')); // baseMonthly 1500.00 × 1 month
    await pay(t, order.id);
    const p = await plan(c);
    expect(p.level).toBe('mission_critical');
    expect(p.entitlements).toMatchObject({
      technicalSupport: { clock: '7x24', targets: { sev1: 'PT20M', sev2: 'PT2H', sev3: 'PT6H' } },
      handler: 'tier3',
      resolutionPriority: 1,
      restorationPriority: 1,
      notifications: ['inbox', 'mail'], // pager excluded in eu-ie-dub
      features: ['knowledge_base', 'quarterly_review'], // monthly_report excluded in eu-ie-dub
      ticketApi: true,
      linkedAccounts: 2,
      excluded: ['feature:monthly_report', 'notification:pager'],
    });
    expect(p.entitlements!.technicalSupport!.channels.map((ch: { channel: string }) => ch.channel)).toEqual([
      'portal',
      'phone',
      'named_engineer',
    ]);
    const q = await quotas(c);
    expect(q.linked_accounts).toEqual({
      quota: 'linked_accounts',
      limit: 2,
      used: 0,
      remaining: 2,
      period: 'lifetime',
    });
    // Event protection is granted for a yearly purchase (4 days) or after 6 continuous months (2): a 1-month
    // purchase meets neither, so it shows with limit 0 and an application is NOT_ENTITLED naming the conditions.
    expect(q['service:event_protection']).toMatchObject({ limit: 0, used: 0, remaining: 0 });
    const apply = await t.as(c.token).post('/api/v1/service-requests', {
      accountId: c.id,
      type: 'event_protection',
      start: '2026-01-20',
      days: 1,
      scenario: 'launch',
    });
    expect(expectError(apply, 403, 'NOT_ENTITLED')).toMatchObject({
      entitlement: 'service:event_protection',
      reason: 'condition_not_met',
      conditions: ['yearly_purchase', '6_continuous_months'],
    });
    // Availability checks have no conditions: 2 requests per subscription year anchored at the purchase date.
    expect(q['service:availability_check']).toEqual({
      quota: 'service:availability_check',
      limit: 2,
      used: 0,
      remaining: 2,
      period: 'Y1@2026-01-01',
    });
  });

  it('R-SUB-2 R-SUB-8 builder for 1 year: quote → order (48 h to pay) → pay → active until 23:59:59 Berlin time of E', async () => {
    await t.setClock(cet('2026-01-05', '10:00:00')); // Monday
    a = await customer({ name: 'Acme customer A' });
    const api = t.as(a.token);
    const body: QuoteInput = { action: 'purchase', level: 'builder', term: { unit: 'year', count: 1 } };
    // The catalog sells 1–12 months or 1–2 years: a 3-year term is refused.
    expect(
      expectError(
        await api.post(`/api/v1/accounts/${a.id}/quotes`, { ...body, term: { unit: 'year', count: 3 } }),
        400,
        'VALIDATION_FAILED',
      ).issues[0]!.path,
    ).toBe('body.term');
    const q = await api.post(`/api/v1/accounts/${a.id}/quotes`, body);
    expect(q.status).toBe(200);
    expect(q.body).toMatchObject({ amount: eur('588.00'), direction: 'charge', level: 'builder' }); // 49.00 × 12
    expectError(await api.post(`/api/v1/accounts/${a.id}/orders`, body), 422, 'AGREEMENT_REQUIRED');
    const order = await placeOrder(t, a.id, body, a.token);
    expect(order).toMatchObject({ type: 'new', status: 'pending_payment', amount: eur('588.00'), level: 'builder' });
    expect(ms(order.expiresAt!) - ms(order.createdAt)).toBe(48 * HOUR); // orderLifetime PT48H
    expect((await plan(a)).level).toBe('community'); // nothing changes before payment
    const paid = await pay(t, order.id, a.token);
    expect(paid.status).toBe('paid');
    const p = await plan(a);
    // S = 2026-01-05 (Berlin), E = S + 1 year = 2027-01-05; validity end_of_day → 2027-01-05 23:59:59 CET.
    expect(p).toMatchObject({
      level: 'builder',
      status: 'active',
      source: 'own',
      validFrom: paid.paidAt,
      validTo: cet('2027-01-05', '23:59:59'),
    });
    expect(p.entitlements!.technicalSupport).toMatchObject({
      clock: 'office',
      targets: { sev2: 'PT4H', sev3: 'PT12H30M' },
    });
    expect(p.entitlements!.notifications).toEqual(['inbox', 'mail']);
    // The ticket quota is per natural month in the catalog's time zone.
    expect(p.quotas).toEqual([{ quota: 'technical_tickets', limit: 10, used: 0, remaining: 10, period: '2026-01' }]);
    // A second purchase is a conflict that names the action to use.
    const again = await api.post(`/api/v1/accounts/${a.id}/quotes`, {
      action: 'purchase',
      level: 'mission_critical',
      term: { unit: 'year', count: 1 },
    });
    expect(expectError(again, 409, 'PLAN_CONFLICT')).toMatchObject({ action: 'upgrade', currentLevel: 'builder' });
  });

  it('R-SUB-5a an order unpaid after the catalog’s 48 h (not 24 h) is cancelled as expired', async () => {
    const b = await customer();
    const order = await placeOrder(
      t,
      b.id,
      { action: 'purchase', level: 'builder', term: { unit: 'month', count: 1 } },
      b.token,
    );
    expect(order.amount).toEqual(eur('49.00'));
    await t.setClock(cet('2026-01-06', '10:00:01')); // 24 h later: still payable here
    expect(ok(await t.as(b.token).get(`/api/v1/orders/${order.id}`)).status).toBe('pending_payment');
    await t.setClock(cet('2026-01-07', '09:59:59'));
    expect(ok(await t.as(b.token).get(`/api/v1/orders/${order.id}`)).status).toBe('pending_payment');
    await t.setClock(cet('2026-01-07', '10:00:01'));
    expect(ok(await t.as(b.token).get(`/api/v1/orders/${order.id}`))).toMatchObject({
      status: 'cancelled',
      cancelReason: 'expired',
      cancelledAt: order.expiresAt,
    });
    expect((await plan(b)).level).toBe('community');
  });

  describe('tickets on the catalog’s clocks (Friday 2026-01-09 15:00 Berlin)', () => {
    it('R-TKT-3 builder sev3 (PT12H30M) and sev2 (PT4H) are measured on the office clock (08–12, 13–17 Mon–Fri)', async () => {
      await t.setClock(cet('2026-01-09', '15:00:00'));
      // sev3, 750 min: Fri 15:00–17:00 = 120 → Mon 12th 08–12 + 13–17 = 480 (600) → Tue 13th 08:00 + 150 min = 10:30.
      const sev3 = await openTicket(t.as(a.token), a.id, 'sev3', { channel: 'portal' });
      expect(sev3).toMatchObject({ level: 'builder', severity: 'sev3', channel: 'portal', createdVia: 'api' });
      expect(sev3.sla).toMatchObject({
        target: 'PT12H30M',
        targetMinutes: 750,
        clock: 'office',
        timeZone: 'Europe/Berlin',
        breached: false,
        binding: true,
      });
      expect(sev3.sla.responseDueAt).toBe(cet('2026-01-13', '10:30:00'));
      // sev2, 240 min: Fri 15:00–17:00 = 120 → Mon 12th 08:00 + 120 min = 10:00.
      const sev2 = await openTicket(t.as(a.token), a.id, 'sev2', { channel: 'portal' });
      expect(sev2.sla).toMatchObject({ target: 'PT4H', clock: 'office' });
      expect(sev2.sla.responseDueAt).toBe(cet('2026-01-12', '10:00:00'));
      expect(sev2.resolutionPriority).toBe(2);
    });

    it('R-TKT-1 a ticket without a channel is taken on the level’s intake channel (acme has no channel called "ticket")', async () => {
      const res = await openTicket(t.as(a.token), a.id, 'sev3');
      expect(res.channel).toBe('portal');
      expect(res.sla.responseDueAt).toBe(cet('2026-01-13', '10:30:00'));
      // Naming a channel the catalog does not have is refused like any channel the level lacks.
      expect(
        expectError(
          await t.as(a.token).post('/api/v1/tickets', tech(a, 'sev3', { channel: 'ticket' })),
          403,
          'NOT_ENTITLED',
        ).entitlement,
      ).toBe('channel:ticket');
    });

    it('R-TKT-2 R-TKT-4 a severity or a channel builder lacks is NOT_ENTITLED; phone is open on the weekend desk only', async () => {
      const sev1 = expectError(
        await t.as(a.token).post('/api/v1/tickets', tech(a, 'sev1', { channel: 'portal' })),
        403,
        'NOT_ENTITLED',
      );
      expect(sev1).toMatchObject({
        entitlement: 'severity:sev1',
        level: 'builder',
        allowedSeverities: ['sev2', 'sev3'],
      });
      const named = expectError(
        await t.as(a.token).post('/api/v1/tickets', tech(a, 'sev2', { channel: 'named_engineer' })),
        403,
        'NOT_ENTITLED',
      );
      expect(named).toMatchObject({
        entitlement: 'channel:named_engineer',
        allowedChannels: ['portal', 'chat', 'phone'],
      });
      // Friday 15:00 is outside weekend_desk (Sat–Sun 10:00–16:00): next open Saturday 10:00 Berlin.
      const phone = expectError(
        await t.as(a.token).post('/api/v1/tickets', tech(a, 'sev2', { channel: 'phone' })),
        403,
        'NOT_ENTITLED',
      );
      expect(phone).toMatchObject({
        entitlement: 'channel:phone',
        reason: 'outside_service_hours',
        hours: 'weekend_desk',
        nextOpenAt: cet('2026-01-10', '10:00:00'),
      });
      // chat follows office hours, open on Friday 15:00.
      expect((await openTicket(t.as(a.token), a.id, 'sev2', { channel: 'chat' })).channel).toBe('chat');
      expect((await quotas(a)).technical_tickets).toMatchObject({ used: 4, remaining: 6 }); // refusals took nothing
    });

    it('R-TKT-2 community: no technical support at all; a non-technical ticket waits PT48H on the office clock', async () => {
      const c = await customer();
      // community has no ticket API entitlement: staff open its tickets (as on the phone).
      expect(
        expectError(
          await t
            .as(c.token)
            .post('/api/v1/tickets', { accountId: c.id, category: 'non_technical', subject: 's', description: 'd' }),
          403,
          'NOT_ENTITLED',
        ).entitlement,
      ).toBe('ticket_api');
      expect(expectError(await t.api.post('/api/v1/tickets', tech(c, 'sev3')), 403, 'NOT_ENTITLED').entitlement).toBe(
        'technical_support',
      );
      const res = await openTicket(t.api, c.id, null, { category: 'non_technical' });
      // 2880 min: Fri 9th 120 → Mon–Fri 12th–16th 5 × 480 (2520) → Mon 19th 08–12 (2760) + 13:00 + 120 = 15:00.
      expect(res.sla).toMatchObject({ target: 'PT48H', clock: 'office' });
      expect(res.sla.responseDueAt).toBe(cet('2026-01-19', '15:00:00'));
    });

    it('R-CAT-4 builder: 10 technical tickets per Berlin month, the 11th is QUOTA_EXCEEDED; a case bundle (19.90) adds 5 for the month', async () => {
      const used = (await quotas(a)).technical_tickets!.used;
      for (let i = used; i < 10; i++) await openTicket(t.as(a.token), a.id, 'sev3', { channel: 'portal' });
      const over = expectError(
        await t.as(a.token).post('/api/v1/tickets', tech(a, 'sev3', { channel: 'portal' })),
        409,
        'QUOTA_EXCEEDED',
      );
      expect(over).toMatchObject({ quota: 'technical_tickets', limit: 10, used: 10 });
      // Non-technical tickets do not count.
      expect(
        (
          await t.as(a.token).post('/api/v1/tickets', {
            accountId: a.id,
            category: 'non_technical',
            channel: 'portal',
            subject: 's',
            description: 'd',
          })
        ).status,
      ).toBe(201);
      const bundle = await t
        .as(a.token)
        .post(`/api/v1/accounts/${a.id}/add-ons`, { type: 'case_bundle', count: 1, agreementAccepted: true });
      expect(bundle.status).toBe(201);
      expect(bundle.body).toMatchObject({ type: 'add_on', status: 'pending_payment', amount: eur('19.90') });
      await pay(t, bundle.body.id, a.token);
      expect((await quotas(a)).technical_tickets).toEqual({
        quota: 'technical_tickets',
        limit: 15,
        used: 10,
        remaining: 5,
        period: '2026-01',
      });
      expect((await t.as(a.token).post('/api/v1/tickets', tech(a, 'sev3', { channel: 'portal' }))).status).toBe(201);
    });
  });

  describe('R-SUB-6 unsubscribe: one 48 h no-reason refund per account, then pro rata less the 5.00 handling fee', () => {
    let d: Customer;
    let e: Customer;

    it('R-SUB-6 within 48 h of payment the first unsubscribe refunds everything paid; back to community', async () => {
      await t.setClock(cet('2026-01-20', '12:00:00'));
      d = await customer();
      e = await customer();
      for (const c of [d, e])
        await pay(
          t,
          (
            await placeOrder(
              t,
              c.id,
              { action: 'purchase', level: 'builder', term: { unit: 'month', count: 1 } },
              c.token,
            )
          ).id,
          c.token,
        );
      await t.setClock(cet('2026-01-21', '11:00:00')); // 23 h after payment
      const q = ok(await t.as(d.token).post(`/api/v1/accounts/${d.id}/quotes`, { action: 'unsubscribe' }));
      expect(q).toMatchObject({
        direction: 'refund',
        amount: eur('49.00'),
        paid: eur('49.00'),
        consumed: eur('0.00'),
        fee: eur('0.00'),
        noReasonRefund: true,
        noReasonRefundsRemaining: 1,
      });
      // "other" needs a text (unsubscribeReasons.requiresText).
      expect(
        expectError(
          await t.as(d.token).post(`/api/v1/accounts/${d.id}/orders`, {
            action: 'unsubscribe',
            reason: 'other',
            agreementAccepted: true,
          }),
          400,
          'VALIDATION_FAILED',
        ).issues[0]!.path,
      ).toBe('body.reasonText');
      const order = await placeOrder(t, d.id, { action: 'unsubscribe', reason: 'too_expensive' }, d.token);
      expect(order).toMatchObject({
        type: 'unsubscribe',
        status: 'refunded',
        direction: 'refund',
        amount: eur('49.00'),
        reason: 'too_expensive',
      });
      expect(await balance(d)).toEqual(eur('49.00'));
      expect(await plan(d)).toMatchObject({ level: 'community', status: 'active', source: 'own' });
    });

    it('R-SUB-6 R-SUB-8 the second within 48 h is pro rata: 49.00 × 30/31 = 47.42 unused, less 5.00 → 42.42', async () => {
      // Bought again 2026-01-21 11:00: S = 2026-01-21, E = 2026-02-21, T = 31. Unsubscribed 2026-01-22: R = 30.
      // unused = 4900 × 30 ÷ 31 = 4741.94 cents → 47.42; consumed = 49.00 − 47.42 = 1.58; refund = 47.42 − 5.00 = 42.42.
      await pay(
        t,
        (
          await placeOrder(
            t,
            d.id,
            { action: 'purchase', level: 'builder', term: { unit: 'month', count: 1 } },
            d.token,
          )
        ).id,
        d.token,
      );
      await t.setClock(cet('2026-01-22', '10:00:00'));
      const q = ok(await t.as(d.token).post(`/api/v1/accounts/${d.id}/quotes`, { action: 'unsubscribe' }));
      expect(q).toMatchObject({
        noReasonRefund: false,
        noReasonRefundsRemaining: 0,
        amount: eur('42.42'),
        paid: eur('49.00'),
        consumed: eur('1.58'),
        fee: eur('5.00'),
        remainingDays: 30,
        totalDays: 31,
      });
      const order = await placeOrder(t, d.id, { action: 'unsubscribe', reason: 'too_expensive' }, d.token);
      expect(order.amount).toEqual(eur('42.42'));
      expect(await balance(d)).toEqual(eur('91.42')); // 49.00 + 42.42
    });

    it('R-SUB-6 after 48 h the no-reason refund is not used: 49.00 × 29/31 = 45.84 unused, less 5.00 → 40.84', async () => {
      // e paid 2026-01-20 12:00; now 2026-01-22 13:00 (49 h). S = 2026-01-20, E = 2026-02-20, T = 31, D = 2026-01-22, R = 29.
      // unused = 4900 × 29 ÷ 31 = 4583.87 cents → 45.84; consumed 3.16; refund 45.84 − 5.00 = 40.84.
      await t.setClock(cet('2026-01-22', '11:59:59')); // 47:59:59 after payment: still the full refund
      expect(ok(await t.as(e.token).post(`/api/v1/accounts/${e.id}/quotes`, { action: 'unsubscribe' }))).toMatchObject({
        noReasonRefund: true,
        amount: eur('49.00'),
      });
      await t.setClock(cet('2026-01-22', '13:00:00'));
      const q = ok(await t.as(e.token).post(`/api/v1/accounts/${e.id}/quotes`, { action: 'unsubscribe' }));
      expect(q).toMatchObject({
        noReasonRefund: false,
        noReasonRefundsRemaining: 1,
        amount: eur('40.84'),
        consumed: eur('3.16'),
        fee: eur('5.00'),
        remainingDays: 29,
        totalDays: 31,
      });
      await placeOrder(t, e.id, { action: 'unsubscribe', reason: 'too_expensive' }, e.token);
      expect(await balance(e)).toEqual(eur('40.84'));
      expect((await plan(e)).level).toBe('community');
    });
  });

  describe('value-added services of mission_critical (Friday 2026-01-30 10:00 Berlin)', () => {
    let f: Customer;
    let watchId: string;
    const launch = (
      c: Customer,
      start: string,
      days: number,
      extra: Partial<ServiceRequestInput> = {},
    ): ServiceRequestInput => ({
      accountId: c.id,
      type: 'event_protection',
      start,
      days,
      scenario: 'launch',
      contact: { name: 'Ops', phone: '+49 69 0000' },
      ...extra,
    });

    it('R-SR-1 R-SR-2 R-SR-3 event protection: 4 days a year (yearly purchase), 7 days ahead, at most 2 days; applying uses the allowance (GET /plan) and locks the order', async () => {
      await t.setClock(cet('2026-01-30', '10:00:00'));
      f = await customer();
      const bought = await placeOrder(t, f.id, {
        action: 'purchase',
        level: 'mission_critical',
        term: { unit: 'year', count: 1 },
      });
      expect(bought.amount).toEqual(eur('18000.00')); // 1500.00 × 12
      await pay(t, bought.id);
      expect((await quotas(f))['service:event_protection']).toEqual({
        quota: 'service:event_protection',
        limit: 4,
        used: 0,
        remaining: 4,
        period: 'Y1@2026-01-30',
      });
      const api = t.as(f.token);
      // leadTime 7 days (hard): applied 2026-01-30 → the earliest start is 2026-02-06.
      expect(
        expectError(await api.post('/api/v1/service-requests', launch(f, '2026-02-05', 1)), 422, 'LEAD_TIME_TOO_SHORT'),
      ).toMatchObject({ earliestStart: '2026-02-06' });
      expect(
        expectError(
          await api.post('/api/v1/service-requests', launch(f, '2026-02-06', 3)),
          422,
          'DURATION_NOT_ALLOWED',
        ),
      ).toMatchObject({ maxDays: 2 });
      expect(
        expectError(
          await api.post('/api/v1/service-requests', launch(f, '2026-02-06', 2, { scenario: undefined })),
          400,
          'VALIDATION_FAILED',
        ).issues[0]!.path,
      ).toBe('body.scenario');
      const applied = await api.post('/api/v1/service-requests', launch(f, '2026-02-06', 2));
      expect(applied.status).toBe(201);
      expect(applied.body).toMatchObject({
        status: 'submitted',
        start: '2026-02-06',
        end: '2026-02-07',
        days: 2,
        lockedOrder: true,
        warnings: [],
      });
      watchId = applied.body.id;
      const p = await plan(f);
      expect(p.locked).toBe(true);
      expect(p.quotas.find((q: QuotaRow) => q.quota === 'service:event_protection')).toEqual({
        quota: 'service:event_protection',
        limit: 4,
        used: 2,
        remaining: 2,
        period: 'Y1@2026-01-30',
      });
      // R-SUB-7: a locked term cannot be unsubscribed (locksOrder: true).
      expect(
        expectError(await api.post(`/api/v1/accounts/${f.id}/quotes`, { action: 'unsubscribe' }), 409, 'ORDER_LOCKED'),
      ).toMatchObject({ action: 'unsubscribe' });
      // Two more days use the rest of the 4; one more is QUOTA_EXCEEDED.
      expect((await api.post('/api/v1/service-requests', launch(f, '2026-03-02', 2))).status).toBe(201);
      expect(
        expectError(await api.post('/api/v1/service-requests', launch(f, '2026-04-01', 1)), 409, 'QUOTA_EXCEEDED'),
      ).toMatchObject({ quota: 'service:event_protection', limit: 4, used: 4 });
    });

    it('R-SR-3 availability check: 2 working days ahead is advice (Friday → Tuesday), not a refusal; no order lock', async () => {
      const res = await t.as(f.token).post('/api/v1/service-requests', {
        accountId: f.id,
        type: 'availability_check',
        start: '2026-02-02',
        days: 1,
      });
      expect(res.status).toBe(201);
      expect(res.body.lockedOrder).toBe(false);
      expect(res.body.warnings).toHaveLength(1);
      // Working days after Fri 2026-01-30: Mon 2nd (1), Tue 3rd (2).
      expect(res.body.warnings[0]).toMatchObject({
        code: 'LEAD_TIME_ADVISED',
        details: { earliestStart: '2026-02-03' },
      });
      expect((await quotas(f))['service:availability_check']).toMatchObject({ limit: 2, used: 1, remaining: 1 });
    });

    it('R-TKT-3 inside the approved launch watch a sev1 ticket is due in 5 minutes (the catalog’s ticketEffect), not 20; sev2 keeps PT2H', async () => {
      expect(ok(await t.api.post(`/api/v1/service-requests/${watchId}/accept`, {})).status).toBe('processing');
      await t.setClock(cet('2026-02-05', '23:00:00')); // the day before the window
      const before = await openTicket(t.as(f.token), f.id, 'sev1', { channel: 'portal' });
      expect(before.sla).toMatchObject({ target: 'PT20M', clock: '7x24', adjustment: null });
      expect(ms(before.sla.responseDueAt) - ms(before.openedAt)).toBe(20 * MINUTE);
      await t.setClock(cet('2026-02-06', '10:00:00'));
      const inside = await openTicket(t.as(f.token), f.id, 'sev1', { channel: 'phone' });
      expect(inside.sla).toMatchObject({ target: 'PT5M', adjustment: { reason: 'event_protection' } });
      expect(inside.sla.responseDueAt).toBe(cet('2026-02-06', '10:05:00'));
      const sev2 = await openTicket(t.as(f.token), f.id, 'sev2', { channel: 'portal' });
      expect(sev2.sla).toMatchObject({ target: 'PT2H', adjustment: null });
      expect(sev2.sla.responseDueAt).toBe(cet('2026-02-06', '12:00:00'));
    });
  });

  it('R-SUB-4 CHANGE_TOO_FREQUENT per the catalog: 3 level changes in 60 days are allowed, the 4th is refused', async () => {
    await t.setClock(cet('2026-02-10', '10:00:00'));
    const g = await customer();
    await pay(
      t,
      (await placeOrder(t, g.id, { action: 'purchase', level: 'builder', term: { unit: 'month', count: 1 } })).id,
    );
    await pay(t, (await placeOrder(t, g.id, { action: 'upgrade', level: 'mission_critical' })).id); // 1
    expect((await placeOrder(t, g.id, { action: 'downgrade', level: 'builder' })).status).toBe('refunded'); // 2
    await pay(t, (await placeOrder(t, g.id, { action: 'upgrade', level: 'mission_critical' })).id); // 3
    const fourth = await t.api.post(`/api/v1/accounts/${g.id}/quotes`, { action: 'downgrade', level: 'builder' });
    // All three changes at 2026-02-10T09:00Z: the window frees up 60 days later.
    expect(expectError(fourth, 409, 'CHANGE_TOO_FREQUENT')).toEqual({
      limit: 3,
      windowDays: 60,
      nextAllowedAt: '2026-04-11T09:00:00.000Z',
    });
  });

  it('R-SUB-3 R-SUB-5a R-SUB-8 builder → mission_critical after approval on 2026-02-14: 18000.00 × 325/365 − 588.00 × 325/365 = 15503.84', async () => {
    await t.setClock(cet('2026-02-14', '10:00:00'));
    const api = t.as(a.token);
    const body: QuoteInput = { action: 'upgrade', level: 'mission_critical' };
    // requiresApproval: the customer's own order waits for staff approval and a TAM.
    expect(expectError(await api.post(`/api/v1/accounts/${a.id}/quotes`, body), 403, 'FORBIDDEN')).toMatchObject({
      reason: 'approval_required',
      level: 'mission_critical',
    });
    const tam = await createStaff(t, 'tam');
    ok(await t.api.post(`/api/v1/accounts/${a.id}/approval`, { tamUserId: tam.userId }));
    // S = 2026-01-05, E = 2027-01-05: T = 365. D = 2026-02-14: S → D = 26 (rest of January) + 14 = 40 days, R = 325.
    // New level for the term: 1500.00 × 12 = 18000.00 → 1 800 000 × 325 ÷ 365 = 1 602 739.73 → 16027.40
    // Old basis: 588.00 → 58 800 × 325 ÷ 365 = 52 356.16 → 523.56
    // Charge: 16027.40 − 523.56 = 15503.84
    const q = ok(await api.post(`/api/v1/accounts/${a.id}/quotes`, body));
    expect(q).toMatchObject({
      direction: 'charge',
      amount: eur('15503.84'),
      remainingDays: 325,
      totalDays: 365,
      fromLevel: 'builder',
      level: 'mission_critical',
    });
    expect(q.breakdown.map((l: { kind: string; amount: { amount: string } }) => [l.kind, l.amount.amount])).toEqual([
      ['new_level_value', '16027.40'],
      ['old_level_unused', '523.56'],
    ]);
    const order = await placeOrder(t, a.id, body, a.token);
    expect(order).toMatchObject({ type: 'upgrade', status: 'pending_payment', amount: eur('15503.84') });
    expect((await plan(a)).level).toBe('builder');
    await pay(t, order.id, a.token);
    const p = await plan(a);
    expect(p).toMatchObject({ level: 'mission_critical', status: 'active', validTo: cet('2027-01-05', '23:59:59') });
    // mission_critical has no ticket quota; Frankfurt keeps the pager and the monthly report.
    expect(p.quotas.some((x: QuotaRow) => x.quota === 'technical_tickets')).toBe(false);
    expect(p.entitlements).toMatchObject({
      notifications: ['inbox', 'mail', 'pager'],
      features: ['knowledge_base', 'quarterly_review', 'monthly_report'],
      excluded: [],
    });
    // The term was bought in years: event protection is 4 days.
    expect(p.quotas.find((x: QuotaRow) => x.quota === 'service:event_protection')).toMatchObject({ limit: 4, used: 0 });
  });

  it('R-BIL-1 R-BIL-2 usage in EUR, month-end run: January is the fixed fee and the bundle; February the upgrade and the incremental fee of the mission_critical days', async () => {
    await t.setClock(cet('2026-02-20', '10:00:00'));
    const rec = (id: string, amount: string, from: string, to: string, extra: Record<string, unknown> = {}) => ({
      id,
      accountId: a.id,
      service: 'compute',
      category: 'cloud',
      listPrice: eur(amount),
      from,
      to,
      ...extra,
    });
    // Another currency than the catalog's is refused.
    expect(
      expectError(
        await t.api.post('/api/v1/usage', {
          records: [rec('usd', '1.00', '2026-02-20', '2026-02-20', { listPrice: { amount: '1.00', currency: 'USD' } })],
        }),
        400,
        'VALIDATION_FAILED',
      ).issues[0]!.path,
    ).toBe('body.records.0.listPrice.currency');
    const records = [
      rec('feb-10', '5000.00', '2026-02-10', '2026-02-10'), // a builder day: fixed fee, no incremental fee
      rec('feb-20', '30000.00', '2026-02-20', '2026-02-20'),
      rec('feb-27', '400.00', '2026-02-27', '2026-03-02'), // 4 days, 100.00 a day: 200.00 in February
      rec('mkt', '9999.00', '2026-02-20', '2026-02-20', { category: 'marketplace' }), // never counts
    ];
    expect(ok(await t.api.post('/api/v1/usage', { records }))).toEqual({ received: 4, created: 4, unchanged: 0 });
    await t.setClock(cet('2026-03-01', '00:00:01'));

    // January (run at 2026-02-01 00:00 Berlin): builder is a fixed fee, so no incremental line even on a usage-billed catalog.
    const jan = ok(await t.as(a.token).get(`/api/v1/accounts/${a.id}/bills?month=2026-01`));
    expect(jan.total).toBe(1);
    expect(jan.items[0]!.lines.map((l: any) => [l.kind, l.amount.amount])).toEqual([
      ['base', '588.00'],
      ['add_on', '19.90'],
    ]);
    expect(jan.items[0]!.total).toEqual(eur('607.90'));

    // February: builder Feb 1–13, mission_critical Feb 14–28 (the upgrade day belongs to the new level): 15 of 28 days.
    // Consumption in the mission_critical segment: 30000.00 + 200.00 = 30200.00.
    // Tiered: 20000.00 × 0.08 = 1600.00 + 10200.00 × 0.06 = 612.00 → 2212.00.
    // Base share: 1500.00 × 15 ÷ 28 = 803.571428…  Incremental: 2212.00 − 803.571428… = 1408.428571… → 1408.43.
    // Total: 15503.84 + 1408.43 = 16912.27.
    const feb = ok(await t.as(a.token).get(`/api/v1/accounts/${a.id}/bills?month=2026-02`));
    expect(feb.total).toBe(1);
    const bill = feb.items[0]!;
    expect(bill).toMatchObject({
      accountId: a.id,
      month: '2026-02',
      // Issue 11: the incremental fee is collected from the balance, which is empty: overdue by it.
      status: 'overdue',
      consumption: eur('30200.00'),
      total: eur('16912.27'),
      due: eur('1408.43'),
      shortfall: eur('1408.43'),
    });
    expect(bill.lines.map((l: any) => [l.kind, l.level, l.days ?? null, l.amount.amount])).toEqual([
      ['base', 'mission_critical', null, '15503.84'],
      ['incremental', 'mission_critical', 15, '1408.43'],
    ]);
    expect(bill.lines[1]!).toMatchObject({
      consumption: eur('30200.00'),
      periodStart: '2026-02-14',
      periodEnd: '2026-02-28',
    });
  });
});

/**
 * R-NTF-1 with the catalog's own channel ids: acme calls its email channel `mail` (kind email) and its paging channel
 * `pager` (kind sms). A notice reaches a real local SMTP server on `mail`; `pager` reaches the SMS/phone path.
 */
describe.each(DB_KINDS)('acme notification channels are delivered by kind (%s)', (kind) => {
  let t: TestApp;
  let smtp: SmtpSink;
  const customer = (over: Record<string, string> = {}) =>
    createCustomer(t, { region: 'eu-de-fra', timeZone: 'Europe/Berlin', locale: 'en-US', ...over });

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startTestApp({
      kind,
      catalog: ACME,
      config: { smtpUrl: smtp.url, mailFrom: 'Acme Support <support@acme.test>' },
    });
    await t.setClock(cet('2026-01-05', '10:00:00'));
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('R-NTF-1 a staff reply to a builder ticket is mailed on the `mail` channel (kind email); community [inbox] gets the message center only', async () => {
    const engineer = await createStaff(t, 'support_engineer', 'tier3');
    const builder = await customer({ email: 'ops@builder.example' });
    await pay(
      t,
      (
        await placeOrder(
          t,
          builder.id,
          { action: 'purchase', level: 'builder', term: { unit: 'month', count: 1 } },
          builder.token,
        )
      ).id,
      builder.token,
    );
    const community = await customer({ email: 'ops@community.example' });
    const tickets = [
      {
        c: builder,
        tk: await openTicket(t.as(builder.token), builder.id, 'sev3', {
          channel: 'portal',
          subject: 'Disk alarm on builder',
        }),
      },
      // Community has no ticket API: the ticket comes in through the console (here: the admin on its behalf).
      {
        c: community,
        tk: await openTicket(t.api, community.id, null, { category: 'non_technical', subject: 'Invoice address' }),
      },
    ];
    await t.setClock(cet('2026-01-05', '10:01:00'));
    for (const { tk } of tickets)
      ok(await t.as(engineer.token).post(`/api/v1/tickets/${tk.id}/replies`, { body: 'Please check the disk' }), 201);
    await t.setClock(cet('2026-01-05', '10:02:00'));

    const mailed = smtp
      .to('ops@builder.example')
      .filter((m) => m.subject === `Re: [Ticket ${tickets[0]!.tk.number}] Disk alarm on builder`);
    expect(mailed).toHaveLength(1);
    expect(mailed[0]!.headers.get('from')).toBe('Acme Support <support@acme.test>');
    expect(mailed[0]!.text).toContain(`New reply on ticket ${tickets[0]!.tk.number}`);
    expect(smtp.to('ops@community.example')).toEqual([]);
    for (const { c, tk } of tickets) {
      const center = ok(await t.as(c.token).get(`/api/v1/accounts/${c.id}/messages?kind=ticket.replied`));
      expect(center.items.filter((m: { data: { ticketId?: string } }) => m.data.ticketId === tk.id)).toHaveLength(1);
    }
  });

  it('R-NTF-1 mission_critical’s `pager` channel (kind sms) goes to the SMS/phone path; in eu-ie-dub it is excluded', async () => {
    const engineer = await createStaff(t, 'support_engineer', 'tier3');
    const smsLog = async (accountId: string) =>
      t.app.deps.db.select().from(smsDeliveries).where(eq(smsDeliveries.accountId, accountId));
    const out: Record<string, Customer> = {};
    for (const region of ['eu-de-fra', 'eu-ie-dub']) {
      const c = await customer({ region, email: `ops@${region}.example` });
      // Staff may order a level that requires approval.
      await pay(
        t,
        (
          await placeOrder(t, c.id, {
            action: 'purchase',
            level: 'mission_critical',
            term: { unit: 'month', count: 1 },
          })
        ).id,
      );
      const tk = await openTicket(t.as(c.token), c.id, 'sev3', { channel: 'portal' });
      ok(await t.as(engineer.token).post(`/api/v1/tickets/${tk.id}/replies`, { body: 'On it' }), 201);
      out[region] = c;
    }
    await t.setClock(cet('2026-01-05', '10:10:00'));
    // The order, the ticket's acknowledgement and the reply are told (the status change the reply makes is not
    // mailed by itself), each on every channel. No gateway is configured here: each SMS attempt is logged as
    // skipped, which shows it took the SMS path.
    const mails = smtp.to('ops@eu-de-fra.example');
    const titles = mails.map((m) => m.text.split('\n')[0]!);
    expect(titles).toEqual(expect.arrayContaining([expect.stringMatching(/^New reply on ticket /)]));
    expect(mails.length).toBeGreaterThanOrEqual(1);
    const sms = await smsLog(out['eu-de-fra']!.id);
    expect(sms.map((r) => [r.status, r.error])).toEqual(
      mails.map(() => ['skipped', 'no SMS gateway configured (TIERDESK_SMS_WEBHOOK_URL)']),
    );
    expect(sms.map((r) => r.text.split('\n')[0]).sort()).toEqual(titles.sort());
    // eu-ie-dub excludes notification:pager: the same mails, no SMS.
    expect(smtp.to('ops@eu-ie-dub.example')).toHaveLength(mails.length);
    expect(await smsLog(out['eu-ie-dub']!.id)).toEqual([]);
  });
});
