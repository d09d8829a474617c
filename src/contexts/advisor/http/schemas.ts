/** Wire schemas of the advisor's routes (API.md "Resources, metrics and the optimization advisor"). */
import { z } from 'zod';
import { ADVISOR_DIMENSIONS, ADVISOR_SEVERITIES } from '../../../domain/catalog/advisor-schema.js';
import { named, ZDate } from '../../../platform/http/schemas.js';

export const MAX_RESOURCES_PER_REQUEST = 10_000;
export const MAX_SAMPLES_PER_REQUEST = 50_000;

const ZInstant = z.iso.datetime({ offset: true, message: 'an ISO 8601 time with offset' });
const ZTypeId = z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/, 'a lower-case id such as ecs or cpu_util');
export const ZLocaleQuery = z
  .enum(['zh-CN', 'en-US'])
  .optional()
  .describe('Texts in this locale (default: the account’s)');

export const ZResourcesIn = z.object({
  resources: z
    .array(
      z.object({
        id: z.string().min(1).max(200).describe('The sender’s resource id (unique for the provider)'),
        accountId: z.string().min(1).max(100),
        type: ZTypeId.describe('ecs, evs, rds, elb, eip, security_group, obs, …'),
        region: z.string().min(1).max(64),
        zone: z.string().min(1).max(64).nullable().optional(),
        name: z.string().max(200).nullable().optional(),
        attributes: z.record(z.string(), z.unknown()).optional().describe('Kept as sent; the rules read some (API.md)'),
        observedAt: ZInstant.describe('When the cloud side saw it like this; an older observation changes nothing'),
      }),
    )
    .min(1)
    .max(MAX_RESOURCES_PER_REQUEST),
  fullSync: z
    .boolean()
    .optional()
    .describe('The request lists every resource of each account it names: the others are marked gone'),
});

export const ZResourcesOut = z.object({
  received: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  gone: z.number().int(),
});

export const ZMetricsIn = z.object({
  samples: z
    .array(
      z.object({
        resourceId: z.string().min(1).max(200),
        metric: ZTypeId.describe('cpu_util, mem_util, disk_util, bandwidth_util, …'),
        at: ZInstant,
        value: z.number().describe('Percent, 0–100'),
      }),
    )
    .min(1)
    .max(MAX_SAMPLES_PER_REQUEST),
});

export const ZMetricsOut = z.object({
  received: z.number().int(),
  created: z.number().int(),
  unchanged: z.number().int(),
});

export const ZResourceOut = z.object({
  id: z.string(),
  accountId: z.string(),
  type: z.string(),
  region: z.string(),
  zone: z.string().nullable(),
  name: z.string().nullable(),
  attributes: z.record(z.string(), z.unknown()),
  observedAt: z.string(),
  firstSeenAt: z.string(),
  goneAt: z.string().nullable(),
});

const ZDimension = z.enum(ADVISOR_DIMENSIONS);
const ZSeverity = z.enum(ADVISOR_SEVERITIES);
const ZCounts = z.object({ high: z.number().int(), medium: z.number().int(), low: z.number().int() });
export const ZRiskSummary = z.object(
  Object.fromEntries(ADVISOR_DIMENSIONS.map((d) => [d, ZCounts])) as Record<
    (typeof ADVISOR_DIMENSIONS)[number],
    typeof ZCounts
  >,
);

export const ZRuleOut = z.object({
  id: z.string(),
  dimension: ZDimension,
  severity: ZSeverity,
  capacity: z.boolean(),
  kind: z.string(),
  name: z.string(),
  enabled: z.boolean(),
  available: z.boolean().describe('Included in the account’s level (R-OA-1: cost and capacity from business level)'),
  missingEntitlement: z.string().nullable(),
  thresholds: z.record(z.string(), z.number()),
  thresholdRanges: z.record(
    z.string(),
    z.object({ default: z.number(), min: z.number(), max: z.number(), unit: z.string().nullable() }),
  ),
});

export const ZRulePatch = z
  .object({
    enabled: z.boolean().optional(),
    thresholds: z
      .record(z.string(), z.number().nullable())
      .optional()
      .describe('Performance and cost rules only; null returns a threshold to the catalog default'),
  })
  .refine((p) => p.enabled !== undefined || p.thresholds !== undefined, 'enabled or thresholds');

export const ZRunOut = z.object({
  id: z.string(),
  accountId: z.string(),
  trigger: z.enum(['manual', 'schedule']),
  status: z.enum(['running', 'completed']),
  phase: z.string(),
  at: z.string().describe('The instant the checks evaluate at (a scheduled run: its due time)'),
  level: z.string().nullable(),
  resourcesTotal: z.number().int(),
  resourcesDone: z.number().int(),
  findings: z.number().int(),
  opened: z.number().int().describe('Findings new (or back) in this run'),
  resolved: z.number().int().describe('Open findings this run no longer found'),
  summary: ZRiskSummary,
  unavailableDimensions: z.array(ZDimension),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});

