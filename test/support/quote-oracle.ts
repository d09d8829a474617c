/**
 * An independent oracle for SPEC R-SUB-3/4/6/8 money, written without the engine's helpers: its own civil-date
 * arithmetic (days from 0000-03-01, month ends clamped by hand), its own decimal parser and exact fractions of
 * bigints, and half-up rounding done separately, once per money line.
 */

/** An exact fraction num/den, den > 0, kept reduced. */
export class Fraction {
  readonly num: bigint;
  readonly den: bigint;

  constructor(num: bigint, den: bigint = 1n) {
    if (den === 0n) throw new RangeError('zero denominator');
    if (den < 0n) {
      num = -num;
      den = -den;
    }
    const g = gcd(num < 0n ? -num : num, den);
    this.num = g > 1n ? num / g : num;
    this.den = g > 1n ? den / g : den;
  }

  static parseDecimal(s: string): Fraction {
    const m = /^(\d+)(?:\.(\d+))?$/.exec(s);
    if (!m) throw new Error(`oracle: not a decimal ${s}`);
    const frac = m[2] ?? '';
    return new Fraction(BigInt(m[1]! + frac), 10n ** BigInt(frac.length));
  }

  add(o: Fraction): Fraction {
    return new Fraction(this.num * o.den + o.num * this.den, this.den * o.den);
  }

  sub(o: Fraction): Fraction {
    return new Fraction(this.num * o.den - o.num * this.den, this.den * o.den);
  }

  mul(o: Fraction): Fraction {
    return new Fraction(this.num * o.num, this.den * o.den);
  }

  div(o: Fraction): Fraction {
    return new Fraction(this.num * o.den, this.den * o.num);
  }

  /** To an integer, halves rounded up (away from zero for the non-negative values money lines hold). */
  roundHalfUp(): bigint {
    if (this.num < 0n) throw new Error('oracle: money lines are never negative');
    const twice = (2n * this.num) / this.den; // floor(2x)
    return (twice + 1n) / 2n; // floor(x + 1/2)
  }
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a === 0n ? 1n : a;
}

// ---- civil dates (proleptic Gregorian), no date library -------------------------------------------------------

export interface Ymd {
  y: number;
  m: number;
  d: number;
}

export function parseYmd(s: string): Ymd {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) throw new Error(`oracle: not a date ${s}`);
  return { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
}

export function formatYmd({ y, m, d }: Ymd): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

