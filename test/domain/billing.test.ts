/**
 * R-BIL table tests from SPEC's worked figures and rules: the tier table (R-CAT-2), the incremental fee of a level
 * segment (R-BIL-2), which level holds each day of a month, sharing days (R-ACC-2), the per-day spread of prepaid
 * records (R-BIL-1) and the bill's lines. Expected values are worked out by hand from SPEC, never from the engine.
 */
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/contexts/catalog/use-cases/load-catalog.js';
import { draftBill, type SettledOrder } from '../../src/contexts/billing/domain/bill.js';
import { incrementalFee, tieredFee, usagePricingOf } from '../../src/contexts/billing/domain/incremental-fee.js';
import { dayIndexIn, monthsTouched, monthWindow } from '../../src/contexts/billing/domain/month.js';
import { levelByDay, segmentsOf, sharedByDay } from '../../src/contexts/billing/domain/segments.js';
import { cumulativeShareMinor, spreadPartMinor } from '../../src/contexts/billing/domain/usage-split.js';
import { excludedCategories, parseUsageRecord } from '../../src/contexts/billing/domain/usage-record.js';
import { progressText } from '../../src/app/billing-command.js';

const hw = await loadCatalog('huaweicloud-intl');
const partner = await loadCatalog('huaweicloud-partner');
const USD = hw.currency;
const usd = (major: string) => BigInt(major.replace('.', '')); // "6710.00" → 671000n
const pricing = (level: string) => usagePricingOf(hw.level(level).pricing, USD)!;
const roundedTiered = (level: string, consumption: string) => {
  const r = tieredFee(usd(consumption), pricing(level).tiers);
  return (2n * r.num + r.den) / (2n * r.den); // half-up
};
const at = (local: string) => new Date(`${local}+08:00`); // Asia/Shanghai, the catalog's zone
const march = monthWindow('2026-03', 'Asia/Shanghai');

describe('R-CAT-2 tier tables (the greater of the base fee or the tiered percentages)', () => {
  const cases = [
    { name: 'R-CAT-2 business at 100,000 → 6,710.00', level: 'business', consumption: '100000.00', fee: '6710.00' },
    {
      name: 'R-CAT-2 enterprise at 1,200,000 → 67,050.00',
      level: 'enterprise',
      consumption: '1200000.00',
      fee: '67050.00',
    },
    {
      name: 'business at 9,000 (top of the first tier): 10% → 900.00',
      level: 'business',
      consumption: '9000.00',
      fee: '900.00',
    },
    {
      name: 'business at 72,000: 900 + 7% × 63,000 = 5,310.00',
      level: 'business',
      consumption: '72000.00',
      fee: '5310.00',
    },
    {
      name: 'business at 300,000: 900 + 4,410 + 7,650 + 3% × 75,000 = 15,210.00',
      level: 'business',
      consumption: '300000.00',
      fee: '15210.00',
    },
    {
      name: 'enterprise at 135,000: 10% → 13,500.00 (equal to the base fee)',
      level: 'enterprise',
      consumption: '135000.00',
      fee: '13500.00',
    },
    { name: 'business at 0.05: 10% = 0.005 → 0.01 (half-up)', level: 'business', consumption: '0.05', fee: '0.01' },
    { name: 'business at 0.04: 10% = 0.004 → 0.00', level: 'business', consumption: '0.04', fee: '0.00' },
  ];
  it.each(cases)('$name', ({ level, consumption, fee }) => {
    expect(roundedTiered(level, consumption)).toBe(usd(fee));
  });
});

