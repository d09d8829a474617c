/** The billing message table (R-NTF-1 "bills", R-BIL-3, issue 11): every text in every locale, one example each. */
import { describe, expect, it } from 'vitest';
import { BILLING_MESSAGES } from '../../src/contexts/billing/domain/messages.js';
import { billNoticeText, billPaidNoticeText } from '../../src/contexts/billing/domain/notice.js';
import { checkMessageTable } from './message-table-checks.js';

const month = '2026-03';
const total = '1234.56 CNY';
const due = '23.00 CNY';

checkMessageTable('billing', BILLING_MESSAGES, {
  'bill.paid.title': [{ month }, { 'zh-CN': '2026-03 账单已出', 'en-US': 'Your bill for 2026-03' }],
  'bill.paid.body': [
    { month, total, due },
    {
      'zh-CN': '您 2026-03 的支持计划账单合计 1234.56 CNY（增量支持费 23.00 CNY 已于本月初从余额扣除）。',
      'en-US':
        'Your support plan bill for 2026-03 totals 1234.56 CNY (the incremental fee of 23.00 CNY was collected from your balance at the start of this month).',
    },
  ],
  'bill.overdue.title': [
    { month },
    { 'zh-CN': '2026-03 账单已出，待支付', 'en-US': 'Your bill for 2026-03 is overdue' },
  ],
  'bill.overdue.body': [
    { month, total, due, short: '1.00 CNY' },
    {
      'zh-CN':
        '您 2026-03 的支持计划账单合计 1234.56 CNY，应从余额扣除增量支持费 23.00 CNY，余额不足 1.00 CNY，账单已逾期。请充值，充值后将自动从余额扣除结清。',
      'en-US':
        'Your support plan bill for 2026-03 totals 1234.56 CNY. The incremental fee of 23.00 CNY could not be collected from your balance (1.00 CNY short): the bill is overdue. Please top up your balance: the bill is collected from it then.',
    },
  ],
  'bill.collected_later.title': [
    { month },
    { 'zh-CN': '2026-03 账单已结清', 'en-US': 'Your overdue bill for 2026-03 is paid' },
  ],
  'bill.collected_later.body': [
    { month, due },
    {
      'zh-CN': '您 2026-03 逾期账单的增量支持费 23.00 CNY 已从充值后的余额中扣除，账单已结清。',
      'en-US':
        'The incremental fee of 23.00 CNY of your overdue bill for 2026-03 was collected from your balance: the bill is paid.',
    },
  ],
  'line.term.year': [{ count: 1 }, { 'zh-CN': '1年', 'en-US': '1 year' }],
  'line.term.years': [{ count: 2 }, { 'zh-CN': '2年', 'en-US': '2 years' }],
  'line.term.month': [{ count: 1 }, { 'zh-CN': '1个月', 'en-US': '1 month' }],
  'line.term.months': [{ count: 3 }, { 'zh-CN': '3个月', 'en-US': '3 months' }],
  'line.order_ref': [{ number: 'N1' }, { 'zh-CN': '（订单 N1）', 'en-US': ' (order N1)' }],
  'line.new': [
    { level: { 'zh-CN': '商业级', 'en-US': 'Business' }, term: { 'zh-CN': '1个月', 'en-US': '1 month' } },
    { 'zh-CN': '商业级支持计划基础支持费 1个月', 'en-US': 'Base support fee, Business, 1 month' },
  ],
  'line.renew': [
    { level: 'Business', term: '1 year' },
    { 'zh-CN': '续费 Business 1 year', 'en-US': 'Renewal, Business, 1 year' },
  ],
  'line.auto_renew': [
    { level: 'Business', term: '1 year' },
    { 'zh-CN': '自动续费 Business 1 year', 'en-US': 'Auto-renewal, Business, 1 year' },
  ],
  'line.upgrade': [
    { from: 'Developer', level: 'Business' },
    { 'zh-CN': '升级 Developer → Business', 'en-US': 'Upgrade Developer → Business' },
  ],
  'line.downgrade': [
    { from: 'Business', level: 'Developer' },
    { 'zh-CN': '降级 Business → Developer', 'en-US': 'Downgrade Business → Developer' },
  ],
  'line.downgrade_refund': [
    { from: 'Business', level: 'Developer' },
    { 'zh-CN': '降级 Business → Developer退款', 'en-US': 'Downgrade Business → Developer refund' },
  ],
  'line.unsubscribe': [
    { level: 'Business' },
    { 'zh-CN': '退订 Business 退款', 'en-US': 'Unsubscribe refund, Business' },
  ],
  'line.add_on': [
    { addOn: 'TAM', count: 2 },
    { 'zh-CN': 'TAM × 2', 'en-US': 'TAM × 2' },
  ],
  'line.incremental': [
    { level: 'Business', from: '2026-03-05', to: '2026-03-31', days: 27, monthDays: 31, consumption: '100000.00 USD' },
    {
      'zh-CN': '增量支持费：Business，2026-03-05至2026-03-31（27/31天），云服务消费 100000.00 USD',
      'en-US': 'Incremental support fee, Business, 2026-03-05 to 2026-03-31 (27 of 31 days): consumption 100000.00 USD',
    },
  ],
});

describe('bill notices', () => {
  const cny = { code: 'CNY', minorUnits: 2 };
  it('issue 11 a collected bill, an overdue one, and one collected later', () => {
    expect(billNoticeText(month, 123456n, cny, { status: 'paid', dueMinor: 2300n }).title['en-US']).toBe(
      'Your bill for 2026-03',
    );
    expect(
      billNoticeText(month, 123456n, cny, { status: 'overdue', dueMinor: 2300n, shortfallMinor: 100n }).body['en-US'],
    ).toContain('(1.00 CNY short)');
    expect(billNoticeText(month, 123456n, cny).body['zh-CN']).toBe(
      '您 2026-03 的支持计划账单合计 1234.56 CNY（增量支持费 0.00 CNY 已于本月初从余额扣除）。',
    );
    expect(billPaidNoticeText(month, 2300n, cny).title['zh-CN']).toBe('2026-03 账单已结清');
  });
});
