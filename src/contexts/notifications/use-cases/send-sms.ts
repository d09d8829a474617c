/**
 * Outbox handler for `sms.send` (R-NTF-1: SMS/phone for the levels that include it). Tierdesk speaks to no SMS
 * vendor itself: it POSTs `{ to, text, locale, channels, kind, accountId }` as JSON to TIERDESK_SMS_WEBHOOK_URL,
 * the provider's gateway. Without that URL, or without a phone number on file, the attempt is logged as skipped.
 * Every attempt is logged in sms_deliveries; a failure throws so the outbox retries with backoff.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../../platform/db.js';
import { newId } from '../../../platform/ids.js';
import type { Logger } from '../../../platform/logger.js';
import type { OutboxHandler } from '../../../platform/outbox.js';
import { ZSmsPayload } from '../domain/effects.js';
import { smsDeliveries } from '../store/tables.js';

export const SMS_TIMEOUT_MS = 10_000;

export function createSmsSender(deps: {
  db: Db;
  smsWebhookUrl: string | null;
  log: Logger;
  fetch?: typeof fetch;
}): OutboxHandler {
  const { db, log } = deps;
  const doFetch = deps.fetch ?? fetch;
  return async (raw, meta) => {
    const p = ZSmsPayload.parse(raw);
    const sourceKey = `outbox:${meta.id}`;
    const [done] = await db
      .select({ id: smsDeliveries.id })
      .from(smsDeliveries)
      .where(and(eq(smsDeliveries.sourceKey, sourceKey), inArray(smsDeliveries.status, ['sent', 'skipped'])))
      .limit(1);
    if (done) return;
    const row = {
      tenantId: p.tenantId,
      accountId: p.accountId,
      sourceKey,
      to: p.to,
      text: p.text,
      createdAt: meta.now,
    };
    const skip = !deps.smsWebhookUrl
      ? 'no SMS gateway configured (TIERDESK_SMS_WEBHOOK_URL)'
      : !p.to
        ? 'no phone number on file'
        : null;
    if (skip || !deps.smsWebhookUrl) {
      await db
        .insert(smsDeliveries)
        .values({ ...row, id: newId('sms', meta.now.getTime()), status: 'skipped', error: skip });
      return;
    }
    let messageId: string | null = null;
    try {
      const res = await doFetch(deps.smsWebhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          to: p.to,
          text: p.text,
          locale: p.locale,
          channels: p.channels,
          kind: p.kind,
          accountId: p.accountId,
        }),
        redirect: 'manual',
        signal: AbortSignal.timeout(SMS_TIMEOUT_MS),
      });
      const answer = await res.text().catch(() => '');
      if (res.status < 200 || res.status > 299) throw new Error(`SMS gateway answered HTTP ${res.status}`);
      try {
        const id = (JSON.parse(answer) as { id?: unknown }).id;
        if (typeof id === 'string' || typeof id === 'number') messageId = String(id);
      } catch {
        /* the gateway need not answer JSON */
      }
    } catch (err) {
      const message = (err as Error).message ?? String(err);
      log.warn({ accountId: p.accountId, kind: p.kind, attempt: meta.attempts, err: message }, 'sms failed');
      await db
        .insert(smsDeliveries)
        .values({ ...row, id: newId('sms', meta.now.getTime()), status: 'failed', error: message.slice(0, 2000) });
      throw err;
    }
    await db.insert(smsDeliveries).values({ ...row, id: newId('sms', meta.now.getTime()), status: 'sent', messageId });
  };
}
