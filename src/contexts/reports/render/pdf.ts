/**
 * The report's PDF (R-RPT-2): the same HTML printed by Chromium through playwright-core (Debian's `chromium`, with
 * `fonts-noto-cjk` so Chinese keeps its glyphs). One browser per app, launched at the first PDF and kept warm for
 * the next (a run prints many), with one context whose pages are reused (a new page costs about as much as the print:
 * 250 ms of the 650 ms measured here); a page prints one document at a time. Without the executable the PDF answers PDF_UNAVAILABLE naming
 * the package, and HTML still works.
 * NOTE: most of a print is the fonts, not the page: Chromium's print copies the whole font file of each face the
 * document uses (about 20,000 page faults, 80 MB, for the 19.5 MB Noto Sans CJK collection; none for a screenshot),
 * about 100 ms a face under load, and writes CFF glyphs as Type 3 fonts. The report therefore uses one face
 * (render/html.ts); the glyph count, the charts and playwright's PDF options (tagged and outline are off by default,
 * the data already comes back as a stream) weigh little next to it.
 */
import { access, constants } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DomainError } from '../../../platform/errors.js';

export interface PdfRenderer {
  render(html: string): Promise<Buffer>;
  close(): Promise<void>;
}

/** Idle pages kept for the next document. */
const IDLE_PAGES = 3;

export function createPdfRenderer(executablePath: string): PdfRenderer {
  let browser: Promise<Browser> | null = null;
  let context: { browser: Browser; context: Promise<BrowserContext> } | null = null;
  const idle: Page[] = [];
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
  const takePage = async (): Promise<Page> => {
    const b = await warm();
    for (let page = idle.pop(); page; page = idle.pop()) if (!page.isClosed() && b.isConnected()) return page;
    if (context?.browser !== b) context = { browser: b, context: b.newContext({ javaScriptEnabled: false }) };
    const page = await (await context.context).newPage();
    // The document has no external resource; anything it asked for would be refused.
    await page.route('**/*', (route) => route.abort());
    return page;
  };
  return {
    async render(html) {
      const page = await takePage();
      let reusable = false;
      try {
        await page.setContent(html, { waitUntil: 'load' });
        const pdf = await page.pdf({
          format: 'A4',
          printBackground: true,
          margin: { top: '12mm', bottom: '12mm', left: '10mm', right: '10mm' },
        });
        reusable = true;
        return pdf;
      } finally {
        if (reusable && idle.length < IDLE_PAGES) idle.push(page);
        else await page.close().catch(() => undefined);
      }
    },
    async close() {
      const b = browser;
      browser = null;
      context = null;
      idle.length = 0;
      if (b) await (await b.catch(() => null))?.close();
    },
  };
}