describe('R-BIL-2 incremental fee = max(0, tiered − base × segment days ÷ month days), half-up once', () => {
  const cases = [
    {
      name: 'R-BIL-2 business all March at 100,000: 6,710.00 − 90.00 = 6,620.00',
      level: 'business',
      consumption: '100000.00',
      days: 31,
      monthDays: 31,
      fee: '6620.00',
    },
    {
      name: 'R-BIL-2 enterprise all month at 1,200,000: 67,050.00 − 13,500.00 = 53,550.00 (a yearly plan subtracts exactly the monthly base)',
      level: 'enterprise',
      consumption: '1200000.00',
      days: 30,
      monthDays: 30,
      fee: '53550.00',
    },
    {
      name: 'R-BIL-2 business all month at 500: 50.00 < 90.00 → 0.00',
      level: 'business',
      consumption: '500.00',
      days: 31,
      monthDays: 31,
      fee: '0.00',
    },
    {
      name: 'R-BIL-2 business 14 of 31 days at 100,000: 6,710 − 90 × 14 ÷ 31 (40.6451…) = 6,669.35',
      level: 'business',
      consumption: '100000.00',
      days: 14,
      monthDays: 31,
      fee: '6669.35',
    },
    {
      name: 'R-BIL-2 enterprise 17 of 31 days at 1,200,000: 67,050 − 13,500 × 17 ÷ 31 (7,403.2258…) = 59,646.77',
      level: 'enterprise',
      consumption: '1200000.00',
      days: 17,
      monthDays: 31,
      fee: '59646.77',
    },
    {
      name: 'R-BIL-2 business 1 of 28 days at 30: 3.00 − 90 ÷ 28 (3.2142…) → 0.00',
      level: 'business',
      consumption: '30.00',
      days: 1,
      monthDays: 28,
      fee: '0.00',
    },
    {
      name: 'R-BIL-2 business 1 of 28 days at 40: 4.00 − 3.2142… = 0.7857… → 0.79',
      level: 'business',
      consumption: '40.00',
      days: 1,
      monthDays: 28,
      fee: '0.79',
    },
    {
      name: 'R-BIL-2 half-up at exactly half a cent: business all month at 900.05: 90.005 − 90.00 = 0.005 → 0.01',
      level: 'business',
      consumption: '900.05',
      days: 30,
      monthDays: 30,
      fee: '0.01',
    },
    {
      name: 'R-BIL-2 just under half a cent: business 2 of 30 days at 60.04: 6.004 − 6.00 = 0.004 → 0.00',
      level: 'business',
      consumption: '60.04',
      days: 2,
      monthDays: 30,
      fee: '0.00',
    },
  ];
  it.each(cases)('$name', ({ level, consumption, days, monthDays, fee }) => {
    expect(
      incrementalFee({ consumptionMinor: usd(consumption), pricing: pricing(level), segmentDays: days, monthDays })
        .amountMinor,
    ).toBe(usd(fee));
  });

  it('refuses impossible segments', () => {
    expect(() =>
      incrementalFee({ consumptionMinor: 1n, pricing: pricing('business'), segmentDays: 0, monthDays: 31 }),
    ).toThrow(RangeError);
    expect(() =>
      incrementalFee({ consumptionMinor: 1n, pricing: pricing('business'), segmentDays: 32, monthDays: 31 }),
    ).toThrow(RangeError);
  });

  it('R-BIL-2 fixed-fee and free levels have no usage pricing (developer, basic; partner plans)', () => {
    expect(usagePricingOf(hw.level('developer').pricing, USD)).toBeNull();
    expect(usagePricingOf(hw.level('basic').pricing, USD)).toBeNull();
    for (const level of partner.levels) expect(usagePricingOf(level.pricing, partner.currency)).toBeNull();
  });
});

describe('R-BIL-2 months and days in the provider time zone', () => {
  it('March 2026 in Asia/Shanghai starts at 2026-02-28T16:00Z and has 31 days', () => {
    expect(march.start.toISOString()).toBe('2026-02-28T16:00:00.000Z');
    expect(march.end.toISOString()).toBe('2026-03-31T16:00:00.000Z');
    expect([march.days, march.firstDate, march.lastDate]).toEqual([31, '2026-03-01', '2026-03-31']);
    expect(monthWindow('2028-02', 'Asia/Shanghai').days).toBe(29);
  });

  it('day indexes follow local midnights (also across a DST change: America/New_York, March 2026)', () => {
    expect(dayIndexIn(march, at('2026-03-01T00:00:00'))).toBe(0);
    expect(dayIndexIn(march, at('2026-02-28T23:59:59'))).toBe(-1);
    expect(dayIndexIn(march, at('2026-03-31T23:59:59'))).toBe(30);
    expect(dayIndexIn(march, at('2026-04-01T00:00:00'))).toBe(31);
    const ny = monthWindow('2026-03', 'America/New_York');
    expect(dayIndexIn(ny, new Date('2026-03-08T06:59:00Z'))).toBe(7); // 01:59 EST on the 8th
    expect(dayIndexIn(ny, new Date('2026-03-09T03:59:00Z'))).toBe(7); // 23:59 EDT on the 8th (a 23-hour day)
    expect(dayIndexIn(ny, new Date('2026-03-09T04:00:00Z'))).toBe(8);
  });

  it('a record touches every month between its dates', () => {
    expect(monthsTouched('2026-01-15', '2027-01-14')).toHaveLength(13);
    expect(monthsTouched('2026-03-05', '2026-03-05')).toEqual(['2026-03']);
  });
});