export const ZFindingOut = z.object({
  id: z.string(),
  ruleId: z.string(),
  dimension: ZDimension,
  severity: ZSeverity,
  status: z.enum(['open', 'resolved']),
  resourceId: z.string().nullable(),
  resourceType: z.string().nullable(),
  resourceName: z.string().nullable(),
  resourceIds: z.array(z.string()),
  title: z.string(),
  detail: z.string(),
  recommendation: z.string(),
  evidence: z.record(z.string(), z.unknown()).describe('The numbers that triggered it'),
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
  resolvedAt: z.string().nullable(),
  openedRunId: z.string(),
});

export const ZFindingsQuery = z.object({
  dimension: ZDimension.optional(),
  severity: ZSeverity.optional(),
  status: z.enum(['open', 'resolved', 'all']).optional().describe('Default: open (all for a run’s findings)'),
  runId: z.string().min(1).max(100).optional(),
  groupId: z.string().min(1).max(100).optional(),
  locale: ZLocaleQuery,
  format: z.enum(['json', 'csv', 'xlsx']).optional().describe('csv or xlsx: the whole list as a download'),
});

export const ZAuthorizationOut = z.object({
  authorized: z.boolean(),
  authorizedAt: z.string().nullable(),
  authorizedBy: z.string().nullable(),
  scope: z.array(z.string()),
  retention: z.string(),
});

export const ZScheduleIn = z.object({
  enabled: z.boolean(),
  every: z.enum(['day', 'week']),
  at: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day HH:MM'),
  weekday: z.number().int().min(1).max(7).optional().describe('Weekly runs: ISO weekday, 1 = Monday (default 1)'),
  email: z
    .string()
    .email()
    .max(254)
    .nullable()
    .optional()
    .describe('Where results are mailed (default: the account’s email)'),
});

export const ZScheduleOut = z.object({
  enabled: z.boolean(),
  every: z.enum(['day', 'week']),
  at: z.string(),
  weekday: z.number().int(),
  email: z.string().nullable(),
  timeZone: z.string(),
  nextRunAt: z.string().nullable(),
});

export const ZEventsIn = z.object({
  events: z.array(z.object({ name: z.string().min(1).max(200), start: ZDate, end: ZDate })).max(100),
});
export const ZEventsOut = z.object({
  items: z.array(z.object({ id: z.string(), name: z.string(), start: z.string(), end: z.string() })),
});

export const ZGroupOut = z.object({
  id: z.string(),
  name: z.string(),
  resourceIds: z.array(z.string()),
  createdAt: z.string(),
});
export const ZGroupIn = z.object({
  name: z.string().min(1).max(100),
  resourceIds: z.array(z.string().min(1).max(200)).max(10_000).optional(),
});
export const ZGroupPatch = z.object({
  name: z.string().min(1).max(100).optional(),
  resourceIds: z.array(z.string().min(1).max(200)).max(10_000).optional(),
});

export const ZOverviewOut = z.object({
  accountId: z.string(),
  level: z.string().nullable(),
  included: z.boolean().describe('The level includes the advisor'),
  costCapacity: z.boolean().describe('The level includes cost and capacity checks'),
  unavailableDimensions: z.array(ZDimension),
  authorization: ZAuthorizationOut,
  schedule: ZScheduleOut,
  risks: ZRiskSummary.describe('Open findings by dimension and severity'),
  lastRun: ZRunOut.nullable(),
  runningRunId: z.string().nullable(),
  resources: z.number().int(),
  events: ZEventsOut.shape.items,
});

export const ZCapacityOut = z.object({
  fromAt: z.string(),
  toAt: z.string(),
  groupId: z.string().nullable(),
  metrics: z.array(
    z.object({
      metric: z.string(),
      resources: z.array(
        z.object({
          resourceId: z.string(),
          name: z.string().nullable(),
          type: z.string(),
          samples: z.number().int(),
          average: z.number(),
          peak: z.number(),
        }),
      ),
    }),
  ),
});

named(ZResourceOut, 'Resource', 'A resource of an account’s inventory as the cloud side sent it');
named(ZRiskSummary, 'RiskSummary', 'Findings by dimension and severity');
named(ZRuleOut, 'AdvisorRule', 'A check as it applies to an account: available for its level, enabled, thresholds');
named(ZRunOut, 'AdvisorRun', 'A check run (manual or scheduled) with its summary');
named(ZFindingOut, 'AdvisorFinding', 'A risk a check found, with its identity across runs and the evidence');
named(ZAuthorizationOut, 'AdvisorAuthorization', 'The customer’s authorization to analyse its resources');
named(ZScheduleOut, 'AdvisorSchedule', 'Automatic checks: every day or week at a local time');
named(ZGroupOut, 'ResourceGroup', 'A business group of resources (资源分组)');
named(ZOverviewOut, 'AdvisorOverview', 'The risk overview of an account');
