/**
 * SPEC Appendix A (normative): every response target, clock, non-technical target and ticket quota of every shipped
 * catalog, one test per cell, read through loadCatalog(id) as the engine reads it (R-TKT-3, R-TKT-2, R-CAT-4).
 */
import { describe, expect, it } from 'vitest';
import { durationMinutes, type Catalog } from '../../src/domain/catalog/catalog.js';
import { loadCatalog } from '../../src/contexts/catalog/use-cases/load-catalog.js';

const cache = new Map<string, Promise<Catalog>>();
function catalog(id: string): Promise<Catalog> {
  let c = cache.get(id);
  if (!c) cache.set(id, (c = loadCatalog(id)));
  return c;
}
async function level(catalogId: string, levelId: string) {
  return (await catalog(catalogId)).level(levelId);
}

const H = 60;
const HUAWEI_SEVERITIES = [
  'core_system_down',
  'production_down',
  'production_impaired',
  'system_impaired',
  'general_guidance',
] as const;
const TIANYI_SEVERITIES = ['urgent', 'general'] as const;

/** [catalog, level, severity, minutes, cell text] */
type TargetRow = [string, string, string, number, string];
const targets: TargetRow[] = [
  ['huaweicloud-intl', 'basic', 'system_impaired', 12 * H, '< 12 wh'],
  ['huaweicloud-intl', 'basic', 'general_guidance', 24 * H, '< 24 wh'],
  ['huaweicloud-intl', 'developer', 'system_impaired', 12 * H, '< 12 wh'],
  ['huaweicloud-intl', 'developer', 'general_guidance', 24 * H, '< 24 wh'],
  ['huaweicloud-intl', 'business', 'production_down', 1 * H, '< 1 h'],
  ['huaweicloud-intl', 'business', 'production_impaired', 4 * H, '< 4 h'],
  ['huaweicloud-intl', 'business', 'system_impaired', 12 * H, '< 12 h'],
  ['huaweicloud-intl', 'business', 'general_guidance', 24 * H, '< 24 h'],
  ['huaweicloud-intl', 'enterprise_onramp', 'core_system_down', 30, '< 30 min'],
  ['huaweicloud-intl', 'enterprise_onramp', 'production_down', 45, '< 45 min'],
  ['huaweicloud-intl', 'enterprise_onramp', 'production_impaired', 4 * H, '< 4 h'],
  ['huaweicloud-intl', 'enterprise_onramp', 'system_impaired', 10 * H, '< 10 h'],
  ['huaweicloud-intl', 'enterprise_onramp', 'general_guidance', 20 * H, '< 20 h'],
  ['huaweicloud-intl', 'enterprise', 'core_system_down', 15, '< 15 min'],
  ['huaweicloud-intl', 'enterprise', 'production_down', 30, '< 30 min'],
  ['huaweicloud-intl', 'enterprise', 'production_impaired', 3 * H, '< 3 h'],
  ['huaweicloud-intl', 'enterprise', 'system_impaired', 8 * H, '< 8 h'],
  ['huaweicloud-intl', 'enterprise', 'general_guidance', 16 * H, '< 16 h'],
  ['isoftstone', 'basic', 'production_down', 30, '< 30 min'],
  ['isoftstone', 'basic', 'production_impaired', 3 * H, '< 3 h'],
  ['isoftstone', 'basic', 'system_impaired', 8 * H, '< 8 h'],
  ['isoftstone', 'basic', 'general_guidance', 16 * H, '< 16 h'],
  ...(['dedicated', 'vip'] as const).flatMap((l): TargetRow[] => [
    ['isoftstone', l, 'core_system_down', 10, '< 10 min'],
    ['isoftstone', l, 'production_down', 30, '< 30 min'],
    ['isoftstone', l, 'production_impaired', 3 * H, '< 3 h'],
    ['isoftstone', l, 'system_impaired', 8 * H, '< 8 h'],
    ['isoftstone', l, 'general_guidance', 16 * H, '< 16 h'],
  ]),
  ['huaweicloud-partner', 'standard', 'production_down', 30, '< 30 min'],
  ['huaweicloud-partner', 'standard', 'production_impaired', 3 * H, '< 3 h'],
  ['huaweicloud-partner', 'standard', 'system_impaired', 8 * H, '< 8 h'],
  ['huaweicloud-partner', 'standard', 'general_guidance', 16 * H, '< 16 h'],
  ['huaweicloud-partner', 'premium', 'core_system_down', 10, '< 10 min'],
  ['huaweicloud-partner', 'premium', 'production_down', 30, '< 30 min'],
  ['huaweicloud-partner', 'premium', 'production_impaired', 3 * H, '< 3 h'],
  ['huaweicloud-partner', 'premium', 'system_impaired', 8 * H, '< 8 h'],
  ['huaweicloud-partner', 'premium', 'general_guidance', 16 * H, '< 16 h'],
  ['ctyun', 'standard', 'urgent', 30, '≤ 30 min'],
  ['ctyun', 'standard', 'general', 60, '≤ 60 min'],
  ...(['light', 'business', 'enterprise'] as const).flatMap((l): TargetRow[] => [
    ['ctyun', l, 'urgent', 10, '≤ 10 min'],
    ['ctyun', l, 'general', 30, '≤ 30 min'],
  ]),
];

