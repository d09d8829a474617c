/** The roles (R-ACC-4, R-OA): pure data the role table and the HTTP edge share. */
/** Staff roles, customer roles and the integration role. */
export const STAFF_ROLES = ['provider_admin', 'support_engineer', 'tam', 'billing_operator'] as const;
export const CUSTOMER_ROLES = ['customer_owner', 'customer_member'] as const;
/**
 * R-OA: the cloud side's integration: a provider user (no tenant) whose keys may only send the inventory and samples
 * (POST /resources, /metrics); every other route refuses it (platform/http/auth-plugin.ts). Neither staff nor customer.
 */
export const INTEGRATION_ROLE = 'integration';
/** The roles of provider users (no tenant), which the admin creates with POST /api/v1/users. */
export const PROVIDER_ROLES = [...STAFF_ROLES, INTEGRATION_ROLE] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
export type CustomerRole = (typeof CUSTOMER_ROLES)[number];
export type Role = StaffRole | CustomerRole | typeof INTEGRATION_ROLE;
