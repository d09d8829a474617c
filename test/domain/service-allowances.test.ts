/**
 * R-SR-2, R-SR-3 and SPEC Appendix B as pure tables over the four shipped catalogs: which allowance a request
 * draws on (decideAllowance: amount, unit, conditions, protection levels, proactive vs on-application, regions)
 * and when and for how long it may run (checkSchedule: lead times on the customer's working-day calendar with
 * the CN holidays and 调休, advisory vs hard, whole days, longest request). Each row is named after the seed
 * sentence or SPEC example it checks; the expected values come from those sentences, not from the catalogs.
 */
import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/domain/catalog/catalog.js';
import type { ServiceType } from '../../src/domain/catalog/catalog-schema.js';
import { loadCatalog } from '../../src/contexts/catalog/use-cases/load-catalog.js';
import {
  continuousMonths,
  decideAllowance,
  subscriptionYearKey,
  unitsOf,
  type AllowanceDecision,
  type Origin,
} from '../../src/contexts/service-requests/domain/allowance.js';
import {
  checkDuration,
  checkSchedule,
  MAX_REQUEST_DAYS,
  type Schedule,
} from '../../src/contexts/service-requests/domain/schedule.js';
import { holidayCalendarFromRows, type BusinessCalendar } from '../../src/domain/calendar/index.js';
import { chineseDaysSeed } from '../../src/domain/calendar/chinese-days-seed.js';
import { DomainError } from '../../src/platform/errors.js';

type CatalogId = 'huaweicloud-intl' | 'isoftstone' | 'huaweicloud-partner' | 'ctyun';
const CATALOGS: Record<CatalogId, Catalog> = {
  'huaweicloud-intl': await loadCatalog('huaweicloud-intl'),
  isoftstone: await loadCatalog('isoftstone'),
  'huaweicloud-partner': await loadCatalog('huaweicloud-partner'),
  ctyun: await loadCatalog('ctyun'),
};
const CN = holidayCalendarFromRows('CN', chineseDaysSeed());

/** The working-day calendar of a customer, built as src/contexts/service-requests/wire.ts does. */
function workdays(catalog: Catalog, regionId: string, zone = 'Asia/Shanghai'): BusinessCalendar {
  const country = catalog.region(regionId)?.holidayCalendar ?? null;
  return {
    hours: { kind: 'windows', days: [1, 2, 3, 4, 5], windows: [{ from: '09:00', to: '18:00' }], workingDaysOnly: true },
    zone,
    holidays: country === 'CN' ? CN : null,
  };
}
const cnRegion = (c: Catalog) => c.def.regions.find((r) => r.holidayCalendar === 'CN')!.id;

interface Ask {
  catalog: CatalogId;
  level: string;
  service: ServiceType;
  protectionLevel?: number;
  origin?: Origin;
  scenario?: string;
  /** The unit of the term containing now; default year. */
  term?: 'month' | 'year';
  /** First validFrom of the continuous chain; default 2026-01-05 10:00 Beijing. */
  anchor?: string;
  now?: string;
  region?: string;
}
const ANCHOR = '2026-01-05T10:00:00+08:00';
const NOW = '2026-03-02T10:00:00+08:00';

function decide(a: Ask): AllowanceDecision {
  const catalog = CATALOGS[a.catalog];
  return decideAllowance({
    catalog,
    level: catalog.level(a.level),
    regionId: a.region ?? cnRegion(catalog),
    service: a.service,
    protectionLevel: a.protectionLevel ?? null,
    origin: a.origin ?? 'application',
    scenario: a.scenario ?? null,
    subscription: { anchorFrom: new Date(a.anchor ?? ANCHOR), termUnit: a.term ?? 'year' },
    now: new Date(a.now ?? NOW),
  });
}

function refusal(fn: () => unknown): { code: string; details: Record<string, unknown> } {
  try {
    fn();
  } catch (err) {
    if (err instanceof DomainError) return { code: err.code, details: err.details as Record<string, unknown> };
    throw err;
  }
  throw new Error('expected a refusal, got a decision');
}

type Expected =
  | { unit: 'days' | 'working_days' | 'requests'; counters: [string, number | null][] }
  | { refused: string; details?: Record<string, unknown> };

function expectDecision(a: Ask, e: Expected) {
  if ('refused' in e) {
    const r = refusal(() => decide(a));
    expect(r.code).toBe('NOT_ENTITLED');
    expect(r.details).toMatchObject({ reason: e.refused, ...e.details });
    return;
  }
  const d = decide(a);
  expect(d.unit).toBe(e.unit);
  expect(d.counters.map((c) => [c.quota, c.limit])).toEqual(e.counters);
}

const EP = 'service:event_protection';
const AC = 'service:availability_check';
const RM = 'service:resource_monitoring';

