/**
 * Findings with their identity across runs (account, rule, subject): a run upserts what it found (last seen now,
 * open again if it was resolved: `opened_run_id` names the run that (re)opened it), then resolves what it did not
 * see. Each run's own list is kept in advisor_run_findings with that run's evidence.
 */
import { and, asc, count, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../platform/db.js';
import { newId } from '../../../platform/ids.js';
import { rowsOf } from '../../../platform/sql-params.js';
import type { RawFinding } from '../domain/types.js';
import { advisorFindings, advisorRunFindings } from './tables.js';

export type FindingRow = typeof advisorFindings.$inferSelect;

/** Upserts a batch's findings for `runId` at `at` and records them as the run's; returns how many it wrote. */
export async function recordFindings(
  tx: Db,
  run: { id: string; tenantId: string; accountId: string; at: Date },
  found: readonly RawFinding[],
): Promise<number> {
  if (!found.length) return 0;
  const at = run.at.toISOString();
  const json = JSON.stringify(
    found.map((f) => ({
      id: newId('fnd', run.at.getTime()),
      r: f.ruleId,
      s: f.subject,
      d: f.dimension,
      v: f.severity,
      res: f.resourceId,
      ids: f.resourceIds,
      e: f.evidence,
    })),
  );
  const rows = await rowsOf<{ id: string; dimension: string; severity: string; evidence: unknown }>(
    tx,
    sql`INSERT INTO advisor_findings AS f (id, tenant_id, account_id, rule_id, subject, dimension, severity, resource_id,
          resource_ids, evidence, status, first_seen_at, last_seen_at, opened_run_id, last_run_id)
        SELECT x.id, ${run.tenantId}, ${run.accountId}, x.r, x.s, x.d, x.v, x.res,
          ARRAY(SELECT jsonb_array_elements_text(x.ids)), x.e, 'open', ${at}::timestamptz, ${at}::timestamptz, ${run.id}, ${run.id}
        FROM jsonb_to_recordset(${json}::jsonb) AS x(id text, r text, s text, d text, v text, res text, ids jsonb, e jsonb)
        ON CONFLICT (account_id, rule_id, subject) DO UPDATE SET
          dimension = excluded.dimension, severity = excluded.severity, resource_id = excluded.resource_id,
          resource_ids = excluded.resource_ids, evidence = excluded.evidence, last_seen_at = excluded.last_seen_at,
          last_run_id = excluded.last_run_id, status = 'open', resolved_at = NULL,
          opened_run_id = CASE WHEN f.status = 'resolved' THEN excluded.opened_run_id ELSE f.opened_run_id END
        RETURNING f.id, f.dimension, f.severity, f.evidence`,
  );
  const links = JSON.stringify(rows.map((r) => ({ f: r.id, d: r.dimension, v: r.severity, e: r.evidence })));
  await tx.execute(sql`
    INSERT INTO advisor_run_findings (run_id, finding_id, tenant_id, dimension, severity, evidence)
    SELECT ${run.id}, x.f, ${run.tenantId}, x.d, x.v, x.e FROM jsonb_to_recordset(${links}::jsonb) AS x(f text, d text, v text, e jsonb)
    ON CONFLICT DO NOTHING`);
  return rows.length;
}

/** Resolves the account's open findings the run did not see; returns how many. */
export async function resolveUnseen(tx: Db, run: { id: string; accountId: string; at: Date }): Promise<number> {
  const rows = await rowsOf<{ id: string }>(
    tx,
    sql`UPDATE advisor_findings SET status = 'resolved', resolved_at = ${run.at.toISOString()}::timestamptz
        WHERE account_id = ${run.accountId} AND status = 'open' AND last_run_id <> ${run.id} RETURNING id`,
  );
  return rows.length;
}

/** What a completed run found: count by dimension and severity, and how many it opened. */
export async function runTotals(
  db: Db,
  runId: string,
): Promise<{ byKind: { dimension: string; severity: string; n: number }[]; opened: number }> {
  const byKind = await rowsOf<{ dimension: string; severity: string; n: string }>(
    db,
    sql`SELECT dimension, severity, count(*) AS n FROM advisor_run_findings WHERE run_id = ${runId} GROUP BY 1, 2`,
  );
  const [opened] = await rowsOf<{ n: string }>(
    db,
    sql`SELECT count(*) AS n FROM advisor_findings WHERE opened_run_id = ${runId}`,
  );
  return { byKind: byKind.map((r) => ({ ...r, n: Number(r.n) })), opened: Number(opened?.n ?? 0) };
}

export interface FindingFilter {
  readonly dimension?: string | undefined;
  readonly status?: 'open' | 'resolved' | undefined;
  readonly severity?: string | undefined;
  /** Findings concerning a resource of this resource group. */
  readonly groupId?: string | undefined;
}

const SEVERITY_ORDER = sql`CASE f.severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END`;

export interface ListedFinding extends FindingRow {
  /** The run's own evidence when listing a run's findings. */
  readonly runEvidence: unknown;
}

/**
 * The account's findings (current ones: `status`), or those of one run (`runId`, with that run's evidence), most
 * severe first. `limit: null` reads them all (exports).
 */
export async function listFindings(
  db: Db,
  accountId: string,
  filter: FindingFilter & { runId?: string | undefined },
  page: { limit: number | null; offset: number },
): Promise<{ items: ListedFinding[]; total: number }> {
  const conds: SQL[] = [sql`f.account_id = ${accountId}`];
  if (filter.dimension) conds.push(sql`f.dimension = ${filter.dimension}`);
  if (filter.severity) conds.push(sql`f.severity = ${filter.severity}`);
  if (filter.status) conds.push(sql`f.status = ${filter.status}`);
  if (filter.groupId)
    conds.push(
      sql`f.resource_ids && ARRAY(SELECT m.resource_id FROM advisor_group_members m WHERE m.group_id = ${filter.groupId})`,
    );
  const from = filter.runId
    ? sql`advisor_findings f JOIN advisor_run_findings rf ON rf.finding_id = f.id AND rf.run_id = ${filter.runId}`
    : sql`advisor_findings f`;
  const where = sql.join(conds, sql` AND `);
  const items = await rowsOf<Record<string, unknown>>(
    db,
    sql`SELECT f.*, ${filter.runId ? sql`rf.evidence` : sql`NULL::jsonb`} AS run_evidence FROM ${from} WHERE ${where}
        ORDER BY ${SEVERITY_ORDER}, f.dimension, f.rule_id, f.subject
        ${page.limit === null ? sql`` : sql`LIMIT ${page.limit}`} OFFSET ${page.offset}`,
  );
  const [total] = await rowsOf<{ n: string }>(db, sql`SELECT count(*) AS n FROM ${from} WHERE ${where}`);
  return { items: items.map(fromRaw), total: Number(total?.n ?? 0) };
}

const date = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));

