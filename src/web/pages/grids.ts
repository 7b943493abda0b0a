/**
 * The round board's own tables (grids: indicators, five years in summary, state grants,
 * measures …): a list, and one table at a time as a form with a field per cell, as typed. Rows
 * are removed with a checkbox and added in the empty rows at the end; the table is saved with its
 * version, so a change by someone else meanwhile is shown, never overwritten unseen.
 */
import { html, type Html } from '../html.ts';
import { csrfField, errorSummary, notice, tableScroll, type FieldError } from '../layout.ts';
import { formatDateTime } from '../format.ts';
import type { RoundSummary } from '../types.ts';

export interface GridColumnView {
  key: string;
  label: string;
  kind: 'text' | 'number';
}

export type GridCell = string | number | null;

export interface GridView {
  id: string;
  title: string;
  columns: GridColumnView[];
  rows: Array<{ cells: Record<string, GridCell> }>;
  version: number;
  updatedBy: string | null;
  updatedAt: string | null;
}

export interface GridsData {
  editable: boolean;
  grids: GridView[];
}

/** Empty rows at the end of the form; a filled one is added when saved. */
export const NEW_ROWS = 2;

/** A stored cell as the field shows it: a number with decimal comma, a text as typed. */
export const cellText = (v: GridCell | undefined): string => (v === null || v === undefined ? '' : typeof v === 'number' ? String(v).replace('.', ',') : v);

export const gridPath = (roundId: number, gridId: string): string => `/rounds/${roundId}/grids/${encodeURIComponent(gridId)}`;

export function gridsBody(o: { round: RoundSummary; data: GridsData; message: Html | null }): Html {
  return html`<h1>Tabeller</h1>
${o.message}
<p class="lead">Nämndens egna tabeller i rapporten, t.ex. indikatorer, fem år i sammandrag och åtgärder. Värdena står i rapporten som de skrivs här.</p>
${o.data.grids.length
  ? tableScroll('grids-table-caption', html`<table class="table">
<caption id="grids-table-caption" class="visually-hidden">Omgångens tabeller</caption>
<thead><tr><th scope="col">Tabell</th><th scope="col" class="num">Rader</th><th scope="col">Senast sparad</th></tr></thead>
<tbody>
${o.data.grids.map(
  (g) => html`<tr>
<th scope="row"><a href="${gridPath(o.round.id, g.id)}">${g.title}</a></th>
<td class="num">${g.rows.length}</td>
<td class="text small">${g.updatedBy ? html`${g.updatedBy}, ${formatDateTime(g.updatedAt)}` : html`<span class="muted">Som den lästes in</span>`}</td>
</tr>`,
)}
</tbody>
</table>`)
  : html`<p>Omgången har inga egna tabeller. En tabell läses in med <code>prognos import grid</code> och kan sedan ändras här.</p>`}
${o.data.editable ? null : html`<p class="muted">${o.round.status === 'published' ? 'Uppföljningstillfället är publicerat; tabellerna är låsta.' : 'Du kan läsa tabellerna men inte ändra dem.'}</p>`}`;
}

export interface GridFormState {
  /** The rows as typed in the form (kept when the save is refused). */
  rows: Array<{ cells: Record<string, string>; remove: boolean }>;
  error?: FieldError;
  /** Someone else saved meanwhile: their table; the form keeps the user's values with the new version. */
  conflict?: GridView;
}

const fieldId = (row: number, col: number): string => `cell-${row}-${col}`;

