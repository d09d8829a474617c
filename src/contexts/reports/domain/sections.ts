/**
 * R-RPT-2 the sections of one account's month, from plain facts (pure; the use case reads them through the ports).
 * R-RPT-3: a section whose data is absent carries `missingData: true` and a sentence why; nothing is invented.
 * Numbers, checked by hand in test/domain/report-sections.test.ts:
 * - tickets counted are those opened in the month; the ticket list also holds those carried into it;
 * - response SLA: a ticket opened in the month is met when its first response came by its deadline, missed when it
 *   breached or answered late; one still unanswered with a deadline after the month's end is not yet measured;
 * - first response: wall-clock minutes from opening to the first response, of the month's tickets answered;
 * - open items: tickets neither resolved nor closed at the month's end;
 * - ratings: those given in the month.
 */
import { LABELS, labelOf, missingReason, sectionTitle, type ReportLocale } from './messages.js';

export interface TicketFact {
  readonly number: string;
  readonly subject: string;
  readonly category: string;
  readonly severity: string | null;
  readonly status: string;
  readonly openedAt: Date;
  readonly respondedAt: Date | null;
  readonly responseDueAt: Date;
  readonly breached: boolean;
  readonly resolvedAt: Date | null;
  readonly closedAt: Date | null;
  readonly ratingStars: number | null;
  readonly ratedAt: Date | null;
}

export interface RequestFact {
  readonly number: string;
  readonly service: string;
  readonly completedAt: Date | null;
}

export interface ResourceFacts {
  readonly hasData: boolean;
  readonly total: number;
  readonly byType: readonly { type: string; count: number }[];
  readonly added: number;
  readonly removed: number;
  readonly changed: number;
}

export interface FindingFact {
  readonly ruleId: string;
  readonly dimension: string;
  readonly severity: string;
  readonly status: 'open' | 'resolved';
  readonly resourceId: string | null;
  readonly title: string;
  readonly recommendation: string;
}

export interface MetricFacts {
  readonly metric: string;
  readonly hasData: boolean;
  readonly samples: number;
  readonly average: number | null;
  readonly peak: number | null;
  readonly days: readonly { date: string; average: number; peak: number }[];
  readonly resources: readonly {
    resourceId: string;
    name: string | null;
    type: string;
    average: number;
    peak: number;
  }[];
}

export interface ReportFacts {
  readonly month: string;
  readonly fromAt: Date;
  readonly toAt: Date;
  readonly locale: ReportLocale;
  readonly tickets: readonly TicketFact[];
  readonly requests: readonly RequestFact[];
  /** Names of the catalog's severities and services, in the locale. */
  readonly severityNames: ReadonlyMap<string, string>;
  readonly serviceNames: ReadonlyMap<string, string>;
  readonly resources: ResourceFacts | null;
  /** null: the provider has no advisor (no checks run). */
  readonly findings: readonly FindingFact[] | null;
  readonly metrics: readonly MetricFacts[];
  /** Six months ending with the report's, in minor units; `records`: usage records that touched them. */
  readonly usage: { readonly records: number; readonly byMonth: readonly { month: string; amountMinor: bigint }[] };
  readonly currency: { readonly code: string; readonly minorUnits: number };
}

export interface Section {
  readonly id: string;
  readonly title: string;
  readonly missingData?: true;
  readonly missingReason?: string;
  readonly [key: string]: unknown;
}

/** Peaks at or above this percent are an availability risk item (the report's own threshold, stated in it). */
export const RISK_PEAK_PERCENT = 90;

const within = (t: Date | null, from: Date, to: Date) => !!t && t >= from && t < to;
const minutesBetween = (a: Date, b: Date) => Math.round((b.getTime() - a.getTime()) / 60_000);

export function money(amountMinor: bigint, minorUnits: number): string {
  const neg = amountMinor < 0n;
  const abs = (neg ? -amountMinor : amountMinor).toString().padStart(minorUnits + 1, '0');
  const whole = minorUnits ? abs.slice(0, -minorUnits) : abs;
  const frac = minorUnits ? `.${abs.slice(-minorUnits)}` : '';
  return `${neg ? '-' : ''}${whole}${frac}`;
}

