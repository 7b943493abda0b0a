// Every demo PDF read back as a reader sees it (poppler-utils: pdfinfo, pdffonts, pdftotext
// -bbox-layout): A4 pages, legible text, nothing outside the page, the contents' page numbers
// where the headings stand, captions and headings never left alone at the bottom of a page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestStore } from '../../../test/support/store.ts';
import { buildDemo } from '../../demo/index.ts';
import type { Store } from '../../store/index.ts';
import type { ReportModel } from '../model.ts';
import { gridRecords, isReflowed } from '../print.ts';
import { destinationPages } from './destinations.ts';
import { chromiumPath, closePdfRenderer, renderPdf } from './index.ts';
import { fonts, pageSizes, popplerDestinations, readPdf, type PdfLine, type PdfPage } from '../../../test/support/pdf-readback.ts';
import { reportMeta } from '../../../test/support/report-meta.ts';

const missing = [
  ...(existsSync(chromiumPath()) ? [] : [`Chromium (${chromiumPath()})`]),
  ...(['pdfinfo', 'pdftotext', 'pdffonts'].some((tool) => spawnSync(tool, ['-v']).error) ? ['poppler-utils'] : []),
];
const ARTIFACTS = join(import.meta.dirname, '..', '..', '..', 'test-artifacts');
const MM = 72 / 25.4;
/** The smallest text size allowed outside footnotes, in pt (the estimate is good to ±0.05 pt). */
const MIN_PT = 7.5;
const TOLERANCE = 0.05;

const squash = (s: string): string => s.replace(/[\u00a0\u202f\s]+/g, ' ').trim();
const label = (s: { number: string | null; title: string }): string => squash(s.number ? `${s.number} ${s.title}` : s.title);

interface Printed {
  name: string;
  model: ReportModel;
  file: string;
  pdf: Buffer;
  pages: PdfPage[];
}

/** The lines of a page's body: without the running header and the footer. */
/** Whether `text` is `label` or its first words (a label wrapped over lines). */
const startsLabel = (label: string, text: string): boolean => text.length >= 3 && (label === text || label.startsWith(`${text} `));

/** The first line from `from` on where `label` stands, wrapped over at most three lines; -1 when none. */
function findWrapped(lines: PdfLine[], from: number, label: string): number {
  for (let i = from; i < lines.length; i++) {
    let text = squash(lines[i]!.text);
    for (let k = 1; text !== label && startsLabel(label, text) && k < 3 && i + k < lines.length; k++) text = `${text} ${squash(lines[i + k]!.text)}`;
    if (text === label) return i;
  }
  return -1;
}

/** The lines that start at the left edge of `caption` (its table's labels), top to bottom, page by page. */
function labelColumn(lines: PdfLine[], caption: PdfLine): PdfLine[] {
  // labels stand a cell padding (≈ 3 pt) right of the caption; the figures start far to the right
  return lines.filter((l) => l.xMin < caption.xMin + 20).sort((a, b) => a.page - b.page || a.yMin - b.yMin);
}

function bodyLines(p: PdfPage, model: ReportModel): PdfLine[] {
  return p.lines.filter((l) => squash(l.text) !== squash(model.report.title) && !/^Sida \d+ av \d+$/.test(squash(l.text)));
}

/** Captions and headings of the model: none of them may end a page. */
function captionsOf(model: ReportModel): Set<string> {
  const out = new Set<string>(model.sections.map(label));
  for (const t of model.tables) out.add(squash(`${t.title} (tkr)`));
  for (const b of model.sections.flatMap((s) => s.blocks)) {
    if (b.type === 'grid') {
      out.add(squash(b.grid.title));
      if (isReflowed(b.grid)) for (const r of gridRecords(b.grid)) out.add(squash(r.title));
    }
    if (b.type === 'subheading') out.add(squash(b.text));
  }
  return out;
}

