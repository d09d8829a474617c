/** The response SLA clock (R-TKT-3): deadlines, the 80 % warning, breaches, re-grades and the clock's reading. */
export { responseDueAt, type ResponseTarget } from './response-due-at.js';
export { warningAt, WARNING_SHARE_PERCENT } from './warning-at.js';
export { isBreached } from './is-breached.js';
export { regrade, type RegradeInput, type RegradeResult } from './regrade.js';
export { readResponseClock, type ResponseClockReading } from './read-response-clock.js';
