/**
 * The report as PDF: the HTML rendering printed by Chromium (Debian's `/usr/bin/chromium`, or
 * `CHROMIUM_PATH`; never a downloaded browser) through playwright-core. The PDF is tagged (a
 * structure tree from the HTML: headings, tables with TH scopes, figures with alt text), has an
 * outline (bookmarks) from the headings, `/Lang (sv)` from `<html lang="sv">`, a running header
 * with the report title and `Sida N av M` in the footer.
 *
 * Nothing is scaled to fit (Chromium shrinks a whole document whose widest element is wider than
 * the page): before printing, every table and figure is measured at the width of the A4 content
 * box, and one still too wide is moved to a landscape page. The contents carry page numbers: the
 * report is printed once, the page of each heading read from the PDF's named destinations, and
 * printed again with the numbers filled in — until the pages read back are the pages printed
 * (the number slots have a fixed width, so this is the second pass in practice). Appendix
 * documents given are appended after the last page (append.ts), and the list of appendices
 * names the page each starts on.
 *
 * One browser per process, started on first use; `closePdfRenderer()` ends it (tests, CLI exit).
 * Each PDF is printed in a fresh browser context that blocks every network request and runs
 * no page script: the report HTML is self-contained and needs neither.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { PrognosError } from '../../core/errors/index.ts';
import { escapeHtml, renderHtml } from '../html/index.ts';
import type { ReportModel } from '../model.ts';
import { A4_CONTENT_WIDTH_MM, runningHeader } from '../print.ts';
import { destinationPages } from './destinations.ts';
import type { AttachedAppendix } from './append.ts';

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
  /** Appendix documents appended after the report's pages (the list of appendices names their pages). */
  appendices?: readonly AttachedAppendix[];
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

/** CSS pixels (96 per inch) of a length in millimetres. */
const px = (mm: number): number => (mm / 25.4) * 96;

/** Ids of the blocks wider than the portrait content box, as the print CSS lays them out there. */
async function tooWide(page: Page): Promise<string[]> {
  await page.setViewportSize({ width: Math.floor(px(A4_CONTENT_WIDTH_MM.portrait)), height: 1000 });
  await page.emulateMedia({ media: 'print' });
  const limit = px(A4_CONTENT_WIDTH_MM.portrait) + 0.5;
  return page.evaluate((max) => {
    const ids = new Set<string>();
    for (const el of document.querySelectorAll('main table, main figure, main img, main svg, main pre')) {
      if (el.closest('.print-landscape')) continue;
      if (Math.max(el.getBoundingClientRect().width, el.scrollWidth) <= max) continue;
      const block = el.closest('section.table-block[id], section.records[id], table[id], figure[id]');
      if (block) ids.add(block.id);
    }
    return [...ids];
  }, limit);
}

/** How many times the contents are printed at most to make their page numbers right. */
const MAX_PASSES = 4;

export async function renderPdf(model: ReportModel, opts: PdfOptions = {}): Promise<Buffer> {
  const timeout = opts.timeoutMs ?? 60_000;
  browser ??= launch();
  const b = await browser;
  const context = await b.newContext({ javaScriptEnabled: false, offline: true });
  try {
    await context.route('**/*', (route) => route.abort());
    const page = await context.newPage();
    page.setDefaultTimeout(timeout);
    await page.setContent(renderHtml(model), { waitUntil: 'load' });
    const landscape = new Set(await tooWide(page));
    const attached = opts.appendices ?? [];
    // pdf-lib is loaded only for a report with appendices.
    const append = attached.length ? await import('./append.ts') : undefined;
    let pageNumbers: Map<string, number> | undefined;
    let appendixPages: Map<number, number> | undefined;
    for (let pass = 1; ; pass++) {
      await page.setContent(renderHtml(model, { landscape, ...(pageNumbers ? { pageNumbers } : {}), ...(appendixPages ? { appendixPages } : {}) }), { waitUntil: 'load' });
      const pdf = await printPage(page, opts.headerText ?? runningHeader(model.report));
      const found = destinationPages(pdf);
      // The appendices start after the report's last page, which the list of them may move.
      const starts = append ? append.appendixStarts(await append.pageCount(pdf), attached) : undefined;
      const printed = pageNumbers;
      const numbersRight = model.sections.length === 0 || (printed !== undefined && [...found].every(([id, n]) => printed.get(id) === n));
      const startsRight = !starts || (appendixPages !== undefined && [...starts].every(([id, n]) => appendixPages!.get(id) === n));
      if ((numbersRight && startsRight) || pass >= MAX_PASSES) return append ? append.appendAppendices(pdf, attached) : pdf;
      pageNumbers = found;
      appendixPages = starts;
    }
  } finally {
    await context.close();
  }
}

function printPage(page: Page, headerText: string): Promise<Buffer> {
  return page.pdf({
    format: 'A4',
    // the CSS page size: A4, and A4 landscape for the named page `landscape`
    preferCSSPageSize: true,
    printBackground: true,
    tagged: true,
    outline: true,
    displayHeaderFooter: true,
    headerTemplate: headerTemplate(headerText),
    footerTemplate: footerTemplate(),
    margin: { ...PDF_MARGIN },
  });
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
