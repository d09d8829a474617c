/**
 * The four shipped catalogs (R-CAT-1 … R-CAT-5, R-SUB-5a, R-SUB-6, R-TKT-6): they load, and the facts SPEC states
 * about them outside the appendices hold.
 */
import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/domain/catalog/catalog.js';
import { loadCatalog, SHIPPED_CATALOGS } from '../../src/contexts/catalog/use-cases/load-catalog.js';

const cache = new Map<string, Promise<Catalog>>();
function catalog(id: string): Promise<Catalog> {
  let c = cache.get(id);
  if (!c) cache.set(id, (c = loadCatalog(id)));
  return c;
}

describe('R-CAT-1 shipped catalogs load', () => {
  it.each([
    ['huaweicloud-intl', 'USD', ['basic', 'developer', 'business', 'enterprise_onramp', 'enterprise']],
    ['isoftstone', 'CNY', ['basic', 'dedicated', 'vip']],
    ['huaweicloud-partner', 'CNY', ['basic', 'standard', 'premium']],
    ['ctyun', 'CNY', ['standard', 'light', 'business', 'enterprise']],
  ] as const)('R-CAT-1 %s loads with currency %s and levels lowest first %j', async (id, currency, levels) => {
    const c = await catalog(id);
    expect(c.id).toBe(id);
    expect(c.currency).toEqual({ code: currency, minorUnits: 2 });
    expect(c.levels.map((l) => l.id)).toEqual([...levels]);
    const ranks = c.levels.map((l) => l.rank);
    expect([...ranks].sort((a, b) => a - b)).toEqual(ranks);
    expect(c.timeZone).toBe('Asia/Shanghai');
  });

  it('R-CAT-1 the shipped list names exactly the four catalogs', () => {
    expect([...SHIPPED_CATALOGS].sort()).toEqual(['ctyun', 'huaweicloud-intl', 'huaweicloud-partner', 'isoftstone']);
  });

  it.each([
    ['huaweicloud-intl', 'basic'],
    ['ctyun', 'standard'],
  ])('R-CAT-1 %s free default level is %s', async (id, level) => {
    const c = await catalog(id);
    expect(c.defaultLevel?.id).toBe(level);
    expect(c.defaultLevel?.pricing.model).toBe('free');
    expect(c.levels.filter((l) => l.isDefault)).toHaveLength(1);
  });

  it.each(['isoftstone', 'huaweicloud-partner'])(
    'R-CAT-1 %s has no free default level; its basic level is bought',
    async (id) => {
      const c = await catalog(id);
      expect(c.defaultLevel).toBeNull();
      const basic = c.level('basic');
      expect(basic.isDefault).toBe(false);
      expect(basic.purchasable).toBe(true);
      expect(basic.pricing.model).toBe('fixed');
    },
  );
});

