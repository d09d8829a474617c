/**
 * SPEC Appendix B (normative): every value-added allowance of every shipped catalog — amount, unit, condition
 * (grants), lead time, duration and whether applying locks the order (R-SR-2, R-SR-3, R-SUB-7) — one test per cell.
 */
import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/domain/catalog/catalog.js';
import type { ServiceType, TAllowance } from '../../src/domain/catalog/catalog-schema.js';
import { loadCatalog } from '../../src/contexts/catalog/use-cases/load-catalog.js';

const cache = new Map<string, Promise<Catalog>>();
function catalog(id: string): Promise<Catalog> {
  let c = cache.get(id);
  if (!c) cache.set(id, (c = loadCatalog(id)));
  return c;
}
/** The single allowance a level has for a service (fails when there is none or several). */
async function allowance(catalogId: string, levelId: string, service: ServiceType): Promise<TAllowance> {
  const c = await catalog(catalogId);
  const found = c.allowancesFor(c.level(levelId), service);
  expect(found, `${catalogId} ${levelId} ${service}`).toHaveLength(1);
  return found[0]!;
}
async function service(catalogId: string, id: ServiceType) {
  const s = (await catalog(catalogId)).service(id);
  expect(s, `${catalogId} service ${id}`).toBeDefined();
  return s!;
}

describe('SPEC Appendix B: huaweicloud-intl enterprise', () => {
  it('Appendix B huaweicloud-intl enterprise event protection: 3 natural days a year, 1 after 6 continuous months (part of the 3)', async () => {
    const a = await allowance('huaweicloud-intl', 'enterprise', 'event_protection');
    expect(a).toMatchObject({ unit: 'days', amount: 3, period: 'subscription_year' });
    expect(a.grants).toEqual(
      expect.arrayContaining([
        { amount: 3, when: 'yearly_purchase' },
        { amount: 3, when: { continuousMonths: 12 } },
        { amount: 1, when: { continuousMonths: 6 } },
      ]),
    );
    expect(a.grants).toHaveLength(3);
  });

  it('Appendix B huaweicloud-intl enterprise event protection: advise 10 wd (warning), whole days, locks', async () => {
    const s = await service('huaweicloud-intl', 'event_protection');
    expect(s.leadTime).toEqual({ count: 10, unit: 'working_days', advisory: true });
    expect(s.wholeDays).toBe(true);
    expect(s.locksOrder).toBe(true);
  });

  it.each(['availability_check', 'resource_monitoring'] as const)(
    'Appendix B huaweicloud-intl enterprise %s: 1 a year, yearly purchase only, 3 wd, locks',
    async (id) => {
      const a = await allowance('huaweicloud-intl', 'enterprise', id);
      expect(a).toMatchObject({ unit: 'requests', amount: 1, period: 'subscription_year' });
      expect(a.grants).toEqual([{ amount: 1, when: 'yearly_purchase' }]);
      const s = await service('huaweicloud-intl', id);
      expect(s.leadTime).toEqual({ count: 3, unit: 'working_days', advisory: false });
      expect(s.locksOrder).toBe(true);
    },
  );

  it('Appendix B huaweicloud-intl enterprise monthly report, best practice, notification: monthly, not eu-west-0 / eu-nl', async () => {
    const c = await catalog('huaweicloud-intl');
    const ent = c.level('enterprise');
    expect(ent.features.map((f) => f.id)).toEqual(expect.arrayContaining(['monthly_report', 'best_practice']));
    expect(ent.notifications).toContain('phone');
    for (const region of ['eu-west-0', 'eu-nl']) {
      const ex = c.exclusionsFor(ent, region);
      for (const key of ['feature:monthly_report', 'feature:best_practice', 'notification:phone'])
        expect(ex.has(key), `${region} ${key}`).toBe(true);
    }
    expect(c.exclusionsFor(ent, 'ap-southeast-3').size).toBe(0);
  });

  it('Appendix B huaweicloud-intl enterprise monthly report: before the 10th', async () => {
    expect((await catalog('huaweicloud-intl')).def.reports?.due).toEqual({ kind: 'calendar_day', day: 10 });
  });

  it('Appendix B huaweicloud-intl: only enterprise has allowances', async () => {
    const c = await catalog('huaweicloud-intl');
    for (const l of c.levels) expect(l.allowances.length > 0, l.id).toBe(l.id === 'enterprise');
  });
});