export function daysInMonth(y: number, m: number): number {
  return [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
}

/** A day number: count every day of every year and month before the date, by brute summation. */
export function dayNumber(s: string): number {
  const { y, m, d } = parseYmd(s);
  let n = 0;
  for (let yy = 1900; yy < y; yy++) n += isLeap(yy) ? 366 : 365;
  for (let mm = 1; mm < m; mm++) n += daysInMonth(y, mm);
  return n + d;
}

/** S + n months, the day clamped to the target month's length (2026-01-31 + 1 month = 2026-02-28). */
export function addMonths(s: string, months: number): string {
  const { y, m, d } = parseYmd(s);
  const idx = y * 12 + (m - 1) + months;
  const ny = Math.floor(idx / 12);
  const nm = (idx % 12) + 1;
  return formatYmd({ y: ny, m: nm, d: Math.min(d, daysInMonth(ny, nm)) });
}

export interface OracleTerm {
  unit: 'month' | 'year';
  count: number;
}

export const monthsOf = (t: OracleTerm) => (t.unit === 'month' ? t.count : 12 * t.count);
export const addTermOracle = (s: string, t: OracleTerm) => addMonths(s, monthsOf(t));

// ---- the money of plan actions --------------------------------------------------------------------------------

export interface OraclePeriod {
  startDate: string;
  endDate: string;
  term: OracleTerm;
  /** Value basis and amount paid, in minor units. */
  basisMinor: bigint;
  paidMinor: bigint;
}

export interface OracleLevelPrice {
  /** The monthly fee as the catalog's decimal string (major units). */
  monthly: string;
}

export interface OracleResult {
  amountMinor: bigint;
  direction: 'charge' | 'refund';
  remainingDays: number | null;
  totalDays: number | null;
  paidMinor?: bigint;
  consumedMinor?: bigint;
  feeMinor?: bigint;
  /** Per period still ahead: [R, T, new-level value, old-level unused]. */
  lines: { R: number; T: number; newValue?: bigint; oldValue: bigint }[];
}

/** R = E − D (the action day counts), clamped to [0, T]; T = E − S. */
export function remainingDaysOracle(p: OraclePeriod, actionDate: string): { R: number; T: number } {
  const T = dayNumber(p.endDate) - dayNumber(p.startDate);
  const raw = dayNumber(p.endDate) - dayNumber(actionDate);
  return { R: Math.max(0, Math.min(T, raw)), T };
}

const ahead = (periods: OraclePeriod[], D: string) =>
  periods
    .filter((p) => dayNumber(p.endDate) > dayNumber(D))
    .sort((a, b) => dayNumber(a.startDate) - dayNumber(b.startDate));

function currentRT(periods: OraclePeriod[], D: string) {
  const d = dayNumber(D);
  const cur = periods.find((p) => dayNumber(p.startDate) <= d && d < dayNumber(p.endDate)) ?? periods[0];
  if (!cur) return { remainingDays: null, totalDays: null };
  const { R, T } = remainingDaysOracle(cur, D);
  return { remainingDays: R, totalDays: T };
}

/** Minor units of a major-unit fraction: × 10^minorUnits (exact). */
const toMinorFraction = (major: Fraction, minorUnits: number) => major.mul(new Fraction(10n ** BigInt(minorUnits)));

/** A level's price for a term in minor units: monthly × months, exact (no rounding needed, but done through fractions). */
export function termPriceOracle(level: OracleLevelPrice, term: OracleTerm, minorUnits: number): bigint {
  const f = toMinorFraction(Fraction.parseDecimal(level.monthly), minorUnits).mul(new Fraction(BigInt(monthsOf(term))));
  if (f.den !== 1n) throw new Error('oracle: a price finer than the currency');
  return f.num;
}

function levelChange(periods: OraclePeriod[], newLevel: OracleLevelPrice, D: string, minorUnits: number) {
  const rest = ahead(periods, D);
  let newTotal = 0n;
  let oldTotal = 0n;
  const lines: OracleResult['lines'] = [];
  for (const p of rest) {
    const { R, T } = remainingDaysOracle(p, D);
    const share = new Fraction(BigInt(R), BigInt(T));
    const newValue = new Fraction(termPriceOracle(newLevel, p.term, minorUnits)).mul(share).roundHalfUp();
    const oldValue = new Fraction(p.basisMinor).mul(share).roundHalfUp();
    newTotal += newValue;
    oldTotal += oldValue;
    lines.push({ R, T, newValue, oldValue });
  }
  return { newTotal, oldTotal, lines, ...currentRT(rest, D) };
}

/** R-SUB-3: charge = new level's value for the rest − old level's unused balance, never negative. */
export function oracleUpgrade(
  periods: OraclePeriod[],
  newLevel: OracleLevelPrice,
  D: string,
  minorUnits: number,
): OracleResult {
  const c = levelChange(periods, newLevel, D, minorUnits);
  const diff = c.newTotal - c.oldTotal;
  return {
    amountMinor: diff > 0n ? diff : 0n,
    direction: 'charge',
    remainingDays: c.remainingDays,
    totalDays: c.totalDays,
    lines: c.lines,
  };
}

/** R-SUB-4: refund = old level's unused balance − new level's value for the rest, never negative. */
export function oracleDowngrade(
  periods: OraclePeriod[],
  newLevel: OracleLevelPrice,
  D: string,
  minorUnits: number,
): OracleResult {
  const c = levelChange(periods, newLevel, D, minorUnits);
  const diff = c.oldTotal - c.newTotal;
  return {
    amountMinor: diff > 0n ? diff : 0n,
    direction: 'refund',
    remainingDays: c.remainingDays,
    totalDays: c.totalDays,
    lines: c.lines,
  };
}

/** R-SUB-6: refund = unused pro rata − handling fee, never negative; a no-reason refund gives back all that was paid. */
export function oracleUnsubscribe(
  periods: OraclePeriod[],
  D: string,
  feeMinor: bigint,
  noReason: boolean,
): OracleResult {
  const rest = ahead(periods, D);
  const paid = rest.reduce((s, p) => s + p.paidMinor, 0n);
  const rt = currentRT(rest, D);
  if (noReason)
    return {
      amountMinor: paid,
      direction: 'refund',
      ...rt,
      paidMinor: paid,
      consumedMinor: 0n,
      feeMinor: 0n,
      lines: [],
    };
  let unused = 0n;
  const lines: OracleResult['lines'] = [];
  for (const p of rest) {
    const { R, T } = remainingDaysOracle(p, D);
    const oldValue = new Fraction(p.basisMinor).mul(new Fraction(BigInt(R), BigInt(T))).roundHalfUp();
    unused += oldValue;
    lines.push({ R, T, oldValue });
  }
  const refund = unused - feeMinor > 0n ? unused - feeMinor : 0n;
  const consumed = paid - unused > 0n ? paid - unused : 0n;
  return { amountMinor: refund, direction: 'refund', ...rt, paidMinor: paid, consumedMinor: consumed, feeMinor, lines };
}

/** Minor units as a decimal string, for readable expectations. */
export function formatMinor(minor: bigint, minorUnits: number): string {
  const neg = minor < 0n;
  const s = (neg ? -minor : minor).toString().padStart(minorUnits + 1, '0');
  const body = minorUnits ? `${s.slice(0, -minorUnits)}.${s.slice(-minorUnits)}` : s;
  return neg ? `-${body}` : body;
}
