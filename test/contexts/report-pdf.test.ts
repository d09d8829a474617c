/**
 * R-RPT-2: without Chromium the PDF is a catalog error naming the package (503 PDF_UNAVAILABLE); with it, the same
 * HTML prints to a PDF whose text keeps the Chinese (fonts-noto-cjk).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
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
});
