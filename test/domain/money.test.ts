import { describe, expect, it } from 'vitest';
import { formatMoney, parseMoney, roundHalfUp, mulDivHalfUp, parseDecimal } from '../../src/domain/money/money.js';

const USD = { code: 'USD', minorUnits: 2 };
const JPY = { code: 'JPY', minorUnits: 0 };

describe('money', () => {
  it.each([
    ['588000.00', 58_800_000n],
    ['0.01', 1n],
    ['90', 9000n],
    ['-12.5', -1250n],
  ])('parses %s', (s, minor) => expect(parseMoney(s, USD)).toBe(minor));

  it('refuses more decimals than the currency has, and non-numbers', () => {
    expect(() => parseMoney('1.001', USD)).toThrow(/2 decimal places/);
    expect(() => parseMoney('1.5', JPY)).toThrow();
    expect(() => parseMoney('1e3', USD)).toThrow();
    expect(() => parseMoney('', USD)).toThrow();
  });

  it.each([
    [58_800_000n, USD, '588000.00'],
    [5n, USD, '0.05'],
    [-1250n, USD, '-12.50'],
    [1200n, JPY, '1200'],
  ])('formats %s', (minor, cur, s) => expect(formatMoney(minor, cur)).toBe(s));

  it.each([
    [5n, 2n, 3n], // 2.5 → 3
    [7n, 2n, 4n], // 3.5 → 4
    [-5n, 2n, -3n], // half away from zero
    [4n, 3n, 1n],
    [5n, 3n, 2n],
    [1n, 3n, 0n],
  ])('rounds %s/%s half-up to %s', (n, d, r) => expect(roundHalfUp(n, d)).toBe(r));

  it('R-SUB-3 worked example: 500/month × 24 months ÷ … stays exact', () => {
    expect(mulDivHalfUp(60_000_000n, 730n, 730n)).toBe(60_000_000n);
    expect(mulDivHalfUp(1_200_000n, 1n, 3n)).toBe(400_000n);
  });

  it('parses rates exactly', () => {
    expect(parseDecimal('0.07')).toEqual({ num: 7n, den: 100n });
  });
});