export function gridBody(o: { round: RoundSummary; grid: GridView; editable: boolean; csrf: string; message: Html | null; state?: GridFormState }): Html {
  const g = o.grid;
  const typed = o.state?.rows ?? g.rows.map((r) => ({ cells: Object.fromEntries(g.columns.map((c) => [c.key, cellText(r.cells[c.key])])), remove: false }));
  const existing = typed.length;
  const rows = o.editable ? [...typed, ...Array.from({ length: NEW_ROWS }, () => ({ cells: {} as Record<string, string>, remove: false }))] : typed;
  // The API names a refused cell "rad N, kolumn "X"": link the summary to that field.
  const at = /rad (\d+), kolumn "([^"]*)"/.exec(o.state?.error?.message ?? '');
  const errorField = at ? fieldId(Number(at[1]) - 1, g.columns.findIndex((c) => c.label === at[2])) : undefined;
  const label = (i: number, c: GridColumnView) => `${c.label}, ${i < existing ? `rad ${i + 1}` : `ny rad ${i - existing + 1}`}`;
  const cell = (i: number, j: number, c: GridColumnView, value: string) =>
    o.editable
      ? html`<td class="${c.kind === 'number' ? 'num' : 'text'}"><input id="${fieldId(i, j)}" class="input${c.kind === 'number' ? ' input--amount' : ''}" name="c.${i}.${j}" value="${value}" aria-label="${label(i, c)}"${errorField === fieldId(i, j) ? html` aria-invalid="true"` : null}${c.kind === 'number' ? html` inputmode="decimal"` : null} autocomplete="off"></td>`
      : html`<td class="${c.kind === 'number' ? 'num' : 'text'}">${value}</td>`;
  const table = tableScroll('grid-caption', html`<table class="table grid-table grid-table--typed">
<caption id="grid-caption">${g.title}</caption>
<thead><tr>${g.columns.map((c) => html`<th scope="col" class="${c.kind === 'number' ? 'num' : ''}">${c.label}</th>`)}${o.editable ? html`<th scope="col">Ta bort</th>` : null}</tr></thead>
<tbody>
${rows.map(
  (r, i) => html`<tr>${g.columns.map((c, j) => cell(i, j, c, r.cells[c.key] ?? ''))}${o.editable
    ? html`<td>${i < existing ? html`<input type="checkbox" id="remove-${i}" name="remove.${i}" value="1"${r.remove ? html` checked` : null} aria-label="Ta bort rad ${i + 1}">` : html`<span class="muted small">Ny rad</span>`}</td>`
    : null}</tr>`,
)}
</tbody>
</table>`);
  const version = o.state?.conflict?.version ?? g.version;
  return html`<h1>${g.title}</h1>
${o.message}
${errorSummary(o.state?.error, errorField ? { rows: errorField } : {})}
${o.state?.conflict
  ? notice('warning', html`<p>Tabellen har ändrats av ${o.state.conflict.updatedBy ?? 'någon annan'} ${formatDateTime(o.state.conflict.updatedAt)} medan du skrev. Dina värden står kvar nedan och är inte sparade. Spara igen för att skriva över med dina.</p>`, 'Någon annan har ändrat tabellen')
  : null}
${o.editable
  ? html`<form method="post" action="${gridPath(o.round.id, g.id)}" class="form" data-draft>
${csrfField(o.csrf)}<input type="hidden" name="version" value="${version}"><input type="hidden" name="count" value="${rows.length}"><input type="hidden" name="existing" value="${existing}">
<p>Tal skrivs med decimalkomma (t.ex. 12,5 eller -1 234). Fyll i de tomma raderna sist för att lägga till rader; kryssa i <em>Ta bort</em> för att ta bort en rad.</p>
${table}
<div class="form__actions"><button type="submit" class="button button--primary">Spara tabellen</button> <a href="/rounds/${o.round.id}/grids">Tillbaka till tabellerna</a></div>
${g.updatedBy ? html`<p class="muted small">Senast sparad av ${g.updatedBy} ${formatDateTime(g.updatedAt)}</p>` : null}
</form>`
  : html`${notice('info', o.round.status === 'published' ? 'Uppföljningstillfället är publicerat; tabellen är låst.' : 'Du kan läsa men inte ändra tabellen.')}
${table}`}`;
}
