/**
 * Outbox handler for `email.send` (R-NTF-1). One pooled SMTP transport per process, created at the first mail.
 * Every attempt is logged in email_deliveries; a failure is logged and thrown, so the outbox retries with backoff
 * (and parks the effect after its last attempt). Without TIERDESK_SMTP_URL the mail is logged as skipped.
 * Idempotent: a replayed effect that was already sent (or skipped) is not sent again.
 */
import type { createTransport } from 'nodemailer';
import type { Config } from '../../../platform/config.js';
import type { Db } from '../../../platform/db.js';
import { newId } from '../../../platform/ids.js';
import type { Logger } from '../../../platform/logger.js';
import type { OutboxBatch, OutboxHandler, OutboxMeta } from '../../../platform/outbox.js';
import { unsealedText, ZEmailPayload, type TEmailPayload } from '../domain/effects.js';
import {
  consoleUrl,
  mailDomain,
  noticeMessageId,
  PREFERENCES_PATH,
  renderNoticeMail,
  threadMessageId,
} from '../domain/mail.js';
import {
  finishedEmailKeys,
  insertEmailDeliveries,
  insertEmailDelivery,
  isEmailFinished,
  type EmailDelivery,
} from '../store/delivery-store.js';
import { createTemplateReader } from './mail-templates.js';
import { renderIn } from '../../../domain/messages/message-table.js';
import { NOTIFICATION_MESSAGES } from '../domain/messages.js';

type Transport = ReturnType<typeof createTransport>;

export interface EmailSender {
  /** One effect (a batch of one). */
  readonly handle: OutboxHandler;
  /**
   * A dispatched batch's mails (issue 17): whether each was finished already read once for all of them, and the
   * skipped ones (no SMTP server, muted) logged in one INSERT after the last. A sent or failed mail is logged at
   * once, as by `handle`, so a crash after sending never sends it again.
   */
  readonly batch: (rows: readonly { meta: OutboxMeta }[]) => Promise<OutboxBatch>;
  close(): Promise<void>;
}

/** Whether the person at `to` turned this optional kind off for the account (per-user preferences). */
export type MutedCheck = (
  db: Db,
  mail: { tenantId: string; accountId: string; to: string; kind: string },
) => Promise<boolean>;

type NodemailerMail = Parameters<Transport['sendMail']>[0];

/**
 * The message as sent: a notice rendered from the locale's templates (text + HTML) with its headers; a composed
 * mail as its text with the console footer. Every mail is `Auto-Submitted: auto-generated` (RFC 3834).
 */
export async function composeMail(
  p: TEmailPayload,
  config: Pick<Config, 'mailFrom' | 'publicUrl'>,
  templatesOf: (locale: string) => Promise<{ text: string; html: string }>,
): Promise<NodemailerMail> {
  const headers: Record<string, string> = { 'Auto-Submitted': 'auto-generated' };
  if (!p.notice) {
    const locale = p.locale === 'zh-CN' || p.locale === 'en-US' ? p.locale : 'en-US';
    const footer = config.publicUrl
      ? `\n\n-- \n${renderIn(NOTIFICATION_MESSAGES, 'mail.footer', locale, { url: config.publicUrl })}\n`
      : '\n';
    return { to: p.to, subject: p.subject, text: p.text + footer, headers };
  }
  const n = p.notice;
  const domain = mailDomain(config.mailFrom);
  const preferences = n.optional ? consoleUrl(config.publicUrl, PREFERENCES_PATH) : null;
  const { text, html } = renderNoticeMail(await templatesOf(p.locale), {
    title: n.title,
    body: n.body,
    link: n.linkPath === null ? null : consoleUrl(config.publicUrl, n.linkPath),
    actor: n.actorName,
    preferences,
  });
  // RFC 2369 / 8058: the settings page; a client shows its own "unsubscribe" for it.
  if (preferences) headers['List-Unsubscribe'] = `<${preferences}>`;
  const root = n.threadKey ? threadMessageId(n.threadKey, domain) : null;
  const messageId = root && n.threadStart ? root : noticeMessageId(n.messageKey, p.to, domain);
  return {
    to: p.to,
    subject: p.subject,
    text,
    html,
    messageId,
    ...(root && !n.threadStart ? { inReplyTo: root, references: [root] } : {}),
    headers,
  };
}