describe('R-CAT-2 prices', () => {
  it.each([
    ['isoftstone', 'basic', 48_000n],
    ['isoftstone', 'dedicated', 2_600_000n],
    ['isoftstone', 'vip', 5_000_000n],
    ['ctyun', 'standard', 0n],
    ['ctyun', 'light', 50_000n],
    ['ctyun', 'business', 2_500_000n],
    ['ctyun', 'enterprise', 5_000_000n],
    ['huaweicloud-intl', 'basic', 0n],
    ['huaweicloud-intl', 'developer', 2_600n],
    ['huaweicloud-intl', 'business', 9_000n],
    ['huaweicloud-intl', 'enterprise', 1_350_000n],
  ] as const)('R-CAT-2 %s %s monthly fee = %s minor units', async (id, level, minor) => {
    const c = await catalog(id);
    expect(c.monthlyFeeMinor(c.level(level))).toBe(minor);
  });

  it('R-CAT-2 fixed-fee catalogs are prepaid; huaweicloud-intl adds the usage tiers', async () => {
    expect((await catalog('isoftstone')).def.subscription.billing).toBe('prepaid');
    expect((await catalog('ctyun')).def.subscription.billing).toBe('prepaid');
    // R-BIL-2: partner plans have no incremental fee.
    expect((await catalog('huaweicloud-partner')).def.subscription.billing).toBe('prepaid');
    for (const l of (await catalog('huaweicloud-partner')).levels) expect(l.pricing.model, l.id).toBe('fixed');
    expect((await catalog('huaweicloud-intl')).def.subscription.billing).toBe('base_plus_usage');
  });

  it('R-SUB-3 ctyun term prices give the seed 004 §3.3.1 upgrade example (600,000 − 12,000 = 588,000.00)', async () => {
    const c = await catalog('ctyun');
    const term = { unit: 'year', count: 2 } as const;
    const business = c.termPriceMinor(c.level('business'), term);
    const light = c.termPriceMinor(c.level('light'), term);
    expect(business).toBe(60_000_000n);
    expect(light).toBe(1_200_000n);
    expect(business - light).toBe(58_800_000n);
  });

  const placeholderPaths: [string, string, string][] = [
    ['huaweicloud-intl', 'levels.3.pricing', 'enterprise on-ramp price'],
    ['huaweicloud-partner', 'levels.0.pricing', 'partner basic price'],
    ['huaweicloud-partner', 'levels.1.pricing', 'partner standard price'],
    ['huaweicloud-partner', 'levels.2.pricing', 'partner premium price'],
    ['huaweicloud-partner', 'addOns.0', 'ticket pack price'],
    ['ctyun', 'levels.3.allowances.0', 'ctyun 重保 level 1 and 2 caps'],
  ];
  it.each(placeholderPaths)('R-CAT-2 %s reports %s as a placeholder (%s)', async (id, path) => {
    const found = (await catalog(id)).placeholders().find((p) => p.path === path);
    expect(found).toBeDefined();
    expect(found!.note).toMatch(/\S/);
  });

  it('R-CAT-2 placeholders sit on the values they name', async () => {
    const intl = await catalog('huaweicloud-intl');
    expect(intl.level('enterprise_onramp').pricing.placeholder).toBe(true);
    const partner = await catalog('huaweicloud-partner');
    for (const l of partner.levels) expect(l.pricing.placeholder, l.id).toBe(true);
    expect(partner.def.addOns.find((a) => a.id === 'ticket_pack')?.placeholder).toBe(true);
  });

  it.each([
    ['isoftstone', 'levels.0.pricing'],
    ['isoftstone', 'levels.1.pricing'],
    ['isoftstone', 'levels.2.pricing'],
    ['ctyun', 'levels.1.pricing'],
    ['ctyun', 'levels.2.pricing'],
    ['ctyun', 'levels.3.pricing'],
    ['huaweicloud-intl', 'levels.1.pricing'],
    ['huaweicloud-intl', 'levels.2.pricing'],
    ['huaweicloud-intl', 'levels.4.pricing'],
  ])('R-CAT-2 %s %s is a sourced price, not a placeholder', async (id, path) => {
    expect((await catalog(id)).placeholders().map((p) => p.path)).not.toContain(path);
  });

  it('R-CAT-2 every placeholder of every shipped catalog carries a note', async () => {
    for (const id of SHIPPED_CATALOGS) {
      for (const p of (await catalog(id)).placeholders()) expect(p.note, `${id} ${p.path}`).toMatch(/\S/);
    }
  });
});

describe('R-SUB-5a terms', () => {
  it.each([
    ['ctyun', 'year', 1, true],
    ['ctyun', 'year', 2, true],
    ['ctyun', 'year', 3, true],
    ['ctyun', 'year', 4, false],
    ['ctyun', 'month', 1, false],
    ['ctyun', 'month', 12, false],
    ['huaweicloud-intl', 'month', 1, true],
    ['huaweicloud-intl', 'month', 9, true],
    ['huaweicloud-intl', 'month', 10, false],
    ['huaweicloud-intl', 'month', 0, false],
    ['huaweicloud-intl', 'year', 1, true],
    ['huaweicloud-intl', 'year', 3, true],
    ['huaweicloud-intl', 'year', 4, false],
  ] as const)('R-SUB-5a %s %s × %s allowed: %s', async (id, unit, count, allowed) => {
    expect((await catalog(id)).termAllowed({ unit, count })).toBe(allowed);
  });
});

describe('R-CAT-5 regions and exclusions', () => {
  const EXCLUDED = [
    'feature:best_practice',
    'service:event_protection',
    'service:availability_check',
    'service:resource_monitoring',
    'feature:monthly_report',
    'notification:phone',
  ];
  it.each(['eu-west-0', 'eu-nl'])(
    'R-CAT-5 huaweicloud-intl enterprise in %s loses exactly the six entitlements',
    async (region) => {
      const c = await catalog('huaweicloud-intl');
      expect(c.region(region)).toBeDefined();
      expect([...c.exclusionsFor(c.level('enterprise'), region)].sort()).toEqual([...EXCLUDED].sort());
    },
  );

  it('R-CAT-5 huaweicloud-intl enterprise keeps message center and email in eu-west-0', async () => {
    const c = await catalog('huaweicloud-intl');
    const ex = c.exclusionsFor(c.level('enterprise'), 'eu-west-0');
    expect(ex.has('notification:message_center')).toBe(false);
    expect(ex.has('notification:email')).toBe(false);
    expect(c.level('enterprise').notifications).toEqual(expect.arrayContaining(['message_center', 'email']));
  });

  it('R-CAT-5 the exclusion is regional and enterprise-only', async () => {
    const c = await catalog('huaweicloud-intl');
    expect(c.exclusionsFor(c.level('enterprise'), 'ap-southeast-1').size).toBe(0);
    expect(c.exclusionsFor(c.level('enterprise_onramp'), 'eu-west-0').size).toBe(0);
  });

  it('R-CAT-5 ctyun serves Chinese only', async () => {
    expect((await catalog('ctyun')).def.locales).toEqual(['zh-CN']);
  });

  it('R-CAT-5 ctyun serves mainland China only, on the CN holiday calendar', async () => {
    const c = await catalog('ctyun');
    expect(c.def.regions.length).toBeGreaterThan(0);
    for (const r of c.def.regions) {
      expect(r.holidayCalendar, r.id).toBe('CN');
      expect(r.id).toMatch(/^cn-/);
    }
    for (const foreign of ['ap-southeast-1', 'eu-west-0', 'cn-hongkong'])
      expect(c.region(foreign), foreign).toBeUndefined();
  });

  it('R-CAT-5 the other catalogs serve both locales', async () => {
    for (const id of ['huaweicloud-intl', 'isoftstone', 'huaweicloud-partner']) {
      expect([...(await catalog(id)).def.locales].sort(), id).toEqual(['en-US', 'zh-CN']);
    }
  });
});

