/** The advisor context's public face (R-OA): other contexts and the composition root import only this. */
export { createAdvisorModule, type AdvisorModule, type AdvisorProvides, type AdvisorReports } from './module.js';
export type { AdvisorAccount, AdvisorPorts } from './ports.js';
export type { MetricSummary, ReportFinding, ResourceOverview } from './use-cases/report-reads.js';
export type { RiskSummary } from './domain/finding.js';
