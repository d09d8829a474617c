/** The bill notice (R-NTF-1 "bills"): one outbox effect per bill, dedupe key `bill:<account>:<month>`. */
import { formatMoney, type Currency } from '../../../domain/money/money.js';
import type { TNames } from '../../catalog/domain/catalog-schema.js';

export const BILL_NOTICE_TOPIC = 'billing.bill-notice';

export interface BillNoticePayload {
  readonly billId: string;
  readonly accountId: string;
  readonly month: string;
}

export function billNoticeText(month: string, totalMinor: bigint, currency: Currency): { title: TNames; body: TNames } {
  const total = `${formatMoney(totalMinor, currency)} ${currency.code}`;
  return {
    title: { 'zh-CN': `${month} 账单已出`, 'en-US': `Your bill for ${month}` },
    body: {
      'zh-CN': `您 ${month} 的支持计划账单合计 ${total}（增量支持费于本月初扣除）。`,
      'en-US': `Your support plan bill for ${month} totals ${total} (the incremental fee is charged at the start of this month).`,
    },
  };
}
