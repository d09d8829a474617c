/**
 * R-CAT: the catalog file format. A catalog is data: every level, entitlement, quota, allowance, price and rule of
 * one provider. Validated with zod on load (R-CAT-6); cross-references are checked in `checkCatalogReferences`.
 * Where a seed gives no number the catalog marks the value `placeholder: true` with a `note` (never a silent guess).
 */
import { z } from 'zod';
import { Duration, IANAZone } from 'luxon';
import { ZAdvisor } from './advisor-schema.js';

export const LOCALES = ['zh-CN', 'en-US'] as const;
export type Locale = (typeof LOCALES)[number];

export const SERVICE_TYPES = [
  'event_protection',
  'availability_check',
  'resource_monitoring',
  'architecture_consulting',
  'cloud_configuration',
  'icp_filing',
  'onsite_visit',
] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

const ID = /^[a-z0-9][a-z0-9_-]*$/;
export const ZId = z.string().regex(ID, 'lower-case id: letters, digits, "_" or "-"');
export const ZNames = z.strictObject({ 'zh-CN': z.string().min(1), 'en-US': z.string().min(1) });
export type TNames = z.infer<typeof ZNames>;

/** A decimal money string in major units, e.g. "13500.00". Precision is checked against the currency later. */
export const ZMoneyString = z.string().regex(/^\d+(\.\d+)?$/, 'a non-negative decimal string such as "90.00"');
export const ZRate = z
  .string()
  .regex(/^(0(\.\d+)?|1(\.0+)?)$/, 'a rate between 0 and 1 as a decimal string, e.g. "0.07"');

/** ISO 8601 duration (PT15M, PT12H, P1D) with a positive whole number of minutes. */
export const ZDuration = z.string().refine((s) => {
  const d = Duration.fromISO(s);
  if (!d.isValid) return false;
  const minutes = d.as('minutes');
  return minutes > 0 && Number.isInteger(minutes);
}, 'an ISO 8601 duration of whole minutes, e.g. "PT15M" or "PT12H"');

export const ZTimeZone = z.string().refine((s) => IANAZone.isValidZone(s), 'an IANA time zone such as "Asia/Shanghai"');
const ZClockTime = z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/, 'a time of day HH:MM');

const ZPlaceholder = {
  /** The seed gives no number for this value: the catalog ships one and says so. */
  placeholder: z.boolean().optional(),
  note: z.string().optional(),
};

export const ZRegion = z.strictObject({
  id: ZId,
  names: ZNames,
  /** Holiday calendar (country code) for the business-hours clock; null = weekends only, reported as such. */
  holidayCalendar: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .nullable(),
});

export const ZServiceHours = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('always'), names: ZNames }),
  z.strictObject({
    kind: z.literal('windows'),
    names: ZNames,
    /** ISO weekdays 1 (Monday) … 7 (Sunday) on which the windows apply. */
    days: z.array(z.number().int().min(1).max(7)).min(1),
    windows: z.array(z.strictObject({ from: ZClockTime, to: ZClockTime })).min(1),
    /** true: follow the region's holiday calendar (public holidays off, make-up working days 调休 on). */
    workingDaysOnly: z.boolean(),
    ...ZPlaceholder,
  }),
]);
export type TServiceHours = z.infer<typeof ZServiceHours>;

const ZNamed = z.strictObject({ id: ZId, names: ZNames, description: ZNames.optional() });

/**
 * R-NTF-1: how the engine delivers on a notification channel, whatever the catalog calls it. A channel without
 * `kind` has the kind its id names (`email` → email); any other id (e.g. a desk that calls customers by hand) is
 * not delivered by Tierdesk. `webhook`: the account's registered endpoints (R-TKT-6), nothing more.
 */
export const NOTIFICATION_KINDS = ['message_center', 'email', 'sms', 'phone', 'webhook', 'staff_call'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/**
 * `staff_call`: staff tell the account by telephone themselves (Tianyi 专席人工 / 专属经理人工, seed 004 §1.4): each
 * notice on it is a call task in the staff inbox. `callBy`: `desk` (any staff member of the desk's queue) or
 * `account_manager` (the account's TAM / dedicated manager; the desk when the account has none).
 */
export const ZNotificationChannel = ZNamed.extend({
  kind: z.enum(NOTIFICATION_KINDS).optional(),
  callBy: z.enum(['desk', 'account_manager']).optional(),
});

const ZTicketEffect = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('none') }),
  /** R-TKT-3: while protected, these severities answer within `target` (Huawei < 15 min, iSoftStone < 10 min). */
  z.strictObject({ kind: z.literal('target'), severities: z.array(ZId).min(1), target: ZDuration }),
  /** Tianyi 重保 level 1: every ticket is handled as this severity. */
  z.strictObject({ kind: z.literal('treat_as'), severity: ZId }),
  /** Tianyi 重保 level 2: a ticket is raised this many severities. */
  z.strictObject({ kind: z.literal('raise'), steps: z.number().int().min(1) }),
]);
export type TTicketEffect = z.infer<typeof ZTicketEffect>;

