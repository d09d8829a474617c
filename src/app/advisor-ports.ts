/**
 * The advisor's ports (contexts/advisor/ports.ts), answered by the contexts that own the facts: accounts
 * (visibility, ownership, contacts), subscriptions (the effective level), service requests (the baseline checks'
 * facts) and notifications (the results notice).
 */
import type { Db } from '../platform/db.js';
import type { Catalog } from '../contexts/catalog/index.js';
import type { AdvisorAccount, AdvisorPorts } from '../contexts/advisor/index.js';
import {
  accountSummaries,
  isOwnerOf,
  listContacts,
  loadAccount,
  loadVisibleAccount,
  type AccountRow,
} from '../contexts/accounts/index.js';
import { loadEffectivePlan } from '../contexts/subscriptions/index.js';
import { liveRequestFacts } from '../contexts/service-requests/index.js';
import type { Notifier } from '../contexts/notifications/index.js';

export function advisorPorts(catalog: Catalog, notifier: Notifier): AdvisorPorts {
  const withLevel = async (db: Db, account: AccountRow, now: Date): Promise<AdvisorAccount> => {
    const plan = await loadEffectivePlan(db, catalog, account, now);
    const level = plan.level;
    const excluded = level ? catalog.exclusionsFor(level, account.region) : new Set<string>();
    return {
      id: account.id,
      tenantId: account.tenantId,
      parentId: account.parentId,
      name: account.name,
      email: account.email,
      region: account.region,
      timeZone: account.timeZone,
      locale: account.locale,
      levelId: level?.id ?? null,
      levelFeatures: (level?.features ?? []).map((f) => f.id).filter((f) => !excluded.has(`feature:${f}`)),
    };
  };
  return {
    visibleAccount: async (db, principal, accountId, now) =>
      withLevel(db, await loadVisibleAccount(db, principal, accountId), now),
    account: async (db, accountId, now) => {
      const account = await loadAccount(db, accountId).catch(() => null);
      return account ? withLevel(db, account, now) : null;
    },
    tenantsOf: async (db, ids) => new Map((await accountSummaries(db, [...ids])).map((a) => [a.id, a.tenantId])),
    isOwner: (principal, account) => isOwnerOf(principal, account),
    contactCount: async (db, account) => (await listContacts(db, account.tenantId, account.id)).length,
    serviceRequestFacts: (db, accountId) => liveRequestFacts(db, accountId),
    // R-OA-2: results are mailed and put in the message center whatever other channels the level has (no level:
    // the notification policy's message center plus the catalog's email channel).
    notice: (n) =>
      notifier.customer({
        account: {
          id: n.account.id,
          tenantId: n.account.tenantId,
          email: n.to,
          region: n.account.region,
          locale: n.account.locale,
        },
        level: null,
        kind: n.kind,
        dedupeKey: n.dedupeKey,
        title: n.title,
        body: n.body,
        data: n.data,
      }),
  };
}
