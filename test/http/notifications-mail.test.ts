/**
 * R-NTF-1 mail as mail clients expect it, through HTTP with the test clock against a real SMTP server, read with
 * mailparser: a text and an HTML part from the locale's templates, a deep link into the console, one thread per
 * ticket (Message-ID / In-Reply-To / References), the replier's name, Auto-Submitted, List-Unsubscribe for the
 * optional kinds and per-user preferences; the ticket acknowledgement; plan and order events by mail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../support/databases.js';
import { buyPlan, createCustomer, startTestApp, type TestApp } from '../support/harness.js';
import { expectError, topUp, type Actor } from '../support/actors.js';
import { startSmtp, type Mail, type SmtpSink } from '../support/smtp.js';
import { advance, messageCenter, ok, openTicket } from '../support/tickets.js';

const CONSOLE = 'https://console.tierdesk.test';

describe.each(DB_KINDS)('notification mail (%s)', (kind) => {
  let t: TestApp;
  let smtp: SmtpSink;
  let engineer: Actor;
  let engineerName: string;

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startTestApp({
      kind,
      config: { smtpUrl: smtp.url, mailFrom: 'Tierdesk <support@tierdesk.test>', publicUrl: CONSOLE },
    });
    await t.setClock('2026-03-02T10:00:00+08:00');
    engineerName = 'Li Wei';
    const user = ok(
      await t.api.post('/api/v1/users', {
        name: engineerName,
        email: 'li.wei@provider.example',
        role: 'support_engineer',
        grade: 'senior_expert',
      }),
      201,
    );
    const key = ok(await t.api.post(`/api/v1/users/${user.id}/api-keys`, {}), 201);
    engineer = { userId: user.id, token: key.token };
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  const mailsTo = async (address: string, from: number): Promise<Mail[]> => {
    await advance(t, 1000);
    return smtp.to(address).slice(from);
  };

  it('R-NTF-1 a ticket the customer opens is acknowledged in the message center and by mail, with its number and response deadline; the staff reply is one mail in the same thread, with the engineer’s name', async () => {
    const address = 'thread@example.com';
    const c = await createCustomer(t, { name: 'Thread', email: address, locale: 'en-US' });
    await buyPlan(t, c.id, 'business');
    await advance(t, 0);
    const before = smtp.to(address).length;
    const tk = await openTicket(t.as(c.token), c.id, 'production_down', { subject: 'Database unreachable' });
    const [ack] = await mailsTo(address, before);
    expect(ack).toBeDefined();
    expect(ack!.subject).toBe(`[Ticket ${tk.number}] Database unreachable`);
    expect(ack!.text).toContain(`We received your ticket ${tk.number}: Database unreachable`);
    // business, production_down: 1 hour, shown in the account's time zone.
    expect(tk.sla.responseDueAt).toBe('2026-03-02T03:00:00.000Z');
    expect(ack!.text).toContain('First response due by 2026-03-02 11:00 (Asia/Shanghai)');
    expect(ack!.text).toContain(`View it in the console: ${CONSOLE}/tickets/${tk.id}`);
    expect(ack!.html).toContain(`href="${CONSOLE}/tickets/${tk.id}"`);
    expect(ack!.html).toContain('<h1');
    expect(ack!.html).toContain(`Ticket ${tk.number} received`);
    expect(ack!.parsed.messageId).toBe(`<ticket.${tk.id}@tierdesk.test>`);
    expect(ack!.parsed.inReplyTo).toBeUndefined();
    expect(ack!.headers.get('auto-submitted')).toBe('auto-generated');
    // An acknowledgement cannot be turned off: no List-Unsubscribe.
    expect(ack!.headers.has('list-unsubscribe')).toBe(false);
    const [center] = (await messageCenter(t, c.id, 'ticket.created')).filter((m) => m.data.ticketId === tk.id);
    expect(center).toMatchObject({
      title: { 'en-US': `Ticket ${tk.number} received` },
      data: { number: tk.number, responseDueAt: tk.sla.responseDueAt },
    });

    const mid = smtp.to(address).length;
    ok(await t.as(engineer.token).post(`/api/v1/tickets/${tk.id}/replies`, { body: 'Failing over now.' }), 201);
    const replies = await mailsTo(address, mid);
    // One staff reply, one mail: the move to in progress it causes is not mailed by itself.
    expect(replies).toHaveLength(1);
    const reply = replies[0]!;
    expect(reply.subject).toBe(`Re: [Ticket ${tk.number}] Database unreachable`);
    expect(reply.parsed.inReplyTo).toBe(`<ticket.${tk.id}@tierdesk.test>`);
    expect([reply.parsed.references].flat()).toEqual([`<ticket.${tk.id}@tierdesk.test>`]);
    expect(reply.parsed.messageId).not.toBe(ack!.parsed.messageId);
    expect(reply.text).toContain('Failing over now.');
    expect(reply.text).toContain(`-- ${engineerName}`);
    expect(reply.html).toContain(engineerName);
    expect(reply.html).toContain('Failing over now.');
    // The message center still gets the status change the reply caused, and the reply.
    const kinds = (await messageCenter(t, c.id)).filter((m) => m.data.ticketId === tk.id).map((m) => m.kind);
    expect(kinds.sort()).toEqual(['ticket.created', 'ticket.replied', 'ticket.status_changed']);
  });

  it('R-NTF-1 HTML parts escape what customers and staff wrote', async () => {
    const address = 'escape@example.com';
    const c = await createCustomer(t, { name: 'Escape', email: address, locale: 'en-US' });
    await buyPlan(t, c.id, 'business');
    await advance(t, 0);
    const before = smtp.to(address).length;
    const tk = await openTicket(t.as(c.token), c.id, 'general_guidance', { subject: '<script>alert(1)</script>' });
    ok(await t.as(engineer.token).post(`/api/v1/tickets/${tk.id}/replies`, { body: 'a <b>bold</b> & "quoted"' }), 201);
    const mails = await mailsTo(address, before);
    expect(mails).toHaveLength(2);
    for (const m of mails) expect(m.html).not.toContain('<script>');
    expect(mails[1]!.html).toContain('a &lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;');
    expect(mails[1]!.text).toContain('a <b>bold</b> & "quoted"');
  });

  it('R-NTF-1 an optional kind carries List-Unsubscribe; a user who turns it off gets no more of it by mail, the message center still does', async () => {
    const address = 'prefs@example.com';
    const c = await createCustomer(t, { name: 'Prefs', email: address, locale: 'zh-CN' });
    await buyPlan(t, c.id, 'business');
    const tk = await openTicket(t.as(c.token), c.id, 'general_guidance', { subject: '磁盘告警' });
    await advance(t, 1000);
    let from = smtp.to(address).length;
    ok(await t.as(engineer.token).post(`/api/v1/tickets/${tk.id}/status`, { status: 'waiting_for_customer' }));
    const [status] = await mailsTo(address, from);
    expect(status!.subject).toBe(`Re: [工单 ${tk.number}] 磁盘告警`);
    expect(status!.headers.get('list-unsubscribe')).toBe(`<${CONSOLE}/settings/notifications>`);
    expect(status!.text).toContain(`不想再收到此类邮件？在通知设置中关闭：${CONSOLE}/settings/notifications`);
    expect(status!.text).toContain(`在控制台查看：${CONSOLE}/tickets/${tk.id}`);

    const prefs = ok(await t.as(c.token).get('/api/v1/users/me/notification-preferences'));
    expect(prefs.accountId).toBe(c.id);
    expect(prefs.kinds.find((k: any) => k.kind === 'ticket.status_changed')).toMatchObject({
      optional: true,
      email: true,
      messageCenter: true,
    });
    expect(prefs.kinds.find((k: any) => k.kind === 'ticket.replied')).toMatchObject({ optional: false, email: true });
    const set = ok(
      await t
        .as(c.token)
        .put('/api/v1/users/me/notification-preferences', { kinds: [{ kind: 'ticket.status_changed', email: false }] }),
    );
    expect(set.kinds.find((k: any) => k.kind === 'ticket.status_changed')!.email).toBe(false);

    from = smtp.to(address).length;
    ok(await t.as(engineer.token).post(`/api/v1/tickets/${tk.id}/status`, { status: 'resolved' }));
    ok(await t.as(engineer.token).post(`/api/v1/tickets/${tk.id}/replies`, { body: '已处理' }), 201);
    const after = await mailsTo(address, from);
    // The reply (mandatory) is mailed; the status change is not.
    expect(after.map((m) => m.text.split('\n')[0])).toEqual([`工单 ${tk.number} 有新回复`]);
    const told = (await messageCenter(t, c.id, 'ticket.status_changed')).filter((m) => m.data.ticketId === tk.id);
    expect(told.map((m) => m.data.to).sort()).toEqual(['resolved', 'waiting_for_customer']);

    // Turned on again, it is mailed again.
    ok(
      await t
        .as(c.token)
        .put('/api/v1/users/me/notification-preferences', { kinds: [{ kind: 'ticket.status_changed', email: true }] }),
    );
    from = smtp.to(address).length;
    ok(await t.as(engineer.token).post(`/api/v1/tickets/${tk.id}/status`, { status: 'closed' }));
    expect((await mailsTo(address, from)).map((m) => m.subject)).toEqual([`Re: [工单 ${tk.number}] 磁盘告警`]);
  });

  it('R-NTF-1 preferences: mandatory kinds cannot be turned off, unknown kinds are refused per field, staff have none', async () => {
    const c = await createCustomer(t, { name: 'Refuse' });
    const details = expectError(
      await t.as(c.token).put('/api/v1/users/me/notification-preferences', {
        kinds: [
          { kind: 'ticket.replied', email: false },
          { kind: 'no.such', email: false },
        ],
      }),
      400,
      'VALIDATION_FAILED',
    );
    expect(JSON.stringify(details)).toContain('body.kinds.0.email');
    expect(JSON.stringify(details)).toContain('body.kinds.1.kind');
    expectError(await t.as(engineer.token).get('/api/v1/users/me/notification-preferences'), 403, 'FORBIDDEN');
    expectError(await t.api.get('/api/v1/users/me/notification-preferences'), 403, 'FORBIDDEN');
  });

  it('R-NTF-1 plan and order events reach email: the purchase, the renewal reminders (optional), the auto-renew charge', async () => {
    const address = 'orders@example.com';
    const c = await createCustomer(t, { name: 'Orders', email: address, locale: 'en-US' });
    await advance(t, 0);
    let from = smtp.to(address).length;
    const placed = ok(
      await t.api.post(`/api/v1/accounts/${c.id}/orders`, {
        action: 'purchase',
        level: 'business',
        term: { unit: 'month', count: 1 },
        agreementAccepted: true,
        autoRenew: true,
      }),
      201,
    );
    const order = ok(await t.api.post(`/api/v1/orders/${placed.id}/pay`));
    const [bought] = await mailsTo(address, from);
    expect(bought!.subject).toBe('Support plan activated');
    expect(bought!.text).toContain(`Order ${order.number}`);
    expect(bought!.text).toContain(`View it in the console: ${CONSOLE}/plan`);
    expect(bought!.headers.has('list-unsubscribe')).toBe(false);
    expect((await messageCenter(t, c.id, 'order.new')).length).toBe(1);

    const plan = ok(await t.as(c.token).get(`/api/v1/accounts/${c.id}/plan`));
    const validTo = new Date(plan.validTo!).getTime();
    from = smtp.to(address).length;
    await t.setClock(new Date(validTo - 7 * 86_400_000 + 1000).toISOString());
    const reminders = await mailsTo(address, from);
    expect(reminders.map((m) => m.subject)).toEqual(['Support plan expires in 7 day(s)']);
    expect(reminders[0]!.headers.get('list-unsubscribe')).toBe(`<${CONSOLE}/settings/notifications>`);
    // The auto-renew charge is paid from the balance (issue 11): fund a month of business first.
    await topUp(t, c.id, '1000.00');
    from = smtp.to(address).length;
    await t.setClock(new Date(validTo + 1000).toISOString());
    const renewed = (await mailsTo(address, from)).map((m) => m.subject);
    expect(renewed).toContain('Support plan renewed automatically');
  });
});