/** Severities each level offers (the "–" cells are the complement). null = no technical support. */
const offered: [string, string, readonly string[] | null][] = [
  ['huaweicloud-intl', 'basic', ['system_impaired', 'general_guidance']],
  ['huaweicloud-intl', 'developer', ['system_impaired', 'general_guidance']],
  ['huaweicloud-intl', 'business', ['production_down', 'production_impaired', 'system_impaired', 'general_guidance']],
  ['huaweicloud-intl', 'enterprise_onramp', HUAWEI_SEVERITIES],
  ['huaweicloud-intl', 'enterprise', HUAWEI_SEVERITIES],
  ['isoftstone', 'basic', ['production_down', 'production_impaired', 'system_impaired', 'general_guidance']],
  ['isoftstone', 'dedicated', HUAWEI_SEVERITIES],
  ['isoftstone', 'vip', HUAWEI_SEVERITIES],
  ['huaweicloud-partner', 'basic', null],
  [
    'huaweicloud-partner',
    'standard',
    ['production_down', 'production_impaired', 'system_impaired', 'general_guidance'],
  ],
  ['huaweicloud-partner', 'premium', HUAWEI_SEVERITIES],
  ['ctyun', 'standard', TIANYI_SEVERITIES],
  ['ctyun', 'light', TIANYI_SEVERITIES],
  ['ctyun', 'business', TIANYI_SEVERITIES],
  ['ctyun', 'enterprise', TIANYI_SEVERITIES],
];
/** The "–" cells: a severity of the catalog's own list that the level does not offer (NOT_ENTITLED, R-TKT-2). */
const absent = offered.flatMap(([c, l, sevs]) =>
  (c === 'ctyun' ? TIANYI_SEVERITIES : HUAWEI_SEVERITIES)
    .filter((s) => !sevs?.includes(s))
    .map((s) => [c, l, s] as const),
);

/** [catalog, level, technical clock, bestEffort, cell text] */
const clocks: [string, string, string, boolean, string][] = [
  ['huaweicloud-intl', 'basic', 'business_hours', true, 'business hours, best effort'],
  ['huaweicloud-intl', 'developer', 'business_hours', false, 'business hours'],
  ['huaweicloud-intl', 'business', '7x24', false, '7x24'],
  ['huaweicloud-intl', 'enterprise_onramp', '7x24', false, '7x24'],
  ['huaweicloud-intl', 'enterprise', '7x24', false, '7x24'],
  ['isoftstone', 'basic', '7x24', false, '7x24'],
  ['isoftstone', 'dedicated', '7x24', false, '7x24'],
  ['isoftstone', 'vip', '7x24', false, '7x24'],
  ['huaweicloud-partner', 'standard', '7x24', false, '7x24'],
  ['huaweicloud-partner', 'premium', '7x24', false, '7x24'],
  ['ctyun', 'standard', '7x24', false, '7x24'],
  ['ctyun', 'light', '7x24', false, '7x24'],
  ['ctyun', 'business', '7x24', false, '7x24'],
  ['ctyun', 'enterprise', '7x24', false, '7x24'],
];