describe('R-SR-2 / Appendix B allowances: huaweicloud-intl (seed 000)', () => {
  const rows: [string, Omit<Ask, 'catalog'>, Expected][] = [
    [
      'seed 000 §1.3 企业级 云上保障护航 "包年购买…提供：每年累计3个自然日"',
      { level: 'enterprise', service: 'event_protection' },
      { unit: 'days', counters: [[EP, 3]] },
    ],
    [
      'seed 000 §1.3 企业级 云上保障护航 "连续购满一年提供：每年累计3个自然日" (monthly terms, 12 continuous months)',
      { level: 'enterprise', service: 'event_protection', term: 'month', now: '2027-01-05T10:00:00+08:00' },
      { unit: 'days', counters: [[EP, 3]] },
    ],
    [
      'seed 000 §1.3 企业级 云上保障护航 "连续购满半年提供：1个自然日" (monthly terms, 6 continuous months)',
      { level: 'enterprise', service: 'event_protection', term: 'month', now: '2026-07-05T10:00:00+08:00' },
      { unit: 'days', counters: [[EP, 1]] },
    ],
    [
      'seed 000 §1.3 企业级 云上保障护航: 11 continuous months is still half a year, 1 day (the 3 need a full year)',
      { level: 'enterprise', service: 'event_protection', term: 'month', now: '2026-12-05T09:00:00+08:00' },
      { unit: 'days', counters: [[EP, 1]] },
    ],
    [
      'seed 000 §1.3 企业级 云上保障护航: monthly, one hour short of 6 continuous months → not entitled (condition_not_met)',
      { level: 'enterprise', service: 'event_protection', term: 'month', now: '2026-07-05T09:00:00+08:00' },
      { refused: 'condition_not_met' },
    ],
    [
      'seed 000 §1.5.13 企业级 可用性检查 "包年购买提供：每年1次"',
      { level: 'enterprise', service: 'availability_check' },
      { unit: 'requests', counters: [[AC, 1]] },
    ],
    [
      'seed 000 §1.5.13 "可用性检查仅包年购买企业级支持计划才限额赠送": monthly, even after 13 continuous months → not entitled',
      { level: 'enterprise', service: 'availability_check', term: 'month', now: '2027-02-06T10:00:00+08:00' },
      { refused: 'condition_not_met' },
    ],
    [
      'seed 000 §1.5.14 企业级 资源监控与优化 "包年购买提供：每年1次"',
      { level: 'enterprise', service: 'resource_monitoring' },
      { unit: 'requests', counters: [[RM, 1]] },
    ],
    [
      'seed 000 §1.5.14 "资源监控与优化仅包年购买企业级支持计划才限额赠送": monthly → not entitled',
      { level: 'enterprise', service: 'resource_monitoring', term: 'month', now: '2027-02-06T10:00:00+08:00' },
      { refused: 'condition_not_met' },
    ],
    [
      'seed 000 §1.3: a region without holiday data (AP-Singapore) keeps the enterprise allowances',
      { level: 'enterprise', service: 'event_protection', region: 'ap-southeast-3' },
      { unit: 'days', counters: [[EP, 3]] },
    ],
  ];
  for (const level of ['basic', 'developer', 'business', 'enterprise_onramp']) {
    for (const service of ['event_protection', 'availability_check', 'resource_monitoring'] as const) {
      rows.push([
        `seed 000 §1.3 ${level}: ${service} is "-" → not entitled (not_in_level)`,
        { level, service },
        { refused: 'not_in_level' },
      ]);
    }
  }
  for (const region of ['eu-west-0', 'eu-nl']) {
    for (const service of ['event_protection', 'availability_check', 'resource_monitoring'] as const) {
      rows.push([
        `seed 000 §1.3 note "企业级支持计划在欧洲-巴黎节点、欧洲-阿姆斯特丹节点不包含…": ${region} ${service} → not entitled (region)`,
        { level: 'enterprise', service, region },
        { refused: 'region', details: { region } },
      ]);
    }
  }
  it.each(rows)('%s', (_name, ask, expected) => expectDecision({ catalog: 'huaweicloud-intl', ...ask }, expected));

  it('SPEC R-SR-2 "Huawei\'s 1 day after 6 continuous months counts toward the same year\'s 3": the same counter and period, limit 1 then 3', () => {
    const monthly = decide({
      catalog: 'huaweicloud-intl',
      level: 'enterprise',
      service: 'event_protection',
      term: 'month',
      now: '2026-08-10T10:00:00+08:00',
    });
    const yearlyNow = decide({
      catalog: 'huaweicloud-intl',
      level: 'enterprise',
      service: 'event_protection',
      term: 'year',
      now: '2026-08-10T10:00:00+08:00',
    });
    expect(monthly.counters).toEqual([{ quota: EP, limit: 1 }]);
    expect(yearlyNow.counters).toEqual([{ quota: EP, limit: 3 }]);
    expect(monthly.periodKey).toBe(yearlyNow.periodKey);
  });
});

describe('R-SR-2 / Appendix B allowances: isoftstone (seed 002)', () => {
  const rows: [string, Omit<Ask, 'catalog'>, Expected][] = [
    [
      'seed 002 §5.8 专属级 "每年1次1个自然日" (包年购买)',
      { level: 'dedicated', service: 'event_protection' },
      { unit: 'days', counters: [[EP, 1]] },
    ],
    [
      'seed 002 §5.8 "仅包年购买专属级、VIP级支持计划才限额赠送": 专属级 monthly → not entitled',
      { level: 'dedicated', service: 'event_protection', term: 'month' },
      { refused: 'condition_not_met' },
    ],
    [
      'seed 002 §5.8 has no "连续购满" clause: 专属级 monthly for 13 continuous months → still not entitled',
      { level: 'dedicated', service: 'event_protection', term: 'month', now: '2027-02-06T10:00:00+08:00' },
      { refused: 'condition_not_met' },
    ],
    [
      'seed 002 §5.8 VIP级 "每年累计3个自然日，每次保障服务以整数天申请" (包年购买)',
      { level: 'vip', service: 'event_protection' },
      { unit: 'days', counters: [[EP, 3]] },
    ],
    [
      'seed 002 §5.8 VIP级 monthly for 13 continuous months → not entitled',
      { level: 'vip', service: 'event_protection', term: 'month', now: '2027-02-06T10:00:00+08:00' },
      { refused: 'condition_not_met' },
    ],
    [
      'seed 002 §5.4 VIP 可用性检查 "包年购买可获服务配额…赠送1次"',
      { level: 'vip', service: 'availability_check' },
      { unit: 'requests', counters: [[AC, 1]] },
    ],
    [
      'seed 002 §5.4 "包年购买VIP级支持计划方可享受该服务": VIP monthly → not entitled',
      { level: 'vip', service: 'availability_check', term: 'month' },
      { refused: 'condition_not_met' },
    ],
    [
      'seed 002 §5.5 VIP 资源监控与优化 "赠送1次" (包年购买)',
      { level: 'vip', service: 'resource_monitoring' },
      { unit: 'requests', counters: [[RM, 1]] },
    ],
    [
      'seed 002 §5.5 VIP 资源监控与优化 monthly → not entitled',
      { level: 'vip', service: 'resource_monitoring', term: 'month' },
      { refused: 'condition_not_met' },
    ],
    [
      'seed 002 §5.4 可用性检查 is VIP only: 专属级 → not entitled',
      { level: 'dedicated', service: 'availability_check' },
      { refused: 'not_in_level' },
    ],
    [
      'seed 002 §5.5 资源监控与优化 is VIP only: 专属级 → not entitled',
      { level: 'dedicated', service: 'resource_monitoring' },
      { refused: 'not_in_level' },
    ],
    [
      'seed 002 §5.8 基础级 has no 云上保障护航',
      { level: 'basic', service: 'event_protection' },
      { refused: 'not_in_level' },
    ],
    [
      'seed 002 §5.4 基础级 has no 可用性检查',
      { level: 'basic', service: 'availability_check' },
      { refused: 'not_in_level' },
    ],
    [
      'seed 002 §5.5 基础级 has no 资源监控与优化',
      { level: 'basic', service: 'resource_monitoring' },
      { refused: 'not_in_level' },
    ],
  ];
  it.each(rows)('%s', (_name, ask, expected) => expectDecision({ catalog: 'isoftstone', ...ask }, expected));
});