const ZLeadTime = z.strictObject({
  count: z.number().int().min(0),
  /** days: calendar dates after the application date; working_days: working days after it up to the start (R-SR-3). */
  unit: z.enum(['days', 'working_days']),
  /** true: a shorter lead time is a warning in the response, not a refusal (Huawei's 10 working days). */
  advisory: z.boolean(),
});
export type TLeadTime = z.infer<typeof ZLeadTime>;

export const ZServiceDefinition = z.strictObject({
  id: z.enum(SERVICE_TYPES),
  names: ZNames,
  description: ZNames.optional(),
  /** R-SUB-7: applying locks the order whose term contains the application. */
  locksOrder: z.boolean(),
  leadTime: ZLeadTime.optional(),
  /** Requests are for whole days (start date + number of days). */
  wholeDays: z.boolean(),
  maxDays: z.number().int().min(1).optional(),
  /** The start date must be a working day (partner architecture consulting). */
  startsOnWorkingDay: z.boolean().optional(),
  protectionLevels: z
    .array(
      z.strictObject({
        level: z.number().int().min(1).max(3),
        names: ZNames,
        /** What the protection level means (Tianyi 重保: change freezes, handling standard). */
        description: ZNames.optional(),
        leadTime: ZLeadTime.optional(),
        maxDays: z.number().int().min(1).optional(),
        ticketEffect: ZTicketEffect,
      }),
    )
    .optional(),
  /** How an approved request in its window changes ticket targets (event protection). */
  ticketEffect: ZTicketEffect.optional(),
  scenarios: z.array(ZNamed).optional(),
  /** Form fields the application must carry besides start/days. */
  requiredFields: z.array(z.enum(['scenario', 'contact', 'deliveryMethod', 'notes', 'scope', 'resources'])).default([]),
  ...ZPlaceholder,
});
export type TServiceDefinition = z.infer<typeof ZServiceDefinition>;

const ZGrantCondition = z.union([
  z.literal('always'),
  /** The current term was bought in years. */
  z.literal('yearly_purchase'),
  z.strictObject({ continuousMonths: z.number().int().min(1) }),
]);

export const ZAllowance = z.strictObject({
  service: z.enum(SERVICE_TYPES),
  /** What is counted: natural days, working days or requests. */
  unit: z.enum(['days', 'working_days', 'requests']),
  /** null: no numeric limit (on demand / on application). */
  amount: z.number().int().min(0).nullable(),
  period: z.enum(['subscription_year', 'lifetime']),
  /** The allowance is the largest amount of a satisfied grant; without grants it is `amount` always. */
  grants: z.array(z.strictObject({ amount: z.number().int().min(0), when: ZGrantCondition })).optional(),
  protectionLevels: z.array(z.number().int().min(1).max(3)).optional(),
  /** Sub-caps per protection level inside `amount` (Tianyi enterprise levels 1 and 2). */
  perProtectionLevel: z.partialRecord(z.enum(['1', '2', '3']), z.number().int().min(0)).optional(),
  /** Longest single request in days (iSoftStone dedicated: one application of one day). */
  maxDaysPerRequest: z.number().int().min(1).optional(),
  delivery: z.array(z.enum(['on_application', 'proactive'])).min(1),
  proactiveScenarios: z.array(ZId).optional(),
  applicationScenarios: z.array(ZId).optional(),
  /** The customer applies and staff approve before work starts (ctyun business consulting). */
  requiresStaffApproval: z.boolean().optional(),
  leadTime: ZLeadTime.optional(),
  ...ZPlaceholder,
});
export type TAllowance = z.infer<typeof ZAllowance>;

const ZTier = z.strictObject({ upTo: ZMoneyString.optional(), rate: ZRate });

export const ZPricing = z.discriminatedUnion('model', [
  z.strictObject({ model: z.literal('free'), ...ZPlaceholder }),
  z.strictObject({ model: z.literal('fixed'), monthly: ZMoneyString, ...ZPlaceholder }),
  /** Huawei (seed 000 §1.6): the greater of the monthly base fee or tiered percentages of the month's consumption. */
  z.strictObject({
    model: z.literal('base_plus_usage'),
    baseMonthly: ZMoneyString,
    tiers: z.array(ZTier).min(1),
    ...ZPlaceholder,
  }),
]);
export type TPricing = z.infer<typeof ZPricing>;

