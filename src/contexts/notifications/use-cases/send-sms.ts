/**
 * Outbox handler for `sms.send` (R-NTF-1: SMS/phone for the levels that include it). Tierdesk speaks to no SMS
 * vendor itself: it POSTs `{ to, text, locale, channels, kind, accountId }` as JSON to TIERDESK_SMS_WEBHOOK_URL,
 * the provider's gateway, once per phone number of the account (read when sent, from the accounts context). Without
 * that URL, or without a phone number on file, the attempt is logged as skipped.
 * Every attempt is logged in sms_deliveries; a failure throws so the outbox retries with backoff.
 */
import type { Db } from '../../../platform/db.js';
import { newId } from '../../../platform/ids.js';
import type { Logger } from '../../../platform/logger.js';
import type { OutboxHandler } from '../../../platform/outbox.js';
import { ZSmsPayload } from '../domain/effects.js';
import { finishedSmsNumbers, insertSmsDelivery } from '../store/delivery-store.js';

export const SMS_TIMEOUT_MS = 10_000;

/** The account's phone numbers (the accounts context's, read when a notice is sent). */
export type PhoneLookup = (db: Db, account: { tenantId: string; accountId: string }) => Promise<string[]>;

export function createSmsSender(deps: {
  db: Db;
  smsWebhookUrl: string | null;
  log: Logger;
  fetch?: typeof fetch;
  /** Where a notice without a number finds the account's numbers; without it such a notice is skipped. */
  phones?: PhoneLookup;
}): OutboxHandler {
  const { db, log } = deps;
  const doFetch = deps.fetch ?? fetch;
  return async (raw, meta) => {
    const p = ZSmsPayload.parse(raw);
    const sourceKey = `outbox:${meta.id}`;
    // Replayed (or retried after one number failed): the numbers already sent or skipped are not sent again.
    const done = await finishedSmsNumbers(db, sourceKey);
    if (done.some((to) => to === null)) return;
    const doneTo = new Set(done);
    const row = (to: string | null) => ({
      tenantId: p.tenantId,
      accountId: p.accountId,
      sourceKey,
      to,
      text: p.text,
      createdAt: meta.now,
    });
    const numbers = p.to
      ? [p.to]
      : deps.phones
        ? [...new Set(await deps.phones(db, { tenantId: p.tenantId, accountId: p.accountId }))]
        : [];
    const skip = !deps.smsWebhookUrl
      ? 'no SMS gateway configured (TIERDESK_SMS_WEBHOOK_URL)'
      : !numbers.length
        ? 'no phone number on file'
        : null;
    if (skip || !deps.smsWebhookUrl) {
      if (doneTo.size) return;
      await insertSmsDelivery(db, {
        ...row(numbers.length === 1 ? numbers[0]! : null),
        id: newId('sms', meta.now.getTime()),
        status: 'skipped',
        error: skip,
      });
      return;
    }
    let failure: Error | null = null;
    for (const to of numbers) {
      if (doneTo.has(to)) continue;
      let messageId: string | null = null;
      try {
        const res = await doFetch(deps.smsWebhookUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            to,
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
        await insertSmsDelivery(db, {
          ...row(to),
          id: newId('sms', meta.now.getTime()),
          status: 'failed',
          error: message.slice(0, 2000),
        });
        failure ??= err instanceof Error ? err : new Error(message);
        continue;
      }
      await insertSmsDelivery(db, { ...row(to), id: newId('sms', meta.now.getTime()), status: 'sent', messageId });
    }
    // One number failing retries that number only (the others are logged as sent).
    if (failure) throw failure;
  };
}
