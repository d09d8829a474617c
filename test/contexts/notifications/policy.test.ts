/**
 * R-NTF-1 notification policy: which channels one event reaches, per catalog level and region (pure).
 */
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { Catalog } from '../../../src/domain/catalog/catalog.js';
import { loadCatalog } from '../../../src/contexts/catalog/use-cases/load-catalog.js';
import {
  accountNotificationEffects,
  notificationPolicy,
  staffNotificationEffects,
} from '../../../src/contexts/notifications/use-cases/notify.js';
import { webhookEventId, WEBHOOK_EVENTS } from '../../../src/contexts/notifications/domain/webhook.js';

const title = { 'zh-CN': '工单已回复', 'en-US': 'Ticket replied' };
const body = { 'zh-CN': '工程师回复了您的工单。', 'en-US': 'An engineer replied to your ticket.' };
const catalogs = new Map<string, Catalog>();

beforeAll(async () => {
  for (const id of ['huaweicloud-intl', 'huaweicloud-partner', 'isoftstone', 'ctyun'])
    catalogs.set(id, await loadCatalog(id));
  // The made-up fifth catalog: its channels are `inbox`, `mail` and `pager`, with their kinds.
  catalogs.set('acme', await loadCatalog(fileURLToPath(new URL('../../fixtures/catalogs/acme.yaml', import.meta.url))));
});

function effectsFor(
  catalogId: string,
  levelId: string | null,
  region: string,
  locale = 'en-US',
  extra: Partial<Parameters<typeof accountNotificationEffects>[0]> = {},
) {
  const catalog = catalogs.get(catalogId)!;
  return accountNotificationEffects({
    catalog,
    account: { id: 'acc_1', tenantId: 'acc_1', email: 'ops@example.com', region, locale, phone: '+8613800000000' },
    level: levelId ? catalog.level(levelId) : null,
    kind: 'ticket.replied',
    dedupeKey: 'ticket:tkt_1:reply:rpl_1',
    title,
    body,
    data: { ticketId: 'tkt_1' },
    ...extra,
  });
}

const cases = [
  {
    name: 'R-NTF-1 huaweicloud-intl enterprise in cn-north-4: message center, email, phone',
    catalog: 'huaweicloud-intl',
    level: 'enterprise',
    region: 'cn-north-4',
    topics: ['message.create', 'email.send', 'sms.send'],
  },
  {
    name: 'R-NTF-1/R-CAT-5 huaweicloud-intl enterprise in eu-west-0: phone is excluded',
    catalog: 'huaweicloud-intl',
    level: 'enterprise',
    region: 'eu-west-0',
    topics: ['message.create', 'email.send'],
  },
  {
    name: 'R-NTF-1/R-CAT-5 huaweicloud-intl enterprise in eu-nl: phone is excluded',
    catalog: 'huaweicloud-intl',
    level: 'enterprise',
    region: 'eu-nl',
    topics: ['message.create', 'email.send'],
  },
  {
    name: 'R-NTF-1 huaweicloud-intl business: message center and email',
    catalog: 'huaweicloud-intl',
    level: 'business',
    region: 'cn-north-4',
    topics: ['message.create', 'email.send'],
  },
  {
    name: 'R-NTF-1 huaweicloud-intl basic: message center and email',
    catalog: 'huaweicloud-intl',
    level: 'basic',
    region: 'eu-west-0',
    topics: ['message.create', 'email.send'],
  },
  {
    name: 'R-NTF-1 no plan: message center and email (every account)',
    catalog: 'isoftstone',
    level: null,
    region: null,
    topics: ['message.create', 'email.send'],
  },
  {
    name: 'R-NTF-1 partner premium: message center and email',
    catalog: 'huaweicloud-partner',
    level: 'premium',
    region: null,
    topics: ['message.create', 'email.send'],
  },
  {
    name: 'R-NTF-1 ctyun business: the VIP desk calls by hand, no SMS effect',
    catalog: 'ctyun',
    level: 'business',
    region: 'cn-huadong1',
    topics: ['message.create', 'email.send'],
  },
  {
    name: 'R-NTF-1 acme community [inbox]: the message center only',
    catalog: 'acme',
    level: 'community',
    region: 'eu-de-fra',
    topics: ['message.create'],
  },
  {
    name: 'R-NTF-1 acme builder [inbox, mail]: `mail` is of kind email',
    catalog: 'acme',
    level: 'builder',
    region: 'eu-de-fra',
    topics: ['message.create', 'email.send'],
  },
  {
    name: 'R-NTF-1 acme mission_critical [inbox, mail, pager]: `pager` is of kind sms',
    catalog: 'acme',
    level: 'mission_critical',
    region: 'eu-de-fra',
    topics: ['message.create', 'email.send', 'sms.send'],
  },
  {
    name: 'R-NTF-1/R-CAT-5 acme mission_critical in eu-ie-dub: notification:pager is excluded',
    catalog: 'acme',
    level: 'mission_critical',
    region: 'eu-ie-dub',
    topics: ['message.create', 'email.send'],
  },
  {
    name: 'R-NTF-1 acme without a plan: the message center and the email-kind channel',
    catalog: 'acme',
    level: null,
    region: 'eu-de-fra',
    topics: ['message.create', 'email.send'],
  },
] as const;

