/**
 * The advisor module (R-OA): ingest (resources, metrics), the customer's settings, runs, findings and exports
 * (routes); the schedule, the resume of interrupted runs and the one-month retention (sweeps); and the reads the
 * monthly report draws on (`provides.reports`).
 */
import type { Deps } from '../../platform/deps.js';
import type { Module } from '../../platform/module.js';
import { registerGroupRoutes } from './http/group-routes.js';
import { registerIngestRoutes } from './http/ingest-routes.js';
import { registerRunRoutes } from './http/run-routes.js';
import { registerSettingsRoutes } from './http/settings-routes.js';
import { resumeRunsSweep } from './jobs/resume-runs.js';
import { retentionSweep } from './jobs/retention.js';
import { scheduledRunsSweep } from './jobs/scheduled-runs.js';
import type { AdvisorDeps, AdvisorPorts } from './ports.js';
import {
  findingsForReport,
  metricSummary,
  resourceOverview,
  resourceOverviews,
  type MetricSummary,
  type ReportFinding,
  type ResourceOverview,
} from './use-cases/report-reads.js';
import type { RunTracker } from './use-cases/runs.js';
import type { RiskSummary } from './domain/finding.js';

/** What the monthly report (R-RPT-2) reads, for one account and a window [fromAt, toAt). */
export interface AdvisorReports {
  resourceOverview(accountId: string, fromAt: Date, toAt: Date): Promise<ResourceOverview>;
  /** resourceOverview of each account (every one asked has one), in a few queries. */
  resourceOverviews(accountIds: readonly string[], fromAt: Date, toAt: Date): Promise<Map<string, ResourceOverview>>;
  findingsForReport(
    accountId: string,
    window: { fromAt: Date; toAt: Date; locale: 'zh-CN' | 'en-US' },
  ): Promise<{ hasData: boolean; summary: RiskSummary; items: ReportFinding[] }>;
  /** `zone`: the local days of the series (default: the catalog's time zone). */
  metricSummary(accountId: string, metric: string, fromAt: Date, toAt: Date, zone?: string): Promise<MetricSummary>;
}

export interface AdvisorProvides {
  readonly reports: AdvisorReports;
}

export type AdvisorModule = Module<AdvisorProvides>;

export function createAdvisorModule(deps: Deps, ports: AdvisorPorts): AdvisorModule {
  const own: AdvisorDeps = { ...deps, ports };
  const tracker: RunTracker = { active: new Set() };
  return {
    name: 'advisor',
    routes(app) {
      registerIngestRoutes(app, own);
      registerSettingsRoutes(app, own);
      registerRunRoutes(app, own, tracker);
      registerGroupRoutes(app, own);
    },
    // Interrupted runs finish before the schedule starts new ones; retention last.
    sweeps: [resumeRunsSweep(own, tracker), scheduledRunsSweep(own, tracker), retentionSweep(own)],
    provides: {
      reports: {
        resourceOverview: (accountId, fromAt, toAt) => resourceOverview(own, accountId, fromAt, toAt),
        resourceOverviews: (accountIds, fromAt, toAt) => resourceOverviews(own, accountIds, fromAt, toAt),
        findingsForReport: (accountId, window) => findingsForReport(own, accountId, window),
        metricSummary: (accountId, metric, fromAt, toAt, zone) =>
          metricSummary(own, accountId, metric, fromAt, toAt, zone),
      },
    },
  };
}
