/**
 * Report routes (API.md "Monthly service reports", R-RPT): an account's list, one report as JSON, HTML (Accept:
 * text/html, or /html) or PDF (Accept: application/pdf, or /pdf), staff regenerate and the staff schedule view.
 */
import { z } from 'zod';
import type { FastifyReply } from 'fastify';
import type { App } from '../../../platform/http/app.js';
import { principalOf } from '../../../platform/http/auth-plugin.js';
import { errors, fileDownload, ZIdParam } from '../../../platform/http/schemas.js';
import { ZPageOf, ZPageQuery } from '../../../platform/pagination.js';
import type { ReportsDeps } from '../ports.js';
import type { PdfRenderer } from '../render/pdf.js';
import type { ReportsRuntime } from '../use-cases/generate-report.js';
import {
  listReports,
  listSchedule,
  loadVisibleReport,
  regenerateReport,
  reportPdf,
  reportView,
} from '../use-cases/views.js';
import { ZMonth, ZRegenerateIn, ZReportOut, ZReportSummaryOut, ZScheduleOut } from './schemas.js';

/** The page may not run script or load anything: styles and SVG are inline. */
const HTML_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'";

function sendHtml(reply: FastifyReply, html: string) {
  return reply
    .type('text/html; charset=utf-8')
    .header('content-security-policy', HTML_CSP)
    .header('x-content-type-options', 'nosniff')
    .serializer((x: unknown) => x as string)
    .send(html);
}

function sendPdf(reply: FastifyReply, data: Buffer, filename: string) {
  return reply
    .type('application/pdf')
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`)
    .header('x-content-type-options', 'nosniff')
    .serializer((x: unknown) => x as string)
    .send(data);
}

const fileName = (r: { month: string; version: number }) => `report-${r.month}-v${r.version}.pdf`;

export function registerReportRoutes(app: App, deps: ReportsDeps, runtime: ReportsRuntime, pdf: PdfRenderer): void {
  const tags = ['reports'];
  app.get(
    '/api/v1/accounts/:id/reports',
    {
      schema: {
        tags,
        operationId: 'listReports',
        summary: "The account's monthly service reports, newest month and version first",
        params: ZIdParam,
        querystring: ZPageQuery,
        response: { 200: ZPageOf(ZReportSummaryOut), ...errors(403, 404) },
      },
    },
    async (req) => listReports(deps, principalOf(req), req.params.id, req.query),
  );
  app.get(
    '/api/v1/reports/:id',
    {
      schema: {
        tags,
        operationId: 'getReport',
        summary: 'One report: JSON sections; with Accept: text/html the page, with Accept: application/pdf the PDF',
        params: ZIdParam,
        response: {
          200: ZReportOut.describe('JSON (text/html and application/pdf by the Accept header)'),
          ...errors(404, 503),
        },
      },
    },
    async (req, reply) => {
      const accept = req.headers.accept ?? '';
      const principal = principalOf(req);
      if (/application\/pdf/.test(accept) && !/application\/json/.test(accept)) {
        const { report, data } = await reportPdf(deps, pdf, principal, req.params.id);
        return sendPdf(reply, data, fileName(report));
      }
      const report = await loadVisibleReport(deps, principal, req.params.id);
      if (/text\/html/.test(accept) && !/application\/json/.test(accept)) return sendHtml(reply, report.html);
      return reportView(report);
    },
  );
  app.get(
    '/api/v1/reports/:id/html',
    {
      schema: {
        tags,
        operationId: 'getReportHtml',
        summary: 'The report page: one HTML document with its charts inline (no script, no external resource)',
        params: ZIdParam,
        response: {
          200: {
            description: 'The HTML page',
            content: { 'text/html': { schema: z.string() } },
          },
          ...errors(404),
        },
      },
    },
    async (req, reply) => sendHtml(reply, (await loadVisibleReport(deps, principalOf(req), req.params.id)).html),
  );
  app.get(
    '/api/v1/reports/:id/pdf',
    {
      schema: {
        tags,
        operationId: 'getReportPdf',
        summary: 'The report as PDF, printed from the same HTML (503 PDF_UNAVAILABLE without Chromium)',
        params: ZIdParam,
        response: { 200: fileDownload, ...errors(404, 503) },
      },
    },
    async (req, reply) => {
      const { report, data } = await reportPdf(deps, pdf, principalOf(req), req.params.id);
      return sendPdf(reply, data, fileName(report));
    },
  );
  app.post(
    '/api/v1/accounts/:id/reports/:month/regenerate',
    {
      schema: {
        tags,
        operationId: 'regenerateReport',
        summary: "Staff: make a month's report again as a new version (the old ones are kept), optionally mailed",
        params: ZIdParam.extend({ month: ZMonth }),
        body: ZRegenerateIn,
        response: { 201: ZReportOut, ...errors(400, 403, 404, 409) },
      },
    },
    async (req, reply) =>
      reply.status(201).send(
        await regenerateReport(deps, runtime, principalOf(req), {
          accountId: req.params.id,
          month: req.params.month,
          mail: req.body.mail,
        }),
      ),
  );
  app.get(
    '/api/v1/reports/schedule',
    {
      schema: {
        tags,
        operationId: 'listReportSchedule',
        summary: 'Staff: which reports are scheduled, made, sent or failed, by month; counts by status',
        querystring: ZPageQuery.extend({
          month: ZMonth.optional(),
          status: z.enum(['scheduled', 'generated', 'sent', 'failed']).optional(),
          accountId: z.string().min(1).max(100).optional(),
        }),
        response: {
          200: ZPageOf(ZScheduleOut).extend({
            counts: z.record(z.string(), z.number().int()),
            rule: z
              .object({
                due: z.object({ kind: z.enum(['calendar_day', 'working_day']), day: z.number().int() }),
                startsMonthAfterJoining: z.boolean(),
                sections: z.array(z.string()),
              })
              .nullable(),
          }),
          ...errors(403),
        },
      },
    },
    async (req) => listSchedule(deps, principalOf(req), req.query),
  );
}