describe('SPEC Appendix B: isoftstone', () => {
  it('Appendix B isoftstone dedicated event protection: 1 application of 1 natural day a year, yearly purchase only', async () => {
    const a = await allowance('isoftstone', 'dedicated', 'event_protection');
    expect(a).toMatchObject({ unit: 'days', amount: 1, period: 'subscription_year', maxDaysPerRequest: 1 });
    expect(a.grants).toEqual([{ amount: 1, when: 'yearly_purchase' }]);
  });

  it('Appendix B isoftstone VIP event protection: 3 natural days a year, whole days, yearly purchase only', async () => {
    const a = await allowance('isoftstone', 'vip', 'event_protection');
    expect(a).toMatchObject({ unit: 'days', amount: 3, period: 'subscription_year' });
    expect(a.grants).toEqual([{ amount: 3, when: 'yearly_purchase' }]);
    expect(a.maxDaysPerRequest).toBeUndefined();
  });

  it('Appendix B isoftstone event protection: advise 10 wd (warning), whole days, locks', async () => {
    const s = await service('isoftstone', 'event_protection');
    expect(s.leadTime).toEqual({ count: 10, unit: 'working_days', advisory: true });
    expect(s.wholeDays).toBe(true);
    expect(s.locksOrder).toBe(true);
  });

  it.each(['availability_check', 'resource_monitoring'] as const)(
    'Appendix B isoftstone VIP %s: 1 a year, yearly purchase only, 3 wd, locks',
    async (id) => {
      const a = await allowance('isoftstone', 'vip', id);
      expect(a).toMatchObject({ unit: 'requests', amount: 1, period: 'subscription_year' });
      expect(a.grants).toEqual([{ amount: 1, when: 'yearly_purchase' }]);
      const s = await service('isoftstone', id);
      expect(s.leadTime).toEqual({ count: 3, unit: 'working_days', advisory: false });
      expect(s.locksOrder).toBe(true);
    },
  );

  it('Appendix B isoftstone: basic has no allowances; dedicated only event protection', async () => {
    const c = await catalog('isoftstone');
    expect(c.level('basic').allowances).toEqual([]);
    expect(c.level('dedicated').allowances.map((a) => a.service)).toEqual(['event_protection']);
  });
});

describe('SPEC Appendix B: huaweicloud-partner', () => {
  it.each([
    ['standard', 4],
    ['premium', 8],
  ] as const)(
    'Appendix B huaweicloud-partner %s key-event protection: %s natural days a year, yearly purchase only',
    async (l, days) => {
      const a = await allowance('huaweicloud-partner', l, 'event_protection');
      expect(a).toMatchObject({ unit: 'days', amount: days, period: 'subscription_year' });
      expect(a.grants).toEqual([{ amount: days, when: 'yearly_purchase' }]);
    },
  );

  it('Appendix B huaweicloud-partner key-event protection: 5 wd (hard), whole days, no lock', async () => {
    const s = await service('huaweicloud-partner', 'event_protection');
    expect(s.leadTime).toEqual({ count: 5, unit: 'working_days', advisory: false });
    expect(s.wholeDays).toBe(true);
    expect(s.locksOrder).toBe(false);
  });

  it.each([
    ['standard', 4],
    ['premium', 8],
  ] as const)(
    'Appendix B huaweicloud-partner %s architecture consulting: %s working days a year, no condition',
    async (l, days) => {
      const a = await allowance('huaweicloud-partner', l, 'architecture_consulting');
      expect(a).toMatchObject({ unit: 'working_days', amount: days, period: 'subscription_year' });
      expect(a.grants).toBeUndefined();
    },
  );

  it('Appendix B huaweicloud-partner architecture consulting: 3 wd, starts on a working day, whole days, no lock', async () => {
    const s = await service('huaweicloud-partner', 'architecture_consulting');
    expect(s.leadTime).toEqual({ count: 3, unit: 'working_days', advisory: false });
    expect(s.startsOnWorkingDay).toBe(true);
    expect(s.wholeDays).toBe(true);
    expect(s.locksOrder).toBe(false);
  });

  it('Appendix B huaweicloud-partner training: 1 online group training a month (standard, premium), premium + 1 on-site a year', async () => {
    const c = await catalog('huaweicloud-partner');
    const feature = (l: string, id: string) => c.level(l).features.find((f) => f.id === id);
    for (const l of ['standard', 'premium']) {
      expect(feature(l, 'training_online_group')?.quantity).toEqual({ amount: 1, period: 'natural_month' });
    }
    expect(feature('premium', 'training_onsite')?.quantity).toEqual({ amount: 1, period: 'subscription_year' });
    expect(feature('standard', 'training_onsite')).toBeUndefined();
  });

  it('Appendix B huaweicloud-partner basic: no allowances', async () => {
    expect((await catalog('huaweicloud-partner')).level('basic').allowances).toEqual([]);
  });
});