/** A channel with its service hours; `placeholder` + `note` when the seed names the channel without its hours. */
const ZChannelHours = z.strictObject({ channel: ZId, hours: ZId, ...ZPlaceholder });

export const ZLevel = z.strictObject({
  id: ZId,
  names: ZNames,
  description: ZNames.optional(),
  rank: z.number().int().min(0),
  /** The free default level every new account starts on (Huawei 基础级, Tianyi 标准服务). */
  isDefault: z.boolean(),
  purchasable: z.boolean(),
  unsubscribable: z.boolean(),
  /** A custody master may share this level with all its subs (R-ACC-2). */
  shareable: z.boolean(),
  /** R-SUB-5a: a customer's own order is FORBIDDEN until staff approved the account and assigned a TAM. */
  requiresApproval: z.boolean(),
  /** false: breaches are recorded for reports but not escalated (Tianyi 标准服务). */
  slaBinding: z.boolean().default(true),
  pricing: ZPricing,
  technical: z
    .strictObject({
      channels: z.array(ZChannelHours).min(1),
      /** The clock response targets are measured on. */
      clock: ZId,
      /** Response target per allowed severity; a severity not listed is NOT_ENTITLED. */
      targets: z.record(ZId, ZDuration),
      bestEffort: z.boolean().optional(),
      note: z.string().optional(),
    })
    .nullable(),
  nonTechnical: z.strictObject({
    channels: z.array(ZChannelHours).min(1),
    clock: ZId,
    target: ZDuration,
    note: z.string().optional(),
  }),
  handler: ZId,
  /** Who answers first when it differs from the handler (Tianyi 响应人员 客服 / VIP 专席); a handler id. */
  responder: ZId.optional(),
  /** 1 = first; null = not offered. */
  resolutionPriority: z.number().int().min(1).nullable(),
  restorationPriority: z.number().int().min(1).nullable(),
  notifications: z.array(ZId).min(1),
  ticketApi: z.boolean(),
  features: z.array(
    z.strictObject({
      id: ZId,
      detail: ZNames.optional(),
      /** A counted feature that is not a service request (partner training: 1 online group training a month). */
      quantity: z
        .strictObject({ amount: z.number().int().min(1), period: z.enum(['natural_month', 'subscription_year']) })
        .optional(),
    }),
  ),
  quotas: z.array(
    z.strictObject({
      id: z.literal('technical_tickets'),
      limit: z.number().int().min(0),
      period: z.enum(['lifetime', 'natural_month']),
      /** Time zone of the natural month (Huawei partner: Beijing time). Defaults to the catalog's. */
      timeZone: ZTimeZone.optional(),
      addOn: ZId.optional(),
    }),
  ),
  allowances: z.array(ZAllowance),
  /** Tianyi 关联账号: how many accounts may be linked (0 = none). */
  linkedAccounts: z.number().int().min(0),
  regionalExclusions: z.array(
    z.strictObject({
      regions: z.array(ZId).min(1),
      entitlements: z.array(z.string()).min(1),
      note: z.string().optional(),
    }),
  ),
});
export type TLevel = z.infer<typeof ZLevel>;

