/** The bill notice (R-NTF-1 "bills"): one outbox effect per bill, dedupe key `bill:<account>:<month>`. */
import { formatMoney, type Currency } from '../../../domain/money/money.js';
import type { TNames } from '../../../domain/catalog/catalog-schema.js';

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
  if (outcome.status === 'overdue') {
    const short = fmt(outcome.shortfallMinor);
    return {
      title: { 'zh-CN': `${month} 账单已出，待支付`, 'en-US': `Your bill for ${month} is overdue` },
      body: {
        'zh-CN': `您 ${month} 的支持计划账单合计 ${total}，应从余额扣除增量支持费 ${due}，余额不足 ${short}，账单已逾期。请充值，充值后将自动从余额扣除结清。`,
        'en-US': `Your support plan bill for ${month} totals ${total}. The incremental fee of ${due} could not be collected from your balance (${short} short): the bill is overdue. Please top up your balance: the bill is collected from it then.`,
      },
    };
  }
  return {
    title: { 'zh-CN': `${month} 账单已出`, 'en-US': `Your bill for ${month}` },
    body: {
      'zh-CN': `您 ${month} 的支持计划账单合计 ${total}（增量支持费 ${due} 已于本月初从余额扣除）。`,
      'en-US': `Your support plan bill for ${month} totals ${total} (the incremental fee of ${due} was collected from your balance at the start of this month).`,
    },
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
    title: { 'zh-CN': `${month} 账单已结清`, 'en-US': `Your overdue bill for ${month} is paid` },
    body: {
      'zh-CN': `您 ${month} 逾期账单的增量支持费 ${due} 已从充值后的余额中扣除，账单已结清。`,
      'en-US': `The incremental fee of ${due} of your overdue bill for ${month} was collected from your balance: the bill is paid.`,
    },
  };
}
