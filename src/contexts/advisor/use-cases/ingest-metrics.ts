/**
 * POST /api/v1/metrics (R-OA-1), an integration key or the admin: utilisation samples in percent, all or nothing
 * (every bad sample named `body.samples.N.field`: an unknown resource, a value outside 0–100, a time outside the
 * kept month), idempotent on (resource, metric, time) — a repeat changes nothing. Built for batches of tens of
 * thousands: one lookup of the distinct resource ids, one INSERT of four typed arrays (store/sample-store.ts).
 */
import { inTransaction } from '../../../platform/deps.js';
import { validationFailed, type ValidationIssue } from '../../../platform/errors.js';
import type { Principal } from '../../../platform/http/principal.js';
import { sampleIssues, type SampleInput } from '../domain/sample-input.js';
import type { AdvisorDeps } from '../ports.js';
import { resourceKeys } from '../store/resource-store.js';
import { insertSamples, recordSampleDays } from '../store/sample-store.js';
import { requireIngest } from './access.js';

export interface IngestMetricsResult {
  readonly received: number;
  readonly created: number;
  readonly unchanged: number;
}

export async function ingestMetrics(
  deps: AdvisorDeps,
  principal: Principal,
  input: { samples: readonly SampleInput[] },
): Promise<IngestMetricsResult> {
  requireIngest(principal);
  const samples = input.samples;
  const now = deps.clock.now();
  const atMs = new Float64Array(samples.length);
  const issues: ValidationIssue[] = sampleIssues(samples, now, atMs);
  const known = await resourceKeys(deps.db, [...new Set(samples.map((s) => s.resourceId))]);
  const keys = new Array<number>(samples.length);
  const tenants = new Array<string>(samples.length);
  const ats = new Array<string>(samples.length);
  const values = new Array<number>(samples.length);
  const metrics = new Array<string>(samples.length);
  const days = new Map<string, { accountId: string; tenantId: string; day: string }>();
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i]!;
    const r = known.get(s.resourceId);
    if (!r) {
      issues.push({
        path: `body.samples.${i}.resourceId`,
        message: 'no such resource (send it to POST /resources first)',
      });
      continue;
    }
    keys[i] = r.key;
    tenants[i] = r.tenantId;
    metrics[i] = s.metric;
    values[i] = s.value;
    if (Number.isNaN(atMs[i]!)) continue;
    const iso = new Date(atMs[i]!).toISOString();
    ats[i] = iso;
    const day = iso.slice(0, 10);
    const k = `${r.accountId}|${day}`;
    if (!days.has(k)) days.set(k, { accountId: r.accountId, tenantId: r.tenantId, day });
  }
  if (issues.length)
    throw validationFailed(
      issues.sort((a, b) => a.path.localeCompare(b.path, 'en', { numeric: true })),
      `${issues.length} problem(s) in the samples; details.issues names each (nothing was stored).`,
    );
  const created = await inTransaction(
    deps,
    async (tx) => {
      const n = await insertSamples(tx, { tenants, keys, metrics, ats, values });
      await recordSampleDays(tx, [...days.values()]);
      return n;
    },
    { keepsPlans: true },
  );
  return { received: samples.length, created, unchanged: samples.length - created };
}
