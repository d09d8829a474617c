/**
 * What other contexts read to reach an account (notifications: phones for SMS/phone notices, R-NTF-1; reports:
 * the registered email and the report recipients, R-RPT-1), in the account's locale and time zone.
 */
import type { Db } from '../../../platform/db.js';
import { dedupeEmails } from '../domain/profile.js';
import { findAccount, listContacts } from '../store/account-store.js';

export interface AccountContactPoints {
  readonly id: string;
  readonly tenantId: string;
  readonly name: string;
  /** The registered email. */
  readonly email: string;
  /** E.164 numbers, in the order the customer gave them. */
  readonly phones: readonly string[];
  readonly locale: string;
  readonly timeZone: string;
  readonly reportRecipients: readonly string[];
  /** Where a monthly report goes: the registered email, then the report recipients (no repeats). */
  readonly reportTo: readonly string[];
  readonly contacts: readonly {
    id: string;
    name: string;
    email: string | null;
    phone: string | null;
    role: string | null;
  }[];
}

export async function accountContactPoints(db: Db, accountId: string): Promise<AccountContactPoints | undefined> {
  const a = await findAccount(db, accountId);
  if (!a) return undefined;
  const contacts = await listContacts(db, a.tenantId, a.id);
  return {
    id: a.id,
    tenantId: a.tenantId,
    name: a.name,
    email: a.email,
    phones: [...a.phones],
    locale: a.locale,
    timeZone: a.timeZone,
    reportRecipients: [...a.reportRecipients],
    reportTo: dedupeEmails([a.email, ...a.reportRecipients]),
    contacts: contacts.map((c) => ({ id: c.id, name: c.name, email: c.email, phone: c.phone, role: c.role })),
  };
}
