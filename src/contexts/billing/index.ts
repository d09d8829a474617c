/** The billing context's public face: other contexts and the composition root import only this. */
export { createBillingModule, type BillingPorts } from './module.js';
export { runMonth, type RunMonthOptions, type RunProgress, type RunSummary } from './use-cases/run-month.js';
export { isMonth } from './domain/month.js';
export { usageByMonth, usageByMonthOf, type MonthlyUsage } from './store/report-reads.js';
