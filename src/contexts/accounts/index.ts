/** The accounts context's public face: other contexts and the composition root import only this. */
import type { Deps } from '../../platform/deps.js';
import type { UserDirectory } from '../identity/index.js';
import { findAccount, findUser, findUsersByEmail } from './store/account-store.js';
import { createUserForAccount, toIdentityUser } from './use-cases/manage-users.js';

export { createAccountsModule, type AccountsPorts, type AccountsProvides } from './module.js';

/** Users as the identity context reads them (sign-in, sessions, OpenID Connect sign-ups). */
export function createUserDirectory(deps: Deps): UserDirectory {
  return {
    byId: async (id) => {
      const u = await findUser(deps.db, id);
      return u ? toIdentityUser(u) : undefined;
    },
    byEmail: async (email) => (await findUsersByEmail(deps.db, email)).map(toIdentityUser),
    account: async (id) => {
      const a = await findAccount(deps.db, id);
      return a ? { id: a.id, name: a.name, locale: a.locale, timeZone: a.timeZone, parentId: a.parentId } : undefined;
    },
    createCustomerUser: (input) => createUserForAccount(deps, input),
  };
}
/** What other contexts read of an account (the advisor's ports). */
export { canSeeFinances, isOwnerOf, type AccountRow } from './domain/account.js';
export { accountIdOrDefault, loadAccount, loadVisibleAccount } from './use-cases/load-account.js';
export { accountsAfter, accountSummaries } from './store/account-batches.js';
export { listContacts } from './store/account-store.js';
/** Phones, registered email, report recipients and contacts of an account (notifications, reports). */
export { accountContactPoints, type AccountContactPoints } from './use-cases/contact-points.js';
export { E164 } from './domain/profile.js';
/** An account row by id for system reads (undefined when there is none). */
export { findAccount as findAccountRow } from './store/account-store.js';
export { findAccounts as findAccountRows } from './store/account-rows.js';
export { tamContactOf, type TamContact } from './use-cases/tam-of.js';
export { pageAccountsOfTam } from './store/account-store.js';
/** Read by other contexts (issue 14: they import only this face). */
export {
  accountBatchSql,
  accountRangeSql,
  countAccountsCreatedBefore,
  custodySubsOf,
  hasCustodySubsSql,
  type AccountSummary,
} from './store/account-batches.js';
/** Account sets other stores put inside their own statements, as subqueries (the table itself stays private). */
export { accountAndSubsIds } from './store/account-scopes.js';
export { accountRowsAfter } from './store/account-batches.js';
export { findUser, listUsers } from './store/account-store.js';
/** R-TKT-4, R-SR-4: the staff user a ticket or service request may be assigned to (else VALIDATION_FAILED). */
export { loadAssignableStaff } from './use-cases/assignable-staff.js';
/** Account columns the subscriptions context changes with a plan (approval, sharing, no-reason refunds). */
export { countNoReasonRefund, markAccountApproved, setAccountSharing } from './store/account-store.js';
export { ZAccountOut } from './http/routes.js';
export { canSeeAccount, toAccountView } from './domain/account.js';
export { listSubAccounts } from './use-cases/list-accounts.js';
/** The composition root's own uses: the demo's accounts and users, the admin token's hash (src/app). */
export { createAccount } from './use-cases/create-account.js';
export { createAccountApiKey, createStaffUser } from './use-cases/manage-users.js';
export { hashSecret } from './use-cases/authenticate.js';
