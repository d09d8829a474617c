/**
 * R-UI-1 in Chromium: sign-in failures (missing fields, a wrong password, the lock-out after repeated failures), a
 * session that ends while the console is open, sign-out, a deep link that returns after signing in, and the
 * language switch ("Language"/"语言" with "English" and "中文") on the sign-in page and inside the console.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailedToken } from '../support/sessions.js';
import { customerWithLogin, journey, pick, startConsole, type ConsoleEnv } from './support/browser.js';

const PASSWORD = 'correct horse battery staple';

describe('console: signing in', () => {
  let env: ConsoleEnv;
  let userId: string;
  beforeAll(async () => {
    env = await startConsole('sign-in');
    ({ userId } = await customerWithLogin(env, {
      email: 'li.na@example.cn',
      password: PASSWORD,
      level: 'business',
      locale: 'zh-CN',
    }));
    await customerWithLogin(env, { name: 'Locked Ltd', email: 'locked@example.com', password: PASSWORD, level: null });
  });
  afterAll(async () => {
    await env?.close();
  });

  it('says what is wrong: missing fields, a wrong password, then the lock-out with its wait', async () => {
    await journey(env, 'failures', {}, async (j) => {
      const page = j.page;
      j.allowRefusal(401, 'POST', /^\/api\/v1\/sessions$/);
      j.allowRefusal(429, 'POST', /^\/api\/v1\/sessions$/);
      await page.goto('/sign-in');
      await j.axe('sign-in');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect.poll(() => page.getByRole('alert').textContent()).toBe('Enter your email and password.');

      await page.getByLabel('Email').fill('locked@example.com');
      await page.getByLabel('Password').fill('not the password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect.poll(() => page.getByRole('alert').textContent()).toBe('The email or password is not right.');
      await j.shot('wrong-password');
      // An unknown email gets the same answer (no account enumeration).
      await page.getByLabel('Email').fill('nobody@example.com');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect.poll(() => page.getByRole('alert').textContent()).toBe('The email or password is not right.');

      await page.getByLabel('Email').fill('locked@example.com');
      for (let i = 0; i < 5; i++) {
        const answered = page.waitForResponse((r) => r.url().endsWith('/api/v1/sessions'));
        await page.getByRole('button', { name: 'Sign in' }).click();
        await answered;
      }
      await expect
        .poll(() => page.getByRole('alert').textContent())
        .toMatch(/^Too many attempts\. Try again in \d+ seconds\.$/);
      await j.shot('locked');
      // The right password does not get through while the email is locked.
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/^Too many attempts/);
      expect(page.url()).toMatch(/\/sign-in$/);
    });
  });

  it('switches the language on the sign-in page and in the console, and keeps it after a reload', async () => {
    await journey(env, 'language', { locale: 'en-US' }, async (j) => {
      const page = j.page;
      await page.goto('/sign-in');
      await pick(page, 'Language', '中文');
      await page.getByRole('button', { name: '登录' }).waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
      await j.shot('sign-in-zh');
      await j.axe('sign-in-zh');
      await j.signIn('li.na@example.cn', PASSWORD, { locale: 'zh-CN' });
      const nav = page.getByRole('navigation', { name: '主导航' });
      for (const name of ['支持计划', '工单', '服务单', '账单', '消息中心'])
        await nav.getByRole('link', { name }).waitFor();
      await page.getByRole('heading', { name: '支持计划' }).waitFor();
      await page.getByRole('cell', { name: '商业级' }).waitFor();
      for (const name of ['升级', '降级', '续费', '退订'])
        await page.getByRole('button', { name, exact: true }).waitFor();
      await j.shot('plan-zh');
      await j.axe('plan-zh');
      await page.reload();
      await page.getByRole('heading', { name: '支持计划' }).waitFor();
      await pick(page, '语言', 'English');
      await page.getByRole('heading', { name: 'Support plan' }).waitFor();
      await page.getByRole('cell', { name: 'Business' }).waitFor();
      for (const name of ['Support plan', 'Tickets', 'Service requests', 'Bills', 'Messages'])
        await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name }).waitFor();
      await page.reload();
      await page.getByRole('heading', { name: 'Support plan' }).waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('en-US');
    });
  });

  it('a deep link comes back after signing in; sign-out and a session ended elsewhere lead to the sign-in page', async () => {
    await journey(env, 'session', {}, async (j) => {
      const page = j.page;
      await page.goto('/tickets');
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
      await j.signIn('li.na@example.cn', PASSWORD);
      await page.getByRole('heading', { name: 'Tickets' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/tickets');

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
      await page.goto('/plan');
      await page.getByRole('button', { name: 'Sign in' }).waitFor();

      // The administrator disables the user while the console is open: the next page says why it ended.
      await j.signIn('li.na@example.cn', PASSWORD);
      await page.getByRole('heading', { name: 'Support plan' }).waitFor();
      const disabled = await env.t.api.patch(`/api/v1/users/${userId}`, { disabled: true });
      expect(disabled.status).toBe(200);
      j.allowRefusal(401, 'GET', /^\/api\/v1\//);
      await page.getByRole('link', { name: 'Bills' }).click();
      await expect
        .poll(() => page.getByRole('alert').textContent())
        .toBe('Your user was disabled. Ask your administrator.');
      await j.shot('ended');
      expect(new URL(page.url()).pathname).toBe('/sign-in');
      expect((await env.t.api.patch(`/api/v1/users/${userId}`, { disabled: false })).status).toBe(200);
    });
  });

  it('an invited user sets a password through the mailed one-time link and is signed in; the link works once', async () => {
    const invited = await env.t.api.post('/api/v1/users', {
      name: 'Zhao Min',
      email: 'zhao@provider.example',
      role: 'tam',
    });
    expect(invited.status).toBe(201);
    const token = await mailedToken(env.t, 'zhao@provider.example');
    await journey(env, 'set-password', {}, async (j) => {
      const page = j.page;
      await page.goto(`/set-password?token=${encodeURIComponent(token)}`);
      await page.getByRole('heading', { name: 'Set your password' }).waitFor();
      await j.axe('set-password');
      await page.getByLabel('New password').fill('short');
      await page.getByLabel('Repeat the password').fill('short');
      await page.getByRole('button', { name: 'Set password' }).click();
      await expect.poll(() => page.getByRole('alert').textContent()).toBe('The password needs at least 12 characters.');
      await page.getByLabel('New password').fill(PASSWORD);
      await page.getByLabel('Repeat the password').fill(`${PASSWORD}!`);
      await page.getByRole('button', { name: 'Set password' }).click();
      await expect.poll(() => page.getByRole('alert').textContent()).toBe('The two passwords differ.');
      await page.getByLabel('Repeat the password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Set password' }).click();
      await page.getByRole('heading', { name: 'Ticket queue' }).waitFor();
      await j.shot('signed-in');
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('button', { name: 'Sign in' }).waitFor();

      j.allowRefusal(410, 'POST', /^\/api\/v1\/password\/set$/);
      await page.goto(`/set-password?token=${encodeURIComponent(token)}`);
      await page.getByLabel('New password').fill(`${PASSWORD} again`);
      await page.getByLabel('Repeat the password').fill(`${PASSWORD} again`);
      await page.getByRole('button', { name: 'Set password' }).click();
      await expect
        .poll(() => page.getByRole('alert').textContent())
        .toBe('This link was used already or has expired. Ask your administrator for a new one.');
      await j.signIn('zhao@provider.example', PASSWORD);
    });
  });
});
