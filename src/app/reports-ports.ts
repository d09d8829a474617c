/**
 * The reports module's ports (contexts/reports/ports.ts), answered by the contexts that own the facts: accounts,
 * subscriptions (the effective level), calendars (holiday tables), tickets, service requests, the advisor, billing
 * (usage) and notifications (mail).
 */
import type { Catalog } from '../contexts/catalog/index.js';
import { accountsAfter, loadAccount, loadVisibleAccount, type AccountRow } from '../contexts/accounts/index.js';
import type { AdvisorReports } from '../contexts/advisor/index.js';
import { usageByMonth } from '../contexts/billing/index.js';
import type { CalendarService } from '../contexts/calendars/index.js';
import type { OutgoingMail } from '../contexts/notifications/index.js';
import type { ReportAccount, ReportsPorts } from '../contexts/reports/index.js';
import { deliveredRequests } from '../contexts/service-requests/index.js';
import { loadEffectivePlan } from '../contexts/subscriptions/index.js';
import { ticketsForReport } from '../contexts/tickets/index.js';
import type { OutboxEffect } from '../platform/outbox.js';

function toReportAccount(a: AccountRow): ReportAccount {
  return {
    id: a.id,
    tenantId: a.tenantId,
    name: a.name,
    email: a.email,
    // The addresses the customer asked reports to go to (PATCH /accounts `reportRecipients`).
    reportEmails: [...a.reportRecipients],
    region: a.region,
    timeZone: a.timeZone,
    locale: a.locale,
    createdAt: a.createdAt,
  };
}

export function reportsPorts(
  catalog: Catalog,
  calendars: CalendarService,
  advisor: AdvisorReports | null,
  mail: (m: OutgoingMail) => OutboxEffect,
): ReportsPorts {
  return {
    visibleAccount: async (db, principal, accountId) =>
      toReportAccount(await loadVisibleAccount(db, principal, accountId)),
    account: async (db, accountId) => {
      const a = await loadAccount(db, accountId).catch(() => null);
      return a ? toReportAccount(a) : null;
    },
    levelAt: async (db, accountId, at) => {
      const account = await loadAccount(db, accountId);
      const level = (await loadEffectivePlan(db, catalog, account, at)).level;
      if (!level) return { levelId: null, features: [] };
      const excluded = catalog.exclusionsFor(level, account.region);
      return {
        levelId: level.id,
        features: level.features.map((f) => f.id).filter((f) => !excluded.has(`feature:${f}`)),
      };
    },
    accountIdsAfter: async (db, afterId, createdBefore, limit) =>
      (await accountsAfter(db, afterId, createdBefore, limit)).map((a) => a.id),
    holidays: (country) => calendars.holidays(country),
    tickets: (db, tenantId, accountId, fromAt, toAt) => ticketsForReport(db, tenantId, accountId, fromAt, toAt),
    deliveredRequests: (db, accountId, fromAt, toAt) => deliveredRequests(db, accountId, fromAt, toAt),
    advisor,
    usageByMonth: (db, accountId, months) =>
      usageByMonth(db, accountId, months, catalog.def.subscription.excludedUsageCategories),
    mail,
  };
}
