/**
 * R-BIL-1: a prepaid multi-day record is spread evenly per day over its term. Exact split rule (cumulative
 * half-up): for a record of A minor units over n days, the first k days hold R(k) = ⌊A·k/n + ½⌋ (A·k/n rounded
 * half-up once), so the days [i, j) hold R(j) − R(i). The parts of any partition of the term (per day, per month,
 * per level segment) therefore add up to exactly A, and every part is within one minor unit of its exact share.
 * Unlike a largest-remainder split it needs no sort and has a closed form, so SQL computes it per record in the same
 * pass that sums the month (store/usage-sql.ts mirrors this function; a store test checks they agree).
 */

/** R(k): the record's amount on its first k days, half-up once. */
export function cumulativeShareMinor(amountMinor: bigint, totalDays: number, k: number): bigint {
  if (amountMinor < 0n) throw new RangeError('usage amounts are never negative');
  if (!Number.isInteger(totalDays) || totalDays < 1)
    throw new RangeError(`a record spans at least one day, got ${totalDays}`);
  const n = BigInt(totalDays);
  const kk = BigInt(Math.max(0, Math.min(totalDays, k)));
  return (2n * amountMinor * kk + n) / (2n * n);
}

/** The part of a record on its days [fromDay, toDayExclusive) (0-based from the record's first date). */
export function spreadPartMinor(
  amountMinor: bigint,
  totalDays: number,
  fromDay: number,
  toDayExclusive: number,
): bigint {
  if (toDayExclusive <= fromDay) return 0n;
  return (
    cumulativeShareMinor(amountMinor, totalDays, toDayExclusive) - cumulativeShareMinor(amountMinor, totalDays, fromDay)
  );
}
