/**
 * The report as one self-contained, accessible HTML file: `lang="sv"`, one `<main>` landmark,
 * real headings in order, tables with `<caption>` or a heading as their name and `<th scope>`,
 * charts as named images, Swedish number format, unique ids. Every text is escaped.
 *
 * Print CSS (the PDF is this page printed by Chromium): A4, a cover page and a contents page,
 * every chapter (level 1) on a new page, nothing wider than the A4 content box (never scaled to
 * fit: grids too wide are reflowed into one block per row, tables too wide go on a landscape
 * page — `print.ts` decides), table header rows repeated on each page, no row split across
 * pages, a caption and header row kept with the first rows and the total with the last,
 * headings kept with what follows them, charts never split.
 */
import { formatValue, styleOf } from '../../core/format/index.ts';
import type { Table } from '../../core/compute/index.ts';
import { formatDecimal } from '../../core/format/index.ts';
import { chartSvg } from '../charts/index.ts';
import { hasAppendixChapter, type Block, type Chart, type Grid, type ReportModel, type Section } from '../model.ts';
import { gridRecords, isReflowed, rowGroups, tableOrientation } from '../print.ts';
import { FRONT_CSS, renderCover, renderToc } from './front.ts';
import { appendixList, DOCUMENT_CSS, inlineHtml, renderAppendices, renderDecision, renderFootnotes, type NoteContext } from './document.ts';

