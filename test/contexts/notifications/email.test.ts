/**
 * R-NTF-1 email through the outbox, against a real SMTP server (smtp-server on 127.0.0.1, no TLS): the mail in
 * the account's locale, sent once, every attempt logged, failures retried with backoff, skipped without SMTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { outbox } from '../../../src/platform/store/tables.js';
import { createLogger } from '../../../src/platform/logger.js';
import { accountNotificationEffects } from '../../../src/contexts/notifications/use-cases/notify.js';
import { createEmailSender } from '../../../src/contexts/notifications/use-cases/send-email.js';
import { mailEffect } from '../../../src/contexts/notifications/domain/effects.js';
import { randomBytes } from 'node:crypto';
import { emailDeliveries, messages } from '../../../src/contexts/notifications/store/tables.js';
import { DB_KINDS } from '../../support/databases.js';
import { startStack, type AccountLike, type Stack } from './stack.js';

const title = { 'zh-CN': '支持计划已生效', 'en-US': 'Your support plan is active' };
const body = {
  'zh-CN': '企业级支持计划已生效，有效期至 2027-01-01。',
  'en-US': 'The Enterprise plan is active until 2027-01-01.',
};

import { startSmtp } from '../../support/smtp.js';

describe.each(DB_KINDS)('email on %s', (kind) => {
  let s: Stack;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;

  beforeAll(async () => {
    smtp = await startSmtp();
    s = await startStack(kind, {
      config: {
        smtpUrl: smtp.url,
        mailFrom: 'Tierdesk <support@tierdesk.test>',
        publicUrl: 'https://console.tierdesk.test',
      },
    });
  });
  afterAll(async () => {
    await s?.close(); // closes the pooled SMTP connections first
    await smtp?.close();
  });

  const later = (ms = 1000) => new Date(s.clock.now().getTime() + ms);
  const notify = (account: AccountLike, key: string, level = 'enterprise') =>
    accountNotificationEffects({
      catalog: s.catalog,
      account,
      level: s.catalog.level(level),
      kind: 'plan.activated',
      dedupeKey: key,
      title,
      body,
      data: { level },
    });
  const deliveriesOf = (accountId: string) =>
    s.db
      .select()
      .from(emailDeliveries)
      .where(eq(emailDeliveries.accountId, accountId))
      .orderBy(emailDeliveries.createdAt, emailDeliveries.id);

  it('R-NTF-1 mails the account in its locale, once, and logs it; the message center gets it too', async () => {
    const { account } = await s.customer({ email: 'ops-zh@example.com', locale: 'zh-CN' });
    const t0 = later();
    await s.outbox.enqueue(s.db, notify(account, `plan:${account.id}:activated`), t0);
    const before = smtp.mails.length;
    await s.dispatchAt(t0);
    const sent = smtp.mails.slice(before);
    expect(sent).toHaveLength(1);
    const mail = sent[0]!;
    expect(mail.rcptTo).toEqual(['ops-zh@example.com']);
    expect(mail.headers.get('to')).toBe('ops-zh@example.com');
    expect(mail.headers.get('from')).toBe('Tierdesk <support@tierdesk.test>');
    expect(mail.subject).toBe('支持计划已生效');
    expect(mail.text).toContain('企业级支持计划已生效，有效期至 2027-01-01。');
    expect(mail.text).toContain('在控制台查看：https://console.tierdesk.test');

    const log = await deliveriesOf(account.id);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({
      tenantId: account.tenantId,
      to: 'ops-zh@example.com',
      subject: '支持计划已生效',
      status: 'sent',
      error: null,
      createdAt: t0,
    });
    expect(log[0]!.messageId).toBe(mail.headers.get('message-id'));
    const center = await s.db.select().from(messages).where(eq(messages.accountId, account.id));
    expect(center).toHaveLength(1);
    expect(center[0]).toMatchObject({ kind: 'plan.activated', recipientUserId: null, title });

    // Replayed as after a crash before the acknowledgement: nothing is sent twice.
    await s.db
      .update(outbox)
      .set({ dispatchedAt: null, availableAt: t0 })
      .where(eq(outbox.dedupeKey, `email:plan:${account.id}:activated`));
    await s.dispatchAt(later());
    expect(smtp.mails.length).toBe(before + 1);
    expect(await deliveriesOf(account.id)).toHaveLength(1);
  });

  it('R-NTF-1 an English account gets the English mail', async () => {
    const { account } = await s.customer({ email: 'ops-en@example.com', locale: 'en-US' });
    const t0 = later();
    await s.outbox.enqueue(s.db, notify(account, `plan:${account.id}:activated`, 'basic'), t0);
    const before = smtp.mails.length;
    await s.dispatchAt(t0);
    const [mail] = smtp.mails.slice(before);
    expect(mail!.rcptTo).toEqual(['ops-en@example.com']);
    expect(mail!.subject).toBe('Your support plan is active');
    expect(mail!.text).toContain('The Enterprise plan is active until 2027-01-01.');
    expect(mail!.text).toContain('View it in the console: https://console.tierdesk.test');
  });

  it('R-NTF-1 an SMTP failure is logged and retried with the outbox backoff', async () => {
    const { account } = await s.customer({ email: 'flaky@example.com', locale: 'en-US' });
    const t0 = later();
    await s.outbox.enqueue(s.db, notify(account, `plan:${account.id}:flaky`), t0);
    smtp.failNextMails(1);
    const before = smtp.mails.length;
    await s.dispatchAt(t0);
    expect(smtp.mails.length).toBe(before);
    let log = await deliveriesOf(account.id);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ status: 'failed', messageId: null });
    expect(log[0]!.error).toMatch(/451/);
    const [row] = await s.db
      .select()
      .from(outbox)
      .where(eq(outbox.dedupeKey, `email:plan:${account.id}:flaky`));
    expect(row).toMatchObject({ attempts: 1, dispatchedAt: null, failedAt: null });
    expect(row!.availableAt.getTime() - t0.getTime()).toBe(30_000);

    await s.dispatchAt(new Date(t0.getTime() + 29_000));
    expect(smtp.mails.length).toBe(before);
    await s.dispatchAt(new Date(t0.getTime() + 30_000));
    expect(smtp.mails.slice(before).map((m) => m.rcptTo)).toEqual([['flaky@example.com']]);
    log = await deliveriesOf(account.id);
    expect(log.map((l) => l.status)).toEqual(['failed', 'sent']);
  });

  it('issue 13: a mail’s secrets stay sealed in the outbox and are put in only when it is sent', async () => {
    const { account } = await s.customer({ email: 'invitee@example.com', locale: 'en-US' });
    const key = randomBytes(32);
    const link = 'https://console.tierdesk.test/set-password?token=s3cr3t-t0ken-value';
    const effect = mailEffect(key, {
      tenantId: account.tenantId,
      accountId: account.id,
      kind: 'password_link',
      locale: 'en-US',
      to: 'invitee@example.com',
      subject: 'Set your password',
      text: 'Open {{link}} once.',
      secrets: { '{{link}}': link },
      dedupeKey: `link:${account.id}`,
    });
    expect(JSON.stringify(effect)).not.toContain('s3cr3t');
    const sender = createEmailSender({
      db: s.db,
      config: { smtpUrl: smtp.url, mailFrom: 'x <x@x.test>', publicUrl: null },
      log: createLogger('silent'),
      sealKey: key,
    });
    const before = smtp.mails.length;
    await sender.handle(effect.payload, { id: 999_998n, attempts: 1, now: later(), tenantId: account.tenantId });
    // Under another key (a changed TIERDESK_SECRET) it does not unseal: the attempt fails, nothing is sent.
    const other = createEmailSender({
      db: s.db,
      config: { smtpUrl: smtp.url, mailFrom: 'x <x@x.test>', publicUrl: null },
      log: createLogger('silent'),
      sealKey: randomBytes(32),
    });
    await expect(
      other.handle(effect.payload, { id: 999_997n, attempts: 1, now: later(), tenantId: account.tenantId }),
    ).rejects.toThrow(/does not unseal/);
    await sender.close();
    await other.close();
    const sent = smtp.mails.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.text).toContain(`Open ${link} once.`);
    const log = await deliveriesOf(account.id);
    expect(JSON.stringify(log)).not.toContain('s3cr3t');
  });

  it('R-NTF-1 without an SMTP server the mail is logged as skipped, not failed', async () => {
    const { account } = await s.customer({ email: 'nobody@example.com', locale: 'en-US' });
    const sender = createEmailSender({
      db: s.db,
      config: { smtpUrl: null, mailFrom: 'x <x@x.test>', publicUrl: null },
      log: createLogger('silent'),
    });
    const email = notify(account, `plan:${account.id}:nosmtp`).find((e) => e.topic === 'email.send')!;
    const meta = { id: 999_999n, attempts: 1, now: later(), tenantId: account.tenantId };
    const before = smtp.mails.length;
    await sender.handle(email.payload, meta);
    await sender.handle(email.payload, { ...meta, attempts: 2 });
    await sender.close();
    expect(smtp.mails.length).toBe(before);
    const log = await s.db
      .select()
      .from(emailDeliveries)
      .where(and(eq(emailDeliveries.accountId, account.id), eq(emailDeliveries.status, 'skipped')));
    expect(log).toHaveLength(1);
    expect(log[0]!.error).toContain('TIERDESK_SMTP_URL');
  });
});
