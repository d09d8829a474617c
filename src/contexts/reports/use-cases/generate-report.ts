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
import { reportLocale } from '../domain/messages.js';
import type { ReportAccount, ReportsDeps } from '../ports.js';
import type { ChartRenderer } from '../render/charts.js';
import { renderReportHtml } from '../render/html.js';
import { insertReport, nextVersion, type ReportRow } from '../store/report-store.js';

/** The metrics the availability and health analyses read (seed 004 §1.5.8 表 1: CPU, memory, disk, bandwidth). */
export const HEALTH_METRICS = ['cpu_util', 'mem_util', 'disk_util', 'bandwidth_util'] as const;

export interface ReportsRuntime {
  readonly charts: ChartRenderer;
}

/**
 * The facts of each account's month (R-RPT-2: each from that account's rows only), read for the whole batch at once
 * — a few set-based queries, not a dozen per account. The advisor's findings and metrics (catalogs with an advisor)
 * are still read per account.
 */
export async function gatherFactsOf(
  deps: ReportsDeps,
  accounts: readonly ReportAccount[],
  month: string,
): Promise<Map<string, ReportFacts>> {
  const { db, catalog, ports } = deps;
  const { fromAt, toAt } = monthBounds(month, catalog.timeZone);
  const sectionIds = catalog.def.reports?.sections ?? [];
  const wants = (...ids: string[]) => ids.some((id) => sectionIds.includes(id));
  const months = Array.from({ length: 6 }, (_, i) => monthsBefore(month, 5 - i));
  const advisor = ports.advisor;
  const ids = accounts.map((a) => a.id);
  const tickets = await ports.ticketsOf(
    db,
    accounts.map((a) => ({ tenantId: a.tenantId, accountId: a.id })),
    fromAt,
    toAt,
  );
  const requests = await ports.deliveredRequestsOf(db, ids, fromAt, toAt);
  const resources =
    advisor && wants('summary', 'resource_overview', 'security', 'optimization_suggestions')
      ? await advisor.resourceOverviews(ids, fromAt, toAt)
      : null;
  const usage = wants('summary', 'consumption_trend') ? await ports.usageByMonthOf(db, ids, months) : null;
  const readFindings =
    advisor && catalog.def.advisor && wants('summary', 'security', 'optimization_suggestions', 'availability_analysis');
  const readMetrics = advisor && wants('availability_analysis', 'health_analysis');
  const out = new Map<string, ReportFacts>();
  for (const account of accounts) {
    const locale = reportLocale(account.locale);
    const findings = readFindings ? await advisor.findingsForReport(account.id, { fromAt, toAt, locale }) : null;
    const metrics = readMetrics
      ? await Promise.all(
          HEALTH_METRICS.map((m) => advisor.metricSummary(account.id, m, fromAt, toAt, catalog.timeZone)),
        )
      : [];
    out.set(account.id, {
      month,
      fromAt,
      toAt,
      locale,
      tickets: tickets.get(account.id) ?? [],
      requests: requests.get(account.id) ?? [],
      severityNames: namesOf(catalog.def.severities, locale),
      serviceNames: namesOf(catalog.def.services, locale),
      resources: resources?.get(account.id) ?? null,
      findings: findings ? findings.items : null,
      metrics,
      usage: usage?.get(account.id) ?? { records: 0, byMonth: [] },
      currency: catalog.def.currency,
    });
  }
  return out;
}

const names = new WeakMap<object, Map<string, ReadonlyMap<string, string>>>();
/** The catalog's names of its severities or services in a locale (made once per list and locale). */
function namesOf(list: readonly { id: string; names: Record<string, string> }[], locale: string) {
  let byLocale = names.get(list);
  if (!byLocale) names.set(list, (byLocale = new Map<string, ReadonlyMap<string, string>>()));
  let m = byLocale.get(locale);
  if (!m) byLocale.set(locale, (m = new Map(list.map((s) => [s.id, s.names[locale]!] as const))));
  return m;
}

export async function gatherFacts(deps: ReportsDeps, account: ReportAccount, month: string): Promise<ReportFacts> {
  return (await gatherFactsOf(deps, [account], month)).get(account.id)!;
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
  return (await prepareReports(deps, [{ account, levelId }], month))[0]!;
}

/** prepareReport of many accounts of one month, their facts read together (gatherFactsOf). */
export async function prepareReports(
  deps: ReportsDeps,
  items: readonly { account: ReportAccount; levelId: string | null }[],
  month: string,
): Promise<PreparedReport[]> {
  const facts = await gatherFactsOf(
    deps,
    items.map((i) => i.account),
    month,
  );
  return items.map(({ account, levelId }) => {
    const f = facts.get(account.id)!;
    const sections = buildSections(deps.catalog.def.reports?.sections ?? [], f);
    const levelName = levelId ? (deps.catalog.findLevel(levelId)?.names[f.locale] ?? null) : null;
    return { account, month, locale: f.locale, sections, levelName };
  });
}

/** Renders the prepared report as the next version and stores it, in the caller's transaction. */
export async function storeReport(
  tx: Db,
  deps: ReportsDeps,
  runtime: ReportsRuntime,
  p: PreparedReport,
  input: { trigger: 'schedule' | 'staff'; by: string | null; now: Date },
): Promise<ReportRow> {
  const row = await renderReport(deps, runtime, p, await nextVersion(tx, p.account.id, p.month), input);
  await insertReport(tx, row);
  return row;
}

/** The stored row of a prepared report as version `version` (its HTML rendered), not yet written. */
export async function renderReport(
  deps: ReportsDeps,
  runtime: ReportsRuntime,
  p: PreparedReport,
  version: number,
  input: { trigger: 'schedule' | 'staff'; by: string | null; now: Date },
): Promise<ReportRow> {
  const id = newId('rpt', input.now.getTime());
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
  return row;
}
