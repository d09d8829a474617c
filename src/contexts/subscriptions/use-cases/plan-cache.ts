/**
 * The embedded database is single-process (the data-dir lock guarantees it), so an in-process cache of each
 * account's row and effective plan is coherent: every write goes through this process and drops the cache after
 * its commit (platform/deps.ts inTransaction). Entries also expire at the plan's validTo and after a minute.
 * Ticket intake and plan reads — the hot paths — then touch the database only for what they write.
 * On PostgreSQL (several processes may write) there is no cache.
 */
import type { Db } from '../../../platform/db.js';
import type { CommitListener } from '../../../platform/deps.js';
import type { Catalog } from '../../catalog/domain/catalog.js';
import type { AccountRow } from '../../accounts/domain/account.js';
import type { EffectivePlan } from '../domain/effective-plan.js';

interface Entry {
  readonly account: AccountRow;
  readonly plan: EffectivePlan;
  readonly untilMs: number;
}

const TTL_MS = 60_000;
const MAX_ENTRIES = 50_000;

export class PlanCache implements CommitListener {
  private epoch = 0;
  private readonly entries = new Map<string, Entry>();

  invalidate(): void {
    this.epoch++;
    this.entries.clear();
  }

  get(accountId: string, nowMs: number): Entry | undefined {
    const e = this.entries.get(accountId);
    if (!e) return undefined;
    if (e.untilMs <= nowMs) {
      this.entries.delete(accountId);
      return undefined;
    }
    return e;
  }

  /** Loads through `load` and keeps the result unless a commit happened meanwhile. */
  async load(accountId: string, nowMs: number, load: () => Promise<{ account: AccountRow; plan: EffectivePlan }>): Promise<{ account: AccountRow; plan: EffectivePlan }> {
    const hit = this.get(accountId, nowMs);
    if (hit) return hit;
    const epoch = this.epoch;
    const value = await load();
    if (epoch === this.epoch) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
      const untilMs = Math.min(nowMs + TTL_MS, value.plan.validTo?.getTime() ?? Infinity);
      this.entries.set(accountId, { ...value, untilMs });
    }
    return value;
  }
}

export type { Db, Catalog };