describe('R-SR-2 / Appendix B allowances: huaweicloud-partner (seed 003)', () => {
  const CONSULT = 'service:architecture_consulting';
  const rows: [string, Omit<Ask, 'catalog'>, Expected][] = [
    [
      'seed 003 §5.3 标准级 "每年4自然日事件保障，每次以整数天申请" (包年购买)',
      { level: 'standard', service: 'event_protection' },
      { unit: 'days', counters: [[EP, 4]] },
    ],
    [
      'seed 003 §5.3 尊享级 "每年8自然日事件保障"',
      { level: 'premium', service: 'event_protection' },
      { unit: 'days', counters: [[EP, 8]] },
    ],
    [
      'seed 003 §5.3 "包年购买可获服务配额": 标准级 monthly → not entitled',
      { level: 'standard', service: 'event_protection', term: 'month' },
      { refused: 'condition_not_met' },
    ],
    [
      'seed 003 §5.3 尊享级 monthly for 13 continuous months → still not entitled (yearly purchase only)',
      { level: 'premium', service: 'event_protection', term: 'month', now: '2027-02-06T10:00:00+08:00' },
      { refused: 'condition_not_met' },
    ],
    [
      'seed 003 §5.4 标准级 "每年4工作日云产品架构咨询服务"',
      { level: 'standard', service: 'architecture_consulting' },
      { unit: 'working_days', counters: [[CONSULT, 4]] },
    ],
    [
      'seed 003 §5.4 尊享级 "每年8工作日云产品架构咨询服务"',
      { level: 'premium', service: 'architecture_consulting' },
      { unit: 'working_days', counters: [[CONSULT, 8]] },
    ],
    [
      'seed 003 §5.4 "服务配额" table has no 包年 condition: 标准级 monthly still gets 4 working days',
      { level: 'standard', service: 'architecture_consulting', term: 'month' },
      { unit: 'working_days', counters: [[CONSULT, 4]] },
    ],
    [
      'seed 003 §3 基础级 关键事件保障 "不支持"',
      { level: 'basic', service: 'event_protection' },
      { refused: 'not_in_level' },
    ],
    [
      'seed 003 §3 基础级 云产品架构咨询 "不支持"',
      { level: 'basic', service: 'architecture_consulting' },
      { refused: 'not_in_level' },
    ],
  ];
  it.each(rows)('%s', (_name, ask, expected) => expectDecision({ catalog: 'huaweicloud-partner', ...ask }, expected));
});

describe('R-SR-2 / Appendix B allowances: ctyun (seed 004)', () => {
  const rows: [string, Omit<Ask, 'catalog'>, Expected][] = [
    [
      'seed 004 §1.5.11 轻量级 "最多 1 次三级重保"',
      { level: 'light', service: 'event_protection', protectionLevel: 3 },
      { unit: 'requests', counters: [[EP, 1]] },
    ],
    [
      'seed 004 §1.5.11 轻量级: 一级重保 → not entitled',
      { level: 'light', service: 'event_protection', protectionLevel: 1 },
      { refused: 'scenario_or_protection_level', details: { allowedProtectionLevels: [3] } },
    ],
    [
      'seed 004 §1.5.11 轻量级: 二级重保 → not entitled',
      { level: 'light', service: 'event_protection', protectionLevel: 2 },
      { refused: 'scenario_or_protection_level', details: { allowedProtectionLevels: [3] } },
    ],
    [
      'seed 004 §1.5.11 商业级 "最多 4 次三级重保"',
      { level: 'business', service: 'event_protection', protectionLevel: 3 },
      { unit: 'requests', counters: [[EP, 4]] },
    ],
    [
      'seed 004 §1.5.11 商业级: 一级重保 → not entitled',
      { level: 'business', service: 'event_protection', protectionLevel: 1 },
      { refused: 'scenario_or_protection_level' },
    ],
    [
      'seed 004 §1.5.11 商业级: 二级重保 → not entitled',
      { level: 'business', service: 'event_protection', protectionLevel: 2 },
      { refused: 'scenario_or_protection_level' },
    ],
    [
      'seed 004 §1.5.11 企业级 "最多 4 次重保，包含限定次数的一级…": level 1 counts in the 4 and in its placeholder cap of 1',
      { level: 'enterprise', service: 'event_protection', protectionLevel: 1 },
      {
        unit: 'requests',
        counters: [
          [EP, 4],
          [`${EP}:level_1`, 1],
        ],
      },
    ],
    [
      'seed 004 §1.5.11 企业级 "…二级…重保": level 2 counts in the 4 and in its placeholder cap of 2',
      { level: 'enterprise', service: 'event_protection', protectionLevel: 2 },
      {
        unit: 'requests',
        counters: [
          [EP, 4],
          [`${EP}:level_2`, 2],
        ],
      },
    ],
    [
      'seed 004 §1.5.11 企业级 "…或三级重保": level 3 counts in the 4 only',
      { level: 'enterprise', service: 'event_protection', protectionLevel: 3 },
      { unit: 'requests', counters: [[EP, 4]] },
    ],
    [
      'seed 004 §1.4 标准服务 重保支持 "-"',
      { level: 'standard', service: 'event_protection', protectionLevel: 3 },
      { refused: 'not_in_level' },
    ],

    // 可用性检查 (§1.5.6) and 资源监控与优化 (§1.5.7)
    [
      'seed 004 §1.5.6 轻量级 可用性检查 "加入“轻量级支持计划”，主动提供" (staff, joining)',
      { level: 'light', service: 'availability_check', origin: 'proactive', scenario: 'joining' },
      { unit: 'requests', counters: [[`${AC}:proactive`, null]] },
    ],
    [
      'seed 004 §1.5.6 轻量级 可用性检查: the customer cannot apply (proactive only)',
      { level: 'light', service: 'availability_check', scenario: 'major_event' },
      { refused: 'proactive_only' },
    ],
    [
      'seed 004 §1.5.6 轻量级 可用性检查 "一类提供场景": no yearly check',
      { level: 'light', service: 'availability_check', origin: 'proactive', scenario: 'yearly' },
      { refused: 'scenario_or_protection_level', details: { allowedScenarios: ['joining'] } },
    ],
    [
      'seed 004 §1.5.7 轻量级 资源监控与优化 "-"',
      { level: 'light', service: 'resource_monitoring', origin: 'proactive', scenario: 'joining' },
      { refused: 'not_in_level' },
    ],
  ];
  for (const [service, key, section] of [
    ['availability_check', AC, '§1.5.6 可用性检查'],
    ['resource_monitoring', RM, '§1.5.7 资源监控与优化'],
  ] as const) {
    rows.push(
      [
        `seed 004 ${section} 商业级 "加入“商业级支持计划”，主动提供" (staff, joining)`,
        { level: 'business', service, origin: 'proactive', scenario: 'joining' },
        { unit: 'requests', counters: [[`${key}:proactive`, null]] },
      ],
      [
        `seed 004 ${section} 商业级 "重大活动保障，可申请提供"`,
        { level: 'business', service, scenario: 'major_event' },
        { unit: 'requests', counters: [[key, null]] },
      ],
      [
        `seed 004 ${section} 商业级 "重大变更，可申请提供"`,
        { level: 'business', service, scenario: 'major_change' },
        { unit: 'requests', counters: [[key, null]] },
      ],
      [
        `seed 004 ${section} 商业级: applying for the yearly check is not one of the three scenarios`,
        { level: 'business', service, scenario: 'yearly' },
        { refused: 'scenario_or_protection_level', details: { allowedScenarios: ['major_event', 'major_change'] } },
      ],
      [
        `seed 004 ${section} 商业级: applying for the joining check (staff deliver it)`,
        { level: 'business', service, scenario: 'joining' },
        { refused: 'scenario_or_protection_level' },
      ],
      [
        `seed 004 ${section} 商业级: applying without a scenario`,
        { level: 'business', service },
        { refused: 'scenario_or_protection_level' },
      ],
      [
        `seed 004 ${section} 商业级: no proactive yearly check ("三类提供场景")`,
        { level: 'business', service, origin: 'proactive', scenario: 'yearly' },
        { refused: 'scenario_or_protection_level' },
      ],
    );
    for (const scenario of ['joining', 'major_event', 'major_change', 'yearly']) {
      rows.push([
        `seed 004 ${section} 企业级 "四类提供场景…主动提供": ${scenario}`,
        { level: 'enterprise', service, origin: 'proactive', scenario },
        { unit: 'requests', counters: [[`${key}:proactive`, null]] },
      ]);
    }
    rows.push([
      `seed 004 ${section} 企业级: every scenario is proactive, so the customer does not apply`,
      { level: 'enterprise', service, scenario: 'major_event' },
      { refused: 'proactive_only' },
    ]);
  }
  rows.push(
    [
      'seed 004 §1.5.3 "企业级…可享受 3 次…全业务流程代备案服务"',
      { level: 'enterprise', service: 'icp_filing' },
      { unit: 'requests', counters: [['service:icp_filing', 3]] },
    ],
    [
      "seed 004 §1.5.3 代备案 is on the customer's application: staff do not create it proactively",
      { level: 'enterprise', service: 'icp_filing', origin: 'proactive' },
      { refused: 'on_application_only' },
    ],
    [
      'seed 004 §1.4 备案服务 商业级 "自助, 应急情况可一对一指导": no filing done for the customer',
      { level: 'business', service: 'icp_filing' },
      { refused: 'not_in_level' },
    ],
    [
      'seed 004 §1.4 需求沟通-现场走访 企业级 "每年一次" (organised by Tianyi)',
      { level: 'enterprise', service: 'onsite_visit', origin: 'proactive', scenario: 'yearly' },
      { unit: 'requests', counters: [['service:onsite_visit:proactive', 1]] },
    ],
    [
      'seed 004 §1.4 需求沟通-现场走访 企业级 "+按需走访"',
      { level: 'enterprise', service: 'onsite_visit', scenario: 'on_demand' },
      { unit: 'requests', counters: [['service:onsite_visit', null]] },
    ],
    [
      'seed 004 §1.4 需求沟通-现场走访 商业级 "-"',
      { level: 'business', service: 'onsite_visit', scenario: 'on_demand' },
      { refused: 'not_in_level' },
    ],
    [
      'seed 004 §1.4 上云评估与架构咨询 商业级 "可申请提供"',
      { level: 'business', service: 'architecture_consulting' },
      { unit: 'requests', counters: [['service:architecture_consulting', null]] },
    ],
    [
      'seed 004 §1.4 上云评估与架构咨询 企业级 "按需提供"',
      { level: 'enterprise', service: 'architecture_consulting' },
      { unit: 'requests', counters: [['service:architecture_consulting', null]] },
    ],
    [
      'seed 004 §1.4 上云评估与架构咨询 轻量级 "-"',
      { level: 'light', service: 'architecture_consulting' },
      { refused: 'not_in_level' },
    ],
    [
      'seed 004 §1.4 上云配置 商业级 "可申请提供"',
      { level: 'business', service: 'cloud_configuration' },
      { unit: 'requests', counters: [['service:cloud_configuration', null]] },
    ],
    [
      'seed 004 §1.4 上云配置 企业级 "按需提供"',
      { level: 'enterprise', service: 'cloud_configuration' },
      { unit: 'requests', counters: [['service:cloud_configuration', null]] },
    ],
    [
      'seed 004 §1.4 上云配置 轻量级 "-"',
      { level: 'light', service: 'cloud_configuration' },
      { refused: 'not_in_level' },
    ],
  );
  it.each(rows)('%s', (_name, ask, expected) => expectDecision({ catalog: 'ctyun', ...ask }, expected));

  it('Appendix B ctyun business / enterprise consulting and configuration: "可申请提供" needs staff approval, "按需提供" does not', () => {
    for (const service of ['architecture_consulting', 'cloud_configuration'] as const) {
      expect(decide({ catalog: 'ctyun', level: 'business', service }).allowance.requiresStaffApproval).toBe(true);
      expect(decide({ catalog: 'ctyun', level: 'enterprise', service }).allowance.requiresStaffApproval ?? false).toBe(
        false,
      );
    }
  });

  it('seed 004 §1.5.11 the 重保 allowance counts applications, not days: a 10-day level-3 request uses 1', () => {
    const d = decide({ catalog: 'ctyun', level: 'business', service: 'event_protection', protectionLevel: 3 });
    expect(unitsOf(d.unit, 10)).toBe(1);
  });
});

