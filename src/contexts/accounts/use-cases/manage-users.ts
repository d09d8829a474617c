/**
 * Users and API keys (R-ACC-4). Staff users (support engineers with a handler grade, TAMs, billing operators,
 * provider admins) are created by the admin; customer users by the admin or the account's owner. A new user gets
 * the password given, or a one-time link to set one (R-UI-1, through the identity context's credentials port).
 * A key's secret is shown once and stored only as an argon2 hash; keys are revocable, and revoking a key revokes
 * the keys it created (issue 11: a key never outlives its creator's revocation unseen; GET …/api-keys lists them).
 */
import type { Deps } from '../../../platform/deps.js';
import { inTransaction } from '../../../platform/deps.js';
import { DomainError, notFound, validationFailed } from '../../../platform/errors.js';
import {
  isStaff,
  PROVIDER_ROLES,
  STAFF_ROLES,
  CUSTOMER_ROLES,
  type Principal,
  type Role,
} from '../../../platform/http/principal.js';
import { authorize } from '../../../platform/http/authorize.js';
import { newId, randomToken } from '../../../platform/ids.js';
import { pageOf, type TPageQuery } from '../../../platform/pagination.js';

const pageWindow = (q: TPageQuery) => ({ offset: (q.page - 1) * q.pageSize, limit: q.pageSize });
import type { CredentialsPort } from '../../identity/index.js';
import { canSeeAccount, isOwnerOf } from '../domain/account.js';
import {
  insertAudit,
  type NewUser,
  type UserRow,
  findAccount,
  findActiveOwner,
  findApiKey,
  findUser,
  insertApiKey,
  insertUser,
  listApiKeys,
  pageStaffUsers,
  revokeKeyTree,
  updateUser,
} from '../store/account-store.js';
import { hashSecret, type TokenCache } from './authenticate.js';
import { loadVisibleAccount } from './load-account.js';

export interface UserDeps extends Deps {
  readonly tokenCache: TokenCache;
  readonly credentials: CredentialsPort;
}

export function toUserView(u: UserRow) {
  return {
    id: u.id,
    name: u.name,
    email: u.email,
    role: u.role as Role,
    grade: u.grade,
    accountId: u.accountId,
    createdAt: u.createdAt.toISOString(),
    disabled: u.disabledAt !== null,
  };
}

/** The user as the identity context sees it. */
export function toIdentityUser(u: UserRow) {
  return {
    id: u.id,
    name: u.name,
    email: u.email,
    role: u.role,
    grade: u.grade,
    tenantId: u.tenantId,
    accountId: u.accountId,
    disabled: u.disabledAt !== null,
  };
}

function requireAdmin(p: Principal): void {
  authorize(p, 'staff.manage_users');
}

function checkGrade(deps: Deps, role: string, grade: string | null | undefined): void {
  if (grade != null && !deps.catalog.def.handlers.some((h) => h.id === grade)) {
    throw validationFailed([
      {
        path: 'body.grade',
        message: `one of the catalog's handlers: ${deps.catalog.def.handlers.map((h) => h.id).join(', ')}`,
      },
    ]);
  }
  if (role === 'support_engineer' && grade == null)
    throw validationFailed([{ path: 'body.grade', message: 'a support engineer needs a handler grade' }]);
}

/** Inserts the user and provisions its password (or its set-password link) in one transaction. */
async function insertWithCredentials(
  deps: Deps & { credentials: CredentialsPort },
  principal: Principal,
  row: NewUser,
  password: string | undefined,
  locale: string,
) {
  const passwordHash = password === undefined ? null : await deps.credentials.hash(password);
  // issue 13: EMAIL_TAKEN only tells the admin, or about the caller's own tenant's users; an email another tenant's
  // user (or staff) signs in with gets the same answer as a free one, and no sign-in (the address is told).
  const holder = principal.role === 'provider_admin' ? null : await deps.credentials.emailHolder(row.email);
  const withhold = holder !== null && holder.tenantId !== principal.tenantId;
  return inTransaction(
    deps,
    async (tx) => {
      const user = await insertUser(tx, row);
      const credentials = await deps.credentials.provision(tx, toIdentityUser(user), {
        passwordHash,
        locale,
        withhold,
      });
      return {
        ...toUserView(user),
        passwordSet: credentials.passwordSet,
        passwordLinkExpiresAt: credentials.linkExpiresAt,
      };
    },
    { keepsPlans: true },
  );
}

