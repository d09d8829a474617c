/** Issue 12 expedite: deadline bands of the staff queue, expedited first within a band; the catalog's terms. */
import { describe, expect, it } from 'vitest';
import { expeditePeriodKey, expediteTerms } from '../../src/contexts/tickets/domain/expedite.js';
import { ANSWERED_BAND, compareQueue, queueBand } from '../../src/contexts/tickets/domain/queue-band.js';

const NOW = Date.parse('2026-03-02T10:00:00Z');
const MIN = 60_000;

describe('issue 12 queue bands', () => {
  const cases = [
    { name: 'overdue', dueIn: -5, band: 0 },
    { name: 'due now', dueIn: 0, band: 0 },
    { name: 'in 30 minutes', dueIn: 30, band: 1 },
    { name: 'in exactly an hour', dueIn: 60, band: 1 },
    { name: 'in 61 minutes', dueIn: 61, band: 2 },
    { name: 'in 4 hours', dueIn: 240, band: 2 },
    { name: 'in 5 hours', dueIn: 300, band: 3 },
    { name: 'in 2 days', dueIn: 2880, band: 4 },
  ];
  for (const c of cases)
    it(`issue 12 ${c.name} → band ${c.band}`, () => {
      expect(queueBand({ responseDueAtMs: NOW + c.dueIn * MIN, respondedAtMs: null, nowMs: NOW })).toBe(c.band);
    });
  it('issue 12 answered tickets come after every waiting one', () => {
    expect(queueBand({ responseDueAtMs: NOW - MIN, respondedAtMs: NOW - 2 * MIN, nowMs: NOW })).toBe(ANSWERED_BAND);
  });
  it('issue 12 expedited first within a band, never ahead of an earlier band', () => {
    const a = { band: 2, expedited: false, responseDueAtMs: NOW + 70 * MIN };
    const b = { band: 2, expedited: true, responseDueAtMs: NOW + 200 * MIN };
    const overdue = { band: 0, expedited: false, responseDueAtMs: NOW - MIN };
    expect([a, b, overdue].sort(compareQueue)).toEqual([overdue, b, a]);
  });
});

describe('issue 12 expedite terms from the catalog', () => {
  const level = (features: { id: string; quantity?: { amount: number; period: 'natural_month' } }[]) =>
    ({ features }) as never;
  const def = { escalation: { expedite: { feature: 'ticket_expedite', reasonRequired: true } } };
  it('issue 12 only levels with the feature; its quantity is the quota', () => {
    expect(expediteTerms(def, level([{ id: 'help_center' }]))).toBeNull();
    expect(expediteTerms({ escalation: {} }, level([{ id: 'ticket_expedite' }]))).toBeNull();
    expect(expediteTerms(def, level([{ id: 'ticket_expedite' }]))).toEqual({
      feature: 'ticket_expedite',
      reasonRequired: true,
      quota: null,
    });
    const counted = expediteTerms(
      def,
      level([{ id: 'ticket_expedite', quantity: { amount: 2, period: 'natural_month' } }]),
    );
    expect(counted?.quota).toEqual({ amount: 2, period: 'natural_month' });
  });
  it('issue 12 period keys: natural month in the zone, subscription year from validFrom', () => {
    expect(expeditePeriodKey('natural_month', new Date('2026-01-31T17:00:00Z'), 'Asia/Shanghai', null)).toBe('2026-02');
    const from = new Date('2025-06-15T00:00:00+08:00');
    expect(expeditePeriodKey('subscription_year', new Date('2026-06-14T12:00:00+08:00'), 'Asia/Shanghai', from)).toBe(
      '2025-06-15',
    );
    expect(expeditePeriodKey('subscription_year', new Date('2026-06-15T12:00:00+08:00'), 'Asia/Shanghai', from)).toBe(
      '2026-06-15',
    );
  });
});
