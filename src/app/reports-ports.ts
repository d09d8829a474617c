/**
 * The reports module's ports (contexts/reports/ports.ts), answered by the contexts that own the facts: accounts,
 * subscriptions (the effective level), calendars (holiday tables), tickets, service requests, the advisor, billing
 * (usage) and notifications (mail).
 */
import type { Catalog } from '../contexts/catalog/index.js';
import {
  accountsAfter,
  findAccountRows,
  loadAccount,
  loadVisibleAccount,
  type AccountRow,
} from '../contexts/accounts/index.js';
import type { AdvisorReports } from '../contexts/advisor/index.js';
import { usageByMonth, usageByMonthOf } from '../contexts/billing/index.js';
import type { CalendarService } from '../contexts/calendars/index.js';
import type { OutgoingMail } from '../contexts/notifications/index.js';
import type { ReportAccount, ReportLevel, ReportsPorts } from '../contexts/reports/index.js';
import { deliveredRequests, deliveredRequestsOf } from '../contexts/service-requests/index.js';
import { loadEffectivePlan, loadEffectivePlans, type EffectivePlan } from '../contexts/subscriptions/index.js';
import { ticketsForReport, ticketsForReports } from '../contexts/tickets/index.js';
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

function levelOf(catalog: Catalog, account: AccountRow, plan: EffectivePlan): ReportLevel {
  const level = plan.level;
  if (!level) return { levelId: null, features: [] };
  const excluded = catalog.exclusionsFor(level, account.region);
  return {
    levelId: level.id,
    features: level.features.map((f) => f.id).filter((f) => !excluded.has(`feature:${f}`)),
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
      return levelOf(catalog, account, await loadEffectivePlan(db, catalog, account, at));
    },
    accounts: async (db, accountIds) =>
      new Map((await findAccountRows(db, accountIds)).map((a) => [a.id, toReportAccount(a)])),
    levelsAt: async (db, accountIds, at) => {
      const rows = await findAccountRows(db, accountIds);
      const plans = await loadEffectivePlans(db, catalog, rows, at);
      return new Map(rows.map((a) => [a.id, levelOf(catalog, a, plans.get(a.id)!)]));
    },
    accountIdsAfter: async (db, afterId, createdBefore, limit) =>
      (await accountsAfter(db, afterId, createdBefore, limit)).map((a) => a.id),
    holidays: (country) => calendars.holidays(country),
    tickets: (db, tenantId, accountId, fromAt, toAt) => ticketsForReport(db, tenantId, accountId, fromAt, toAt),
    deliveredRequests: (db, accountId, fromAt, toAt) => deliveredRequests(db, accountId, fromAt, toAt),
    ticketsOf: (db, accounts, fromAt, toAt) => ticketsForReports(db, accounts, fromAt, toAt),
    deliveredRequestsOf: (db, accountIds, fromAt, toAt) => deliveredRequestsOf(db, accountIds, fromAt, toAt),
    advisor,
    usageByMonth: (db, accountId, months) =>
      usageByMonth(db, accountId, months, catalog.def.subscription.excludedUsageCategories),
    usageByMonthOf: (db, accountIds, months) =>
      usageByMonthOf(db, accountIds, months, catalog.def.subscription.excludedUsageCategories),
    mail,
  };
}
