/**
 * The one place a use case refuses a caller for its role (R-ACC-4, issue 11): the role table
 * (`src/domain/access/role-table.ts`) decides, the answer is 403 FORBIDDEN with the action and the roles that may do
 * it. Call it after the object is loaded through its visibility check (NOT_FOUND comes first).
 */
import { mayDo, rolesFor, verdictOf, type Action } from '../../domain/access/role-table.js';
import { DomainError } from '../errors.js';
import type { Principal } from './principal.js';

export function authorize(principal: Principal, action: Action, subject: { category?: string } = {}): void {
  if (mayDo(principal.role, action, subject)) return;
  const nonTechnical = verdictOf(principal.role, action) === 'non_technical_only';
  throw new DomainError(
    'FORBIDDEN',
    { action, requiredRole: rolesFor(action, subject), ...(nonTechnical ? { reason: 'non_technical_only' } : {}) },
    nonTechnical
      ? `A ${principal.role} may do this on non-technical tickets only.`
      : `A ${principal.role} may not do this.`,
  );
}

export { mayDo, type Action };
