/**
 * Which endpoints each account has, cached in the process like the plan cache (dropped after every commit that may
 * change it — creating or deleting a webhook is such a commit — and, on PostgreSQL, when another process says so).
 * Most accounts have none: their events then cost no query at all. One per app (the notifications module's).
 */
import type { Db } from '../../../platform/db.js';
import type { CommitListener } from '../../../platform/deps.js';
import { activeEndpointsOf } from '../store/webhook-store.js';

interface Endpoint {
  readonly id: string;
  readonly events: readonly string[];
}

const TTL_MS = 60_000;

export class WebhookIndex implements CommitListener {
  private epoch = 0;
  private readonly entries = new Map<string, { endpoints: Endpoint[]; untilMs: number }>();

  invalidate(): void {
    this.epoch++;
    this.entries.clear();
  }

  /** Active endpoints of the account subscribed to `type`. */
  async subscribed(db: Db, tenantId: string, accountId: string, type: string): Promise<Endpoint[]> {
    const nowMs = Date.now();
    let hit = this.entries.get(accountId);
    if (!hit || hit.untilMs <= nowMs) {
      const epoch = this.epoch;
      const endpoints = await activeEndpointsOf(db, { tenantId, accountId });
      hit = { endpoints, untilMs: nowMs + TTL_MS };
      if (epoch === this.epoch) {
        if (this.entries.size > 50_000) this.entries.clear();
        this.entries.set(accountId, hit);
      }
    }
    return hit.endpoints.filter((e) => e.events.includes(type));
  }
}