export const ZCatalog = z.strictObject({
  id: ZId,
  version: z.string().min(1),
  names: ZNames,
  /** The seed documents the facts come from. */
  sources: z.array(z.string()).min(1),
  currency: z.strictObject({ code: z.string().regex(/^[A-Z]{3}$/), minorUnits: z.number().int().min(0).max(4) }),
  /** The provider's time zone: validity dates, natural months, month-end runs. */
  timeZone: ZTimeZone,
  /** Account locales this provider serves (Tianyi: Chinese only). */
  locales: z.array(z.enum(LOCALES)).min(1),
  /** Regions accounts may live in; any other region is VALIDATION_FAILED. */
  regions: z.array(ZRegion).min(1),
  serviceHours: z.record(ZId, ZServiceHours),
  channels: z.array(ZNamed).min(1),
  /** Highest first (R-TKT-2). */
  severities: z.array(ZNamed).min(1),
  /** Lowest grade first. */
  handlers: z.array(ZNamed).min(1),
  notificationChannels: z.array(ZNotificationChannel).min(1),
  features: z.array(ZNamed),
  services: z.array(ZServiceDefinition),
  unsubscribeReasons: z.array(z.strictObject({ id: ZId, names: ZNames, requiresText: z.boolean() })).min(1),
  subscription: z.strictObject({
    terms: z
      .array(
        z.strictObject({
          unit: z.enum(['month', 'year']),
          min: z.number().int().min(1),
          max: z.number().int().min(1),
          ...ZPlaceholder,
        }),
      )
      .min(1),
    /** end_of_day: validity ends 23:59:59 of E (Huawei); same_time_of_day: at the purchase time of day on E (Tianyi). */
    validity: z.enum(['end_of_day', 'same_time_of_day']),
    orderLifetime: ZDuration.default('PT24H'),
    agreement: z.strictObject({ id: ZId, names: ZNames, url: z.string().optional() }),
    levelChanges: z
      .strictObject({ max: z.number().int().min(1), windowDays: z.number().int().min(1) })
      .default({ max: 2, windowDays: 30 }),
    handlingFee: ZMoneyString.default('0'),
    /** Tianyi: an unsubscribe within `withinHours` of payment refunds everything, `maxPerAccount` times in a lifetime. */
    noReasonRefund: z
      .strictObject({ withinHours: z.number().int().min(1), maxPerAccount: z.number().int().min(1) })
      .optional(),
    renewalReminderDays: z.array(z.number().int().min(1)).default([7, 1]),
    autoRenew: z.boolean(),
    sharing: z.boolean(),
    /** prepaid: the level's fees only; base_plus_usage: the month-end incremental fee (R-BIL-2). */
    billing: z.enum(['prepaid', 'base_plus_usage']),
    /** Consumption categories that never count (R-BIL-1). */
    excludedUsageCategories: z.array(z.string()).default(['support_plan', 'professional_service', 'marketplace']),
    note: z.string().optional(),
  }),
  reports: z
    .strictObject({
      /** calendar_day: before day N, pushed back by public holidays; working_day: by the Nth working day. */
      due: z.strictObject({ kind: z.enum(['calendar_day', 'working_day']), day: z.number().int().min(1).max(28) }),
      startsMonthAfterJoining: z.boolean(),
      /** The level feature that includes the report (after the region's exclusions, R-CAT-5). */
      feature: ZId.default('monthly_report'),
      sections: z.array(ZId).min(1),
      /** Where the report is mailed: the registered email and/or the addresses the customer names. */
      recipients: z
        .array(z.enum(['registered_email', 'requested_addresses']))
        .min(1)
        .optional(),
    })
    .nullable(),
  addOns: z.array(
    z.strictObject({
      id: ZId,
      names: ZNames,
      quota: z.literal('technical_tickets'),
      units: z.number().int().min(1),
      /** purchase_month: valid in the natural month of purchase only. */
      validity: z.literal('purchase_month'),
      price: ZMoneyString,
      levels: z.array(ZId).min(1),
      ...ZPlaceholder,
    }),
  ),
  /**
   * R-TKT-1: tickets name the end customer they are about (partner plans: the partner escalates its customers'
   * problems, seed 003 §1/§4). Absent = none.
   */
  ticketEndCustomer: z.enum(['none', 'optional', 'required']).optional(),
  /** R-NTF-2 incident support (优护计划): its levels and the level feature whose holders are notified. */
  incidents: z
    .strictObject({
      levels: z.array(z.strictObject({ level: z.number().int().min(1).max(3), names: ZNames })).min(1),
      feature: ZId,
      /**
       * R-NTF-2: channels an incident notice takes beyond the level's own (seed 000 §1.5.18: 短信、电子邮件、平台通知),
       * minus the region's exclusions.
       */
      notifications: z.array(ZId).default([]),
    })
    .nullable(),
  /** R-OA: the optimization advisor's features and rules; null (or absent) where the provider offers none. */
  advisor: ZAdvisor.nullable().default(null),
  /**
   * Issue 12, TAM and escalation: `tamChannel` — tickets opened through this channel go to the account's TAM;
   * `expedite` — the level feature whose holders may expedite an open ticket (Tianyi 工单加急, seed 004 §1.2;
   * partner 紧急问题加速, seed 003 §3); the feature's `quantity` on a level, if any, is its quota.
   */
  escalation: z
    .strictObject({
      tamChannel: ZId.optional(),
      expedite: z.strictObject({ feature: ZId, reasonRequired: z.boolean().default(true) }).optional(),
    })
    .default({}),
  levels: z.array(ZLevel).min(1),
});
export type TCatalog = z.infer<typeof ZCatalog>;
export type TCatalogInput = z.input<typeof ZCatalog>;
