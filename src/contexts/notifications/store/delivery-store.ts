/** SQL of the email and SMS/phone delivery logs: every attempt a row, read back to send a replayed effect once. */
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../../platform/db.js';
import { emailDeliveries, smsDeliveries } from './tables.js';

/** sent | failed | skipped */
export type DeliveryStatus = 'sent' | 'failed' | 'skipped';

export interface EmailDelivery {
  readonly id: string;
  /** null for mail to staff users (set-password links). */
  readonly tenantId: string | null;
  readonly accountId: string | null;
  /** `outbox:<id>` of the effect that asked for it. */
  readonly sourceKey: string;
  readonly to: string;
  readonly subject: string;
  readonly status: DeliveryStatus;
  readonly error?: string | null;
  /** The SMTP server's Message-ID. */
  readonly messageId?: string | null;
  readonly createdAt: Date;
}

export interface SmsDelivery {
  readonly id: string;
  readonly tenantId: string;
  readonly accountId: string;
  readonly sourceKey: string;
  /** The phone number, or null when the account has none on file. */
  readonly to: string | null;
  readonly text: string;
  readonly status: DeliveryStatus;
  readonly error?: string | null;
  /** The gateway's id of the message, when it answers one. */
  readonly messageId?: string | null;
  readonly createdAt: Date;
}

/** Whether the effect's mail was sent or skipped already (a failed attempt is tried again). */
export async function isEmailFinished(db: Db, sourceKey: string): Promise<boolean> {
  const [done] = await db
    .select({ id: emailDeliveries.id })
    .from(emailDeliveries)
    .where(and(eq(emailDeliveries.sourceKey, sourceKey), inArray(emailDeliveries.status, ['sent', 'skipped'])))
    .limit(1);
  return !!done;
}

/** Of these effects' source keys, those whose mail was sent or skipped already: one read for a dispatched batch. */
export async function finishedEmailKeys(db: Db, sourceKeys: readonly string[]): Promise<Set<string>> {
  if (!sourceKeys.length) return new Set();
  const done = await db
    .selectDistinct({ sourceKey: emailDeliveries.sourceKey })
    .from(emailDeliveries)
    .where(
      and(inArray(emailDeliveries.sourceKey, [...sourceKeys]), inArray(emailDeliveries.status, ['sent', 'skipped'])),
    );
  return new Set(done.map((d) => d.sourceKey));
}

export async function insertEmailDelivery(db: Db, row: EmailDelivery): Promise<void> {
  await db.insert(emailDeliveries).values(row);
}

/** Several delivery log rows in one INSERT (a dispatched batch's skipped mails). */
export async function insertEmailDeliveries(db: Db, rows: readonly EmailDelivery[]): Promise<void> {
  if (rows.length) await db.insert(emailDeliveries).values([...rows]);
}

/** The numbers the effect's SMS was sent or skipped to already (null: skipped without a number). */
export async function finishedSmsNumbers(db: Db, sourceKey: string): Promise<(string | null)[]> {
  const done = await db
    .select({ to: smsDeliveries.to })
    .from(smsDeliveries)
    .where(and(eq(smsDeliveries.sourceKey, sourceKey), inArray(smsDeliveries.status, ['sent', 'skipped'])));
  return done.map((d) => d.to);
}

export async function insertSmsDelivery(db: Db, row: SmsDelivery): Promise<void> {
  await db.insert(smsDeliveries).values(row);
}
