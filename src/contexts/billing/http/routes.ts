/** Usage in, bills out (R-BIL): POST /api/v1/usage, GET /api/v1/accounts/{id}/bills. */
import { z } from 'zod';
import type { App } from '../../../platform/http/app.js';
import type { Deps } from '../../../platform/deps.js';
import { principalOf } from '../../../platform/http/auth-plugin.js';
import { errors, named, ZIdParam, ZMoney } from '../../../platform/http/schemas.js';
import { ZPageOf, ZPageQuery } from '../../../platform/pagination.js';
import { DATE_PATTERN, MONTH_PATTERN } from '../domain/month.js';
import { getBillingRun, startBillingRun, type BackgroundRuns } from '../use-cases/billing-runs.js';
import { listBills } from '../use-cases/list-bills.js';
import { recordUsage } from '../use-cases/record-usage.js';

/** The shape only: the domain judges each date (a batch's every issue is listed at once, issue 6). */
const ZDate = z.string().regex(DATE_PATTERN, 'a date YYYY-MM-DD').meta({ format: 'date' });

export const ZUsageIn = z.object({
  records: z
    .array(
      z.object({
        id: z.string().min(1).max(200).describe('The sender’s own record id: re-sending it changes nothing'),
        accountId: z.string().min(1).max(100),
        service: z.string().min(1).max(200),
        category: z
          .string()
          .min(1)
          .max(64)
          .describe('cloud | support_plan | professional_service | marketplace (the last three never count)'),
        listPrice: ZMoney.describe('List price before discounts, in the provider’s currency'),
        from: ZDate.describe('First day, inclusive, in the provider’s time zone'),
        to: ZDate.describe('Last day, inclusive; a multi-day record is spread evenly per day'),
      }),
    )
    .min(1)
    .max(5000),
});

const ZUsageOut = z.object({ received: z.number().int(), created: z.number().int(), unchanged: z.number().int() });

const ZBillLine = z.object({
  kind: z.enum(['base', 'incremental', 'refund', 'add_on']),
  level: z.string().optional(),
  days: z.number().int().optional().describe('Incremental lines: days of the month under the level'),
  description: z.string(),
  amount: ZMoney,
  consumption: ZMoney.optional().describe('Incremental lines: the consumption of the level’s days'),
  periodStart: z.string().optional(),
  periodEnd: z.string().optional(),
  orderId: z.string().optional(),
});
named(ZBillLine, 'BillLine', 'One line of a bill');

export const ZBillOut = z.object({
  id: z.string(),
  accountId: z.string(),
  month: z.string(),
  status: z
    .enum(['issued', 'paid', 'overdue'])
    .describe('issued, then paid (collected from the balance) or overdue (the balance was short by `shortfall`)'),
  paidAt: z.string().nullable(),
  due: ZMoney.describe('What the month-end collects from the balance: the incremental fees (the rest was prepaid)'),
  shortfall: ZMoney.nullable().describe('overdue: what the balance lacked'),
  issuedAt: z.string(),
  consumption: ZMoney,
  lines: z.array(ZBillLine),
  total: ZMoney,
});
named(ZBillOut, 'Bill', 'A monthly bill with its lines');

/** A month; the bounded years keep every accepted value a real month (the shape only: ended or not is the run's). */
const ZRunMonth = z
  .string()
  .regex(/^[1-9]\d{3}-(0[1-9]|1[0-2])$/, 'a month YYYY-MM')
  .refine((m) => !MONTH_PATTERN.test(m) || Number(m.slice(0, 4)) <= 9998, 'a month in the years 1000–9998')
  .describe('The consumption month, YYYY-MM (the provider’s time zone)');

const ZBillingRunOut = named(
  z.object({
    month: z.string(),
    status: z.enum(['running', 'completed']),
    accountsDone: z.number().int().describe('Accounts billed (or found billed) so far in this pass'),
    accountsTotal: z.number().int().describe('Accounts the run bills: those created before the month ended'),
    billsCreated: z.number().int().describe('Bills this pass created (an account without charges gets none)'),
    startedAt: z.string(),
    completedAt: z.string().nullable(),
  }),
  'BillingRun',
  'The month-end run over all accounts of one month and its progress',
);

export function registerBillingRoutes(app: App, deps: Deps, runs: BackgroundRuns): void {
  const tags = ['billing'];
  app.post(
    '/api/v1/billing/runs',
    {
      schema: {
        operationId: 'startBillingRun',
        tags,
        summary:
          'Starts the month-end run of an ended month (admin, billing operator); it bills in the background. ' +
          'Again while it runs, or after it completed: the same run',
        body: z.object({ month: ZRunMonth }),
        response: { 202: ZBillingRunOut, ...errors(403, 409) },
      },
    },
    async (req, reply) => reply.status(202).send(await startBillingRun(deps, runs, principalOf(req), req.body)),
  );
  app.get(
    '/api/v1/billing/runs/:month',
    {
      schema: {
        operationId: 'getBillingRun',
        tags,
        summary: 'The month-end run of a month and its progress (admin, billing operator)',
        params: z.object({ month: ZRunMonth }),
        response: { 200: ZBillingRunOut, ...errors(404) },
      },
    },
    async (req) => getBillingRun(deps, principalOf(req), req.params.month),
  );
  app.post(
    '/api/v1/usage',
    {
      schema: {
        operationId: 'recordUsage',
        tags,
        summary: 'Consumption records in (admin, billing operator): all or nothing, idempotent by record id',
        body: ZUsageIn,
        response: { 200: ZUsageOut, ...errors(403, 409) },
      },
    },
    async (req) => recordUsage(deps, principalOf(req), req.body),
  );
  app.get(
    '/api/v1/accounts/:id/bills',
    {
      schema: {
        operationId: 'listBills',
        tags,
        summary: 'The account’s bills, newest month first; month = the consumption month',
        params: ZIdParam,
        querystring: ZPageQuery.extend({ month: z.string().regex(MONTH_PATTERN, 'a month YYYY-MM').optional() }),
        response: { 200: ZPageOf(ZBillOut), ...errors(404) },
      },
    },
    async (req) => listBills(deps, principalOf(req), req.params.id, req.query),
  );
}
