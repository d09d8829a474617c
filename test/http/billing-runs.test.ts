/**
 * Issue 13: the month-end run from the API on every database kind. POST /api/v1/billing/runs starts the run of an
 * ended month (roles from the role table, VALIDATION_FAILED for a bad month, INVALID_STATE for one not ended) and
 * answers 202 with its state; the run bills in the background and GET /api/v1/billing/runs/{month} shows its
 * progress until it completes; the bills appear under GET /accounts/{id}/bills; a repeat POST is the same run.
 * The schedule is told billing starts in March, so January is billed by the API run only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setSetting } from '../../src/platform/settings.js';
import { DB_KINDS } from '../support/databases.js';
import { buyPlan, createCustomer, startTestApp, type TestApp } from '../support/harness.js';
import { createCustomerUser, createStaff, expectError } from '../support/actors.js';

const usd = (amount: string) => ({ amount, currency: 'USD' });

describe.each(DB_KINDS)('the month-end run over HTTP on %s', (kind) => {
  let t: TestApp;
  let paid: Awaited<ReturnType<typeof createCustomer>>;
  let free: Awaited<ReturnType<typeof createCustomer>>;
  let operator: string;

  beforeAll(async () => {
    t = await startTestApp({ kind });
    // Before the clock first moves: the scheduled month-end starts with March (it would bill January otherwise).
    await setSetting(t.app.deps.db, 'billing_since', '2026-03');
    paid = await createCustomer(t, { locale: 'en-US' });
    free = await createCustomer(t, { locale: 'en-US' });
    operator = (await createStaff(t, 'billing_operator')).token;
    await t.setClock('2026-01-10T10:00:00+08:00');
    await buyPlan(t, paid.id, 'business', { unit: 'year', count: 1 });
    const records = [
      {
        id: `run-${paid.id}`,
        accountId: paid.id,
        service: 'ecs',
        category: 'cloud',
        listPrice: usd('30000.00'),
        from: '2026-01-12',
        to: '2026-01-12',
      },
    ];
    expect((await t.api.post('/api/v1/usage', { records })).status).toBe(200);
    await t.setClock('2026-02-01T00:00:01+08:00');
  });
  afterAll(async () => t?.close());

  it('403 for customers and support engineers (nothing starts); 401 without a token', async () => {
    const member = await createCustomerUser(t, paid.id);
    const engineer = await createStaff(t, 'support_engineer', 'engineer');
    const body = { month: '2026-01' };
    expectError(await t.as('nope-not-a-token').post('/api/v1/billing/runs', body), 401, 'UNAUTHENTICATED');
    for (const token of [paid.token, member.token, engineer.token]) {
      expect(expectError(await t.as(token).post('/api/v1/billing/runs', body), 403, 'FORBIDDEN')).toEqual({
        action: 'billing.run',
        requiredRole: ['provider_admin', 'billing_operator'],
      });
      // A run is a staff object: for roles that may never use it, GET is NOT_FOUND (the visibility order).
      expectError(await t.as(token).get('/api/v1/billing/runs/2026-01'), 404, 'NOT_FOUND');
    }
    expectError(await t.as(operator).get('/api/v1/billing/runs/2026-01'), 404, 'NOT_FOUND');
  });

  it('a bad month is VALIDATION_FAILED naming body.month; a month not ended is INVALID_STATE', async () => {
    for (const month of ['2026-13', '2026-1', '2026-00', '0999-01', '9999-01', 'abc', "2026-01' OR 1=1", '', 202601])
      expect(
        expectError(await t.as(operator).unchecked.post('/api/v1/billing/runs', { month }), 400, 'VALIDATION_FAILED')
          .issues,
        String(month),
      ).toEqual([expect.objectContaining({ path: 'body.month' })]);
    expectError(await t.as(operator).unchecked.post('/api/v1/billing/runs', {}), 400, 'VALIDATION_FAILED');
    for (const month of ['2026-13', 'x', '2026-01%27'])
      expectError(await t.as(operator).get(`/api/v1/billing/runs/${month}`), 400, 'VALIDATION_FAILED');
    for (const month of ['2026-02', '2027-06']) {
      const d = expectError(await t.as(operator).post('/api/v1/billing/runs', { month }), 409, 'INVALID_STATE');
      expect(d).toMatchObject({ month });
      expectError(await t.as(operator).get(`/api/v1/billing/runs/${month}`), 404, 'NOT_FOUND');
    }
  });

  it('a billing operator starts January: 202 running, progress until completed, the bills appear, a repeat is the same run', async () => {
    expect((await t.api.get(`/api/v1/accounts/${paid.id}/bills?month=2026-01`)).body.total).toBe(0);
    const started = await t.as(operator).post('/api/v1/billing/runs', { month: '2026-01' });
    expect(started.status).toBe(202);
    const accountsTotal = started.body.accountsTotal as number;
    expect(accountsTotal).toBeGreaterThanOrEqual(2);
    expect(started.body).toMatchObject({ month: '2026-01', startedAt: expect.any(String) });
    expect(['running', 'completed']).toContain(started.body.status);

    const seen: Record<string, unknown>[] = [];
    let run = started.body;
    for (let i = 0; run.status !== 'completed' && i < 200; i++) {
      await new Promise((r) => setTimeout(r, 25));
      const res = await t.as(operator).get('/api/v1/billing/runs/2026-01');
      expect(res.status).toBe(200);
      run = res.body;
      seen.push(run);
      expect(run.accountsDone).toBeLessThanOrEqual(accountsTotal);
      if (run.status === 'running') expect(run.completedAt).toBeNull();
    }
    expect(run).toEqual({
      month: '2026-01',
      status: 'completed',
      accountsDone: accountsTotal,
      accountsTotal,
      billsCreated: expect.any(Number),
      startedAt: started.body.startedAt,
      completedAt: expect.any(String),
    });
    expect(Date.parse(run.completedAt!)).toBeGreaterThanOrEqual(Date.parse(run.startedAt));

    // The bills: the business account has one (base and the incremental fee of 30,000.00); the free one none.
    const bills = await t.api.get(`/api/v1/accounts/${paid.id}/bills?month=2026-01`);
    expect(bills.body.total).toBe(1);
    expect(bills.body.items[0]).toMatchObject({ month: '2026-01', consumption: usd('30000.00') });
    expect((await t.api.get(`/api/v1/accounts/${free.id}/bills?month=2026-01`)).body.total).toBe(0);
    expect(run.billsCreated).toBeGreaterThanOrEqual(1);

    // Again (admin this time): the same completed run, nothing billed twice.
    const again = await t.api.post('/api/v1/billing/runs', { month: '2026-01' });
    expect(again.status).toBe(202);
    expect(again.body).toEqual(run);
    expect((await t.api.get(`/api/v1/accounts/${paid.id}/bills?month=2026-01`)).body.total).toBe(1);
    // The month is closed to new records now.
    const late = await t.api.post('/api/v1/usage', {
      records: [
        {
          id: `late-${paid.id}`,
          accountId: paid.id,
          service: 'ecs',
          category: 'cloud',
          listPrice: usd('1.00'),
          from: '2026-01-20',
          to: '2026-01-20',
        },
      ],
    });
    expectError(late, 400, 'VALIDATION_FAILED');
  });
});