describe('R-SR-2 subscription years: anchored at the first validFrom, counted in the provider time zone', () => {
  it.each([
    ['one minute before the anniversary is still year 1', '2027-01-05T09:59:00+08:00', 'Y1@2026-01-05'],
    [
      'the anniversary starts year 2 (the period key changes, usage starts again)',
      '2027-01-05T10:00:00+08:00',
      'Y2@2026-01-05',
    ],
    ['24 months later is year 3', '2028-01-05T10:00:00+08:00', 'Y3@2026-01-05'],
    ['the first day is year 1', '2026-01-05T10:00:00+08:00', 'Y1@2026-01-05'],
  ])('%s', (_name, now, key) => {
    for (const [catalog, level, service, protectionLevel] of [
      ['huaweicloud-intl', 'enterprise', 'event_protection', undefined],
      ['isoftstone', 'vip', 'availability_check', undefined],
      ['huaweicloud-partner', 'premium', 'architecture_consulting', undefined],
      ['ctyun', 'enterprise', 'icp_filing', undefined],
      ['ctyun', 'light', 'event_protection', 3],
    ] as const) {
      const d = decide({ catalog, level, service, ...(protectionLevel ? { protectionLevel } : {}), now });
      expect(d.periodKey, `${catalog} ${level} ${service}`).toBe(key);
    }
  });

  it('a whole month is counted from the anchor instant: Jan 31 + 1 month is the end of February', () => {
    const z = 'Asia/Shanghai';
    expect(continuousMonths(new Date('2026-01-31T10:00:00+08:00'), new Date('2026-02-28T10:00:00+08:00'), z)).toBe(1);
    expect(continuousMonths(new Date('2026-01-31T10:00:00+08:00'), new Date('2026-02-28T09:59:00+08:00'), z)).toBe(0);
    expect(subscriptionYearKey(new Date('2026-01-31T10:00:00+08:00'), new Date('2027-01-31T10:00:00+08:00'), z)).toBe(
      'Y2@2026-01-31',
    );
  });

  it('the anchor date is the provider date (Asia/Shanghai), not UTC: bought 2026-01-05 01:00 Beijing = 2026-01-04 UTC', () => {
    const d = decide({
      catalog: 'huaweicloud-intl',
      level: 'enterprise',
      service: 'event_protection',
      anchor: '2026-01-05T01:00:00+08:00',
    });
    expect(d.periodKey).toBe('Y1@2026-01-05');
  });
});