function fromRaw(r: Record<string, unknown>): ListedFinding {
  return {
    id: r.id as string,
    tenantId: r.tenant_id as string,
    accountId: r.account_id as string,
    ruleId: r.rule_id as string,
    subject: r.subject as string,
    dimension: r.dimension as string,
    severity: r.severity as string,
    resourceId: (r.resource_id as string | null) ?? null,
    resourceIds: (r.resource_ids as string[]) ?? [],
    evidence: r.evidence,
    status: r.status as string,
    firstSeenAt: date(r.first_seen_at)!,
    lastSeenAt: date(r.last_seen_at)!,
    resolvedAt: date(r.resolved_at),
    openedRunId: r.opened_run_id as string,
    lastRunId: r.last_run_id as string,
    runEvidence: r.run_evidence ?? null,
  };
}

/** Open findings by dimension and severity (the overview). */
export async function openCounts(
  db: Db,
  accountId: string,
): Promise<{ dimension: string; severity: string; n: number }[]> {
  const rows = await db
    .select({ dimension: advisorFindings.dimension, severity: advisorFindings.severity, n: count() })
    .from(advisorFindings)
    .where(and(eq(advisorFindings.accountId, accountId), eq(advisorFindings.status, 'open')))
    .groupBy(advisorFindings.dimension, advisorFindings.severity);
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

/** R-RPT: findings that were open at some time in [fromAt, toAt). */
export async function findingsBetween(db: Db, accountId: string, fromAt: Date, toAt: Date): Promise<FindingRow[]> {
  return db
    .select()
    .from(advisorFindings)
    .where(
      and(
        eq(advisorFindings.accountId, accountId),
        sql`${advisorFindings.firstSeenAt} < ${toAt.toISOString()}::timestamptz`,
        sql`(${advisorFindings.resolvedAt} IS NULL OR ${advisorFindings.resolvedAt} >= ${fromAt.toISOString()}::timestamptz)`,
      ),
    )
    .orderBy(asc(advisorFindings.dimension), asc(advisorFindings.ruleId), desc(advisorFindings.lastSeenAt));
}

export { advisorRunFindings };
