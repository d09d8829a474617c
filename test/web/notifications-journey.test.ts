/**
 * R-NTF-1 and R-UI-1 in Chromium: a customer turns an optional kind of mail off on the notification settings page
 * (in Chinese; the page the mails' List-Unsubscribe opens), and it stays off; a desk engineer works the staff call
 * inbox of a Tianyi platform-change notice (专席人工): not reached with a note, then done.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerWithLogin, journey, staffWithLogin, startConsole, type ConsoleEnv } from './support/browser.js';

const PASSWORD = 'correct horse battery staple';
const names = (s: string) => ({ 'zh-CN': s, 'en-US': s });

describe('console: notification settings and the call inbox', () => {
  let env: ConsoleEnv;
  let accountId: string;
  beforeAll(async () => {
    env = await startConsole('notifications-journey', { catalog: 'ctyun' });
    ({ accountId } = await customerWithLogin(env, {
      email: 'owner@biz.example',
      password: PASSWORD,
      level: 'business',
      name: 'Biz Ltd',
      locale: 'zh-CN',
    }));
    expect((await env.t.api.patch(`/api/v1/accounts/${accountId}`, { phones: ['+8613800000001'] })).status).toBe(200);
    await staffWithLogin(env, {
      role: 'support_engineer',
      grade: 'principal_engineer',
      email: 'desk@provider.example',
      password: PASSWORD,
      name: 'Desk Zhang',
    });
  });
  afterAll(async () => {
    await env?.close();
  });

  it('the customer turns renewal reminder mails off in Chinese; required kinds cannot be turned off', async () => {
    await journey(env, 'customer', { locale: 'zh-CN' }, async (j) => {
      const page = j.page;
      await j.signIn('owner@biz.example', PASSWORD, { locale: 'zh-CN' });
      await page.getByRole('link', { name: '通知设置' }).click();
      await page.getByRole('heading', { name: '通知设置', level: 1 }).waitFor();
      const reminders = page.getByRole('switch', { name: '续费提醒的邮件' });
      await reminders.waitFor();
      expect(await reminders.getAttribute('aria-checked')).toBe('true');
      expect(await page.getByRole('switch', { name: '工单新回复的邮件' }).count()).toBe(0);
      await page
        .getByRole('row', { name: /工单新回复/ })
        .getByText('始终（必需）')
        .waitFor();
      await reminders.click();
      await expect.poll(() => reminders.getAttribute('aria-checked')).toBe('false');
      await j.shot('settings');
      await j.axe('notification-settings');
      await page.reload();
      await page.getByRole('switch', { name: '续费提醒的邮件' }).waitFor();
      expect(await page.getByRole('switch', { name: '续费提醒的邮件' }).getAttribute('aria-checked')).toBe('false');
    });
  });

  it('a desk engineer calls the account about a platform change: not reached with a note, then done', async () => {
    const published = await env.t.api.post('/api/v1/incidents', {
      kind: 'platform_change',
      level: 2,
      title: names('Core network cutover'),
      summary: names('02:00-04:00 on Saturday'),
      guidance: names('Expect brief interruptions'),
    });
    expect(published.status).toBe(201);
    await env.t.app.outbox.dispatchDue(env.t.app.clock.now());
    await journey(env, 'desk', {}, async (j) => {
      const page = j.page;
      await j.signIn('desk@provider.example', PASSWORD);
      await page.getByRole('link', { name: 'Calls to make' }).click();
      await page.getByRole('heading', { name: 'Calls to make', level: 1 }).waitFor();
      const row = page.getByRole('row', { name: /Biz Ltd/ });
      await row.waitFor();
      await row.getByRole('link', { name: '+8613800000001' }).waitFor();
      await row
        .getByText(/Core network cutover/)
        .first()
        .waitFor();
      await row.getByText('The desk').waitFor();
      await j.shot('inbox');
      await j.axe('call-inbox');
      await row.getByLabel('Note on the call').fill('No answer');
      await row.getByRole('button', { name: 'Not reached' }).click();
      await row.getByText(/Not reached: No answer/).waitFor();
      await row.getByLabel('Note on the call').fill('Told Ms Wang');
      await row.getByRole('button', { name: 'Done' }).click();
      await page.getByText('No calls to make').waitFor();
      await j.shot('done');
    });
    const done = (await env.t.api.get('/api/v1/call-tasks?status=done')).body.items;
    expect(done.map((c) => c.attempts.map((a) => a.note))).toEqual([['No answer', 'Told Ms Wang']]);
  });
});
