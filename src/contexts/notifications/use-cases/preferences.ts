/**
 * R-NTF-1 per-user notification preferences: a customer user turns optional kinds of mail off (or on again) for the
 * account they belong to. The message center always gets everything; mandatory kinds are always mailed. A mail of an
 * optional kind to an address is skipped when a user of the account with that sign-in address turned the kind off
 * (the account's registered email is its owner's, usually).
 */
import type { Deps } from '../../../platform/deps.js';
import { DomainError, validationFailed } from '../../../platform/errors.js';
import type { Principal } from '../../../platform/http/principal.js';
import { NOTICE_KINDS, preferenceKindOf } from '../domain/kinds.js';
import { anyTurnedOff, preferencesOf, savePreference } from '../store/preference-store.js';
import type { MutedCheck } from './send-email.js';

/** The users with a sign-in address (the accounts context's directory). */
export type UsersByEmail = (
  email: string,
) => Promise<readonly { id: string; tenantId: string | null; accountId: string | null; disabled: boolean }[]>;

function customerOf(principal: Principal): { userId: string; tenantId: string; accountId: string } {
  if (!principal.tenantId || !principal.accountId || principal.id === 'admin')
    throw new DomainError(
      'FORBIDDEN',
      { requiredRole: 'customer_member' },
      'Notification preferences are a customer user’s; staff read their inbox.',
    );
  return { userId: principal.id, tenantId: principal.tenantId, accountId: principal.accountId };
}

export async function getMyPreferences(deps: Pick<Deps, 'db'>, principal: Principal) {
  const me = customerOf(principal);
  const rows = await preferencesOf(deps.db, me.userId, me.accountId);
  const off = new Map(rows.map((r) => [r.kind, r.email]));
  return {
    accountId: me.accountId,
    kinds: NOTICE_KINDS.map((k) => ({
      kind: k.kind,
      names: k.names as Record<string, string>,
      optional: k.optional,
      messageCenter: true,
      email: k.optional ? (off.get(k.kind) ?? true) : true,
    })),
  };
}

export async function setMyPreferences(
  deps: Pick<Deps, 'db' | 'clock'>,
  principal: Principal,
  input: { kinds: readonly { kind: string; email: boolean }[] },
) {
  const me = customerOf(principal);
  const issues = input.kinds.flatMap((k, i) => {
    const def = NOTICE_KINDS.find((n) => n.kind === k.kind);
    if (!def)
      return [{ path: `body.kinds.${i}.kind`, message: `one of ${NOTICE_KINDS.map((n) => n.kind).join(', ')}` }];
    if (!def.optional && !k.email)
      return [{ path: `body.kinds.${i}.email`, message: `${k.kind} is always mailed; only optional kinds turn off` }];
    return [];
  });
  if (issues.length) throw validationFailed(issues);
  const now = deps.clock.now();
  for (const k of input.kinds) {
    if (!NOTICE_KINDS.find((n) => n.kind === k.kind)?.optional) continue;
    await savePreference(deps.db, { ...me, kind: k.kind, email: k.email, updatedAt: now });
  }
  return getMyPreferences(deps, principal);
}

/** The send-time check: a user of the account whose sign-in address is `to` turned the kind off. */
export function mutedByPreferences(usersByEmail: UsersByEmail): MutedCheck {
  return async (db, mail) => {
    const users = (await usersByEmail(mail.to)).filter(
      (u) => !u.disabled && u.tenantId === mail.tenantId && u.accountId === mail.accountId,
    );
    return anyTurnedOff(
      db,
      mail.accountId,
      users.map((u) => u.id),
      preferenceKindOf(mail.kind),
    );
  };
}
