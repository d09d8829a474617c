/**
 * The report page (R-RPT-2): one self-contained HTML document per report, in the account's locale, charts inline
 * as SVG, styles inline, no script and no external resource — the same document is shown in the console, downloaded,
 * and printed to PDF by Chromium. Every text is escaped.
 */
import { LABELS, labelOf, type Labels, type ReportLocale } from '../domain/messages.js';
import type { Section } from '../domain/sections.js';
import type { ChartRenderer } from './charts.js';

export interface ReportDocument {
  readonly id: string;
  readonly month: string;
  readonly version: number;
  readonly locale: ReportLocale;
  readonly timeZone: string;
  readonly accountName: string;
  readonly accountId: string;
  readonly providerName: string;
  readonly levelName: string | null;
  readonly generatedAt: Date;
  readonly sections: readonly Section[];
}

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Cells are strings, numbers, booleans or nothing; anything else is a bug shown as JSON rather than "[object Object]". */
const text = (v: unknown): string =>
  v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v as string | number);
export const esc = (v: unknown): string => text(v).replace(/[&<>"']/g, (c) => ESC[c]!);

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatInstant(iso: string | null | undefined, zone: string, locale: ReportLocale): string {
  if (!iso) return '—';
  const key = `${locale}|${zone}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('sv-SE', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
    });
    formatters.set(key, f);
  }
  return f.format(new Date(iso));
}

/**
 * One face for the whole page, Noto Sans CJK SC Regular (Debian's fonts-noto-cjk), in the HTML and in the charts:
 * headings, table heads and figures are set apart by size, colour and rules, never by weight, and `font-synthesis:
 * none` keeps Chromium from faking a bold. Chromium's print copies the whole font file of every face a page uses
 * (the CJK collection is 19.5 MB, about 100 ms a face of a PDF under load: issue 16), so the bold face of a second
 * weight doubled the PDF's time.
 */
const STYLE = `
body{font-family:"Noto Sans CJK SC","Noto Sans SC",sans-serif;font-synthesis:none;color:#1f2328;margin:24px;font-size:13px}
h1,h2,h3,th,b{font-weight:400}h1{font-size:24px;margin:0 0 4px;color:#0b2e6b}h3{font-size:14px;color:#0b2e6b}
h2{font-size:17px;color:#0b2e6b;border-bottom:2px solid #1f6feb;padding-bottom:4px;margin-top:28px}
table{border-collapse:collapse;width:100%;margin:8px 0}th,td{border:1px solid #d0d7de;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f6f8fa}.meta{color:#57606a}.kpis{display:flex;flex-wrap:wrap;gap:12px;margin:8px 0}
.kpi{border:1px solid #d0d7de;border-radius:6px;padding:8px 12px;min-width:120px}.kpi b{display:block;font-size:19px;color:#0b2e6b}
.missing{background:#fff8c5;border:1px solid #d4a72c;padding:8px;border-radius:6px}.chart{margin:8px 0}
section{page-break-inside:auto}`;

type Row = Record<string, unknown>;

function table(headers: string[], rows: unknown[][]): string {
  if (!rows.length) return '';
  return `<table><thead><tr>${headers.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

const kpis = (items: [string, unknown][]) =>
  `<div class="kpis">${items.map(([k, v]) => `<div class="kpi">${esc(k)}<b>${esc(v ?? '—')}</b></div>`).join('')}</div>`;

function duration(minutes: number | undefined, L: Labels): string {
  if (minutes === undefined) return '—';
  return `${minutes} ${L.minutes}`;
}

export async function renderReportHtml(doc: ReportDocument, charts: ChartRenderer): Promise<string> {
  const L = LABELS[doc.locale];
  const at = (iso: unknown) => formatInstant(iso as string | null, doc.timeZone, doc.locale);
  const parts: string[] = [];
  for (const s of doc.sections) {
    const body: string[] = [];
    if (s.missingData) body.push(`<p class="missing">${esc(s.missingReason)}</p>`);
    else {
      const v = s as Row;
      switch (s.id) {
        case 'summary':
          body.push(
            kpis([
              [L.ticketsOpened, v.ticketsOpened],
              [L.ticketsResolved, v.ticketsResolved],
              [L.slaMet, v.slaMetPercent === null ? L.notMeasured : `${text(v.slaMetPercent)}%`],
              [L.requestsDelivered, v.requestsDelivered],
              [L.openItems, v.openItems],
              ...(v.resources !== null ? [[L.resourcesTotal, v.resources] as [string, unknown]] : []),
              ...(v.openHighFindings !== null ? [[L.highFindings, v.openHighFindings] as [string, unknown]] : []),
              ...(v.consumption !== null
                ? [[L.consumptionMonth, `${text(v.consumption)} ${text(v.currency)}`] as [string, unknown]]
                : []),
            ]),
          );
          break;
        case 'service_summary': {
          const sla = v.sla as { metPercent: number | null; met: number; measured: number };
          const fr = v.firstResponse as { averageMinutes: number; worstMinutes: number } | null;
          const ratings = v.ratings as { count: number; averageStars: number | null };
          body.push(
            kpis([
              [L.ticketsOpened, v.ticketsOpened],
              [L.slaMet, sla.metPercent === null ? L.notMeasured : `${sla.metPercent}% (${sla.met}/${sla.measured})`],
              [L.avgFirstResponse, duration(fr?.averageMinutes, L)],
              [L.worstFirstResponse, duration(fr?.worstMinutes, L)],
              [L.ratings, ratings.count ? `${ratings.averageStars} ★ (${ratings.count})` : L.none],
            ]),
          );
          const bySeverity = v.bySeverity as { name: string; count: number }[];
          if (bySeverity.length)
            body.push(
              `<h3>${esc(L.bySeverity)}</h3><div class="chart">${await charts.bar({
                categories: bySeverity.map((x) => x.name),
                values: bySeverity.map((x) => x.count),
                name: L.count,
              })}</div>`,
            );
          const byCategory = v.byCategory as { name: string; count: number }[];
          if (byCategory.length)
            body.push(
              `<h3>${esc(L.byCategory)}</h3>`,
              table(
                [L.category, L.count],
                byCategory.map((c) => [c.name, c.count]),
              ),
            );
          const open = v.openItems as { number: string; subject: string; status: string }[];
          body.push(
            `<h3>${esc(L.openItems)}</h3>`,
            open.length
              ? table(
                  [L.number, L.description, L.status],
                  open.map((o) => [o.number, o.subject, o.status]),
                )
              : `<p>${esc(L.none)}</p>`,
          );
          const reqs = v.requestsDelivered as { number: string; name: string; completedAt: string }[];
          body.push(
            `<h3>${esc(L.requestsDelivered)}</h3>`,
            reqs.length
              ? table(
                  [L.number, L.service, L.completed],
                  reqs.map((r) => [r.number, r.name, at(r.completedAt)]),
                )
              : `<p>${esc(L.none)}</p>`,
          );
          break;
        }
        case 'service_tickets': {
          const list = v.tickets as Row[];
          body.push(
            list.length
              ? table(
                  [L.number, L.description, L.category, L.created, L.resolved],
                  list.map((t) => [
                    t.number,
                    t.description,
                    labelOf(doc.locale, t.category as string) ?? t.category,
                    at(t.createdAt),
                    at(t.resolvedAt),
                  ]),
                )
              : `<p>${esc(L.none)}</p>`,
          );
          break;
        }
        case 'resource_overview': {
          body.push(
            kpis([
              [L.resourcesTotal, v.total],
              [L.added, v.added],
              [L.removed, v.removed],
              [L.changed, v.changed],
            ]),
          );
          const byType = v.byType as { type: string; count: number }[];
          body.push(
            table(
              [L.type, L.count],
              byType.map((t) => [t.type, t.count]),
            ),
          );
          break;
        }
        case 'security':
        case 'optimization_suggestions': {
          const items = v.items as Row[];
          body.push(
            kpis([
              [L.open, v.open],
              [L.fixed, v.resolved],
            ]),
          );
          body.push(
            items.length
              ? table(
                  [L.findings, L.severity, L.status, L.recommendation],
                  items.map((x) => [x.title, x.severity, x.status === 'open' ? L.open : L.fixed, x.recommendation]),
                )
              : `<p>${esc(L.none)}</p>`,
          );
          break;
        }
        case 'availability_analysis': {
          const risks = v.riskItems as Row[];
          body.push(
            `<h3>${esc(L.riskItems)} (≥ ${esc(v.riskPeakPercent)}%)</h3>`,
            risks.length
              ? table(
                  [L.resource, L.type, L.metric, L.peak],
                  risks.map((r) => [r.name ?? r.resourceId, r.type, r.metric, `${String(r.peak)}%`]),
                )
              : `<p>${esc(L.none)}</p>`,
          );
          break;
        }
        case 'health_analysis': {
          const metrics = v.metrics as {
            metric: string;
            samples: number;
            average: number | null;
            peak: number | null;
            days: { date: string; average: number }[];
          }[];
          body.push(
            table(
              [L.metric, L.samples, L.average, L.peak],
              metrics.map((m) => [m.metric, m.samples, `${m.average}%`, `${m.peak}%`]),
            ),
          );
          const dates = [...new Set(metrics.flatMap((m) => m.days.map((d) => d.date)))].sort();
          body.push(
            `<div class="chart">${await charts.line({
              categories: dates.map((d) => d.slice(5)),
              series: metrics.map((m) => {
                const byDate = new Map(m.days.map((d) => [d.date, d.average]));
                return { name: m.metric, values: dates.map((d) => byDate.get(d) ?? null) };
              }),
              unit: '%',
            })}</div>`,
          );
          break;
        }
        case 'consumption_trend': {
          const months = v.months as { month: string; amount: string }[];
          body.push(
            `<div class="chart">${await charts.line({
              categories: months.map((m) => m.month),
              series: [{ name: `${L.amount} (${String(v.currency)})`, values: months.map((m) => Number(m.amount)) }],
            })}</div>`,
            table(
              [L.month, `${L.amount} (${String(v.currency)})`],
              months.map((m) => [m.month, m.amount]),
            ),
          );
          break;
        }
      }
    }
    parts.push(`<section id="${esc(s.id)}"><h2>${esc(s.title)}</h2>${body.join('')}</section>`);
  }
  const title = `${L.reportTitle} · ${doc.month}`;
  return `<!doctype html><html lang="${doc.locale}"><head><meta charset="utf-8"><title>${esc(title)}</title><style>${STYLE}</style></head><body>
<h1>${esc(doc.providerName)} ${esc(L.reportTitle)}</h1>
<p class="meta">${esc(L.account)}: ${esc(doc.accountName)} (${esc(doc.accountId)}) · ${esc(L.month)}: ${esc(doc.month)}${doc.levelName ? ` · ${esc(L.level)}: ${esc(doc.levelName)}` : ''} · ${esc(L.generatedAt)}: ${esc(at(doc.generatedAt.toISOString()))} · ${esc(L.version)} ${doc.version}</p>
${parts.join('\n')}
</body></html>`;
}
