/**
 * R-UI-1 in Chromium: a customer buys a plan through the quote preview and the agreement and pays it from the
 * balance (refused with the shortfall until staff top it up, issue 11; the shortfall in Chinese too), opens a
 * ticket, and sees the staff reply; staff work the queue (the ticket workspace: assign, reply); a billing operator
 * records a payment taken in the provider's own billing system. The people in one browser, each in a context of
 * its own. Monthly reports (R-RPT): the customer previews last month's report and downloads its PDF; staff see the
 * schedule with a failed delivery and its reason. Vouchers (issue 13): the customer buys with one that fits the
 * level, the quote shows what it pays and what is left, an expired one is refused in the user's language.
 */
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buyPlan } from '../support/harness.js';
import { customerWithLogin, journey, pick, staffWithLogin, startConsole, type ConsoleEnv } from './support/browser.js';

const PASSWORD = 'correct horse battery staple';

describe('console: a customer and the support staff', () => {
  let env: ConsoleEnv;
  beforeAll(async () => {
    env = await startConsole('customer-journey');
  });
  afterAll(async () => {
    await env?.close();
  });

  it('a customer buys the Business level through the quote and the agreement', async () => {
    const { accountId } = await customerWithLogin(env, {
      email: 'owner@acme.example',
      password: PASSWORD,
      level: null,
    });
    await journey(env, 'buy', {}, async (j) => {
      // Issue 11: the first payment is refused (an empty balance), as the dialog foretold.
      j.allowRefusal(409, 'POST', /^\/api\/v1\/orders\/[^/]+\/pay$/);
      const page = j.page;
      await page.goto('/plan');
      await j.shot('sign-in');
      await j.signIn('owner@acme.example', PASSWORD);
      await page.getByRole('heading', { name: 'Support plan' }).waitFor();
      await j.shot('plan-basic');
      await page.getByRole('button', { name: 'Buy' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('radio', { name: 'Business' }).check();
      const quote = dialog.getByRole('region', { name: 'Price preview' });
      await expect.poll(() => quote.textContent()).toContain('$90.00');
      await j.shot('quote', { fullPage: false });
      // Confirm waits for the agreement.
      expect(await dialog.getByRole('button', { name: 'Confirm' }).isDisabled()).toBe(true);
      await dialog.getByRole('checkbox', { name: /I have read and agree/ }).check();
      await dialog.getByRole('button', { name: 'Confirm' }).click();
      // The balance is shown with what it lacks; paying anyway is refused with the shortfall.
      await dialog.getByText('The balance does not cover this order: $90.00 short.', { exact: false }).waitFor();
      await dialog.getByRole('button', { name: 'Pay from the account balance' }).click();
      await dialog
        .getByRole('alert')
        .getByText('The account balance does not cover the order: $90.00 short.')
        .waitFor();
      await j.shot('shortfall', { fullPage: false });
      expect((await env.t.api.get(`/api/v1/accounts/${accountId}/plan`)).body.level).toBe('basic');
      // Staff top the balance up; the same order is paid from it.
      const topUp = await env.t.api.post(`/api/v1/accounts/${accountId}/balance/top-ups`, {
        amount: { amount: '100.00', currency: 'USD' },
        reason: 'wire 0042',
      });
      expect(topUp.status).toBe(201);
      await dialog.getByRole('button', { name: 'Pay from the account balance' }).click();
      await dialog.getByText('Paid. The plan is in effect now.').waitFor();
      await j.shot('paid', { fullPage: false });
      await dialog.getByRole('button', { name: 'Close' }).first().click();
      await page.getByRole('cell', { name: 'Business' }).waitFor();
      await j.shot('plan-business', { readme: 'customer-plan' });
      await j.axe('plan');
    });
    const balance = (await env.t.api.get(`/api/v1/accounts/${accountId}/balance`)).body;
    expect(balance.balance).toEqual({ amount: '10.00', currency: 'USD' });
  });

  it('in Chinese the shortfall says how much is missing', async () => {
    await customerWithLogin(env, {
      name: '云上商城',
      email: 'owner@shop.example.cn',
      password: PASSWORD,
      level: null,
      locale: 'zh-CN',
    });
    await journey(env, 'buy-zh', { locale: 'zh-CN' }, async (j) => {
      j.allowRefusal(409, 'POST', /^\/api\/v1\/orders\/[^/]+\/pay$/);
      const page = j.page;
      await j.signIn('owner@shop.example.cn', PASSWORD, { locale: 'zh-CN' });
      await page.getByRole('button', { name: '购买' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('radio', { name: '商业级' }).check();
      await dialog.getByRole('checkbox', { name: /我已阅读并同意/ }).check();
      await dialog.getByRole('button', { name: '确认' }).click();
      await dialog.getByRole('button', { name: '使用账户余额支付' }).click();
      await dialog.getByRole('alert').getByText('账户余额不足以支付该订单，还差', { exact: false }).waitFor();
      expect(await dialog.getByRole('alert').textContent()).toMatch(/还差 US\$90\.00/);
      await j.shot('shortfall-zh', { fullPage: false });
    });
  });

  it('a billing operator records a payment taken in the provider’s own billing system', async () => {
    const { accountId } = await customerWithLogin(env, {
      name: 'Offline Corp',
      email: 'owner@offline.example',
      password: PASSWORD,
      level: null,
    });
    const order = await env.t.api.post(`/api/v1/accounts/${accountId}/orders`, {
      action: 'purchase',
      level: 'business',
      term: { unit: 'year', count: 1 },
      agreementAccepted: true,
    });
    expect(order.status).toBe(201);
    await staffWithLogin(env, {
      role: 'billing_operator',
      name: 'Li Na',
      email: 'li@provider.example',
      password: PASSWORD,
    });
    await journey(env, 'record-payment', {}, async (j) => {
      const page = j.page;
      await j.signIn('li@provider.example', PASSWORD);
      await page.getByRole('link', { name: 'Billing' }).click();
      await page.getByLabel('Account id').fill(accountId);
      await page.getByLabel('Account id').press('Enter');
      const number = order.body.number as string;
      await page.getByRole('cell', { name: number, exact: true }).waitFor();
      await j.shot('pending-order');
      await page.getByLabel(`Payment reference ${number}`).fill('SAP 2026-0042');
      await page.getByRole('button', { name: `Record an external payment for order ${number}` }).click();
      await page.getByText(`Payment recorded for order ${number}; the plan changed.`).waitFor();
      await page.getByText('No order waits for payment.').waitFor();
      await j.shot('payment-recorded');
      await j.axe('billing');
    });
    const paid = (await env.t.api.get(`/api/v1/orders/${order.body.id}`)).body;
    expect(paid).toMatchObject({ status: 'paid', payment: { method: 'external', reference: 'SAP 2026-0042' } });
    expect((await env.t.api.get(`/api/v1/accounts/${accountId}/plan`)).body.level).toBe('business');
  });

  it('the customer opens a ticket; a support engineer works the queue and replies; the customer sees the reply', async () => {
    await staffWithLogin(env, {
      role: 'support_engineer',
      grade: 'senior_expert',
      name: 'Wang Wei',
      email: 'wang@provider.example',
      password: PASSWORD,
    });
    let ticketNumber = '';
    await journey(env, 'ticket', {}, async (j) => {
      const page = j.page;
      await j.signIn('owner@acme.example', PASSWORD);
      await page.getByRole('link', { name: 'Tickets' }).click();
      await page.getByRole('heading', { name: 'Tickets' }).waitFor();
      await j.axe('tickets');
      await page.getByRole('button', { name: 'New ticket' }).click();
      await page.getByRole('heading', { name: 'New ticket' }).waitFor();
      await page.getByRole('radio', { name: 'Technical', exact: true }).check();
      await pick(page, 'Severity', 'Production system impaired');
      await page.getByLabel('Subject').fill('ECS instances cannot reach OBS');
      await page.getByLabel('Description').fill('Since 09:00 every instance in cn-north-4 times out on OBS uploads.');
      await j.axe('new-ticket');
      await j.shot('new-ticket');
      await page.getByRole('button', { name: 'Submit' }).click();
      const heading = page.getByRole('heading', { name: /ECS instances cannot reach OBS/ });
      await heading.waitFor();
      ticketNumber = ((await heading.textContent()) ?? '').split(' · ')[0]!;
      await j.shot('ticket-opened');
      await j.axe('ticket');
    });
    expect(ticketNumber).toMatch(/\d/);

    await journey(env, 'queue', {}, async (j) => {
      const page = j.page;
      await j.signIn('wang@provider.example', PASSWORD);
      await page.getByRole('heading', { name: 'Ticket queue' }).waitFor();
      const row = page.getByRole('row', { name: new RegExp(ticketNumber) });
      await row.waitFor();
      await j.shot('queue', { readme: 'staff-queue' });
      await j.axe('queue');
      await row.getByRole('link').first().click();
      await page.getByRole('heading', { name: /ECS instances cannot reach OBS/ }).waitFor();
      // Issue 13: the assignee is picked from the staff directory (support engineers, with their grade).
      await pick(page, 'Assignee', 'Wang Wei (Senior technical expert)');
      await page.getByRole('button', { name: 'Assign', exact: true }).click();
      await page.getByText('You', { exact: true }).waitFor();
      await page.getByLabel('Reply').fill('We are looking into it: please send the bucket name.');
      await page.getByRole('button', { name: 'Send' }).click();
      await page.getByText('We are looking into it: please send the bucket name.').waitFor();
      await j.shot('replied');
      await j.axe('workspace');
    });

    await journey(env, 'reply-seen', {}, async (j) => {
      const page = j.page;
      await j.signIn('owner@acme.example', PASSWORD);
      await page.getByRole('link', { name: 'Tickets' }).click();
      await page.getByRole('link', { name: new RegExp(ticketNumber) }).click();
      await page.getByText('We are looking into it: please send the bucket name.').waitFor();
      await j.shot('reply-seen');
    });
  });

  it('R-RPT: the customer previews last month’s report and downloads its PDF; staff see the schedule with a failure', async () => {
    // An Enterprise account (a TAM approves it) with a ticket in December; the clock goes to January's send day.
    const tam = await staffWithLogin(env, {
      role: 'tam',
      name: 'Zhao TAM',
      email: 'zhao@provider.example',
      password: PASSWORD,
    });
    const enterprise = async (name: string, email: string) => {
      const { accountId } = await customerWithLogin(env, { name, email, password: PASSWORD, level: null });
      expect((await env.t.api.post(`/api/v1/accounts/${accountId}/approval`, { tamUserId: tam.userId })).status).toBe(
        200,
      );
      await buyPlan(env.t, accountId, 'enterprise');
      return accountId;
    };
    const reporting = await enterprise('Report Corp', 'owner@report.example');
    const failing = await enterprise('Broken Mail Ltd', 'owner@broken.example');
    const ticket = await env.t.api.post('/api/v1/tickets', {
      accountId: reporting,
      category: 'technical',
      severity: 'production_impaired',
      subject: 'Disk latency on db-1',
      description: 'p99 write latency above 200 ms',
    });
    expect(ticket.status).toBe(201);
    const month = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' })
      .format(env.t.app.clock.now())
      .slice(0, 7);
    const monthName = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', year: 'numeric', month: 'long' }).format(
      new Date(`${month}-01T00:00:00Z`),
    );
    const [y, m] = month.split('-').map(Number) as [number, number];
    const next = `${m === 12 ? y + 1 : y}-${String(m === 12 ? 1 : m + 1).padStart(2, '0')}`;
    await env.t.setClock(`${next}-01T08:00:00+08:00`);
    const planned = (await env.t.api.get(`/api/v1/reports/schedule?month=${month}`)).body.items;
    expect(planned.map((r: { accountId: string }) => r.accountId).sort()).toEqual([reporting, failing].sort());
    await env.t.setClock(planned[0]!.sendAt);
    await env.t.app.outbox.dispatchDue(env.t.app.clock.now());
    // A delivery that failed (the mail server refused it, say): the staff view shows the row and its reason.
    await env.t.app.deps.db.execute(
      sql`UPDATE report_schedule SET status = 'failed', error = 'smtp: 550 mailbox unavailable' WHERE account_id = ${failing}`,
    );

    await journey(env, 'reports', {}, async (j) => {
      const page = j.page;
      await j.signIn('owner@report.example', PASSWORD);
      await page.getByRole('link', { name: 'Monthly reports' }).click();
      await page.getByRole('heading', { name: 'Monthly service reports', level: 1 }).waitFor();
      const row = page.getByRole('row', { name: new RegExp(monthName) });
      await row.getByText('Sent').waitFor();
      await row.getByRole('button', { name: 'Preview' }).click();
      const frame = page.frameLocator('iframe[title="Preview"]');
      await frame.getByRole('heading', { name: /Monthly service report/, level: 1 }).waitFor();
      await frame.locator('#service_tickets').getByRole('cell', { name: ticket.body.number, exact: true }).waitFor();
      await j.shot('report-preview');
      await j.axe('reports');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        row.getByRole('link', { name: 'Download PDF' }).click(),
      ]);
      expect(download.suggestedFilename()).toBe(`report-${month}-v1.pdf`);
      const bytes = readFileSync((await download.path())!);
      expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    });

    await journey(env, 'report-schedule', {}, async (j) => {
      const page = j.page;
      await j.signIn('zhao@provider.example', PASSWORD);
      await page.goto('/staff/reports');
      await page.getByRole('heading', { name: 'Report schedule', level: 1 }).waitFor();
      await page.getByLabel('Month').fill(month);
      await page.getByText('Failed: 1').waitFor();
      await page.getByText('Sent: 1').waitFor();
      const failed = page.getByRole('row', { name: new RegExp(failing) });
      await failed.getByText('smtp: 550 mailbox unavailable').waitFor();
      await page
        .getByRole('row', { name: new RegExp(reporting) })
        .getByText('Sent')
        .waitFor();
      await j.shot('report-schedule');
      await j.axe('report-schedule');
    });
  });
  it('a customer buys with a voucher and the balance pays the rest; an expired voucher is refused in the user’s language', async () => {
    const { accountId } = await customerWithLogin(env, {
      name: 'Voucher Ltd',
      email: 'owner@voucher.example',
      password: PASSWORD,
      level: null,
    });
    const usd = (amount: string) => ({ amount, currency: 'USD' });
    const now = Date.parse((await env.t.api.get('/api/v1/test-clock')).body.now);
    const issue = async (amount: string, hours: number, levels: string[]) => {
      const res = await env.t.api.post(`/api/v1/accounts/${accountId}/vouchers`, {
        amount: usd(amount),
        expiresAt: new Date(now + hours * 3_600_000).toISOString(),
        levels,
      });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    const lasting = await issue('40.00', 24 * 30, ['business']);
    await issue('70.00', 24 * 30, ['enterprise']); // another level's: never offered for Business
    const shortLived = await issue('60.00', 2, ['business']);
    expect(
      (
        await env.t.api.post(`/api/v1/accounts/${accountId}/balance/top-ups`, {
          amount: usd('50.00'),
          reason: 'wire 0077',
        })
      ).status,
    ).toBe(201);
    let orderId = '';
    await journey(env, 'voucher', {}, async (j) => {
      j.allowRefusal(409, 'POST', /^\/api\/v1\/orders\/[^/]+\/pay$/);
      const page = j.page;
      page.on('response', (res) => {
        const m = /^\/api\/v1\/orders\/([^/]+)\/pay$/.exec(new URL(res.url()).pathname);
        if (m) orderId = m[1]!;
      });
      await j.signIn('owner@voucher.example', PASSWORD);
      await page.getByRole('button', { name: 'Buy' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('radio', { name: 'Business' }).check();
      const quote = dialog.getByRole('region', { name: 'Price preview' });
      await expect.poll(() => quote.textContent()).toContain('$90.00');
      const picker = dialog.getByRole('combobox', { name: 'Voucher', exact: true });
      // The Business vouchers only, newest first, after "No voucher".
      await expect
        .poll(() => picker.locator('option').allTextContents())
        .toEqual([
          'No voucher',
          expect.stringMatching(/^\$60\.00 voucher, valid until /),
          expect.stringMatching(/^\$40\.00 voucher, valid until /),
        ]);
      await picker.selectOption({ label: (await picker.locator('option').nth(1).textContent())! });
      // What the voucher pays and what is left are the quote's.
      await expect.poll(() => quote.textContent()).toContain('Voucher pays$60.00');
      expect(await quote.textContent()).toContain('Left to pay$30.00');
      await j.shot('voucher-quote', { fullPage: false });
      await j.axe('voucher-quote');
      await dialog.getByRole('checkbox', { name: /I have read and agree/ }).check();
      await dialog.getByRole('button', { name: 'Confirm' }).click();
      await dialog.getByRole('button', { name: 'Pay from the account balance' }).waitFor();
      // The short-lived voucher expires before the customer pays: refused, with what to do.
      await env.t.setClock(new Date(now + 3 * 3_600_000).toISOString());
      await dialog.getByRole('button', { name: 'Pay from the account balance' }).click();
      const alert = dialog.getByRole('alert');
      await alert.getByText('The voucher cannot pay for this order (it has expired).').waitFor();
      await alert.getByText('Pay without it, or choose another voucher.', { exact: false }).waitFor();
      await j.shot('voucher-expired', { fullPage: false });
      // The list is read again: the expired voucher is gone; the other one pays $40.00, the balance the rest.
      await expect.poll(() => picker.locator('option').count()).toBe(2);
      await picker.selectOption({ label: (await picker.locator('option').nth(1).textContent())! });
      await expect.poll(() => dialog.textContent()).toContain('Left to pay$50.00');
      await dialog.getByRole('button', { name: 'Pay from the account balance' }).click();
      await dialog.getByText('Paid. The plan is in effect now.').waitFor();
      await j.shot('voucher-paid', { fullPage: false });
    });
    const order = (await env.t.api.get(`/api/v1/orders/${orderId}`)).body;
    expect(order.payment).toMatchObject({
      method: 'balance',
      voucher: { id: lasting, amount: usd('40.00') },
      fromBalance: usd('50.00'),
    });
    expect((await env.t.api.get(`/api/v1/accounts/${accountId}/balance`)).body.balance).toEqual(usd('0.00'));
    const vouchers = (await env.t.api.get(`/api/v1/accounts/${accountId}/vouchers`)).body.items;
    expect(Object.fromEntries(vouchers.map((v: { id: string; state: string }) => [v.id, v.state]))).toMatchObject({
      [lasting]: 'used',
      [shortLived]: 'expired',
    });
  });
});