describe('SPEC Appendix B: ctyun', () => {
  it.each([
    ['light', 1, [3]],
    ['business', 4, [3]],
    ['enterprise', 4, [1, 2, 3]],
  ] as const)('Appendix B ctyun %s 重保: at most %s requests a year of levels %j', async (l, amount, levels) => {
    const a = await allowance('ctyun', l, 'event_protection');
    expect(a).toMatchObject({ unit: 'requests', amount, period: 'subscription_year' });
    expect(a.protectionLevels).toEqual(levels);
    expect(a.grants).toBeUndefined();
  });

  it('Appendix B ctyun enterprise 重保: level 1 and 2 limits are catalog placeholders (1 and 2)', async () => {
    const c = await catalog('ctyun');
    const a = await allowance('ctyun', 'enterprise', 'event_protection');
    expect(a.perProtectionLevel).toEqual({ '1': 1, '2': 2 });
    expect(a.placeholder).toBe(true);
    expect(c.placeholders().map((p) => p.path)).toContain('levels.3.allowances.0');
  });

  it.each([
    [1, 14, 3],
    [2, 7, 5],
    [3, 5, 10],
  ] as const)('Appendix B ctyun 重保 level %s: ≥ %s days ahead (a limit), ≤ %s days', async (pl, lead, max) => {
    const p = (await service('ctyun', 'event_protection')).protectionLevels?.find((x) => x.level === pl);
    expect(p?.leadTime).toEqual({ count: lead, unit: 'days', advisory: false });
    expect(p?.maxDays).toBe(max);
  });

  it('Appendix B ctyun: no service locks the order', async () => {
    const c = await catalog('ctyun');
    expect(c.def.services.length).toBeGreaterThan(0);
    for (const s of c.def.services) expect(s.locksOrder, s.id).toBe(false);
  });

  it('Appendix B ctyun light availability check: on joining (proactive)', async () => {
    const a = await allowance('ctyun', 'light', 'availability_check');
    expect(a).toMatchObject({ amount: null, delivery: ['proactive'], proactiveScenarios: ['joining'] });
    expect(a.applicationScenarios).toBeUndefined();
    expect(
      (await catalog('ctyun')).allowancesFor((await catalog('ctyun')).level('light'), 'resource_monitoring'),
    ).toEqual([]);
  });

  it.each(['availability_check', 'resource_monitoring'] as const)(
    'Appendix B ctyun business %s: on joining (proactive); with each 重保 or major change (on application)',
    async (id) => {
      const a = await allowance('ctyun', 'business', id);
      expect(a.amount).toBeNull();
      expect([...a.delivery].sort()).toEqual(['on_application', 'proactive']);
      expect(a.proactiveScenarios).toEqual(['joining']);
      expect(a.applicationScenarios).toEqual(['major_event', 'major_change']);
    },
  );

  it.each(['availability_check', 'resource_monitoring'] as const)(
    'Appendix B ctyun enterprise %s: on joining, with each 重保 and major change, and yearly (proactive)',
    async (id) => {
      const a = await allowance('ctyun', 'enterprise', id);
      expect(a).toMatchObject({ amount: null, delivery: ['proactive'] });
      expect(a.proactiveScenarios).toEqual(['joining', 'major_event', 'major_change', 'yearly']);
    },
  );

  it('Appendix B ctyun enterprise ICP filing done for the customer: 3', async () => {
    const a = await allowance('ctyun', 'enterprise', 'icp_filing');
    expect(a).toMatchObject({ unit: 'requests', amount: 3, period: 'subscription_year', delivery: ['on_application'] });
    const c = await catalog('ctyun');
    for (const l of ['standard', 'light', 'business']) expect(c.allowancesFor(c.level(l), 'icp_filing'), l).toEqual([]);
  });

  it.each(['architecture_consulting', 'cloud_configuration'] as const)(
    'Appendix B ctyun business / enterprise %s: on application (business: staff approve) / on demand',
    async (id) => {
      const b = await allowance('ctyun', 'business', id);
      expect(b).toMatchObject({ amount: null, delivery: ['on_application'], requiresStaffApproval: true });
      const e = await allowance('ctyun', 'enterprise', id);
      expect(e.amount).toBeNull();
      expect(e.requiresStaffApproval ?? false).toBe(false);
      const c = await catalog('ctyun');
      expect(c.allowancesFor(c.level('light'), id)).toEqual([]);
    },
  );

  it('Appendix B ctyun enterprise on-site visit: 1 a year + on demand', async () => {
    const c = await catalog('ctyun');
    const visits = c.allowancesFor(c.level('enterprise'), 'onsite_visit');
    expect(visits).toHaveLength(2);
    expect(visits.find((v) => v.amount === 1)).toMatchObject({
      period: 'subscription_year',
      delivery: ['proactive'],
      proactiveScenarios: ['yearly'],
    });
    expect(visits.find((v) => v.amount === null)).toMatchObject({
      delivery: ['on_application'],
      applicationScenarios: ['on_demand'],
    });
    expect(c.allowancesFor(c.level('business'), 'onsite_visit')).toEqual([]);
  });

  it('Appendix B ctyun enterprise monthly report: from the month after joining, to the named mailbox, by the 15th working day', async () => {
    const c = await catalog('ctyun');
    expect(c.def.reports).toMatchObject({
      due: { kind: 'working_day', day: 15 },
      startsMonthAfterJoining: true,
      recipients: ['requested_addresses'],
    });
    for (const l of c.levels)
      expect(
        l.features.some((f) => f.id === 'monthly_report'),
        l.id,
      ).toBe(l.id === 'enterprise');
  });

  it.each([
    ['standard', 0],
    ['light', 0],
    ['business', 3],
    ['enterprise', 5],
  ] as const)('Appendix B ctyun %s linked accounts: %s', async (l, n) => {
    expect((await catalog('ctyun')).level(l).linkedAccounts).toBe(n);
  });

  it('Appendix B ctyun paid levels 7-day no-reason full refund: 3 per account, within 7×24 h of payment', async () => {
    expect((await catalog('ctyun')).def.subscription.noReasonRefund).toEqual({ withinHours: 168, maxPerAccount: 3 });
  });
});

describe('SPEC Appendix B / R-SUB-7: which services lock the order', () => {
  it.each([
    ['huaweicloud-intl', ['availability_check', 'event_protection', 'resource_monitoring']],
    ['isoftstone', ['availability_check', 'event_protection', 'resource_monitoring']],
    ['huaweicloud-partner', []],
    ['ctyun', []],
  ] as const)('Appendix B %s locking services: %j', async (c, locking) => {
    const cat = await catalog(c);
    expect(
      cat.def.services
        .filter((s) => s.locksOrder)
        .map((s) => s.id)
        .sort(),
    ).toEqual([...locking]);
  });

  it('Appendix B no other catalog names a no-reason refund', async () => {
    for (const c of ['huaweicloud-intl', 'isoftstone', 'huaweicloud-partner']) {
      expect((await catalog(c)).def.subscription.noReasonRefund, c).toBeUndefined();
    }
  });
});
