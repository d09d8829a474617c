/**
 * Issue 12 expedite: the staff queue orders tickets by deadline band, expedited tickets first within their band,
 * then by response deadline. A band is how soon the first response is due: overdue, within an hour, within four
 * hours, within a day, later; answered tickets come after all of them. An expedited ticket thus jumps the tickets
 * due about when it is, never one that is overdue while it is not.
 */
export const BAND_UPPER_MINUTES = [0, 60, 240, 1440] as const;
/** The band of answered tickets (after every waiting one). */
export const ANSWERED_BAND = BAND_UPPER_MINUTES.length + 1;

export function queueBand(input: { responseDueAtMs: number; respondedAtMs: number | null; nowMs: number }): number {
  if (input.respondedAtMs !== null) return ANSWERED_BAND;
  const minutesLeft = (input.responseDueAtMs - input.nowMs) / 60_000;
  const i = BAND_UPPER_MINUTES.findIndex((upper) => minutesLeft <= upper);
  return i === -1 ? BAND_UPPER_MINUTES.length : i;
}

/** Queue order of two tickets: band, then expedited first, then the earlier deadline. */
export function compareQueue(
  a: { band: number; expedited: boolean; responseDueAtMs: number },
  b: { band: number; expedited: boolean; responseDueAtMs: number },
): number {
  return a.band - b.band || Number(b.expedited) - Number(a.expedited) || a.responseDueAtMs - b.responseDueAtMs;
}
