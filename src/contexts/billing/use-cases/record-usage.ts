/**
 * POST /api/v1/usage (R-BIL-1), provider admin or billing operator. A batch is all or nothing:
 * - any invalid record → VALIDATION_FAILED, `details.issues` naming `body.records.N.field`, nothing stored;
 * - a record id stored already with the same content is left as it is (re-sending changes nothing);
 * - a record id stored already with other content → IDEMPOTENCY_CONFLICT (409), `details.issues` naming
 *   `body.records.N.id` and `details.recordIds`, nothing stored (the sender must use a new id for a new record);
 * - a record dated in a month whose month-end run has started is refused (`body.records.N.from`): bills are final.
 */
import type { Deps } from '../../../platform/deps.js';
import { inTransaction } from '../../../platform/deps.js';
import { DomainError, validationFailed, type ValidationIssue } from '../../../platform/errors.js';
import type { Principal } from '../../../platform/http/principal.js';
import { accountSummaries, type AccountSummary } from '../../accounts/index.js';
import { monthsTouched } from '../domain/month.js';
import { parseUsageRecord, USAGE_CATEGORIES, type ParsedUsage, type UsageRecordInput } from '../domain/usage-record.js';
import { lockMonthsShared, runScopes } from '../store/run-store.js';
import { insertUsage, storedHashes } from '../store/usage-store.js';

export const USAGE_ROLES = ['provider_admin', 'billing_operator'] as const;

export interface RecordUsageResult {
  readonly received: number;
  readonly created: number;
  readonly unchanged: number;
}

const prefix = (i: number) => `body.records.${i}`;

/**
 * A record is refused in a month a run has started on for it: the run over all accounts, or a run of its own account
 * or of the custody master that is billed on its consumption (`billing run --account`). Other accounts' records of
 * that month still come in.
 */
function closedIssues(
  records: readonly ParsedUsage[],
  scopes: Map<string, Set<string>>,
  accounts: Map<string, AccountSummary>,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const r of records) {
    const account = accounts.get(r.accountId);
    const master = account?.parentId && account.financeMode === 'custody' ? account.parentId : null;
    const closes = (m: string) => {
      const s = scopes.get(m);
      return (
        !!s && (s.has('all') || s.has(`account:${r.accountId}`) || (master !== null && s.has(`account:${master}`)))
      );
    };
    const month = monthsTouched(r.from, r.to).find(closes);
    if (month)
      issues.push({
        path: `${prefix(r.index)}.from`,
        message: `${month} is billed already; records dated in a billed month are refused`,
      });
  }
  return issues;
}

export async function recordUsage(
  deps: Deps,
  principal: Principal,
  input: { records: readonly UsageRecordInput[] },
): Promise<RecordUsageResult> {
  if (!(USAGE_ROLES as readonly string[]).includes(principal.role))
    throw new DomainError('FORBIDDEN', { requiredRole: [...USAGE_ROLES] });
  const catalog = deps.catalog;
  const categories = [...new Set([...USAGE_CATEGORIES, ...catalog.def.subscription.excludedUsageCategories])];
  const issues: ValidationIssue[] = [];
  const parsed: ParsedUsage[] = [];
  input.records.forEach((r, i) => {
    const result = parseUsageRecord(r, i, { currency: catalog.currency, categories, prefix: prefix(i) });
    if ('issues' in result) issues.push(...result.issues);
    else parsed.push(result.record);
  });
  // The same id twice in one batch: once if identical, an error if not.
  const byId = new Map<string, ParsedUsage>();
  const unique: ParsedUsage[] = [];
  for (const r of parsed) {
    const first = byId.get(r.id);
    if (!first) {
      byId.set(r.id, r);
      unique.push(r);
    } else if (first.contentHash !== r.contentHash)
      issues.push({
        path: `${prefix(r.index)}.id`,
        message: `the same id as records.${first.index} with other content`,
      });
  }
  const accounts = new Map(
    (await accountSummaries(deps.db, [...new Set(unique.map((r) => r.accountId))])).map((a) => [a.id, a]),
  );
  for (const r of unique)
    if (!accounts.has(r.accountId)) issues.push({ path: `${prefix(r.index)}.accountId`, message: 'no such account' });
  const months = [...new Set(unique.flatMap((r) => monthsTouched(r.from, r.to)))];
  issues.push(...closedIssues(unique, await runScopes(deps.db, months), accounts));
  if (issues.length)
    throw validationFailed(issues.sort((a, b) => a.path.localeCompare(b.path, 'en', { numeric: true })));

  const now = deps.clock.now();
  return inTransaction(
    deps,
    async (tx) => {
      // A month-end run opening on one of these months waits for this batch, or this batch sees its run.
      await lockMonthsShared(tx, months);
      const late = closedIssues(unique, await runScopes(tx, months), accounts);
      if (late.length) throw validationFailed(late);
      const conflictsOf = (stored: Map<string, string>) =>
        unique.filter((r) => stored.has(r.id) && stored.get(r.id) !== r.contentHash);
      const throwConflicts = (conflicts: ParsedUsage[]) => {
        if (!conflicts.length) return;
        throw new DomainError(
          'IDEMPOTENCY_CONFLICT',
          {
            issues: conflicts.map((r) => ({
              path: `${prefix(r.index)}.id`,
              message: 'this record id was received before with other content',
            })),
            recordIds: conflicts.map((r) => r.id),
          },
          `${conflicts.length} record id(s) were received before with other content; a new record needs a new id.`,
        );
      };
      const before = await storedHashes(
        tx,
        unique.map((r) => r.id),
      );
      throwConflicts(conflictsOf(before));
      const fresh = unique.filter((r) => !before.has(r.id));
      const inserted = await insertUsage(
        tx,
        fresh.map((r) => ({
          recordId: r.id,
          tenantId: accounts.get(r.accountId)!.tenantId,
          accountId: r.accountId,
          service: r.service,
          category: r.category,
          amountMinor: r.amountMinor,
          currency: r.currency,
          fromDate: r.from,
          toDate: r.to,
          contentHash: r.contentHash,
        })),
        now,
      );
      // Ids another request stored meanwhile: the same content is fine, other content is a conflict.
      const raced = fresh.filter((r) => !inserted.has(r.id));
      if (raced.length)
        throwConflicts(
          conflictsOf(
            await storedHashes(
              tx,
              raced.map((r) => r.id),
            ),
          ),
        );
      return {
        received: input.records.length,
        created: inserted.size,
        unchanged: input.records.length - inserted.size,
      };
    },
    { keepsPlans: true },
  );
}
