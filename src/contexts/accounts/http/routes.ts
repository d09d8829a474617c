/** Accounts, users and API keys (R-ACC). Routes parse, call one use case, serialize. */
import { z } from 'zod';
import type { App } from '../../../app/http-types.js';
import type { Deps } from '../../../platform/deps.js';
import { principalOf } from '../../../platform/http/auth-plugin.js';
import { errors, named, ZIdParam } from '../../../platform/http/schemas.js';
import { CUSTOMER_ROLES, STAFF_ROLES } from '../../../platform/http/principal.js';
import { ZPageOf, ZPageQuery } from '../../../platform/pagination.js';
import type { TokenCache } from '../use-cases/authenticate.js';
import { createAccount } from '../use-cases/create-account.js';
import { approveAccount, getAccount, listAccounts } from '../use-cases/list-accounts.js';
import {
  createAccountApiKey,
  createCustomerUser,
  createSession,
  createStaffApiKey,
  createStaffUser,
  revokeApiKey,
} from '../use-cases/manage-users.js';

const ZEmail = z.string().email().max(254);

export const ZAccountOut = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  region: z.string(),
  timeZone: z.string(),
  locale: z.string(),
  parentId: z.string().nullable(),
  financeMode: z.enum(['custody', 'independent']).nullable(),
  sharingEnabled: z.boolean(),
  approved: z.boolean(),
  tamUserId: z.string().nullable(),
  reportEmail: z.string().nullable(),
  createdAt: z.string(),
});
named(ZAccountOut, 'Account', 'A customer account (master or sub)');

const ZAccountIn = z.object({
  name: z.string().min(1).max(200),
  email: ZEmail,
  region: z.string().min(1).max(64),
  timeZone: z.string().min(1).max(64),
  locale: z.string().min(2).max(10),
  parentId: z.string().min(1).optional(),
  financeMode: z.enum(['custody', 'independent']).optional(),
  reportEmail: ZEmail.optional(),
  contacts: z
    .array(
      z.object({ name: z.string().min(1).max(200), email: ZEmail.optional(), phone: z.string().max(40).optional() }),
    )
    .max(100)
    .optional(),
});

const ZUserOut = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role: z.string(),
  grade: z.string().nullable(),
  accountId: z.string().nullable(),
  createdAt: z.string(),
  disabled: z.boolean(),
});
named(ZUserOut, 'User', 'A customer or staff user');
const ZKeyOut = z.object({
  id: z.string(),
  token: z.string().describe('Shown once'),
  userId: z.string(),
  role: z.string(),
  name: z.string().nullable(),
  createdAt: z.string(),
});
named(ZKeyOut, 'ApiKey', 'A new API key; the token is shown once');

