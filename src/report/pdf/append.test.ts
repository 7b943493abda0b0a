// Appendix documents appended to the report's PDF: read back with poppler (pdfinfo, pdftotext,
// pdftohtml -xml) as a reader of the file sees it. The appendices are PDFs made with pdf-lib; the
// report is the demo's, printed by Chromium (CI installs chromium and poppler-utils; the tests
// that need them skip only where either is missing, and say so).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { openTestStore } from '../../../test/support/store.ts';
import { buildDemo } from '../../demo/index.ts';
import type { Store } from '../../store/index.ts';
import type { Appendix, ReportModel } from '../model.ts';
import { renderReport } from '../render.ts';
import { appendAppendices, appendixStarts, readAppendix, type AttachedAppendix } from './append.ts';
import { chromiumPath, closePdfRenderer } from './index.ts';

const missing = [
  ...(existsSync(chromiumPath()) ? [] : [`Chromium (${chromiumPath()})`]),
  ...(['pdfinfo', 'pdftotext', 'pdftohtml'].some((tool) => spawnSync(tool, ['-v']).error) ? ['poppler-utils'] : []),
];
const skipReason = missing.length ? ` — skipped: ${missing.join(' and ')} not installed` : '';
const run = (cmd: string, ...args: string[]): string => execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

/** A PDF of `pages` A4 pages, each saying "<text> sida n". */
async function pdfOf(text: string, pages: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let n = 1; n <= pages; n++) doc.addPage([595, 842]).drawText(`${text} sida ${n}`, { x: 60, y: 760, size: 14, font });
  return doc.save();
}

const appendix = (id: number, title: string, content: Uint8Array): Appendix => ({ id, title, fileName: `bilaga-${id}.pdf`, bytes: content.length, href: `/api/rounds/1/appendices/${id}` });

async function attach(id: number, title: string, content: Uint8Array): Promise<AttachedAppendix> {
  const a = await readAppendix(appendix(id, title, content), content);
  if (!a) throw new Error(`${title} could not be read`);
  return a;
}

describe('appendix documents after the report', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'prognos-append-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('puts every page of each appendix after the report, in their order, and counts where each starts', async () => {
    const attached = [await attach(1, 'Plan med budget', await pdfOf('Budgetplan', 1)), await attach(2, 'Internkontrollplan', await pdfOf('Internkontroll', 2))];
    expect([...appendixStarts(3, attached)]).toEqual([
      [1, 4],
      [2, 5],
    ]);
    const out = await PDFDocument.load(await appendAppendices(await pdfOf('Rapport', 3), attached));
    expect(out.getPageCount()).toBe(6);
    const file = join(dir, 'appended.pdf');
    writeFileSync(file, await out.save());
    if (!missing.includes('poppler-utils')) {
      const pages = run('pdftotext', file, '-').split('\f');
      expect(pages.slice(0, 6).map((p) => p.trim())).toEqual(['Rapport sida 1', 'Rapport sida 2', 'Rapport sida 3', 'Budgetplan sida 1', 'Internkontroll sida 1', 'Internkontroll sida 2']);
    }
  });

  it('adds a bookmark "Bilaga N: …" to the first page of each appendix', async () => {
    const attached = [await attach(7, 'Plan med budget 2021', await pdfOf('Budgetplan', 2)), await attach(9, 'Åtgärdslista', await pdfOf('Åtgärder', 1))];
    const file = join(dir, 'bookmarks.pdf');
    writeFileSync(file, await appendAppendices(await pdfOf('Rapport', 2), attached));
    if (missing.includes('poppler-utils')) return;
    const xml = run('pdftohtml', '-xml', '-stdout', '-i', '-q', file);
    const outline = /<outline>[\s\S]*<\/outline>/.exec(xml)?.[0] ?? '';
    expect(outline).toMatch(/<item page="3">Bilaga 1: Plan med budget 2021<\/item>\s*<item page="5">Bilaga 2: Åtgärdslista<\/item>/);
  });

  it('does not take an appendix that is not a readable PDF, or that is encrypted', async () => {
    const garbage = Buffer.from('%PDF-1.4\ninte en pdf\n%%EOF\n', 'latin1');
    expect(await readAppendix(appendix(1, 'Trasig', garbage), garbage)).toBeNull();
    // pdf-lib cannot encrypt: the trailer of a plain PDF given an /Encrypt dictionary, as an encrypted file has.
    const plain = Buffer.from(await PDFDocument.create().then(async (d) => (d.addPage(), d.save({ useObjectStreams: false })))).toString('latin1');
    const encrypted = Buffer.from(plain.replace('trailer\n<<', 'trailer\n<<\n/Encrypt << /Filter /Standard /V 1 /R 2 >>'), 'latin1');
    expect(encrypted.toString('latin1')).toContain('/Encrypt');
    expect(await readAppendix(appendix(2, 'Krypterad', encrypted), encrypted)).toBeNull();
  });
});

describe(`the report's PDF with its appendices, printed by Chromium${skipReason}`, () => {
  let store: Store;
  let model: ReportModel;
  let dir: string;
  let file: string;
  const budgetPlan = pdfOf('Kommunstyrelsens plan med budget', 2);

  beforeAll(async () => {
    if (missing.length) return;
    store = await openTestStore('embedded');
    const demo = (await buildDemo(store)).report;
    const content = await budgetPlan;
    const broken = Buffer.from('%PDF-1.4\ninte en pdf\n%%EOF\n', 'latin1');
    model = { ...demo, report: { ...demo.report, appendices: [appendix(1, 'Plan med budget 2021', content), appendix(2, 'Trasig bilaga', broken)] } };
    dir = mkdtempSync(join(tmpdir(), 'prognos-append-report-'));
    file = join(dir, 'report.pdf');
    const contents = new Map<number, Uint8Array>([
      [1, content],
      [2, broken],
    ]);
    writeFileSync(file, await renderReport(model, 'pdf', { appendixContent: async (a) => contents.get(a.id) }));
  }, 120_000);

  afterAll(async () => {
    await closePdfRenderer();
    await store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(missing.length > 0)('ends with the appendix pages, names the page they start on and stays tagged', () => {
    const info = run('pdfinfo', file);
    expect(info).toMatch(/Tagged:\s+yes/);
    const pages = run('pdftotext', '-layout', file, '-').replace(/[\u00a0\u202f]/g, ' ').split('\f').slice(0, -1);
    expect(Number(/Pages:\s+(\d+)/.exec(info)?.[1])).toBe(pages.length);
    const start = pages.length - 1;
    expect(pages[start - 1]).toContain('Kommunstyrelsens plan med budget sida 1');
    expect(pages[start]).toContain('Kommunstyrelsens plan med budget sida 2');
    const listing = pages.slice(0, start - 1).join('\n');
    expect(listing).toContain(`Bilaga 1: Plan med budget 2021, från sidan ${start}`);
    // the one that cannot be appended stays in the list, with its size, as a download
    expect(listing).toMatch(/Bilaga 2: Trasig bilaga .*\(PDF, 1 kB\)/);
    const xml = run('pdftohtml', '-xml', '-stdout', '-i', '-q', file);
    expect(xml).toContain(`<item page="${start}">Bilaga 1: Plan med budget 2021</item>`);
    expect(xml).not.toContain('Trasig bilaga</item>');
  });
});
