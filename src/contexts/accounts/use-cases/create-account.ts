/**
 * R-ACC-1/2: create a customer account (root, or a sub of a master with a finance mode), its owner user and
 * contacts. Region and locale must be ones the catalog serves (Tianyi: mainland China, Chinese only).
 * New accounts start on the catalog's free default level (they have no subscription row until they buy).
 */
import { IANAZone } from 'luxon';
import type { Deps } from '../../../platform/deps.js';
import { inTransaction } from '../../../platform/deps.js';
import { DomainError, validationFailed, type ValidationIssue } from '../../../platform/errors.js';
import { isStaff, type Principal } from '../../../platform/http/principal.js';
import { newId } from '../../../platform/ids.js';
import { toAccountView, type FinanceMode } from '../domain/account.js';
import { contactIssues, dedupeEmails, normalizePhones, profileIssues } from '../domain/profile.js';
import { insertAccount, insertAudit, insertContact, insertUser } from '../store/account-store.js';
import { loadVisibleAccount } from './load-account.js';

export interface CreateAccountInput {
  name: string;
  email: string;
  region: string;
  timeZone: string;
  locale: string;
  parentId?: string | undefined;
  financeMode?: FinanceMode | undefined;
  /** The first report recipient (before reportRecipients existed); kept for callers that send it. */
  reportEmail?: string | undefined;
  reportRecipients?: string[] | undefined;
  phones?: string[] | undefined;
  contacts?:
    { name: string; email?: string | undefined; phone?: string | undefined; role?: string | undefined }[] | undefined;
}

export async function createAccount(deps: Deps, principal: Principal, input: CreateAccountInput) {
  if (principal.role !== 'provider_admin' && principal.role !== 'customer_owner') {
    throw new DomainError(
      'FORBIDDEN',
      { action: 'create_account' },
      'Only the provider admin or a master account owner creates accounts.',
    );
  }
  const issues: ValidationIssue[] = [];
  const catalog = deps.catalog;
  if (!catalog.region(input.region)) {
    issues.push({
      path: 'body.region',
      message: `${catalog.def.names['en-US']} serves regions ${catalog.def.regions.map((r) => r.id).join(', ')}`,
    });
  }
  if (!(catalog.def.locales as readonly string[]).includes(input.locale)) {
    issues.push({ path: 'body.locale', message: `this provider serves locales ${catalog.def.locales.join(', ')}` });
  }
  if (!IANAZone.isValidZone(input.timeZone))
    issues.push({ path: 'body.timeZone', message: 'an IANA time zone such as Asia/Shanghai' });
  if (input.parentId && !input.financeMode)
    issues.push({ path: 'body.financeMode', message: 'a sub account needs financeMode custody or independent' });
  if (!input.parentId && input.financeMode)
    issues.push({ path: 'body.financeMode', message: 'financeMode is for sub accounts (with parentId)' });
  if (!input.parentId && principal.role !== 'provider_admin') {
    throw new DomainError(
      'FORBIDDEN',
      { action: 'create_account' },
      'Customers may only create sub accounts of their own master account.',
    );
  }
  const phones = normalizePhones(input.phones ?? []);
  const contactRows = (input.contacts ?? []).map((c) => ({
    name: c.name,
    email: c.email ?? null,
    phone: c.phone == null ? null : (normalizePhones([c.phone])[0] ?? null),
    role: c.role ?? null,
  }));
  issues.push(...profileIssues({ phones }, catalog.def.locales));
  contactRows.forEach((c, i) =>
    issues.push(...contactIssues(c).map((x) => ({ ...x, path: x.path.replace('body.', `body.contacts.${i}.`) }))),
  );
  if (issues.length) throw validationFailed(issues);

  const now = deps.clock.now();
  return inTransaction(deps, async (tx) => {
    let tenantId: string;
    const id = newId('acc', now.getTime());
    if (input.parentId) {
      const parent = await loadVisibleAccount(tx, principal, input.parentId);
      if (!isStaff(principal) && principal.accountId !== parent.id)
        throw new DomainError('FORBIDDEN', { action: 'create_account' });
      if (parent.parentId)
        throw validationFailed([{ path: 'body.parentId', message: 'a sub account cannot have sub accounts' }]);
      tenantId = parent.tenantId;
    } else {
      tenantId = id;
    }
    const row = await insertAccount(tx, {
      id,
      tenantId,
      parentId: input.parentId ?? null,
      financeMode: input.financeMode ?? null,
      name: input.name,
      email: input.email,
      region: input.region,
      timeZone: input.timeZone,
      locale: input.locale,
      phones,
      reportRecipients: dedupeEmails([
        ...(input.reportEmail ? [input.reportEmail] : []),
        ...(input.reportRecipients ?? []),
      ]),
      createdAt: now,
      updatedAt: now,
    });
    const ownerId = newId('usr', now.getTime());
    await insertUser(tx, {
      id: ownerId,
      tenantId,
      accountId: id,
      name: input.name,
      email: input.email,
      role: 'customer_owner',
      createdAt: now,
    });
    for (const c of contactRows) {
      await insertContact(tx, {
        id: newId('con', now.getTime()),
        tenantId,
        accountId: id,
        ...c,
        createdAt: now,
        updatedAt: now,
      });
    }
    await insertAudit(tx, {
      tenantId,
      actor: principal.id,
      action: 'account.created',
      objectId: id,
      data: { parentId: input.parentId ?? null },
      at: now,
    });
    return { ...toAccountView(row), ownerUserId: ownerId };
  });
}
