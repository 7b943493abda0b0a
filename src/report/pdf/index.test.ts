// The PDF is checked with poppler-utils, as a reader of the file sees it: pdfinfo (tagging, page
// size, pages, structure tree, named destinations), pdftotext (text per page) and pdftohtml -xml
// (the outline). CI installs Debian's chromium and poppler-utils (.ci/run); the tests skip only
// where either is missing, and say so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestStore } from '../../../test/support/store.ts';
import { buildDemo } from '../../demo/index.ts';
import type { Store } from '../../store/index.ts';
import { renderHtml } from '../html/index.ts';
import { withSampleChapters } from '../html/sample.ts';
import type { ReportModel } from '../model.ts';
import { chromiumPath, closePdfRenderer, footerTemplate, headerTemplate, renderPdf } from './index.ts';

const missing = [
  ...(existsSync(chromiumPath()) ? [] : [`Chromium (${chromiumPath()})`]),
  ...(['pdfinfo', 'pdftotext', 'pdftohtml'].some((tool) => spawnSync(tool, ['-v']).error) ? ['poppler-utils (pdfinfo, pdftotext, pdftohtml)'] : []),
];
const ARTIFACTS = join(import.meta.dirname, '..', '..', '..', 'test-artifacts');
const skipReason = missing.length ? ` — skipped: ${missing.join(' and ')} not installed` : '';

/** pdftotext may turn U+00A0 into a space, or keep it: compare with plain spaces. */
const normalise = (s: string): string => s.replace(/[\u00a0\u202f]/g, ' ');
const run = (cmd: string, ...args: string[]): string => execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

/** A table as the report HTML prints it: header labels, and per body row what its first printed line shows. */
interface PrintedTable {
  id: string;
  header: string[];
  rows: string[][];
}

const cellText = (html: string): string =>
  normalise(
    html
      .replace(/<[^>]*>/g, '')
      .replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e]!),
  ).trim();

/**
 * The tables of the report HTML in print order. A row's first printed line holds its unwrapped
 * cells (amounts, grid numbers and statuses: `white-space: nowrap`) whole, and the first word
 * of each wrapping grid cell (grid cells are top aligned). A financial table's row label is
 * vertically centred beside its amounts, so once it wraps it is on other lines: left out.
 * Group heading rows are left out too (their words also head the sections around the grids).
 */
function printedTables(html: string): PrintedTable[] {
  return [...html.matchAll(/<table\b([^>]*)>([\s\S]*?)<\/table>/g)]
    .map(([, attrs = '', inner = '']) => {
      const amounts = /class="amounts"/.test(attrs);
      const [, head = '', body = ''] = /<thead>([\s\S]*?)<\/thead>([\s\S]*)/.exec(inner) ?? [];
      const rows = [...body.matchAll(/<tr\b([^>]*)>([\s\S]*?)<\/tr>/g)]
        .filter(([, a = '']) => !/class="heading"/.test(a))
        .map(([, , cells = '']) =>
          [...cells.matchAll(/<(th|td)\b([^>]*)>([\s\S]*?)<\/\1>/g)].flatMap(([, tag, a = '', c = '']) => {
            const text = cellText(c);
            if (!text) return [];
            if (tag === 'td' && (amounts || /class="[^"]*\b(num|status)\b/.test(a))) return [text];
            return amounts ? [] : [text.split(/\s+/)[0]!];
          }),
        )
        .filter((r) => r.length);
      return { id: /id="([^"]*)"/.exec(attrs)?.[1] ?? '?', header: [...head.matchAll(/<th\b[^>]*>([\s\S]*?)<\/th>/g)].map(([, h = '']) => cellText(h)), rows };
    })
    .filter((t) => t.rows.length);
}

/** The first line at or after `from` showing these texts in order, each whole (not part of a word or number). */
function findLine(lines: string[][], texts: string[], from: { page: number; line: number }): { page: number; line: number } | null {
  const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+');
  const re = new RegExp(texts.map((t) => `(?<!\\S)${esc(t)}(?!\\S)`).join('.*'));
  for (let page = from.page; page < lines.length; page++) {
    for (let line = page === from.page ? from.line : 0; line < lines[page]!.length; line++) {
      if (re.test(lines[page]![line]!)) return { page, line };
    }
  }
  return null;
}

/** The words of header labels as a printed header shows them: a label may wrap at spaces and after hyphens. */
const headerWords = (labels: string[]): string[] => labels.flatMap((l) => l.split(/\s+|(?<=-)/)).filter((w) => w);

