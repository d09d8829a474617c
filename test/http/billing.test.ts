/**
 * R-BIL through the HTTP API on every database kind: POST /api/v1/usage (roles, every validation path, all or
 * nothing, idempotent by record id, IDEMPOTENCY_CONFLICT, billed months closed) and GET /api/v1/accounts/{id}/bills
 * (visibility, month filter, list shape), with month ends driven by the test clock: custody sharing (R-ACC-2), a
 * prepaid catalog (no incremental fee), the bill notice. Expected money comes from the oracle, never the engine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../support/databases.js';
import { buyPlan, createCustomer, startTestApp, type TestApp } from '../support/harness.js';
import { startSmtp, type SmtpSink } from '../support/smtp.js';
import { createCustomerUser, createStaff, expectError, settle } from '../support/actors.js';
import { oracleIncrementalMinor } from '../support/billing-oracle.js';
import { formatMinor } from '../support/quote-oracle.js';

const BUSINESS = {
  tiers: [
    { upTo: '9000.00', rate: '0.10' },
    { upTo: '72000.00', rate: '0.07' },
    { upTo: '225000.00', rate: '0.05' },
    { upTo: null, rate: '0.03' },
  ],
  base: '90.00',
};
const usd = (amount: string) => ({ amount, currency: 'USD' });

function record(accountId: string, id: string, over: Record<string, unknown> = {}) {
  return {
    id,
    accountId,
    service: 'ecs',
    category: 'cloud',
    listPrice: usd('100.00'),
    from: '2026-01-10',
    to: '2026-01-10',
    ...over,
  };
}

describe.each(DB_KINDS)('billing over HTTP on %s', (kind) => {
  let t: TestApp;
  let smtp: SmtpSink;
  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startTestApp({ kind, config: { smtpUrl: smtp.url, mailFrom: 'Tierdesk <billing@tierdesk.test>' } });
  });
  afterAll(async () => Promise.all([t?.close(), smtp?.close()]));

  describe('POST /api/v1/usage', () => {
    it('401 without a token; 403 for customers and support engineers; a billing operator may send', async () => {
      const c = await createCustomer(t);
      const member = await createCustomerUser(t, c.id);
      const engineer = await createStaff(t, 'support_engineer', 'engineer');
      const operator = await createStaff(t, 'billing_operator');
      const body = { records: [record(c.id, `roles-${c.id}`)] };
      expectError(await t.as('nope-not-a-token').post('/api/v1/usage', body), 401, 'UNAUTHENTICATED');
      expect(expectError(await t.as(c.token).post('/api/v1/usage', body), 403, 'FORBIDDEN')).toEqual({
        requiredRole: ['provider_admin', 'billing_operator'],
      });
      expectError(await t.as(member.token).post('/api/v1/usage', body), 403, 'FORBIDDEN');
      expectError(await t.as(engineer.token).post('/api/v1/usage', body), 403, 'FORBIDDEN');
      const ok = await t.as(operator.token).post('/api/v1/usage', body);
      expect(ok.status).toBe(200);
      expect(ok.body).toEqual({ received: 1, created: 1, unchanged: 0 });
    });

    it('R-BIL-1 re-sending a record changes nothing; the same id with other content is IDEMPOTENCY_CONFLICT and the batch stores nothing', async () => {
      const c = await createCustomer(t);
      const a = record(c.id, `idem-a-${c.id}`);
      expect((await t.api.post('/api/v1/usage', { records: [a] })).body).toEqual({
        received: 1,
        created: 1,
        unchanged: 0,
      });
      expect((await t.api.post('/api/v1/usage', { records: [a, a] })).body).toEqual({
        received: 2,
        created: 0,
        unchanged: 2,
      });
      const fresh = record(c.id, `idem-b-${c.id}`);
      const changed = { ...a, listPrice: usd('100.01') };
      const details = expectError(
        await t.api.post('/api/v1/usage', { records: [fresh, changed] }),
        409,
        'IDEMPOTENCY_CONFLICT',
      );
      expect(details).toEqual({
        issues: [{ path: 'body.records.1.id', message: expect.any(String) }],
        recordIds: [a.id],
      });
      // All or nothing: the fresh record of the refused batch was not stored.
      expect((await t.api.post('/api/v1/usage', { records: [fresh] })).body).toEqual({
        received: 1,
        created: 1,
        unchanged: 0,
      });
    });

    it('VALIDATION_FAILED names records.N.field for every bad field, and stores nothing', async () => {
      const c = await createCustomer(t);
      const good = record(c.id, `val-good-${c.id}`);
      const res = await t.api.post('/api/v1/usage', {
        records: [
          good,
          record(c.id, `val-1-${c.id}`, { listPrice: usd('1.001') }),
          record(c.id, `val-2-${c.id}`, { listPrice: { amount: '5.00', currency: 'CNY' } }),
          record(c.id, `val-3-${c.id}`, { category: 'gpu' }),
          record(c.id, `val-4-${c.id}`, { from: '2026-01-10', to: '2026-01-09' }),
          record('acc_nobody', `val-5-${c.id}`),
          record(c.id, `val-6-${c.id}`, { listPrice: usd('-1.00') }),
          { ...good, service: 'rds' }, // the same id as records.0 with other content
          record(c.id, `val-8-${c.id}`, { from: '2026-02-30', to: '2026-02-30' }),
        ],
      });
      const details = expectError(res, 400, 'VALIDATION_FAILED');
      expect(details.issues.map((i: { path: string }) => i.path)).toEqual([
        'body.records.1.listPrice.amount',
        'body.records.2.listPrice.currency',
        'body.records.3.category',
        'body.records.4.to',
        'body.records.5.accountId',
        'body.records.6.listPrice.amount',
        'body.records.7.id',
        'body.records.8.from',
        'body.records.8.to',
      ]);
      expect((await t.api.post('/api/v1/usage', { records: [good] })).body.created).toBe(1);
    });

    it('VALIDATION_FAILED for a malformed body: no records, too many, a missing field, a number for money', async () => {
      const c = await createCustomer(t);
      expect(
        expectError(await t.api.post('/api/v1/usage', { records: [] }), 400, 'VALIDATION_FAILED').issues[0]!.path,
      ).toBe('body.records');
      expectError(await t.api.unchecked.post('/api/v1/usage', {}), 400, 'VALIDATION_FAILED');
      const many = Array.from({ length: 5001 }, (_, i) => record(c.id, `many-${i}`));
      expect(
        expectError(await t.api.post('/api/v1/usage', { records: many }), 400, 'VALIDATION_FAILED').issues[0]!.path,
      ).toBe('body.records');
      const { service: _omit, ...noService } = record(c.id, 'x1');
      expect(
        expectError(await t.api.unchecked.post('/api/v1/usage', { records: [noService] }), 400, 'VALIDATION_FAILED')
          .issues[0]!.path,
      ).toBe('body.records.0.service');
      const numeric = record(c.id, 'x2', { listPrice: { amount: 5, currency: 'USD' } });
      expect(
        expectError(await t.api.post('/api/v1/usage', { records: [numeric] }), 400, 'VALIDATION_FAILED').issues[0]!
          .path,
      ).toBe('body.records.0.listPrice.amount');
    });
  });

  describe('month ends and GET /api/v1/accounts/{id}/bills', () => {
    let master: Awaited<ReturnType<typeof createCustomer>>;
    let sub: Awaited<ReturnType<typeof createCustomer>>;
    let other: Awaited<ReturnType<typeof createCustomer>>;

    beforeAll(async () => {
      master = await createCustomer(t, { locale: 'en-US', email: `master-${kind}@example.com` });
      sub = await createCustomer(t, {
        region: master.account.region,
        timeZone: 'Asia/Shanghai',
        locale: 'en-US',
        parentId: master.id,
        financeMode: 'custody',
      });
      other = await createCustomer(t, { locale: 'en-US' });
      // January: master on business (yearly) from the 10th; sharing with the custody sub from the 20th.
      await t.setClock('2026-01-10T10:00:00+08:00');
      await buyPlan(t, master.id, 'business', { unit: 'year', count: 1 });
      await buyPlan(t, other.id, 'developer', { unit: 'month', count: 3 });
      await t.setClock('2026-01-20T09:00:00+08:00');
      expect((await t.as(master.token).post(`/api/v1/accounts/${master.id}/sharing`, { enabled: true })).status).toBe(
        200,
      );
      const records = [
        record(master.id, `m-${master.id}-1`, { listPrice: usd('30000.00'), from: '2026-01-12', to: '2026-01-12' }),
        record(sub.id, `s-${sub.id}-1`, { listPrice: usd('20000.00'), from: '2026-01-15', to: '2026-01-15' }), // before sharing: the sub's own (basic: free)
        record(sub.id, `s-${sub.id}-2`, { listPrice: usd('50000.00'), from: '2026-01-25', to: '2026-01-25' }), // shared: the master's
        record(sub.id, `s-${sub.id}-3`, {
          category: 'marketplace',
          listPrice: usd('99999.00'),
          from: '2026-01-25',
          to: '2026-01-25',
        }), // never counts
        // A prepaid yearly resource of the master: 3,650.00 over 365 days from 2026-01-01 (10.00 a day).
        record(master.id, `m-${master.id}-y`, { listPrice: usd('3650.00'), from: '2026-01-01', to: '2026-12-31' }),
        record(other.id, `o-${other.id}-1`, { listPrice: usd('80000.00'), from: '2026-01-20', to: '2026-01-20' }), // developer: fixed fee only
      ];
      expect((await t.api.post('/api/v1/usage', { records })).status).toBe(200);
      await t.setClock('2026-02-01T00:00:01+08:00');
    });

    it('R-BIL-2 R-ACC-2 the master bills its own and its custody sub’s consumption while shared; the sub has no bill', async () => {
      const res = await t.as(master.token).get(`/api/v1/accounts/${master.id}/bills?month=2026-01`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ page: 1, pageSize: 10, total: 1 });
      const bill = res.body.items[0]!;
      // Segment: 2026-01-10 … 31 (22 days). Consumption: 30,000 + 50,000 (shared sub) + the yearly record's 22 days (220.00).
      const consumptionMinor = 8_022_000n;
      const incremental = oracleIncrementalMinor({
        consumptionMinor,
        tiers: BUSINESS.tiers,
        baseMonthly: BUSINESS.base,
        segmentDays: 22,
        monthDays: 31,
      });
      // Issue 11: collected from the balance when issued; the master's balance is empty, so the bill is overdue.
      expect(bill).toMatchObject({
        accountId: master.id,
        month: '2026-01',
        status: 'overdue',
        paidAt: null,
        consumption: usd('80220.00'),
        due: usd(formatMinor(incremental, 2)),
        shortfall: usd(formatMinor(incremental, 2)),
      });
      expect(bill.lines.map((l: any) => [l.kind, l.level, l.days ?? null, l.amount.amount])).toEqual([
        ['base', 'business', null, '1080.00'],
        ['incremental', 'business', 22, formatMinor(incremental, 2)],
      ]);
      expect(bill.total).toEqual(usd(formatMinor(108_000n + incremental, 2)));
      expect(bill.lines[1]!).toMatchObject({
        consumption: usd('80220.00'),
        periodStart: '2026-01-10',
        periodEnd: '2026-01-31',
      });
      expect((await t.api.get(`/api/v1/accounts/${sub.id}/bills`)).body).toEqual({
        items: [],
        page: 1,
        pageSize: 10,
        total: 0,
      });
    });

    it('R-BIL-2 a fixed-fee level bills only its prepaid fee', async () => {
      const res = await t.as(other.token).get(`/api/v1/accounts/${other.id}/bills?month=2026-01`);
      expect(res.body.items.map((b: any) => [b.total.amount, b.lines.map((l: any) => l.kind)])).toEqual([
        ['78.00', ['base']],
      ]);
    });

    it('R-NTF-1 a bill notice in the message center and by email (business includes email), once', async () => {
      await settle(t);
      const msgs = await t.api.get(`/api/v1/accounts/${master.id}/messages?pageSize=100`);
      const notices = msgs.body.items.filter((m: any) => m.kind === 'bill.issued');
      expect(notices).toHaveLength(1);
      expect(notices[0]!.data).toMatchObject({ month: '2026-01' });
      const bill = (await t.api.get(`/api/v1/accounts/${master.id}/bills?month=2026-01`)).body.items[0]!;
      const mails = smtp.to(`master-${kind}@example.com`).filter((m) => m.text.includes('2026-01'));
      expect(mails).toHaveLength(1);
      expect(mails[0]!.text).toContain(bill.total.amount);
      await settle(t);
      expect(smtp.to(`master-${kind}@example.com`).filter((m) => m.text.includes('2026-01'))).toHaveLength(1);
    });

    it('R-BIL-3 a record dated in a billed month is refused; the next month stays open', async () => {
      const late = await t.api.post('/api/v1/usage', {
        records: [record(master.id, `late-${master.id}`, { from: '2026-01-31', to: '2026-02-01' })],
      });
      expect(expectError(late, 400, 'VALIDATION_FAILED').issues).toEqual([
        { path: 'body.records.0.from', message: expect.stringContaining('2026-01') },
      ]);
      expect(
        (
          await t.api.post('/api/v1/usage', {
            records: [record(master.id, `feb-${master.id}`, { from: '2026-02-01', to: '2026-02-01' })],
          })
        ).status,
      ).toBe(200);
    });

    it('R-ACC-4 visibility: another tenant’s bills are NOT_FOUND; a master sees its sub’s; staff see all', async () => {
      expectError(await t.as(other.token).get(`/api/v1/accounts/${master.id}/bills`), 404, 'NOT_FOUND');
      expectError(await t.as(sub.token).get(`/api/v1/accounts/${master.id}/bills`), 404, 'NOT_FOUND');
      expectError(await t.api.get('/api/v1/accounts/acc_nobody/bills'), 404, 'NOT_FOUND');
      expectError(await t.as('nope-not-a-token').get(`/api/v1/accounts/${master.id}/bills`), 401, 'UNAUTHENTICATED');
      expect((await t.as(master.token).get(`/api/v1/accounts/${sub.id}/bills`)).status).toBe(200);
      const operator = await createStaff(t, 'billing_operator');
      expect((await t.as(operator.token).get(`/api/v1/accounts/${master.id}/bills`)).body.total).toBe(1);
    });

    it('VALIDATION_FAILED for a month that is not YYYY-MM; an empty month is an empty list', async () => {
      for (const month of ['2026-13', '2026-1', 'march']) {
        expect(
          expectError(await t.api.get(`/api/v1/accounts/${master.id}/bills?month=${month}`), 400, 'VALIDATION_FAILED')
            .issues[0]!.path,
        ).toBe('querystring.month');
      }
      expect((await t.api.get(`/api/v1/accounts/${master.id}/bills?month=2025-12`)).body.total).toBe(0);
    });
  });
});

describe('R-BIL-2 a prepaid catalog (huaweicloud-partner) bills its fees, never an incremental fee', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ catalog: 'huaweicloud-partner' });
  });
  afterAll(async () => t?.close());

  it('usage is accepted in the catalog currency (CNY) and the bill holds the base fee only', async () => {
    const c = await createCustomer(t, { locale: 'en-US' });
    await t.setClock('2026-01-05T10:00:00+08:00');
    const level = t.app.catalog.levels.find((l) => l.purchasable && l.pricing.model === 'fixed')!;
    const order = await buyPlan(t, c.id, level.id, { unit: 'year', count: 1 });
    expectError(await t.api.post('/api/v1/usage', { records: [record(c.id, 'p-usd')] }), 400, 'VALIDATION_FAILED');
    const ok = await t.api.post('/api/v1/usage', {
      records: [record(c.id, 'p-cny', { listPrice: { amount: '500000.00', currency: 'CNY' } })],
    });
    expect(ok.status).toBe(200);
    await t.setClock('2026-02-01T00:00:00+08:00');
    const bills = (await t.api.get(`/api/v1/accounts/${c.id}/bills?month=2026-01`)).body.items;
    expect(bills.map((b: any) => [b.lines.map((l: any) => l.kind), b.total])).toEqual([[['base'], order.amount]]);
  });
});
