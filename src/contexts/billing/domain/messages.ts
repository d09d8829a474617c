/**
 * The billing context's message table (R-NTF-1 "bills", R-BIL, issue 11): the bill notice (collected, or overdue for
 * want of balance), the notice of an overdue bill collected later, and the texts of a bill's lines, in every locale.
 * `domain/notice.ts` and `domain/bill.ts` render them from plain values; amounts arrive formatted (`1,234.00 CNY`).
 */
import { messageTable } from '../../../domain/messages/message-table.js';

export const BILLING_MESSAGES = messageTable({
  'bill.paid.title': { 'zh-CN': '{month} 账单已出', 'en-US': 'Your bill for {month}' },
  'bill.paid.body': {
    'zh-CN': '您 {month} 的支持计划账单合计 {total}（增量支持费 {due} 已于本月初从余额扣除）。',
    'en-US':
      'Your support plan bill for {month} totals {total} (the incremental fee of {due} was collected from your balance at the start of this month).',
  },
  'bill.overdue.title': { 'zh-CN': '{month} 账单已出，待支付', 'en-US': 'Your bill for {month} is overdue' },
  'bill.overdue.body': {
    'zh-CN':
      '您 {month} 的支持计划账单合计 {total}，应从余额扣除增量支持费 {due}，余额不足 {short}，账单已逾期。请充值，充值后将自动从余额扣除结清。',
    'en-US':
      'Your support plan bill for {month} totals {total}. The incremental fee of {due} could not be collected from your balance ({short} short): the bill is overdue. Please top up your balance: the bill is collected from it then.',
  },
  'bill.collected_later.title': { 'zh-CN': '{month} 账单已结清', 'en-US': 'Your overdue bill for {month} is paid' },
  'bill.collected_later.body': {
    'zh-CN': '您 {month} 逾期账单的增量支持费 {due} 已从充值后的余额中扣除，账单已结清。',
    'en-US':
      'The incremental fee of {due} of your overdue bill for {month} was collected from your balance: the bill is paid.',
  },
  // A bill's lines (domain/bill.ts), each in the account's locale; an order's line ends with its reference.
  'line.term.year': { 'zh-CN': '{count}年', 'en-US': '{count} year' },
  'line.term.years': { 'zh-CN': '{count}年', 'en-US': '{count} years' },
  'line.term.month': { 'zh-CN': '{count}个月', 'en-US': '{count} month' },
  'line.term.months': { 'zh-CN': '{count}个月', 'en-US': '{count} months' },
  'line.order_ref': { 'zh-CN': '（订单 {number}）', 'en-US': ' (order {number})' },
  'line.new': { 'zh-CN': '{level}支持计划基础支持费 {term}', 'en-US': 'Base support fee, {level}, {term}' },
  'line.renew': { 'zh-CN': '续费 {level} {term}', 'en-US': 'Renewal, {level}, {term}' },
  'line.auto_renew': { 'zh-CN': '自动续费 {level} {term}', 'en-US': 'Auto-renewal, {level}, {term}' },
  'line.upgrade': { 'zh-CN': '升级 {from} → {level}', 'en-US': 'Upgrade {from} → {level}' },
  'line.downgrade': { 'zh-CN': '降级 {from} → {level}', 'en-US': 'Downgrade {from} → {level}' },
  'line.downgrade_refund': { 'zh-CN': '降级 {from} → {level}退款', 'en-US': 'Downgrade {from} → {level} refund' },
  'line.unsubscribe': { 'zh-CN': '退订 {level} 退款', 'en-US': 'Unsubscribe refund, {level}' },
  'line.add_on': { 'zh-CN': '{addOn} × {count}', 'en-US': '{addOn} × {count}' },
  /** R-BIL: a usage-billed segment's incremental fee. */
  'line.incremental': {
    'zh-CN': '增量支持费：{level}，{from}至{to}（{days}/{monthDays}天），云服务消费 {consumption}',
    'en-US': 'Incremental support fee, {level}, {from} to {to} ({days} of {monthDays} days): consumption {consumption}',
  },
});
