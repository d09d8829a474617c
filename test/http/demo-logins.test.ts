/** `--demo` (npm start): one customer login per level and staff logins that sign in to the console (R-UI-1). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData, type DemoData } from '../../src/app/demo.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { signIn } from '../support/sessions.js';

describe('demo logins', () => {
  let t: TestApp;
  let demo: DemoData;
  beforeAll(async () => {
    t = await startTestApp();
    demo = await seedDemoData(t.app);
  });
  afterAll(async () => t?.close());

  it('every level has an owner login, and admin, engineer, TAM and billing operator sign in', async () => {
    expect(demo.accounts.map((a) => a.level)).toEqual(t.app.catalog.levels.map((l) => l.id));
    for (const a of demo.accounts) {
      expect(a.login.password.length).toBeGreaterThanOrEqual(12);
      const b = await signIn(t, a.login.email, a.login.password);
      expect(b.signIn.body.user).toMatchObject({ role: 'customer_owner', accountId: a.accountId });
    }
    const roles: string[] = [];
    for (const s of demo.staff) roles.push((await signIn(t, s.email, s.password)).signIn.body.user.role);
    expect(roles).toEqual(['provider_admin', 'support_engineer', 'tam', 'billing_operator']);
  });

  it('issue 12: what the demo prints of each key’s ticket API is what the API answers that key', async () => {
    expect(demo.accounts.some((a) => a.ticketApi)).toBe(true);
    expect(demo.accounts.some((a) => !a.ticketApi)).toBe(true);
    for (const a of demo.accounts) {
      const res = await t.as(a.token).get(`/api/v1/tickets?accountId=${a.accountId}`);
      expect([a.level, res.status, res.status === 403 ? res.body.error?.code : null]).toEqual(
        a.ticketApi ? [a.level, 200, null] : [a.level, 403, 'NOT_ENTITLED'],
      );
    }
  });
});
