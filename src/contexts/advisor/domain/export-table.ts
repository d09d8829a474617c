/**
 * R-OA-2 "检查结果可以下载文档到本地": findings as a table in the reader's locale, and as CSV (RFC 4180, UTF-8 with
 * a BOM so spreadsheet programs read Chinese text; cells that a spreadsheet would run as a formula are prefixed
 * with an apostrophe). XLSX is written from the same table by exceljs (use-cases/findings.ts). Pure.
 */
import { DIMENSION_NAMES } from './notice.js';
import type { AdvisorDimension } from '../../../domain/catalog/advisor-schema.js';

type Locale = 'zh-CN' | 'en-US';

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

const HEADERS: Record<Locale, string[]> = {
  'en-US': [
    'Dimension',
    'Severity',
    'Status',
    'Title',
    'Resource',
    'Resource type',
    'Resource name',
    'Detail',
    'Recommendation',
    'Evidence',
    'Rule',
    'First seen',
    'Last seen',
    'Resolved',
    'Finding id',
  ],
  'zh-CN': [
    '维度',
    '风险等级',
    '状态',
    '标题',
    '资源',
    '资源类型',
    '资源名称',
    '详情',
    '优化建议',
    '依据',
    '检查项',
    '首次发现',
    '最近发现',
    '解决时间',
    '风险编号',
  ],
};

const SEVERITY: Record<Locale, Record<string, string>> = {
  'en-US': { high: 'High', medium: 'Medium', low: 'Low' },
  'zh-CN': { high: '高', medium: '中', low: '低' },
};
const STATUS: Record<Locale, Record<string, string>> = {
  'en-US': { open: 'Open', resolved: 'Resolved' },
  'zh-CN': { open: '未解决', resolved: '已解决' },
};

export function exportTable(rows: readonly ExportRow[], locale: Locale): { headers: string[]; rows: string[][] } {
  return {
    headers: HEADERS[locale],
    rows: rows.map((r) => [
      DIMENSION_NAMES[r.dimension]?.[locale] ?? r.dimension,
      SEVERITY[locale][r.severity] ?? r.severity,
      STATUS[locale][r.status] ?? r.status,
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
