/**
 * R-UI-1 sign-in and sessions over HTTP: the cookie and its flags, CSRF on cookie writes, who am I, sign-out
 * revoked on the server, expiry, lock-out with back-off that answers unknown emails the same way, one-time
 * set-password links, password change, admin-issued session tokens, and secret-bearing responses that the
 * idempotency store never replays (issue 11).
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../support/databases.js';
import { createCustomer, startTestApp, type TestApp } from '../support/harness.js';
import { inject, mailedToken, setCookieOf, signIn } from '../support/sessions.js';

const PASSWORD = 'correct horse battery';

describe.each(DB_KINDS)('sign-in and sessions on %s', (kind) => {
  let t: TestApp;
  let accountId: string;
  let ownerToken: string;

  beforeAll(async () => {
    t = await startTestApp({ kind, config: { publicUrl: 'http://console.test' } });
    const c = await createCustomer(t);
    accountId = c.id;
    ownerToken = c.token;
  });
  afterAll(async () => t?.close());

  async function userWithPassword(
    email: string,
    role: 'customer_member' | 'customer_owner' = 'customer_member',
    password = PASSWORD,
  ) {
    const res = await t.api.post(`/api/v1/accounts/${accountId}/users`, { name: 'Li Lei', email, role, password });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.passwordSet).toBe(true);
    return res.body;
  }

  it('signs in with email and password: the user, the session and an HttpOnly SameSite=Lax cookie', async () => {
    const user = await userWithPassword('li@example.com');
    const res = await inject(t, 'POST', '/api/v1/sessions', { body: { email: 'LI@example.com ', password: PASSWORD } });
    expect(res.status).toBe(201);
    expect(res.body.user).toMatchObject({ id: user.id, role: 'customer_member', accountId });
    expect(res.body.session.csrfToken).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    const cookie = setCookieOf(res);
    expect(cookie).toMatch(/^tierdesk_session=ses_[0-9a-z]+\.[A-Za-z0-9_-]+; /);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).toContain('Path=/');
    expect(cookie).toContain(`Max-Age=${12 * 3600}`);
    expect(cookie).not.toContain('Secure'); // plain http without a trusted proxy
    expect(res.headers['cache-control']).toBe('no-store');
    expect(JSON.stringify(res.body)).not.toContain(cookie.split(';')[0]!.split('=')[1]!);
  });

  it('GET /sessions/current says who is signed in: user, role, account, locale, session', async () => {
    const b = await signIn(t, 'li@example.com', PASSWORD);
    const me = await b.call('GET', '/api/v1/sessions/current');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      user: { email: 'li@example.com', role: 'customer_member', accountId },
      role: 'customer_member',
      via: 'session',
      account: { id: accountId, locale: t.app.catalog.def.locales[0], timeZone: 'Asia/Shanghai' },
      locale: t.app.catalog.def.locales[0],
      session: { id: b.signIn.body.session.id, method: 'password', csrfToken: b.csrfToken },
    });
    const viaKey = await t.as(ownerToken).get('/api/v1/sessions/current');
    expect(viaKey.status).toBe(200);
    expect(viaKey.body).toMatchObject({ via: 'api_key', role: 'customer_owner', session: null });
  });

  it('cookie-authenticated writes need the session’s X-CSRF-Token (403 CSRF_FAILED), reads do not', async () => {
    const b = await signIn(t, 'li@example.com', PASSWORD);
    const ticket = {
      accountId,
      category: 'technical',
      severity: 'general_guidance',
      subject: 'Console ticket',
      description: 'Opened from the console',
    };
    const missing = await b.call('POST', '/api/v1/tickets', { body: ticket, csrf: false });
    expect(missing.status).toBe(403);
    expect(missing.body.error?.code).toBe('CSRF_FAILED');
    expect(missing.body.error?.message).toMatch(/X-CSRF-Token/);
    const wrong = await b.call('POST', '/api/v1/tickets', { body: ticket, csrf: 'x'.repeat(43) });
    expect(wrong.body.error?.code).toBe('CSRF_FAILED');
    const other = await signIn(t, 'li@example.com', PASSWORD);
    const crossed = await b.call('POST', '/api/v1/tickets', { body: ticket, csrf: other.csrfToken });
    expect(crossed.body.error?.code).toBe('CSRF_FAILED');
    expect((await b.call('GET', `/api/v1/accounts/${accountId}/plan`, { csrf: false })).status).toBe(200);
    // R-TKT-6: a customer on a console session is not limited by ticket_api (the default level has none).
    const ok = await b.call('POST', '/api/v1/tickets', { body: ticket });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body.createdVia).toBe('console');
  });

  it('sign-out revokes the session on the server; the cookie then answers 401 SESSION_EXPIRED', async () => {
    const b = await signIn(t, 'li@example.com', PASSWORD);
    expect((await b.call('DELETE', '/api/v1/sessions/current', { csrf: false })).body.error?.code).toBe('CSRF_FAILED');
    const out = await b.call('DELETE', '/api/v1/sessions/current');
    expect(out.status).toBe(200);
    expect(setCookieOf(out)).toMatch(/^tierdesk_session=; .*Max-Age=0/);
    const after = await b.call('GET', '/api/v1/sessions/current');
    expect(after.status).toBe(401);
    expect(after.body.error).toMatchObject({ code: 'SESSION_EXPIRED', details: { reason: 'signed_out' } });
    expect(setCookieOf(after)).toContain('Max-Age=0');
    // The same token as a bearer is revoked too: not only the cookie was cleared.
    const token = b.cookie.split('=')[1]!;
    expect((await t.as(token).get('/api/v1/sessions/current')).body.error?.code).toBe('SESSION_EXPIRED');
  });

  it('an expired session answers 401 SESSION_EXPIRED with a message the console can show', async () => {
    const b = await signIn(t, 'li@example.com', PASSWORD);
    await t.app.database.rows(
      sql`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE id = ${b.signIn.body.session.id}`,
    );
    const res = await b.call('GET', `/api/v1/accounts/${accountId}/plan`);
    expect(res.status).toBe(401);
    expect(res.body.error).toMatchObject({ code: 'SESSION_EXPIRED', details: { reason: 'expired' } });
    expect(res.body.error?.message).toBe('Your session has expired; sign in again.');
  });

  it('a forged or unknown session token is UNAUTHENTICATED', async () => {
    const b = await signIn(t, 'li@example.com', PASSWORD);
    const [id] = b.cookie.split('=')[1]!.split('.');
    const forged = await inject(t, 'GET', '/api/v1/sessions/current', {
      headers: { cookie: `tierdesk_session=${id}.${'A'.repeat(43)}` },
    });
    expect(forged.status).toBe(401);
    expect(forged.body.error?.code).toBe('UNAUTHENTICATED');
    const none = await inject(t, 'GET', '/api/v1/sessions/current');
    expect(none.body.error?.message).toMatch(/Sign in/);
  });

  it('wrong password and unknown email get the same answer; five failures lock the email with back-off (429)', async () => {
    await userWithPassword('lock@example.com');
    const attempt = (email: string, password = 'wrong password!!') =>
      inject(t, 'POST', '/api/v1/sessions', { body: { email, password } });
    const wrong = await attempt('lock@example.com');
    const unknown = await attempt('nobody@example.com');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    expect(wrong.body.error?.message).toBe('The email or password is not right.');
    for (let i = 0; i < 4; i++) {
      expect((await attempt('lock@example.com')).status).toBe(401);
      expect((await attempt('nobody@example.com')).status).toBe(401);
    }
    const locked = await attempt('lock@example.com', PASSWORD); // even the right password waits
    const lockedUnknown = await attempt('nobody@example.com');
    expect(locked.status).toBe(429);
    expect(locked.body.error?.code).toBe('RATE_LIMITED');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(locked.headers['retry-after'])).toBeLessThanOrEqual(30);
    expect(lockedUnknown.status).toBe(429);
    expect(lockedUnknown.body.error?.code).toBe('RATE_LIMITED');
    // Back-off: after the lock passes, the next failure locks for twice as long.
    await t.app.database.rows(sql`UPDATE sign_in_throttle SET locked_until = now() - interval '1 second'`);
    expect((await attempt('lock@example.com')).status).toBe(401);
    const longer = await attempt('lock@example.com', PASSWORD);
    expect(longer.status).toBe(429);
    expect(Number(longer.headers['retry-after'])).toBeGreaterThan(30);
    expect(Number(longer.headers['retry-after'])).toBeLessThanOrEqual(60);
    // After the lock, the right password signs in and the count starts again.
    await t.app.database.rows(sql`UPDATE sign_in_throttle SET locked_until = now() - interval '1 second'`);
    expect((await attempt('lock@example.com', PASSWORD)).status).toBe(201);
    expect((await attempt('lock@example.com')).status).toBe(401);
  });

  it('an unknown email costs one argon2 verification like a wrong password (no timing oracle)', async () => {
    await userWithPassword('timing@example.com');
    const time = async (email: string) => {
      const start = performance.now();
      const res = await inject(t, 'POST', '/api/v1/sessions', { body: { email, password: 'not the password' } });
      expect(res.status).toBe(401);
      return performance.now() - start;
    };
    const known: number[] = [];
    const unknown: number[] = [];
    // Alternating, four each: below the lock-out, so every attempt does the full work.
    for (let i = 0; i < 4; i++) {
      known.push(await time('timing@example.com'));
      unknown.push(await time(`unknown-${i}@example.com`));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    // Without the dummy hash an unknown email answered in a fifth of the time (issue 11: 2.8 ms vs 15.7 ms).
    expect(median(unknown)).toBeGreaterThan(median(known) * 0.5);
  });

  it('a disabled user cannot sign in, and its sessions end at once', async () => {
    const user = await userWithPassword('gone@example.com');
    const b = await signIn(t, 'gone@example.com', PASSWORD);
    const off = await t.as(ownerToken).patch(`/api/v1/users/${user.id}`, { disabled: true });
    expect(off.status, JSON.stringify(off.body)).toBe(200);
    const res = await b.call('GET', '/api/v1/sessions/current');
    expect(res.status).toBe(401);
    expect(res.body.error?.details.reason).toBe('user_disabled');
    const again = await inject(t, 'POST', '/api/v1/sessions', {
      body: { email: 'gone@example.com', password: PASSWORD },
    });
    expect(again.status).toBe(401);
    expect(again.body.error?.message).toBe('The email or password is not right.');
  });

  it('passwords have at least 12 characters; an email signs in one user only (409 EMAIL_TAKEN)', async () => {
    const short = await t.api.post(`/api/v1/accounts/${accountId}/users`, {
      name: 'x',
      email: 'short@example.com',
      role: 'customer_member',
      password: 'eleven char',
    });
    expect(short.status).toBe(400);
    expect(short.body.error?.details.issues?.[0]?.path).toBe('body.password');
    const taken = await t.api.post('/api/v1/users', {
      name: 'Dup',
      email: 'Li@Example.com',
      role: 'tam',
      password: PASSWORD,
    });
    expect(taken.status).toBe(409);
    expect(taken.body.error?.code).toBe('EMAIL_TAKEN');
    const users = await t.app.database.rows(sql`SELECT id FROM users WHERE email = 'Li@Example.com'`);
    expect(users).toHaveLength(0); // nothing half-written
  });

  it('issue 13: EMAIL_TAKEN never tells a customer about another tenant’s users (same answer, the address told)', async () => {
    await userWithPassword('holder@example.com');
    const other = await createCustomer(t, { email: 'other-owner@example.com' });
    const free = await t.as(other.token).post(`/api/v1/accounts/${other.id}/users`, {
      name: 'Free',
      email: 'free@example.com',
      role: 'customer_member',
      password: PASSWORD,
    });
    const taken = await t.as(other.token).post(`/api/v1/accounts/${other.id}/users`, {
      name: 'Copy',
      email: 'Holder@example.com',
      role: 'customer_member',
      password: PASSWORD,
    });
    expect(taken.status).toBe(free.status);
    expect(Object.keys(taken.body).sort()).toEqual(Object.keys(free.body).sort());
    expect(taken.body).toMatchObject({ passwordSet: true, passwordLinkExpiresAt: null });
    const invited = await t.as(other.token).post(`/api/v1/accounts/${other.id}/users`, {
      name: 'Copy 2',
      email: 'holder@example.com',
      role: 'customer_member',
    });
    expect(invited.status).toBe(201);
    expect(invited.body.passwordSet).toBe(false);
    expect(Date.parse(invited.body.passwordLinkExpiresAt!)).toBeGreaterThan(Date.now());
    // A new link for it answers like any other.
    const link = await t.as(other.token).post(`/api/v1/users/${invited.body.id}/password-link`);
    expect(link.status).toBe(202);
    // No sign-in was given: the holder still signs in with the password, the copy's does not sign it in.
    const b = await signIn(t, 'holder@example.com', PASSWORD);
    expect(b.signIn.body.user.accountId).toBe(accountId);
    // The address is told, no set-password link is mailed for the copies.
    const mails = await t.app.database.rows<{ payload: { kind: string } }>(
      sql`SELECT payload FROM outbox WHERE topic = 'email.send' AND payload->>'to' ILIKE 'holder@example.com'`,
    );
    expect(mails.map((m) => m.payload.kind)).toEqual([
      'email_taken_notice',
      'email_taken_notice',
      'email_taken_notice',
    ]);
    // The admin, and the holder's own tenant, are still told.
    const byAdmin = await t.api.post(`/api/v1/accounts/${other.id}/users`, {
      name: 'Copy 3',
      email: 'holder@example.com',
      role: 'customer_member',
      password: PASSWORD,
    });
    expect(byAdmin.status).toBe(409);
    expect(byAdmin.body.error?.code).toBe('EMAIL_TAKEN');
    const sameTenant = await t.as(ownerToken).post(`/api/v1/accounts/${accountId}/users`, {
      name: 'Copy 4',
      email: 'holder@example.com',
      role: 'customer_member',
      password: PASSWORD,
    });
    expect(sameTenant.status).toBe(409);
  });

  it('a user created without a password gets a one-time link by mail; it works once and expires', async () => {
    const res = await t.api.post('/api/v1/users', { name: 'Wang', email: 'wang@provider.example', role: 'tam' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ passwordSet: false });
    expect(Date.parse(res.body.passwordLinkExpiresAt!) - Date.now()).toBeGreaterThan(71 * 3600_000);
    const rows = await t.app.database.rows<{ payload: { text: string; subject: string } }>(
      sql`SELECT payload FROM outbox WHERE payload->>'to' = 'wang@provider.example'`,
    );
    expect(rows).toHaveLength(1);
    // issue 13: the outbox keeps the link sealed; the mail says where it goes, the sender puts it in when sending.
    expect(rows[0]!.payload.text).not.toContain('token=');
    expect(rows[0]!.payload.text).toContain('{{set-password-link}}');
    expect(JSON.stringify(rows[0]!.payload)).not.toContain('set-password?token=');
    const token = await mailedToken(t, 'wang@provider.example');
    expect(
      (await inject(t, 'POST', '/api/v1/sessions', { body: { email: 'wang@provider.example', password: PASSWORD } }))
        .status,
    ).toBe(401);
    const set = await inject(t, 'POST', '/api/v1/password/set', { body: { token, password: PASSWORD } });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body.user).toMatchObject({ email: 'wang@provider.example', role: 'tam' });
    expect(setCookieOf(set)).toContain('HttpOnly');
    const twice = await inject(t, 'POST', '/api/v1/password/set', { body: { token, password: 'another password' } });
    expect(twice.status).toBe(410);
    expect(twice.body.error?.code).toBe('LINK_INVALID');
    expect((await signIn(t, 'wang@provider.example', PASSWORD)).signIn.status).toBe(201);

    // A new link (the admin sends it) retires the old; an expired one is refused.
    const again = await t.api.post(`/api/v1/users/${res.body.id}/password-link`, {});
    expect(again.status).toBe(202);
    const fresh = await mailedToken(t, 'wang@provider.example');
    expect(fresh).not.toBe(token);
    await t.app.database.rows(sql`UPDATE password_links SET expires_at = now() - interval '1 second'`);
    const expired = await inject(t, 'POST', '/api/v1/password/set', { body: { token: fresh, password: PASSWORD } });
    expect(expired.status).toBe(410);
    const bogus = await inject(t, 'POST', '/api/v1/password/set', { body: { token: 'nope', password: PASSWORD } });
    expect(bogus.body).toEqual(expired.body);
  });

  it('only the admin or the account’s owner sends a link; other tenants’ users are NOT_FOUND', async () => {
    const member = await userWithPassword('member2@example.com');
    const other = await createCustomer(t, { email: 'other@example.com' });
    expect((await t.as(ownerToken).post(`/api/v1/users/${member.id}/password-link`, {})).status).toBe(202);
    const cross = await t.as(other.token).post(`/api/v1/users/${member.id}/password-link`, {});
    expect(cross.status).toBe(404);
    const b = await signIn(t, 'member2@example.com', PASSWORD);
    const self = await b.call('POST', `/api/v1/users/${member.id}/password-link`, { body: {} });
    expect(self.status).toBe(403);
  });

  it('the signed-in user changes the password with the current one; other sessions end', async () => {
    await userWithPassword('change@example.com');
    const a = await signIn(t, 'change@example.com', PASSWORD);
    const b = await signIn(t, 'change@example.com', PASSWORD);
    const bad = await a.call('POST', '/api/v1/sessions/current/password', {
      body: { currentPassword: 'not it at all', newPassword: 'a brand new password' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.details.issues?.[0]?.path).toBe('body.currentPassword');
    const short = await a.call('POST', '/api/v1/sessions/current/password', {
      body: { currentPassword: PASSWORD, newPassword: 'too short' },
    });
    expect(short.status).toBe(400);
    const ok = await a.call('POST', '/api/v1/sessions/current/password', {
      body: { currentPassword: PASSWORD, newPassword: 'a brand new password' },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.otherSessionsSignedOut).toBe(1);
    expect((await a.call('GET', '/api/v1/sessions/current')).status).toBe(200);
    expect((await b.call('GET', '/api/v1/sessions/current')).body.error?.code).toBe('SESSION_EXPIRED');
    const old = await inject(t, 'POST', '/api/v1/sessions', {
      body: { email: 'change@example.com', password: PASSWORD },
    });
    expect(old.status).toBe(401);
    expect((await signIn(t, 'change@example.com', 'a brand new password')).signIn.status).toBe(201);
    const admin = await t.api.post('/api/v1/sessions/current/password', {
      currentPassword: PASSWORD,
      newPassword: 'a brand new password',
    });
    expect(admin.status).toBe(403);
  });

  it('the admin issues a bearer session token (no cookie, no CSRF); DELETE signs it out', async () => {
    const user = await userWithPassword('bearer@example.com');
    const issued = await t.api.post(`/api/v1/users/${user.id}/sessions`, {});
    expect(issued.status).toBe(201);
    expect(issued.body.token).toMatch(/^ses_/);
    const api = t.as(issued.body.token);
    expect((await api.get('/api/v1/sessions/current')).body.session!.method).toBe('admin');
    expect((await api.delete('/api/v1/sessions/current')).status).toBe(200);
    expect((await api.get('/api/v1/sessions/current')).body.error?.code).toBe('SESSION_EXPIRED');
    expect((await t.as(ownerToken).post(`/api/v1/users/${user.id}/sessions`, {})).status).toBe(403);
    const signOutKey = await t.as(ownerToken).delete('/api/v1/sessions/current');
    expect(signOutKey.status).toBe(409);
  });

  it('issue 11: secret-bearing responses are not replayed from the idempotency store (409, no secret kept)', async () => {
    const user = await userWithPassword('idem@example.com');
    for (const url of [`/api/v1/accounts/${accountId}/api-keys`, `/api/v1/users/${user.id}/sessions`] as const) {
      const key = `idem-${url}`;
      const first = await t.api.post(url, {}, { 'idempotency-key': key });
      expect(first.status).toBe(201);
      expect(first.body.token).toBeTruthy();
      const again = await t.api.post(url, {}, { 'idempotency-key': key });
      expect(again.status).toBe(409);
      expect(again.body.error).toMatchObject({ code: 'IDEMPOTENCY_CONFLICT', details: { secretWithheld: true } });
      expect(JSON.stringify(again.body)).not.toContain(first.body.token);
      const [row] = await t.app.database.rows<{ response_body: string | null; status_code: number }>(
        sql`SELECT response_body, status_code FROM idempotency_keys WHERE key = ${key}`,
      );
      expect(row).toEqual({ response_body: null, status_code: 201 });
    }
    const all = await t.app.database.rows<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM idempotency_keys WHERE response_body LIKE '%ses\\_%' OR response_body LIKE '%key\\_%.%'`,
    );
    expect(all[0]!.n).toBe(0);
  });
});
