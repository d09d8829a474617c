/** The advisor's wire views (API.md "Resources, metrics and the optimization advisor"). */
import type { AdvisorDimension, AdvisorSeverity } from '../../../domain/catalog/advisor-schema.js';
import { findingText, summarize, emptySummary, type RiskSummary } from '../domain/finding.js';
import type { EffectiveRule, Evidence } from '../domain/types.js';
import type { ListedFinding } from '../store/finding-store.js';
import type { RunRow } from '../store/run-store.js';
import type { SettingsRow } from '../store/settings-store.js';
import type { AdvisorDeps } from '../ports.js';
import { rulesOfRun } from './open-run.js';
import { unavailableDimensions } from './process-run.js';

export type Locale = 'zh-CN' | 'en-US';

export function localeFor(deps: AdvisorDeps, wanted: string | undefined, accountLocale: string): Locale {
  const served = deps.catalog.def.locales as readonly string[];
  const pick = [wanted, accountLocale, served[0]].find((l) => l === 'zh-CN' || l === 'en-US');
  return (pick ?? 'en-US') as Locale;
}

export function ruleView(r: EffectiveRule, locale: Locale) {
  return {
    id: r.rule.id,
    dimension: r.rule.dimension,
    severity: r.rule.severity,
    capacity: r.rule.capacity,
    kind: r.rule.check.kind,
    name: r.rule.names[locale],
    enabled: r.enabled,
    available: r.available,
    missingEntitlement: r.missingFeature ? `feature:${r.missingFeature}` : null,
    thresholds: { ...r.thresholds },
    thresholdRanges: Object.fromEntries(
      Object.entries(r.rule.thresholds).map(([k, d]) => [
        k,
        { default: d.default, min: d.min, max: d.max, unit: d.unit ?? null },
      ]),
    ),
  };
}

export function runView(deps: AdvisorDeps, r: RunRow) {
  return {
    id: r.id,
    accountId: r.accountId,
    trigger: r.trigger as 'manual' | 'schedule',
    status: r.status as 'running' | 'completed',
    phase: r.phase,
    at: r.at.toISOString(),
    level: r.level,
    resourcesTotal: r.resourcesTotal,
    resourcesDone: r.resourcesDone,
    findings: r.findings,
    opened: r.opened,
    resolved: r.resolved,
    summary: (r.summary as RiskSummary | null) ?? emptySummary(),
    unavailableDimensions: unavailableDimensions(rulesOfRun(deps, r)),
    startedAt: r.startedAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
  };
}
export type RunView = ReturnType<typeof runView>;

export function scheduleView(s: SettingsRow | null, timeZone: string) {
  return {
    enabled: s?.scheduleEnabled ?? false,
    every: (s?.every ?? 'week') as 'day' | 'week',
    at: s?.atTime ?? '09:00',
    weekday: s?.weekday ?? 1,
    email: s?.email ?? null,
    timeZone,
    nextRunAt: s?.nextRunAt?.toISOString() ?? null,
  };
}

export function findingView(
  deps: AdvisorDeps,
  f: ListedFinding,
  locale: Locale,
  labels: ReadonlyMap<string, { name: string | null; type: string }>,
) {
  const rule = deps.catalog.def.advisor?.rules.find((r) => r.id === f.ruleId);
  const evidence = (f.runEvidence ?? f.evidence) as Evidence;
  const label = f.resourceId ? (labels.get(f.resourceId)?.name ?? f.resourceId) : null;
  const text = rule ? findingText(rule, evidence, locale, label) : { title: f.ruleId, detail: '', recommendation: '' };
  return {
    id: f.id,
    ruleId: f.ruleId,
    dimension: f.dimension as AdvisorDimension,
    severity: f.severity as AdvisorSeverity,
    status: f.status as 'open' | 'resolved',
    resourceId: f.resourceId,
    resourceType: f.resourceId ? (labels.get(f.resourceId)?.type ?? null) : null,
    resourceName: f.resourceId ? (labels.get(f.resourceId)?.name ?? null) : null,
    resourceIds: f.resourceIds,
    title: text.title,
    detail: text.detail,
    recommendation: text.recommendation,
    evidence,
    firstSeenAt: f.firstSeenAt.toISOString(),
    lastSeenAt: f.lastSeenAt.toISOString(),
    resolvedAt: f.resolvedAt?.toISOString() ?? null,
    openedRunId: f.openedRunId,
  };
}
export type FindingView = ReturnType<typeof findingView>;

export function summaryOfCounts(rows: readonly { dimension: string; severity: string; n: number }[]): RiskSummary {
  const s = emptySummary();
  for (const r of rows) {
    const d = s[r.dimension as AdvisorDimension];
    if (d && r.severity in d) d[r.severity as AdvisorSeverity] += r.n;
  }
  return s;
}

export { summarize };