// ---------------------------------------------------------------------------------------------------------------
// R-SR-3 lead times and durations.

interface When {
  catalog: CatalogId;
  level: string;
  service: ServiceType;
  protectionLevel?: number;
  scenario?: string;
  applied: string;
  start: string;
  days: number;
  region?: string;
  term?: 'month' | 'year';
}
type ScheduleExpected =
  { end: string; warnings?: Record<string, unknown>[] } | { code: string; details?: Record<string, unknown> };

function schedule(w: When): Schedule {
  const catalog = CATALOGS[w.catalog];
  const region = w.region ?? cnRegion(catalog);
  const d = decide({
    catalog: w.catalog,
    level: w.level,
    service: w.service,
    ...(w.protectionLevel ? { protectionLevel: w.protectionLevel } : {}),
    ...(w.scenario ? { scenario: w.scenario } : {}),
    region,
    term: w.term ?? 'year',
    now: `${w.applied}T10:00:00+08:00`,
    anchor: '2026-01-05T10:00:00+08:00',
  });
  return checkSchedule({
    service: catalog.service(w.service)!,
    allowance: d.allowance,
    protectionLevel: w.protectionLevel ?? null,
    applicationDate: w.applied,
    start: w.start,
    days: w.days,
    workdays: workdays(catalog, region),
  });
}

function expectSchedule(w: When, e: ScheduleExpected) {
  if ('code' in e) {
    let caught: unknown;
    try {
      schedule(w);
    } catch (err) {
      caught = err;
    }
    expect(caught, 'expected a refusal').toBeInstanceOf(DomainError);
    expect((caught as DomainError).code).toBe(e.code);
    if (e.details) expect((caught as DomainError).details).toMatchObject(e.details);
    return;
  }
  const s = schedule(w);
  expect(s.end).toBe(e.end);
  if (e.warnings) {
    expect(s.warnings).toHaveLength(e.warnings.length);
    e.warnings.forEach((x, i) => expect(s.warnings[i]).toMatchObject(x));
  } else expect(s.warnings).toEqual([]);
}

const advised = (earliestStart: string) => [
  { code: 'LEAD_TIME_ADVISED', details: { earliestStart, leadTime: 10, unit: 'working_days' } },
];
const tooShort = (earliestStart: string, leadTime: number, unit: 'days' | 'working_days') => ({
  code: 'LEAD_TIME_TOO_SHORT',
  details: { earliestStart, leadTime, unit },
});

describe('R-SR-3 lead times and durations: huaweicloud-intl (seed 000)', () => {
  const base = { catalog: 'huaweicloud-intl', level: 'enterprise' } as const;
  const rows: [string, Omit<When, 'catalog' | 'level'>, ScheduleExpected][] = [
    [
      'R-SR-3 "applied Monday, 3 working days → Thursday" (seed 000 §1.5.13 可用性检查 "需提前3个工作日提出申请")',
      { service: 'availability_check', applied: '2026-03-09', start: '2026-03-12', days: 1 },
      { end: '2026-03-12' },
    ],
    [
      'seed 000 §1.5.13 可用性检查: applied Monday, a Wednesday start is too soon (hard, not advice)',
      { service: 'availability_check', applied: '2026-03-09', start: '2026-03-11', days: 1 },
      tooShort('2026-03-12', 3, 'working_days'),
    ],
    [
      'seed 000 §1.5.14 资源监控与优化 "需提前3个工作日": applied Friday → the weekend does not count, Wednesday',
      { service: 'resource_monitoring', applied: '2026-03-13', start: '2026-03-18', days: 1 },
      { end: '2026-03-18' },
    ],
    [
      'seed 000 §1.5.14 资源监控与优化: applied Friday, a Tuesday start is too soon',
      { service: 'resource_monitoring', applied: '2026-03-13', start: '2026-03-17', days: 1 },
      tooShort('2026-03-18', 3, 'working_days'),
    ],
    [
      'R-SR-3 across the 2026 National Day holiday: applied Wed 09-30, 3 working days are 10-08, 10-09 and the 调休 working Saturday 10-10',
      { service: 'availability_check', applied: '2026-09-30', start: '2026-10-10', days: 1 },
      { end: '2026-10-10' },
    ],
    [
      'R-SR-3 across National Day: Friday 10-09 is only the second working day',
      { service: 'availability_check', applied: '2026-09-30', start: '2026-10-09', days: 1 },
      tooShort('2026-10-10', 3, 'working_days'),
    ],
    [
      'R-SR-3 a region without holiday data (AP-Singapore) counts weekends only: applied Wed 09-30 → Monday 10-05',
      { service: 'availability_check', applied: '2026-09-30', start: '2026-10-05', days: 1, region: 'ap-southeast-3' },
      { end: '2026-10-05' },
    ],
    [
      'R-SR-3 the Spring Festival 2026: applied Fri 02-13, the 调休 Saturday 02-14 counts, then 02-24 and 02-25',
      { service: 'resource_monitoring', applied: '2026-02-13', start: '2026-02-25', days: 1 },
      { end: '2026-02-25' },
    ],
    [
      'R-SR-3 the Spring Festival 2026: 02-24 is only the second working day',
      { service: 'resource_monitoring', applied: '2026-02-13', start: '2026-02-24', days: 1 },
      tooShort('2026-02-25', 3, 'working_days'),
    ],
    [
      'seed 000 §1.5.12 "建议客户提前10个工作日提出…申请": 3 working days ahead is accepted with a warning naming the advised start',
      { service: 'event_protection', scenario: 'promotion', applied: '2026-03-09', start: '2026-03-12', days: 1 },
      { end: '2026-03-12', warnings: advised('2026-03-23') },
    ],
    [
      'seed 000 §1.5.12 10 working days ahead: no warning',
      { service: 'event_protection', scenario: 'promotion', applied: '2026-03-09', start: '2026-03-23', days: 1 },
      { end: '2026-03-23' },
    ],
    [
      'seed 000 §1.5.12 advice across National Day: applied Mon 09-28, the 10th working day is 10-16 (10-10 counts)',
      { service: 'event_protection', scenario: 'promotion', applied: '2026-09-28', start: '2026-10-15', days: 1 },
      { end: '2026-10-15', warnings: advised('2026-10-16') },
    ],
    [
      'seed 000 §1.5.12 a start on the application day is allowed (advice only), with the warning',
      { service: 'event_protection', scenario: 'promotion', applied: '2026-03-09', start: '2026-03-09', days: 1 },
      { end: '2026-03-09', warnings: advised('2026-03-23') },
    ],
    [
      'R-SR-3 a start before the application date is refused even where the lead time is only advice',
      { service: 'event_protection', scenario: 'promotion', applied: '2026-03-09', start: '2026-03-06', days: 1 },
      { code: 'VALIDATION_FAILED' },
    ],
    [
      'seed 000 §1.5.12 "每次保障服务以整数天申请": 1.5 days → DURATION_NOT_ALLOWED (whole_days)',
      { service: 'event_protection', scenario: 'promotion', applied: '2026-03-09', start: '2026-04-01', days: 1.5 },
      { code: 'DURATION_NOT_ALLOWED', details: { reason: 'whole_days' } },
    ],
    [
      'seed 000 §1.5.12 整数天: 0 days → DURATION_NOT_ALLOWED (whole_days)',
      { service: 'event_protection', scenario: 'promotion', applied: '2026-03-09', start: '2026-04-01', days: 0 },
      { code: 'DURATION_NOT_ALLOWED', details: { reason: 'whole_days' } },
    ],
    [
      'seed 000 §1.3 "每年累计3个自然日": 3 natural days in one request run through the weekend (Fri → Sun)',
      { service: 'event_protection', scenario: 'promotion', applied: '2026-03-09', start: '2026-04-03', days: 3 },
      { end: '2026-04-05' },
    ],
  ];
  it.each(rows)('%s', (_name, w, e) => expectSchedule({ ...base, ...w }, e));
});

