/** The reports context's public face (R-RPT): the composition root imports only this. */
export { createReportsModule, type ReportsProvides } from './module.js';
export type { DeliveredRequest, ReportAccount, ReportLevel, ReportsPorts } from './ports.js';
