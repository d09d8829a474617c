/**
 * What the monthly service report (R-RPT-2) reads from the advisor, for one account and a window [fromAt, toAt):
 * - resourceOverview: the inventory at `toAt` by type and its changes in the window (resource_overview);
 * - findingsForReport: the findings open at some time in the window, texts in `locale` (security,
 *   optimization_suggestions);
 * - metricSummary: one metric per local day and per resource (availability and health analysis).
 * Each says `hasData: false` where nothing came in (R-RPT-3: the report says so rather than inventing numbers). The
 * advisor keeps one month of data, so a report on the month just ended finds it; older windows find none.
 */
import type { AdvisorDimension, AdvisorSeverity } from '../../../domain/catalog/advisor-schema.js';
import { findingText, summarize } from '../domain/finding.js';
import type { Evidence } from '../domain/types.js';
import type { AdvisorDeps } from '../ports.js';
import { findingsBetween } from '../store/finding-store.js';
import { overviewOf, overviewsOf, resourceLabels } from '../store/resource-store.js';
import { metricSummaryOf } from '../store/sample-store.js';

export interface ResourceOverview {
  readonly hasData: boolean;
  readonly total: number;
  readonly byType: { type: string; count: number }[];
  readonly added: number;
  readonly removed: number;
  readonly changed: number;
  readonly changes: { resourceId: string; resourceType: string; change: string; at: string }[];
}

export async function resourceOverview(
  deps: AdvisorDeps,
  accountId: string,
  fromAt: Date,
  toAt: Date,
): Promise<ResourceOverview> {
  return toOverview(await overviewOf(deps.db, accountId, fromAt, toAt));
}

/** resourceOverview of each account, in two queries (the monthly report's batches). */
export async function resourceOverviews(
  deps: AdvisorDeps,
  accountIds: readonly string[],
  fromAt: Date,
  toAt: Date,
): Promise<Map<string, ResourceOverview>> {
  const out = new Map<string, ResourceOverview>();
  for (const [id, o] of await overviewsOf(deps.db, accountIds, fromAt, toAt)) out.set(id, toOverview(o));
  return out;
}

function toOverview(o: Awaited<ReturnType<typeof overviewOf>>): ResourceOverview {
  const total = o.byType.reduce((n, t) => n + t.count, 0);
  const count = (kinds: string[]) => o.changes.filter((c) => kinds.includes(c.change)).length;
  return {
    hasData: total > 0 || o.changes.length > 0,
    total,
    byType: o.byType,
    added: count(['created', 'returned']),
    removed: count(['gone']),
    changed: count(['updated']),
    changes: o.changes.map((c) => ({ ...c, at: c.at.toISOString() })),
  };
}

export interface ReportFinding {
  readonly ruleId: string;
  readonly dimension: AdvisorDimension;
  readonly severity: AdvisorSeverity;
  readonly status: 'open' | 'resolved';
  readonly resourceId: string | null;
  readonly title: string;
  readonly detail: string;
  readonly recommendation: string;
  readonly firstSeenAt: string;
  readonly lastSeenAt: string;
  readonly resolvedAt: string | null;
}

export async function findingsForReport(
  deps: AdvisorDeps,
  accountId: string,
  window: { fromAt: Date; toAt: Date; locale: 'zh-CN' | 'en-US' },
): Promise<{ hasData: boolean; summary: ReturnType<typeof summarize>; items: ReportFinding[] }> {
  const rows = await findingsBetween(deps.db, accountId, window.fromAt, window.toAt);
  const labels = await resourceLabels(
    deps.db,
    accountId,
    rows.flatMap((r) => (r.resourceId ? [r.resourceId] : [])),
  );
  const rules = new Map((deps.catalog.def.advisor?.rules ?? []).map((r) => [r.id, r]));
  const items: ReportFinding[] = rows.flatMap((r) => {
    const rule = rules.get(r.ruleId);
    if (!rule) return [];
    const label = r.resourceId ? (labels.get(r.resourceId)?.name ?? r.resourceId) : null;
    const text = findingText(rule, r.evidence as Evidence, window.locale, label);
    return [
      {
        ruleId: r.ruleId,
        dimension: r.dimension as AdvisorDimension,
        severity: r.severity as AdvisorSeverity,
        status: r.status as 'open' | 'resolved',
        resourceId: r.resourceId,
        ...text,
        firstSeenAt: r.firstSeenAt.toISOString(),
        lastSeenAt: r.lastSeenAt.toISOString(),
        resolvedAt: r.resolvedAt?.toISOString() ?? null,
      },
    ];
  });
  return { hasData: items.length > 0, summary: summarize(items), items };
}

export interface MetricSummary {
  readonly metric: string;
  readonly hasData: boolean;
  readonly samples: number;
  readonly average: number | null;
  readonly peak: number | null;
  readonly days: { date: string; samples: number; average: number; peak: number }[];
  readonly resources: {
    resourceId: string;
    name: string | null;
    type: string;
    samples: number;
    average: number;
    peak: number;
  }[];
}

export async function metricSummary(
  deps: AdvisorDeps,
  accountId: string,
  metric: string,
  fromAt: Date,
  toAt: Date,
  zone: string = deps.catalog.timeZone,
): Promise<MetricSummary> {
  const s = await metricSummaryOf(deps.db, accountId, metric, fromAt, toAt, zone);
  const samples = s.days.reduce((n, d) => n + d.samples, 0);
  const average = samples ? s.days.reduce((n, d) => n + d.average * d.samples, 0) / samples : null;
  const peak = s.days.length ? Math.max(...s.days.map((d) => d.peak)) : null;
  return { metric, hasData: samples > 0, samples, average, peak, days: s.days, resources: s.resources };
}