describe('R-SR-3 lead times and durations: isoftstone (seed 002)', () => {
  const rows: [string, Omit<When, 'catalog'>, ScheduleExpected][] = [
    [
      'seed 002 §5.8 专属级 "每年1次1个自然日": a 1-day request',
      {
        level: 'dedicated',
        service: 'event_protection',
        scenario: 'promotion',
        applied: '2026-03-02',
        start: '2026-03-16',
        days: 1,
      },
      { end: '2026-03-16' },
    ],
    [
      'seed 002 §5.8 专属级 "1个自然日": a 2-day request → DURATION_NOT_ALLOWED (maxDays 1)',
      {
        level: 'dedicated',
        service: 'event_protection',
        scenario: 'promotion',
        applied: '2026-03-02',
        start: '2026-03-16',
        days: 2,
      },
      { code: 'DURATION_NOT_ALLOWED', details: { maxDays: 1 } },
    ],
    [
      'seed 002 §5.8 VIP级 "每年累计3个自然日": one 3-day request',
      {
        level: 'vip',
        service: 'event_protection',
        scenario: 'promotion',
        applied: '2026-03-02',
        start: '2026-03-16',
        days: 3,
      },
      { end: '2026-03-18' },
    ],
    [
      'seed 002 §5.8 VIP级 "每次保障服务以整数天申请": 2.5 days → DURATION_NOT_ALLOWED (whole_days)',
      {
        level: 'vip',
        service: 'event_protection',
        scenario: 'promotion',
        applied: '2026-03-02',
        start: '2026-03-16',
        days: 2.5,
      },
      { code: 'DURATION_NOT_ALLOWED', details: { reason: 'whole_days' } },
    ],
    [
      'seed 002 §5.8 "建议客户提前10个工作日提出…申请": advice, a warning (VIP)',
      {
        level: 'vip',
        service: 'event_protection',
        scenario: 'promotion',
        applied: '2026-03-02',
        start: '2026-03-05',
        days: 1,
      },
      { end: '2026-03-05', warnings: advised('2026-03-16') },
    ],
    [
      'seed 002 §5.8 "建议…提前10个工作日": advice, a warning (专属级)',
      {
        level: 'dedicated',
        service: 'event_protection',
        scenario: 'promotion',
        applied: '2026-03-02',
        start: '2026-03-13',
        days: 1,
      },
      { end: '2026-03-13', warnings: advised('2026-03-16') },
    ],
    [
      'seed 002 §5.4 VIP 可用性检查 "需提前3个工作日提出申请": applied Monday → Thursday',
      { level: 'vip', service: 'availability_check', applied: '2026-03-02', start: '2026-03-05', days: 1 },
      { end: '2026-03-05' },
    ],
    [
      'seed 002 §5.4 VIP 可用性检查: a Wednesday start is LEAD_TIME_TOO_SHORT',
      { level: 'vip', service: 'availability_check', applied: '2026-03-02', start: '2026-03-04', days: 1 },
      tooShort('2026-03-05', 3, 'working_days'),
    ],
    [
      'seed 002 §5.5 VIP 资源监控与优化 "需提前3个工作日": applied Thursday → Tuesday',
      { level: 'vip', service: 'resource_monitoring', applied: '2026-03-05', start: '2026-03-10', days: 1 },
      { end: '2026-03-10' },
    ],
    [
      'seed 002 §5.5 VIP 资源监控与优化: a Monday start is LEAD_TIME_TOO_SHORT',
      { level: 'vip', service: 'resource_monitoring', applied: '2026-03-05', start: '2026-03-09', days: 1 },
      tooShort('2026-03-10', 3, 'working_days'),
    ],
    [
      'seed 002 §5.4 across the Labour Day holiday 2026: applied Thu 04-30, 05-01..05 off → 05-06, 05-07, 05-08',
      { level: 'vip', service: 'availability_check', applied: '2026-04-30', start: '2026-05-08', days: 1 },
      { end: '2026-05-08' },
    ],
    [
      'seed 002 §5.4 across Labour Day: Thursday 05-07 is the 2nd working day',
      { level: 'vip', service: 'availability_check', applied: '2026-04-30', start: '2026-05-07', days: 1 },
      tooShort('2026-05-08', 3, 'working_days'),
    ],
  ];
  it.each(rows)('%s', (_name, w, e) => expectSchedule({ catalog: 'isoftstone', ...w }, e));
});

