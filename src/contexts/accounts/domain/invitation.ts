/**
 * Seed 001 §6.3–6.4 (R-ACC-2): a master account invites an existing account as its sub. Pure checks on plain rows:
 * who may be invited, and which moves an invitation allows. The plan rule (an invitee with its own plan must
 * unsubscribe first, §6.4b) needs the subscriptions context and is checked by the use case through its port.
 */
import { DomainError } from '../../../platform/errors.js';
import type { AccountRow } from './account.js';

export const INVITATION_STATUSES = ['pending', 'accepted', 'declined', 'withdrawn'] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

/** Refuses an invitation that could never be accepted (PLAN_CONFLICT with the reason; VALIDATION_FAILED for self). */
export function checkInvitable(master: AccountRow, invitee: AccountRow, inviteeHasSubs: boolean): void {
  if (master.parentId)
    throw new DomainError(
      'PLAN_CONFLICT',
      { reason: 'not_a_master', masterAccountId: master.parentId },
      'A sub account cannot invite sub accounts; its master can.',
    );
  if (invitee.id === master.id)
    throw new DomainError('PLAN_CONFLICT', { reason: 'self' }, 'An account cannot be its own sub account.');
  if (invitee.parentId || invitee.tenantId === master.tenantId)
    throw new DomainError(
      'PLAN_CONFLICT',
      { reason: 'already_a_sub', accountId: invitee.id },
      'The account is already a sub account; it must leave its master first.',
    );
  if (inviteeHasSubs)
    throw new DomainError(
      'PLAN_CONFLICT',
      { reason: 'invitee_has_subs', accountId: invitee.id },
      'A master account with sub accounts cannot become a sub account.',
    );
}

/** Only a pending invitation moves; every other state is final. */
export function checkPending(status: string, action: 'accept' | 'decline' | 'withdraw'): void {
  if (status !== 'pending')
    throw new DomainError(
      'INVALID_STATE',
      { status, action },
      `The invitation is ${status}; it can no longer be ${action === 'withdraw' ? 'withdrawn' : `${action}ed`}.`,
    );
}
