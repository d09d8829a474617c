/**
 * R-ACC-3 (Tianyi 关联账号): business links up to 3 accounts, enterprise 5; linked accounts get priority intake
 * under the linking plan and never see its data. A customer's link request waits for staff approval (staff link
 * at once); pending and approved links count toward the limit, exactly, also under concurrent requests (the owner
 * row is locked while counting).
 *
 * Issue 11: a customer's request says nothing about other tenants. Whether the account id exists, and whether it is
 * linked to (or asked for by) another tenant, is not answered to a customer: the request is recorded as pending
 * either way (201), counts toward the limit, and staff meet the conflict or the missing account when they decide it.
 * Staff, who see every tenant, get NOT_FOUND and PLAN_CONFLICT (with the other link's id) at once.
 */
import type { Deps } from '../../../platform/deps.js';
import { inTransaction } from '../../../platform/deps.js';
import { DomainError, notFound, validationFailed } from '../../../platform/errors.js';
import { isStaff, type Principal } from '../../../platform/http/principal.js';
import { authorize } from '../../../platform/http/authorize.js';
import { newId } from '../../../platform/ids.js';
import { insertAuditEvent } from '../../../platform/store/audit.js';
import { isOwnerOf } from '../../accounts/index.js';
import { loadAccount, loadVisibleAccount } from '../../accounts/index.js';
import { messageEffect } from '../../notifications/index.js';
import { linkDecided } from '../domain/messages.js';
import {
  approvedLinkIdTo,
  countLiveLinks,
  decideLinkRow,
  insertLink,
  linksOf,
  liveLinkTo,
  lockLink,
  type LinkRow,
} from '../store/link-store.js';
import { loadOwnPlan } from './load-plan.js';

export function linkView(l: LinkRow) {
  return {
    id: l.id,
    ownerAccountId: l.ownerAccountId,
    accountId: l.linkedAccountId,
    status: l.status,
    createdAt: l.createdAt.toISOString(),
    decidedAt: l.decidedAt?.toISOString() ?? null,
  };
}

export async function requestLink(deps: Deps, principal: Principal, ownerId: string, linkedId: string) {
  const now = deps.clock.now();
  return inTransaction(deps, async (tx) => {
    // Both rows are locked, in id order (no deadlock when two owners link each other): the owner's so its limit is
    // counted exactly, the target's so two owners asking for it at once cannot both link it.
    const targetFirst = linkedId < ownerId;
    const lockTarget = () => loadAccount(tx, linkedId, { forUpdate: true }).catch(() => null);
    const early = targetFirst ? await lockTarget() : null;
    const owner = await loadVisibleAccount(tx, principal, ownerId, { forUpdate: true });
    authorize(principal, 'link.request');
    const staff = isStaff(principal);
    if (!staff && !isOwnerOf(principal, owner)) throw new DomainError('FORBIDDEN', { requiredRole: 'customer_owner' });
    if (linkedId === owner.id)
      throw validationFailed([{ path: 'body.accountId', message: 'an account cannot link itself' }]);
    const target = targetFirst ? early : await lockTarget();
    if (!target && staff) throw notFound('account', linkedId);
    const plan = await loadOwnPlan(tx, deps.catalog, owner, now);
    const limit = plan.level?.linkedAccounts ?? 0;
    if (!plan.subscription || limit === 0) {
      throw new DomainError(
        'NOT_ENTITLED',
        { entitlement: 'linked_accounts', level: plan.level?.id ?? null },
        'The plan does not include linked accounts.',
      );
    }
    // A customer hears only of its own account's links.
    const existing = await liveLinkTo(tx, linkedId, staff ? null : owner.id);
    if (existing)
      throw new DomainError(
        'PLAN_CONFLICT',
        { reason: 'already_linked', linkId: existing.id },
        'That account is already linked or waiting for approval.',
      );
    const used = await countLiveLinks(tx, owner.id);
    if (used >= limit)
      throw new DomainError(
        'QUOTA_EXCEEDED',
        { quota: 'linked_accounts', limit, used },
        `The ${plan.level!.id} plan links at most ${limit} accounts.`,
      );
    const row = await insertLink(tx, {
      id: newId('lnk', now.getTime()),
      tenantId: owner.tenantId,
      ownerAccountId: owner.id,
      linkedAccountId: linkedId,
      status: staff ? 'approved' : 'pending',
      requestedBy: principal.id,
      createdAt: now,
      decidedAt: staff ? now : null,
      decidedBy: staff ? principal.id : null,
    });
    await insertAuditEvent(tx, {
      tenantId: owner.tenantId,
      actor: principal.id,
      action: 'link.requested',
      objectId: row.id,
      data: { linkedAccountId: linkedId, status: row.status },
      at: now,
    });
    return linkView(row);
  });
}

export async function decideLink(deps: Deps, principal: Principal, linkId: string, decision: 'approve' | 'reject') {
  const now = deps.clock.now();
  return inTransaction(deps, async (tx) => {
    const link = await lockLink(tx, linkId);
    if (!link) throw notFound('link', linkId);
    if (!isStaff(principal)) {
      // R-ACC-4: another tenant's link does not exist for the caller (404 before any other refusal).
      await loadVisibleAccount(tx, principal, link.ownerAccountId).catch(() => {
        throw notFound('link', linkId);
      });
    }
    authorize(principal, 'link.decide');
    if (link.status !== 'pending')
      throw new DomainError('INVALID_STATE', { status: link.status }, `The link is ${link.status}.`);
    if (decision === 'approve') {
      // A customer's request was recorded without telling it whether the account exists or is linked elsewhere.
      const target = await loadAccount(tx, link.linkedAccountId, { forUpdate: true }).catch(() => null);
      if (!target) throw notFound('account', link.linkedAccountId);
      const other = await approvedLinkIdTo(tx, link.linkedAccountId);
      if (other)
        throw new DomainError(
          'PLAN_CONFLICT',
          { reason: 'already_linked', linkId: other.id },
          'That account is already linked to another plan.',
        );
    }
    const status = decision === 'approve' ? 'approved' : 'rejected';
    const row = await decideLinkRow(tx, linkId, { status, decidedAt: now, decidedBy: principal.id });
    await deps.outbox.enqueue(
      tx,
      [
        messageEffect({
          tenantId: link.tenantId,
          accountId: link.ownerAccountId,
          kind: `link.${status}`,
          dedupeKey: `link:${link.id}:${status}`,
          ...linkDecided(decision, link.linkedAccountId),
          data: { linkId: link.id },
        }),
      ],
      now,
    );
    return linkView(row);
  });
}

export async function removeLink(deps: Deps, principal: Principal, ownerId: string, linkId: string) {
  const now = deps.clock.now();
  return inTransaction(deps, async (tx) => {
    const owner = await loadVisibleAccount(tx, principal, ownerId);
    const link = await lockLink(tx, linkId, owner.id);
    if (!link) throw notFound('link', linkId);
    if (!isStaff(principal) && !isOwnerOf(principal, owner))
      throw new DomainError('FORBIDDEN', { requiredRole: 'customer_owner' });
    if (link.status === 'removed' || link.status === 'rejected')
      throw new DomainError('INVALID_STATE', { status: link.status });
    return linkView(await decideLinkRow(tx, linkId, { status: 'removed', decidedAt: now, decidedBy: principal.id }));
  });
}

export async function listLinks(deps: Deps, principal: Principal, ownerId: string) {
  const owner = await loadVisibleAccount(deps.db, principal, ownerId);
  const rows = await linksOf(deps.db, owner.tenantId, owner.id);
  return { items: rows.map(linkView) };
}