describe('R-SR-3 lead times and durations: huaweicloud-partner (seed 003)', () => {
  const rows: [string, Omit<When, 'catalog'>, ScheduleExpected][] = [
    [
      'seed 003 §5.3 标准级 "合作伙伴须提前5个工作日提出申请": applied Monday → next Monday',
      {
        level: 'standard',
        service: 'event_protection',
        scenario: 'marketing_event',
        applied: '2026-03-02',
        start: '2026-03-09',
        days: 1,
      },
      { end: '2026-03-09' },
    ],
    [
      'seed 003 §5.3 标准级: a Friday start is LEAD_TIME_TOO_SHORT (a requirement, not advice)',
      {
        level: 'standard',
        service: 'event_protection',
        scenario: 'marketing_event',
        applied: '2026-03-02',
        start: '2026-03-06',
        days: 1,
      },
      tooShort('2026-03-09', 5, 'working_days'),
    ],
    [
      'seed 003 §5.3 尊享级 5 working days across Mid-autumn and the 调休 Sunday 09-20: applied Fri 09-18 → Thu 09-24',
      {
        level: 'premium',
        service: 'event_protection',
        scenario: 'technical_event',
        applied: '2026-09-18',
        start: '2026-09-24',
        days: 1,
      },
      { end: '2026-09-24' },
    ],
    [
      'seed 003 §5.3 尊享级: Wed 09-23 is only the 4th working day',
      {
        level: 'premium',
        service: 'event_protection',
        scenario: 'technical_event',
        applied: '2026-09-18',
        start: '2026-09-23',
        days: 1,
      },
      tooShort('2026-09-24', 5, 'working_days'),
    ],
    [
      'seed 003 §5.3 尊享级 "每年8自然日…每次以整数天申请": 8 natural days in one request',
      {
        level: 'premium',
        service: 'event_protection',
        scenario: 'technical_event',
        applied: '2026-03-02',
        start: '2026-03-13',
        days: 8,
      },
      { end: '2026-03-20' },
    ],
    [
      'seed 003 §5.3 "每次以整数天申请": 1.5 days → DURATION_NOT_ALLOWED (whole_days)',
      {
        level: 'standard',
        service: 'event_protection',
        scenario: 'marketing_event',
        applied: '2026-03-02',
        start: '2026-03-16',
        days: 1.5,
      },
      { code: 'DURATION_NOT_ALLOWED', details: { reason: 'whole_days' } },
    ],
    [
      'seed 003 §5.4 标准级 云产品架构咨询 "须提前3个工作日提出申请": applied Monday → Thursday',
      { level: 'standard', service: 'architecture_consulting', applied: '2026-03-02', start: '2026-03-05', days: 1 },
      { end: '2026-03-05' },
    ],
    [
      'seed 003 §5.4 云产品架构咨询: a Wednesday start is LEAD_TIME_TOO_SHORT',
      { level: 'standard', service: 'architecture_consulting', applied: '2026-03-02', start: '2026-03-04', days: 1 },
      tooShort('2026-03-05', 3, 'working_days'),
    ],
    [
      'seed 003 §5.4 "4工作日": 2 working days from Friday end on Monday',
      { level: 'standard', service: 'architecture_consulting', applied: '2026-03-02', start: '2026-03-06', days: 2 },
      { end: '2026-03-09' },
    ],
    [
      'seed 003 §5.4 尊享级 "8工作日": 8 working days from Monday end on the next Wednesday',
      { level: 'premium', service: 'architecture_consulting', applied: '2026-03-02', start: '2026-03-09', days: 8 },
      { end: '2026-03-18' },
    ],
    [
      'SPEC R-SR-2 partner consulting "may not start on a non-working day": a Saturday',
      { level: 'standard', service: 'architecture_consulting', applied: '2026-03-02', start: '2026-03-07', days: 1 },
      { code: 'VALIDATION_FAILED' },
    ],
    [
      'SPEC R-SR-2 partner consulting may not start on a public holiday: National Day 10-01 (a Thursday)',
      { level: 'premium', service: 'architecture_consulting', applied: '2026-09-21', start: '2026-10-01', days: 1 },
      { code: 'VALIDATION_FAILED' },
    ],
    [
      'SPEC R-SR-2 partner consulting may start on the 调休 working Saturday 10-10; 3 working days from Fri 10-09 are 10-09, 10-10, 10-12',
      { level: 'premium', service: 'architecture_consulting', applied: '2026-09-21', start: '2026-10-09', days: 3 },
      { end: '2026-10-12' },
    ],
    [
      'SPEC R-SR-2 partner consulting starting on the 调休 Saturday 10-10 itself',
      { level: 'premium', service: 'architecture_consulting', applied: '2026-09-21', start: '2026-10-10', days: 1 },
      { end: '2026-10-10' },
    ],
    [
      'seed 003 §5.4 working days skip the holiday week: 2 working days from Wed 09-30 are 09-30 and 10-08',
      { level: 'premium', service: 'architecture_consulting', applied: '2026-09-21', start: '2026-09-30', days: 2 },
      { end: '2026-10-08' },
    ],
    [
      'seed 003 §5.4 "每次以整数天申请": 0.5 working days → DURATION_NOT_ALLOWED',
      { level: 'standard', service: 'architecture_consulting', applied: '2026-03-02', start: '2026-03-05', days: 0.5 },
      { code: 'DURATION_NOT_ALLOWED', details: { reason: 'whole_days' } },
    ],
  ];
  it.each(rows)('%s', (_name, w, e) => expectSchedule({ catalog: 'huaweicloud-partner', ...w }, e));
});

