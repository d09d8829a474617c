/** Who is calling (R-ACC-4): the provider admin, staff, or a customer user bound to one account of one tenant. */
export const STAFF_ROLES = ['provider_admin', 'support_engineer', 'tam', 'billing_operator'] as const;
export const CUSTOMER_ROLES = ['customer_owner', 'customer_member'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
export type CustomerRole = (typeof CUSTOMER_ROLES)[number];
export type Role = StaffRole | CustomerRole;

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
  return !isStaff(p);
}
