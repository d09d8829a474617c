import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buyPlan, createCustomer, startTestApp, type TestApp } from '../support/harness.js';

describe('smoke', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  it('creates an account, buys a plan and shows it', async () => {
    const c = await createCustomer(t);
    const plan0 = await t.as(c.token).get(`/api/v1/accounts/${c.id}/plan`);
    expect(plan0.status).toBe(200);
    expect(plan0.body.level).toBe('basic');
    const paid = await buyPlan(t, c.id, 'business');
    expect(paid.status).toBe('paid');
    const plan = await t.as(c.token).get(`/api/v1/accounts/${c.id}/plan`);
    expect(plan.body.level).toBe('business');
    expect(plan.body.source).toBe('own');
  });
});
