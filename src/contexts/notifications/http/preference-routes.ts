/** R-NTF-1 per-user notification preferences and the staff call tasks (Tianyi 专席人工 / 专属经理人工). */
import { z } from 'zod';
import type { App } from '../../../platform/http/app.js';
import type { Deps } from '../../../platform/deps.js';
import { principalOf } from '../../../platform/http/auth-plugin.js';
import { errors, named, ZIdParam } from '../../../platform/http/schemas.js';
import { ZPageOf, ZPageQuery } from '../../../platform/pagination.js';
import { CALL_OUTCOMES, listCallTasks, recordCallOutcome } from '../use-cases/call-tasks.js';
import { getMyPreferences, setMyPreferences } from '../use-cases/preferences.js';
import type { PhoneLookup } from '../use-cases/send-sms.js';

const ZPreferencesOut = named(
  z.object({
    accountId: z.string(),
    kinds: z.array(
      z.object({
        kind: z.string(),
        names: z.record(z.string(), z.string()),
        optional: z.boolean().describe('Whether the mail can be turned off; mandatory kinds are always mailed'),
        messageCenter: z.boolean().describe('Always true: the message center gets every kind'),
        email: z.boolean(),
      }),
    ),
  }),
  'NotificationPreferences',
  "The calling customer user's notification preferences for their account",
);

const ZPreferencesIn = z.object({
  kinds: z
    .array(z.object({ kind: z.string().min(1).max(100), email: z.boolean() }))
    .min(1)
    .max(100),
});

const ZCallTaskOut = named(
  z.object({
    id: z.string(),
    accountId: z.string(),
    accountName: z.string().nullable(),
    phones: z.array(z.string()).describe("The account's phone numbers to call"),
    kind: z.string().describe('The notice it stands for (incident.published)'),
    channel: z.string().describe('The catalog channel (vip_agent_call, dedicated_manager)'),
    assigneeId: z.string().nullable().describe("The account's manager; null: the desk's queue"),
    title: z.record(z.string(), z.string()),
    body: z.record(z.string(), z.string()),
    data: z.record(z.string(), z.unknown()),
    status: z.enum(['open', 'not_reached', 'done']),
    note: z.string().nullable(),
    attempts: z.array(
      z.object({ outcome: z.enum(CALL_OUTCOMES), note: z.string().nullable(), by: z.string(), at: z.string() }),
    ),
    createdAt: z.string(),
    updatedAt: z.string(),
    doneAt: z.string().nullable(),
  }),
  'CallTask',
  'A call staff make to tell an account of a notice (manual notification channels)',
);

const ZCallTaskQuery = ZPageQuery.extend({
  status: z.enum(['open', 'done', 'all']).optional().describe('open (default: open and not reached), done, or all'),
  mine: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .describe("Only the caller's tasks and the desk's unassigned ones"),
  accountId: z.string().max(100).optional(),
});

const ZOutcomeIn = z.object({
  outcome: z.enum(CALL_OUTCOMES),
  note: z.string().max(2000).optional(),
});

export function registerPreferenceRoutes(app: App, deps: Deps, phones: PhoneLookup | undefined): void {
  app.get(
    '/api/v1/users/me/notification-preferences',
    {
      schema: {
        operationId: 'getNotificationPreferences',
        tags: ['notifications'],
        summary: 'Which kinds of notice the calling customer user gets by mail (customer users only)',
        response: { 200: ZPreferencesOut, ...errors(403) },
      },
    },
    async (req) => getMyPreferences(deps, principalOf(req)),
  );
  app.put(
    '/api/v1/users/me/notification-preferences',
    {
      schema: {
        operationId: 'setNotificationPreferences',
        tags: ['notifications'],
        summary: 'Turn optional kinds of mail off or on for the calling customer user',
        body: ZPreferencesIn,
        response: { 200: ZPreferencesOut, ...errors(400, 403) },
      },
    },
    async (req) => setMyPreferences(deps, principalOf(req), req.body),
  );
  app.get(
    '/api/v1/call-tasks',
    {
      schema: {
        operationId: 'listCallTasks',
        tags: ['staff'],
        summary: 'Calls to make to tell accounts of notices, oldest first (staff only)',
        querystring: ZCallTaskQuery,
        response: { 200: ZPageOf(ZCallTaskOut), ...errors(403) },
      },
    },
    async (req) => listCallTasks(deps, phones, principalOf(req), req.query),
  );
  app.post(
    '/api/v1/call-tasks/:id/outcome',
    {
      schema: {
        operationId: 'recordCallOutcome',
        tags: ['staff'],
        summary: 'Record a call: done, or not reached (stays open), with a note (staff only)',
        params: ZIdParam,
        body: ZOutcomeIn,
        response: { 200: ZCallTaskOut, ...errors(400, 403, 404, 409) },
      },
    },
    async (req) => recordCallOutcome(deps, phones, principalOf(req), req.params.id, req.body),
  );
}