export function serviceStats(f: ReportFacts) {
  const opened = f.tickets.filter((t) => within(t.openedAt, f.fromAt, f.toAt));
  const count = (key: (t: TicketFact) => string) => {
    const m = new Map<string, number>();
    for (const t of opened) m.set(key(t), (m.get(key(t)) ?? 0) + 1);
    return [...m].map(([id, n]) => ({ id, count: n })).sort((a, b) => b.count - a.count || a.id.localeCompare(b.id));
  };
  let met = 0;
  let missed = 0;
  let pending = 0;
  const firstResponses: number[] = [];
  for (const t of opened) {
    if (t.respondedAt && t.respondedAt < f.toAt) firstResponses.push(minutesBetween(t.openedAt, t.respondedAt));
    if (t.respondedAt && t.respondedAt <= t.responseDueAt && !t.breached) met++;
    else if (t.breached || (t.respondedAt && t.respondedAt > t.responseDueAt) || t.responseDueAt < f.toAt) missed++;
    else pending++;
  }
  const measured = met + missed;
  const rated = f.tickets.filter((t) => t.ratingStars !== null && within(t.ratedAt, f.fromAt, f.toAt));
  const done = (t: TicketFact) => (t.resolvedAt && t.resolvedAt < f.toAt) || (t.closedAt && t.closedAt < f.toAt);
  return {
    opened: opened.length,
    resolved: f.tickets.filter((t) => within(t.resolvedAt ?? t.closedAt, f.fromAt, f.toAt)).length,
    byCategory: count((t) => t.category),
    bySeverity: count((t) => t.severity ?? 'none'),
    sla: { measured, met, missed, pending, metPercent: measured ? Math.round((met / measured) * 1000) / 10 : null },
    firstResponse: firstResponses.length
      ? {
          answered: firstResponses.length,
          averageMinutes: Math.round(firstResponses.reduce((a, b) => a + b, 0) / firstResponses.length),
          worstMinutes: Math.max(...firstResponses),
        }
      : null,
    openItems: f.tickets
      .filter((t) => !done(t))
      .map((t) => ({ number: t.number, subject: t.subject, status: t.status })),
    ratings: {
      count: rated.length,
      averageStars: rated.length
        ? Math.round((rated.reduce((a, t) => a + t.ratingStars!, 0) / rated.length) * 10) / 10
        : null,
    },
  };
}

