/** Accounts (R-ACC): pure types, visibility and the API view. */
import { isStaff, type Principal } from '../../../domain/access/principal.js';

/** An account as stored, column for column (the store's rows are this type; store/account-store.ts checks it). */
export interface AccountRow {
  readonly id: string;
  /** The root customer account (R-ACC-2). */
  readonly tenantId: string;
  readonly parentId: string | null;
  /** A FinanceMode for sub accounts; null for a root account. */
  readonly financeMode: string | null;
  readonly name: string;
  readonly email: string;
  readonly region: string;
  readonly timeZone: string;
  readonly locale: string;
  readonly sharingEnabled: boolean;
  readonly approvedAt: Date | null;
  readonly tamUserId: string | null;
  readonly noReasonRefundsUsed: number;
  readonly reportRecipients: string[];
  readonly phones: string[];
  readonly createdAt: Date;
  readonly updatedAt: Date;
}
export type FinanceMode = 'custody' | 'independent';

/**
 * R-ACC-4: staff see every account; a customer sees the accounts of its own tenant that are its account or a sub
 * of it (a master sees its subs). Everything else does not exist for the caller (404, checked before any refusal).
 */
export function canSeeAccount(p: Principal, a: Pick<AccountRow, 'id' | 'tenantId' | 'parentId'>): boolean {
  if (isStaff(p)) return true;
  if (!p.tenantId || p.tenantId !== a.tenantId) return false;
  return a.id === p.accountId || a.parentId === p.accountId;
}

/**
 * R-ACC-2: an account's finances (bills) are its own, or its master's when the sub is in custody (财务托管); a master
 * does not see an independent sub's (财务独立) bills, although it sees the sub. Staff see every account's.
 */
export function canSeeFinances(
  p: Principal,
  a: Pick<AccountRow, 'id' | 'tenantId' | 'parentId' | 'financeMode'>,
): boolean {
  if (!canSeeAccount(p, a)) return false;
  if (isStaff(p) || a.id === p.accountId) return true;
  return a.parentId === p.accountId && a.financeMode === 'custody';
}

/** The customer's own account or its owner role over it (owners manage keys, users and orders). */
export function isOwnerOf(p: Principal, a: Pick<AccountRow, 'id' | 'parentId'>): boolean {
  return p.role === 'customer_owner' && (p.accountId === a.id || p.accountId === a.parentId);
}

export function toAccountView(a: AccountRow) {
  return {
    id: a.id,
    name: a.name,
    email: a.email,
    region: a.region,
    timeZone: a.timeZone,
    locale: a.locale,
    parentId: a.parentId,
    financeMode: a.financeMode as FinanceMode | null,
    sharingEnabled: a.sharingEnabled,
    approved: a.approvedAt !== null,
    tamUserId: a.tamUserId,
    phones: [...a.phones],
    reportRecipients: [...a.reportRecipients],
    updatedAt: a.updatedAt.toISOString(),
    createdAt: a.createdAt.toISOString(),
  };
}
export type AccountView = ReturnType<typeof toAccountView>;
