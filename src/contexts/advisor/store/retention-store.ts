/**
 * The one-month retention (seed 000 §1.5.19): deletes what is dated before the cutoff — samples (found through the
 * days each account has samples on), resources last observed or gone before it with their samples, resource
 * changes, completed runs and findings last seen before it, with the runs' finding lists.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db.js';
import { array, rowsOf } from '../../../platform/sql-params.js';

/** Accounts with samples dated before the cutoff's day. */
export async function accountsWithOldSamples(db: Db, cutoff: Date, limit: number): Promise<string[]> {
  const rows = await rowsOf<{ account_id: string }>(
    db,
    sql`SELECT DISTINCT account_id FROM advisor_sample_days WHERE day <= (${cutoff.toISOString()}::timestamptz AT TIME ZONE 'UTC')::date
        ORDER BY account_id LIMIT ${limit}`,
  );
  return rows.map((r) => r.account_id);
}

/** Deletes one account's samples before the cutoff and the sample days wholly before it; returns samples deleted. */
export async function deleteOldSamples(tx: Db, accountId: string, cutoff: Date): Promise<number> {
  const c = cutoff.toISOString();
  const res = await rowsOf<{ n: string }>(
    tx,
    sql`WITH gone AS (
          DELETE FROM advisor_samples s USING advisor_resources r
            WHERE r.account_id = ${accountId} AND s.tenant_id = r.tenant_id AND s.resource_key = r.key
              AND s.at < ${c}::timestamptz RETURNING 1)
        SELECT count(*) AS n FROM gone`,
  );
  await tx.execute(sql`DELETE FROM advisor_sample_days WHERE account_id = ${accountId}
    AND day < (${c}::timestamptz AT TIME ZONE 'UTC')::date`);
  return Number(res[0]?.n ?? 0);
}

/** Deletes resources not observed since the cutoff (or gone before it) with their samples; returns how many. */
export async function deleteStaleResources(tx: Db, cutoff: Date): Promise<number> {
  const c = cutoff.toISOString();
  const rows = await rowsOf<{ key: string; tenant_id: string }>(
    tx,
    sql`DELETE FROM advisor_resources WHERE observed_at < ${c}::timestamptz OR gone_at < ${c}::timestamptz
        RETURNING key, tenant_id`,
  );
  if (rows.length)
    await tx.execute(
      sql`DELETE FROM advisor_samples s USING unnest(${array(
        rows.map((r) => r.tenant_id),
        'text',
      )}, ${array(
        rows.map((r) => r.key),
        'bigint',
      )}) AS gone(tenant_id, key)
          WHERE s.tenant_id = gone.tenant_id AND s.resource_key = gone.key`,
    );
  return rows.length;
}

/** Deletes changes, completed runs and findings dated before the cutoff; returns how many rows. */
export async function deleteOldHistory(tx: Db, cutoff: Date): Promise<number> {
  const c = sql`${cutoff.toISOString()}::timestamptz`;
  const counted = async (q: ReturnType<typeof sql>) =>
    Number((await rowsOf<{ n: string }>(tx, sql`WITH d AS (${q} RETURNING 1) SELECT count(*) AS n FROM d`))[0]?.n ?? 0);
  let n = await counted(sql`DELETE FROM advisor_resource_changes WHERE at < ${c}`);
  n += await counted(
    sql`DELETE FROM advisor_run_findings WHERE run_id IN (SELECT id FROM advisor_runs WHERE status = 'completed' AND started_at < ${c})`,
  );
  n += await counted(sql`DELETE FROM advisor_runs WHERE status = 'completed' AND started_at < ${c}`);
  // A finding last seen before the cutoff was seen only by runs deleted above (a resolved one was last seen earlier).
  n += await counted(
    sql`DELETE FROM advisor_run_findings WHERE finding_id IN (SELECT id FROM advisor_findings WHERE last_seen_at < ${c})`,
  );
  n += await counted(sql`DELETE FROM advisor_findings WHERE last_seen_at < ${c}`);
  return n;
}

/** The oldest instant anything kept is dated at (null: nothing kept); sample days count from their day's end. */
export async function oldestRetained(db: Db): Promise<Date | null> {
  const [row] = await rowsOf<{ at: string | Date | null }>(
    db,
    sql`SELECT least(
          (SELECT (min(day) + 1)::timestamp AT TIME ZONE 'UTC' FROM advisor_sample_days),
          (SELECT min(at) FROM advisor_resource_changes),
          (SELECT min(started_at) FROM advisor_runs WHERE status = 'completed'),
          (SELECT min(last_seen_at) FROM advisor_findings),
          (SELECT min(least(observed_at, coalesce(gone_at, observed_at))) FROM advisor_resources)
        ) AS at`,
  );
  return row?.at ? new Date(row.at) : null;
}
