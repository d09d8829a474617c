/**
 * R-UI-1 in Chromium: a customer buys a plan through the quote preview and the agreement, opens a ticket, and sees
 * the staff reply; staff work the queue (the ticket workspace: assign, reply). Both people in one browser, each in
 * a context of its own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
    await customerWithLogin(env, { email: 'owner@acme.example', password: PASSWORD, level: null });
    await journey(env, 'buy', {}, async (j) => {
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
      await dialog.getByRole('button', { name: 'Pay from the account balance' }).click();
      await dialog.getByText('Paid. The plan is in effect now.').waitFor();
      await j.shot('paid', { fullPage: false });
      await dialog.getByRole('button', { name: 'Close' }).first().click();
      await page.getByRole('cell', { name: 'Business' }).waitFor();
      await j.shot('plan-business', { readme: 'customer-plan' });
      await j.axe('plan');
    });
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
      await page.getByRole('button', { name: 'Assign to me' }).click();
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
});
