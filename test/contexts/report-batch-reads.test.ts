/**
 * Issue 16: the monthly report's send step reads a batch of accounts' facts in a few set-based queries. Each batch
 * read answers, for every account, exactly what the one-account read answers (tickets of its own tenant only, the
 * delivered requests, usage per month, the effective plan — own, none, or shared by a custody master — and the
 * account rows), and an account with nothing has an empty answer rather than another's.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buyPlan, createCustomer, startTestApp, type TestApp } from '../support/harness.js';
import { openTicket } from '../support/tickets.js';
import { findAccountRow, findAccountRows } from '../../src/contexts/accounts/index.js';
import { usageByMonth, usageByMonthOf } from '../../src/contexts/billing/index.js';
import { deliveredRequests, deliveredRequestsOf } from '../../src/contexts/service-requests/index.js';
import { loadEffectivePlan, loadEffectivePlans } from '../../src/contexts/subscriptions/index.js';
import { ticketsForReport, ticketsForReports } from '../../src/contexts/tickets/index.js';
import { overviewOf, overviewsOf } from '../../src/contexts/advisor/store/resource-store.js';

describe('report batch reads (issue 16)', () => {
  let t: TestApp;
  const ids: string[] = [];
  const fromAt = new Date('2025-12-31T16:00:00Z');
  const toAt = new Date('2026-01-31T16:00:00Z');
  const months = ['2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01'];

  beforeAll(async () => {
    t = await startTestApp();
    await t.setClock('2026-01-05T10:00:00+08:00');
    const a = await createCustomer(t, { email: 'a@example.com' });
    const b = await createCustomer(t, { email: 'b@example.com' });
    const none = await createCustomer(t, { email: 'none@example.com' });
    const sub = await createCustomer(t, { email: 'sub@example.com', parentId: a.id, financeMode: 'custody' });
    await buyPlan(t, a.id, 'enterprise');
    await buyPlan(t, b.id, 'business');
    await t.app.deps.db.execute(sql`UPDATE accounts SET sharing_enabled = true WHERE id = ${a.id}`);
    await openTicket(t.as(a.token), a.id, 'production_down', { subject: 'a1' });
    await openTicket(t.as(a.token), a.id, 'production_impaired', { subject: 'a2' });
    await openTicket(t.as(b.token), b.id, 'production_impaired', { subject: 'b1' });
    const usage = (id: string, accountId: string, amount: string, from: string, to: string) => ({
      id,
      accountId,
      service: 'ecs',
      category: 'cloud',
      listPrice: { amount, currency: 'USD' },
      from,
      to,
    });
    const res = await t.api.post('/api/v1/usage', {
      records: [
        usage('u1', a.id, '310.00', '2026-01-01', '2026-01-31'),
        usage('u2', a.id, '20.00', '2025-12-31', '2026-01-01'),
        usage('u3', b.id, '7.00', '2025-11-20', '2025-11-21'),
      ],
    });
    expect(res.status).toBeLessThan(300);
    ids.push(a.id, b.id, none.id, sub.id);
  });
  afterAll(() => t?.close());

  it('tickets, requests and usage: each account its own, as the one-account reads', async () => {
    const db = t.app.deps.db;
    const rows = await findAccountRows(db, ids);
    expect(rows.map((r) => r.id).sort()).toEqual([...ids].sort());
    const keys = rows.map((r) => ({ tenantId: r.tenantId, accountId: r.id }));
    const tickets = await ticketsForReports(db, keys, fromAt, toAt);
    const requests = await deliveredRequestsOf(db, ids, fromAt, toAt);
    const usage = await usageByMonthOf(db, ids, months, t.app.catalog.def.subscription.excludedUsageCategories);
    const overviews = await overviewsOf(db, ids, fromAt, toAt);
    let ticketCount = 0;
    for (const r of rows) {
      const one = await ticketsForReport(db, r.tenantId, r.id, fromAt, toAt);
      expect(tickets.get(r.id)).toEqual(one);
      ticketCount += one.length;
      expect(requests.get(r.id)).toEqual(await deliveredRequests(db, r.id, fromAt, toAt));
      expect(usage.get(r.id)).toEqual(
        await usageByMonth(db, r.id, months, t.app.catalog.def.subscription.excludedUsageCategories),
      );
      expect(overviews.get(r.id)).toEqual(await overviewOf(db, r.id, fromAt, toAt));
    }
    expect(ticketCount).toBe(3);
    expect(usage.get(ids[0]!)!.records).toBe(2);
    expect(usage.get(ids[1]!)!.byMonth.find((m) => m.month === '2025-11')!.amountMinor).toBe(700n);
    // A ticket is its own tenant's: asked under another tenant, the account has none.
    const wrongTenant = await ticketsForReports(
      db,
      [{ tenantId: keys[1]!.tenantId, accountId: ids[0]! }],
      fromAt,
      toAt,
    );
    expect(wrongTenant.get(ids[0]!)).toEqual([]);
  });

  it('effective plans: own, none and a custody master’s shared plan, as loadEffectivePlan', async () => {
    const db = t.app.deps.db;
    const at = new Date('2026-01-31T15:59:59Z');
    const rows = await findAccountRows(db, ids);
    const plans = await loadEffectivePlans(db, t.app.catalog, rows, at);
    for (const id of ids) {
      const account = (await findAccountRow(db, id))!;
      expect(plans.get(id)).toEqual(await loadEffectivePlan(db, t.app.catalog, account, at));
    }
    expect(plans.get(ids[3]!)!.source).toBe('shared');
    expect(plans.get(ids[1]!)!.level?.id).toBe('business');
  });
});