export function buildSections(sectionIds: readonly string[], f: ReportFacts): Section[] {
  const L = LABELS[f.locale];
  const title = (id: string) => sectionTitle(id, f.locale);
  const missing = (id: string, cause: string, extra: Record<string, unknown> = {}): Section => ({
    id,
    title: title(id),
    missingData: true,
    missingReason: missingReason(cause, f.locale, f.month),
    ...extra,
  });
  const stats = serviceStats(f);
  const delivered = f.requests.filter((r) => within(r.completedAt, f.fromAt, f.toAt));
  const requests = delivered.map((r) => ({
    number: r.number,
    service: r.service,
    name: f.serviceNames.get(r.service) ?? r.service,
    completedAt: r.completedAt!.toISOString(),
  }));
  const month = f.usage.byMonth.find((u) => u.month === f.month)?.amountMinor ?? 0n;
  const hasResources = !!f.resources?.hasData;
  const hasMetrics = f.metrics.some((m) => m.hasData);
  const byDimension = (dims: readonly string[]) => (f.findings ?? []).filter((x) => dims.includes(x.dimension));

  const findingsSection = (id: string, dims: readonly string[]): Section => {
    if (f.findings === null) return missing(id, 'no_advisor');
    const items = byDimension(dims);
    if (!items.length && !hasResources) return missing(id, 'no_findings_data');
    return {
      id,
      title: title(id),
      open: items.filter((x) => x.status === 'open').length,
      resolved: items.filter((x) => x.status === 'resolved').length,
      items: items.map((x) => ({
        ruleId: x.ruleId,
        dimension: x.dimension,
        severity: x.severity,
        status: x.status,
        resourceId: x.resourceId,
        title: x.title,
        recommendation: x.recommendation,
      })),
    };
  };

  const build = (id: string): Section => {
    switch (id) {
      case 'summary': {
        if (!f.tickets.length && !delivered.length && !hasResources && !f.usage.records)
          return missing(id, 'no_data', { ticketsOpened: 0 });
        return {
          id,
          title: title(id),
          ticketsOpened: stats.opened,
          ticketsResolved: stats.resolved,
          slaMetPercent: stats.sla.metPercent,
          requestsDelivered: delivered.length,
          openItems: stats.openItems.length,
          resources: hasResources ? f.resources!.total : null,
          openHighFindings: f.findings
            ? f.findings.filter((x) => x.status === 'open' && x.severity === 'high').length
            : null,
          consumption: f.usage.records ? money(month, f.currency.minorUnits) : null,
          currency: f.currency.code,
        };
      }
      case 'service_summary':
        return {
          id,
          title: title(id),
          ticketsOpened: stats.opened,
          ticketsResolved: stats.resolved,
          byCategory: stats.byCategory.map((c) => ({
            category: c.id,
            name: labelOf(f.locale, c.id) ?? c.id,
            count: c.count,
          })),
          bySeverity: stats.bySeverity.map((c) => ({
            severity: c.id,
            name: f.severityNames.get(c.id) ?? (c.id === 'none' ? L.none : c.id),
            count: c.count,
          })),
          sla: stats.sla,
          firstResponse: stats.firstResponse,
          openItems: stats.openItems,
          ratings: stats.ratings,
          requestsDelivered: requests,
        };
      case 'service_tickets':
        return {
          id,
          title: title(id),
          tickets: f.tickets.map((t) => ({
            number: t.number,
            description: t.subject,
            category: t.category,
            severity: t.severity,
            status: t.status,
            createdAt: t.openedAt.toISOString(),
            resolvedAt: (t.resolvedAt ?? t.closedAt)?.toISOString() ?? null,
          })),
        };
      case 'resource_overview':
        if (!hasResources) return missing(id, 'no_resources');
        return {
          id,
          title: title(id),
          total: f.resources!.total,
          byType: f.resources!.byType,
          added: f.resources!.added,
          removed: f.resources!.removed,
          changed: f.resources!.changed,
        };
      case 'security':
        return findingsSection(id, ['security']);
      case 'optimization_suggestions':
        return findingsSection(id, ['performance', 'cost', 'reliability', 'service_baseline']);
      case 'availability_analysis': {
        if (!hasMetrics) return missing(id, 'no_metrics');
        const risks = f.metrics.flatMap((m) =>
          m.resources
            .filter((r) => r.peak >= RISK_PEAK_PERCENT)
            .map((r) => ({ resourceId: r.resourceId, name: r.name, type: r.type, metric: m.metric, peak: r.peak })),
        );
        return {
          id,
          title: title(id),
          riskPeakPercent: RISK_PEAK_PERCENT,
          riskItems: risks,
          findings: f.findings ? byDimension(['reliability']).map((x) => ({ title: x.title, status: x.status })) : [],
        };
      }
      case 'health_analysis':
        if (!hasMetrics) return missing(id, 'no_metrics');
        return {
          id,
          title: title(id),
          metrics: f.metrics
            .filter((m) => m.hasData)
            .map((m) => ({
              metric: m.metric,
              samples: m.samples,
              average: m.average === null ? null : Math.round(m.average * 10) / 10,
              peak: m.peak,
              days: m.days.map((d) => ({ date: d.date, average: Math.round(d.average * 10) / 10, peak: d.peak })),
            })),
        };
      case 'consumption_trend':
        if (!f.usage.records) return missing(id, 'no_usage');
        return {
          id,
          title: title(id),
          currency: f.currency.code,
          months: f.usage.byMonth.map((u) => ({ month: u.month, amount: money(u.amountMinor, f.currency.minorUnits) })),
        };
      default:
        // A section id this code does not know (a new catalog's): said, not invented.
        return { id, title: title(id), missingData: true, missingReason: missingReason('no_data', f.locale, f.month) };
    }
  };
  return sectionIds.map(build);
}
