/** Sub-account invitations (seed 001 §6.3–6.4, R-ACC-2). Routes parse, call one use case, serialize. */
import { z } from 'zod';
import type { App } from '../../../platform/http/app.js';
import { principalOf } from '../../../platform/http/auth-plugin.js';
import { errors, named, ZIdParam } from '../../../platform/http/schemas.js';
import { ZPageOf, ZPageQuery } from '../../../platform/pagination.js';
import {
  answerSubAccountInvitation,
  inviteSubAccount,
  listSubAccountInvitations,
  withdrawSubAccountInvitation,
  type InvitationDeps,
} from '../use-cases/sub-account-invitations.js';
import { ZAccountOut } from './routes.js';

const ZFinanceMode = z.enum(['custody', 'independent']);
const ZInvitationOut = z.object({
  id: z.string(),
  masterId: z.string(),
  masterName: z.string().nullable(),
  inviteeId: z.string(),
  inviteeName: z.string().nullable(),
  status: z.enum(['pending', 'accepted', 'declined', 'withdrawn']),
  financeMode: ZFinanceMode.nullable().describe('Chosen by the invitee at acceptance'),
  message: z.string().nullable(),
  invitedBy: z.string(),
  decidedBy: z.string().nullable(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
});
named(ZInvitationOut, 'SubAccountInvitation', 'A master’s invitation to an existing account to become its sub');

export function registerInvitationRoutes(app: App, deps: InvitationDeps): void {
  app.post(
    '/api/v1/accounts/:id/sub-account-invitations',
    {
      schema: {
        operationId: 'inviteSubAccount',
        tags: ['accounts'],
        summary: 'Invite an existing account to become a sub account of this master (admin or the master’s owner)',
        description:
          'The invitee is named by its account id. PLAN_CONFLICT when it has its own paid plan (it must unsubscribe first, seed 001 §6.4b), is a sub already, or has subs.',
        params: ZIdParam,
        body: z.object({
          accountId: z.string().min(1).max(100).describe('The invited account'),
          message: z.string().max(500).optional(),
        }),
        response: { 201: ZInvitationOut, ...errors(403, 404, 409) },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await inviteSubAccount(deps, principalOf(req), req.params.id, req.body)),
  );
  app.get(
    '/api/v1/accounts/:id/sub-account-invitations',
    {
      schema: {
        operationId: 'listSubAccountInvitations',
        tags: ['accounts'],
        summary: 'Invitations the account sent (as master) or received (as invitee), newest first',
        params: ZIdParam,
        querystring: ZPageQuery,
        response: { 200: ZPageOf(ZInvitationOut), ...errors(404) },
      },
    },
    async (req) => listSubAccountInvitations(deps, principalOf(req), req.params.id, req.query),
  );
  app.post(
    '/api/v1/sub-account-invitations/:id/accept',
    {
      schema: {
        operationId: 'acceptSubAccountInvitation',
        tags: ['accounts'],
        summary: 'Accept an invitation, choosing the finance mode (the invitee’s owner or admin)',
        description:
          'The account becomes the master’s sub and moves into its tenant; custody subs of a sharing master get its plan.',
        params: ZIdParam,
        body: z.object({ financeMode: ZFinanceMode }),
        response: {
          200: z.object({ invitation: ZInvitationOut, account: ZAccountOut }),
          ...errors(403, 404, 409),
        },
      },
    },
    async (req) => {
      const out = await answerSubAccountInvitation(deps, principalOf(req), req.params.id, {
        accept: true,
        financeMode: req.body.financeMode,
      });
      return { invitation: out.invitation, account: out.account! };
    },
  );
  app.post(
    '/api/v1/sub-account-invitations/:id/decline',
    {
      schema: {
        operationId: 'declineSubAccountInvitation',
        tags: ['accounts'],
        summary: 'Decline an invitation (the invitee’s owner or admin)',
        params: ZIdParam,
        response: { 200: ZInvitationOut, ...errors(403, 404, 409) },
      },
    },
    async (req) =>
      (await answerSubAccountInvitation(deps, principalOf(req), req.params.id, { accept: false })).invitation,
  );
  app.post(
    '/api/v1/sub-account-invitations/:id/withdraw',
    {
      schema: {
        operationId: 'withdrawSubAccountInvitation',
        tags: ['accounts'],
        summary: 'Withdraw a pending invitation (the master’s owner or admin)',
        params: ZIdParam,
        response: { 200: ZInvitationOut, ...errors(403, 404, 409) },
      },
    },
    async (req) => withdrawSubAccountInvitation(deps, principalOf(req), req.params.id),
  );
}
