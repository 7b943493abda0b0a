/**
 * The report as one self-contained, accessible HTML file: `lang="sv"`, real headings, tables
 * with `<caption>` and `<th scope>`, Swedish number format, print CSS. Every text is escaped.
 */
import { formatValue, styleOf } from '../../core/format/index.ts';
import type { Table } from '../../core/compute/index.ts';
import type { ReportModel } from '../index.ts';

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

export function renderHtml(model: ReportModel): string {
  const r = model.report;
  const sections = model.sections.map((s) => `<section id="${escapeHtml(s.id)}"><h2>${escapeHtml(s.title)}</h2>${s.text.split(/\n{2,}/).map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}</section>`);
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
${sections.join('\n')}
${model.tables.map((t) => renderTable(t)).join('\n')}
</main>
</body>
</html>
`;
}
