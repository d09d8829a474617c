import { addBusinessTime } from '../calendar/add-business-time.js';
import { targetMs, type ResponseTarget } from './response-due-at.js';

/** Share of the target's open time after which staff are warned. */
export const WARNING_SHARE_PERCENT = 80;

/**
 * The instant 80 % of the target's open time has elapsed on the level's clock (an exact whole number of ms), with
 * responseDueAt's convention: a share used up at a close warns at the next opening, never in the off-hours.
 */
export function warningAt({ openedAtMs, targetMinutes, calendar }: ResponseTarget): number {
  return addBusinessTime(openedAtMs, (targetMs(targetMinutes) * WARNING_SHARE_PERCENT) / 100, calendar);
}
