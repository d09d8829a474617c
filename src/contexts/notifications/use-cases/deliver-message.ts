/** Outbox handler: writes a message into the account's message center (or a staff inbox), once per source key. */
import type { Db } from '../../../platform/db.js';
import { newId } from '../../../platform/ids.js';
import { messageInsert } from '../store/message-store.js';

export async function deliverMessage(
  db: Db,
  payload: Record<string, unknown>,
  sourceKey: string,
  now: Date,
): Promise<void> {
  await messageWrite(db, payload, sourceKey, now);
}

/** The message's INSERT, not yet run (an inline effect: a CTE of the causing statement, outbox.ts). */
export function messageWrite(db: Db, payload: Record<string, unknown>, sourceKey: string, now: Date) {
  return messageInsert(db, {
    id: newId('msg', now.getTime()),
    tenantId: String(payload.tenantId),
    accountId: String(payload.accountId),
    recipientUserId: typeof payload.recipientUserId === 'string' ? payload.recipientUserId : null,
    kind: String(payload.kind),
    title: payload.title ?? {},
    body: payload.body ?? {},
    data: payload.data ?? {},
    sourceKey,
    createdAt: now,
  });
}