describe('R-BIL-2 the level of each day: the purchase and unsubscribe days included', () => {
  const days = (rows: { level: string; from: string; to?: string }[]) =>
    levelByDay(
      rows.map((r) => ({ level: r.level, fromAt: at(r.from), toAt: r.to ? at(r.to) : null })),
      march,
    );
  const seg = (rows: { level: string; from: string; to?: string }[]) =>
    segmentsOf(days(rows)).map((s) => [s.level, s.firstDay + 1, s.lastDay + 1]);

  const cases = [
    {
      name: 'held all month (bought in February)',
      rows: [{ level: 'business', from: '2026-02-10T09:00:00' }],
      segments: [['business', 1, 31]],
    },
    {
      name: 'R-BIL-2 bought on the 5th at 10:00: the purchase day counts',
      rows: [{ level: 'business', from: '2026-03-05T10:00:00' }],
      segments: [['business', 5, 31]],
    },
    {
      name: 'R-BIL-2 upgraded on the 15th at 15:00: the change day is the new level’s (R-SUB-8 counts it as remaining for the old)',
      rows: [
        { level: 'developer', from: '2026-02-01T10:00:00', to: '2026-03-15T15:00:00' },
        { level: 'business', from: '2026-03-15T15:00:00' },
      ],
      segments: [
        ['developer', 1, 14],
        ['business', 15, 31],
      ],
    },
    {
      name: 'R-BIL-2 unsubscribed on the 20th at 11:00: the unsubscribe day counts',
      rows: [{ level: 'business', from: '2026-02-01T10:00:00', to: '2026-03-20T11:00:00' }],
      segments: [['business', 1, 20]],
    },
    {
      name: 'R-SUB-5 expired at 23:59:59 of E (the 10th): the 10th is held',
      rows: [{ level: 'business', from: '2026-02-10T09:00:00', to: '2026-03-10T23:59:59' }],
      segments: [['business', 1, 10]],
    },
    {
      name: 'a row ending exactly at local midnight does not hold the day it ends on',
      rows: [{ level: 'business', from: '2026-02-10T09:00:00', to: '2026-03-11T00:00:00' }],
      segments: [['business', 1, 10]],
    },
    {
      name: 'bought and unsubscribed at one instant: that day only',
      rows: [{ level: 'business', from: '2026-03-07T12:00:00', to: '2026-03-07T12:00:00' }],
      segments: [['business', 7, 7]],
    },
    {
      name: 'ended before the month: nothing',
      rows: [{ level: 'business', from: '2026-01-01T09:00:00', to: '2026-02-28T23:59:59' }],
      segments: [],
    },
    {
      name: 'bought in April: nothing in March',
      rows: [{ level: 'business', from: '2026-04-01T00:00:00' }],
      segments: [],
    },
    {
      name: 'upgrade then downgrade on the same day: the day is the last level’s',
      rows: [
        { level: 'business', from: '2026-02-01T10:00:00', to: '2026-03-10T09:00:00' },
        { level: 'enterprise', from: '2026-03-10T09:00:00', to: '2026-03-10T17:00:00' },
        { level: 'business', from: '2026-03-10T17:00:00' },
      ],
      segments: [['business', 1, 31]],
    },
    {
      name: 'business → enterprise → business: three segments, the same level twice',
      rows: [
        { level: 'business', from: '2026-02-01T10:00:00', to: '2026-03-10T09:00:00' },
        { level: 'enterprise', from: '2026-03-10T09:00:00', to: '2026-03-20T09:00:00' },
        { level: 'business', from: '2026-03-20T09:00:00' },
      ],
      segments: [
        ['business', 1, 9],
        ['enterprise', 10, 19],
        ['business', 20, 31],
      ],
    },
  ];
  it.each(cases)('$name', ({ rows, segments }) => {
    expect(seg(rows)).toEqual(segments);
  });
});