describe('R-CAT-3 entitlements', () => {
  it('R-TKT-6 only huaweicloud-intl business, on-ramp and enterprise have the ticket API', async () => {
    const withApi: string[] = [];
    for (const id of SHIPPED_CATALOGS)
      for (const l of (await catalog(id)).levels) if (l.ticketApi) withApi.push(`${id}/${l.id}`);
    expect(withApi.sort()).toEqual([
      'huaweicloud-intl/business',
      'huaweicloud-intl/enterprise',
      'huaweicloud-intl/enterprise_onramp',
    ]);
  });

  it.each([
    ['isoftstone', 'dedicated', 'im_group', '5x8'],
    ['isoftstone', 'vip', 'im_group', '5x8'],
    ['isoftstone', 'vip', 'tam', '5x8'],
    ['huaweicloud-partner', 'premium', 'tam', '5x8'],
    ['huaweicloud-partner', 'standard', 'im_group', '7x24'],
    ['ctyun', 'light', 'im_group', '7x8'],
    ['ctyun', 'business', 'vip_manager', '5x8'],
    ['ctyun', 'enterprise', 'vip_manager', '5x8'],
    ['ctyun', 'light', 'vip_line', '7x24'],
  ])('R-TKT-4 %s %s technical channel %s is open %s', async (id, level, channel, hours) => {
    const l = (await catalog(id)).level(level);
    expect(l.technical?.channels.find((ch) => ch.channel === channel)?.hours).toBe(hours);
  });

  it.each([
    ['isoftstone', 'basic', ['im_group', 'tam', 'vip_line']],
    ['isoftstone', 'dedicated', ['tam']],
    ['ctyun', 'standard', ['im_group', 'vip_line', 'vip_manager']],
    ['ctyun', 'light', ['vip_manager']],
    ['huaweicloud-partner', 'standard', ['tam']],
  ] as const)('R-TKT-4 %s %s does not offer %j', async (id, level, channels) => {
    const l = (await catalog(id)).level(level);
    const offered = [...(l.technical?.channels ?? []), ...l.nonTechnical.channels].map((c) => c.channel);
    for (const ch of channels) expect(offered, ch).not.toContain(ch);
  });

  it('R-CAT-3 ctyun 7x8 is every day of the week, 5x8 working days (both placeholders)', async () => {
    const c = await catalog('ctyun');
    expect(c.serviceHours('7x8')).toMatchObject({
      kind: 'windows',
      days: [1, 2, 3, 4, 5, 6, 7],
      workingDaysOnly: false,
      placeholder: true,
    });
    expect(c.serviceHours('5x8')).toMatchObject({
      kind: 'windows',
      days: [1, 2, 3, 4, 5],
      workingDaysOnly: true,
      placeholder: true,
    });
  });

  it.each([
    ['ctyun', 'standard', 'engineer', 'customer_service', null],
    ['ctyun', 'light', 'senior_engineer', 'vip_agent', 3],
    ['ctyun', 'business', 'principal_engineer', 'vip_agent', 2],
    ['ctyun', 'enterprise', 'expert', 'vip_agent', 1],
    ['isoftstone', 'basic', 'engineer', undefined, null],
    ['isoftstone', 'dedicated', 'expert', undefined, null],
    ['isoftstone', 'vip', 'senior_expert', undefined, null],
  ] as const)(
    'R-CAT-3 %s %s handled by %s, answered by %s, restoration priority %s',
    async (id, level, handler, responder, restoration) => {
      const l = (await catalog(id)).level(level);
      expect(l.handler).toBe(handler);
      expect(l.responder).toBe(responder);
      expect(l.restorationPriority).toBe(restoration);
    },
  );

  it.each([
    ['basic', null],
    ['standard', 2],
    ['premium', 1],
  ] as const)('R-CAT-3 huaweicloud-partner %s resolution priority %s (一般 = 2, 高 = 1)', async (level, priority) => {
    expect((await catalog('huaweicloud-partner')).level(level).resolutionPriority).toBe(priority);
  });

  it.each([
    ['standard', ['announcement', 'message_center', 'email']],
    ['light', ['announcement', 'message_center', 'email']],
    ['business', ['announcement', 'message_center', 'email', 'vip_agent_call']],
    ['enterprise', ['announcement', 'message_center', 'email', 'dedicated_manager']],
  ] as const)('R-CAT-3 ctyun %s notification channels %j', async (level, channels) => {
    expect((await catalog('ctyun')).level(level).notifications).toEqual([...channels]);
  });

  it('R-CAT-3 isoftstone third-party software support at every level; ctyun at none', async () => {
    for (const l of (await catalog('isoftstone')).levels)
      expect(
        l.features.map((f) => f.id),
        l.id,
      ).toContain('third_party_software');
    const ctyun = await catalog('ctyun');
    expect(ctyun.def.features.map((f) => f.id)).not.toContain('third_party_software');
  });

  it('R-CAT-3 ctyun meetings and customer events', async () => {
    const c = await catalog('ctyun');
    const ids = (l: string) => c.level(l).features.map((f) => f.id);
    expect(ids('business')).toContain('service_meetings');
    expect(ids('enterprise')).toEqual(expect.arrayContaining(['service_meetings', 'customer_events']));
    expect(ids('light')).not.toContain('service_meetings');
    expect(ids('business')).not.toContain('customer_events');
  });

  it('R-TKT-1 partner tickets may name the end customer; other catalogs do not', async () => {
    expect((await catalog('huaweicloud-partner')).def.ticketEndCustomer).toBe('required');
    for (const id of ['huaweicloud-intl', 'isoftstone', 'ctyun'])
      expect((await catalog(id)).def.ticketEndCustomer ?? 'none', id).toBe('none');
  });

  it('R-RPT-1 isoftstone sends before the 10th to the registered email and named addresses; partner sends none', async () => {
    expect((await catalog('isoftstone')).def.reports).toMatchObject({
      due: { kind: 'calendar_day', day: 10 },
      startsMonthAfterJoining: false,
      recipients: ['registered_email', 'requested_addresses'],
    });
    expect((await catalog('huaweicloud-partner')).def.reports).toBeNull();
  });
});

