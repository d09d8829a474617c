/**
 * Seed 001 §6.3–6.4 (R-ACC-2): a master account invites an existing account as its sub ("主账号…创建或邀请子账号关联").
 * The invitee's owner accepts — choosing the finance mode, custody (财务托管) or independent (财务独立) — or declines;
 * the master may withdraw a pending invitation. An invitee with its own paid plan must unsubscribe first (§6.4b:
 * PLAN_CONFLICT at the invitation and again at the acceptance). On acceptance the invitee moves into the master's
 * tenant (every tenant-owned row, `platform/store/move-tenant.ts`) and becomes a sub; from then on the custody
 * sharing rules apply to it like to any sub (a custody sub of a sharing master gets the shared plan).
 */
import type { Db } from '../../../platform/db.js';
import type { Deps } from '../../../platform/deps.js';
import { inTransaction } from '../../../platform/deps.js';
import { DomainError, notFound } from '../../../platform/errors.js';
import { isStaff, type Principal } from '../../../platform/http/principal.js';
import { newId } from '../../../platform/ids.js';
import type { OutboxEffect } from '../../../platform/outbox.js';
import { pageOf, type TPageQuery } from '../../../platform/pagination.js';
import { moveTenant } from '../../../platform/store/move-tenant.js';
import type { Notifier } from '../../notifications/index.js';
import { canSeeAccount, isOwnerOf, toAccountView, type AccountRow, type FinanceMode } from '../domain/account.js';
import { checkInvitable, checkPending } from '../domain/invitation.js';
import { invitationNotice, type InvitationEvent } from '../domain/messages.js';
import { findAccount, findAccountForUpdate, insertAudit, updateAccount } from '../store/account-store.js';
import {
  findInvitation,
  findPendingFor,
  hasSubs,
  insertInvitation,
  pageInvitationsOf,
  setInvitation,
  withdrawSentBy,
  type InvitationRow,
} from '../store/invitation-store.js';
import type { TokenCache } from './authenticate.js';
import { loadVisibleAccount } from './load-account.js';
import { assertCanManageAccount } from './update-account.js';

export interface InvitationDeps extends Deps {
  readonly tokenCache: TokenCache;
  readonly notifier: Notifier | null;
  /** The account's own paid plan now (its level id), or null: from the subscriptions module. */
  readonly ownPaidPlan: ((db: Db, account: AccountRow, now: Date) => Promise<{ level: string } | null>) | null;
}

function view(inv: InvitationRow, names: ReadonlyMap<string, string>) {
  return {
    id: inv.id,
    masterId: inv.masterId,
    masterName: names.get(inv.masterId) ?? null,
    inviteeId: inv.inviteeId,
    inviteeName: names.get(inv.inviteeId) ?? null,
    status: inv.status as 'pending' | 'accepted' | 'declined' | 'withdrawn',
    financeMode: inv.financeMode as FinanceMode | null,
    message: inv.message,
    invitedBy: inv.invitedBy,
    decidedBy: inv.decidedBy,
    createdAt: inv.createdAt.toISOString(),
    decidedAt: inv.decidedAt?.toISOString() ?? null,
  };
}
export type InvitationView = ReturnType<typeof view>;

async function namesOf(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const id of new Set(ids)) {
    const a = await findAccount(db, id);
    if (a) out.set(id, a.name);
  }
  return out;
}

async function refuseOwnPlan(deps: InvitationDeps, db: Db, invitee: AccountRow, now: Date): Promise<void> {
  const plan = deps.ownPaidPlan ? await deps.ownPaidPlan(db, invitee, now) : null;
  if (plan)
    throw new DomainError(
      'PLAN_CONFLICT',
      { reason: 'invitee_has_plan', accountId: invitee.id, level: plan.level, action: 'unsubscribe' },
      'The invited account has its own support plan; it must unsubscribe first (seed 001 §6.4b).',
    );
}

async function tell(
  deps: InvitationDeps,
  tx: Db,
  account: AccountRow,
  inv: InvitationRow,
  event: InvitationEvent,
  now: Date,
) {
  if (!deps.notifier) return;
  const names = await namesOf(tx, [inv.masterId, inv.inviteeId]);
  const effects: OutboxEffect[] = deps.notifier.customer(
    invitationNotice(account, inv, event, names.get(inv.masterId) ?? inv.masterId, names.get(inv.inviteeId) ?? ''),
  );
  await deps.outbox.enqueue(tx, effects, now);
}

