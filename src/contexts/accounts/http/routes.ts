/** Accounts, users and API keys (R-ACC). Routes parse, call one use case, serialize. */
import { z } from 'zod';
import type { App } from '../../../platform/http/app.js';
import { principalOf } from '../../../platform/http/auth-plugin.js';
import { errors, named, ZIdParam } from '../../../platform/http/schemas.js';
import { CUSTOMER_ROLES, PROVIDER_ROLES, STAFF_ROLES } from '../../../platform/http/principal.js';
import { ZPageOf, ZPageQuery } from '../../../platform/pagination.js';
import { ZPassword } from '../../identity/index.js';
import { MAX_PHONES, MAX_REPORT_RECIPIENTS } from '../domain/profile.js';
import { createAccount } from '../use-cases/create-account.js';
import { listAccountAudit } from '../use-cases/list-account-audit.js';
import { addContact, changeContact, listAccountContacts, removeContact } from '../use-cases/manage-contacts.js';
import { updateAccountProfile } from '../use-cases/update-account.js';
import { approveAccount, getAccount, listAccounts } from '../use-cases/list-accounts.js';
import {
  createAccountApiKey,
  createCustomerUser,
  createStaffApiKey,
  createStaffUser,
  listAccountApiKeys,
  listStaffUsers,
  listUserApiKeys,
  revokeApiKey,
  updateUserAccess,
  type UserDeps,
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
  phones: z.array(z.string()).describe('E.164 phone numbers for SMS/phone notices'),
  reportRecipients: z.array(z.string()).describe('Where monthly reports go besides the registered email'),
  createdAt: z.string(),
  updatedAt: z.string(),
});
named(ZAccountOut, 'Account', 'A customer account (master or sub)');

const ZPhone = z.string().min(1).max(40).describe('E.164 (+8613800000000); spaces, dashes and brackets are dropped');
const ZContactOut = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  role: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
named(ZContactOut, 'AccountContact', 'A contact of the account (any number, R-ACC-1)');
const ZContactParams = z.object({ id: z.string().min(1).max(100), contactId: z.string().min(1).max(100) });
const ZAccountPatch = z.object({
  name: z.string().min(1).max(200).optional(),
  email: ZEmail.optional().describe('The registered email'),
  phones: z.array(ZPhone).max(MAX_PHONES).optional().describe('Replaces the list'),
  locale: z.string().min(2).max(10).optional(),
  timeZone: z.string().min(1).max(64).optional(),
  reportRecipients: z.array(ZEmail).max(MAX_REPORT_RECIPIENTS).optional().describe('Replaces the list'),
});
const ZAuditEventOut = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.string().describe('A user id, or "admin"'),
  actorName: z.string().nullable(),
  action: z.string().describe('account.updated, contact.added, contact.changed, contact.removed, account.approved, …'),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
  data: z.record(z.string(), z.unknown()),
});
named(ZAuditEventOut, 'AuditEvent', 'Who changed what on an account, and when');