export interface HtmlOptions {
  /** PDF page of each section (by element id): printed in the contents. */
  pageNumbers?: ReadonlyMap<string, number>;
  /** Element ids of blocks printed on a landscape page (besides those `print.ts` puts there). */
  landscape?: ReadonlySet<string>;
  /** The PDF page each appendix (by id) starts on, when it is appended to the PDF. */
  appendixPages?: ReadonlyMap<number, number>;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

const FONT = 'Arial, "Liberation Sans", "DejaVu Sans", sans-serif';
const ACCENT = '#1f4e79';

const CSS = `
.placeholder { border: 2px dashed #8a1c1c; color: #8a1c1c; background: #fff5f5; padding: 0.4em 0.6em; font-style: italic; }
:root { color-scheme: light; }
html { font-size: 16px; }
body { font-family: ${FONT}; color: #1a1a1a; background: #fff; margin: 0; line-height: 1.45; }
main { max-width: 60rem; margin: 0 auto; padding: 2rem 1.5rem 4rem; }
.title-block { border-top: 6px solid ${ACCENT}; padding-top: 1.25rem; margin-bottom: 2rem; }
.title-block .organisation { margin: 0 0 .4rem; font-size: .95rem; font-weight: 600; color: ${ACCENT}; letter-spacing: .02em; }
h1 { font-size: 1.9rem; line-height: 1.2; margin: 0 0 .6rem; color: #10273d; }
.title-block .meta { margin: .2rem 0; color: #404040; }
h2, h3, h4, h5, h6 { color: #10273d; line-height: 1.25; }
h2 { font-size: 1.45rem; margin: 2.6rem 0 .8rem; padding-bottom: .3rem; border-bottom: 2px solid ${ACCENT}; }
h3 { font-size: 1.15rem; margin: 2rem 0 .6rem; }
h4 { font-size: 1rem; margin: 1.6rem 0 .5rem; }
h5, h6 { font-size: .95rem; margin: 1.4rem 0 .4rem; }
p, ul { max-width: 46rem; }
nav.toc { margin: 1.5rem 0 2rem; }
nav.toc h2 { border-bottom: none; margin-top: 0; }
nav.toc ol { list-style: none; padding-left: 0; margin: 0; }
nav.toc li { padding: .15rem 0; }
nav.toc li.toc-1 { font-weight: 600; margin-top: .35rem; }
nav.toc li.toc-2 { padding-left: 1.5rem; }
nav.toc li.toc-3 { padding-left: 3rem; font-size: .95rem; }
nav.toc a { color: ${ACCENT}; text-decoration: none; }
nav.toc a:hover, nav.toc a:focus { text-decoration: underline; }
table { border-collapse: collapse; width: 100%; font-size: .85rem; margin: .4rem 0 1.8rem; }
caption { caption-side: top; text-align: left; font-weight: 700; padding: .2rem 0 .45rem; color: #1a1a1a; }
p.table-note { font-size: .85rem; color: #404040; margin: .3rem 0 1rem; }
caption.unit-caption { font-weight: normal; font-size: .85rem; color: #404040; text-align: right; }
.unit { font-weight: normal; color: #404040; }
th, td { padding: .3rem .5rem; border-bottom: 1px solid #d0d0d0; }
thead th { background: ${ACCENT}; color: #fff; font-weight: 600; vertical-align: bottom; text-align: right; border-bottom: none; }
thead th:first-child, tbody th { text-align: left; }
tbody th { font-weight: normal; min-width: 11em; }
td { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.subtotal th, tr.subtotal td { font-weight: 700; background: #eef3f8; }
tr.total th, tr.total td { font-weight: 700; border-top: 2px solid #1a1a1a; border-bottom: 2px solid #1a1a1a; background: #e2e9f1; }
table.grid td, table.grid th { white-space: normal; text-align: left; vertical-align: top; }
table.grid tbody th { min-width: 8em; }
table.grid td.num, table.grid th.num { text-align: right; }
/* numbers stay whole; a number column's label wraps like any other, or a wide grid (the measures) runs off the printed page */
table.grid td.num, table.grid tbody th.num { white-space: nowrap; }
tr.heading th { background: #eef3f8; font-weight: 700; text-align: left; }
.status { font-weight: 600; white-space: nowrap; }
.status-good { color: #1b5e20; } .status-partly { color: #7a4f00; } .status-bad { color: #8b0000; }
figure.chart { margin: 1rem 0 2rem; }
figure.chart figcaption { font-weight: 700; padding: .2rem 0 .45rem; }
figure.chart svg { display: block; max-width: 100%; height: auto; }
@media screen {
  /* A wide table scrolls inside its own box, never the page; its row labels stay in view. */
  .table-scroll { overflow-x: auto; margin: .4rem 0 1.8rem; }
  .table-scroll > table { margin: 0; }
  .table-scroll:focus-visible { outline: 3px solid ${ACCENT}; outline-offset: 2px; }
  .table-scroll thead th:first-child, .table-scroll tbody th { position: sticky; left: 0; z-index: 1; background: #fff; }
  .table-scroll thead th:first-child { background: ${ACCENT}; }
  .table-scroll tr.subtotal th { background: #eef3f8; }
  .table-scroll tr.total th { background: #e2e9f1; }
  .table-scroll tr.heading th { position: static; background: #eef3f8; }
  .table-scroll tbody th { box-shadow: inset -1px 0 0 #d0d0d0; }
  h1, h2, h3, h4, h5, h6, p, li { overflow-wrap: break-word; }
}
@media screen and (max-width: 40em) {
  main { padding: 1rem .75rem 3rem; }
  h1 { font-size: 1.5rem; }
  h2 { font-size: 1.25rem; }
  tbody th { min-width: 8em; }
  table.grid tbody th { min-width: 6em; }
}
table.record { margin: .2rem 0 1.2rem; }
table.record caption { font-size: 1rem; }
table.record tbody th { width: 13em; min-width: 0; font-weight: 600; vertical-align: top; }
table.record td { white-space: normal; text-align: left; }
.records > .records-title { font-weight: 700; margin: .4rem 0 .6rem; }
@page { size: A4; margin: 22mm 16mm 20mm 16mm; }
@page landscape { size: A4 landscape; margin: 22mm 16mm 20mm 16mm; }
@media print {
  html { font-size: 9.5pt; }
  main { max-width: none; margin: 0; padding: 0; }
  p, ul { max-width: none; }
  h1 { font-size: 21pt; }
  h2 { font-size: 15pt; margin-top: 1.6rem; }
  h3 { font-size: 12pt; }
  h4 { font-size: 10.5pt; }
  section.level-1 { break-before: page; }
  section.level-1 > h2 { margin-top: 0; }
  h2, h3, h4, h5, h6, caption, figcaption, .records-title { break-after: avoid; }
  p, li { orphans: 3; widows: 3; }
  table { font-size: 8pt; break-inside: auto; }
  thead { display: table-header-group; }
  tfoot { display: table-footer-group; }
  tr, th, td { break-inside: avoid; }
  th, td { padding: .2rem .3rem; }
  thead th { background: #dfe7f0; color: #10273d; border-bottom: 1.5pt solid ${ACCENT}; overflow-wrap: break-word; }
  tbody th { min-width: 0; }
  table.grid tbody th { min-width: 0; }
  tbody.keep { break-inside: avoid; }
  tbody.first { break-before: avoid; }
  tr.heading { break-after: avoid; }
  table.record { break-inside: avoid; font-size: 9pt; }
  table.record tbody th { width: 40mm; }
  .print-landscape { page: landscape; }
  figure.chart { break-inside: avoid; }
  figure.chart svg { width: auto; max-width: 100%; }
  nav.toc a { color: #1a1a1a; }
  img, svg { max-width: 100%; }
}${FRONT_CSS}${DOCUMENT_CSS}`;

/**
 * A table in a box of its own that scrolls sideways on a narrow screen: a named region that the
 * keyboard can reach (axe's scrollable-region-focusable), named after the table. Print ignores it.
 */
function scrollBox(ids: Ids | undefined, name: { id: string; text: string }, table: string): string {
  // Regions are landmarks: two of the same name get a number (axe's landmark-unique).
  const n = ids?.name(name.text) ?? 1;
  const label = n === 1 ? `aria-labelledby="${escapeHtml(name.id)}"` : `aria-label="${escapeHtml(`${name.text} (${n})`)}"`;
  return `<div class="table-scroll" role="region" tabindex="0" ${label}>\n${table}\n</div>`;
}

/** Ids as HTML allows them (no whitespace), unique within the page. */
class Ids {
  private readonly used = new Set<string>();
  private readonly names = new Map<string, number>();

