/**
 * R-NTF-1 SMS and phone notices through HTTP to a local gateway receiver: the account's phone numbers (PATCH
 * /accounts/{id}) are used when a notice is sent, for the levels and events whose catalog says so — huaweicloud-intl
 * enterprise 电话通知 on every notice, enterprise on-ramp SMS for incidents (seed 000 §1.5.18) — with every attempt
 * kept as the delivery log; a level without such a channel sends none.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { smsDeliveries } from '../../src/contexts/notifications/store/tables.js';
import { DB_KINDS } from '../support/databases.js';
import { buyPlan, createCustomer, startTestApp, type TestApp } from '../support/harness.js';
import { advance, newStaff, ok, openTicket } from '../support/tickets.js';
import { startReceiver, type Receiver } from '../contexts/notifications/receivers.js';

const names = (s: string) => ({ 'zh-CN': s, 'en-US': s });

describe.each(DB_KINDS)('SMS and phone notices (%s)', (kind) => {
  let t: TestApp;
  let rx: Receiver;

  beforeAll(async () => {
    rx = await startReceiver();
    t = await startTestApp({ kind, config: { smsWebhookUrl: rx.url('/gateway') } });
    await t.setClock('2026-03-02T10:00:00+08:00');
  });
  afterAll(async () => {
    await t?.close();
    await rx?.close();
  });

  const sent = (accountId: string) =>
    rx
      .at('/gateway')
      .map((r) => JSON.parse(r.body))
      .filter((b) => b.accountId === accountId);
  const logOf = (accountId: string) =>
    t.app.deps.db.select().from(smsDeliveries).where(eq(smsDeliveries.accountId, accountId));

  it('R-NTF-1 enterprise (电话通知): a staff reply reaches every phone number of the account through the gateway, logged as sent', async () => {
    const engineer = await newStaff(t, 'support_engineer', 'senior_expert');
    const c = await createCustomer(t, { name: 'Phones', region: 'cn-north-4', locale: 'zh-CN' });
    await buyPlan(t, c.id, 'enterprise');
    ok(await t.api.patch(`/api/v1/accounts/${c.id}`, { phones: ['+8613800000001', '+8613900000002'] }));
    const tk = await openTicket(t.as(c.token), c.id, 'production_down', { subject: '数据库不可用' });
    await advance(t, 1000);
    const before = sent(c.id).length;
    ok(await t.as(engineer.token).post(`/api/v1/tickets/${tk.id}/replies`, { body: '正在切换' }), 201);
    await advance(t, 1000);
    const replies = sent(c.id).slice(before);
    // One reply, one notice per number (the move to in progress it causes is not sent by itself).
    expect(replies.map((b) => [b.to, b.kind, b.channels])).toEqual([
      ['+8613800000001', 'ticket.replied', ['phone']],
      ['+8613900000002', 'ticket.replied', ['phone']],
    ]);
    expect(replies[0].text).toContain(`工单 ${tk.number} 有新回复`);
    const log = (await logOf(c.id)).filter((l) => l.text.startsWith(`工单 ${tk.number} 有新回复`));
    expect(log.map((l) => [l.to, l.status])).toEqual([
      ['+8613800000001', 'sent'],
      ['+8613900000002', 'sent'],
    ]);
    expect(log.every((l) => l.messageId?.startsWith('gw-'))).toBe(true);
    // Numbers changed later are the numbers used.
    ok(await t.api.patch(`/api/v1/accounts/${c.id}`, { phones: ['+8613700000003'] }));
    const mid = sent(c.id).length;
    ok(await t.as(engineer.token).post(`/api/v1/tickets/${tk.id}/replies`, { body: '已恢复' }), 201);
    await advance(t, 1000);
    expect(
      sent(c.id)
        .slice(mid)
        .map((b) => b.to),
    ).toEqual(['+8613700000003']);
  });

  it('R-NTF-1/R-NTF-2 enterprise on-ramp: incidents go by SMS (ticket replies do not); business gets no incident and no SMS', async () => {
    const engineer = await newStaff(t, 'support_engineer', 'senior_expert');
    const onramp = await createCustomer(t, { name: 'On-ramp', region: 'cn-east-3', locale: 'en-US' });
    await buyPlan(t, onramp.id, 'enterprise_onramp');
    ok(await t.api.patch(`/api/v1/accounts/${onramp.id}`, { phones: ['+8613800000010'] }));
    const biz = await createCustomer(t, { name: 'Biz', region: 'cn-east-3' });
    await buyPlan(t, biz.id, 'business');
    ok(await t.api.patch(`/api/v1/accounts/${biz.id}`, { phones: ['+8613800000011'] }));

    const tk = await openTicket(t.as(onramp.token), onramp.id, 'general_guidance');
    ok(await t.as(engineer.token).post(`/api/v1/tickets/${tk.id}/replies`, { body: 'hello' }), 201);
    await advance(t, 1000);
    expect(sent(onramp.id)).toEqual([]);

    const incident = ok(
      await t.api.post('/api/v1/incidents', {
        kind: 'industry',
        level: 1,
        title: names('OpenSSH CVE'),
        summary: names('Critical remote execution'),
        guidance: names('Patch now'),
        affectedRegions: ['cn-east-3'],
      }),
      201,
    );
    await advance(t, 60_000);
    const told = sent(onramp.id);
    expect(told.map((b) => [b.to, b.kind, b.channels])).toEqual([['+8613800000010', 'incident.published', ['sms']]]);
    expect(told[0].text).toContain('OpenSSH CVE');
    expect(sent(biz.id)).toEqual([]);
    expect((await logOf(onramp.id)).map((l) => l.status)).toEqual(['sent']);

    await advance(t, 60_000);
    ok(await t.api.post(`/api/v1/incidents/${incident.id}/updates`, { body: names('Patch released') }), 201);
    await advance(t, 1000);
    expect(sent(onramp.id).map((b) => b.kind)).toEqual(['incident.published', 'incident.updated']);
  });

  it('R-NTF-1 a gateway failure is logged per number and retried with the outbox backoff', async () => {
    const c = await createCustomer(t, { name: 'Flaky', region: 'cn-north-4' });
    await buyPlan(t, c.id, 'enterprise');
    ok(await t.api.patch(`/api/v1/accounts/${c.id}`, { phones: ['+8613800000020'] }));
    await advance(t, 1000);
    rx.script('/gateway', [503]);
    const tk = await openTicket(t.as(c.token), c.id, 'general_guidance');
    const ackLog = async () => (await logOf(c.id)).filter((l) => l.text.includes(tk.number));
    await advance(t, 1000);
    expect((await ackLog()).map((l) => [l.to, l.status, l.error])).toEqual([
      ['+8613800000020', 'failed', 'SMS gateway answered HTTP 503'],
    ]);
    await advance(t, 60_000);
    expect((await ackLog()).map((l) => l.status).sort()).toEqual(['failed', 'sent']);
    expect(sent(c.id).filter((b) => b.text.includes(tk.number))).toHaveLength(2);
  });
});
