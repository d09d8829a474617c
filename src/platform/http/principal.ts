/** Who is calling (R-ACC-4): the type and its helpers are pure (src/domain/access/principal.ts); the edge's name. */
export {
  STAFF_ROLES,
  CUSTOMER_ROLES,
  INTEGRATION_ROLE,
  PROVIDER_ROLES,
  type StaffRole,
  type CustomerRole,
  type Role,
} from '../../domain/access/roles.js';
export {
  ADMIN_PRINCIPAL,
  isCustomer,
  isStaff,
  userPrincipal,
  type Principal,
  type PrincipalUser,
} from '../../domain/access/principal.js';