export async function inviteSubAccount(
  deps: InvitationDeps,
  principal: Principal,
  masterId: string,
  input: { accountId: string; message?: string | undefined },
) {
  const now = deps.clock.now();
  return inTransaction(
    deps,
    async (tx) => {
      const master = await loadVisibleAccount(tx, principal, masterId, { forUpdate: true });
      assertCanManageAccount(principal, master, 'invite_sub_account');
      // The invitee is named by its id, which its owner gave the master; an unknown id is NOT_FOUND.
      const invitee = await findAccount(tx, input.accountId);
      if (!invitee) throw notFound('account', input.accountId);
      checkInvitable(master, invitee, await hasSubs(tx, invitee.id));
      await refuseOwnPlan(deps, tx, invitee, now);
      const open = await findPendingFor(tx, invitee.id);
      if (open)
        throw new DomainError(
          'INVALID_STATE',
          { reason: 'invitation_pending', ...(open.masterId === master.id ? { invitationId: open.id } : {}) },
          'The account already has a pending invitation; it must be answered or withdrawn first.',
        );
      const inv = await insertInvitation(tx, {
        id: newId('inv', now.getTime()),
        tenantId: master.tenantId,
        masterId: master.id,
        inviteeId: invitee.id,
        inviteeTenantId: invitee.tenantId,
        status: 'pending',
        message: input.message ?? null,
        invitedBy: principal.id,
        createdAt: now,
      });
      if (!inv) throw new DomainError('INVALID_STATE', { reason: 'invitation_pending' });
      await insertAudit(tx, {
        tenantId: master.tenantId,
        actor: principal.id,
        action: 'sub_invitation.sent',
        objectId: master.id,
        data: { invitationId: inv.id, inviteeId: invitee.id },
        at: now,
      });
      await insertAudit(tx, {
        tenantId: invitee.tenantId,
        actor: principal.id,
        action: 'sub_invitation.received',
        objectId: invitee.id,
        data: { invitationId: inv.id, masterId: master.id },
        at: now,
      });
      await tell(deps, tx, invitee, inv, 'sent', now);
      return view(inv, new Map([...[master, invitee].map((a) => [a.id, a.name] as const)]));
    },
    { keepsPlans: true },
  );
}

export async function listSubAccountInvitations(
  deps: Deps,
  principal: Principal,
  accountId: string,
  query: TPageQuery,
) {
  const account = await loadVisibleAccount(deps.db, principal, accountId);
  const offset = (query.page - 1) * query.pageSize;
  const { rows, total } = await pageInvitationsOf(deps.db, account.id, offset, query.pageSize);
  const names = await namesOf(
    deps.db,
    rows.flatMap((r) => [r.masterId, r.inviteeId]),
  );
  return pageOf(
    rows.map((r) => view(r, names)),
    query,
    total,
  );
}

/** The invitation if the caller sees its master or its invitee (staff see all); otherwise it does not exist. */
async function loadInvitation(tx: Db, principal: Principal, id: string) {
  const inv = await findInvitation(tx, id, true);
  if (!inv) throw notFound('invitation', id);
  if (isStaff(principal)) return inv;
  const [master, invitee] = [await findAccount(tx, inv.masterId), await findAccount(tx, inv.inviteeId)];
  const sees = (a: AccountRow | undefined) => !!a && canSeeAccount(principal, a);
  if (!sees(master) && !sees(invitee)) throw notFound('invitation', id);
  return inv;
}

/** The names an invitation's view shows, from its two accounts. */
function partyNames(p: { master: AccountRow; invitee: AccountRow }): Map<string, string> {
  return new Map([
    [p.master.id, p.master.name],
    [p.invitee.id, p.invitee.name],
  ]);
}

/**
 * A pending invitation ends without a move — declined by the invitee (the master is told) or withdrawn by the master
 * (the invitee is told): its new state, the master's audit row and the notice, in the caller's transaction.
 */
async function endInvitation(
  deps: InvitationDeps,
  tx: Db,
  principal: Principal,
  inv: InvitationRow,
  p: { master: AccountRow; invitee: AccountRow },
  status: 'declined' | 'withdrawn',
  now: Date,
) {
  const row = await setInvitation(tx, inv.id, { status, decidedBy: principal.id, decidedAt: now });
  await insertAudit(tx, {
    tenantId: p.master.tenantId,
    actor: principal.id,
    action: `sub_invitation.${status}`,
    objectId: p.master.id,
    data: { invitationId: inv.id, inviteeId: p.invitee.id },
    at: now,
  });
  await tell(deps, tx, status === 'declined' ? p.master : p.invitee, row, status, now);
  return view(row, partyNames(p));
}

