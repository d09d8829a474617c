/**
 * R-RPT-2: without Chromium the PDF is a catalog error naming the package (503 PDF_UNAVAILABLE); with it, the same
 * HTML prints to a PDF whose text keeps the Chinese (fonts-noto-cjk).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createChartRenderer } from '../../src/contexts/reports/render/charts.js';
import { renderReportHtml } from '../../src/contexts/reports/render/html.js';
import { createPdfRenderer } from '../../src/contexts/reports/render/pdf.js';
import { DomainError, httpStatusOf } from '../../src/platform/errors.js';

describe('report PDF', () => {
  const real = createPdfRenderer('/usr/bin/chromium');
  afterAll(() => real.close());

  it('no chromium: PDF_UNAVAILABLE (503) naming the package and the path', async () => {
    const none = createPdfRenderer('/nonexistent/chromium');
    const err = await none.render('<p>x</p>').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).code).toBe('PDF_UNAVAILABLE');
    expect((err as DomainError).details).toMatchObject({
      package: 'chromium',
      executablePath: '/nonexistent/chromium',
    });
    expect(httpStatusOf('PDF_UNAVAILABLE')).toBe(503);
    await none.close();
  });

  it('the warm browser prints one page after another; the text keeps its Chinese', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rpt-pdf-'));
    for (const n of [1, 2]) {
      const pdf = await real.render(`<html lang="zh-CN"><body><h1>服务月报 ${n}</h1><p>00000${n}</p></body></html>`);
      writeFileSync(join(dir, `${n}.pdf`), pdf);
      const text = execFileSync('pdftotext', [join(dir, `${n}.pdf`), '-'], { encoding: 'utf8' });
      expect(text).toContain(`服务月报 ${n}`);
      expect(text).toContain(`00000${n}`);
    }
  });

  // Issue 16: Chromium's print copies the font file of every face a page uses (19.5 MB for Noto Sans CJK), so the
  // report's page uses one: the same page with every weight forced to 400 embeds exactly the same fonts.
  it('a report page prints in one face: headings, table heads and figures are not bold', async () => {
    const charts = createChartRenderer();
    const html = await renderReportHtml(
      {
        id: 'rpt_1',
        month: '2026-01',
        version: 1,
        locale: 'zh-CN',
        timeZone: 'Asia/Shanghai',
        accountName: '示例企业',
        accountId: 'acc_1',
        providerName: '示例云',
        levelName: '企业级',
        generatedAt: new Date('2026-02-09T01:00:00Z'),
        sections: [
          {
            id: 'service_summary',
            title: '服务总结',
            ticketsOpened: 3,
            sla: { metPercent: 66.7, met: 2, measured: 3 },
            firstResponse: { averageMinutes: 12, worstMinutes: 30 },
            ratings: { count: 0, averageStars: null },
            bySeverity: [{ name: '重要', count: 3 }],
            byCategory: [{ name: '技术', count: 3 }],
            openItems: [{ number: 'T-000123', subject: '数据库连接失败', status: '处理中' }],
            requestsDelivered: [],
          },
          { id: 'security', title: '安全', missingData: true, missingReason: '本月没有资源数据。' },
        ],
      },
      charts,
    );
    charts.dispose();
    const dir = mkdtempSync(join(tmpdir(), 'rpt-face-'));
    const fonts = async (name: string, page: string) => {
      writeFileSync(join(dir, name), await real.render(page));
      return execFileSync('pdffonts', [join(dir, name)], { encoding: 'utf8' })
        .trim()
        .split('\n')
        .slice(2).length;
    };
    const asPrinted = await fonts('report.pdf', html);
    const regularOnly = await fonts('regular.pdf', html.replace('</style>', '*{font-weight:400!important}</style>'));
    expect(asPrinted).toBeGreaterThan(0);
    expect(asPrinted).toBe(regularOnly);
    const text = execFileSync('pdftotext', [join(dir, 'report.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toContain('服务月报');
    expect(text).toContain('T-000123');
  });
});