export async function createStaffUser(
  deps: Deps & { credentials: CredentialsPort },
  principal: Principal,
  input: { name: string; email: string; role: Role; grade?: string | undefined; password?: string | undefined },
) {
  requireAdmin(principal);
  if (!(PROVIDER_ROLES as readonly string[]).includes(input.role))
    throw validationFailed([{ path: 'body.role', message: `one of ${PROVIDER_ROLES.join(', ')}` }]);
  checkGrade(deps, input.role, input.grade);
  const now = deps.clock.now();
  return insertWithCredentials(
    deps,
    principal,
    {
      id: newId('usr', now.getTime()),
      tenantId: null,
      accountId: null,
      name: input.name,
      email: input.email,
      role: input.role,
      grade: input.grade ?? null,
      createdAt: now,
    },
    input.password,
    deps.catalog.def.locales[0]!,
  );
}

export async function createCustomerUser(
  deps: Deps & { credentials: CredentialsPort },
  principal: Principal,
  accountId: string,
  input: { name: string; email: string; role: 'customer_owner' | 'customer_member'; password?: string | undefined },
) {
  const account = await loadVisibleAccount(deps.db, principal, accountId);
  if (principal.role !== 'provider_admin' && !isOwnerOf(principal, account))
    throw new DomainError('FORBIDDEN', { requiredRole: 'customer_owner' });
  const now = deps.clock.now();
  return insertWithCredentials(
    deps,
    principal,
    {
      id: newId('usr', now.getTime()),
      tenantId: account.tenantId,
      accountId: account.id,
      name: input.name,
      email: input.email,
      role: input.role,
      createdAt: now,
    },
    input.password,
    account.locale,
  );
}

/**
 * A user of a known account, created by the system (OpenID Connect sign-up per the documented claim rule).
 * No password: the user signs in through the identity provider.
 */
export async function createUserForAccount(
  deps: Deps,
  input: { accountId: string; name: string; email: string; role: 'customer_owner' | 'customer_member' },
) {
  const account = await findAccount(deps.db, input.accountId);
  if (!account) return undefined;
  const now = deps.clock.now();
  const user = await insertUser(deps.db, {
    id: newId('usr', now.getTime()),
    tenantId: account.tenantId,
    accountId: account.id,
    name: input.name,
    email: input.email,
    role: input.role,
    createdAt: now,
  });
  return toIdentityUser(user);
}

/** Who may change a user: the admin anyone; a customer owner the users of accounts it owns (not itself). */
async function loadManagedUser(deps: Deps, principal: Principal, userId: string): Promise<UserRow> {
  const user = await findUser(deps.db, userId);
  if (!user) throw notFound('user', userId);
  if (principal.role === 'provider_admin') return user;
  if (isStaff(principal) || user.tenantId === null || user.tenantId !== principal.tenantId)
    throw notFound('user', userId);
  const account = await findAccount(deps.db, user.accountId!);
  if (!account) throw notFound('user', userId);
  await loadVisibleAccount(deps.db, principal, account.id).catch(() => {
    throw notFound('user', userId);
  });
  if (!isOwnerOf(principal, account)) throw new DomainError('FORBIDDEN', { requiredRole: 'customer_owner' });
  return user;
}

/**
 * Changes a user's role, grade, name or disables/re-enables it. The token caches of every process forget the
 * user at once (issue 11); a disabled user's sessions and keys stop working on the next request.
 */