export async function answerSubAccountInvitation(
  deps: InvitationDeps,
  principal: Principal,
  id: string,
  answer: { accept: true; financeMode: FinanceMode } | { accept: false },
) {
  const now = deps.clock.now();
  let moved = false;
  const out = await inTransaction(deps, async (tx) => {
    const inv = await loadInvitation(tx, principal, id);
    // Lock both accounts in id order (two invitations answered at once never deadlock).
    const [first, second] = [inv.masterId, inv.inviteeId].sort();
    const locked = new Map<string, AccountRow | undefined>([
      [first!, await findAccountForUpdate(tx, first!)],
      [second!, await findAccountForUpdate(tx, second!)],
    ]);
    const master = locked.get(inv.masterId)!;
    const invitee = locked.get(inv.inviteeId)!;
    if (principal.role !== 'provider_admin' && !isOwnerOf(principal, invitee))
      throw new DomainError(
        'FORBIDDEN',
        { action: answer.accept ? 'accept_invitation' : 'decline_invitation', requiredRole: 'customer_owner' },
        'Only the invited account’s owner (or the provider admin) answers the invitation.',
      );
    checkPending(inv.status, answer.accept ? 'accept' : 'decline');
    if (!answer.accept) {
      return {
        invitation: await endInvitation(deps, tx, principal, inv, { master, invitee }, 'declined', now),
        account: null,
      };
    }
    // The state may have changed since the invitation: check it all again.
    checkInvitable(master, invitee, await hasSubs(tx, invitee.id));
    await refuseOwnPlan(deps, tx, invitee, now);
    const fromTenant = invitee.tenantId;
    const rows = await moveTenant(tx, fromTenant, master.tenantId);
    moved = true;
    const joined = await updateAccount(tx, invitee.id, {
      parentId: master.id,
      financeMode: answer.financeMode,
      sharingEnabled: false,
      updatedAt: now,
    });
    const row = await setInvitation(tx, inv.id, {
      status: 'accepted',
      financeMode: answer.financeMode,
      decidedBy: principal.id,
      decidedAt: now,
    });
    await withdrawSentBy(tx, invitee.id, 'system', now, inv.id);
    await insertAudit(tx, {
      tenantId: master.tenantId,
      actor: principal.id,
      action: 'account.joined_master',
      objectId: invitee.id,
      data: {
        invitationId: inv.id,
        before: { parentId: null, financeMode: null, tenantId: fromTenant },
        after: { parentId: master.id, financeMode: answer.financeMode, tenantId: master.tenantId },
        movedRows: rows,
      },
      at: now,
    });
    await insertAudit(tx, {
      tenantId: master.tenantId,
      actor: principal.id,
      action: 'sub_invitation.accepted',
      objectId: master.id,
      data: { invitationId: inv.id, inviteeId: invitee.id, financeMode: answer.financeMode },
      at: now,
    });
    // The invitee's users now belong to the master's tenant: every process forgets their cached tokens.
    await deps.tokenCache.announce(tx);
    await tell(deps, tx, master, row, 'accepted', now);
    return {
      invitation: view(row, partyNames({ master, invitee })),
      account: toAccountView(joined),
    };
  });
  if (moved) deps.tokenCache.clear();
  return out;
}

export async function withdrawSubAccountInvitation(deps: InvitationDeps, principal: Principal, id: string) {
  const now = deps.clock.now();
  return inTransaction(
    deps,
    async (tx) => {
      const inv = await loadInvitation(tx, principal, id);
      const master = await findAccountForUpdate(tx, inv.masterId);
      const invitee = await findAccount(tx, inv.inviteeId);
      if (!master || !invitee) throw notFound('invitation', id);
      if (principal.role !== 'provider_admin' && !isOwnerOf(principal, master))
        throw new DomainError(
          'FORBIDDEN',
          { action: 'withdraw_invitation', requiredRole: 'customer_owner' },
          'Only the master account’s owner (or the provider admin) withdraws an invitation.',
        );
      checkPending(inv.status, 'withdraw');
      return endInvitation(deps, tx, principal, inv, { master, invitee }, 'withdrawn', now);
    },
    { keepsPlans: true },
  );
}
