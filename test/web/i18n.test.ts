/**
 * R-UI-1: both console languages are complete (the same keys, no empty text, the same {placeholders}), and every
 * error code of the API has a message and a "what to do" in both (the console's one error table).
 */
import { describe, expect, it } from 'vitest';
import { ERROR_CATALOG } from '../../src/platform/errors.js';
import { enUS } from '../../web/src/i18n/en-US.js';
import { zhCN } from '../../web/src/i18n/zh-CN.js';
import { translate } from '../../web/src/i18n/translate.js';
import { formatMoney } from '../../web/src/i18n/format.js';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

export function parityProblems(a: Record<string, string>, b: Record<string, string>): string[] {
  const problems: string[] = [];
  for (const k of Object.keys(a)) if (!(k in b)) problems.push(`missing in en-US: ${k}`);
  for (const k of Object.keys(b)) if (!(k in a)) problems.push(`missing in zh-CN: ${k}`);
  for (const k of Object.keys(a))
    if (k in b) {
      if (!a[k]!.trim() || !b[k]!.trim()) problems.push(`empty: ${k}`);
      if (placeholders(a[k]!).join() !== placeholders(b[k]!).join()) problems.push(`placeholders differ: ${k}`);
    }
  return problems;
}

describe('console i18n', () => {
  it('R-UI-1 zh-CN and en-US have the same keys and placeholders (and the check can fail)', () => {
    expect(parityProblems(zhCN, enUS)).toEqual([]);
    expect(parityProblems({ a: 'x {n}', b: 'y' }, { a: 'x', c: 'z' })).toEqual([
      'missing in en-US: b',
      'missing in zh-CN: c',
      'placeholders differ: a',
    ]);
  });

  it('R-UI-1 the contract’s accessible names are the texts of both languages', () => {
    const names: [keyof typeof zhCN, string, string][] = [
      ['signIn.email', 'Email', '邮箱'],
      ['signIn.password', 'Password', '密码'],
      ['signIn.submit', 'Sign in', '登录'],
      ['app.language', 'Language', '语言'],
      ['nav.plan', 'Support plan', '支持计划'],
      ['nav.tickets', 'Tickets', '工单'],
      ['nav.serviceRequests', 'Service requests', '服务单'],
      ['nav.bills', 'Bills', '账单'],
      ['nav.messages', 'Messages', '消息中心'],
      ['nav.queue', 'Ticket queue', '工单队列'],
      ['nav.incidents', 'Incidents', '事件通告'],
      ['nav.accounts', 'Accounts', '客户账号'],
      ['nav.billing', 'Billing', '计费'],
      ['nav.calendars', 'Holiday calendars', '节假日日历'],
      ['plan.buy', 'Buy', '购买'],
      ['plan.upgrade', 'Upgrade', '升级'],
      ['plan.downgrade', 'Downgrade', '降级'],
      ['plan.renew', 'Renew', '续费'],
      ['plan.unsubscribe', 'Unsubscribe', '退订'],
      ['order.confirm', 'Confirm', '确认'],
      ['tickets.new', 'New ticket', '新建工单'],
      ['tickets.subject', 'Subject', '标题'],
      ['tickets.description', 'Description', '问题描述'],
      ['tickets.category', 'Category', '类别'],
      ['tickets.severity', 'Severity', '严重程度'],
      ['common.submit', 'Submit', '提交'],
      ['tickets.reply', 'Reply', '回复'],
      ['tickets.send', 'Send', '发送'],
    ];
    for (const [key, en, zh] of names) {
      expect(enUS[key], key).toBe(en);
      expect(zhCN[key], key).toBe(zh);
    }
    expect(translate('en-US', 'order.agree', { agreement: 'X' })).toMatch(/^I have read and agree/);
    expect(translate('zh-CN', 'order.agree', { agreement: 'X' })).toMatch(/^我已阅读并同意/);
  });

  it('every API error code has a message and what to do, in both languages', () => {
    const missing = Object.keys(ERROR_CATALOG).flatMap((code) =>
      [`error.${code}`, `error.${code}.fix`].filter((k) => !(k in zhCN) || !(k in enUS)),
    );
    expect(missing).toEqual([]);
  });

  it('money is formatted from the decimal string itself, per locale (no float in between)', () => {
    expect(formatMoney({ amount: '588000.00', currency: 'CNY' }, 'en-US')).toBe('CN¥588,000.00');
    expect(formatMoney({ amount: '12345678901234567.89', currency: 'USD' }, 'en-US')).toBe(
      '$12,345,678,901,234,567.89',
    );
    expect(formatMoney({ amount: '0.10', currency: 'CNY' }, 'zh-CN')).toBe('¥0.10');
  });
});
