/**
 * The report's PDF (R-RPT-2): the same HTML printed by Chromium through playwright-core (Debian's `chromium`, with
 * `fonts-noto-cjk` so Chinese keeps its glyphs). One browser per app, launched at the first PDF and kept warm for
 * the next (a run prints many); a page per document. Without the executable the PDF answers PDF_UNAVAILABLE naming
 * the package, and HTML still works.
 */
import { access, constants } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { DomainError } from '../../../platform/errors.js';

export interface PdfRenderer {
  render(html: string): Promise<Buffer>;
  close(): Promise<void>;
}

export function createPdfRenderer(executablePath: string): PdfRenderer {
  let browser: Promise<Browser> | null = null;
  const unavailable = (reason: string) =>
    new DomainError('PDF_UNAVAILABLE', {
      package: 'chromium',
      executablePath,
      reason,
      hint: 'install Debian’s chromium and fonts-noto-cjk (apt-get install chromium fonts-noto-cjk) or set TIERDESK_CHROMIUM',
    });
  const launch = async (): Promise<Browser> => {
    try {
      await access(executablePath, constants.X_OK);
    } catch {
      throw unavailable('not found');
    }
    const { chromium } = await import('playwright-core');
    try {
      return await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-background-networking'] });
    } catch (err) {
      throw unavailable((err as Error).message.split('\n')[0] ?? 'launch failed');
    }
  };
  const warm = async (): Promise<Browser> => {
    browser ??= launch();
    try {
      const b = await browser;
      if (!b.isConnected()) {
        browser = launch();
        return await browser;
      }
      return b;
    } catch (err) {
      browser = null;
      throw err;
    }
  };
  return {
    async render(html) {
      const b = await warm();
      const page = await b.newPage({ javaScriptEnabled: false });
      try {
        // The document has no external resource; anything it asked for would be refused.
        await page.route('**/*', (route) => route.abort());
        await page.setContent(html, { waitUntil: 'load' });
        return await page.pdf({
          format: 'A4',
          printBackground: true,
          margin: { top: '12mm', bottom: '12mm', left: '10mm', right: '10mm' },
        });
      } finally {
        await page.close();
      }
    },
    async close() {
      const b = browser;
      browser = null;
      if (b) await (await b.catch(() => null))?.close();
    },
  };
}
