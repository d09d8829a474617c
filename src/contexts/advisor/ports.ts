/**
 * What the advisor needs from other contexts, given by the composition root: accounts with their effective level
 * (visibility, ownership, contacts), the service-request facts of the baseline checks, and the notification policy.
 */
import type { Db } from '../../platform/db.js';
import type { Deps } from '../../platform/deps.js';
import type { Principal } from '../../platform/http/principal.js';
import type { OutboxEffect } from '../../platform/outbox.js';
import type { TNames } from '../../domain/catalog/catalog-schema.js';
import type { BaselineFacts } from './domain/types.js';

export interface AdvisorAccount {
  readonly id: string;
  readonly tenantId: string;
  readonly parentId: string | null;
  readonly name: string;
  readonly email: string;
  readonly region: string;
  readonly timeZone: string;
  readonly locale: string;
  /** The effective level at the time asked; null without a plan. */
  readonly levelId: string | null;
  /** The effective level's features minus the region's exclusions (`feature:<id>`). */
  readonly levelFeatures: readonly string[];
}

export interface AdvisorPorts {
  /** The account as the caller sees it (NOT_FOUND when invisible: another tenant's, or no such id). */
  visibleAccount(db: Db, principal: Principal, accountId: string, now: Date): Promise<AdvisorAccount>;
  /** System lookup (sweeps); null when there is no such account. */
  account(db: Db, accountId: string, now: Date): Promise<AdvisorAccount | null>;
  /** Tenants of existing accounts among `ids` (ingest). */
  tenantsOf(db: Db, ids: readonly string[]): Promise<Map<string, string>>;
  /** The account's owner (or its master's): R-ACC-4. */
  isOwner(principal: Principal, account: AdvisorAccount): boolean;
  contactCount(db: Db, account: AdvisorAccount): Promise<number>;
  serviceRequestFacts(db: Db, accountId: string): Promise<BaselineFacts['serviceRequests']>;
  /**
   * A notice to the account: the message center and a mail to `to`, in the account's locale (R-OA-2: results are
   * mailed whatever other channels the level has), each once by `dedupeKey`.
   */
  notice(input: {
    account: AdvisorAccount;
    to: string;
    kind: string;
    dedupeKey: string;
    title: TNames;
    body: TNames;
    data: Record<string, unknown>;
  }): OutboxEffect[];
}

export interface AdvisorDeps extends Deps {
  readonly ports: AdvisorPorts;
}
