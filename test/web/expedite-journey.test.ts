/**
 * Issue 12/13 in Chromium on the ctyun catalog (huaweicloud-intl has no expedite level): a customer of the light
 * level (轻量级, the green channel's 工单加急处理) expedites an open ticket from the ticket page with the reason the
 * catalog asks for; the page then shows it expedited and offers it no more. One server for the file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTicket } from '../support/tickets.js';
import { customerWithLogin, journey, startConsole, type ConsoleEnv } from './support/browser.js';

const PASSWORD = 'correct horse battery staple';

describe('console on ctyun: expedite a ticket', () => {
  let env: ConsoleEnv;
  beforeAll(async () => {
    env = await startConsole('expedite-journey', { catalog: 'ctyun' });
  });
  afterAll(async () => {
    await env?.close();
  });

  it('a light-level customer expedites an open ticket with a reason', async () => {
    const { accountId } = await customerWithLogin(env, {
      email: 'owner@light.example',
      password: PASSWORD,
      level: 'light',
      locale: 'zh-CN', // ctyun serves zh-CN only
    });
    const ticket = await openTicket(env.t.api, accountId, 'general', { subject: 'Payments are failing' });
    await journey(env, 'expedite', { locale: 'zh-CN' }, async (j) => {
      const page = j.page;
      await j.signIn('owner@light.example', PASSWORD, { locale: 'zh-CN' });
      await page.goto(`/tickets/${ticket.id}`);
      await page.getByRole('heading', { level: 1, name: `${ticket.number} · Payments are failing` }).waitFor();
      const button = page.getByRole('button', { name: '加急', exact: true });
      // The catalog asks for a reason: the button waits for it.
      expect(await button.isDisabled()).toBe(true);
      await page.getByLabel('加急原因').fill('Checkout is down for all shoppers');
      await j.axe('ticket-expedite');
      await button.click();
      // The page says when and why it was expedited.
      await page.getByText('已加急', { exact: true }).waitFor();
      await page.getByText('Checkout is down for all shoppers').waitFor();
      await expect.poll(() => button.count()).toBe(0);
      await j.shot('expedited');
    });
    const after = (await env.t.api.get(`/api/v1/tickets/${ticket.id}`)).body;
    expect(after.expedited).toMatchObject({ reason: 'Checkout is down for all shoppers' });
  });
});