describe.skipIf(missing.length > 0)(`every demo PDF, read back${missing.length ? ` — skipped: ${missing.join(', ')} missing` : ''}`, () => {
  let store: Store;
  let dir: string;
  const printed: Printed[] = [];

  beforeAll(async () => {
    store = await openTestStore('embedded');
    const demo = await buildDemo(store);
    dir = mkdtempSync(join(tmpdir(), 'prognos-print-'));
    mkdirSync(ARTIFACTS, { recursive: true });
    for (const [name, model] of [
      ['delarsrapport-p1-2024', demo.report],
      ['programnamnd-p2-2022', demo.programmeReport],
    ] as const) {
      const pdf = await renderPdf(model);
      const file = join(dir, `${name}.pdf`);
      writeFileSync(file, pdf);
      writeFileSync(join(ARTIFACTS, `${name}.pdf`), pdf);
      printed.push({ name, model, file, pdf, pages: readPdf(file, model.report.title) });
    }
  }, 300_000);

  afterAll(async () => {
    await closePdfRenderer();
    await store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('prints every page on A4, portrait or landscape', () => {
    for (const p of printed) {
      const sizes = pageSizes(p.file);
      expect(sizes.length, p.name).toBe(p.pages.length);
      for (const s of sizes) expect(s, p.name).toMatch(/^(59[45]\.\d+ x 84[12]\.\d+|84[12]\.\d+ x 59[45]\.\d+) pts \(A4\)/);
    }
  });

  it('prints no text line under 7.5 pt (nothing is shrunk to fit): body text 9.5 pt, tables 8 pt', () => {
    for (const p of printed) {
      const lines = p.pages.flatMap((pg) => pg.lines);
      const small = lines.filter((l) => l.size < MIN_PT - TOLERANCE).map((l) => `p${l.page} ${l.size.toFixed(2)} pt: ${l.text.slice(0, 40)}`);
      expect(small, p.name).toEqual([]);
      const sizes = lines.map((l) => Math.round(l.size * 2) / 2);
      expect(sizes.filter((s) => s === 9.5).length, p.name).toBeGreaterThan(50);
      expect(sizes.filter((s) => s === 8).length, p.name).toBeGreaterThan(50);
    }
  });

  it('prints nothing outside the page box, and no text past the side margins', () => {
    for (const p of printed) {
      for (const pg of p.pages) {
        for (const l of pg.lines) {
          const where = `${p.name} p${pg.number}: ${l.text.slice(0, 40)}`;
          expect(l.xMin >= 0 && l.yMin >= 0 && l.xMax <= pg.width && l.yMax <= pg.height, where).toBe(true);
          // 16 mm side margins: a table cut off or wider than the content box would cross them
          expect(l.xMin, where).toBeGreaterThanOrEqual(16 * MM - 1);
          expect(l.xMax, where).toBeLessThanOrEqual(pg.width - 16 * MM + 1);
        }
      }
    }
  });

  it('embeds every font', () => {
    for (const p of printed) {
      const list = fonts(p.file);
      expect(list.length, p.name).toBeGreaterThan(0);
      for (const f of list) expect(f.embedded, `${p.name}: ${f.name}`).toBe(true);
    }
  });

  it('prints a cover with the municipality, the board, the title, the period and the decision', () => {
    const p1 = printed[0]!;
    const cover = p1.pages[0]!.lines.map((l) => squash(l.text));
    expect(cover).toEqual(expect.arrayContaining(['Demokommunen', squash(p1.model.report.title), 'Beslutad av Kommunstyrelsen den 3 juni 2024']));
    expect(cover.join(' ')).toContain('Utfall januari–mars 2024');
  });

  it('reads the pages of the named destinations as poppler does', () => {
    for (const p of printed) {
      const ours = destinationPages(p.pdf);
      expect(ours.size, p.name).toBeGreaterThan(0);
      expect(Object.fromEntries(ours), p.name).toEqual(Object.fromEntries(popplerDestinations(p.file)));
    }
  });

  it('prints in the contents the page each heading stands on', () => {
    for (const p of printed) {
      const tocPages = p.pages.filter((pg) => pg.lines.some((l) => squash(l.text) === 'Innehåll'));
      expect(tocPages.length, p.name).toBeGreaterThan(0);
      // an entry is one or more lines; its page number stands on the baseline of its first line
      const numbered = tocPages.flatMap((pg) =>
        pg.lines
          .filter((l) => /^\d+$/.test(squash(l.text)) && l.xMin > pg.width / 2)
          .map((n) => {
            const text = pg.lines.filter((l) => l !== n && Math.abs(l.yMax - n.yMax) < 1).map((l) => squash(l.text)).join(' ');
            return [n, text, squash(n.text)] as const;
          }),
      );
      const entries = p.model.sections.map(label);
      expect(numbered.length, p.name).toBe(entries.length);
      numbered.forEach((m, i) => {
        const entry = entries[i]!;
        expect(entry.startsWith(m[1]!), `${entry} / ${m[1]}`).toBe(true);
        const page = p.pages[Number(m[2]) - 1]!;
        const lines = bodyLines(page, p.model).map((l) => squash(l.text));
        // the heading is a line of its own on that page (or the first of its wrapped lines)
        const found = lines.some((_, k) => [1, 2, 3].some((n) => lines.slice(k, k + n).join(' ') === entry));
        expect(found, `${p.name}: "${entry}" on page ${m[2]}`).toBe(true);
      });
    }
  });

  it('leaves no caption or heading alone at the bottom of a page, and no page without text', () => {
    for (const p of printed) {
      const captions = captionsOf(p.model);
      for (const pg of p.pages) {
        const body = bodyLines(pg, p.model);
        expect(body.length, `${p.name} p${pg.number} is empty`).toBeGreaterThan(0);
        const last = squash(body.at(-1)!.text);
        expect(captions.has(last), `${p.name} p${pg.number} ends with "${last}"`).toBe(false);
        expect(body.every((l) => captions.has(squash(l.text))), `${p.name} p${pg.number} holds only headings`).toBe(false);
      }
    }
  });

  it('never prints a total row alone: it stands on the page of the row above it', () => {
    for (const p of printed) {
      const lines = p.pages.flatMap((pg) => bodyLines(pg, p.model));
      let checked = 0;
      for (const t of p.model.tables) {
        const caption = lines.find((l) => squash(l.text) === squash(`${t.title} (tkr)`));
        if (!caption || t.rows.length === 0) continue;
        // The label column in the order a reader sees it (top to bottom, page by page): pdftotext's
        // reading order runs a short table by columns and puts its labels after its figures.
        const column = labelColumn(lines, caption);
        const start = column.indexOf(caption);
        const last = t.rows.at(-1)!;
        // labels as the renderers print them: subtotals and the net summary's rows by name
        const code = t.kind === 'net-summary' ? '' : last.code;
        const label = squash(last.kind === 'subtotal' ? `Summa ${last.name}` : code && code !== last.name ? `${code} ${last.name}` : last.name);
        // the last row's label is the first line (or lines, when it wraps) after the caption that
        // names it, and the total's label comes next
        const above = findWrapped(column, start + 1, label);
        const totalLabel = squash(t.total.label);
        const total = above < 0 ? -1 : column.findIndex((l, i) => i > above && startsLabel(totalLabel, squash(l.text)));
        expect(total, `${p.name}: total of ${t.title}`).toBeGreaterThan(start);
        expect(above, `${p.name}: last row of ${t.title}`).toBeGreaterThan(start);
        expect(column[total]!.page - column[start]!.page, `${p.name}: ${t.title} spans`).toBeLessThanOrEqual(3);
        expect(column[total]!.page, `${p.name}: ${t.title}`).toBe(column[above]!.page);
        checked++;
      }
      expect(checked, p.name).toBe(p.model.tables.length);
    }
  });
});

describe.skipIf(missing.length > 0)(`a table too wide for A4 portrait, printed${missing.length ? ' — skipped' : ''}`, () => {
  const META: ReportModel['report'] = reportMeta({ organisationName: 'Provkommunen' });
  const table = (id: string, title: string, columns: number, amount: number): ReportModel['tables'][number] => {
    const cols = Array.from({ length: columns }, (_, i) => ({ key: `c${i}`, label: `Kolumn ${i + 1}` }));
    const values = Object.fromEntries(cols.map((c) => [c.key, amount]));
    const rows = Array.from({ length: 6 }, (_, i) => ({ code: `E${i}`, name: `Enhet ${i}`, group: 'G', values }));
    return { id, kind: 'units', scope: 'N', title, columns: cols, rows, total: { label: 'Summa N', values } } as unknown as ReportModel['tables'][number];
  };
  let dir: string;
  let file: string;
  let model: ReportModel;

  beforeAll(async () => {
    model = {
      report: META,
      // twelve columns: landscape by rule; nine columns of twelve-digit amounts: measured too wide
      tables: [table('tolv', 'Tolv kolumner', 12, -123456), table('breda', 'Stora belopp', 9, -123456789012)],
      sections: [
        { id: 'a', number: '1', title: 'Före', level: 1, blocks: [{ type: 'paragraph', text: 'Text före tabellerna.' }, { type: 'table', tableId: 'tolv' }] },
        { id: 'b', number: '2', title: 'Mitten', level: 1, blocks: [{ type: 'paragraph', text: 'Text mellan.' }, { type: 'table', tableId: 'breda' }] },
        { id: 'c', number: '3', title: 'Efter', level: 1, blocks: [{ type: 'paragraph', text: 'Text efter tabellerna.' }] },
      ],
    };
    dir = mkdtempSync(join(tmpdir(), 'prognos-wide-'));
    file = join(dir, 'wide.pdf');
    writeFileSync(file, await renderPdf(model));
  }, 120_000);

  afterAll(async () => {
    await closePdfRenderer();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('puts each on a landscape page at full size and keeps the text around them on portrait pages', () => {
    const pages = readPdf(file, META.title);
    const sizes = pageSizes(file);
    const landscape = (n: number): boolean => /^84[12]\.\d+ x 59[45]/.test(sizes[n - 1]!);
    for (const caption of ['Tolv kolumner (tkr)', 'Stora belopp (tkr)']) {
      const page = pages.find((p) => p.lines.some((l) => squash(l.text) === caption));
      expect(page, caption).toBeDefined();
      expect(landscape(page!.number), caption).toBe(true);
    }
    for (const text of ['Text före tabellerna.', 'Text efter tabellerna.']) {
      const page = pages.find((p) => p.lines.some((l) => squash(l.text) === text))!;
      expect(landscape(page.number), text).toBe(false);
    }
    for (const p of pages) {
      for (const l of p.lines) {
        expect(l.size, l.text).toBeGreaterThanOrEqual(MIN_PT - TOLERANCE);
        expect(l.xMax, l.text).toBeLessThanOrEqual(p.width - 16 * MM + 1);
      }
    }
    expect(pages.flatMap((p) => p.lines).filter((l) => squash(l.text).includes('-123 456 789 012')).length).toBeGreaterThanOrEqual(7);
  });
});
