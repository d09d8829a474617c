/**
 * R-RPT-1 who gets a month's report, where it goes and when (pure).
 * - Only levels whose features include the catalog's report feature after the region's exclusions (EU-Paris and
 *   EU-Amsterdam drop it from the enterprise level, R-CAT-5), read at the month's last instant.
 * - startsMonthAfterJoining (Tianyi "在客户加入企业级支持计划次月起提供月报服务"): the first month reported is the
 *   first whole month on the level — the level must include the report at the month's first instant too.
 * - Recipients: the catalog's `recipients` (registered_email, requested_addresses); without the key, the requested
 *   addresses when there are any, else the registered email (Huawei "注册邮箱或客户要求的其他邮箱"); a list that
 *   comes out empty (Tianyi with no requested address) falls back to the registered email, so a report is never
 *   made for nobody.
 */
import { DateTime } from 'luxon';

export interface ReportsRule {
  readonly feature: string;
  readonly startsMonthAfterJoining: boolean;
  readonly recipients?: readonly ('registered_email' | 'requested_addresses')[] | undefined;
}

export function isEligible(
  rule: ReportsRule,
  featuresAtStart: readonly string[],
  featuresAtEnd: readonly string[],
): boolean {
  if (!featuresAtEnd.includes(rule.feature)) return false;
  return !rule.startsMonthAfterJoining || featuresAtStart.includes(rule.feature);
}

export function recipientsOf(rule: ReportsRule, account: { email: string; reportEmails: readonly string[] }): string[] {
  const out: string[] = [];
  const add = (e: string) => {
    if (!out.some((x) => x.toLowerCase() === e.toLowerCase())) out.push(e);
  };
  if (!rule.recipients) {
    if (account.reportEmails.length) account.reportEmails.forEach(add);
    else add(account.email);
  } else {
    if (rule.recipients.includes('registered_email')) add(account.email);
    if (rule.recipients.includes('requested_addresses')) account.reportEmails.forEach(add);
  }
  if (!out.length) add(account.email);
  return out;
}

/** The local hour on `sendOn` at which the schedule makes and mails the report (the start of a working day). */
export const SEND_HOUR = 9;

export function sendInstant(sendOn: string, zone: string): Date {
  return DateTime.fromISO(`${sendOn}T${String(SEND_HOUR).padStart(2, '0')}:00`, { zone }).toJSDate();
}

const bounds = new Map<string, [number, number]>();
/** [start, end) of a month in a zone (computed once per month and zone: a month-end run asks it per report). */
export function monthBounds(month: string, zone: string): { fromAt: Date; toAt: Date } {
  const key = `${month}|${zone}`;
  let b = bounds.get(key);
  if (!b) {
    const start = DateTime.fromISO(`${month}-01`, { zone });
    b = [start.toMillis(), start.plus({ months: 1 }).toMillis()];
    if (bounds.size > 1000) bounds.clear();
    bounds.set(key, b);
  }
  return { fromAt: new Date(b[0]), toAt: new Date(b[1]) };
}

export function monthAt(at: Date, zone: string): string {
  return DateTime.fromJSDate(at, { zone }).toFormat('yyyy-MM');
}
