/**
 * The advisor's statistics by brute force: for each resource, straight from its raw samples, what a statistics plan
 * asks (domain/statistics.ts): per window the samples at or after `from` and at or before `until` with their
 * average, peak and low; per probe those at or above (`gte`) or below (`lt`) the value. Values compare as float32,
 * the samples' stored type. Domain table tests evaluate rules on these; the store test checks the SQL against them.
 */
import type { StatPlan } from '../../src/contexts/advisor/domain/statistics.js';
import type { ResourceStats } from '../../src/contexts/advisor/domain/types.js';

export interface OracleSample {
  readonly metric: string;
  readonly at: string;
  readonly value: number;
}

export function oracleStats(plan: StatPlan, samples: readonly OracleSample[]): ResourceStats {
  const until = plan.until.getTime();
  const windows: Record<string, { samples: number; avg: number | null; max: number | null; min: number | null }> = {};
  const inWindow = (w: StatPlan['windows'][number]) =>
    samples.filter((s) => s.metric === w.metric && Date.parse(s.at) >= w.from.getTime() && Date.parse(s.at) <= until);
  for (const w of plan.windows) {
    const values = inWindow(w).map((s) => Math.fround(s.value));
    windows[w.id] = {
      samples: values.length,
      avg: values.length ? values.reduce((a, b) => a + b, 0) / values.length : null,
      max: values.length ? Math.max(...values) : null,
      min: values.length ? Math.min(...values) : null,
    };
  }
  const probes: Record<string, number> = {};
  for (const p of plan.probes) {
    const w = plan.windows.find((x) => x.id === p.windowId)!;
    const limit = Math.fround(p.value);
    probes[p.id] = inWindow(w).filter((s) =>
      p.op === 'gte' ? Math.fround(s.value) >= limit : Math.fround(s.value) < limit,
    ).length;
  }
  return { windows, probes };
}