describe('R-ACC-2 the days a custody master shared its plan (on at some moment of the day)', () => {
  const shared = (switches: { at: string; enabled: boolean }[]) =>
    sharedByDay(
      switches.map((s) => ({ at: at(s.at), enabled: s.enabled })),
      march,
    )
      .map((on, d) => (on ? d + 1 : 0))
      .filter(Boolean);
  it('on since February: every day', () =>
    expect(shared([{ at: '2026-02-01T10:00:00', enabled: true }])).toHaveLength(31));
  it('on the 10th at 10:00, off the 12th at 09:00: the 10th, 11th and 12th', () =>
    expect(
      shared([
        { at: '2026-03-10T10:00:00', enabled: true },
        { at: '2026-03-12T09:00:00', enabled: false },
      ]),
    ).toEqual([10, 11, 12]));
  it('off before the month: none; repeated "on" switches change nothing', () => {
    expect(
      shared([
        { at: '2026-01-10T10:00:00', enabled: true },
        { at: '2026-02-12T09:00:00', enabled: false },
      ]),
    ).toEqual([]);
    expect(
      shared([
        { at: '2026-03-30T10:00:00', enabled: true },
        { at: '2026-03-31T10:00:00', enabled: true },
      ]),
    ).toEqual([30, 31]);
  });
});

describe('R-BIL-1 per-day spread of prepaid records: cumulative half-up, parts add up exactly', () => {
  it('a yearly record of 1,000.00 from 2026-01-01 (365 days): March holds days 59…89', () => {
    const A = usd('1000.00');
    // R(k) = ⌊(2·100000·k + 365) ÷ 730⌋; March = R(90) − R(59) = 24658 − 16164 = 8494 (84.94; exact share 84.9315…)
    expect(cumulativeShareMinor(A, 365, 59)).toBe(16164n);
    expect(cumulativeShareMinor(A, 365, 90)).toBe(24658n);
    expect(spreadPartMinor(A, 365, 59, 90)).toBe(8494n);
  });
  it('the twelve monthly parts of a yearly record add up to the record, each within one cent of its share', () => {
    const A = 123_457n;
    const starts = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365];
    const parts = starts.slice(0, 12).map((s, i) => spreadPartMinor(A, 365, s, starts[i + 1]!));
    expect(parts.reduce((a, b) => a + b, 0n)).toBe(A);
    parts.forEach((p, i) => {
      const exact = (Number(A) * (starts[i + 1]! - starts[i]!)) / 365;
      expect(Math.abs(Number(p) - exact)).toBeLessThan(1);
    });
  });
  it('a 3-day record of 0.10 puts 0.03, 0.04, 0.03 on its days', () => {
    expect([0, 1, 2].map((d) => spreadPartMinor(10n, 3, d, d + 1))).toEqual([3n, 4n, 3n]);
  });
});

describe('R-BIL-1 support plans, professional services and marketplace never count, whatever a catalog says', () => {
  it('a catalog that lists no exclusions still leaves the three out; one that lists more adds them', () => {
    expect(excludedCategories([]).sort()).toEqual(['marketplace', 'professional_service', 'support_plan']);
    expect(excludedCategories(['training', 'marketplace']).sort()).toEqual([
      'marketplace',
      'professional_service',
      'support_plan',
      'training',
    ]);
  });
});

describe('R-BIL-1 a record is checked field by field', () => {
  const ctx = { currency: USD, categories: ['cloud', 'marketplace'], prefix: 'body.records.2' };
  const ok = {
    id: 'r1',
    accountId: 'acc_1',
    service: 'ecs',
    category: 'cloud',
    listPrice: { amount: '12.34', currency: 'USD' },
    from: '2026-03-01',
    to: '2026-03-31',
  };
  const issues = (patch: object) => {
    const r = parseUsageRecord({ ...ok, ...patch }, 2, ctx);
    return 'issues' in r ? r.issues.map((i) => i.path) : [];
  };
  it('a valid record parses, with a content hash that changes with the content', () => {
    const a = parseUsageRecord(ok, 0, ctx);
    const b = parseUsageRecord({ ...ok, service: 'rds' }, 0, ctx);
    expect(
      'record' in a && 'record' in b && a.record.amountMinor === 1234n && a.record.contentHash !== b.record.contentHash,
    ).toBe(true);
  });
  it.each([
    {
      name: 'another currency',
      patch: { listPrice: { amount: '1.00', currency: 'CNY' } },
      path: 'body.records.2.listPrice.currency',
    },
    {
      name: 'more decimals than the currency',
      patch: { listPrice: { amount: '1.001', currency: 'USD' } },
      path: 'body.records.2.listPrice.amount',
    },
    {
      name: 'a negative list price',
      patch: { listPrice: { amount: '-1.00', currency: 'USD' } },
      path: 'body.records.2.listPrice.amount',
    },
    { name: 'an unknown category', patch: { category: 'gpu' }, path: 'body.records.2.category' },
    { name: 'to before from', patch: { to: '2026-02-28' }, path: 'body.records.2.to' },
    { name: 'not a calendar date', patch: { from: '2026-02-30' }, path: 'body.records.2.from' },
    { name: 'longer than 1,830 days', patch: { from: '2020-01-01', to: '2026-01-31' }, path: 'body.records.2.to' },
  ])('VALIDATION_FAILED path for $name', ({ patch, path }) => {
    expect(issues(patch)).toEqual([path]);
  });
});

