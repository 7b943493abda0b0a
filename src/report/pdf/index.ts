/**
 * The report as PDF: the HTML rendering printed by Chromium (Debian's `/usr/bin/chromium`, or
 * `CHROMIUM_PATH`; never a downloaded browser) through playwright-core. The PDF is tagged (a
 * structure tree from the HTML: headings, tables with TH scopes, figures with alt text), has an
 * outline (bookmarks) from the headings, `/Lang (sv)` from `<html lang="sv">`, a running header
 * with the report title and `Sida N av M` in the footer.
 *
 * One browser per process, started on first use; `closePdfRenderer()` ends it (tests, CLI exit).
 * Each PDF is printed in a fresh browser context that blocks every network request and runs
 * no page script: the report HTML is self-contained and needs neither.
 */
import { chromium, type Browser } from 'playwright-core';
import { PrognosError } from '../../core/errors/index.ts';
import { escapeHtml, renderHtml } from '../html/index.ts';
import type { ReportModel } from '../model.ts';

export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Page margins; the same as the `@page` rule of the HTML renderer's print CSS. */
export const PDF_MARGIN = { top: '22mm', right: '16mm', bottom: '20mm', left: '16mm' } as const;

export interface PdfOptions {
  /** Text of the running header; default: the report title. */
  headerText?: string;
  /** Milliseconds to wait for the page and the PDF before giving up (default 60 000). */
  timeoutMs?: number;
}

let browser: Promise<Browser> | null = null;

export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? DEFAULT_CHROMIUM_PATH;
}

function launch(): Promise<Browser> {
  const executablePath = chromiumPath();
  const started = chromium
    .launch({ executablePath, args: LAUNCH_ARGS, handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false })
    .then((b) => {
      // A crashed or closed browser is started again on the next PDF.
      b.on('disconnected', () => {
        if (browser === started) browser = null;
      });
      return b;
    })
    .catch((err: unknown) => {
      if (browser === started) browser = null;
      throw new PrognosError('UNSUPPORTED', `Chromium kunde inte startas (${executablePath}); installera Debian-paketet chromium eller sätt CHROMIUM_PATH`, {}, { cause: err });
    });
  return started;
}

const FONT = 'Arial, Liberation Sans, DejaVu Sans, sans-serif';

/** Header and footer templates: Chromium renders them apart from the page, so inline styles only. */
export function headerTemplate(text: string): string {
  return `<div style="width:100%;margin:0 ${PDF_MARGIN.right} 0 ${PDF_MARGIN.left};padding-bottom:2mm;border-bottom:0.5pt solid #8c8c8c;font-family:${FONT};font-size:8pt;color:#404040;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;">${escapeHtml(text)}</div>`;
}

export function footerTemplate(): string {
  return `<div style="width:100%;margin:0 ${PDF_MARGIN.right} 0 ${PDF_MARGIN.left};font-family:${FONT};font-size:8pt;color:#404040;text-align:right;">Sida <span class="pageNumber"></span> av <span class="totalPages"></span></div>`;
}

export async function renderPdf(model: ReportModel, opts: PdfOptions = {}): Promise<Buffer> {
  const html = renderHtml(model);
  const timeout = opts.timeoutMs ?? 60_000;
  browser ??= launch();
  const b = await browser;
  const context = await b.newContext({ javaScriptEnabled: false, offline: true });
  try {
    await context.route('**/*', (route) => route.abort());
    const page = await context.newPage();
    page.setDefaultTimeout(timeout);
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({
      format: 'A4',
      printBackground: true,
      tagged: true,
      outline: true,
      displayHeaderFooter: true,
      headerTemplate: headerTemplate(opts.headerText ?? model.report.title),
      footerTemplate: footerTemplate(),
      margin: { ...PDF_MARGIN },
    });
  } finally {
    await context.close();
  }
}

/** Closes the shared browser, if one was started. */
export async function closePdfRenderer(): Promise<void> {
  const b = browser;
  browser = null;
  if (!b) return;
  try {
    await (await b).close();
  } catch {
    // it never started: nothing to close
  }
}
