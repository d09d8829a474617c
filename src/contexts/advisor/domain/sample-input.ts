/**
 * R-OA-1: utilisation samples in percent. A batch is checked whole before anything is stored (all or nothing);
 * every bad sample is named by index and field (`body.samples.N.field`). Samples older than the one-month retention
 * (they would be deleted at once) or more than a day ahead of the server's clock are refused. Pure.
 */
import type { ValidationIssue } from '../../../platform/errors.js';
import { retentionCutoff } from './retention.js';

export interface SampleInput {
  readonly resourceId: string;
  readonly metric: string;
  readonly at: string;
  readonly value: number;
}

const AHEAD_MS = 86_400_000;

/** Issues of the samples' values and times; `atMs` receives each sample's instant (NaN when invalid). */
export function sampleIssues(samples: readonly SampleInput[], now: Date, atMs: Float64Array): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const oldest = retentionCutoff(now).getTime();
  const newest = now.getTime() + AHEAD_MS;
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i]!;
    const t = Date.parse(s.at);
    atMs[i] = t;
    if (Number.isNaN(t)) issues.push({ path: `body.samples.${i}.at`, message: 'an ISO 8601 time with offset' });
    else if (t < oldest)
      issues.push({ path: `body.samples.${i}.at`, message: 'older than one month: samples are kept one month' });
    else if (t > newest) issues.push({ path: `body.samples.${i}.at`, message: 'more than a day in the future' });
    if (!(Number.isFinite(s.value) && s.value >= 0 && s.value <= 100))
      issues.push({ path: `body.samples.${i}.value`, message: 'a percentage from 0 to 100' });
  }
  return issues;
}