/** [catalog, level, clock, minutes, cell text] */
const nonTechnical: [string, string, string, number, string][] = [
  ['huaweicloud-intl', 'basic', '7x24', 24 * H, '7x24, 24 h'],
  ['huaweicloud-intl', 'developer', '7x24', 24 * H, '7x24, 24 h'],
  ['huaweicloud-intl', 'business', '7x24', 24 * H, '7x24, 24 h'],
  ['huaweicloud-intl', 'enterprise_onramp', '7x24', 20 * H, '7x24, 20 h'],
  ['huaweicloud-intl', 'enterprise', '7x24', 16 * H, '7x24, 16 h'],
  ['isoftstone', 'basic', '7x24', 16 * H, '7x24, 16 h'],
  ['isoftstone', 'dedicated', '7x24', 16 * H, '7x24, 16 h'],
  ['isoftstone', 'vip', '7x24', 16 * H, '7x24, 16 h'],
  // 1 working day = the 9 business hours of 09:00–18:00.
  ['huaweicloud-partner', 'basic', 'business_hours', 9 * H, 'acknowledged within 1 working day'],
  ['huaweicloud-partner', 'standard', '7x24', 16 * H, '7x24, 16 h'],
  ['huaweicloud-partner', 'premium', '7x24', 16 * H, '7x24, 16 h'],
  ['ctyun', 'standard', '7x24', 60, 'same (general ≤ 60 min)'],
  ['ctyun', 'light', '7x24', 30, 'same (general ≤ 30 min)'],
  ['ctyun', 'business', '7x24', 30, 'same (general ≤ 30 min)'],
  ['ctyun', 'enterprise', '7x24', 30, 'same (general ≤ 30 min)'],
];

describe('SPEC Appendix A: response targets', () => {
  it.each(targets.map(([c, l, sev, minutes, cell]) => [c, l, sev, cell, minutes] as const))(
    'Appendix A %s %s %s %s',
    async (c, l, sev, _cell, minutes) => {
      const lvl = await level(c, l);
      const target = lvl.technical?.targets[sev];
      expect(target, `${c} ${l} ${sev}`).toBeDefined();
      expect(durationMinutes(target!)).toBe(minutes);
    },
  );

  it.each(absent)('Appendix A %s %s %s – (not offered)', async (c, l, sev) => {
    const lvl = await level(c, l);
    expect(Object.keys(lvl.technical?.targets ?? {})).not.toContain(sev);
  });

  it.each(offered)('Appendix A %s %s offers exactly its severities', async (c, l, sevs) => {
    const lvl = await level(c, l);
    if (sevs === null) expect(lvl.technical).toBeNull();
    else expect(Object.keys(lvl.technical!.targets).sort()).toEqual([...sevs].sort());
  });

  it('Appendix A huaweicloud-partner basic: no technical support', async () => {
    const lvl = await level('huaweicloud-partner', 'basic');
    expect(lvl.technical).toBeNull();
    expect(lvl.quotas).toEqual([]);
  });

  it("Appendix A severity ids are the catalogs' own lists, highest first (R-TKT-2)", async () => {
    for (const id of ['huaweicloud-intl', 'isoftstone', 'huaweicloud-partner']) {
      expect((await catalog(id)).def.severities.map((s) => s.id)).toEqual([...HUAWEI_SEVERITIES]);
    }
    expect((await catalog('ctyun')).def.severities.map((s) => s.id)).toEqual([...TIANYI_SEVERITIES]);
  });
});

describe('SPEC Appendix A: technical clocks', () => {
  it.each(clocks.map(([c, l, clock, bestEffort, cell]) => [c, l, cell, clock, bestEffort] as const))(
    'Appendix A %s %s technical clock: %s',
    async (c, l, _cell, clock, bestEffort) => {
      const lvl = await level(c, l);
      expect(lvl.technical?.clock).toBe(clock);
      expect(lvl.technical?.bestEffort ?? false).toBe(bestEffort);
      const hours = (await catalog(c)).serviceHours(clock);
      expect(hours.kind).toBe(clock === '7x24' ? 'always' : 'windows');
    },
  );

  it('Appendix A business hours are 09:00–18:00 on working days (R-TKT-3)', async () => {
    for (const c of ['huaweicloud-intl', 'huaweicloud-partner']) {
      const hours = (await catalog(c)).serviceHours('business_hours');
      expect(hours).toMatchObject({
        kind: 'windows',
        days: [1, 2, 3, 4, 5],
        windows: [{ from: '09:00', to: '18:00' }],
        workingDaysOnly: true,
      });
    }
  });

  it('Appendix A ctyun standard (free, not binding): breaches recorded, not escalated', async () => {
    expect((await level('ctyun', 'standard')).slaBinding).toBe(false);
    for (const l of ['light', 'business', 'enterprise']) expect((await level('ctyun', l)).slaBinding).toBe(true);
  });

  it('Appendix A every other shipped level is binding', async () => {
    for (const c of ['huaweicloud-intl', 'isoftstone', 'huaweicloud-partner']) {
      for (const lvl of (await catalog(c)).levels) expect(lvl.slaBinding, `${c} ${lvl.id}`).toBe(true);
    }
  });
});

