/**
 * Samples persistence. The ingest writes a whole batch with one INSERT … SELECT FROM unnest(four typed arrays) —
 * four bind parameters however many samples — and ON CONFLICT DO NOTHING makes repeats change nothing. A run reads a
 * batch of resources' statistics with one aggregate per metric whose FILTER columns come from the statistics plan.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../platform/db.js';
import { array, rowsOf } from '../../../platform/sql-params.js';
import type { StatPlan } from '../domain/statistics.js';
import { planStart } from '../domain/statistics.js';
import type { ResourceStats, WindowStats } from '../domain/types.js';

/** Columns of a batch of samples (parallel arrays). */
export interface SampleColumns {
  /** The tenant of each sample's resource. */
  readonly tenants: readonly string[];
  readonly keys: readonly number[];
  readonly metrics: readonly string[];
  /** ISO instants. */
  readonly ats: readonly string[];
  readonly values: readonly number[];
}

/** Inserts the samples that are new; returns how many were. */
export async function insertSamples(tx: Db, s: SampleColumns): Promise<number> {
  if (!s.keys.length) return 0;
  const res = (await tx.execute(sql`
    INSERT INTO advisor_samples (tenant_id, resource_key, metric, at, value)
    SELECT * FROM unnest(${array(s.tenants, 'text')}, ${array(s.keys, 'bigint')}, ${array(s.metrics, 'text')},
                         ${sql`${arrayLiteral(s.ats)}::timestamptz[]`}, ${sql`${arrayLiteral(s.values)}::real[]`})
    ON CONFLICT DO NOTHING`)) as unknown as { rowCount?: number | null; affectedRows?: number };
  return Number(res.rowCount ?? res.affectedRows ?? 0);
}

/** A PostgreSQL array literal of plain values (ISO instants, numbers): nothing in them needs quoting. */
function arrayLiteral(values: readonly (string | number)[]): string {
  return `{${values.join(',')}}`;
}

/** Records the (account, UTC day) pairs a batch has samples on. */
export async function recordSampleDays(
  tx: Db,
  days: readonly { accountId: string; tenantId: string; day: string }[],
): Promise<void> {
  if (!days.length) return;
  await tx.execute(sql`
    INSERT INTO advisor_sample_days (account_id, day, tenant_id)
    SELECT * FROM unnest(${array(
      days.map((d) => d.accountId),
      'text',
    )}, ${array(
      days.map((d) => d.day),
      'date',
    )}, ${array(
      days.map((d) => d.tenantId),
      'text',
    )})
    ON CONFLICT DO NOTHING`);
}

const col = (name: string) => sql.raw(`"${name}"`);

/**
 * Statistics of the plan for the resources `keys` of one tenant: per window its sample count, average, peak and low; per probe
 * the samples on its side of the threshold. One aggregate per metric (GROUP BY resource, read through the
 * (resource, metric, at) key), whose columns filter by the narrower windows only — the widest window of a metric is
 * the statement's own WHERE. Thresholds compare as `real`, the samples' own type, so a sample equal to a threshold
 * counts as equal. Keyed by resource key.
 */