describe('accountNotificationEffects', () => {
  it.each(cases)('$name', (c) => {
    const region = c.region ?? catalogs.get(c.catalog)!.def.regions[0]!.id;
    expect(effectsFor(c.catalog, c.level, region).map((e) => e.topic)).toEqual(c.topics);
  });

  it('R-NTF-1 every effect of every catalog level carries a distinct dedupe key built from the cause', () => {
    for (const [id, catalog] of catalogs) {
      for (const level of catalog.levels) {
        for (const region of catalog.def.regions) {
          const effects = effectsFor(id, level.id, region.id, catalog.def.locales[0], {
            webhookEvent: { type: 'ticket.replied', payload: {} },
          });
          expect(effects[0]!.topic).toBe('message.create');
          const keys = effects.map((e) => e.dedupeKey);
          expect(new Set(keys).size).toBe(keys.length);
          for (const k of keys) expect(k).toContain('ticket:tkt_1:reply:rpl_1');
          for (const e of effects) expect(e.tenantId).toBe('acc_1');
        }
      }
    }
  });

  it('R-NTF-1 email and SMS are written in the account locale; the message center keeps both', () => {
    const zh = effectsFor('huaweicloud-intl', 'enterprise', 'cn-north-4', 'zh-CN');
    expect(zh.find((e) => e.topic === 'email.send')!.payload).toMatchObject({
      to: 'ops@example.com',
      locale: 'zh-CN',
      subject: '工单已回复',
      text: '工程师回复了您的工单。',
    });
    expect(zh.find((e) => e.topic === 'sms.send')!.payload).toMatchObject({
      to: '+8613800000000',
      channels: ['phone'],
      text: '工单已回复\n工程师回复了您的工单。',
    });
    expect(zh.find((e) => e.topic === 'message.create')!.payload).toMatchObject({
      title,
      body,
      accountId: 'acc_1',
      data: { ticketId: 'tkt_1' },
    });
    const en = effectsFor('huaweicloud-intl', 'enterprise', 'cn-north-4', 'en-US');
    expect(en.find((e) => e.topic === 'email.send')!.payload).toMatchObject({
      locale: 'en-US',
      subject: 'Ticket replied',
      text: 'An engineer replied to your ticket.',
    });
  });

  it('a locale the catalog does not serve falls back to its first locale', () => {
    const fx = effectsFor('ctyun', 'business', 'cn-huadong1', 'en-US');
    expect(fx.find((e) => e.topic === 'email.send')!.payload).toMatchObject({ locale: 'zh-CN', subject: '工单已回复' });
  });

  it('R-NTF-1 a level listing `sms` gets one sms.send for sms and phone together, unless the region excludes both', () => {
    const base = catalogs.get('huaweicloud-intl')!;
    const def = structuredClone(base.def) as unknown as {
      notificationChannels: { id: string; names: object }[];
      levels: {
        id: string;
        notifications: string[];
        regionalExclusions: { regions: string[]; entitlements: string[] }[];
      }[];
    };
    def.notificationChannels.push({ id: 'sms', names: { 'zh-CN': '短信', 'en-US': 'SMS' } });
    const ent = def.levels.find((l) => l.id === 'enterprise')!;
    ent.notifications.push('sms');
    const catalog = new Catalog(def as never);
    const run = (region: string) =>
      accountNotificationEffects({
        catalog,
        account: { id: 'a', tenantId: 'a', email: 'x@example.com', region, locale: 'en-US' },
        level: catalog.level('enterprise'),
        kind: 'k',
        dedupeKey: 'd',
        title,
        body,
      });
    const cn = run('cn-north-4');
    expect(cn.filter((e) => e.topic === 'sms.send')).toHaveLength(1);
    expect(cn.find((e) => e.topic === 'sms.send')!.payload).toMatchObject({ to: null, channels: ['sms', 'phone'] });
    // eu-west-0 excludes notification:phone only: the SMS stays.
    expect(run('eu-west-0').find((e) => e.topic === 'sms.send')!.payload).toMatchObject({ channels: ['sms'] });
  });

  it('R-NTF-1 channels are delivered by kind, not id: acme `pager` (kind sms) is one sms.send standing for sms; its `mail` reaches the account email', () => {
    const fx = effectsFor('acme', 'mission_critical', 'eu-de-fra', 'en-US');
    expect(fx.find((e) => e.topic === 'sms.send')!.payload).toMatchObject({
      channels: ['sms'],
      to: '+8613800000000',
      text: 'Ticket replied\nAn engineer replied to your ticket.',
    });
    expect(fx.find((e) => e.topic === 'email.send')!.payload).toMatchObject({
      to: 'ops@example.com',
      subject: 'Ticket replied',
    });
  });

  it('R-NTF-1 a channel kind defaults to its id when the id names a kind, else the channel is not delivered by Tierdesk', () => {
    const acme = catalogs.get('acme')!;
    expect(['inbox', 'mail', 'pager', 'nope'].map((id) => acme.notificationKind(id))).toEqual([
      'message_center',
      'email',
      'sms',
      null,
    ]);
    const intl = catalogs.get('huaweicloud-intl')!;
    expect(intl.def.notificationChannels.map((n) => [n.id, intl.notificationKind(n.id)])).toEqual([
      ['message_center', 'message_center'],
      ['email', 'email'],
      ['phone', 'phone'],
      ['sms', 'sms'],
    ]);
    const ctyun = catalogs.get('ctyun')!;
    expect(ctyun.def.notificationChannels.map((n) => ctyun.notificationKind(n.id))).toEqual([
      null,
      'message_center',
      'email',
      // 专席人工 / 专属经理人工: staff call the account (call tasks), Tierdesk sends nothing itself.
      'staff_call',
      'staff_call',
    ]);
    // A kind set on a channel wins over its id: here the id `email` is delivered as SMS.
    const def = structuredClone(intl.def) as unknown as { notificationChannels: { id: string; kind?: string }[] };
    def.notificationChannels.find((n) => n.id === 'email')!.kind = 'sms';
    const renamed = new Catalog(def as never);
    const fx = accountNotificationEffects({
      catalog: renamed,
      account: { id: 'a', tenantId: 'a', email: 'x@example.com', region: 'cn-north-4', locale: 'en-US' },
      level: renamed.level('business'),
      kind: 'k',
      dedupeKey: 'd',
      title,
      body,
    });
    expect(fx.map((e) => e.topic)).toEqual(['message.create', 'sms.send']);
  });

  it('R-TKT-6 a webhook event adds one webhook.fanout whose event id is derived from the dedupe key', () => {
    const at = new Date('2026-03-06T09:00:00Z');
    const fx = effectsFor('huaweicloud-intl', 'basic', 'cn-north-4', 'en-US', {
      webhookEvent: { type: 'ticket.replied', payload: { ticket: { id: 'tkt_1' } }, occurredAt: at },
    });
    const fan = fx.filter((e) => e.topic === 'webhook.fanout');
    expect(fan).toHaveLength(1);
    expect(fan[0]).toMatchObject({
      dedupeKey: 'whk:ticket:tkt_1:reply:rpl_1',
      payload: {
        tenantId: 'acc_1',
        accountId: 'acc_1',
        type: 'ticket.replied',
        eventId: webhookEventId('ticket:tkt_1:reply:rpl_1'),
        timestamp: at.toISOString(),
        data: { ticket: { id: 'tkt_1' } },
      },
    });
    expect(webhookEventId('ticket:tkt_1:reply:rpl_1')).toMatch(/^evt_[0-9a-f]{26}$/);
    expect(webhookEventId('ticket:tkt_1:reply:rpl_2')).not.toBe(webhookEventId('ticket:tkt_1:reply:rpl_1'));
  });

  it('R-TKT-6 webhookOnly: only the webhook fan-out (no message, no mail)', () => {
    const fx = effectsFor('huaweicloud-intl', 'enterprise', 'cn-north-4', 'en-US', {
      webhookOnly: true,
      webhookEvent: { type: 'ticket.replied', payload: {} },
    });
    expect(fx.map((e) => e.topic)).toEqual(['webhook.fanout']);
  });

  it('an unknown webhook event type is refused where it is written', () => {
    expect(() =>
      effectsFor('huaweicloud-intl', 'basic', 'cn-north-4', 'en-US', {
        webhookEvent: { type: 'ticket.replyed', payload: {} },
      }),
    ).toThrow(/unknown webhook event/);
    expect(WEBHOOK_EVENTS).toContain('ticket.sla_breached');
  });

  it('notificationPolicy(catalog) is the same policy as a port', () => {
    const catalog = catalogs.get('huaweicloud-intl')!;
    const notice = {
      account: { id: 'acc_1', tenantId: 'acc_1', email: 'ops@example.com', region: 'cn-north-4', locale: 'en-US' },
      level: catalog.level('enterprise'),
      kind: 'k',
      dedupeKey: 'd',
      title,
      body,
      data: {},
    };
    expect(notificationPolicy(catalog).customer(notice)).toEqual(accountNotificationEffects({ ...notice, catalog }));
  });
});