describe('SPEC Appendix A: non-technical targets', () => {
  it.each(nonTechnical.map(([c, l, clock, minutes, cell]) => [c, l, cell, clock, minutes] as const))(
    'Appendix A %s %s non-technical: %s',
    async (c, l, _cell, clock, minutes) => {
      const lvl = await level(c, l);
      expect(lvl.nonTechnical.clock).toBe(clock);
      expect(durationMinutes(lvl.nonTechnical.target)).toBe(minutes);
    },
  );

  it('Appendix A ctyun non-technical = the general target of the level ("same")', async () => {
    for (const lvl of (await catalog('ctyun')).levels) {
      expect(lvl.nonTechnical.target).toBe(lvl.technical!.targets.general);
      expect(lvl.nonTechnical.clock).toBe(lvl.technical!.clock);
    }
  });
});

describe('SPEC Appendix A: technical ticket quotas (R-CAT-4)', () => {
  it('Appendix A huaweicloud-intl basic: 3 tickets in total', async () => {
    expect((await level('huaweicloud-intl', 'basic')).quotas).toEqual([
      { id: 'technical_tickets', limit: 3, period: 'lifetime' },
    ]);
  });

  it('Appendix A huaweicloud-partner standard: 30 tickets a month (Beijing time) + packs of 10 for that month', async () => {
    const c = await catalog('huaweicloud-partner');
    expect(c.level('standard').quotas).toEqual([
      { id: 'technical_tickets', limit: 30, period: 'natural_month', timeZone: 'Asia/Shanghai', addOn: 'ticket_pack' },
    ]);
    const pack = c.def.addOns.find((a) => a.id === 'ticket_pack');
    expect(pack).toMatchObject({
      quota: 'technical_tickets',
      units: 10,
      validity: 'purchase_month',
      levels: ['standard'],
    });
  });

  const unlimited: [string, string][] = [
    ['huaweicloud-intl', 'developer'],
    ['huaweicloud-intl', 'business'],
    ['huaweicloud-intl', 'enterprise_onramp'],
    ['huaweicloud-intl', 'enterprise'],
    ['isoftstone', 'basic'],
    ['isoftstone', 'dedicated'],
    ['isoftstone', 'vip'],
    ['huaweicloud-partner', 'premium'],
    ['ctyun', 'standard'],
    ['ctyun', 'light'],
    ['ctyun', 'business'],
    ['ctyun', 'enterprise'],
  ];
  it.each(unlimited)('Appendix A %s %s: no ticket quota', async (c, l) => {
    expect((await level(c, l)).quotas).toEqual([]);
  });
});

describe('SPEC Appendix A: event-protection windows (R-TKT-3)', () => {
  it('Appendix A huaweicloud-intl protection: urgent technical < 15 min', async () => {
    const s = (await catalog('huaweicloud-intl')).service('event_protection')!;
    expect(s.ticketEffect).toEqual({
      kind: 'target',
      severities: ['core_system_down', 'production_down'],
      target: 'PT15M',
    });
  });

  it('Appendix A isoftstone protection: urgent technical < 10 min', async () => {
    const s = (await catalog('isoftstone')).service('event_protection')!;
    expect(s.ticketEffect?.kind).toBe('target');
    if (s.ticketEffect?.kind === 'target') expect(durationMinutes(s.ticketEffect.target)).toBe(10);
  });

  it.each([
    [1, 'handles every ticket as urgent', { kind: 'treat_as', severity: 'urgent' }],
    [2, 'raises one severity', { kind: 'raise', steps: 1 }],
    [3, 'changes nothing', { kind: 'none' }],
  ] as const)('Appendix A ctyun 重保 level %s %s', async (pl, _cell, effect) => {
    const s = (await catalog('ctyun')).service('event_protection')!;
    expect(s.protectionLevels?.find((p) => p.level === pl)?.ticketEffect).toEqual(effect);
  });
});
