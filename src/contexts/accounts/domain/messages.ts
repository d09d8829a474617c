/**
 * The accounts context's message table (R-ACC-2, R-NTF-1): the notices of a sub-account invitation — sent to the
 * invitee, accepted or declined (to the master), withdrawn (to the invitee) — in every locale.
 */
import { messageTable, render } from '../../../domain/messages/message-table.js';
import type { AccountRow } from './account.js';

export const ACCOUNT_MESSAGES = messageTable({
  'invitation.sent.title': { 'zh-CN': '子账号关联邀请', 'en-US': 'Invitation to become a sub account' },
  'invitation.sent.body': {
    'zh-CN': '主账号「{master}」邀请您的账号成为其子账号。请在控制台接受（并选择财务托管或财务独立）或拒绝。',
    'en-US':
      'The master account “{master}” invites your account to become its sub account. Accept it (choosing custody or independent finance) or decline it in the console.',
  },
  'invitation.accepted.title': { 'zh-CN': '子账号邀请已接受', 'en-US': 'Sub-account invitation accepted' },
  'invitation.accepted.body': {
    'zh-CN': '账号「{invitee}」已接受邀请，成为您的子账号。',
    'en-US': 'The account “{invitee}” accepted your invitation and is now your sub account.',
  },
  'invitation.declined.title': { 'zh-CN': '子账号邀请被拒绝', 'en-US': 'Sub-account invitation declined' },
  'invitation.declined.body': {
    'zh-CN': '账号「{invitee}」拒绝了您的子账号邀请。',
    'en-US': 'The account “{invitee}” declined your sub-account invitation.',
  },
  'invitation.withdrawn.title': { 'zh-CN': '子账号邀请已撤回', 'en-US': 'Sub-account invitation withdrawn' },
  'invitation.withdrawn.body': {
    'zh-CN': '主账号「{master}」撤回了子账号邀请。',
    'en-US': 'The master account “{master}” withdrew its sub-account invitation.',
  },
});

export type InvitationEvent = 'sent' | 'accepted' | 'declined' | 'withdrawn';

export function invitationNotice(
  to: Pick<AccountRow, 'id' | 'tenantId' | 'email' | 'region' | 'locale'>,
  inv: { id: string; masterId: string; inviteeId: string; status: string },
  event: InvitationEvent,
  masterName: string,
  inviteeName: string,
) {
  // Each body names the account that acted: the master (sent, withdrawn) or the invitee (accepted, declined).
  const names = { master: masterName, invitee: inviteeName };
  return {
    account: { id: to.id, tenantId: to.tenantId, email: to.email, region: to.region, locale: to.locale },
    level: null,
    kind: `account.sub_invitation_${event}`,
    dedupeKey: `subinv:${inv.id}:${event}`,
    title: render(ACCOUNT_MESSAGES, `invitation.${event}.title`),
    body: render(ACCOUNT_MESSAGES, `invitation.${event}.body`, names),
    data: { invitationId: inv.id, masterId: inv.masterId, inviteeId: inv.inviteeId, status: inv.status },
  };
}
