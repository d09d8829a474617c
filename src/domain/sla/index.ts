/** The response SLA clock (R-TKT-3): deadlines, the 80 % warning, breaches and re-grades. */
export { responseDueAt, type ResponseTarget } from './response-due-at.js';
export { warningAt, WARNING_SHARE_PERCENT } from './warning-at.js';
export { isBreached } from './is-breached.js';
export { regrade, type RegradeInput, type RegradeResult } from './regrade.js';