  /** How many times this accessible name has been given (1 the first time). */
  name(text: string): number {
    const n = (this.names.get(text) ?? 0) + 1;
    this.names.set(text, n);
    return n;
  }

  take(base: string): string {
    const clean = base.replace(/\s+/g, '-') || 'x';
    let id = clean;
    for (let n = 2; this.used.has(id); n++) id = `${clean}-${n}`;
    this.used.add(id);
    return id;
  }
}

function rowLabel(code: string, name: string): string {
  return code && code !== name ? `${code} ${name}` : name;
}

function firstHeader(t: Table): string {
  return t.kind === 'account-groups' ? 'Kontogrupp' : t.kind === 'activities' ? 'Verksamhet' : t.kind === 'net-summary' ? 'Belopp i tkr' : 'Enhet';
}

interface TableOptions {
  /** The table's id (default: the table id). */
  id?: string;
  /** The page's ids and names (unique scroll-region names). */
  ids?: Ids;
  /** Printed on a landscape page (also when `print.ts` does not find it too wide). */
  landscape?: boolean;
}

/**
 * Body rows in row groups that print keeps together: the first rows with the caption and header
 * row (the first group never breaks from them), the last rows with the total.
 */
function keptBodies(rows: string[]): string {
  return rowGroups(rows.length)
    .map(([from, to], i, all) => {
      const cls = [i === 0 ? 'first' : '', i === 0 || i === all.length - 1 ? 'keep' : ''].filter((c) => c).join(' ');
      return `<tbody${cls ? ` class="${cls}"` : ''}>\n${rows.slice(from, to).join('\n')}\n</tbody>`;
    })
    .join('\n');
}

/**
 * One financial table. With a heading level the table stands alone (a heading named after it,
 * for navigation and the PDF outline); with `null` it sits in a chapter and its caption names it.
 */
export function renderTable(t: Table, headingLevel: number | null = 2, opts: TableOptions = {}): string {
  const id = opts.id ?? t.id;
  const head = t.columns.map((c) => `<th scope="col">${escapeHtml(c.label)}</th>`).join('');
  const cells = (values: Record<string, number | null>): string =>
    t.columns.map((c) => `<td>${escapeHtml(formatValue(values[c.key] ?? null, styleOf(c.key)))}</td>`).join('');
  const bodyRows = t.rows.map((r) => {
    // The net summary names its rows only, as the reference reports do.
    const label = r.kind === 'subtotal' ? `Summa ${r.name}` : rowLabel(t.kind === 'net-summary' ? '' : r.code, r.name);
    return `<tr${r.kind ? ` class="${r.kind}"` : ''}><th scope="row">${escapeHtml(label)}</th>${cells(r.values)}</tr>`;
  });
  bodyRows.push(`<tr class="total"><th scope="row">${escapeHtml(t.total.label)}</th>${cells(t.total.values)}</tr>`);
  // Memo rows and totals excluding units print after the total (never part of a sum).
  for (const r of t.afterTotal ?? []) bodyRows.push(`<tr class="${r.kind ?? 'memo'}"><th scope="row">${escapeHtml(r.name)}</th>${cells(r.values)}</tr>`);
  const rows = `<thead><tr><th scope="col">${firstHeader(t)}</th>${head}</tr></thead>
${keptBodies(bodyRows)}`;
  const landscape = opts.landscape || tableOrientation(t) === 'landscape' ? ' print-landscape' : '';
  const note = t.note ? `\n<p class="table-note">${escapeHtml(t.note)}</p>` : '';
  if (headingLevel === null) {
    return (
      scrollBox(
      opts.ids,
      { id: `${id}-namn`, text: `${t.title} (tkr)` },
      `<table id="${escapeHtml(id)}" class="amounts${landscape}">
<caption id="${escapeHtml(id)}-namn">${escapeHtml(t.title)} <span class="unit">(tkr)</span></caption>
${rows}
</table>`,
      ) + note
    );
  }
  const h = Math.min(Math.max(headingLevel, 2), 6);
  return `<section id="${escapeHtml(id)}" class="table-block${landscape}">
<h${h} id="${escapeHtml(id)}-rubrik">${escapeHtml(t.title)}</h${h}>
${scrollBox(
  opts.ids,
  { id: `${id}-rubrik`, text: t.title },
  `<table class="amounts" aria-labelledby="${escapeHtml(id)}-rubrik">
<caption class="unit-caption">Belopp i tkr</caption>
${rows}
</table>`,
)}${note}
</section>`;
}

function statusClass(text: string): string {
  const t = text.toLowerCase();
  if (t === 'uppfylls' || t === 'genomfört') return 'good';
  if (t === 'uppfylls delvis' || t === 'påbörjat') return 'partly';
  if (t === 'uppfylls ej' || t === 'ej påbörjat') return 'bad';
  return 'other';
}

/** A goal/assignment grid: heading rows open a row group (`<tbody>`) they are the header of. */
function renderGrid(g: Grid, id: string, ids?: Ids, landscape = false): string {
  if (isReflowed(g)) return renderRecords(g, id);
  const head = g.columns.map((c) => `<th scope="col"${c.kind === 'number' ? ' class="num"' : ''}>${escapeHtml(c.label)}</th>`).join('');
  const groups: string[][] = [[]];
  for (const r of g.rows) {
    if (r.kind === 'heading') {
      const text = Object.values(r.cells).filter((v) => v !== null && v !== '').join(' ');
      if (groups[groups.length - 1]!.length) groups.push([]);
      groups[groups.length - 1]!.push(`<tr class="heading"><th scope="rowgroup" colspan="${g.columns.length}">${escapeHtml(text)}</th></tr>`);
      continue;
    }
    const cells = g.columns.map((c, i) => {
      const v = r.cells[c.key] ?? null;
      const text = v === null ? '' : typeof v === 'number' ? formatDecimal(v, c.decimals ?? 0) : v;
      const cls = c.kind === 'number' ? ' class="num"' : c.kind === 'status' && text ? ` class="status status-${statusClass(text)}"` : '';
      return i === 0 ? `<th scope="row"${cls}>${escapeHtml(text)}</th>` : `<td${cls}>${escapeHtml(text)}</td>`;
    });
    groups[groups.length - 1]!.push(`<tr${r.kind ? ` class="${r.kind}"` : ''}>${cells.join('')}</tr>`);
  }
  const bodies = groups
    .filter((rows) => rows.length)
    .map((rows, i, all) => {
      // A group heading belongs to its row group (scope="rowgroup"): a group is split in print only when long.
      const small = rows.length <= 12 || (i === all.length - 1 && rows.length <= 3);
      const cls = [i === 0 ? 'first' : '', small ? 'keep' : ''].filter((c) => c).join(' ');
      return `<tbody${cls ? ` class="${cls}"` : ''}>\n${rows.join('\n')}\n</tbody>`;
    });
  return scrollBox(
    ids,
    { id: `${id}-namn`, text: g.title },
    `<table class="grid${landscape ? ' print-landscape' : ''}" id="${escapeHtml(id)}">
<caption id="${escapeHtml(id)}-namn">${escapeHtml(g.title)}</caption>
<thead><tr>${head}</tr></thead>
${bodies.join('\n') || '<tbody></tbody>'}
</table>`,
  );
}

/**
 * A grid too wide for a page as one block per row (reference report 003's measures): a small
 * two-column table per row, named by the row's first cell, its fields as header and value.
 */
function renderRecords(g: Grid, id: string): string {
  const records = gridRecords(g).map((r, i) => {
    const fields = r.fields.map((f) => `<tr><th scope="row">${escapeHtml(f.label)}</th><td${f.number ? ' class="num"' : ''}>${escapeHtml(f.text)}</td></tr>`);
    return `<table class="record" id="${escapeHtml(`${id}-${i + 1}`)}">
<caption>${escapeHtml(r.title)}</caption>
<tbody>
${fields.join('\n')}
</tbody>
</table>`;
  });
  return `<section class="records" id="${escapeHtml(id)}" aria-labelledby="${escapeHtml(id)}-rubrik">
<p class="records-title" id="${escapeHtml(id)}-rubrik">${escapeHtml(g.title)}</p>
${records.join('\n')}
</section>`;
}

function renderChart(c: Chart, id: string): string {
  return `<figure class="chart" id="${escapeHtml(id)}">
<figcaption>${escapeHtml(c.title)}</figcaption>
${chartSvg(c)}
</figure>`;
}

interface Context {
  model: ReportModel;
  landscape: ReadonlySet<string>;
  ids: Ids;
  /** Tables placed by a chapter (the rest follow the chapters). */
  placed: Set<string>;
  /** Heading level of the section being rendered (its subheadings are one deeper). */
  level?: number;
  /** The footnotes of the section being rendered. */
  notes?: NoteContext;
  /** Where each appended appendix starts in the PDF. */
  appendixPages?: ReadonlyMap<number, number> | undefined;
}


function renderBlock(b: Block, ctx: Context): string {
  switch (b.type) {
    case 'paragraph':
      return `<p>${inlineHtml(b.text, ctx.notes)}</p>`;
    case 'subheading': {
      const h = Math.min((ctx.level ?? 2) + 1, 6);
      return `<h${h} class="subheading">${escapeHtml(b.text)}</h${h}>`;
    }
    case 'placeholder':
      return `<p class="placeholder" role="note">${escapeHtml(b.text)}</p>`;
    case 'list':
      return b.items.length ? `<ul>${b.items.map((i) => `<li>${inlineHtml(i, ctx.notes)}</li>`).join('')}</ul>` : '';
    case 'table': {
      const t = ctx.model.tables.find((x) => x.id === b.tableId);
      if (!t) return '';
      ctx.placed.add(t.id);
      const id = ctx.ids.take(t.id);
      return renderTable(t, null, { id, ids: ctx.ids, landscape: ctx.landscape.has(id) });
    }
    case 'grid': {
      const id = ctx.ids.take(b.grid.id);
      return renderGrid(b.grid, id, ctx.ids, ctx.landscape.has(id));
    }
    case 'chart':
      return renderChart(b.chart, ctx.ids.take(b.chart.id));
    case 'decision':
      return renderDecision(b, ctx.notes);
    case 'appendices':
      return appendixList(ctx.model.report.appendices, ctx.appendixPages);
  }
}

/** Heading level of each section: its level + 1 (h1 is the report title), never skipping a level. */
function headingLevels(sections: Section[]): number[] {
  let previous = 1;
  return sections.map((s) => {
    const h = Math.min(s.level + 1, previous + 1, 6);
    previous = h;
    return h;
  });
}

/** Sections nest: a section holds the sections of a deeper level that follow it. */
function renderSections(sections: Section[], ids: string[], ctx: Context): string {
  const levels = headingLevels(sections);
  const out: string[] = [];
  const open: number[] = [];
  sections.forEach((s, i) => {
    while (open.length && open[open.length - 1]! >= s.level) {
      open.pop();
      out.push('</section>');
    }
    const h = levels[i]!;
    const title = s.number ? `${s.number} ${s.title}` : s.title;
    out.push(`<section id="${escapeHtml(ids[i]!)}" class="level-${s.level}">\n<h${h}>${escapeHtml(title)}</h${h}>`);
    ctx.level = h;
    ctx.notes = { section: ids[i]!, numbers: new Set((s.footnotes ?? []).map((n) => n.number)) };
    out.push(...s.blocks.map((b) => renderBlock(b, ctx)).filter((x) => x));
    out.push(renderFootnotes(s.footnotes, ids[i]!));
    open.push(s.level);
  });
  while (open.pop() !== undefined) out.push('</section>');
  return out.join('\n');
}

export function renderHtml(model: ReportModel, opts: HtmlOptions = {}): string {
  const r = model.report;
  const ids = new Ids();
  const landscape = opts.landscape ?? new Set<string>();
  const ctx: Context = { model, ids, placed: new Set(), landscape, appendixPages: opts.appendixPages };
  ids.take('toc-heading');
  const sectionIds = model.sections.map((s) => ids.take(s.id));
  const sections = renderSections(model.sections, sectionIds, ctx);
  // Tables no chapter refers to still belong in the report: after the chapters, in a section of
  // their own when there are chapters.
  const rest = model.tables.filter((t) => !ctx.placed.has(t.id));
  const restLevel = model.sections.length ? 3 : 2;
  const restHtml = rest
    .map((t) => {
      const id = ids.take(t.id);
      return renderTable(t, restLevel, { id, ids, landscape: landscape.has(id) });
    })
    .join('\n');
  const restBlock =
    model.sections.length && rest.length
      ? `<section id="${ids.take('ovriga-tabeller')}" class="level-1">\n<h2>Övriga tabeller</h2>\n${restHtml}\n</section>`
      : restHtml;
  const toc = renderToc(model.sections, sectionIds, opts.pageNumbers);
  return `<!DOCTYPE html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(r.title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
${renderCover(model)}
${toc}
${sections}
${restBlock}
${hasAppendixChapter(model) ? '' : renderAppendices(r.appendices, ids.take('bilagor'), opts.appendixPages)}
</main>
</body>
</html>
`;
}