export function registerAccountRoutes(app: App, deps: Deps & { tokenCache: TokenCache; sessionKey: Uint8Array }): void {
  app.post(
    '/api/v1/accounts',
    {
      schema: {
        operationId: 'createAccount',
        tags: ['accounts'],
        summary: 'Create a customer account (admin; a master owner may create its subs)',
        body: ZAccountIn,
        response: { 201: ZAccountOut.extend({ ownerUserId: z.string() }), ...errors(403, 404, 409) },
      },
    },
    async (req, reply) => reply.status(201).send(await createAccount(deps, principalOf(req), req.body)),
  );
  app.get(
    '/api/v1/accounts',
    {
      schema: {
        operationId: 'listAccounts',
        tags: ['accounts'],
        summary: 'Accounts visible to the caller',
        querystring: ZPageQuery,
        response: { 200: ZPageOf(ZAccountOut), ...errors() },
      },
    },
    async (req) => listAccounts(deps, principalOf(req), req.query),
  );
  app.get(
    '/api/v1/accounts/:id',
    {
      schema: {
        operationId: 'getAccount',
        summary: 'An account visible to the caller',
        tags: ['accounts'],
        params: ZIdParam,
        response: {
          200: ZAccountOut.extend({
            contacts: z.array(
              z.object({
                id: z.string(),
                name: z.string(),
                email: z.string().nullable(),
                phone: z.string().nullable(),
              }),
            ),
            subAccounts: z.array(z.object({ id: z.string(), name: z.string(), financeMode: z.string().nullable() })),
          }),
          ...errors(404),
        },
      },
    },
    async (req) => getAccount(deps, principalOf(req), req.params.id),
  );
  app.post(
    '/api/v1/accounts/:id/approval',
    {
      schema: {
        operationId: 'approveAccount',
        tags: ['accounts'],
        summary: 'Approve an account for levels that need it and assign its TAM (R-SUB-5a, admin)',
        params: ZIdParam,
        body: z.object({ tamUserId: z.string().min(1) }),
        response: { 200: ZAccountOut, ...errors(403, 404) },
      },
    },
    async (req) => approveAccount(deps, principalOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/v1/accounts/:id/users',
    {
      schema: {
        operationId: 'addAccountUser',
        tags: ['accounts'],
        summary: 'Add a customer user',
        params: ZIdParam,
        body: z.object({ name: z.string().min(1).max(200), email: ZEmail, role: z.enum(CUSTOMER_ROLES) }),
        response: { 201: ZUserOut, ...errors(403, 404) },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await createCustomerUser(deps, principalOf(req), req.params.id, req.body)),
  );
  app.post(
    '/api/v1/accounts/:id/api-keys',
    {
      schema: {
        operationId: 'createAccountApiKey',
        tags: ['accounts'],
        summary: 'Create an API key for a user of the account (admin or owner); the token is shown once',
        params: ZIdParam,
        body: z.object({ userId: z.string().optional(), name: z.string().max(100).optional() }).default({}),
        response: { 201: ZKeyOut, ...errors(403, 404, 409) },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await createAccountApiKey(deps, principalOf(req), req.params.id, req.body ?? {})),
  );
  app.post(
    '/api/v1/users',
    {
      schema: {
        operationId: 'createStaffUser',
        tags: ['staff'],
        summary: 'Create a staff user (admin)',
        body: z.object({
          name: z.string().min(1).max(200),
          email: ZEmail,
          role: z.enum(STAFF_ROLES),
          grade: z.string().optional(),
        }),
        response: { 201: ZUserOut, ...errors(403) },
      },
    },
    async (req, reply) => reply.status(201).send(await createStaffUser(deps, principalOf(req), req.body)),
  );
  app.post(
    '/api/v1/users/:id/api-keys',
    {
      schema: {
        operationId: 'createStaffApiKey',
        tags: ['staff'],
        summary: 'Create an API key for a staff user (admin)',
        params: ZIdParam,
        body: z.object({ name: z.string().max(100).optional() }).default({}),
        response: { 201: ZKeyOut, ...errors(403, 404) },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await createStaffApiKey(deps, principalOf(req), req.params.id, req.body ?? {})),
  );
  app.post(
    '/api/v1/users/:id/sessions',
    {
      schema: {
        operationId: 'issueUserSession',
        tags: ['staff'],
        summary: 'Issue a console session token for a user (admin; the login integration hook)',
        params: ZIdParam,
        response: {
          201: z.object({ token: z.string(), userId: z.string(), role: z.string(), expiresAt: z.string() }),
          ...errors(403, 404, 409),
        },
      },
    },
    async (req, reply) => reply.status(201).send(await createSession(deps, principalOf(req), req.params.id)),
  );
  app.delete(
    '/api/v1/api-keys/:id',
    {
      schema: {
        operationId: 'revokeApiKey',
        tags: ['accounts'],
        summary: 'Revoke an API key',
        params: ZIdParam,
        response: { 200: z.object({ id: z.string(), revokedAt: z.string() }), ...errors(403, 404, 409) },
      },
    },
    async (req) => revokeApiKey(deps, principalOf(req), req.params.id),
  );
}
