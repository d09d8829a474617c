/**
 * Reading and regenerating reports (R-RPT-2): a customer reads its own accounts' reports (another tenant's report,
 * or account, is NOT_FOUND before anything else), staff read every account's and regenerate a month (a new
 * version; the old ones are kept), and staff see the schedule: which reports are due, sent or failed.
 */
import { DomainError, notFound } from '../../../platform/errors.js';
import type { Principal } from '../../../platform/http/principal.js';
import { isStaff } from '../../../platform/http/principal.js';
import { pageOf, type TPageQuery } from '../../../platform/pagination.js';
import { monthBounds } from '../domain/schedule.js';
import type { Section } from '../domain/sections.js';
import type { ReportsDeps } from '../ports.js';
import type { PdfRenderer } from '../render/pdf.js';
import {
  countsByStatus,
  findReport,
  findSchedule,
  insertSchedules,
  listAccountReports,
  listSchedules,
  schedulesOf,
  updateSchedule,
  type ReportRow,
  type ScheduleRow,
} from '../store/report-store.js';
import { prepareReport, storeReport, type ReportsRuntime } from './generate-report.js';
import { deliverEffect, dueOf } from './schedule.js';

const REGENERATE_ROLES = ['provider_admin', 'support_engineer', 'tam'];

function requireReports(deps: ReportsDeps) {
  if (!deps.catalog.def.reports)
    throw new DomainError(
      'NOT_ENTITLED',
      { entitlement: 'feature:monthly_report' },
      'This provider offers no monthly service report.',
    );
}

export function scheduleView(s: ScheduleRow) {
  return {
    accountId: s.accountId,
    month: s.month,
    dueDate: s.dueDate,
    sendAt: s.sendAt.toISOString(),
    status: s.status as 'scheduled' | 'generated' | 'sent' | 'failed',
    reportId: s.reportId,
    recipients: s.recipients as string[],
    sentAt: s.sentAt?.toISOString() ?? null,
    error: s.error,
  };
}

export async function listReports(deps: ReportsDeps, principal: Principal, accountId: string, query: TPageQuery) {
  const account = await deps.ports.visibleAccount(deps.db, principal, accountId);
  requireReports(deps);
  const rows = await listAccountReports(deps.db, account.tenantId, account.id);
  const schedules = new Map(
    (await schedulesOf(deps.db, account.id, [...new Set(rows.map((r) => r.month))])).map((s) => [s.month, s]),
  );
  const items = rows.map((r) => {
    const s = schedules.get(r.month);
    return {
      id: r.id,
      accountId: r.accountId,
      month: r.month,
      version: r.version,
      trigger: r.trigger as 'schedule' | 'staff',
      locale: r.locale,
      // The month's mail state belongs to the version it mailed; other versions are just made.
      status: (s && s.reportId === r.id ? s.status : 'generated') as 'generated' | 'sent' | 'failed',
      issuedAt: r.generatedAt.toISOString(),
      sentAt: s && s.reportId === r.id ? (s.sentAt?.toISOString() ?? null) : null,
    };
  });
  const start = (query.page - 1) * query.pageSize;
  return pageOf(items.slice(start, start + query.pageSize), query, items.length);
}

/** The report if the caller may see its account (else NOT_FOUND, the report's id named). */
export async function loadVisibleReport(deps: ReportsDeps, principal: Principal, id: string): Promise<ReportRow> {
  const report = await findReport(deps.db, id);
  if (!report) throw notFound('report', id);
  try {
    await deps.ports.visibleAccount(deps.db, principal, report.accountId);
  } catch (err) {
    if (err instanceof DomainError && err.code === 'NOT_FOUND') throw notFound('report', id);
    throw err;
  }
  return report;
}

export function reportView(r: ReportRow) {
  return {
    id: r.id,
    accountId: r.accountId,
    month: r.month,
    version: r.version,
    trigger: r.trigger as 'schedule' | 'staff',
    locale: r.locale,
    issuedAt: r.generatedAt.toISOString(),
    sections: r.sections as Section[],
  };
}

export async function reportPdf(deps: ReportsDeps, pdf: PdfRenderer, principal: Principal, id: string) {
  const report = await loadVisibleReport(deps, principal, id);
  return { report, data: await pdf.render(report.html) };
}

export async function regenerateReport(
  deps: ReportsDeps,
  runtime: ReportsRuntime,
  principal: Principal,
  input: { accountId: string; month: string; mail: boolean },
) {
  const account = await deps.ports.visibleAccount(deps.db, principal, input.accountId);
  if (!isStaff(principal) || !REGENERATE_ROLES.includes(principal.role))
    throw new DomainError('FORBIDDEN', { roles: REGENERATE_ROLES }, 'Only staff regenerate a report.');
  requireReports(deps);
  const now = deps.clock.now();
  const { toAt } = monthBounds(input.month, deps.catalog.timeZone);
  if (toAt > now)
    throw new DomainError(
      'INVALID_STATE',
      { month: input.month, endsAt: toAt.toISOString() },
      `The month ${input.month} has not ended yet.`,
    );
  const level = await deps.ports.levelAt(deps.db, account.id, new Date(toAt.getTime() - 1));
  const prepared = await prepareReport(deps, account, input.month, level.levelId);
  return deps.db.transaction(async (tx) => {
    const report = await storeReport(tx, deps, runtime, prepared, { trigger: 'staff', by: principal.id, now });
    if (input.mail) {
      const schedule = await findSchedule(tx, account.id, input.month, true);
      if (schedule)
        await updateSchedule(tx, account.id, input.month, {
          status: 'generated',
          reportId: report.id,
          error: null,
          updatedAt: now,
        });
      else {
        const due = dueOf(deps, account, input.month);
        await insertSchedules(tx, [
          {
            accountId: account.id,
            month: input.month,
            tenantId: account.tenantId,
            dueDate: due.dueDate,
            sendAt: now,
            status: 'generated',
            reportId: report.id,
            recipients: [],
            updatedAt: now,
          },
        ]);
      }
      await deps.outbox.enqueue(
        tx,
        [deliverEffect(account.tenantId, report.id, account.id, input.month, report.version)],
        now,
      );
    }
    return reportView(report);
  });
}

export async function listSchedule(
  deps: ReportsDeps,
  principal: Principal,
  query: TPageQuery & { month?: string | undefined; status?: string | undefined; accountId?: string | undefined },
) {
  if (!isStaff(principal))
    throw new DomainError('FORBIDDEN', { roles: ['staff'] }, 'Only staff see the report schedule.');
  const r = deps.catalog.def.reports;
  const { page, pageSize, ...filter } = query;
  const [{ items, total }, counts] = await Promise.all([
    listSchedules(deps.db, filter, { offset: (page - 1) * pageSize, limit: pageSize }),
    countsByStatus(deps.db, filter.month),
  ]);
  return {
    ...pageOf(items.map(scheduleView), { page, pageSize }, total),
    counts: Object.fromEntries(counts.map((c) => [c.status, Number(c.n)])),
    rule: r ? { due: r.due, startsMonthAfterJoining: r.startsMonthAfterJoining, sections: r.sections } : null,
  };
}
