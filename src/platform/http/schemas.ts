/** Shared wire schemas: money, errors, ids (API conventions). */
import { z } from 'zod';
import { ERROR_CODES } from '../errors.js';

export const ZMoney = z.object({
  amount: z
    .string()
    .regex(/^-?\d+(\.\d+)?$/)
    .describe('Decimal string in the currency’s minor-unit precision, never a JSON number'),
  currency: z.string().length(3),
});

export const ZErrorBody = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES as [string, ...string[]]),
      message: z.string(),
      details: z.record(z.string(), z.unknown()),
    }),
  })
  .describe('Error');

export const ZIdParam = z.object({ id: z.string().min(1).max(100) });
export const ZNamesOut = z.object({ 'zh-CN': z.string(), 'en-US': z.string() });

/** Error responses a route can answer, for the OpenAPI document. */
export function errors(...statuses: number[]): Record<number, typeof ZErrorBody> {
  const out: Record<number, typeof ZErrorBody> = {};
  for (const s of new Set([400, 401, 429, 500, ...statuses])) out[s] = ZErrorBody;
  return out;
}

export const ZTerm = z.object({ unit: z.enum(['month', 'year']), count: z.number().int().min(1).max(120) });