export async function updateUserAccess(
  deps: UserDeps,
  principal: Principal,
  userId: string,
  input: {
    name?: string | undefined;
    role?: Role | undefined;
    grade?: string | null | undefined;
    disabled?: boolean | undefined;
  },
) {
  const user = await loadManagedUser(deps, principal, userId);
  if (user.id === principal.id && (input.disabled === true || input.role !== undefined))
    throw new DomainError('FORBIDDEN', { userId }, 'You may not disable yourself or change your own role.');
  const roles: readonly string[] = user.tenantId === null ? STAFF_ROLES : CUSTOMER_ROLES;
  if (input.role !== undefined && !roles.includes(input.role))
    throw validationFailed([{ path: 'body.role', message: `one of ${roles.join(', ')}` }]);
  const role = input.role ?? user.role;
  const grade = input.grade !== undefined ? input.grade : role === 'support_engineer' ? user.grade : null;
  if (user.tenantId !== null && grade != null)
    throw validationFailed([{ path: 'body.grade', message: 'only support engineers have a grade' }]);
  checkGrade(deps, role, grade);
  const now = deps.clock.now();
  const updated = await inTransaction(
    deps,
    async (tx) => {
      const row = await updateUser(tx, user.id, {
        ...(input.name !== undefined ? { name: input.name } : {}),
        role,
        grade: role === 'support_engineer' ? grade : null,
        ...(input.disabled !== undefined ? { disabledAt: input.disabled ? (user.disabledAt ?? now) : null } : {}),
      });
      await insertAudit(tx, {
        tenantId: user.tenantId,
        actor: principal.id,
        action: 'user.updated',
        objectId: user.id,
        data: { role, grade, disabled: input.disabled ?? user.disabledAt !== null },
        at: now,
      });
      await deps.tokenCache.announce(tx);
      return row!;
    },
    { keepsPlans: true },
  );
  deps.tokenCache.dropUser(user.id);
  return toUserView(updated);
}

/** Shown once: `{ id, token }`; only the argon2 hash of the secret is stored. */
async function issueKey(deps: Deps, principal: Principal, user: UserRow, name: string | null) {
  const now = deps.clock.now();
  const id = newId('key', now.getTime());
  const secret = randomToken(24);
  const hash = await hashSecret(secret);
  await inTransaction(
    deps,
    async (tx) => {
      await insertApiKey(tx, {
        id,
        tenantId: user.tenantId,
        userId: user.id,
        name,
        hash,
        createdAt: now,
        createdByKeyId: principal.keyId,
        createdBy: principal.id,
      });
      await insertAudit(tx, {
        tenantId: user.tenantId,
        actor: principal.id,
        action: 'api_key.created',
        objectId: id,
        data: { userId: user.id, createdByKeyId: principal.keyId },
        at: now,
      });
    },
    { keepsPlans: true },
  );
  return {
    id,
    token: `${id}.${secret}`,
    userId: user.id,
    role: user.role as Role,
    name,
    createdAt: now.toISOString(),
    createdByKeyId: principal.keyId,
  };
}

export async function createAccountApiKey(
  deps: Deps,
  principal: Principal,
  accountId: string,
  input: { userId?: string | undefined; name?: string | undefined },
) {
  const account = await loadVisibleAccount(deps.db, principal, accountId);
  if (principal.role !== 'provider_admin' && !isOwnerOf(principal, account))
    throw new DomainError('FORBIDDEN', { requiredRole: 'customer_owner' });
  let user: UserRow | undefined;
  if (input.userId) {
    user = await findUser(deps.db, input.userId);
    if (!user || user.accountId !== account.id) throw notFound('user', input.userId);
  } else {
    user = await findActiveOwner(deps.db, account.tenantId, account.id);
    if (!user) throw new DomainError('INVALID_STATE', { accountId }, 'The account has no active owner user.');
  }
  if (user.disabledAt) throw new DomainError('INVALID_STATE', { userId: user.id }, 'The user is disabled.');
  return issueKey(deps, principal, user, input.name ?? null);
}

export async function createStaffApiKey(
  deps: Deps,
  principal: Principal,
  userId: string,
  input: { name?: string | undefined },
) {
  // A provider user is not visible to customers (NOT_FOUND), and only the admin gives it keys.
  const user = await findUser(deps.db, userId);
  if (!user || user.tenantId !== null || !isStaff(principal)) throw notFound('user', userId);
  requireAdmin(principal);
  return issueKey(deps, principal, user, input.name ?? null);
}

type KeyListRow = Awaited<ReturnType<typeof listApiKeys>>['rows'][number];
function toKeyView(r: KeyListRow) {
  return {
    id: r.key.id,
    name: r.key.name,
    userId: r.key.userId,
    role: r.user.role as Role,
    createdAt: r.key.createdAt.toISOString(),
    createdBy: r.key.createdBy,
    createdByKeyId: r.key.createdByKeyId,
    lastUsedAt: r.key.lastUsedAt?.toISOString() ?? null,
    revokedAt: r.key.revokedAt?.toISOString() ?? null,
  };
}

