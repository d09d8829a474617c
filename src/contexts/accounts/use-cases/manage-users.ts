/**
 * Users and API keys (R-ACC-4). Staff users (support engineers with a handler grade, TAMs, billing operators,
 * provider admins) are created by the admin; customer users by the admin or the account's owner.
 * A key's secret is shown once and stored only as an argon2 hash; keys are revocable.
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { Deps } from '../../../platform/deps.js';
import { inTransaction } from '../../../platform/deps.js';
import { DomainError, notFound, validationFailed } from '../../../platform/errors.js';
import { isStaff, STAFF_ROLES, type Principal, type Role } from '../../../platform/http/principal.js';
import { newId, randomToken } from '../../../platform/ids.js';
import { auditEvents } from '../../../platform/store/tables.js';
import { isOwnerOf } from '../domain/account.js';
import { apiKeys, users } from '../store/tables.js';
import { findApiKey, findUser } from '../store/account-store.js';
import { hashSecret, signSession, type TokenCache } from './authenticate.js';
import { loadVisibleAccount } from './load-account.js';

type UserRow = typeof users.$inferSelect;

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

function requireAdmin(p: Principal): void {
  if (p.role !== 'provider_admin') throw new DomainError('FORBIDDEN', { requiredRole: 'provider_admin' });
}

export async function createStaffUser(
  deps: Deps,
  principal: Principal,
  input: { name: string; email: string; role: Role; grade?: string | undefined },
) {
  requireAdmin(principal);
  if (!(STAFF_ROLES as readonly string[]).includes(input.role))
    throw validationFailed([{ path: 'body.role', message: `one of ${STAFF_ROLES.join(', ')}` }]);
  if (input.grade !== undefined && !deps.catalog.def.handlers.some((h) => h.id === input.grade)) {
    throw validationFailed([
      {
        path: 'body.grade',
        message: `one of the catalog's handlers: ${deps.catalog.def.handlers.map((h) => h.id).join(', ')}`,
      },
    ]);
  }
  if (input.role === 'support_engineer' && input.grade === undefined)
    throw validationFailed([{ path: 'body.grade', message: 'a support engineer needs a handler grade' }]);
  const now = deps.clock.now();
  const [row] = await deps.db
    .insert(users)
    .values({
      id: newId('usr', now.getTime()),
      tenantId: null,
      accountId: null,
      name: input.name,
      email: input.email,
      role: input.role,
      grade: input.grade ?? null,
      createdAt: now,
    })
    .returning();
  return toUserView(row!);
}

export async function createCustomerUser(
  deps: Deps,
  principal: Principal,
  accountId: string,
  input: { name: string; email: string; role: 'customer_owner' | 'customer_member' },
) {
  const account = await loadVisibleAccount(deps.db, principal, accountId);
  if (principal.role !== 'provider_admin' && !isOwnerOf(principal, account))
    throw new DomainError('FORBIDDEN', { requiredRole: 'customer_owner' });
  const now = deps.clock.now();
  const [row] = await deps.db
    .insert(users)
    .values({
      id: newId('usr', now.getTime()),
      tenantId: account.tenantId,
      accountId: account.id,
      name: input.name,
      email: input.email,
      role: input.role,
      createdAt: now,
    })
    .returning();
  return toUserView(row!);
}

/** Shown once: `{ id, token }`; only the argon2 hash of the secret is stored. */
async function issueKey(deps: Deps, principal: Principal, user: UserRow, name: string | null) {
  const now = deps.clock.now();
  const id = newId('key', now.getTime());
  const secret = randomToken(24);
  const hash = await hashSecret(secret);
  await inTransaction(deps, async (tx) => {
    await tx.insert(apiKeys).values({ id, tenantId: user.tenantId, userId: user.id, name, hash, createdAt: now });
    await tx.insert(auditEvents).values({
      tenantId: user.tenantId,
      actor: principal.id,
      action: 'api_key.created',
      objectId: id,
      data: { userId: user.id },
      at: now,
    });
  });
  return { id, token: `${id}.${secret}`, userId: user.id, role: user.role as Role, name, createdAt: now.toISOString() };
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
    [user] = await deps.db
      .select()
      .from(users)
      .where(
        and(
          eq(users.tenantId, account.tenantId),
          eq(users.accountId, account.id),
          eq(users.role, 'customer_owner'),
          isNull(users.disabledAt),
        ),
      )
      .orderBy(users.id)
      .limit(1);
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
  requireAdmin(principal);
  const user = await findUser(deps.db, userId);
  if (!user || user.tenantId !== null) throw notFound('user', userId);
  return issueKey(deps, principal, user, input.name ?? null);
}

export async function revokeApiKey(deps: Deps & { tokenCache: TokenCache }, principal: Principal, keyId: string) {
  const key = await findApiKey(deps.db, keyId);
  if (!key) throw notFound('apiKey', keyId);
  if (principal.role !== 'provider_admin') {
    // Customers revoke their tenant's keys (owners) or their own; staff other than the admin only their own.
    const own = key.userId === principal.id;
    const ownerOfTenant =
      principal.role === 'customer_owner' && key.tenantId !== null && key.tenantId === principal.tenantId;
    if (isStaff(principal) ? !own : key.tenantId !== principal.tenantId) throw notFound('apiKey', keyId);
    if (!own && !ownerOfTenant) throw new DomainError('FORBIDDEN', { requiredRole: 'customer_owner' });
  }
  if (key.revokedAt)
    throw new DomainError(
      'INVALID_STATE',
      { apiKeyId: keyId, revokedAt: key.revokedAt.toISOString() },
      'The key is already revoked.',
    );
  const now = deps.clock.now();
  await inTransaction(deps, async (tx) => {
    await tx.update(apiKeys).set({ revokedAt: now }).where(eq(apiKeys.id, keyId));
    await tx.insert(auditEvents).values({
      tenantId: key.tenantId,
      actor: principal.id,
      action: 'api_key.revoked',
      objectId: keyId,
      data: {},
      at: now,
    });
  });
  deps.tokenCache.dropKey(keyId);
  return { id: keyId, revokedAt: now.toISOString() };
}

/**
 * A console session for a user (R-TKT-6: console sessions are not limited by the ticket_api entitlement).
 * Issued by the provider admin — the hook for the provider's own login / SSO integration.
 */
export async function createSession(deps: Deps & { sessionKey: Uint8Array }, principal: Principal, userId: string) {
  requireAdmin(principal);
  const user = await findUser(deps.db, userId);
  if (!user) throw notFound('user', userId);
  if (user.disabledAt) throw new DomainError('INVALID_STATE', { userId }, 'The user is disabled.');
  const { token, expiresAt } = await signSession(deps.sessionKey, user, Math.floor(Date.now() / 1000));
  return { token, userId: user.id, role: user.role as Role, expiresAt: expiresAt.toISOString() };
}