const ZAccountIn = z.object({
  name: z.string().min(1).max(200),
  email: ZEmail,
  region: z.string().min(1).max(64),
  timeZone: z.string().min(1).max(64),
  locale: z.string().min(2).max(10),
  parentId: z.string().min(1).optional(),
  financeMode: z.enum(['custody', 'independent']).optional(),
  reportEmail: ZEmail.optional().describe('Deprecated: the first of reportRecipients'),
  reportRecipients: z.array(ZEmail).max(MAX_REPORT_RECIPIENTS).optional(),
  phones: z.array(ZPhone).max(MAX_PHONES).optional(),
  contacts: z
    .array(
      z.object({
        name: z.string().min(1).max(200),
        email: ZEmail.optional(),
        phone: ZPhone.optional(),
        role: z.string().max(100).optional(),
      }),
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
const ZStaffUserOut = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role: z.enum(STAFF_ROLES),
  grade: z.string().nullable().describe('Support engineers: the handler grade they work at'),
  disabled: z.boolean(),
});
named(ZStaffUserOut, 'StaffUser', 'A provider staff user in the staff directory (issue 13)');
/** `?role=tam,support_engineer` or `?role=tam&role=support_engineer`: each one of the staff roles. */
const ZStaffRoles = z
  .union([z.string().max(200), z.array(z.string().max(200)).max(10)])
  .transform((v) => (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).filter((s) => s !== ''))
  .pipe(z.array(z.enum(STAFF_ROLES)));
const ZNewUserOut = ZUserOut.extend({
  passwordSet: z.boolean().describe('false: a one-time link to set the password was mailed to the user'),
  passwordLinkExpiresAt: z.string().nullable(),
});
const ZPasswordIn = ZPassword.optional().describe(
  'At least 12 characters; without it the user gets a one-time link by mail to set one',
);
const ZKeyOut = z.object({
  id: z.string(),
  token: z.string().describe('Shown once'),
  userId: z.string(),
  role: z.string(),
  name: z.string().nullable(),
  createdAt: z.string(),
  createdByKeyId: z.string().nullable().describe('The key that created this one; revoking it revokes this one'),
});
named(ZKeyOut, 'ApiKey', 'A new API key; the token is shown once');
const ZKeyListOut = ZPageOf(
  z.object({
    id: z.string(),
    name: z.string().nullable(),
    userId: z.string(),
    role: z.string(),
    createdAt: z.string(),
    createdBy: z.string().nullable(),
    createdByKeyId: z.string().nullable(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  }),
);

export function registerAccountRoutes(app: App, deps: UserDeps): void {
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
                role: z.string().nullable(),
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
  app.patch(
    '/api/v1/accounts/:id',
    {
      schema: {
        operationId: 'updateAccount',
        summary: 'Change the profile: name, registered email, phones, locale, time zone, report recipients',
        description: 'The admin or the account’s owner. Each change is audited (GET /accounts/{id}/audit-events).',
        tags: ['accounts'],
        params: ZIdParam,
        body: ZAccountPatch,
        response: { 200: ZAccountOut, ...errors(403, 404) },
      },
    },
    async (req) => updateAccountProfile(deps, principalOf(req), req.params.id, req.body),
  );
  app.get(
    '/api/v1/accounts/:id/contacts',
    {
      schema: {
        operationId: 'listAccountContacts',
        summary: 'The account’s contacts',
        tags: ['accounts'],
        params: ZIdParam,
        querystring: ZPageQuery,
        response: { 200: ZPageOf(ZContactOut), ...errors(404) },
      },
    },
    async (req) => listAccountContacts(deps, principalOf(req), req.params.id, req.query),
  );
  app.post(
    '/api/v1/accounts/:id/contacts',
    {
      schema: {
        operationId: 'addContact',
        summary: 'Add a contact (admin or owner; any number)',
        tags: ['accounts'],
        params: ZIdParam,
        body: z.object({
          name: z.string().min(1).max(200),
          email: ZEmail.optional(),
          phone: ZPhone.optional(),
          role: z.string().max(100).optional().describe('What the contact is for: "ops on-call", "finance"'),
        }),
        response: { 201: ZContactOut, ...errors(403, 404) },
      },
    },
    async (req, reply) => reply.status(201).send(await addContact(deps, principalOf(req), req.params.id, req.body)),
  );
  app.patch(
    '/api/v1/accounts/:id/contacts/:contactId',
    {
      schema: {
        operationId: 'changeContact',
        summary: 'Change a contact (admin or owner); null clears a field',
        tags: ['accounts'],
        params: ZContactParams,
        body: z.object({
          name: z.string().min(1).max(200).optional(),
          email: ZEmail.nullable().optional(),
          phone: ZPhone.nullable().optional(),
          role: z.string().max(100).nullable().optional(),
        }),
        response: { 200: ZContactOut, ...errors(403, 404) },
      },
    },
    async (req) => changeContact(deps, principalOf(req), req.params.id, req.params.contactId, req.body),
  );
  app.delete(
    '/api/v1/accounts/:id/contacts/:contactId',
    {
      schema: {
        operationId: 'removeContact',
        summary: 'Remove a contact (admin or owner)',
        tags: ['accounts'],
        params: ZContactParams,
        response: { 200: ZContactOut.extend({ removed: z.literal(true) }), ...errors(403, 404) },
      },
    },
    async (req) => removeContact(deps, principalOf(req), req.params.id, req.params.contactId),
  );
  app.get(
    '/api/v1/accounts/:id/audit-events',
    {
      schema: {
        operationId: 'listAccountAudit',
        summary: 'The account’s audit trail: who changed what, when, before and after (staff)',
        tags: ['accounts'],
        params: ZIdParam,
        querystring: ZPageQuery,
        response: { 200: ZPageOf(ZAuditEventOut), ...errors(403, 404) },
      },
    },
    async (req) => listAccountAudit(deps, principalOf(req), req.params.id, req.query),
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
        body: z.object({
          name: z.string().min(1).max(200),
          email: ZEmail,
          role: z.enum(CUSTOMER_ROLES),
          password: ZPasswordIn,
        }),
        response: { 201: ZNewUserOut, ...errors(403, 404, 409) },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await createCustomerUser(deps, principalOf(req), req.params.id, req.body)),
  );
  app.post(
    '/api/v1/accounts/:id/api-keys',
    {
      config: { secretResponse: true },
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
        summary: 'Create a staff user or an integration user (admin)',
        body: z.object({
          name: z.string().min(1).max(200),
          email: ZEmail,
          role: z.enum(PROVIDER_ROLES),
          grade: z.string().optional(),
          password: ZPasswordIn,
        }),
        response: { 201: ZNewUserOut, ...errors(403, 409) },
      },
    },
    async (req, reply) => reply.status(201).send(await createStaffUser(deps, principalOf(req), req.body)),
  );
  app.get(
    '/api/v1/users',
    {
      schema: {
        operationId: 'listStaffUsers',
        tags: ['staff'],
        summary: 'The staff directory: provider staff users by name (admin, support engineers, TAMs; issue 13)',
        querystring: ZPageQuery.extend({
          role: ZStaffRoles.optional().describe(
            'One staff role, a comma-separated list, or the parameter repeated (provider_admin, support_engineer, tam, billing_operator)',
          ),
        }),
        response: { 200: ZPageOf(ZStaffUserOut), ...errors(403) },
      },
    },
    async (req) => listStaffUsers(deps, principalOf(req), req.query),
  );
  app.post(
    '/api/v1/users/:id/api-keys',
    {
      config: { secretResponse: true },
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
  app.patch(
    '/api/v1/users/:id',
    {
      schema: {
        tags: ['staff'],
        operationId: 'updateUser',
        summary: 'Change a user’s role, grade or name, or disable it (admin; an owner for its accounts’ users)',
        description:
          'Takes effect on every server process at once: a disabled user’s sessions and API keys stop working on the next request.',
        params: ZIdParam,
        body: z.object({
          name: z.string().min(1).max(200).optional(),
          role: z.enum([...STAFF_ROLES, ...CUSTOMER_ROLES]).optional(),
          grade: z.string().nullable().optional(),
          disabled: z.boolean().optional(),
        }),
        response: { 200: ZUserOut, ...errors(403, 404) },
      },
    },
    async (req) => updateUserAccess(deps, principalOf(req), req.params.id, req.body),
  );
  app.get(
    '/api/v1/accounts/:id/api-keys',
    {
      schema: {
        tags: ['accounts'],
        operationId: 'listAccountApiKeys',
        summary: 'The API keys of the account’s users, with who created each (no secrets; admin or owner)',
        params: ZIdParam,
        querystring: ZPageQuery,
        response: { 200: ZKeyListOut, ...errors(403, 404) },
      },
    },
    async (req) => listAccountApiKeys(deps, principalOf(req), req.params.id, req.query),
  );
  app.get(
    '/api/v1/users/:id/api-keys',
    {
      schema: {
        tags: ['staff'],
        operationId: 'listUserApiKeys',
        summary: 'A user’s API keys (no secrets): the admin, the user, or the owner of the user’s account',
        params: ZIdParam,
        querystring: ZPageQuery,
        response: { 200: ZKeyListOut, ...errors(403, 404) },
      },
    },
    async (req) => listUserApiKeys(deps, principalOf(req), req.params.id, req.query),
  );
  app.delete(
    '/api/v1/api-keys/:id',
    {
      schema: {
        operationId: 'revokeApiKey',
        tags: ['accounts'],
        summary: 'Revoke an API key, and every key it created (on every server process at once)',
        params: ZIdParam,
        response: {
          200: z.object({ id: z.string(), revokedAt: z.string(), alsoRevoked: z.array(z.string()) }),
          ...errors(403, 404, 409),
        },
      },
    },
    async (req) => revokeApiKey(deps, principalOf(req), req.params.id),
  );
}
