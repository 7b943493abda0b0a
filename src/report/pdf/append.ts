/**
 * Appendix documents appended to the report's PDF (pdf-lib): the pages of each appendix after
 * the report's last page, in the appendices' order, each with a bookmark "Bilaga N: …" beside
 * the report's own. The report's objects are kept as Chromium wrote them (structure tree,
 * outline, `/Lang`), so the report stays tagged; the appended pages carry their own content.
 *
 * An appendix that cannot be read as a PDF, or is encrypted (its pages cannot be copied), is
 * not appended: it stays in the report's list of appendices as a link, never silently dropped.
 */
import { PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFRef } from 'pdf-lib';
import type { Appendix } from '../model.ts';

/** An appendix read and ready to append. */
export interface AttachedAppendix {
  appendix: Appendix;
  document: PDFDocument;
  pages: number;
}

/** The appendix as a PDF whose pages can be copied, or null when it cannot be appended. */
export async function readAppendix(appendix: Appendix, content: Uint8Array): Promise<AttachedAppendix | null> {
  try {
    const document = await PDFDocument.load(content, { updateMetadata: false });
    const pages = document.getPageCount();
    return pages > 0 ? { appendix, document, pages } : null;
  } catch {
    // not a PDF pdf-lib can read, or encrypted (EncryptedPDFError)
    return null;
  }
}

/** How many pages a PDF has. */
export async function pageCount(pdf: Uint8Array): Promise<number> {
  return (await PDFDocument.load(pdf, { updateMetadata: false })).getPageCount();
}

/** The first page of each appendix (by its id) when they follow a report of `reportPages` pages. */
export function appendixStarts(reportPages: number, attached: readonly AttachedAppendix[]): Map<number, number> {
  const starts = new Map<number, number>();
  let next = reportPages + 1;
  for (const a of attached) {
    starts.set(a.appendix.id, next);
    next += a.pages;
  }
  return starts;
}

/** The report with every attached appendix's pages after its own, and a bookmark to each. */
export async function appendAppendices(report: Uint8Array, attached: readonly AttachedAppendix[]): Promise<Buffer> {
  if (attached.length === 0) return Buffer.from(report);
  const out = await PDFDocument.load(report, { updateMetadata: false });
  const bookmarks: Array<{ title: string; page: PDFRef }> = [];
  for (const [i, a] of attached.entries()) {
    const pages = await out.copyPages(a.document, a.document.getPageIndices());
    for (const p of pages) out.addPage(p);
    bookmarks.push({ title: `Bilaga ${i + 1}: ${a.appendix.title}`, page: pages[0]!.ref });
  }
  addBookmarks(out, bookmarks);
  // Plain objects, as Chromium writes them: other readers of the file (destinations.ts) keep working.
  return Buffer.from(await out.save({ useObjectStreams: false }));
}

/** Top-level outline entries after the existing ones (pdf-lib has no outline API: the dictionaries by hand). */
function addBookmarks(pdf: PDFDocument, items: ReadonlyArray<{ title: string; page: PDFRef }>): void {
  const ctx = pdf.context;
  const key = (k: string) => PDFName.of(k);
  let outlinesRef = pdf.catalog.get(key('Outlines'));
  if (!(outlinesRef instanceof PDFRef)) {
    outlinesRef = ctx.register(ctx.obj({ Type: 'Outlines', Count: 0 }));
    pdf.catalog.set(key('Outlines'), outlinesRef);
  }
  const outlines = ctx.lookup(outlinesRef, PDFDict);
  let last = outlines.get(key('Last'));
  for (const item of items) {
    const entry = ctx.obj({ Title: PDFHexString.fromText(item.title), Parent: outlinesRef, Dest: [item.page, key('Fit')] });
    const ref = ctx.register(entry);
    if (last instanceof PDFRef) {
      entry.set(key('Prev'), last);
      ctx.lookup(last, PDFDict).set(key('Next'), ref);
    } else outlines.set(key('First'), ref);
    last = ref;
  }
  outlines.set(key('Last'), last!);
  const count = outlines.get(key('Count'));
  outlines.set(key('Count'), PDFNumber.of((count instanceof PDFNumber ? Math.abs(count.asNumber()) : 0) + items.length));
}
