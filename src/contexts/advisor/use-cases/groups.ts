/**
 * 资源分组 (seed 000 §1.5.19): the customer groups resources by business (the owner manages groups; every user of
 * the account reads them); findings, the resource list and capacity filter by group. Members are the sender's
 * resource ids of the account's inventory; an id the account does not hold is VALIDATION_FAILED.
 */
import { inTransaction } from '../../../platform/deps.js';
import { DomainError, notFound, validationFailed } from '../../../platform/errors.js';
import type { Principal } from '../../../platform/http/principal.js';
import { pageInMemory, type TPageQuery } from '../../../platform/pagination.js';
import { newId } from '../../../platform/ids.js';
import type { AdvisorAccount, AdvisorDeps } from '../ports.js';
import { resourceLabels } from '../store/resource-store.js';
import {
  deleteGroup,
  findGroup,
  groupNameTaken,
  groupsOf,
  insertGroup,
  renameGroup,
  setGroupMembers,
} from '../store/settings-store.js';
import { ownedAccount, readableAccount } from './access.js';

export interface GroupInput {
  readonly name?: string | undefined;
  readonly resourceIds?: readonly string[] | undefined;
}

async function checkMembers(deps: AdvisorDeps, account: AdvisorAccount, ids: readonly string[]) {
  const known = await resourceLabels(deps.db, account.id, ids);
  const issues = ids.flatMap((id, i) =>
    known.has(id) ? [] : [{ path: `body.resourceIds.${i}`, message: 'no such resource in this account' }],
  );
  if (issues.length) throw validationFailed(issues);
}

async function checkName(deps: AdvisorDeps, account: AdvisorAccount, name: string, exceptId: string | null) {
  if (await groupNameTaken(deps.db, account.id, name, exceptId))
    throw new DomainError('INVALID_STATE', { name }, `A group named "${name}" exists already.`);
}

export async function listGroups(deps: AdvisorDeps, principal: Principal, accountId: string, query: TPageQuery) {
  const account = await readableAccount(deps, principal, accountId);
  return pageInMemory((await groupsOf(deps.db, account.id)).map(groupView), query);
}

const groupView = (g: { id: string; name: string; resourceIds: string[]; createdAt: Date }) => ({
  id: g.id,
  name: g.name,
  resourceIds: g.resourceIds,
  createdAt: g.createdAt.toISOString(),
});

async function viewOf(deps: AdvisorDeps, accountId: string, groupId: string) {
  const g = (await groupsOf(deps.db, accountId)).find((x) => x.id === groupId);
  if (!g) throw notFound('group', groupId);
  return groupView(g);
}

export async function createGroup(
  deps: AdvisorDeps,
  principal: Principal,
  accountId: string,
  input: { name: string; resourceIds?: readonly string[] | undefined },
) {
  const account = await ownedAccount(deps, principal, accountId);
  await checkName(deps, account, input.name, null);
  await checkMembers(deps, account, input.resourceIds ?? []);
  const now = deps.clock.now();
  const id = newId('grp', now.getTime());
  await inTransaction(
    deps,
    async (tx) => {
      await insertGroup(tx, {
        id,
        tenantId: account.tenantId,
        accountId: account.id,
        name: input.name,
        createdAt: now,
      });
      await setGroupMembers(tx, id, account.tenantId, input.resourceIds ?? []);
    },
    { keepsPlans: true },
  );
  return viewOf(deps, account.id, id);
}

export async function updateGroup(
  deps: AdvisorDeps,
  principal: Principal,
  accountId: string,
  groupId: string,
  input: GroupInput,
) {
  const account = await ownedAccount(deps, principal, accountId);
  if (!(await findGroup(deps.db, account.id, groupId))) throw notFound('group', groupId);
  if (input.name !== undefined) await checkName(deps, account, input.name, groupId);
  if (input.resourceIds) await checkMembers(deps, account, input.resourceIds);
  await inTransaction(
    deps,
    async (tx) => {
      if (input.name !== undefined) await renameGroup(tx, groupId, input.name);
      if (input.resourceIds) await setGroupMembers(tx, groupId, account.tenantId, input.resourceIds);
    },
    { keepsPlans: true },
  );
  return viewOf(deps, account.id, groupId);
}

export async function removeGroup(deps: AdvisorDeps, principal: Principal, accountId: string, groupId: string) {
  const account = await ownedAccount(deps, principal, accountId);
  if (!(await findGroup(deps.db, account.id, groupId))) throw notFound('group', groupId);
  await inTransaction(deps, (tx) => deleteGroup(tx, groupId), { keepsPlans: true });
  return { id: groupId, deleted: true };
}
