/**
 * Outbox handler for `email.send` (R-NTF-1). One pooled SMTP transport per process, created at the first mail.
 * Every attempt is logged in email_deliveries; a failure is logged and thrown, so the outbox retries with backoff
 * (and parks the effect after its last attempt). Without TIERDESK_SMTP_URL the mail is logged as skipped.
 * Idempotent: a replayed effect that was already sent (or skipped) is not sent again.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { createTransport } from 'nodemailer';
import type { Config } from '../../../platform/config.js';
import type { Db } from '../../../platform/db.js';
import { newId } from '../../../platform/ids.js';
import type { Logger } from '../../../platform/logger.js';
import type { OutboxHandler } from '../../../platform/outbox.js';
import { ZEmailPayload } from '../domain/effects.js';
import { emailDeliveries } from '../store/tables.js';

type Transport = ReturnType<typeof createTransport>;

export interface EmailSender {
  readonly handle: OutboxHandler;
  close(): Promise<void>;
}

const FOOTER: Record<string, (url: string) => string> = {
  'zh-CN': (url) => `在控制台查看：${url}`,
  'en-US': (url) => `View it in the console: ${url}`,
};

export function createEmailSender(deps: {
  db: Db;
  config: Pick<Config, 'smtpUrl' | 'mailFrom' | 'publicUrl'>;
  log: Logger;
}): EmailSender {
  const { db, config, log } = deps;
  let transport: Transport | null = null;
  // nodemailer loads on the first mail: most starts never send one, and start-up time is a goal (bench).
  const transportOf = async (url: string): Promise<Transport> =>
    (transport ??= (await import('nodemailer')).createTransport(
      // Short timeouts: a hung SMTP server must fail the attempt (and let the outbox retry), not hold the dispatcher.
      { url, pool: true, maxConnections: 3, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 },
      { from: config.mailFrom },
    ));

  const handle: OutboxHandler = async (raw, meta) => {
    const p = ZEmailPayload.parse(raw);
    const sourceKey = `outbox:${meta.id}`;
    const [done] = await db
      .select({ id: emailDeliveries.id })
      .from(emailDeliveries)
      .where(and(eq(emailDeliveries.sourceKey, sourceKey), inArray(emailDeliveries.status, ['sent', 'skipped'])))
      .limit(1);
    if (done) return;
    const row = {
      tenantId: p.tenantId,
      accountId: p.accountId,
      sourceKey,
      to: p.to,
      subject: p.subject,
      createdAt: meta.now,
    };
    if (!config.smtpUrl) {
      await db.insert(emailDeliveries).values({
        ...row,
        id: newId('eml', meta.now.getTime()),
        status: 'skipped',
        error: 'no SMTP server configured (TIERDESK_SMTP_URL)',
      });
      return;
    }
    const footer = config.publicUrl ? `\n\n-- \n${(FOOTER[p.locale] ?? FOOTER['en-US']!)(config.publicUrl)}\n` : '\n';
    let messageId: string | null;
    try {
      const info = (await (
        await transportOf(config.smtpUrl)
      ).sendMail({ to: p.to, subject: p.subject, text: p.text + footer })) as { messageId?: string };
      messageId = info.messageId ?? null;
    } catch (err) {
      const message = (err as Error).message ?? String(err);
      log.warn({ accountId: p.accountId, kind: p.kind, attempt: meta.attempts, err: message }, 'email failed');
      await db
        .insert(emailDeliveries)
        .values({ ...row, id: newId('eml', meta.now.getTime()), status: 'failed', error: message.slice(0, 2000) });
      throw err;
    }
    await db
      .insert(emailDeliveries)
      .values({ ...row, id: newId('eml', meta.now.getTime()), status: 'sent', messageId });
  };

  return {
    handle,
    async close() {
      transport?.close();
      transport = null;
    },
  };
}
