/**
 * R-OA-1/2: the optimization advisor's rules are catalog data. A provider edits thresholds, texts and severities or
 * adds rules of the built-in check kinds without code; the engine (contexts/advisor/domain) has one evaluator per
 * kind. Texts may name evidence values in braces (`{percent}`, `{resource}`), filled in when a finding is shown.
 */
import { z } from 'zod';

export const ADVISOR_DIMENSIONS = ['performance', 'security', 'reliability', 'cost', 'service_baseline'] as const;
export type AdvisorDimension = (typeof ADVISOR_DIMENSIONS)[number];
/** Seed 000 §1.5.19: thresholds of performance and cost checks are the customer's to change. */
export const TUNABLE_DIMENSIONS: readonly AdvisorDimension[] = ['performance', 'cost'];
export const ADVISOR_SEVERITIES = ['high', 'medium', 'low'] as const;
export type AdvisorSeverity = (typeof ADVISOR_SEVERITIES)[number];

const ID = /^[a-z0-9][a-z0-9_-]*$/;
const ZRuleId = z.string().regex(ID, 'lower-case id: letters, digits, "_" or "-"');
const ZTexts = z.strictObject({ 'zh-CN': z.string().min(1), 'en-US': z.string().min(1) });
const ZName = z.string().min(1).max(64);
const ZResourceTypes = z.array(ZName).min(1);

/** One editable threshold: its default and the range an account may set. */
export const ZThresholdDef = z
  .strictObject({ default: z.number(), min: z.number(), max: z.number(), unit: z.string().optional() })
  .refine((t) => t.min <= t.default && t.default <= t.max, 'min ≤ default ≤ max');
export type TThresholdDef = z.infer<typeof ZThresholdDef>;

/** A comparison on a resource attribute; `threshold` takes the value from the rule's (account's) thresholds. */
export const ZAttributeCondition = z.strictObject({
  attribute: ZName,
  op: z.enum(['eq', 'ne', 'in', 'gt', 'gte', 'lt', 'lte', 'missing', 'present', 'matches']),
  value: z.union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number()]))]).optional(),
  threshold: ZName.optional(),
});
export type TAttributeCondition = z.infer<typeof ZAttributeCondition>;

export const ZCheck = z.discriminatedUnion('kind', [
  /**
   * Utilisation samples of `metric` over the last `windowDays` (threshold): fires when at least `minSharePercent`
   * (threshold) of them are at or above (`above`) or below (`below`) `percent` (threshold), given `minSamples`.
   */
  z.strictObject({
    kind: z.literal('metric_threshold'),
    resourceTypes: ZResourceTypes,
    metric: ZName,
    direction: z.enum(['above', 'below']),
    minSamples: z.number().int().min(1).default(24),
  }),
  /** Every condition holds on a resource's attributes. */
  z.strictObject({
    kind: z.literal('attribute_match'),
    resourceTypes: ZResourceTypes,
    conditions: z.array(ZAttributeCondition).min(1),
  }),
  /** A security group admits ingress from one of `sources` to one of `ports` (a port, a range, or all ports). */
  z.strictObject({
    kind: z.literal('open_ingress'),
    resourceTypes: ZResourceTypes.default(['security_group']),
    ports: z.array(z.number().int().min(0).max(65535)).min(1),
    sources: z.array(z.string().min(1)).min(1).default(['0.0.0.0/0', '::/0']),
  }),
  /** A resource bound (attribute `boundAttribute`) to one whose `targetAttribute` lists no security group. */
  z.strictObject({
    kind: z.literal('bound_without_security_group'),
    resourceTypes: ZResourceTypes.default(['eip']),
    boundAttribute: ZName.default('boundTo'),
    targetAttribute: ZName.default('securityGroups'),
  }),
  /** Resources sharing a value of `groupBy` (e.g. a tier), at least `minMembers`, all in one zone. */
  z.strictObject({
    kind: z.literal('single_zone_group'),
    resourceTypes: ZResourceTypes,
    groupBy: ZName,
    minMembers: z.number().int().min(2).default(2),
  }),
  /** Service baseline: the account has no contact on file. */
  z.strictObject({ kind: z.literal('no_contacts') }),
  /** Service baseline: a major event the customer declared starts within `lookaheadDays` without `service` booked. */
  z.strictObject({
    kind: z.literal('event_unprotected'),
    lookaheadDays: z.number().int().min(1).max(366).default(30),
    service: ZRuleId.default('event_protection'),
  }),
  /**
   * Service baseline: an account whose level has one of `levelFeatures` (a TAM) has no completed request of
   * `services` in the last `withinDays`.
   */
  z.strictObject({
    kind: z.literal('review_missing'),
    levelFeatures: z.array(ZRuleId).min(1),
    services: z.array(ZRuleId).min(1),
    withinDays: z.number().int().min(1).max(3660).default(365),
  }),
]);
export type TCheck = z.infer<typeof ZCheck>;
export type TCheckKind = TCheck['kind'];
/** Thresholds each kind reads (a rule of that kind must define them). */
export const REQUIRED_THRESHOLDS: Partial<Record<TCheckKind, readonly string[]>> = {
  metric_threshold: ['percent', 'windowDays', 'minSharePercent'],
};
/** Kinds that look at resources (their findings name one); the others look at the account or a group. */
export const RESOURCE_KINDS: readonly TCheckKind[] = [
  'metric_threshold',
  'attribute_match',
  'open_ingress',
  'bound_without_security_group',
];

export const ZAdvisorRule = z.strictObject({
  id: ZRuleId,
  dimension: z.enum(ADVISOR_DIMENSIONS),
  severity: z.enum(ADVISOR_SEVERITIES),
  /** R-OA-1: a capacity check (容量优化); with the cost dimension, only for levels with the cost/capacity feature. */
  capacity: z.boolean().default(false),
  /** Off until the account switches it on. */
  enabledByDefault: z.boolean().default(true),
  check: ZCheck,
  /** Editable per account (performance and cost rules only). */
  thresholds: z.record(ZName, ZThresholdDef).default({}),
  names: ZTexts,
  title: ZTexts,
  detail: ZTexts,
  recommendation: ZTexts,
});
export type TAdvisorRule = z.infer<typeof ZAdvisorRule>;

export const ZAdvisor = z.strictObject({
  /** The level feature that includes the advisor (every check but cost and capacity). */
  feature: ZRuleId,
  /** The level feature that adds cost and capacity checks (R-OA-1: business level and above at Huawei). */
  costCapacityFeature: ZRuleId,
  rules: z.array(ZAdvisorRule).min(1),
});
export type TAdvisor = z.infer<typeof ZAdvisor>;