describe('PDF header and footer templates', () => {
  it('escapes the running header and numbers the pages in Swedish', () => {
    expect(headerTemplate('Rapport <b> & "x"')).toContain('Rapport &lt;b&gt; &amp; &quot;x&quot;');
    expect(headerTemplate('x')).toMatch(/font-size:\s*8pt/);
    expect(footerTemplate()).toContain('Sida <span class="pageNumber"></span> av <span class="totalPages"></span>');
  });
});

describe.skipIf(missing.length > 0)(`renderPdf${skipReason}`, () => {
  let store: Store;
  let demo: ReportModel;
  let dir: string;
  const files: Record<string, string> = {};

  beforeAll(async () => {
    store = await openTestStore('embedded');
    demo = (await buildDemo(store)).report;
    dir = mkdtempSync(join(tmpdir(), 'prognos-pdf-'));
    files.demo = join(dir, 'demo.pdf');
    files.chapters = join(dir, 'chapters.pdf');
    writeFileSync(files.demo, await renderPdf(demo));
    writeFileSync(files.chapters, await renderPdf(withSampleChapters(demo)));
    // for a look at the result (test-artifacts/ is not committed)
    mkdirSync(ARTIFACTS, { recursive: true });
    copyFileSync(files.demo, join(ARTIFACTS, 'demo-report.pdf'));
    copyFileSync(files.chapters, join(ARTIFACTS, 'sample-chapters-report.pdf'));
  });

  afterAll(async () => {
    await closePdfRenderer();
    await store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const info = (file: string): Record<string, string> =>
    Object.fromEntries(
      run('pdfinfo', file)
        .split('\n')
        .filter((l) => l.includes(':'))
        .map((l) => [l.slice(0, l.indexOf(':')).trim(), l.slice(l.indexOf(':') + 1).trim()]),
    );
  const pages = (file: string): string[] => normalise(run('pdftotext', '-layout', file, '-')).split('\f').slice(0, -1);

  it('prints the demo report as a tagged A4 PDF of several pages titled like the report', () => {
    const i = info(files.demo!);
    expect(i.Tagged).toBe('yes');
    expect(i['Page size']).toMatch(/^59[45]\.\d+ x 84[12]\.\d+ pts \(A4\)$/);
    expect(Number(i.Pages)).toBeGreaterThanOrEqual(2);
    expect(i.Title).toBe(demo.report.title);
  });

  it('prints the title, the Swedish numbers and "Sida N av M" on every page', () => {
    const text = pages(files.demo!);
    const total = Number(info(files.demo!).Pages);
    expect(text).toHaveLength(total);
    expect(text[0]).toContain('Delårsrapport med prognos 1 2024');
    const all = text.join('\n');
    expect(all).toContain('-49 987');
    expect(all).toContain('Kommunledning per enhet');
    expect(all).not.toMatch(/−|NaN|undefined/);
    text.forEach((page, n) => {
      expect(page).toContain(`Sida ${n + 1} av ${total}`);
      // running header: the report title on every page
      expect(page).toContain('Delårsrapport med prognos 1 2024');
    });
  });

  it('repeats the table header row on every page a table continues on', () => {
    // Each table's rows are located by their own printed content, in print order, so the pages a
    // table continues on are known whatever the page breaks (fonts, Chromium version) are. Above
    // its first row on such a page there is only the running header and, as it must be, the
    // table's header row.
    const lines = pages(files.demo!).map((p) => p.split('\n'));
    const continued: string[] = [];
    let cursor = { page: 0, line: -1 };
    for (const table of printedTables(renderHtml(demo))) {
      const at: Array<{ page: number; line: number }> = [];
      for (const row of table.rows) {
        const found = findLine(lines, row, { page: cursor.page, line: cursor.line + 1 });
        expect(found, `${table.id}: row ${JSON.stringify(row)} not found after page ${cursor.page + 1}`).not.toBeNull();
        // a table goes on from page to page: a row far after the previous one is not this row
        if (at.length) expect(found!.page - at[at.length - 1]!.page, `${table.id}: row ${JSON.stringify(row)}`).toBeLessThanOrEqual(1);
        at.push(found!);
        cursor = found!;
      }
      // the page it starts on too: a column run off the page's edge is missing from the header there
      for (const page of new Set(at.map((a) => a.page))) {
        const firstRow = Math.min(...at.filter((a) => a.page === page).map((a) => a.line));
        const above = lines[page]!.slice(0, firstRow).join('\n');
        for (const word of headerWords(table.header)) expect(above, `${table.id} on page ${page + 1}: header ${JSON.stringify(table.header)}`).toContain(word);
        if (page !== at[0]!.page) continued.push(`${table.id} on page ${page + 1}`);
      }
    }
    // the demo's tables run over several pages: the check above did happen
    expect(continued.length, continued.join(', ')).toBeGreaterThanOrEqual(2);
  });

  it('starts every chapter on a new page', () => {
    const dests = run('pdfinfo', '-dests', files.chapters!);
    const top = (name: string): RegExpMatchArray | null => new RegExp(`^\\s*(\\d+) \\[ XYZ\\s+0\\s+(\\d+) null\\s*\\] "${name}"`, 'm').exec(dests);
    const pageHeight = Math.round(Number(/x ([\d.]+) pts/.exec(info(files.chapters!)['Page size']!)![1]));
    const chapters = ['sammanfattning', 'mal', 'ekonomi', 'bilaga-investeringar'].map(top);
    for (const c of chapters) {
      expect(c).not.toBeNull();
      expect(Math.abs(Number(c![2]) - pageHeight)).toBeLessThanOrEqual(1);
    }
    expect(new Set(chapters.map((c) => c![1])).size).toBe(chapters.length);
    // a section (level 2) follows on the same page as its chapter's text
    expect(top('mal-namnd')![1]).toBe(top('mal')![1]);
  });

  it('tags headings, tables with header cells and scopes, and charts as figures with the Swedish description', () => {
    const struct = run('pdfinfo', '-struct', files.chapters!);
    for (const tag of ['H1', 'H2', 'H3', 'H4', 'Table', 'TR', 'TH', 'TD', 'Caption', 'Figure', 'L', 'LI', 'P']) {
      expect(struct, tag).toMatch(new RegExp(`^\\s*${tag}\\b`, 'm'));
    }
    expect(struct).toMatch(/\/Scope \/Column/);
    expect(struct).toMatch(/\/Scope \/Row/);
    const raw = readFileSync(files.chapters!).toString('latin1');
    const alt = (s: string): string => `<FEFF${Buffer.from(s, 'utf16le').swap16().toString('hex').toUpperCase()}>`;
    const description = withSampleChapters(demo).sections.flatMap((s) => s.blocks).find((b) => b.type === 'chart')!;
    expect(description.type).toBe('chart');
    if (description.type === 'chart') expect(raw).toContain(`/Alt ${alt(description.chart.description)}`);
    // Vega's English aria texts reach neither the printed text nor the structure tree's strings
    const text = run('pdftotext', '-layout', files.chapters!, '-');
    for (const english of ['mark container', 'graphics-symbol', 'X-axis', 'Y-axis', 'Bar chart', 'Line chart']) {
      expect(text).not.toContain(english);
      expect(raw).not.toContain(english);
      expect(raw).not.toContain(alt(english).slice(5, -1));
    }
  });

  it('prints the chapter headings and chart values in Swedish', () => {
    const all = pages(files.chapters!).join('\n');
    for (const h of ['1 Sammanfattning', '2.1 Nämndens mål', '3 Ekonomi', 'Bilaga 1 Investeringar', 'Mål 90%']) expect(all).toContain(h);
  });

  it('has an outline of the chapters and sections, and Swedish as the document language', () => {
    const xml = run('pdftohtml', '-xml', '-stdout', '-i', '-q', files.chapters!);
    const outline = /<outline>[\s\S]*<\/outline>/.exec(xml)?.[0] ?? '';
    for (const item of ['1 Sammanfattning', '2 Mål och uppdrag', '2.1 Nämndens mål', '2.1.1 Handläggningstider', '3.1 Resultat per enhet', 'Bilaga 1 Investeringar']) {
      expect(outline).toContain(`>${item}</item>`);
    }
    // 2.1 is nested below 2, 2.1.1 below 2.1
    expect(outline).toMatch(/2 Mål och uppdrag<\/item>\s*<outline>\s*<item page="\d+">2\.1 Nämndens mål<\/item>\s*<outline>\s*<item page="\d+">2\.1\.1 Handläggningstider/);
    const raw = readFileSync(files.chapters!).toString('latin1');
    expect(raw).toMatch(/\/Type \/Catalog[^]*?\/Lang \(sv\)|\/Lang \(sv\)[^]*?\/Type \/Catalog/);
    expect(raw).toContain('/Outlines');
  });

  it('prints several PDFs at once with one browser and again after it was closed', async () => {
    const [a, b] = await Promise.all([renderPdf(demo), renderPdf(demo, { headerText: 'Annat sidhuvud' })]);
    expect(a.subarray(0, 5).toString()).toBe('%PDF-');
    expect(b.subarray(0, 5).toString()).toBe('%PDF-');
    await closePdfRenderer();
    const c = await renderPdf(demo);
    expect(c.subarray(0, 5).toString()).toBe('%PDF-');
    const file = join(dir, 'header.pdf');
    writeFileSync(file, b);
    expect(pages(file)[0]).toContain('Annat sidhuvud');
  });
});
