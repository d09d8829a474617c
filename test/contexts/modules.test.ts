/**
 * The composition root mounts every context as a module (platform/module.ts), and each app owns what its modules
 * registered: outbox handlers, inline effects and read caches are per dispatcher and per app, never process-wide,
 * so two apps in one process (these tests, a server and `tierdesk billing run`) never share them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/platform/logger.js';
import { OutboxDispatcher, type OutboxEffect } from '../../src/platform/outbox.js';
import { createAccount } from '../../src/contexts/accounts/use-cases/create-account.js';
import { ADMIN_PRINCIPAL } from '../../src/platform/http/principal.js';
import { startTestApp, type TestApp } from '../support/harness.js';

function messageTo(accountId: string, dedupeKey: string): OutboxEffect {
  return {
    topic: 'message.create',
    dedupeKey,
    tenantId: accountId,
    payload: {
      tenantId: accountId,
      accountId,
      kind: 'test',
      title: { 'zh-CN': '标题', 'en-US': 'Title' },
      body: { 'zh-CN': '正文', 'en-US': 'Body' },
      data: {},
    },
  };
}

describe('modules', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    a = await startTestApp();
    b = await startTestApp();
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it("the scheduler runs every module's sweeps in the modules' order, the outbox last", () => {
    expect(a.app.scheduler.names).toEqual([
      'identity.session-purge',
      'calendars.refresh',
      'tickets.sla-sweep',
      'orders.expire-unpaid',
      'subscriptions.renewals',
      'incidents.fan-out',
      'billing.month-end',
      'advisor.resume-runs',
      'advisor.scheduled-runs',
      'advisor.retention',
      'reports.plan',
      'reports.send',
      'platform.idempotency-purge',
      'outbox.dispatch',
    ]);
  });

  it('two apps in one process share no read caches', () => {
    const caches = (t: TestApp) => [...(t.app.deps.readCaches ?? [])];
    expect(caches(a)).toHaveLength(2); // the plan cache, the webhook index
    expect(caches(b)).toHaveLength(2);
    for (const c of caches(a)) expect(caches(b)).not.toContain(c);
  });

  it("an inline effect one app's dispatcher runs is an outbox row for another's", async () => {
    const ran: string[] = [];
    a.app.outbox.inline('test.inline', async (_tx, effect) => {
      ran.push(effect.dedupeKey);
      return {};
    });
    const effect = (key: string): OutboxEffect => ({ topic: 'test.inline', dedupeKey: key, payload: {} });
    // The same topic may run inline on b too: its registry is its own.
    b.app.outbox.on('test.inline', async () => undefined);
    expect(await a.app.outbox.enqueue(a.app.deps.db, [effect('k:a')], a.app.clock.now())).toBe(0);
    expect(await b.app.outbox.enqueue(b.app.deps.db, [effect('k:b')], b.app.clock.now())).toBe(1);
    expect(ran).toEqual(['k:a']);
    expect((await b.app.outbox.pending()).map((p) => p.dedupeKey)).toContain('k:b');
    expect((await a.app.outbox.pending()).map((p) => p.dedupeKey)).not.toContain('k:a');
  });

  it('a dispatcher without handlers (the billing command’s) runs nothing inline while an app in the process does', async () => {
    const account = await createAccount(a.app.deps, ADMIN_PRINCIPAL, {
      name: 'Customer',
      email: 'owner@example.com',
      region: 'cn-north-4',
      timeZone: 'Asia/Shanghai',
      locale: 'zh-CN',
    });
    const now = a.app.clock.now();
    // The app runs message.create inline: no outbox row.
    expect(await a.app.outbox.enqueue(a.app.deps.db, [messageTo(account.id, 'msg:inline')], now)).toBe(0);
    const bare = new OutboxDispatcher(a.app.deps.db, a.app.clock, createLogger('silent'));
    await bare.stop();
    expect(await bare.enqueue(a.app.deps.db, [messageTo(account.id, 'msg:row')], now)).toBe(1);
    expect((await a.app.outbox.pending()).map((p) => p.dedupeKey)).toContain('msg:row');
    expect((await a.app.outbox.pending()).map((p) => p.dedupeKey)).not.toContain('msg:inline');
  });
});
