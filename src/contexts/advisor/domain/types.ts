/** The advisor's plain values (R-OA): what the rule engine reads and what it finds. Pure types. */
import type { AdvisorDimension, AdvisorSeverity, TAdvisorRule } from '../../../domain/catalog/advisor-schema.js';

export type { AdvisorDimension, AdvisorSeverity, TAdvisorRule };

/** A resource of the account's inventory as the cloud side sent it (gone resources are never evaluated). */
export interface InventoryResource {
  readonly id: string;
  readonly type: string;
  readonly region: string;
  readonly zone: string | null;
  readonly name: string | null;
  readonly attributes: Readonly<Record<string, unknown>>;
}

/** Samples of one metric of one resource within one window. */
export interface WindowStats {
  readonly samples: number;
  readonly avg: number | null;
  readonly max: number | null;
  readonly min: number | null;
}

/** What the store computed for one resource under a statistics plan (statistics.ts): by window id and probe id. */
export interface ResourceStats {
  readonly windows: Readonly<Record<string, WindowStats>>;
  readonly probes: Readonly<Record<string, number>>;
}

/** A rule as it applies to one account: the catalog's rule, the account's switch and thresholds, the level's say. */
export interface EffectiveRule {
  readonly rule: TAdvisorRule;
  /** Included in the account's level (R-OA-1: cost and capacity only with the cost/capacity feature). */
  readonly available: boolean;
  /** The entitlement the level lacks when not available. */
  readonly missingFeature: string | null;
  readonly enabled: boolean;
  /** Every threshold of the rule: the account's value, else the catalog default. */
  readonly thresholds: Readonly<Record<string, number>>;
}

export type Evidence = Readonly<Record<string, string | number | boolean | null | readonly (string | number)[]>>;

/** One risk a run found. `subject` makes its identity across runs: the same rule and subject is the same finding. */
export interface RawFinding {
  readonly ruleId: string;
  readonly dimension: AdvisorDimension;
  readonly severity: AdvisorSeverity;
  /** `resource:<id>`, `group:<value>`, `event:<id>` or `account`. */
  readonly subject: string;
  readonly resourceId: string | null;
  /** Every resource the finding concerns (the resource, or a group's members): resource-group filters read it. */
  readonly resourceIds: readonly string[];
  readonly evidence: Evidence;
}

/** Account facts the service-baseline checks read, gathered from the other contexts by the composition root. */
export interface BaselineFacts {
  readonly contacts: number;
  /** The effective level's features (regional exclusions applied). */
  readonly levelFeatures: readonly string[];
  /** Major events the customer declared (R-OA service baseline), dates in the account's zone. */
  readonly events: readonly {
    readonly id: string;
    readonly name: string;
    readonly start: string;
    readonly end: string;
  }[];
  /** The account's service requests that are not rejected or withdrawn. */
  readonly serviceRequests: readonly {
    readonly service: string;
    readonly status: string;
    readonly start: string;
    readonly end: string;
    readonly completedAt: Date | null;
  }[];
}

export const findingKey = (ruleId: string, subject: string) => `${ruleId}|${subject}`;
