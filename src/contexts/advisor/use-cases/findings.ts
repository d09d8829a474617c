/**
 * GET …/advisor/findings: the account's current findings (open by default; `status`, `dimension`, `severity`,
 * `groupId` filter), or those a run recorded (`runId`, with that run's evidence), most severe first, texts in the
 * reader's locale. `format=csv|xlsx` exports the same list whole.
 */
import { notFound } from '../../../platform/errors.js';
import type { Principal } from '../../../platform/http/principal.js';
import { pageOf, type Page, type TPageQuery } from '../../../platform/pagination.js';
import { exportTable, safeCell, toCsv } from '../domain/export-table.js';
import type { AdvisorDeps } from '../ports.js';
import { listFindings } from '../store/finding-store.js';
import { resourceLabels } from '../store/resource-store.js';
import { findRun } from '../store/run-store.js';
import { findGroup } from '../store/settings-store.js';
import { readableAccount } from './access.js';
import { findingView, localeFor, type FindingView, type Locale } from './views.js';
import { renderIn } from '../../../domain/messages/message-table.js';
import { ADVISOR_MESSAGES } from '../domain/messages.js';

export interface FindingQuery {
  readonly dimension?: string | undefined;
  readonly severity?: string | undefined;
  readonly status?: 'open' | 'resolved' | 'all' | undefined;
  readonly runId?: string | undefined;
  readonly groupId?: string | undefined;
  readonly locale?: string | undefined;
}

async function findingsOf(
  deps: AdvisorDeps,
  principal: Principal,
  accountId: string,
  q: FindingQuery,
  page: { limit: number | null; offset: number },
): Promise<{ items: FindingView[]; total: number; locale: Locale }> {
  const account = await readableAccount(deps, principal, accountId);
  if (q.runId && !(await findRun(deps.db, account.id, q.runId))) throw notFound('run', q.runId);
  if (q.groupId && !(await findGroup(deps.db, account.id, q.groupId))) throw notFound('group', q.groupId);
  const status = q.status === 'all' ? undefined : (q.status ?? (q.runId ? undefined : 'open'));
  const { items, total } = await listFindings(
    deps.db,
    account.id,
    {
      dimension: q.dimension,
      severity: q.severity,
      status,
      runId: q.runId,
      groupId: q.groupId,
    },
    page,
  );
  const labels = await resourceLabels(
    deps.db,
    account.id,
    items.flatMap((f) => (f.resourceId ? [f.resourceId] : [])),
  );
  const locale = localeFor(deps, q.locale, account.locale);
  return { items: items.map((f) => findingView(deps, f, locale, labels)), total, locale };
}

export async function listAccountFindings(
  deps: AdvisorDeps,
  principal: Principal,
  accountId: string,
  q: FindingQuery,
  query: TPageQuery,
): Promise<Page<FindingView>> {
  const { items, total } = await findingsOf(deps, principal, accountId, q, {
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return pageOf(items, query, total);
}

export interface ExportFile {
  readonly contentType: string;
  readonly filename: string;
  readonly body: Buffer | string;
}

export async function exportFindings(
  deps: AdvisorDeps,
  principal: Principal,
  accountId: string,
  q: FindingQuery,
  format: 'csv' | 'xlsx',
): Promise<ExportFile> {
  const { items, locale } = await findingsOf(deps, principal, accountId, q, { limit: null, offset: 0 });
  const table = exportTable(items, locale);
  const stamp = deps.clock.now().toISOString().slice(0, 10);
  const base = `advisor-findings-${accountId}-${q.runId ?? stamp}`;
  if (format === 'csv') return { contentType: 'text/csv; charset=utf-8', filename: `${base}.csv`, body: toCsv(table) };
  const { default: ExcelJS } = await import('exceljs'); // loaded on first export: most starts never need it
  const book = new ExcelJS.Workbook();
  book.created = deps.clock.now();
  const sheet = book.addWorksheet(renderIn(ADVISOR_MESSAGES, 'export.sheet', locale, {}));
  sheet.addRow(table.headers).font = { bold: true };
  for (const row of table.rows) sheet.addRow(row.map(safeCell));
  sheet.columns.forEach((c, i) => (c.width = [12, 8, 10, 48, 24, 12, 24, 60, 60, 40, 24, 22, 22, 22, 30][i] ?? 16));
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  return {
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    filename: `${base}.xlsx`,
    body: Buffer.from(await book.xlsx.writeBuffer()),
  };
}
