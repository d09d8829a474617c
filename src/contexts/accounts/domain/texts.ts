/** The accounts context's notice texts, in both languages (one table; no strings in use cases). */
import type { AccountRow } from './account.js';

const INVITATION = {
  sent: {
    title: { 'zh-CN': '子账号关联邀请', 'en-US': 'Invitation to become a sub account' },
    body: (master: string) => ({
      'zh-CN': `主账号「${master}」邀请您的账号成为其子账号。请在控制台接受（并选择财务托管或财务独立）或拒绝。`,
      'en-US': `The master account “${master}” invites your account to become its sub account. Accept it (choosing custody or independent finance) or decline it in the console.`,
    }),
  },
  accepted: {
    title: { 'zh-CN': '子账号邀请已接受', 'en-US': 'Sub-account invitation accepted' },
    body: (_master: string, invitee: string) => ({
      'zh-CN': `账号「${invitee}」已接受邀请，成为您的子账号。`,
      'en-US': `The account “${invitee}” accepted your invitation and is now your sub account.`,
    }),
  },
  declined: {
    title: { 'zh-CN': '子账号邀请被拒绝', 'en-US': 'Sub-account invitation declined' },
    body: (_master: string, invitee: string) => ({
      'zh-CN': `账号「${invitee}」拒绝了您的子账号邀请。`,
      'en-US': `The account “${invitee}” declined your sub-account invitation.`,
    }),
  },
  withdrawn: {
    title: { 'zh-CN': '子账号邀请已撤回', 'en-US': 'Sub-account invitation withdrawn' },
    body: (master: string) => ({
      'zh-CN': `主账号「${master}」撤回了子账号邀请。`,
      'en-US': `The master account “${master}” withdrew its sub-account invitation.`,
    }),
  },
} as const;

export type InvitationEvent = keyof typeof INVITATION;

export function invitationNotice(
  to: Pick<AccountRow, 'id' | 'tenantId' | 'email' | 'region' | 'locale'>,
  inv: { id: string; masterId: string; inviteeId: string; status: string },
  event: string,
  masterName: string,
  inviteeName: string,
) {
  const t = INVITATION[event as InvitationEvent];
  return {
    account: { id: to.id, tenantId: to.tenantId, email: to.email, region: to.region, locale: to.locale },
    level: null,
    kind: `account.sub_invitation_${event}`,
    dedupeKey: `subinv:${inv.id}:${event}`,
    title: t.title,
    body: t.body(masterName, inviteeName),
    data: { invitationId: inv.id, masterId: inv.masterId, inviteeId: inv.inviteeId, status: inv.status },
  };
}
