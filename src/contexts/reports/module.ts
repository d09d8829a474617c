/**
 * The reports module (R-RPT, 企业服务月报): the report routes, the schedule's sweeps (`reports.plan`,
 * `reports.send`), and the `report.deliver` outbox handler that prints the PDF and mails it. Its chart renderer and
 * warm browser are its own (closed with the app).
 */
import type { Deps } from '../../platform/deps.js';
import type { Module } from '../../platform/module.js';
import { registerReportRoutes } from './http/routes.js';
import { planSweep, sendSweep } from './jobs/sweeps.js';
import type { ReportsDeps, ReportsPorts } from './ports.js';
import { createChartRenderer } from './render/charts.js';
import { createPdfRenderer, type PdfRenderer } from './render/pdf.js';
import type { ReportsRuntime } from './use-cases/generate-report.js';
import { DELIVER_TOPIC, deliverHandler, planMonth, sendDue } from './use-cases/schedule.js';

export interface ReportsProvides {
  readonly pdf: PdfRenderer;
  /** Operations (bench, CLI): plan a month's schedule (up to `maxBatches` batches), make what is due at `now`. */
  planMonth(
    month: string,
    now: Date,
    opts?: { maxBatches?: number },
  ): Promise<{ done: boolean; scheduled: number; accounts: number }>;
  sendDue(now: Date, limit?: number): Promise<number>;
}

export function createReportsModule(deps: Deps, ports: ReportsPorts): Module<ReportsProvides> {
  const own: ReportsDeps = { ...deps, ports };
  const charts = createChartRenderer();
  const runtime: ReportsRuntime = { charts };
  const pdf = createPdfRenderer(deps.config.chromiumPath);
  const offered = !!deps.catalog.def.reports;
  return {
    name: 'reports',
    routes: (app) => registerReportRoutes(app, own, runtime, pdf),
    // A catalog without reports (huaweicloud-partner) schedules nothing.
    sweeps: offered ? [planSweep(own), sendSweep(own, runtime)] : [],
    outboxHandlers: { [DELIVER_TOPIC]: deliverHandler(own, pdf) },
    provides: {
      pdf,
      planMonth: (month, now, opts) => planMonth(own, month, now, opts),
      sendDue: (now, limit) => sendDue(own, runtime, now, limit),
    },
    async close() {
      charts.dispose();
      await pdf.close();
    },
  };
}
