/**
 * R-BIL-1: one consumption record as the cloud side sends it, checked field by field (VALIDATION_FAILED names
 * `records.N.field`). Amounts are list prices before discounts in the catalog currency; dates are inclusive dates in
 * the provider's time zone. Pure.
 */
import { createHash } from 'node:crypto';
import { MoneyFormatError, parseMoney, type Currency } from '../../../domain/money/money.js';
import type { ValidationIssue } from '../../../platform/errors.js';
import { daysFrom, isDate } from './month.js';

/** Bounds that keep the per-day spread exact in 64-bit SQL arithmetic (store/usage-store.ts). */
export const MAX_RECORD_DAYS = 1830;
export const MAX_AMOUNT_MINOR = 10n ** 13n;
/** The documented categories (API.md); a catalog may name more in excludedUsageCategories. */
export const USAGE_CATEGORIES = ['cloud', 'support_plan', 'professional_service', 'marketplace'] as const;
/** R-BIL-1: categories that never count, whatever a catalog says; a catalog's excludedUsageCategories add to them. */
export const NEVER_COUNTED = ['support_plan', 'professional_service', 'marketplace'] as const;

/** The categories a month-end run leaves out under a catalog: the fixed ones and the catalog's own. */
export function excludedCategories(catalogExcluded: readonly string[]): string[] {
  return [...new Set([...NEVER_COUNTED, ...catalogExcluded])];
}

export interface UsageRecordInput {
  readonly id: string;
  readonly accountId: string;
  readonly service: string;
  readonly category: string;
  readonly listPrice: { readonly amount: string; readonly currency: string };
  readonly from: string;
  readonly to: string;
}

export interface ParsedUsage {
  readonly index: number;
  readonly id: string;
  readonly accountId: string;
  readonly service: string;
  readonly category: string;
  readonly amountMinor: bigint;
  readonly currency: string;
  readonly from: string;
  readonly to: string;
  readonly contentHash: string;
}

export function contentHashOf(r: Omit<ParsedUsage, 'index' | 'id' | 'contentHash'>): string {
  const canonical = JSON.stringify([
    r.accountId,
    r.service,
    r.category,
    r.amountMinor.toString(),
    r.currency,
    r.from,
    r.to,
  ]);
  return createHash('sha256').update(canonical).digest().subarray(0, 16).toString('base64url');
}

/** Checks one record; returns it parsed, or the issues found (paths under `prefix`, e.g. `body.records.3`). */
export function parseUsageRecord(
  input: UsageRecordInput,
  index: number,
  ctx: { currency: Currency; categories: readonly string[]; prefix: string },
): { record: ParsedUsage } | { issues: ValidationIssue[] } {
  const issues: ValidationIssue[] = [];
  const at = (field: string, message: string) => issues.push({ path: `${ctx.prefix}.${field}`, message });
  if (!ctx.categories.includes(input.category)) at('category', `one of ${ctx.categories.join(', ')}`);
  if (input.listPrice.currency !== ctx.currency.code)
    at('listPrice.currency', `must be ${ctx.currency.code}, the provider's currency`);
  let amountMinor = 0n;
  try {
    amountMinor = parseMoney(input.listPrice.amount, ctx.currency);
    if (amountMinor < 0n) at('listPrice.amount', 'a list price is never negative');
    else if (amountMinor > MAX_AMOUNT_MINOR) at('listPrice.amount', 'too large for one record');
  } catch (err) {
    if (!(err instanceof MoneyFormatError)) throw err;
    at('listPrice.amount', err.message);
  }
  const fromOk = isDate(input.from);
  const toOk = isDate(input.to);
  if (!fromOk) at('from', 'a date YYYY-MM-DD');
  if (!toOk) at('to', 'a date YYYY-MM-DD');
  if (fromOk && toOk) {
    const days = daysFrom(input.from, input.to) + 1;
    if (days < 1) at('to', 'on or after from');
    else if (days > MAX_RECORD_DAYS) at('to', `a record spans at most ${MAX_RECORD_DAYS} days`);
  }
  if (issues.length) return { issues };
  const fields = {
    accountId: input.accountId,
    service: input.service,
    category: input.category,
    amountMinor,
    currency: input.listPrice.currency,
    from: input.from,
    to: input.to,
  };
  return { record: { index, id: input.id, ...fields, contentHash: contentHashOf(fields) } };
}
