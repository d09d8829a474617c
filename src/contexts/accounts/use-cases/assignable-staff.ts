/**
 * Who a ticket or a service request may be assigned to (R-TKT-4, R-SR-4): an active staff user — support engineer,
 * TAM or provider admin — of the provider (no tenant). One rule for both contexts; a request naming anyone else is
 * VALIDATION_FAILED at `body.assigneeId`.
 */
import type { Db } from '../../../platform/db.js';
import { validationFailed } from '../../../platform/errors.js';
import { findUser } from '../store/account-store.js';

const ASSIGNABLE_ROLES: readonly string[] = ['support_engineer', 'tam', 'provider_admin'];

export async function loadAssignableStaff(db: Db, userId: string) {
  const user = await findUser(db, userId);
  if (!user || user.tenantId !== null || user.disabledAt || !ASSIGNABLE_ROLES.includes(user.role))
    throw validationFailed([{ path: 'body.assigneeId', message: 'an active support engineer, TAM or provider admin' }]);
  return user;
}
