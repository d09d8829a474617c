/** The message center (R-NTF-1) and the staff inbox. */
import { z } from 'zod';
import type { App } from '../../../platform/http/app.js';
import type { Deps } from '../../../platform/deps.js';
import { principalOf } from '../../../platform/http/auth-plugin.js';
import { errors, named, ZIdParam } from '../../../platform/http/schemas.js';
import { ZPageQuery } from '../../../platform/pagination.js';
import { listMessages, listMyMessages, markMessageRead, markMyMessageRead } from '../use-cases/list-messages.js';

const ZMessageOut = z.object({
  id: z.string(),
  accountId: z.string(),
  kind: z.string(),
  title: z.record(z.string(), z.string()),
  body: z.record(z.string(), z.string()),
  data: z.record(z.string(), z.unknown()),
  read: z.boolean(),
  createdAt: z.string(),
});
named(ZMessageOut, 'Message', 'A message of the message center');

const ZMessageQuery = ZPageQuery.extend({
  unread: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  kind: z.string().optional(),
});
const ZMessagePage = z.object({
  items: z.array(ZMessageOut),
  page: z.number(),
  pageSize: z.number(),
  total: z.number(),
  unread: z.number(),
});
const ZReadBody = z.object({ read: z.boolean().default(true) }).default({ read: true });

export function registerNotificationRoutes(app: App, deps: Deps): void {
  app.get(
    '/api/v1/accounts/:id/messages',
    {
      schema: {
        operationId: 'listMessages',
        tags: ['notifications'],
        summary: 'The message center, newest first',
        params: ZIdParam,
        querystring: ZMessageQuery,
        response: { 200: ZMessagePage, ...errors(404) },
      },
    },
    async (req) => listMessages(deps, principalOf(req), req.params.id, req.query),
  );
  app.post(
    '/api/v1/accounts/:id/messages/:messageId/read',
    {
      schema: {
        operationId: 'markMessageRead',
        tags: ['notifications'],
        summary: 'Mark a message read (or unread)',
        params: z.object({ id: z.string(), messageId: z.string() }),
        body: ZReadBody,
        response: { 200: ZMessageOut, ...errors(404) },
      },
    },
    async (req) => markMessageRead(deps, principalOf(req), req.params.id, req.params.messageId, req.body?.read ?? true),
  );
  app.get(
    '/api/v1/users/me/messages',
    {
      schema: {
        operationId: 'listInbox',
        tags: ['staff'],
        summary: "The calling staff user's inbox, newest first (staff only)",
        querystring: ZMessageQuery,
        response: { 200: ZMessagePage, ...errors(403) },
      },
    },
    async (req) => listMyMessages(deps, principalOf(req), req.query),
  );
  app.post(
    '/api/v1/users/me/messages/:messageId/read',
    {
      schema: {
        operationId: 'markInboxMessageRead',
        tags: ['staff'],
        summary: 'Mark an inbox message read (or unread; staff only)',
        params: z.object({ messageId: z.string() }),
        body: ZReadBody,
        response: { 200: ZMessageOut, ...errors(403, 404) },
      },
    },
    async (req) => markMyMessageRead(deps, principalOf(req), req.params.messageId, req.body?.read ?? true),
  );
}
