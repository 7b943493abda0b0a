/**
 * The report as one self-contained, accessible HTML file: `lang="sv"`, real headings, tables
 * with `<caption>` and `<th scope>`, Swedish number format, print CSS. Every text is escaped.
 */
import { formatValue, styleOf } from '../../core/format/index.ts';
import type { Table } from '../../core/compute/index.ts';
import { formatDecimal } from '../../core/format/index.ts';
import { chartSvg } from '../charts/index.ts';
import { tableOfContents, type Block, type Grid, type ReportModel, type Section } from '../model.ts';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

const CSS = `
:root { color-scheme: light; }
body { font-family: "Segoe UI", Arial, sans-serif; color: #1a1a1a; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; line-height: 1.45; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
h2 { font-size: 1.2rem; margin-top: 2.2rem; }
.meta { color: #444; margin-top: 0; }
table { border-collapse: collapse; width: 100%; font-size: .85rem; margin: .5rem 0 1.5rem; }
caption { text-align: left; font-weight: 600; padding: .3rem 0; }
th, td { padding: .25rem .45rem; border-bottom: 1px solid #d0d0d0; }
thead th { background: #1f4e79; color: #fff; font-weight: 600; vertical-align: bottom; text-align: right; }
thead th:first-child, tbody th { text-align: left; }
tbody th { font-weight: normal; }
td { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.subtotal th, tr.subtotal td { font-weight: 600; background: #eef3f8; }
table.grid td, table.grid th { white-space: normal; text-align: left; vertical-align: top; }
table.grid td.num, table.grid th.num { text-align: right; }
tr.heading th { background: #eef3f8; font-weight: 600; text-align: left; }
.status-good { color: #1b5e20; } .status-partly { color: #7a4f00; } .status-bad { color: #8b0000; }
nav.toc ol { list-style: none; padding-left: 0; } nav.toc li.toc-2 { padding-left: 1.2rem; } nav.toc li.toc-3 { padding-left: 2.4rem; }
figure.chart { margin: 1rem 0; } figure.chart svg { max-width: 100%; height: auto; }
tr.total th, tr.total td { font-weight: 700; border-top: 2px solid #1a1a1a; background: #e2e9f1; }
.unit { color: #444; font-size: .85rem; }
@media print {
  body { margin: 0; max-width: none; font-size: 9pt; }
  h2 { break-after: avoid; }
  table { break-inside: auto; }
  tr { break-inside: avoid; }
  thead { display: table-header-group; }
  thead th { background: #fff; color: #000; border-bottom: 1.5px solid #000; }
  @page { size: A4; margin: 18mm 14mm; }
}`;

function rowLabel(code: string, name: string): string {
  return code && code !== name ? `${code} ${name}` : name;
}

export function renderTable(t: Table, headingLevel = 2): string {
  const head = t.columns.map((c) => `<th scope="col">${escapeHtml(c.label)}</th>`).join('');
  const cells = (values: Record<string, number | null>): string =>
    t.columns.map((c) => `<td>${escapeHtml(formatValue(values[c.key] ?? null, styleOf(c.key)))}</td>`).join('');
  const body = t.rows
    .map((r) => {
      const label = r.kind === 'subtotal' ? `Summa ${r.code}` : rowLabel(r.code, r.name);
      return `<tr${r.kind ? ` class="${r.kind}"` : ''}><th scope="row">${escapeHtml(label)}</th>${cells(r.values)}</tr>`;
    })
    .join('\n');
  const total = `<tr class="total"><th scope="row">${escapeHtml(t.total.label)}</th>${cells(t.total.values)}</tr>`;
  const firstHeader = t.kind === 'account-groups' ? 'Kontogrupp' : t.kind === 'activities' ? 'Verksamhet' : t.kind === 'net-summary' ? 'Belopp i tkr' : 'Enhet';
  return `<section id="${escapeHtml(t.id)}">
<h${headingLevel}>${escapeHtml(t.title)}</h${headingLevel}>
<table>
<caption>${escapeHtml(t.title)} <span class="unit">(tkr)</span></caption>
<thead><tr><th scope="col">${firstHeader}</th>${head}</tr></thead>
<tbody>
${body}
${total}
</tbody>
</table>
</section>`;
}