export async function statisticsOf(
  db: Db,
  tenantId: string,
  keys: readonly number[],
  plan: StatPlan,
): Promise<Map<number, ResourceStats>> {
  const out = new Map<number, { windows: Record<string, WindowStats>; probes: Record<string, number> }>();
  if (!keys.length || !planStart(plan)) return out;
  const empty: WindowStats = { samples: 0, avg: null, max: null, min: null };
  const of = (key: number) => {
    let s = out.get(key);
    if (!s) {
      s = {
        windows: Object.fromEntries(plan.windows.map((w) => [w.id, empty])),
        probes: Object.fromEntries(plan.probes.map((p) => [p.id, 0])),
      };
      out.set(key, s);
    }
    return s;
  };
  const num = (v: string | number | null | undefined) => (v === null || v === undefined ? null : Number(v));
  const keyArray = array(keys, 'bigint');
  for (const metric of [...new Set(plan.windows.map((w) => w.metric))]) {
    const windows = plan.windows.filter((w) => w.metric === metric);
    const from = Math.min(...windows.map((w) => w.from.getTime()));
    const since = (w: StatPlan['windows'][number]) =>
      w.from.getTime() === from ? null : sql`s.at >= ${w.from.toISOString()}::timestamptz`;
    const cols: SQL[] = [];
    windows.forEach((w, i) => {
      const cond = since(w);
      const f = cond ? sql` FILTER (WHERE ${cond})` : sql``;
      cols.push(sql`count(*)${f} AS ${col(`w${i}n`)}`);
      cols.push(sql`avg(s.value)${f} AS ${col(`w${i}a`)}`);
      cols.push(sql`max(s.value)${f} AS ${col(`w${i}x`)}`);
      cols.push(sql`min(s.value)${f} AS ${col(`w${i}m`)}`);
    });
    const probes = plan.probes.filter((p) => windows.some((w) => w.id === p.windowId));
    probes.forEach((p, i) => {
      const w = windows.find((x) => x.id === p.windowId)!;
      const side = p.op === 'gte' ? sql`s.value >= ${p.value}::real` : sql`s.value < ${p.value}::real`;
      const cond = since(w);
      cols.push(sql`count(*) FILTER (WHERE ${cond ? sql`${cond} AND ` : sql``}${side}) AS ${col(`p${i}`)}`);
    });
    const rows = await rowsOf<Record<string, string | number | null>>(
      db,
      sql`SELECT s.resource_key AS k, ${sql.join(cols, sql`, `)}
          FROM advisor_samples s
          WHERE s.tenant_id = ${tenantId} AND s.resource_key = ANY(${keyArray}) AND s.metric = ${metric}
            AND s.at >= ${new Date(from).toISOString()}::timestamptz AND s.at <= ${plan.until.toISOString()}::timestamptz
          GROUP BY s.resource_key`,
    );
    for (const r of rows) {
      const s = of(Number(r.k));
      windows.forEach((w, i) => {
        s.windows[w.id] = {
          samples: Number(r[`w${i}n`] ?? 0),
          avg: num(r[`w${i}a`]),
          max: num(r[`w${i}x`]),
          min: num(r[`w${i}m`]),
        };
      });
      probes.forEach((p, i) => (s.probes[p.id] = Number(r[`p${i}`] ?? 0)));
    }
  }
  return out;
}

export interface MetricDay {
  readonly date: string;
  readonly samples: number;
  readonly average: number;
  readonly peak: number;
}

/**
 * One metric over an account's resources (or a resource group's) in [fromAt, toAt): per local day (in `zone`) the samples, average and peak,
 * and per resource its average and peak (busiest first).
 */
export async function metricSummaryOf(
  db: Db,
  accountId: string,
  metric: string,
  fromAt: Date,
  toAt: Date,
  zone: string,
  groupId?: string,
): Promise<{
  days: MetricDay[];
  resources: {
    resourceId: string;
    name: string | null;
    type: string;
    samples: number;
    average: number;
    peak: number;
  }[];
}> {
  const where = sql`r.account_id = ${accountId} AND s.metric = ${metric}
    AND s.at >= ${fromAt.toISOString()}::timestamptz AND s.at < ${toAt.toISOString()}::timestamptz
    ${groupId ? sql`AND r.id IN (SELECT m.resource_id FROM advisor_group_members m WHERE m.group_id = ${groupId})` : sql``}`;
  const days = await rowsOf<{ d: string; n: string; a: number; p: number }>(
    db,
    sql`SELECT to_char(s.at AT TIME ZONE ${zone}, 'YYYY-MM-DD') AS d, count(*) AS n, avg(s.value)::float8 AS a, max(s.value)::float8 AS p
        FROM advisor_samples s JOIN advisor_resources r ON s.tenant_id = r.tenant_id AND s.resource_key = r.key
        WHERE ${where} GROUP BY 1 ORDER BY 1`,
  );
  const resources = await rowsOf<{ id: string; name: string | null; type: string; n: string; a: number; p: number }>(
    db,
    sql`SELECT r.id, r.name, r.type, count(*) AS n, avg(s.value)::float8 AS a, max(s.value)::float8 AS p
        FROM advisor_samples s JOIN advisor_resources r ON s.tenant_id = r.tenant_id AND s.resource_key = r.key
        WHERE ${where} GROUP BY r.id, r.name, r.type ORDER BY a DESC, r.id`,
  );
  return {
    days: days.map((d) => ({ date: d.d, samples: Number(d.n), average: Number(d.a), peak: Number(d.p) })),
    resources: resources.map((r) => ({
      resourceId: r.id,
      name: r.name,
      type: r.type,
      samples: Number(r.n),
      average: Number(r.a),
      peak: Number(r.p),
    })),
  };
}
