/** The accounts message table (R-ACC-2, R-NTF-1): the sub-account invitation notices in every locale. */
import { describe, expect, it } from 'vitest';
import { ACCOUNT_MESSAGES, invitationNotice } from '../../src/contexts/accounts/domain/messages.js';
import { checkMessageTable } from './message-table-checks.js';

const master = 'Master Co';
const invitee = 'Sub Co';

checkMessageTable('accounts', ACCOUNT_MESSAGES, {
  'invitation.sent.title': [{}, { 'zh-CN': '子账号关联邀请', 'en-US': 'Invitation to become a sub account' }],
  'invitation.sent.body': [
    { master },
    {
      'zh-CN': '主账号「Master Co」邀请您的账号成为其子账号。请在控制台接受（并选择财务托管或财务独立）或拒绝。',
      'en-US':
        'The master account “Master Co” invites your account to become its sub account. Accept it (choosing custody or independent finance) or decline it in the console.',
    },
  ],
  'invitation.accepted.title': [{}, { 'zh-CN': '子账号邀请已接受', 'en-US': 'Sub-account invitation accepted' }],
  'invitation.accepted.body': [
    { invitee },
    {
      'zh-CN': '账号「Sub Co」已接受邀请，成为您的子账号。',
      'en-US': 'The account “Sub Co” accepted your invitation and is now your sub account.',
    },
  ],
  'invitation.declined.title': [{}, { 'zh-CN': '子账号邀请被拒绝', 'en-US': 'Sub-account invitation declined' }],
  'invitation.declined.body': [
    { invitee },
    {
      'zh-CN': '账号「Sub Co」拒绝了您的子账号邀请。',
      'en-US': 'The account “Sub Co” declined your sub-account invitation.',
    },
  ],
  'invitation.withdrawn.title': [{}, { 'zh-CN': '子账号邀请已撤回', 'en-US': 'Sub-account invitation withdrawn' }],
  'invitation.withdrawn.body': [
    { master },
    {
      'zh-CN': '主账号「Master Co」撤回了子账号邀请。',
      'en-US': 'The master account “Master Co” withdrew its sub-account invitation.',
    },
  ],
});

describe('invitation notices', () => {
  it('R-ACC-2 the notice names the acting account, with its kind and dedupe key', () => {
    const to = { id: 'acc_m', tenantId: 'acc_m', email: 'm@example.com', region: 'cn-north-4', locale: 'zh-CN' };
    const n = invitationNotice(
      to,
      { id: 'inv_1', masterId: 'acc_m', inviteeId: 'acc_s', status: 'accepted' },
      'accepted',
      master,
      invitee,
    );
    expect(n.kind).toBe('account.sub_invitation_accepted');
    expect(n.dedupeKey).toBe('subinv:inv_1:accepted');
    expect(n.title['en-US']).toBe('Sub-account invitation accepted');
    expect(n.body['zh-CN']).toBe('账号「Sub Co」已接受邀请，成为您的子账号。');
  });
});
