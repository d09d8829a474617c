/**
 * R-UI-1 OpenID Connect sign-in against a real local provider (oidc-provider): the redirect with PKCE (S256), state
 * and nonce; the callback that signs in an existing user by verified email and links the subject; a user created by
 * the account-claim rule (role from the role claim); the refusals that land on the sign-in page with a reason
 * (unverified email, no user, a forged or missing login cookie, a cancelled sign-in, a disabled user); and the
 * server without the settings.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OIDC_CALLBACK_PATH } from '../../src/platform/config.js';
import { DB_KINDS } from '../support/databases.js';
import { createCustomer, startTestApp, type TestApp } from '../support/harness.js';
import { startTestIdp, signInAtIdp, type TestIdp } from '../support/oidc-provider.js';
import { inject, injectRaw } from '../support/sessions.js';
import { errorOf } from '../support/replies.js';

const APP = 'http://console.test';
const cookiesOf = (res: { headers: Record<string, unknown> }): string[] => {
  const raw = res.headers['set-cookie'];
  return Array.isArray(raw) ? raw.map(String) : raw ? [String(raw)] : [];
};
const cookiePair = (res: { headers: Record<string, unknown> }, name: string) =>
  cookiesOf(res)
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith(`${name}=`));

describe.each(DB_KINDS)('OpenID Connect sign-in on %s', (kind) => {
  let idp: TestIdp;
  let t: TestApp;
  let accountId: string;

  beforeAll(async () => {
    idp = await startTestIdp({ redirectUris: [`${APP}${OIDC_CALLBACK_PATH}`] });
    t = await startTestApp({
      kind,
      config: {
        publicUrl: APP,
        oidc: {
          issuer: idp.issuer,
          name: 'Acme IAM',
          clientId: idp.clientId,
          clientSecret: idp.clientSecret,
          redirectUrl: `${APP}${OIDC_CALLBACK_PATH}`,
          scopes: 'openid email profile tierdesk',
          accountClaim: 'tierdesk_account',
          roleClaim: 'tierdesk_role',
          allowInsecure: true,
        },
      },
    });
    accountId = (await createCustomer(t, { email: 'owner@acme.test' })).id;
  });
  afterAll(async () => {
    await t?.close();
    await idp?.close();
  });

  /** The whole browser round trip: start, the provider's login as `login`, the callback with the login cookie. */
  async function roundTrip(login: string, opts: { returnTo?: string; tamper?: (c: string) => string } = {}) {
    const start = await inject(
      t,
      'GET',
      opts.returnTo ? `/api/v1/sessions/oidc?returnTo=${encodeURIComponent(opts.returnTo)}` : '/api/v1/sessions/oidc',
    );
    expect(start.status).toBe(303);
    const loginCookie = cookiePair(start, 'tierdesk_oidc')!;
    const callback = await signInAtIdp(idp, String(start.headers.location), login);
    expect(callback.startsWith(`${APP}${OIDC_CALLBACK_PATH}?`)).toBe(true);
    const back = await injectRaw(t, 'GET', callback.slice(APP.length), {
      headers: { cookie: opts.tamper ? opts.tamper(loginCookie) : loginCookie },
    });
    expect(back.status).toBe(303);
    return { start, back, session: cookiePair(back, 'tierdesk_session') };
  }

  it('GET /sessions/methods names the provider for the sign-in button', async () => {
    const res = await inject(t, 'GET', '/api/v1/sessions/methods');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ password: true, oidc: { name: 'Acme IAM', url: '/api/v1/sessions/oidc' } });
  });

  it('redirects to the provider with the code flow, PKCE S256, state and nonce, and a signed login cookie', async () => {
    const res = await inject(t, 'GET', '/api/v1/sessions/oidc?returnTo=/tickets');
    expect(res.status).toBe(303);
    const to = new URL(String(res.headers.location));
    expect(to.origin).toBe(idp.issuer);
    const q = to.searchParams;
    expect(q.get('response_type')).toBe('code');
    expect(q.get('client_id')).toBe(idp.clientId);
    expect(q.get('redirect_uri')).toBe(`${APP}${OIDC_CALLBACK_PATH}`);
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.get('state')).toBeTruthy();
    expect(q.get('nonce')).toBeTruthy();
    expect(q.get('scope')!.split(' ')).toContain('openid');
    const cookie = cookiesOf(res).find((c) => c.startsWith('tierdesk_oidc='))!;
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).toContain('Path=/api/v1/sessions/oidc');
    // The verifier never travels in the clear in the URL.
    expect(String(res.headers.location)).not.toContain(cookie.split('=')[1]!.split('.')[0]!);
  });

  it('signs in an existing user by verified email, links the subject, and lands on returnTo', async () => {
    const user = await t.api.post(`/api/v1/accounts/${accountId}/users`, {
      name: 'Han Mei',
      email: 'han@acme.test',
      role: 'customer_member',
    });
    expect(user.status).toBe(201);
    idp.person('han', { email: 'HAN@acme.test', email_verified: true, name: 'Han Mei' });
    const { back, session } = await roundTrip('han', { returnTo: '/tickets' });
    expect(back.headers.location).toBe('/tickets');
    expect(session).toMatch(/^tierdesk_session=ses_/);
    const me = await inject(t, 'GET', '/api/v1/sessions/current', { headers: { cookie: session! } });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ user: { id: user.body.id }, via: 'session', session: { method: 'oidc' } });
    // The subject is linked: a later sign-in finds the user even when the provider's email changed.
    idp.person('han', { email: 'han.mei@elsewhere.test', email_verified: false });
    const again = await roundTrip('han');
    expect(again.back.headers.location).toBe('/');
    const me2 = await inject(t, 'GET', '/api/v1/sessions/current', { headers: { cookie: again.session! } });
    expect(me2.body.user.id).toBe(user.body.id);
  });

  it('creates a user in the account the account claim names, with the role claim’s role', async () => {
    idp.person('wu', {
      email: 'wu@acme.test',
      email_verified: true,
      name: 'Wu Lan',
      tierdesk_account: accountId,
      tierdesk_role: 'customer_owner',
    });
    const { session } = await roundTrip('wu');
    const me = await inject(t, 'GET', '/api/v1/sessions/current', { headers: { cookie: session! } });
    expect(me.body).toMatchObject({
      user: { name: 'Wu Lan', email: 'wu@acme.test', role: 'customer_owner', accountId },
      session: { method: 'oidc' },
    });
  });

  it('refuses with a reason on the sign-in page: unverified email, no user, a staff role claim', async () => {
    idp.person('ghost', { email: 'ghost@acme.test', email_verified: false });
    expect((await roundTrip('ghost')).back.headers.location).toBe('/sign-in?oidc=email_unverified');
    idp.person('nobody', { email: 'nobody@acme.test', email_verified: true });
    expect((await roundTrip('nobody')).back.headers.location).toBe('/sign-in?oidc=no_user');
    idp.person('elevated', {
      email: 'elevated@acme.test',
      email_verified: true,
      tierdesk_account: accountId,
      tierdesk_role: 'provider_admin',
    });
    const r = await roundTrip('elevated');
    expect(r.back.headers.location).toBe('/sign-in?oidc=no_user');
    expect(r.session).toBeUndefined();
    idp.person('lost', { email: 'lost@acme.test', email_verified: true, tierdesk_account: 'acc_nosuch' });
    expect((await roundTrip('lost')).back.headers.location).toBe('/sign-in?oidc=no_user');
  });

  it('a disabled user is refused', async () => {
    const user = await t.api.post(`/api/v1/accounts/${accountId}/users`, {
      name: 'Zhao',
      email: 'zhao@acme.test',
      role: 'customer_member',
    });
    await t.api.patch(`/api/v1/users/${user.body.id}`, { disabled: true });
    idp.person('zhao', { email: 'zhao@acme.test', email_verified: true });
    expect((await roundTrip('zhao')).back.headers.location).toBe('/sign-in?oidc=user_disabled');
  });

  it('a forged, missing or replayed login cookie signs nobody in (expired), and neither does a cancel', async () => {
    idp.person('han2', { email: 'han@acme.test', email_verified: true });
    const forged = await roundTrip('han2', { tamper: (c) => c.replace(/.$/, (x) => (x === 'A' ? 'B' : 'A')) });
    expect(forged.back.headers.location).toBe('/sign-in?oidc=expired');
    expect(forged.session).toBeUndefined();
    const missing = await roundTrip('han2', { tamper: () => 'other=1' });
    expect(missing.back.headers.location).toBe('/sign-in?oidc=expired');
    // Another login's cookie: the state does not match.
    const other = await inject(t, 'GET', '/api/v1/sessions/oidc');
    const swapped = await roundTrip('han2', { tamper: () => cookiePair(other, 'tierdesk_oidc')! });
    expect(swapped.back.headers.location).toBe('/sign-in?oidc=failed');
    expect(swapped.session).toBeUndefined();
    const cancelled = await inject(t, 'GET', `${OIDC_CALLBACK_PATH}?error=access_denied&state=x`);
    expect(cancelled.status).toBe(303);
    expect(cancelled.headers.location).toBe('/sign-in?oidc=cancelled');
  });

  it('a client asking for JSON gets the URL, then the session or 401 with the reason, instead of redirects', async () => {
    idp.person('han4', { email: 'han@acme.test', email_verified: true });
    const json = { accept: 'application/json' };
    const start = await inject(t, 'GET', '/api/v1/sessions/oidc', { headers: json });
    expect(start.status).toBe(200);
    expect(start.body.url.startsWith(`${idp.issuer}/`)).toBe(true);
    const callback = await signInAtIdp(idp, start.body.url, 'han4');
    const back = await injectRaw(t, 'GET', callback.slice(APP.length), {
      headers: { ...json, cookie: cookiePair(start, 'tierdesk_oidc')! },
    });
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({ user: { email: 'han@acme.test' }, session: { method: 'oidc' } });
    expect(cookiePair(back, 'tierdesk_session')).toMatch(/^tierdesk_session=ses_/);
    const replay = await injectRaw(t, 'GET', callback.slice(APP.length), { headers: json });
    expect(replay.status).toBe(401);
    expect(errorOf(replay)).toMatchObject({ code: 'UNAUTHENTICATED', details: { reason: 'oidc_expired' } });
  });

  it('returnTo stays inside the console', async () => {
    idp.person('han3', { email: 'han@acme.test', email_verified: true });
    for (const evil of ['https://evil.test/', '//evil.test', '/api/v1/accounts', '/\\evil.test'])
      expect((await roundTrip('han3', { returnTo: evil })).back.headers.location).toBe('/');
  });
});

describe('without OpenID Connect settings', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  it('offers only passwords; the OpenID Connect routes answer 404', async () => {
    expect((await inject(t, 'GET', '/api/v1/sessions/methods')).body).toEqual({ password: true, oidc: null });
    const start = await inject(t, 'GET', '/api/v1/sessions/oidc');
    expect(start.status).toBe(404);
    expect(start.body.error?.code).toBe('NOT_FOUND');
    expect((await inject(t, 'GET', `${OIDC_CALLBACK_PATH}?code=x&state=y`)).status).toBe(404);
  });
});
