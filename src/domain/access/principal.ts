/**
 * Who is calling (R-ACC-4): the provider admin, staff, or a customer user bound to one account of one tenant. Pure
 * (domain code decides on it); the HTTP edge builds it (platform/http/auth-plugin.ts) and re-exports it.
 */
import { STAFF_ROLES, CUSTOMER_ROLES, type Role } from './roles.js';

export interface Principal {
  /** User id, or "admin" for the admin token. */
  readonly id: string;
  readonly role: Role;
  readonly tenantId: string | null;
  readonly accountId: string | null;
  /** Support engineers' handler grade. */
  readonly grade: string | null;
  /** The API key used, null for the admin token and console sessions. */
  readonly keyId: string | null;
  /** How the caller authenticated: R-TKT-6 limits customers' API keys, not console sessions. */
  readonly via: 'admin_token' | 'api_key' | 'session';
  /** The console session used (via 'session'). */
  readonly sessionId?: string;
}

/** What a principal is made of: a user as the accounts context stores it. */
export interface PrincipalUser {
  readonly id: string;
  readonly role: string;
  readonly tenantId: string | null;
  readonly accountId: string | null;
  readonly grade: string | null;
}

export function userPrincipal(
  user: PrincipalUser,
  how: { via: 'api_key'; keyId: string } | { via: 'session'; sessionId: string },
): Principal {
  return Object.freeze({
    id: user.id,
    role: user.role as Role,
    tenantId: user.tenantId,
    accountId: user.accountId,
    grade: user.grade,
    keyId: how.via === 'api_key' ? how.keyId : null,
    via: how.via,
    ...(how.via === 'session' ? { sessionId: how.sessionId } : {}),
  });
}

export const ADMIN_PRINCIPAL: Principal = Object.freeze({
  id: 'admin',
  role: 'provider_admin',
  tenantId: null,
  accountId: null,
  grade: null,
  keyId: null,
  via: 'admin_token',
});

export function isStaff(p: Principal): boolean {
  return (STAFF_ROLES as readonly string[]).includes(p.role);
}

export function isCustomer(p: Principal): boolean {
  return (CUSTOMER_ROLES as readonly string[]).includes(p.role);
}
