/**
 * R-UI-1 OpenID Connect sign-in in Chromium against a real local provider (oidc-provider): the sign-in page offers
 * "Sign in with …"/"使用 … 登录" only when configured; a person goes to the provider, signs in there and lands back
 * in the console on the page they asked for, signed in; a person the console does not know comes back to the
 * sign-in page with the reason in their language.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OIDC_CALLBACK_PATH } from '../../src/platform/config.js';
import { startTestIdp, type TestIdp } from '../support/oidc-provider.js';
import {
  customerWithLogin,
  freePort,
  journey,
  startConsole,
  type ConsoleEnv,
  type Journey,
} from './support/browser.js';

/** The provider's development pages link a web font; nothing leaves this machine, so it is answered empty here. */
async function keepLocal(j: Journey): Promise<void> {
  await j.context.route(
    (url) => !['127.0.0.1', 'localhost'].includes(url.hostname),
    (route) => route.fulfill({ status: 200, contentType: 'text/css', body: '' }),
  );
}

describe('console: signing in with OpenID Connect', () => {
  let idp: TestIdp;
  let env: ConsoleEnv;
  beforeAll(async () => {
    const port = await freePort();
    const redirectUrl = `http://127.0.0.1:${port}${OIDC_CALLBACK_PATH}`;
    idp = await startTestIdp({ redirectUris: [redirectUrl] });
    env = await startConsole('oidc-sign-in', {
      port,
      config: {
        publicUrl: `http://127.0.0.1:${port}`,
        oidc: {
          issuer: idp.issuer,
          name: 'Acme IAM',
          clientId: idp.clientId,
          clientSecret: idp.clientSecret,
          redirectUrl,
          scopes: 'openid email profile',
          accountClaim: null,
          roleClaim: null,
          allowInsecure: true,
        },
      },
    });
    await customerWithLogin(env, {
      email: 'li.na@example.cn',
      password: 'correct horse battery staple',
      level: 'business',
      locale: 'zh-CN',
    });
    idp.person('lina', { email: 'li.na@example.cn', email_verified: true, name: 'Li Na' });
    idp.person('stranger', { email: 'stranger@example.com', email_verified: true });
  });
  afterAll(async () => {
    await env?.close();
    await idp?.close();
  });

  it('a known person signs in at the provider and lands on the page asked for', async () => {
    await journey(env, 'known', { locale: 'zh-CN' }, async (j) => {
      await keepLocal(j);
      const page = j.page;
      await page.goto('/tickets');
      await page.waitForURL(/\/sign-in/);
      const button = page.getByRole('button', { name: '使用 Acme IAM 登录' });
      await button.waitFor();
      await j.axe('sign-in with oidc');
      await j.shot('sign-in-page');
      await button.click();
      await page.waitForURL((u) => u.href.startsWith(idp.issuer));
      await page.getByPlaceholder('Enter any login').fill('lina');
      await page.getByPlaceholder('and password').fill('anything');
      await j.shot('provider-login');
      await page.getByRole('button', { name: 'Sign-in' }).click();
      await page.getByRole('navigation', { name: '主导航' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/tickets');
      await page.getByRole('heading', { name: '工单' }).first().waitFor();
      await j.shot('signed-in');
    });
  });

  it('a person without a user comes back to the sign-in page, told why', async () => {
    await journey(env, 'stranger', {}, async (j) => {
      await keepLocal(j);
      const page = j.page;
      await page.goto('/sign-in');
      await page.getByRole('button', { name: 'Sign in with Acme IAM' }).click();
      await page.waitForURL((u) => u.href.startsWith(idp.issuer));
      await page.getByPlaceholder('Enter any login').fill('stranger');
      await page.getByPlaceholder('and password').fill('anything');
      await page.getByRole('button', { name: 'Sign-in' }).click();
      await page.waitForURL(/\/sign-in\?oidc=no_user/);
      await expect
        .poll(() => page.getByRole('alert').textContent())
        .toBe('No user of this console has your email. Ask your administrator to invite you.');
      await j.axe('sign-in refused');
      await j.shot('refused');
    });
  });
});
