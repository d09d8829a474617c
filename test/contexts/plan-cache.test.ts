/**
 * The plan cache stays coherent: on PGlite every plan-changing commit drops it; on PostgreSQL a second server
 * process (another app on the same database) hears the change through LISTEN/NOTIFY and drops its cache too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type Tierdesk } from '../../src/app/build-app.js';
import { testConfig } from '../../src/platform/config.js';
import { PG_URL, DB_KINDS } from '../support/databases.js';
import { ADMIN_TOKEN, buyPlan, createCustomer, startTestApp, type TestApp } from '../support/harness.js';

async function planOf(app: Tierdesk, token: string, accountId: string) {
  const res = await app.http.inject({
    method: 'GET',
    url: `/api/v1/accounts/${accountId}/plan`,
    headers: { authorization: `Bearer ${token}` },
  });
  return JSON.parse(res.body) as { level: string; status: string };
}

describe.each(DB_KINDS)('plan cache (%s)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ kind });
  });
  afterAll(async () => t?.close());

  it('a purchase, an upgrade and an unsubscribe are seen at once by the next read', async () => {
    const c = await createCustomer(t);
    expect((await planOf(t.app, c.token, c.id)).level).toBe('basic'); // cached now
    await buyPlan(t, c.id, 'developer', { unit: 'month', count: 1 });
    expect((await planOf(t.app, c.token, c.id)).level).toBe('developer');
    const up = await t.api.post(`/api/v1/accounts/${c.id}/orders`, {
      action: 'upgrade',
      level: 'business',
      agreementAccepted: true,
    });
    await t.api.post(`/api/v1/orders/${up.body.id}/pay`);
    expect((await planOf(t.app, c.token, c.id)).level).toBe('business');
    await t.api.post(`/api/v1/accounts/${c.id}/orders`, {
      action: 'unsubscribe',
      reason: 'testing_finished',
      agreementAccepted: true,
    });
    expect((await planOf(t.app, c.token, c.id)).level).toBe('basic');
  });
});

describe.skipIf(!PG_URL)('plan cache across server processes (postgres)', () => {
  let t: TestApp;
  let second: Tierdesk;
  beforeAll(async () => {
    t = await startTestApp({ kind: 'postgres', testClock: false });
    second = await buildApp(
      testConfig({ databaseUrl: t.db.url, adminToken: ADMIN_TOKEN, rateLimitPerMinute: 0, testClock: false }),
    );
  });
  afterAll(async () => {
    await second?.close();
    await t?.close();
  });

  it('a plan bought through one server is seen by the other, whose cache held the old plan', async () => {
    const c = await createCustomer(t);
    expect((await planOf(second, c.token, c.id)).level).toBe('basic');
    expect((await planOf(second, c.token, c.id)).level).toBe('basic'); // served from its cache
    await buyPlan(t, c.id, 'enterprise', { unit: 'year', count: 1 });
    let level = '';
    for (let i = 0; i < 50 && level !== 'enterprise'; i++) {
      level = (await planOf(second, c.token, c.id)).level;
      if (level !== 'enterprise') await new Promise((r) => setTimeout(r, 20));
    }
    expect(level).toBe('enterprise');
  });
});
