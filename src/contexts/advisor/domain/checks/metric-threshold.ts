/**
 * `metric_threshold` (performance capacity, cost idleness): at least `minSharePercent` of the resource's samples of
 * `metric` in the last `windowDays` are at or above `percent` (`above`) or below it (`below`), with at least
 * `minSamples` samples in the window (too few samples never fire). Exact: the share is compared as
 * matching × 100 ≥ minSharePercent × samples.
 */
import { metricRuleIds } from '../statistics.js';
import type { EffectiveRule, Evidence, InventoryResource, ResourceStats } from '../types.js';
import { round1 } from './values.js';

export function metricThreshold(
  rule: EffectiveRule,
  resource: InventoryResource,
  stats: ResourceStats | undefined,
): Evidence | null {
  const check = rule.rule.check;
  const ids = metricRuleIds(rule);
  if (check.kind !== 'metric_threshold' || !ids || !check.resourceTypes.includes(resource.type)) return null;
  const window = stats?.windows[ids.windowId];
  const samples = window?.samples ?? 0;
  if (!window || samples < check.minSamples) return null;
  const matching = stats?.probes[ids.probeId] ?? 0;
  const minShare = rule.thresholds.minSharePercent!;
  if (matching * 100 < minShare * samples) return null;
  return {
    metric: check.metric,
    percent: rule.thresholds.percent!,
    windowDays: rule.thresholds.windowDays!,
    minSharePercent: minShare,
    samples,
    matching,
    sharePercent: round1((matching * 100) / samples),
    averagePercent: window.avg === null ? null : round1(window.avg),
    maxPercent: window.max === null ? null : round1(window.max),
    minPercent: window.min === null ? null : round1(window.min),
  };
}