describe('R-BIL-3 the bill of a month: order lines and one incremental line per usage-billed segment', () => {
  const order = (o: Partial<SettledOrder>): SettledOrder => ({
    id: 'ord_1',
    number: '20260305000001',
    type: 'new',
    level: 'business',
    fromLevel: null,
    direction: 'charge',
    amountMinor: 9000n,
    at: at('2026-03-05T10:00:00'),
    termUnit: 'month',
    termCount: 1,
    addOnType: null,
    addOnCount: null,
    autoRenew: false,
    placedBy: 'admin',
    ...o,
  });
  it('R-BIL-2 a purchase on the 5th: the base fee and the incremental fee of 27 days', () => {
    const bill = draftBill({
      catalog: hw,
      window: march,
      locale: 'en-US',
      orders: [order({})],
      segments: [{ level: 'business', firstDay: 4, lastDay: 30, consumptionMinor: usd('100000.00') }],
    })!;
    // 6,710.00 − 90 × 27 ÷ 31 (78.3870…) = 6,631.6129… → 6,631.61
    expect(bill.lines.map((l) => [l.kind, l.level, l.days, l.amountMinor])).toEqual([
      ['base', 'business', null, 9000n],
      ['incremental', 'business', 27, usd('6631.61')],
    ]);
    expect(bill.totalMinor).toBe(usd('6721.61'));
    expect(bill.consumptionMinor).toBe(usd('100000.00'));
    expect(bill.lines[1]!.description).toBe(
      'Incremental support fee, Business, 2026-03-05 to 2026-03-31 (27 of 31 days): consumption 100000.00 USD',
    );
  });
  it('R-SUB-6 an unsubscribe refund is a negative refund line; R-SUB-5 an auto-renewal a base line', () => {
    const bill = draftBill({
      catalog: hw,
      window: march,
      locale: 'zh-CN',
      orders: [
        order({
          id: 'o2',
          type: 'unsubscribe',
          level: 'basic',
          fromLevel: 'business',
          direction: 'refund',
          amountMinor: 3000n,
          at: at('2026-03-20T11:00:00'),
        }),
        order({
          id: 'o1',
          type: 'renew',
          autoRenew: true,
          placedBy: 'system:auto-renew',
          at: at('2026-03-02T23:59:59'),
        }),
      ],
      segments: [],
    })!;
    expect(bill.lines.map((l) => [l.kind, l.level, l.amountMinor, l.orderId])).toEqual([
      ['base', 'business', 9000n, 'o1'],
      ['refund', 'business', -3000n, 'o2'],
    ]);
    expect(bill.lines[0]!.description).toContain('自动续费');
    expect(bill.totalMinor).toBe(6000n);
  });
  it('R-BIL-2 a fixed-fee level and a prepaid catalog bill no incremental fee; nothing to bill is no bill', () => {
    expect(
      draftBill({
        catalog: hw,
        window: march,
        locale: 'en-US',
        orders: [],
        segments: [{ level: 'developer', firstDay: 0, lastDay: 30, consumptionMinor: usd('100000.00') }],
      }),
    ).toBeNull();
    const std = partner.levels.find((l) => l.purchasable)!;
    expect(
      draftBill({
        catalog: partner,
        window: march,
        locale: 'en-US',
        orders: [],
        segments: [{ level: std.id, firstDay: 0, lastDay: 30, consumptionMinor: usd('100000.00') }],
      }),
    ).toBeNull();
  });
});

describe('tierdesk billing run: progress on a terminal (a bar) and elsewhere (lines)', () => {
  const p = {
    month: '2026-03',
    phase: 'bills' as const,
    accountsDone: 40_000,
    accountsTotal: 100_000,
    billsCreated: 39_990,
    alreadyBilled: 10,
  };
  it('a bar of 30 cells with the percentage and counts', () => {
    expect(progressText(p, { bar: true })).toBe(
      'billing 2026-03 [############------------------]  40% 40000/100000 accounts, 39990 bills created, 10 already billed',
    );
  });
  it('a plain line per batch', () => {
    expect(progressText(p, { bar: false })).toBe(
      'billing 2026-03: 40000/100000 accounts, 39990 bills created, 10 already billed',
    );
  });
});