describe('R-SR-3 lead times and durations: ctyun 重保 (seed 004 §1.5.11)', () => {
  const ep = (protectionLevel: number, applied: string, start: string, days: number, level = 'enterprise') => ({
    level,
    service: 'event_protection' as const,
    protectionLevel,
    scenario: 'important_activity',
    applied,
    start,
    days,
  });
  const rows: [string, Omit<When, 'catalog'>, ScheduleExpected][] = [
    [
      'R-SR-3 "applied 2026-05-11, 14 days ahead → start 2026-05-25 or later" (一级重保 "客户至少提前 14 天提交重保申请")',
      ep(1, '2026-05-11', '2026-05-25', 1),
      { end: '2026-05-25' },
    ],
    [
      'seed 004 §1.5.11 一级重保: 05-24 is 13 days ahead → LEAD_TIME_TOO_SHORT',
      ep(1, '2026-05-11', '2026-05-24', 1),
      tooShort('2026-05-25', 14, 'days'),
    ],
    [
      'seed 004 §1.5.11 一级重保 "一个重保周期原则上最长不超过 3 天": 3 days',
      ep(1, '2026-05-11', '2026-05-25', 3),
      { end: '2026-05-27' },
    ],
    [
      'seed 004 §1.5.11 一级重保: 4 days → DURATION_NOT_ALLOWED (maxDays 3)',
      ep(1, '2026-05-11', '2026-05-25', 4),
      { code: 'DURATION_NOT_ALLOWED', details: { maxDays: 3, protectionLevel: 1 } },
    ],
    [
      'seed 004 §1.5.11 一级重保: 14 calendar days ignore holidays (applied 09-28 → 10-12 across National Day)',
      ep(1, '2026-09-28', '2026-10-12', 1),
      { end: '2026-10-12' },
    ],
    [
      'seed 004 §1.5.11 一级重保: 10-11 across National Day is too soon',
      ep(1, '2026-09-28', '2026-10-11', 1),
      tooShort('2026-10-12', 14, 'days'),
    ],
    [
      'seed 004 §1.5.11 二级重保 "客户至少 7 天提交申请": applied 05-11 → 05-18',
      ep(2, '2026-05-11', '2026-05-18', 1),
      { end: '2026-05-18' },
    ],
    [
      'seed 004 §1.5.11 二级重保: 05-17 → LEAD_TIME_TOO_SHORT',
      ep(2, '2026-05-11', '2026-05-17', 1),
      tooShort('2026-05-18', 7, 'days'),
    ],
    [
      'seed 004 §1.5.11 二级重保 "最长不超过 5 天": 5 days',
      ep(2, '2026-05-11', '2026-05-18', 5),
      { end: '2026-05-22' },
    ],
    [
      'seed 004 §1.5.11 二级重保: 6 days → DURATION_NOT_ALLOWED (maxDays 5)',
      ep(2, '2026-05-11', '2026-05-18', 6),
      { code: 'DURATION_NOT_ALLOWED', details: { maxDays: 5, protectionLevel: 2 } },
    ],
    [
      'seed 004 §1.5.11 三级重保 "至少提前 5 天申请": applied 05-11 → 05-16 (a Saturday: calendar days)',
      ep(3, '2026-05-11', '2026-05-16', 1),
      { end: '2026-05-16' },
    ],
    [
      'seed 004 §1.5.11 三级重保: 05-15 → LEAD_TIME_TOO_SHORT',
      ep(3, '2026-05-11', '2026-05-15', 1),
      tooShort('2026-05-16', 5, 'days'),
    ],
    [
      'seed 004 §1.5.11 三级重保 "最长不超过 10 天": 10 days',
      ep(3, '2026-05-11', '2026-05-16', 10),
      { end: '2026-05-25' },
    ],
    [
      'seed 004 §1.5.11 三级重保: 11 days → DURATION_NOT_ALLOWED (maxDays 10)',
      ep(3, '2026-05-11', '2026-05-16', 11),
      { code: 'DURATION_NOT_ALLOWED', details: { maxDays: 10, protectionLevel: 3 } },
    ],
    [
      'seed 004 §1.5.11 轻量级 三级重保: the same 5 days / 10 days',
      ep(3, '2026-05-11', '2026-05-16', 10, 'light'),
      { end: '2026-05-25' },
    ],
    [
      'seed 004 §1.5.11 商业级 三级重保: 11 days → DURATION_NOT_ALLOWED',
      ep(3, '2026-05-11', '2026-05-16', 11, 'business'),
      { code: 'DURATION_NOT_ALLOWED', details: { maxDays: 10 } },
    ],
    [
      'seed 004 §1.5.11 三级重保: a start before the application date is LEAD_TIME_TOO_SHORT (a hard lead time)',
      ep(3, '2026-05-11', '2026-05-01', 1),
      tooShort('2026-05-16', 5, 'days'),
    ],
    [
      'seed 004 §1.5.11 重保 whole days: 2.5 days → DURATION_NOT_ALLOWED (whole_days)',
      ep(3, '2026-05-11', '2026-05-16', 2.5),
      { code: 'DURATION_NOT_ALLOWED', details: { reason: 'whole_days' } },
    ],
    [
      'seed 004 §1.5.6 商业级 可用性检查 on application (重大活动保障): no lead time in the seed, may start the day it is applied for',
      {
        level: 'business',
        service: 'availability_check',
        scenario: 'major_event',
        applied: '2026-05-11',
        start: '2026-05-11',
        days: 1,
      },
      { end: '2026-05-11' },
    ],
    [
      'seed 004 §1.5.6 商业级 可用性检查: a start before the application date is refused',
      {
        level: 'business',
        service: 'availability_check',
        scenario: 'major_event',
        applied: '2026-05-11',
        start: '2026-05-10',
        days: 1,
      },
      { code: 'VALIDATION_FAILED' },
    ],
  ];
  it.each(rows)('%s', (_name, w, e) => expectSchedule({ catalog: 'ctyun', ...w }, e));
});

describe('R-SR-2 the duration rule: wholeDays from the catalog', () => {
  const refusal = (days: number, wholeDays: boolean, maxDays = MAX_REQUEST_DAYS): Record<string, unknown> | null => {
    try {
      checkDuration(days, wholeDays, maxDays);
      return null;
    } catch (err) {
      expect(err).toBeInstanceOf(DomainError);
      expect((err as DomainError).code).toBe('DURATION_NOT_ALLOWED');
      return (err as DomainError).details;
    }
  };
  const rows: [string, number, boolean, Record<string, unknown> | null][] = [
    ['wholeDays true: 1 day', 1, true, null],
    ['wholeDays true: 366 days (a year at most)', 366, true, null],
    ['wholeDays true: 0 days', 0, true, { reason: 'whole_days', minDays: 1 }],
    ['wholeDays true: -1 day', -1, true, { reason: 'whole_days' }],
    ['wholeDays true: a half day', 0.5, true, { reason: 'whole_days' }],
    ['wholeDays true: 1.5 days', 1.5, true, { reason: 'whole_days' }],
    ['wholeDays true: 367 days', 367, true, { reason: 'too_long', maxDays: 366 }],
    ['wholeDays false: a half day', 0.5, false, null],
    ['wholeDays false: 1.5 days', 1.5, false, null],
    ['wholeDays false: 2 days', 2, false, null],
    ['wholeDays false: 0 days', 0, false, { reason: 'half_days', minDays: 0.5 }],
    ['wholeDays false: a quarter day', 0.25, false, { reason: 'half_days' }],
    ['wholeDays false: 1.75 days', 1.75, false, { reason: 'half_days' }],
    ['wholeDays false: -0.5 days', -0.5, false, { reason: 'half_days' }],
    ['wholeDays false: 366.5 days', 366.5, false, { reason: 'too_long', maxDays: 366 }],
  ];
  it.each(rows)('%s', (_name, days, wholeDays, expected) => {
    const got = refusal(days, wholeDays);
    if (expected === null) expect(got).toBeNull();
    else expect(got).toMatchObject({ days, ...expected });
  });

  it('wholeDays false in checkSchedule: a half day takes its date, 1.5 days end the next date (calendar) or the next working day', () => {
    const catalog = CATALOGS['huaweicloud-partner'];
    const service = { ...catalog.service('architecture_consulting')!, wholeDays: false };
    const d = decide({
      catalog: 'huaweicloud-partner',
      level: 'standard',
      service: 'architecture_consulting',
      now: '2026-03-02T10:00:00+08:00',
      anchor: '2026-01-05T10:00:00+08:00',
    });
    const at = (start: string, days: number) =>
      checkSchedule({
        service,
        allowance: d.allowance,
        protectionLevel: null,
        applicationDate: '2026-03-02',
        start,
        days,
        workdays: workdays(catalog, cnRegion(catalog)),
      });
    expect(at('2026-03-05', 0.5).end).toBe('2026-03-05');
    // Friday + half of the next working day, Monday (the allowance counts working days).
    expect(at('2026-03-06', 1.5).end).toBe('2026-03-09');
  });

  it('R-SR-2 a half day uses the whole day of a day-counted allowance; a request-counted allowance counts 1', () => {
    expect(unitsOf('days', 0.5)).toBe(1);
    expect(unitsOf('working_days', 1.5)).toBe(2);
    expect(unitsOf('days', 3)).toBe(3);
    expect(unitsOf('requests', 2.5)).toBe(1);
  });
});