export function createEmailSender(deps: {
  db: Db;
  config: Pick<Config, 'smtpUrl' | 'mailFrom' | 'publicUrl'>;
  log: Logger;
  /** Per-user preferences (R-NTF-1); without it every optional mail is sent. */
  muted?: MutedCheck;
  /** Unseals the secrets of a mail at send time (domain/effects.ts `secrets`). */
  sealKey?: Uint8Array;
}): EmailSender {
  const { db, config, log } = deps;
  const templatesOf = createTemplateReader();
  let transport: Transport | null = null;
  // nodemailer loads on the first mail: most starts never send one, and start-up time is a goal (bench).
  const transportOf = async (url: string): Promise<Transport> =>
    (transport ??= (await import('nodemailer')).createTransport(
      // Short timeouts: a hung SMTP server must fail the attempt (and let the outbox retry), not hold the dispatcher.
      { url, pool: true, maxConnections: 3, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 },
      { from: config.mailFrom },
    ));

  /** Whether an effect's mail is finished already, and where a skipped one is logged. */
  interface DeliveryLog {
    isFinished(sourceKey: string): Promise<boolean>;
    skipped(row: EmailDelivery): Promise<void>;
  }
  const single: DeliveryLog = {
    isFinished: (sourceKey) => isEmailFinished(db, sourceKey),
    skipped: (row) => insertEmailDelivery(db, row),
  };

  const send = async (raw: Record<string, unknown>, meta: OutboxMeta, deliveries: DeliveryLog): Promise<void> => {
    const p = ZEmailPayload.parse(raw);
    const sourceKey = `outbox:${meta.id}`;
    if (await deliveries.isFinished(sourceKey)) return;
    const row = {
      tenantId: p.tenantId,
      accountId: p.accountId,
      sourceKey,
      to: p.to,
      subject: p.subject,
      createdAt: meta.now,
    };
    if (!config.smtpUrl) {
      await deliveries.skipped({
        ...row,
        id: newId('eml', meta.now.getTime()),
        status: 'skipped',
        error: 'no SMTP server configured (TIERDESK_SMTP_URL)',
      });
      return;
    }
    if (
      p.notice?.optional &&
      p.tenantId &&
      p.accountId &&
      deps.muted &&
      (await deps.muted(db, { tenantId: p.tenantId, accountId: p.accountId, to: p.to, kind: p.kind }))
    ) {
      await deliveries.skipped({
        ...row,
        id: newId('eml', meta.now.getTime()),
        status: 'skipped',
        error: 'turned off in the notification preferences of its recipient',
      });
      return;
    }
    let messageId: string | null;
    try {
      // Sealed secrets (a set-password link) go into the text only now (issue 13).
      const mail = await composeMail({ ...p, text: unsealedText(deps.sealKey, p) }, config, templatesOf);
      if (p.attachments?.length)
        mail.attachments = p.attachments.map((a) => ({
          filename: a.filename,
          contentType: a.contentType,
          content: Buffer.from(a.contentBase64, 'base64'),
        }));
      const info = (await (await transportOf(config.smtpUrl)).sendMail(mail)) as { messageId?: string };
      messageId = info.messageId ?? null;
    } catch (err) {
      const message = (err as Error).message ?? String(err);
      log.warn({ accountId: p.accountId, kind: p.kind, attempt: meta.attempts, err: message }, 'email failed');
      await insertEmailDelivery(db, {
        ...row,
        id: newId('eml', meta.now.getTime()),
        status: 'failed',
        error: message.slice(0, 2000),
      });
      throw err;
    }
    await insertEmailDelivery(db, { ...row, id: newId('eml', meta.now.getTime()), status: 'sent', messageId });
  };

  return {
    handle: (raw, meta) => send(raw, meta, single),
    async batch(rows) {
      const finished = await finishedEmailKeys(
        db,
        rows.map((r) => `outbox:${r.meta.id}`),
      );
      const skipped: EmailDelivery[] = [];
      const deliveries: DeliveryLog = {
        isFinished: async (sourceKey) => finished.has(sourceKey),
        skipped: async (row) => void skipped.push(row),
      };
      return {
        handle: (raw, meta) => send(raw, meta, deliveries),
        finish: () => insertEmailDeliveries(db, skipped),
      };
    },
    async close() {
      transport?.close();
      transport = null;
    },
  };
}
