/** API shapes of quotes and orders: money as decimal strings with the currency (API conventions). */
import { formatMoney, type Currency } from '../../../domain/money/money.js';
import type { QuoteLine, QuoteResult } from './quote.js';

export interface MoneyView {
  amount: string;
  currency: string;
}

export function money(minor: bigint, currency: Currency): MoneyView {
  return { amount: formatMoney(minor, currency), currency: currency.code };
}

export function lineView(line: QuoteLine, currency: Currency) {
  const { amountMinor, ...rest } = line;
  return { ...rest, amount: money(amountMinor, currency) };
}

export function quoteView<E extends object>(q: QuoteResult, currency: Currency, extra: E) {
  return {
    ...extra,
    amount: money(q.amountMinor, currency),
    direction: q.direction,
    remainingDays: q.remainingDays,
    totalDays: q.totalDays,
    paid: q.paidMinor !== undefined ? money(q.paidMinor, currency) : undefined,
    consumed: q.consumedMinor !== undefined ? money(q.consumedMinor, currency) : undefined,
    fee: q.feeMinor !== undefined ? money(q.feeMinor, currency) : undefined,
    breakdown: q.lines.map((l) => lineView(l, currency)),
  };
}

export interface StoredLine extends Omit<QuoteLine, 'amountMinor'> {
  amountMinor: string;
}

/** Breakdown lines as stored in jsonb (bigint as string). */
export function storeLines(lines: readonly QuoteLine[]): StoredLine[] {
  return lines.map((l) => ({ ...l, amountMinor: l.amountMinor.toString() }));
}

export function loadLines(stored: unknown): QuoteLine[] {
  return (stored as StoredLine[]).map((l) => ({ ...l, amountMinor: BigInt(l.amountMinor) }));
}
