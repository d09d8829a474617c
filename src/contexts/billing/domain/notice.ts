/**
 * The bill notice (R-NTF-1 "bills"): one outbox effect per bill, dedupe key `bill:<account>:<month>`; its texts are the
 * context's message table (domain/messages.ts).
 */
import { formatMoney, type Currency } from '../../../domain/money/money.js';
import type { TNames } from '../../../domain/catalog/catalog-schema.js';
import { render } from '../../../domain/messages/message-table.js';
import { BILLING_MESSAGES } from './messages.js';

export const BILL_NOTICE_TOPIC = 'billing.bill-notice';

export interface BillNoticePayload {
  readonly billId: string;
  readonly accountId: string;
  readonly month: string;
}

/** How the bill's collection from the balance went (issue 11). */
export type BillOutcome =
  | { readonly status: 'paid'; readonly dueMinor: bigint }
  | { readonly status: 'overdue'; readonly dueMinor: bigint; readonly shortfallMinor: bigint };

export function billNoticeText(
  month: string,
  totalMinor: bigint,
  currency: Currency,
  outcome: BillOutcome = { status: 'paid', dueMinor: 0n },
): { title: TNames; body: TNames } {
  const fmt = (minor: bigint) => `${formatMoney(minor, currency)} ${currency.code}`;
  const total = fmt(totalMinor);
  const due = fmt(outcome.dueMinor);
  if (outcome.status === 'overdue')
    return {
      title: render(BILLING_MESSAGES, 'bill.overdue.title', { month }),
      body: render(BILLING_MESSAGES, 'bill.overdue.body', { month, total, due, short: fmt(outcome.shortfallMinor) }),
    };
  return {
    title: render(BILLING_MESSAGES, 'bill.paid.title', { month }),
    body: render(BILLING_MESSAGES, 'bill.paid.body', { month, total, due }),
  };
}

/** Issue 11: an overdue bill collected when the balance was topped up (or otherwise credited). */
export function billPaidNoticeText(
  month: string,
  dueMinor: bigint,
  currency: Currency,
): { title: TNames; body: TNames } {
  const due = `${formatMoney(dueMinor, currency)} ${currency.code}`;
  return {
    title: render(BILLING_MESSAGES, 'bill.collected_later.title', { month }),
    body: render(BILLING_MESSAGES, 'bill.collected_later.body', { month, due }),
  };
}
