/**
 * The subscriptions context's message table (R-NTF-1): the title and body of every notice it sends — orders
 * (purchase, change, renewal, the auto-renew charge, unsubscribe refunds, add-ons), renewal reminders, expiry and
 * staff's decision on a linked account (R-ACC-3) — in both languages, from plain values. The notifications context
 * lays them out as mail (templates/mail).
 */
import type { TNames } from '../../catalog/index.js';

type Text = { title: TNames; body: TNames };

const ORDER_TITLES: Record<string, TNames> = {
  new: { 'zh-CN': '支持计划已开通', 'en-US': 'Support plan activated' },
  upgrade: { 'zh-CN': '支持计划已升级', 'en-US': 'Support plan upgraded' },
  downgrade: { 'zh-CN': '支持计划已降级', 'en-US': 'Support plan downgraded' },
  renew: { 'zh-CN': '支持计划已续费', 'en-US': 'Support plan renewed' },
  unsubscribe: { 'zh-CN': '支持计划已退订', 'en-US': 'Support plan unsubscribed' },
  add_on: { 'zh-CN': '增购包已生效', 'en-US': 'Add-on active' },
};

export interface OrderText {
  readonly type: string;
  readonly number: string;
  /** The level's or add-on's name in each language. */
  readonly what: TNames;
  /** `1,234.00 CNY` */
  readonly amount: string;
  readonly isRefund: boolean;
  readonly isAutoRenew: boolean;
  /** The plan's end after the order (local, `yyyy-MM-dd HH:mm:ss`), when it has one. */
  readonly validTo: string | null;
}

export function orderNotice(o: OrderText): Text {
  if (o.isAutoRenew)
    return {
      title: { 'zh-CN': '支持计划已自动续费', 'en-US': 'Support plan renewed automatically' },
      body: {
        'zh-CN': `订单 ${o.number}：${o.what['zh-CN']}支持计划已自动续费，扣款 ${o.amount}${o.validTo ? `，有效期至 ${o.validTo}` : ''}。`,
        'en-US': `Order ${o.number}: your ${o.what['en-US']} plan renewed automatically and ${o.amount} was charged${o.validTo ? `; it is valid until ${o.validTo}` : ''}.`,
      },
    };
  const title = ORDER_TITLES[o.type] ?? ORDER_TITLES.new!;
  const valid = (zh: boolean) => (o.validTo ? (zh ? `，有效期至 ${o.validTo}` : `; valid until ${o.validTo}`) : '');
  return {
    title,
    body: o.isRefund
      ? {
          'zh-CN': `订单 ${o.number}（${o.what['zh-CN']}）退款 ${o.amount}。`,
          'en-US': `Order ${o.number} (${o.what['en-US']}): ${o.amount} refunded.`,
        }
      : {
          'zh-CN': `订单 ${o.number}（${o.what['zh-CN']}）金额 ${o.amount}${valid(true)}。`,
          'en-US': `Order ${o.number} (${o.what['en-US']}): amount ${o.amount}${valid(false)}.`,
        },
  };
}

export function renewalReminder(level: TNames, days: number, validTo: string, autoRenew: boolean): Text {
  return {
    title: { 'zh-CN': `支持计划将于 ${days} 天后到期`, 'en-US': `Support plan expires in ${days} day(s)` },
    body: {
      'zh-CN': `您的${level['zh-CN']}支持计划有效期至 ${validTo}${autoRenew ? '，到期将自动续费' : '，请及时续费'}。`,
      'en-US': `Your ${level['en-US']} plan is valid until ${validTo}${autoRenew ? ' and will renew automatically' : '; renew it to keep your entitlements'}.`,
    },
  };
}

/** `autoRenewShort`: the auto-renewal the balance could not pay, by how much (issue 11). */
export function planExpired(fallback: TNames | null, autoRenewShort: string | null = null): Text {
  return {
    title: { 'zh-CN': '支持计划已到期', 'en-US': 'Support plan expired' },
    body: {
      'zh-CN':
        (autoRenewShort ? `余额不足 ${autoRenewShort}，未能自动续费。` : '') +
        (fallback ? `您的支持计划已到期，已恢复为${fallback['zh-CN']}。` : '您的支持计划已到期。'),
      'en-US':
        (autoRenewShort ? `Auto-renew could not be paid: the balance is ${autoRenewShort} short. ` : '') +
        (fallback
          ? `Your support plan expired; the account is back on ${fallback['en-US']}.`
          : 'Your support plan expired.'),
    },
  };
}

/** R-ACC-3: staff approved or rejected an owner's request to link `linkedAccountId`. */
export function linkDecided(decision: 'approve' | 'reject', linkedAccountId: string): Text {
  return {
    title: {
      'zh-CN': decision === 'approve' ? '关联账号已通过' : '关联账号申请被驳回',
      'en-US': decision === 'approve' ? 'Linked account approved' : 'Linked account rejected',
    },
    body: { 'zh-CN': `账号 ${linkedAccountId}`, 'en-US': `Account ${linkedAccountId}` },
  };
}
