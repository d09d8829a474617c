/**
 * Make one account's report of one month (R-RPT-2): read that account's facts of the month through the ports,
 * build the catalog's sections, render the HTML, store it as the next version. `now` is the caller's (a sweep's due
 * instant, or the request's).
 */
import type { Db } from '../../../platform/db.js';
import { newId } from '../../../platform/ids.js';
import { buildSections, type ReportFacts, type Section } from '../domain/sections.js';
import { monthBounds } from '../domain/schedule.js';
import { monthsBefore } from '../domain/due.js';
import { reportLocale } from '../domain/texts.js';
import type { ReportAccount, ReportsDeps } from '../ports.js';
import type { ChartRenderer } from '../render/charts.js';
import { renderReportHtml } from '../render/html.js';
import { insertReport, nextVersion, type ReportRow } from '../store/report-store.js';

/** The metrics the availability and health analyses read (seed 004 §1.5.8 表 1: CPU, memory, disk, bandwidth). */
export const HEALTH_METRICS = ['cpu_util', 'mem_util', 'disk_util', 'bandwidth_util'] as const;

export interface ReportsRuntime {
  readonly charts: ChartRenderer;
}

export async function gatherFacts(deps: ReportsDeps, account: ReportAccount, month: string): Promise<ReportFacts> {
  const { db, catalog, ports } = deps;
  const { fromAt, toAt } = monthBounds(month, catalog.timeZone);
  const locale = reportLocale(account.locale);
  const sectionIds = catalog.def.reports?.sections ?? [];
  const wants = (...ids: string[]) => ids.some((id) => sectionIds.includes(id));
  const months = Array.from({ length: 6 }, (_, i) => monthsBefore(month, 5 - i));
  const advisor = ports.advisor;
  const [tickets, requests, resources, findings, metrics, usage] = await Promise.all([
    ports.tickets(db, account.tenantId, account.id, fromAt, toAt),
    ports.deliveredRequests(db, account.id, fromAt, toAt),
    advisor && wants('summary', 'resource_overview', 'security', 'optimization_suggestions')
      ? advisor.resourceOverview(account.id, fromAt, toAt)
      : Promise.resolve(null),
    advisor && catalog.def.advisor && wants('summary', 'security', 'optimization_suggestions', 'availability_analysis')
      ? advisor.findingsForReport(account.id, { fromAt, toAt, locale })
      : Promise.resolve(null),
    advisor && wants('availability_analysis', 'health_analysis')
      ? Promise.all(HEALTH_METRICS.map((m) => advisor.metricSummary(account.id, m, fromAt, toAt, catalog.timeZone)))
      : Promise.resolve([]),
    wants('summary', 'consumption_trend')
      ? ports.usageByMonth(db, account.id, months)
      : Promise.resolve({ records: 0, byMonth: [] }),
  ]);
  return {
    month,
    fromAt,
    toAt,
    locale,
    tickets,
    requests,
    severityNames: new Map(catalog.def.severities.map((s) => [s.id, s.names[locale]])),
    serviceNames: new Map(catalog.def.services.map((s) => [s.id, s.names[locale]])),
    resources,
    findings: findings ? findings.items : null,
    metrics,
    usage,
    currency: catalog.def.currency,
  };
}

/** What a report is made of, read before any transaction (PGlite has one connection: no read beside a writer). */
export interface PreparedReport {
  readonly account: ReportAccount;
  readonly month: string;
  readonly locale: ReportFacts['locale'];
  readonly sections: Section[];
  readonly levelName: string | null;
}

export async function prepareReport(
  deps: ReportsDeps,
  account: ReportAccount,
  month: string,
  levelId: string | null,
): Promise<PreparedReport> {
  const facts = await gatherFacts(deps, account, month);
  const sections = buildSections(deps.catalog.def.reports?.sections ?? [], facts);
  const levelName = levelId ? (deps.catalog.findLevel(levelId)?.names[facts.locale] ?? null) : null;
  return { account, month, locale: facts.locale, sections, levelName };
}

/** Renders the prepared report as the next version and stores it, in the caller's transaction. */
export async function storeReport(
  tx: Db,
  deps: ReportsDeps,
  runtime: ReportsRuntime,
  p: PreparedReport,
  input: { trigger: 'schedule' | 'staff'; by: string | null; now: Date },
): Promise<ReportRow> {
  const id = newId('rpt', input.now.getTime());
  const version = await nextVersion(tx, p.account.id, p.month);
  const html = await renderReportHtml(
    {
      id,
      month: p.month,
      version,
      locale: p.locale,
      timeZone: p.account.timeZone,
      accountName: p.account.name,
      accountId: p.account.id,
      providerName: deps.catalog.def.names[p.locale],
      levelName: p.levelName,
      generatedAt: input.now,
      sections: p.sections,
    },
    runtime.charts,
  );
  const row: ReportRow = {
    id,
    tenantId: p.account.tenantId,
    accountId: p.account.id,
    month: p.month,
    version,
    trigger: input.trigger,
    locale: p.locale,
    sections: p.sections,
    html,
    generatedBy: input.by,
    generatedAt: input.now,
  };
  await insertReport(tx, row);
  return row;
}
