/**
 * Shared wire schemas: money, errors, ids (API conventions). A schema with `.meta({ id })` is a named component of
 * the OpenAPI document (`#/components/schemas/<id>`), referenced wherever a route uses it; `x-tierdesk-catalog`
 * marks an id whose values the loaded catalog lists (src/app/openapi-document.ts fills in the enum).
 */
import { z } from 'zod';
import { isIsoInstant, isSupportedDate, SUPPORTED_YEARS } from '../../domain/calendar/index.js';
import { ERROR_CODES } from '../errors.js';

export const ZMoney = z
  .object({
    amount: z
      .string()
      .regex(/^-?\d+(\.\d+)?$/)
      .describe('Decimal string in the currency’s minor-unit precision, never a JSON number'),
    currency: z.string().length(3),
  })
  .meta({ id: 'Money', description: 'An amount of money: a decimal string and an ISO 4217 currency code' });

export const ZErrorBody = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES as [string, ...string[]]),
      message: z.string(),
      details: z.record(z.string(), z.unknown()),
    }),
  })
  .meta({ id: 'Error', description: 'Error: a code from the catalog in docs/API.md, a sentence, and details' });

/** A real calendar date 'YYYY-MM-DD' (not 2026-04-31, not 2027-02-29) in the years the engines handle. */
export const ZDate = z
  .string()
  .refine(isSupportedDate, `a date YYYY-MM-DD that exists, years ${SUPPORTED_YEARS.min}–${SUPPORTED_YEARS.max}`)
  .meta({ format: 'date' });

/** An ISO 8601 date-time with offset naming a real instant (API conventions: times carry their offset). */
export const ZInstant = z
  .string()
  .refine(
    isIsoInstant,
    `an ISO 8601 date-time with offset (Z or ±hh:mm) that exists, years ${SUPPORTED_YEARS.min}–${SUPPORTED_YEARS.max}`,
  )
  .meta({ format: 'date-time' });

export const ZIdParam = z.object({ id: z.string().min(1).max(100) });
export const ZNamesOut = z
  .object({ 'zh-CN': z.string(), 'en-US': z.string() })
  .meta({ id: 'Names', description: 'A text in both console languages' });

/** Error responses a route can answer, for the OpenAPI document. */
export function errors(...statuses: number[]): Record<number, typeof ZErrorBody> {
  const out: Record<number, typeof ZErrorBody> = {};
  for (const s of new Set([400, 401, 429, 500, ...statuses])) out[s] = ZErrorBody;
  return out;
}

export const ZTerm = z
  .object({ unit: z.enum(['month', 'year']), count: z.number().int().min(1).max(120) })
  .meta({ id: 'Term', description: 'A subscription term: a number of months or years' });

/** The 200 of a file download: the bytes, with the file's own Content-Type. */
export const fileDownload = {
  description: 'The file (its own Content-Type and a Content-Disposition with its name)',
  content: {
    'application/octet-stream': {
      schema: z.string().meta({ format: 'binary', contentMediaType: 'application/octet-stream' }),
    },
  },
} as const;

/** The lists of the loaded catalog whose ids the document names as enums (see src/app/openapi-document.ts). */
export type CatalogIdKind =
  | 'levels'
  | 'severities'
  | 'channels'
  | 'serviceHours'
  | 'handlers'
  | 'notificationChannels'
  | 'features'
  | 'regions'
  | 'unsubscribeReasons'
  | 'addOns'
  | 'quotas';

/** An id the loaded catalog defines: a named component whose enum is the catalog's ids of that kind. */
export function catalogId(id: string, kind: CatalogIdKind, description: string) {
  return z.string().min(1).max(100).meta({ id, description, 'x-tierdesk-catalog': kind });
}

export const ZLevelId = catalogId('LevelId', 'levels', 'A support level of the loaded catalog');
export const ZSeverityId = catalogId('SeverityId', 'severities', 'A ticket severity of the loaded catalog');
export const ZChannelId = catalogId('ChannelId', 'channels', 'A support channel of the loaded catalog');
export const ZServiceHoursId = catalogId('ServiceHoursId', 'serviceHours', 'Service hours (a clock) of the catalog');
export const ZHandlerId = catalogId('HandlerId', 'handlers', 'A handler grade of the loaded catalog');
export const ZNotificationChannelId = catalogId(
  'NotificationChannelId',
  'notificationChannels',
  'A notification channel of the loaded catalog',
);
export const ZFeatureId = catalogId('FeatureId', 'features', 'A level feature of the loaded catalog');
export const ZRegionId = catalogId('RegionId', 'regions', 'A region of the loaded catalog');
export const ZUnsubscribeReasonId = catalogId(
  'UnsubscribeReasonId',
  'unsubscribeReasons',
  'An unsubscribe reason of the loaded catalog',
);
export const ZAddOnId = catalogId('AddOnId', 'addOns', 'An add-on of the loaded catalog');
export const ZQuotaId = catalogId(
  'QuotaId',
  'quotas',
  'A counted allowance: technical_tickets or a value-added service of the loaded catalog',
);

/**
 * Names a schema as a component of the OpenAPI document (`#/components/schemas/<id>`, referenced wherever a route
 * uses it); the schema itself is unchanged. Call it once, next to the schema's declaration.
 */
export function named<T extends z.ZodType>(schema: T, id: string, description: string): T {
  z.globalRegistry.add(schema, { id, description });
  return schema;
}
