/**
 * Starting a run (R-OA-2): the effective rules are fixed when it starts (a resumed run evaluates what it started
 * with), and one account runs one check at a time (a second start while one runs is INVALID_STATE; the schedule
 * finishes the running one first).
 */
import type { Db } from '../../../platform/db.js';
import { DomainError } from '../../../platform/errors.js';
import { newId } from '../../../platform/ids.js';
import { effectiveRules, type RuleOverride } from '../domain/rules.js';
import type { EffectiveRule } from '../domain/types.js';
import type { AdvisorAccount, AdvisorDeps } from '../ports.js';
import { countPresent } from '../store/resource-store.js';
import { insertRun, lockAccountRuns, runningRunOf, type RunRow } from '../store/run-store.js';
import { ruleOverrides } from '../store/settings-store.js';

/** What a run row keeps of each rule. */
export interface RuleSnapshot {
  readonly id: string;
  readonly enabled: boolean;
  readonly available: boolean;
  readonly thresholds: Record<string, number>;
}

export const snapshotOf = (rules: readonly EffectiveRule[]): RuleSnapshot[] =>
  rules.map((r) => ({ id: r.rule.id, enabled: r.enabled, available: r.available, thresholds: { ...r.thresholds } }));

/** The rules a run evaluates: its snapshot over the catalog's rules (a rule the catalog no longer has is skipped). */
export function rulesOfRun(deps: AdvisorDeps, run: Pick<RunRow, 'rules'>): EffectiveRule[] {
  const byId = new Map((deps.catalog.def.advisor?.rules ?? []).map((r) => [r.id, r]));
  return (run.rules as RuleSnapshot[]).flatMap((s) => {
    const rule = byId.get(s.id);
    return rule
      ? [{ rule, enabled: s.enabled, available: s.available, missingFeature: null, thresholds: s.thresholds }]
      : [];
  });
}

export async function currentRules(deps: AdvisorDeps, db: Db, account: AdvisorAccount): Promise<EffectiveRule[]> {
  const overrides: RuleOverride[] = await ruleOverrides(db, account.id);
  return effectiveRules(deps.catalog.def.advisor, account.levelFeatures, overrides);
}

export interface OpenRunInput {
  readonly account: AdvisorAccount;
  readonly trigger: 'manual' | 'schedule';
  /** The instant the run evaluates at. */
  readonly at: Date;
  readonly scheduledFor: Date | null;
  readonly requestedBy: string | null;
  readonly mailTo: string | null;
}

/** Inserts the run inside the caller's transaction; null when the schedule's instant has its run already. */
export async function openRun(deps: AdvisorDeps, tx: Db, input: OpenRunInput, now: Date): Promise<RunRow | null> {
  await lockAccountRuns(tx, input.account.id);
  const running = await runningRunOf(tx, input.account.id);
  if (running)
    throw new DomainError('INVALID_STATE', { runId: running.id }, 'A check of this account is running already.');
  const rules = await currentRules(deps, tx, input.account);
  return insertRun(tx, {
    id: newId('oar', now.getTime()),
    tenantId: input.account.tenantId,
    accountId: input.account.id,
    trigger: input.trigger,
    status: 'running',
    phase: 'resources',
    cursor: null,
    at: input.at,
    scheduledFor: input.scheduledFor,
    requestedBy: input.requestedBy,
    level: input.account.levelId,
    rules: snapshotOf(rules),
    mailTo: input.mailTo,
    resourcesTotal: await countPresent(tx, input.account.id),
    startedAt: now,
    updatedAt: now,
  });
}