describe('staffNotificationEffects', () => {
  it('one inbox message per distinct staff user, keyed per user', () => {
    const fx = staffNotificationEffects({
      tenantId: 'acc_1',
      accountId: 'acc_2',
      userIds: ['usr_a', 'usr_b', 'usr_a'],
      kind: 'sla.warning',
      dedupeKey: 'sla:tkt_1:warning',
      title,
      body,
      data: { ticketId: 'tkt_1' },
    });
    expect(fx).toHaveLength(2);
    expect(fx.map((e) => e.dedupeKey)).toEqual(['msg:sla:tkt_1:warning:to:usr_a', 'msg:sla:tkt_1:warning:to:usr_b']);
    expect(fx[0]).toMatchObject({
      topic: 'message.create',
      tenantId: 'acc_1',
      payload: { tenantId: 'acc_1', accountId: 'acc_2', recipientUserId: 'usr_a', kind: 'sla.warning' },
    });
  });

  it('without an account id the message concerns the tenant root account', () => {
    const [e] = staffNotificationEffects({
      tenantId: 'acc_root',
      userIds: ['usr_a'],
      kind: 'k',
      dedupeKey: 'd',
      title,
      body,
    });
    expect(e!.payload).toMatchObject({ tenantId: 'acc_root', accountId: 'acc_root', recipientUserId: 'usr_a' });
  });
});
