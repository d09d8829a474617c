/**
 * R-ACC-1 (seed 000 §1.5.4 "所有支持计划无联系人限制"): an account has any number of contacts, kept as their own
 * list. The admin or the account's owner adds, changes and removes them; every change is audited on the account
 * (who, when, before/after). Anyone who sees the account reads them.
 */
import type { Deps } from '../../../platform/deps.js';
import { inTransaction } from '../../../platform/deps.js';
import { notFound, validationFailed } from '../../../platform/errors.js';
import type { Principal } from '../../../platform/http/principal.js';
import { newId } from '../../../platform/ids.js';
import { pageOf, type TPageQuery } from '../../../platform/pagination.js';
import { contactChanges, contactIssues, normalizePhones, type ContactFields } from '../domain/profile.js';
import {
  deleteContact,
  findContact,
  insertAudit,
  insertContact,
  pageContacts,
  updateContact,
  type ContactRow,
} from '../store/account-store.js';
import { loadVisibleAccount } from './load-account.js';
import { assertCanManageAccount } from './update-account.js';

export interface ContactInput {
  name?: string | undefined;
  email?: string | null | undefined;
  phone?: string | null | undefined;
  role?: string | null | undefined;
}

export function toContactView(c: ContactRow) {
  return {
    id: c.id,
    name: c.name,
    email: c.email,
    phone: c.phone,
    role: c.role,
    createdAt: c.createdAt.toISOString(),
    updatedAt: (c.updatedAt ?? c.createdAt).toISOString(),
  };
}

const fieldsOf = (c: ContactFields): ContactFields => ({ name: c.name, email: c.email, phone: c.phone, role: c.role });
const normalPhone = (p: string | null | undefined) => (p == null ? p : (normalizePhones([p])[0] ?? null));

export async function listAccountContacts(deps: Deps, principal: Principal, accountId: string, query: TPageQuery) {
  const account = await loadVisibleAccount(deps.db, principal, accountId);
  const offset = (query.page - 1) * query.pageSize;
  const { rows, total } = await pageContacts(deps.db, account.tenantId, account.id, offset, query.pageSize);
  return pageOf(rows.map(toContactView), query, total);
}

export async function addContact(
  deps: Deps,
  principal: Principal,
  accountId: string,
  input: ContactInput & { name: string },
) {
  const now = deps.clock.now();
  return inTransaction(deps, async (tx) => {
    const account = await loadVisibleAccount(tx, principal, accountId, { forUpdate: true });
    assertCanManageAccount(principal, account, 'add_contact');
    const fields: ContactFields = {
      name: input.name,
      email: input.email ?? null,
      phone: normalPhone(input.phone) ?? null,
      role: input.role ?? null,
    };
    const issues = contactIssues(fields);
    if (issues.length) throw validationFailed(issues);
    const row = await insertContact(tx, {
      id: newId('con', now.getTime()),
      tenantId: account.tenantId,
      accountId: account.id,
      ...fields,
      createdAt: now,
      updatedAt: now,
    });
    await insertAudit(tx, {
      tenantId: account.tenantId,
      actor: principal.id,
      action: 'contact.added',
      objectId: account.id,
      data: { contactId: row.id, before: {}, after: fields },
      at: now,
    });
    return toContactView(row);
  });
}

export async function changeContact(
  deps: Deps,
  principal: Principal,
  accountId: string,
  contactId: string,
  input: ContactInput,
) {
  const now = deps.clock.now();
  return inTransaction(deps, async (tx) => {
    const account = await loadVisibleAccount(tx, principal, accountId, { forUpdate: true });
    const contact = await findContact(tx, account.tenantId, account.id, contactId, true);
    if (!contact) throw notFound('contact', contactId);
    assertCanManageAccount(principal, account, 'change_contact');
    const before = fieldsOf(contact);
    const next: ContactFields = {
      name: input.name ?? before.name,
      email: input.email === undefined ? before.email : input.email,
      phone: input.phone === undefined ? before.phone : normalPhone(input.phone)!,
      role: input.role === undefined ? before.role : input.role,
    };
    const issues = input.phone === undefined ? [] : contactIssues(next);
    if (issues.length) throw validationFailed(issues);
    const diff = contactChanges(before, next);
    if (!Object.keys(diff.after).length) return toContactView(contact);
    const row = await updateContact(tx, contact.id, { ...next, updatedAt: now });
    await insertAudit(tx, {
      tenantId: account.tenantId,
      actor: principal.id,
      action: 'contact.changed',
      objectId: account.id,
      data: { contactId: contact.id, ...diff },
      at: now,
    });
    return toContactView(row);
  });
}

export async function removeContact(deps: Deps, principal: Principal, accountId: string, contactId: string) {
  const now = deps.clock.now();
  return inTransaction(deps, async (tx) => {
    const account = await loadVisibleAccount(tx, principal, accountId, { forUpdate: true });
    const contact = await findContact(tx, account.tenantId, account.id, contactId, true);
    if (!contact) throw notFound('contact', contactId);
    assertCanManageAccount(principal, account, 'remove_contact');
    await deleteContact(tx, contact.id);
    await insertAudit(tx, {
      tenantId: account.tenantId,
      actor: principal.id,
      action: 'contact.removed',
      objectId: account.id,
      data: { contactId: contact.id, before: fieldsOf(contact), after: {} },
      at: now,
    });
    return { ...toContactView(contact), removed: true as const };
  });
}
