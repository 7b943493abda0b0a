// The demo's Delårsrapport contains every chapter of reference report 003 with our figures,
// in HTML, PDF, DOCX and XLSX — each read back from the produced file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import readXlsxFile from 'read-excel-file/node';
import { openTestStore } from './support/store.ts';
import { buildDemo } from '../src/demo/index.ts';
import type { ReportModel } from '../src/report/index.ts';
import { renderHtml } from '../src/report/html/index.ts';
import { renderDocx } from '../src/report/docx/index.ts';
import { renderXlsx } from '../src/report/xlsx/index.ts';
import { closePdfRenderer, renderPdf } from '../src/report/pdf/index.ts';
import type { Store } from '../src/store/index.ts';

/** Every chapter heading of reference report 003, as printed there. */
const CHAPTERS_003 = [
  '1 Förslag till beslut',
  '2 Kommundirektörens bedömning och analys',
  '2.1 Analys av verksamhetens prognos',
  '2.2 Händelser av väsentlig betydelse',
  '2.3 Förväntad utveckling 2025–2027',
  '3 Delårsresultat och prognos 1 för år 2024',
  '3.1 Enheternas delårsresultat och prognos',
  '3.2 Intäkts- och kostnadsutveckling',
  '3.3 Ekonomiskt delårsresultat och prognos per verksamhet (verksamhetsindelning enligt SCB:s RS-kod)',
  '3.4 Investeringar',
  'Bilaga 1: Planerade och vidtagna åtgärder',
  'Bilaga 2: Uppföljning av strategiska mål och uppdrag',
  'Utgångspunkter för Örebro kommuns verksamhet',
  'Lärande, utbildning och arbetsmarknad',
  'Ett tryggt Örebro genom livet',
  'Ett hållbart och växande Örebro',
  'Näringsliv, tillväxt, civilsamhälle och kultur',
];

const NBSP = /\u00a0/g;
const dir = mkdtempSync(join(tmpdir(), 'prognos-formats-'));
const hasPdfTools = existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium') && (() => {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('the demo Delårsrapport in every format', () => {
  let store: Store;
  let model: ReportModel;
  beforeAll(async () => {
    store = await openTestStore('embedded');
    model = (await buildDemo(store)).report;
  });
  afterAll(async () => {
    await store?.close();
    await closePdfRenderer();
  });

  it('has every chapter of report 003 in the model, in order', () => {
    const titles = model.sections.map((s) => (s.number ? `${s.number} ${s.title}` : s.title));
    const positions = CHAPTERS_003.map((c) => titles.indexOf(c));
    expect(positions.every((p) => p >= 0), `missing: ${CHAPTERS_003.filter((_, i) => positions[i]! < 0).join(' | ')}`).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    // Every chapter has content: text, a table or a grid.
    for (const s of model.sections) if (s.level < 3 && !['enheter', 'kontogrupper', 'verksamheter', 'bedomning-och-analys'].includes(s.id)) expect(s.blocks.length, s.title).toBeGreaterThan(0);
  });

  it('says in the goal follow-up that ekonomi i balans is not met, from our own figures', () => {
    const grids = model.sections.flatMap((s) => s.blocks.flatMap((b) => (b.type === 'grid' ? [b.grid] : [])));
    const row = grids.flatMap((g) => g.rows).find((r) => String(r.cells.goal ?? '').startsWith('1.1 Kommunstyrelsen ska ha en ekonomi i balans'));
    expect(row?.cells.status).toBe('Uppfylls ej');
  });

  it('HTML: every chapter is a heading and the figures are printed Swedish style', () => {
    const html = renderHtml(model).replace(NBSP, ' ');
    const headings = [...html.matchAll(/<h[1-6][^>]*>([^<]*)<\/h[1-6]>/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
    for (const c of CHAPTERS_003) expect(headings, c).toContain(c);
    expect(html).toContain('-48 999');
    expect(html).toContain('Uppfylls ej');
  });

  it('DOCX: every chapter is a Word heading, tables repeat their header row, figures are there', async () => {
    const zip = await JSZip.loadAsync(await renderDocx(model));
    const doc = await zip.file('word/document.xml')!.async('string');
    const paragraphs = [...doc.matchAll(/<w:p(?: [^>]*)?>[\s\S]*?<\/w:p>/g)].map((m) => m[0]);
    const headingTexts = paragraphs
      .filter((p) => /<w:pStyle w:val="Heading[1-3]"\/>/.test(p))
      .map((p) => [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''));
    for (const c of CHAPTERS_003) expect(headingTexts, c).toContain(c);
    expect(doc).toContain('<w:tblHeader/>');
    expect(doc.replace(NBSP, ' ')).toContain('-48 999');
  });

  it('XLSX: a sheet per table with the numbers stored as numbers', async () => {
    const sheets = await readXlsxFile(await renderXlsx(model));
    const names = sheets.map((s) => s.sheet);
    expect(names[0]).toBe('Innehåll');
    expect(names.length).toBeGreaterThanOrEqual(1 + model.tables.length);
    const net = model.tables.find((t) => t.id === 'net-summary:KS')!;
    const sheet = sheets.find((s) => s.sheet.startsWith(net.title.slice(0, 20)));
    expect(sheet).toBeDefined();
    const total = (sheet!.data as unknown[][]).find((r) => r[0] === 'Nettokostnad')!;
    expect(total.slice(1)).toEqual(net.columns.map((c) => net.total.values[c.key]));
    expect(typeof total[1]).toBe('number');
  });

  it.skipIf(!hasPdfTools)('PDF: tagged A4 with every chapter and the figures in its text', async () => {
    const file = join(dir, 'demo.pdf');
    writeFileSync(file, await renderPdf(model));
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    expect(info).toMatch(/Tagged:\s+yes/);
    expect(info).toMatch(/Page size:\s+59[45]\.\d+ x 84[12]\.\d+ pts \(A4\)/);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(NBSP, ' ').replace(/[ \t]+/g, ' ');
    for (const c of CHAPTERS_003.slice(0, 12)) expect(text, c).toContain(c.split(' (')[0]!);
    expect(text).toContain('-48 999');
  });
});
