/**
 * What a run must know about utilisation samples, derived from the rules it evaluates: per metric and window, the
 * number of samples and their average, peak and low; per threshold, how many samples were at or above it (`gte`) or
 * below it (`lt`). The store computes a plan for a batch of resources in one aggregate over the samples; the
 * evaluators read the results by the ids below. Windows end at the run's instant. Pure.
 */
import type { EffectiveRule } from './types.js';

export interface StatWindow {
  readonly id: string;
  readonly metric: string;
  readonly windowDays: number;
  /** Samples at or after this instant and at or before the run's instant count. */
  readonly from: Date;
}

export interface StatProbe {
  readonly id: string;
  readonly windowId: string;
  readonly op: 'gte' | 'lt';
  readonly value: number;
}

export interface StatPlan {
  readonly until: Date;
  readonly windows: readonly StatWindow[];
  readonly probes: readonly StatProbe[];
}

const DAY_MS = 86_400_000;

export const windowIdOf = (metric: string, windowDays: number) => `${metric}@${windowDays}d`;
export const probeIdOf = (windowId: string, op: 'gte' | 'lt', value: number) => `${windowId}:${op}:${value}`;

/** The window and probe a metric rule reads, under its effective thresholds. */
export function metricRuleIds(rule: EffectiveRule): { windowId: string; probeId: string } | null {
  const check = rule.rule.check;
  if (check.kind !== 'metric_threshold') return null;
  const windowId = windowIdOf(check.metric, rule.thresholds.windowDays!);
  const op = check.direction === 'above' ? 'gte' : 'lt';
  return { windowId, probeId: probeIdOf(windowId, op, rule.thresholds.percent!) };
}

export function planStatistics(rules: readonly EffectiveRule[], until: Date): StatPlan {
  const windows = new Map<string, StatWindow>();
  const probes = new Map<string, StatProbe>();
  for (const r of rules) {
    const ids = metricRuleIds(r);
    const check = r.rule.check;
    if (!ids || check.kind !== 'metric_threshold') continue;
    const windowDays = r.thresholds.windowDays!;
    windows.set(ids.windowId, {
      id: ids.windowId,
      metric: check.metric,
      windowDays,
      from: new Date(until.getTime() - windowDays * DAY_MS),
    });
    probes.set(ids.probeId, {
      id: ids.probeId,
      windowId: ids.windowId,
      op: check.direction === 'above' ? 'gte' : 'lt',
      value: r.thresholds.percent!,
    });
  }
  return { until, windows: [...windows.values()], probes: [...probes.values()] };
}

/** The earliest instant any window of the plan reads (null: no metric rule). */
export function planStart(plan: StatPlan): Date | null {
  if (!plan.windows.length) return null;
  return new Date(Math.min(...plan.windows.map((w) => w.from.getTime())));
}
