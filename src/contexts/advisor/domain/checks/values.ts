/** Small helpers of the evaluators: reading attributes as the cloud side sent them. Pure. */

export const round1 = (n: number) => Math.round(n * 10) / 10;

/** Absent, null or an empty string: nothing there (an EIP with `boundTo: null` is unbound). */
export const isMissing = (v: unknown) => v === undefined || v === null || v === '';

export function asNumber(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return null;
}

/** A value fit for evidence (numbers, strings, booleans, null; lists of them; anything else as JSON). */
export function evidenceValue(v: unknown): string | number | boolean | null | (string | number)[] {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number'))
    return v as (string | number)[];
  return JSON.stringify(v);
}
