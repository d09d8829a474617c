/** 资源分组: the customer's resource groups (owner writes, the account's users read). */
import { z } from 'zod';
import type { App } from '../../../platform/http/app.js';
import { principalOf } from '../../../platform/http/auth-plugin.js';
import { errors, ZIdParam } from '../../../platform/http/schemas.js';
import { ZPageOf, ZPageQuery } from '../../../platform/pagination.js';
import type { AdvisorDeps } from '../ports.js';
import { createGroup, listGroups, removeGroup, updateGroup } from '../use-cases/groups.js';
import { ZGroupIn, ZGroupOut, ZGroupPatch } from './schemas.js';

const ZGroupParams = ZIdParam.extend({ groupId: z.string().min(1).max(100) });

export function registerGroupRoutes(app: App, deps: AdvisorDeps): void {
  const tags = ['advisor'];
  app.get(
    '/api/v1/accounts/:id/advisor/groups',
    {
      schema: {
        tags,
        operationId: 'listResourceGroups',
        summary: 'The account’s resource groups',
        params: ZIdParam,
        querystring: ZPageQuery,
        response: { 200: ZPageOf(ZGroupOut), ...errors(403, 404) },
      },
    },
    async (req) => listGroups(deps, principalOf(req), req.params.id, req.query),
  );
  app.post(
    '/api/v1/accounts/:id/advisor/groups',
    {
      schema: {
        tags,
        operationId: 'createResourceGroup',
        summary: 'Group resources by business (owner)',
        params: ZIdParam,
        body: ZGroupIn,
        response: { 201: ZGroupOut, ...errors(403, 404, 409) },
      },
    },
    async (req, reply) => reply.status(201).send(await createGroup(deps, principalOf(req), req.params.id, req.body)),
  );
  app.patch(
    '/api/v1/accounts/:id/advisor/groups/:groupId',
    {
      schema: {
        tags,
        operationId: 'updateResourceGroup',
        summary: 'Rename a group or replace its resources (owner)',
        params: ZGroupParams,
        body: ZGroupPatch,
        response: { 200: ZGroupOut, ...errors(403, 404, 409) },
      },
    },
    async (req) => updateGroup(deps, principalOf(req), req.params.id, req.params.groupId, req.body),
  );
  app.delete(
    '/api/v1/accounts/:id/advisor/groups/:groupId',
    {
      schema: {
        tags,
        operationId: 'deleteResourceGroup',
        summary: 'Delete a group (owner); its resources stay',
        params: ZGroupParams,
        response: { 200: z.object({ id: z.string(), deleted: z.boolean() }), ...errors(403, 404) },
      },
    },
    async (req) => removeGroup(deps, principalOf(req), req.params.id, req.params.groupId),
  );
}
