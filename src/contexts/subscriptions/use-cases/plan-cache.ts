/**
 * An in-process cache of each account's row and effective plan, for the hot paths (ticket intake, plan reads):
 * they then touch the database only for what they write. Every transaction that may change plans drops it after
 * its commit (platform/deps.ts inTransaction). The embedded database is single-process (the data-dir lock), so
 * that is the whole story there; on PostgreSQL such a transaction also sends a notice before it commits
 * (`beforeCommit`) and every server process drops its cache when it hears one (platform/change-feed.ts).
 * Entries also expire at the plan's validTo and after a minute.
 */
import type { Db } from '../../../platform/db.js';
import type { CommitListener } from '../../../platform/deps.js';
import type { Catalog } from '../../../domain/catalog/catalog.js';
import type { AccountRow } from '../../accounts/index.js';
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

  /** `notify`: how a committing transaction tells other processes (PostgreSQL), absent when there are none. */
  constructor(private readonly notify: ((tx: Db) => Promise<void>) | null = null) {}

  async beforeCommit(tx: Db): Promise<void> {
    if (this.notify) await this.notify(tx);
  }

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
  async load(
    accountId: string,
    nowMs: number,
    load: () => Promise<{ account: AccountRow; plan: EffectivePlan }>,
  ): Promise<{ account: AccountRow; plan: EffectivePlan }> {
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
