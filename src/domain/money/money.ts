/**
 * Money as bigint minor units (R-SUB-8: money is never a float).
 * Decimal strings on the wire ("588000.00"), exact rationals in between, half-up rounding once per line.
 */

export interface Currency {
  readonly code: string;
  /** Digits after the decimal point: 2 for USD and CNY, 0 for JPY. */
  readonly minorUnits: number;
}

/** An exact non-normalised fraction num/den with den > 0. */
export interface Rational {
  readonly num: bigint;
  readonly den: bigint;
}

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

export class MoneyFormatError extends Error {
  constructor(
    readonly input: string,
    reason: string,
  ) {
    super(`"${input}" is not a valid amount: ${reason}`);
  }
}

/** Parses an exact decimal string ("0.07", "13500", "-2.5") into a rational. */
export function parseDecimal(input: string): Rational {
  const m = DECIMAL.exec(input.trim());
  if (!m) throw new MoneyFormatError(input, 'expected a plain decimal number such as "12.34"');
  const [, sign, whole, frac = ''] = m;
  const den = 10n ** BigInt(frac.length);
  const num = BigInt(whole! + frac) * (sign ? -1n : 1n);
  return { num, den };
}

/** Parses a decimal string in the currency's precision into minor units; more digits than the currency has is an error. */
export function parseMoney(input: string, currency: Currency): bigint {
  const m = DECIMAL.exec(input.trim());
  if (!m) throw new MoneyFormatError(input, 'expected a decimal string such as "12.34"');
  const [, sign, whole, frac = ''] = m;
  if (frac.length > currency.minorUnits) {
    throw new MoneyFormatError(input, `${currency.code} has ${currency.minorUnits} decimal places`);
  }
  const minor =
    BigInt(whole!) * 10n ** BigInt(currency.minorUnits) + BigInt(frac.padEnd(currency.minorUnits, '0') || '0');
  return sign ? -minor : minor;
}

/** Formats minor units as a decimal string with exactly the currency's decimal places. */
export function formatMoney(minor: bigint, currency: Currency): string {
  const negative = minor < 0n;
  const abs = negative ? -minor : minor;
  const scale = 10n ** BigInt(currency.minorUnits);
  const whole = abs / scale;
  const frac = (abs % scale).toString().padStart(currency.minorUnits, '0');
  const body = currency.minorUnits > 0 ? `${whole}.${frac}` : `${whole}`;
  return negative ? `-${body}` : body;
}

/** Rounds num/den to the nearest integer, halves away from zero (half-up on magnitudes). */
export function roundHalfUp(num: bigint, den: bigint): bigint {
  if (den === 0n) throw new RangeError('division by zero');
  if (den < 0n) {
    num = -num;
    den = -den;
  }
  const negative = num < 0n;
  const abs = negative ? -num : num;
  const q = abs / den;
  const r = abs % den;
  const rounded = r * 2n >= den ? q + 1n : q;
  return negative ? -rounded : rounded;
}

/** a × b ÷ c, exact until the single half-up rounding at the end. */
export function mulDivHalfUp(a: bigint, b: bigint, c: bigint): bigint {
  return roundHalfUp(a * b, c);
}

/** A rational amount in major units (e.g. 135000 × 0.10) expressed in minor units, rounded half-up once. */
export function rationalToMinor(value: Rational, currency: Currency): bigint {
  return roundHalfUp(value.num * 10n ** BigInt(currency.minorUnits), value.den);
}

export function addRational(a: Rational, b: Rational): Rational {
  return { num: a.num * b.den + b.num * a.den, den: a.den * b.den };
}

export function mulRational(a: Rational, b: Rational): Rational {
  return { num: a.num * b.num, den: a.den * b.den };
}

/** Converts minor units to an exact rational in major units. */
export function minorToRational(minor: bigint, currency: Currency): Rational {
  return { num: minor, den: 10n ** BigInt(currency.minorUnits) };
}

export function compareRational(a: Rational, b: Rational): number {
  const l = a.num * b.den;
  const r = b.num * a.den;
  return l < r ? -1 : l > r ? 1 : 0;
}

/** Known ISO 4217 precisions; a catalog may name any other currency together with its minor units. */
export const KNOWN_MINOR_UNITS: Readonly<Record<string, number>> = Object.freeze({
  CNY: 2,
  USD: 2,
  EUR: 2,
  HKD: 2,
  SGD: 2,
  GBP: 2,
  JPY: 0,
  KRW: 0,
  THB: 2,
  BRL: 2,
  MXN: 2,
  ZAR: 2,
  TRY: 2,
  SAR: 2,
});
