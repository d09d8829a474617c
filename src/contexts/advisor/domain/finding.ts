/**
 * Findings as people read them (R-OA-2): the rule's title, detail and recommendation in the reader's locale with the
 * evidence filled in (`{percent}`, `{resource}` — the resource's name, else its id), and the summary of a run by
 * dimension and severity (the results mail, the overview). Pure.
 */
import {
  ADVISOR_DIMENSIONS,
  ADVISOR_SEVERITIES,
  type AdvisorDimension,
  type AdvisorSeverity,
  type TAdvisorRule,
} from '../../../domain/catalog/advisor-schema.js';
import type { Evidence } from './types.js';

type Locale = 'zh-CN' | 'en-US';

function show(v: Evidence[string] | undefined, locale: Locale): string | null {
  if (v === undefined || v === null) return null;
  if (Array.isArray(v))
    return (v as readonly (string | number)[]).map((x) => show(x, locale)).join(locale === 'zh-CN' ? '、' : ', ');
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toFixed(1);
  return String(v);
}

/** Fills `{name}` from the evidence (and `{resource}`); a name the evidence lacks is shown as "–". */
export function fillText(template: string, evidence: Evidence, locale: Locale, resource: string | null): string {
  return template.replace(/\{([A-Za-z][A-Za-z0-9_]*)\}/g, (_m, name: string) => {
    if (name === 'resource') return resource ?? '–';
    return show(evidence[name], locale) ?? '–';
  });
}

export interface FindingText {
  readonly title: string;
  readonly detail: string;
  readonly recommendation: string;
}

export function findingText(
  rule: Pick<TAdvisorRule, 'title' | 'detail' | 'recommendation'>,
  evidence: Evidence,
  locale: Locale,
  resourceLabel: string | null,
): FindingText {
  return {
    title: fillText(rule.title[locale], evidence, locale, resourceLabel),
    detail: fillText(rule.detail[locale], evidence, locale, resourceLabel),
    recommendation: fillText(rule.recommendation[locale], evidence, locale, resourceLabel),
  };
}

export type RiskSummary = Record<AdvisorDimension, Record<AdvisorSeverity, number>>;

export function emptySummary(): RiskSummary {
  const out = {} as RiskSummary;
  for (const d of ADVISOR_DIMENSIONS) out[d] = { high: 0, medium: 0, low: 0 };
  return out;
}

export function summarize(
  findings: readonly { dimension: AdvisorDimension; severity: AdvisorSeverity }[],
  into: RiskSummary = emptySummary(),
): RiskSummary {
  for (const f of findings) into[f.dimension][f.severity]++;
  return into;
}

export const totalOf = (s: RiskSummary) =>
  ADVISOR_DIMENSIONS.reduce((n, d) => n + ADVISOR_SEVERITIES.reduce((m, v) => m + s[d][v], 0), 0);
