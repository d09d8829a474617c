/**
 * R-ACC-1: the account's profile (name, registered email, phone numbers, locale, time zone, report recipients) and
 * its contacts. Pure: checks a change against the catalog's locales and the IANA zones, and says what changed, for
 * the audit trail (who, when, before/after).
 */
import { IANAZone } from 'luxon';
import type { ValidationIssue } from '../../../platform/errors.js';

/** E.164: a plus, a country code that does not start with 0, at most 15 digits in all. */
export const E164 = /^\+[1-9]\d{6,14}$/;
export const MAX_PHONES = 10;
export const MAX_REPORT_RECIPIENTS = 20;

export interface AccountProfile {
  readonly name: string;
  readonly email: string;
  readonly phones: readonly string[];
  readonly locale: string;
  readonly timeZone: string;
  readonly reportRecipients: readonly string[];
}
export type ProfileField = keyof AccountProfile;
export type ProfilePatch = { readonly [K in ProfileField]?: AccountProfile[K] | undefined };

/** Phone numbers as people type them ("+86 138-0000-0000") become E.164; repeats go. */
export function normalizePhones(phones: readonly string[]): string[] {
  return [...new Set(phones.map((p) => p.replace(/[\s\-().]/g, '')))];
}

/** Emails compare case-insensitively; the first spelling is kept. */
export function dedupeEmails(emails: readonly string[]): string[] {
  const seen = new Set<string>();
  return emails
    .map((e) => e.trim())
    .filter((e) => {
      const k = e.toLowerCase();
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
}

export function profileIssues(patch: ProfilePatch, locales: readonly string[]): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (patch.locale !== undefined && !locales.includes(patch.locale))
    issues.push({ path: 'body.locale', message: `this provider serves locales ${locales.join(', ')}` });
  if (patch.timeZone !== undefined && !IANAZone.isValidZone(patch.timeZone))
    issues.push({ path: 'body.timeZone', message: 'an IANA time zone such as Asia/Shanghai' });
  patch.phones?.forEach((p, i) => {
    if (!E164.test(p))
      issues.push({ path: `body.phones.${i}`, message: 'a phone number in E.164 form, such as +8613800000000' });
  });
  return issues;
}

/** The fields whose value changes, with before and after (arrays compare by content). */
export function profileChanges(
  before: AccountProfile,
  patch: ProfilePatch,
): { before: Partial<AccountProfile>; after: Partial<AccountProfile> } {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const key of Object.keys(patch) as ProfileField[]) {
    const next = patch[key];
    if (next === undefined) continue;
    if (JSON.stringify(next) === JSON.stringify(before[key])) continue;
    b[key] = before[key];
    a[key] = next;
  }
  return { before: b as Partial<AccountProfile>, after: a as Partial<AccountProfile> };
}

export interface ContactFields {
  readonly name: string;
  readonly email: string | null;
  readonly phone: string | null;
  readonly role: string | null;
}

export function contactIssues(c: Partial<ContactFields>): ValidationIssue[] {
  return c.phone != null && !E164.test(c.phone)
    ? [{ path: 'body.phone', message: 'a phone number in E.164 form, such as +8613800000000' }]
    : [];
}

export function contactChanges(before: ContactFields, after: ContactFields) {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const key of ['name', 'email', 'phone', 'role'] as const) {
    if (before[key] === after[key]) continue;
    b[key] = before[key];
    a[key] = after[key];
  }
  return { before: b, after: a };
}
