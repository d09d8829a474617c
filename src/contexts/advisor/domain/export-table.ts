/**
 * R-OA-2 "检查结果可以下载文档到本地": findings as a table in the reader's locale, and as CSV (RFC 4180, UTF-8 with
 * a BOM so spreadsheet programs read Chinese text; cells that a spreadsheet would run as a formula are prefixed
 * with an apostrophe). XLSX is written from the same table by exceljs (use-cases/findings.ts). The words are the
 * context's message table (domain/messages.ts). Pure.
 */
import type { AdvisorDimension } from '../../../domain/catalog/advisor-schema.js';
import type { Locale } from '../../../domain/catalog/catalog-schema.js';
import { renderIn } from '../../../domain/messages/message-table.js';
import { ADVISOR_MESSAGES, advisorWord } from './messages.js';

export interface ExportRow {
  readonly id: string;
  readonly ruleId: string;
  readonly dimension: AdvisorDimension;
  readonly severity: string;
  readonly status: string;
  readonly resourceId: string | null;
  readonly resourceType: string | null;
  readonly resourceName: string | null;
  readonly title: string;
  readonly detail: string;
  readonly recommendation: string;
  readonly evidence: unknown;
  readonly firstSeenAt: string;
  readonly lastSeenAt: string;
  readonly resolvedAt: string | null;
}

const HEADERS = [
  'dimension',
  'severity',
  'status',
  'title',
  'resource',
  'resource_type',
  'resource_name',
  'detail',
  'recommendation',
  'evidence',
  'rule',
  'first_seen',
  'last_seen',
  'resolved',
  'id',
] as const;

export function exportTable(rows: readonly ExportRow[], locale: Locale): { headers: string[]; rows: string[][] } {
  return {
    headers: HEADERS.map((h) => renderIn(ADVISOR_MESSAGES, `export.header.${h}`, locale, {})),
    rows: rows.map((r) => [
      advisorWord(`dimension.${r.dimension}`, locale, r.dimension),
      advisorWord(`severity.${r.severity}`, locale, r.severity),
      advisorWord(`status.${r.status}`, locale, r.status),
      r.title,
      r.resourceId ?? '',
      r.resourceType ?? '',
      r.resourceName ?? '',
      r.detail,
      r.recommendation,
      JSON.stringify(r.evidence ?? {}),
      r.ruleId,
      r.firstSeenAt,
      r.lastSeenAt,
      r.resolvedAt ?? '',
      r.id,
    ]),
  };
}

/** A cell a spreadsheet would evaluate (=, +, -, @, tab, CR) is kept as text. */
function safeCell(v: string): string {
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

function csvCell(v: string): string {
  const s = safeCell(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(table: { headers: string[]; rows: string[][] }): string {
  const lines = [table.headers, ...table.rows].map((row) => row.map(csvCell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export { safeCell };