describe('R-SUB-4 / R-SUB-6 change and refund rules', () => {
  it.each(SHIPPED_CATALOGS)(
    'R-SUB-4 %s refuses more than 2 level changes in 30 days, handling fee 0.00',
    async (id) => {
      const s = (await catalog(id)).def.subscription;
      expect(s.levelChanges).toEqual({ max: 2, windowDays: 30 });
      expect(s.handlingFee).toBe('0.00');
    },
  );

  it.each(['isoftstone', 'huaweicloud-partner'])(
    "R-SUB-6 %s uses Huawei's rules: seven reasons, validity to the end of day",
    async (id) => {
      const huawei = await catalog('huaweicloud-intl');
      const c = await catalog(id);
      expect(c.def.unsubscribeReasons).toEqual(huawei.def.unsubscribeReasons);
      expect(c.def.unsubscribeReasons).toHaveLength(7);
      expect(c.def.subscription.validity).toBe('end_of_day');
    },
  );

  it("R-SUB-6 ctyun: Tianyi's six reasons, 'other' needs text; validity at the same time of day", async () => {
    const c = await catalog('ctyun');
    expect(c.def.unsubscribeReasons.map((r) => r.id)).toEqual([
      'wrong_parameters',
      'features_insufficient',
      'better_value_elsewhere',
      'wrong_region',
      'unrepairable_fault',
      'other',
    ]);
    expect(c.def.unsubscribeReasons.filter((r) => r.requiresText).map((r) => r.id)).toEqual(['other']);
    expect(c.def.subscription.validity).toBe('same_time_of_day');
  });

  it('R-ACC-3 ctyun shares nothing', async () => {
    const c = await catalog('ctyun');
    expect(c.def.subscription.sharing).toBe(false);
    for (const l of c.levels) expect(l.shareable, l.id).toBe(false);
  });

  it('R-CAT-1 paid levels can be unsubscribed; free defaults cannot', async () => {
    for (const id of SHIPPED_CATALOGS) {
      for (const l of (await catalog(id)).levels) expect(l.unsubscribable, `${id} ${l.id}`).toBe(!l.isDefault);
    }
  });
});