function renderGrid(g: Grid, headingLevel: number): string {
  const head = g.columns.map((c) => `<th scope="col"${c.kind === 'number' ? ' class="num"' : ''}>${escapeHtml(c.label)}</th>`).join('');
  const body = g.rows
    .map((r) => {
      if (r.kind === 'heading') {
        const text = Object.values(r.cells).filter((v) => v !== null && v !== '').join(' ');
        return `<tr class="heading"><th scope="colgroup" colspan="${g.columns.length}">${escapeHtml(text)}</th></tr>`;
      }
      const cells = g.columns.map((c, i) => {
        const v = r.cells[c.key] ?? null;
        const text = v === null ? '' : typeof v === 'number' ? formatDecimal(v, c.decimals ?? 0) : v;
        const cls = c.kind === 'number' ? ' class="num"' : c.kind === 'status' && text ? ` class="status status-${statusClass(text)}"` : '';
        return i === 0 ? `<th scope="row"${cls}>${escapeHtml(text)}</th>` : `<td${cls}>${escapeHtml(text)}</td>`;
      });
      return `<tr${r.kind ? ` class="${r.kind}"` : ''}>${cells.join('')}</tr>`;
    })
    .join('\n');
  return `<table class="grid" id="${escapeHtml(g.id)}">
<caption>${escapeHtml(g.title)}</caption>
<thead><tr>${head}</tr></thead>
<tbody>
${body}
</tbody>
</table>`;
}

function statusClass(text: string): string {
  const t = text.toLowerCase();
  if (t === 'uppfylls' || t === 'genomfört') return 'good';
  if (t === 'uppfylls delvis' || t === 'påbörjat') return 'partly';
  if (t === 'uppfylls ej' || t === 'ej påbörjat') return 'bad';
  return 'other';
}

function renderBlock(b: Block, model: ReportModel, level: number, rendered: Set<string>): string {
  switch (b.type) {
    case 'paragraph':
      return `<p>${escapeHtml(b.text)}</p>`;
    case 'list':
      return `<ul>${b.items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`;
    case 'table': {
      const t = model.tables.find((x) => x.id === b.tableId);
      if (!t) return '';
      rendered.add(t.id);
      return renderTable(t, Math.min(level + 1, 6));
    }
    case 'grid':
      return renderGrid(b.grid, level + 1);
    case 'chart':
      return `<figure class="chart">${chartSvg(b.chart)}<figcaption>${escapeHtml(b.chart.title)}</figcaption></figure>`;
  }
}

function renderSection(s: Section, model: ReportModel, rendered: Set<string>): string {
  const h = Math.min(s.level + 1, 6);
  const title = s.number ? `${s.number} ${s.title}` : s.title;
  return `<section id="${escapeHtml(s.id)}" class="level-${s.level}">
<h${h}>${escapeHtml(title)}</h${h}>
${s.blocks.map((b) => renderBlock(b, model, h, rendered)).join('\n')}
</section>`;
}

export function renderHtml(model: ReportModel): string {
  const r = model.report;
  const rendered = new Set<string>();
  const sections = model.sections.map((s) => renderSection(s, model, rendered)).join('\n');
  // Tables no chapter refers to still belong in the report: after the chapters.
  const rest = model.tables.filter((t) => !rendered.has(t.id)).map((t) => renderTable(t)).join('\n');
  const toc = model.sections.length
    ? `<nav aria-labelledby="toc-heading" class="toc"><h2 id="toc-heading">Innehåll</h2><ol>${tableOfContents(model)
        .map((e) => `<li class="toc-${e.level}"><a href="#${escapeHtml(e.id)}">${escapeHtml(e.label)}</a></li>`)
        .join('')}</ol></nav>`
    : '';
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
<h1>${escapeHtml(r.title)}</h1>
<p class="meta">${escapeHtml(r.periodText)}. Belopp i tkr${r.sign === 'net' ? ', intäkter positiva och kostnader negativa' : ', kostnader positiva'}; positiv avvikelse är bättre än budget.</p>
${toc}
${sections}
${rest}
</main>
</body>
</html>
`;
}
