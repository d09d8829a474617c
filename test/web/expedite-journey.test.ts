/**
 * Issue 12/13 in Chromium on the ctyun catalog (huaweicloud-intl has no expedite level and no linked accounts): a
 * customer of the light level (轻量级, the green channel's 工单加急处理) expedites an open ticket from the ticket
 * page with the reason the catalog asks for; the page then shows it expedited and offers it no more. Staff approve
 * a customer's link request (关联账号) from the account's drawer. One server for the file, zh-CN (ctyun's only
 * language).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../support/sessions.js';
import { openTicket } from '../support/tickets.js';
import { customerWithLogin, journey, startConsole, staffWithLogin, type ConsoleEnv } from './support/browser.js';

const PASSWORD = 'correct horse battery staple';

describe('console on ctyun: expedite a ticket, approve a linked account', () => {
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
  it('staff approve a customer’s link request from the account’s drawer', async () => {
    const owner = await customerWithLogin(env, {
      name: '天翼商城',
      email: 'owner@link.example',
      password: PASSWORD,
      level: 'business',
      locale: 'zh-CN',
    });
    const other = await customerWithLogin(env, {
      name: '分店',
      email: 'owner@branch.example',
      password: PASSWORD,
      level: null,
      locale: 'zh-CN',
    });
    const customer = await signIn(env.t, 'owner@link.example', PASSWORD);
    const requested = await customer.call('POST', `/api/v1/accounts/${owner.accountId}/linked-accounts`, {
      body: { accountId: other.accountId },
    });
    expect(requested.status).toBe(201);
    expect(requested.body.status).toBe('pending');
    await staffWithLogin(env, { role: 'provider_admin', email: 'admin@ctyun.example', password: PASSWORD });
    await journey(env, 'link-approval', { locale: 'zh-CN' }, async (j) => {
      const page = j.page;
      await j.signIn('admin@ctyun.example', PASSWORD, { locale: 'zh-CN' });
      await page.getByRole('link', { name: '客户账号', exact: true }).click();
      await page.getByRole('button', { name: '查看计划（天翼商城）' }).click();
      const links = page.getByRole('dialog').getByRole('region', { name: '关联账号' });
      await links.getByText('待审批', { exact: true }).waitFor();
      await j.axe('link-pending');
      await links.getByRole('button', { name: '批准', exact: true }).click();
      await links.getByText('已关联', { exact: true }).waitFor();
      await j.shot('link-approved');
    });
    const after = (await env.t.api.get(`/api/v1/accounts/${owner.accountId}/linked-accounts`)).body.items;
    expect(after).toEqual([expect.objectContaining({ accountId: other.accountId, status: 'approved' })]);
  });
});