/** The keys of an account's users, without secrets (admin or the account's owner). */
export async function listAccountApiKeys(deps: Deps, principal: Principal, accountId: string, query: TPageQuery) {
  const account = await loadVisibleAccount(deps.db, principal, accountId);
  if (principal.role !== 'provider_admin' && !isOwnerOf(principal, account))
    throw new DomainError('FORBIDDEN', { requiredRole: 'customer_owner' });
  const { rows, total } = await listApiKeys(
    deps.db,
    { tenantId: account.tenantId, accountId: account.id },
    pageWindow(query),
  );
  return pageOf(rows.map(toKeyView), query, total);
}

/**
 * Issue 13: the staff directory — the provider's staff users (no integration users), by name, `roles` among the staff
 * roles (all of them when left out). Staff who assign a TAM or a ticket pick from it; customers are FORBIDDEN.
 */
export async function listStaffUsers(
  deps: Deps,
  principal: Principal,
  query: TPageQuery & { role?: readonly (typeof STAFF_ROLES)[number][] | undefined },
) {
  authorize(principal, 'staff.read_directory');
  const roles = query.role?.length ? query.role : STAFF_ROLES;
  const { offset, limit } = pageWindow(query);
  const { rows, total } = await pageStaffUsers(deps.db, roles, offset, limit);
  return pageOf(
    rows.map((u) => ({
      id: u.id,
      name: u.name,
      email: u.email,
      role: u.role as (typeof STAFF_ROLES)[number],
      grade: u.grade,
      disabled: u.disabledAt !== null,
    })),
    query,
    total,
  );
}

/** A user's keys, without secrets: the admin, the user itself, or the owner of the user's account. */
export async function listUserApiKeys(deps: Deps, principal: Principal, userId: string, query: TPageQuery) {
  if (principal.id !== userId) await loadManagedUser(deps, principal, userId);
  const { rows, total } = await listApiKeys(deps.db, { userId }, pageWindow(query));
  return pageOf(rows.map(toKeyView), query, total);
}

export async function revokeApiKey(deps: Deps & { tokenCache: TokenCache }, principal: Principal, keyId: string) {
  const key = await findApiKey(deps.db, keyId);
  if (!key) throw notFound('apiKey', keyId);
  if (principal.role !== 'provider_admin' && key.userId !== principal.id) {
    // Issue 11 (R-ACC-4): a key is visible with its user's account — a customer sees the keys of its own account's
    // users (a master also its subs'), never a master's or a sibling sub's; staff other than the admin only their
    // own. Then only the owner of that account revokes another user's key.
    const user = isStaff(principal) ? undefined : await findUser(deps.db, key.userId);
    const account = user?.accountId ? await findAccount(deps.db, user.accountId) : undefined;
    if (!account || !canSeeAccount(principal, account)) throw notFound('apiKey', keyId);
    authorize(principal, 'account.manage_keys');
    if (!isOwnerOf(principal, account)) throw new DomainError('FORBIDDEN', { requiredRole: 'customer_owner' });
  }
  if (key.revokedAt)
    throw new DomainError(
      'INVALID_STATE',
      { apiKeyId: keyId, revokedAt: key.revokedAt.toISOString() },
      'The key is already revoked.',
    );
  const now = deps.clock.now();
  const revoked = await inTransaction(
    deps,
    async (tx) => {
      const ids = await revokeKeyTree(tx, keyId, now);
      await insertAudit(tx, {
        tenantId: key.tenantId,
        actor: principal.id,
        action: 'api_key.revoked',
        objectId: keyId,
        data: { alsoRevoked: ids.filter((id) => id !== keyId) },
        at: now,
      });
      await deps.tokenCache.announce(tx);
      return ids;
    },
    { keepsPlans: true },
  );
  deps.tokenCache.dropKeys(revoked);
  return { id: keyId, revokedAt: now.toISOString(), alsoRevoked: revoked.filter((id) => id !== keyId) };
}
