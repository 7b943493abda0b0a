/** Free grids: any other table a chapter needs, kept as typed. */
import { badInput, type InputLocation } from '../../core/errors/index.ts';
import { cellText, isBlank, parseYear, type Cell, type RawTable } from '../tabular/index.ts';
import { decimalFromSpreadsheetNumber, tryParseDecimal } from './decimal.ts';
import { type GridOptions, type GridColumn, type GridCell, type GridRow, type GridRecord } from './records.ts';
import { ROUND_PATTERN, key } from './cells.ts';
import { normaliseText } from './kinds.ts';

export const GRID_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]*$/;

export function validateGridOptions(o: GridOptions, file: string): void {
  const at = (field: string): InputLocation => ({ file, field });
  if (typeof o.id !== 'string' || !GRID_ID.test(o.id)) {
    throw badInput(`"${String(o.id)}" är inget giltigt id för tabellen (bokstäver, siffror, . _ : -)`, at('id'));
  }
  if (typeof o.title !== 'string' || o.title.trim() === '') throw badInput('tabellen saknar rubrik (title)', at('title'));
  if (typeof o.board !== 'string' || o.board.trim() === '') throw badInput('tabellen saknar nämnd (board)', at('board'));
  parseYear(String(o.year), at('year'));
  if (typeof o.round !== 'string' || !ROUND_PATTERN.test(o.round)) {
    throw badInput(`"${String(o.round)}" är ingen omgång (t.ex. P1, P2 eller B för bokslut)`, at('round'));
  }
}

/** "Utfall 2018" → "utfall_2018"; '' when nothing usable is left. */
export function slug(label: string): string {
  return label
    .toLocaleLowerCase('sv')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

export function gridRecord(table: RawTable, file: string, options: GridOptions): GridRecord {
  validateGridOptions(options, file);
  const header = table.header;
  if (!header) throw badInput('filen är tom; första raden ska vara tabellens rubrikrad', { file });
  let width = header.cells.length;
  while (width > 0 && isBlank(header.cells[width - 1]!)) width--;
  const labels = header.cells.slice(0, width).map((c, i) => cellText(c, { file, line: header.line, field: `kolumn ${i + 1}` }));

  // Keys: the label's slug, or c<n> when that is empty, starts with a digit or is taken.
  const used = new Set<string>();
  const keys = labels.map((label, i) => {
    let k = slug(label);
    if (k === '' || /^\d/.test(k) || used.has(k)) k = `c${i + 1}`;
    while (used.has(k)) k = `${k}_`;
    used.add(k);
    return k;
  });

  // Numbers typed as text (CSV), whose decimals are the typist's; a workbook's numbers have none.
  const typed = new WeakSet<object>();
  const rows: GridRow[] = table.rows.map((raw) => {
    raw.cells.forEach((c, i) => {
      if (i >= width && !isBlank(c)) {
        throw badInput(`värdet "${String(c)}" står i kolumn ${i + 1}, till höger om rubrikraden; ge kolumnen en rubrik`, { file, line: raw.line });
      }
    });
    const cells: Record<string, GridCell> = {};
    keys.forEach((k, i) => {
      const c = gridCell(raw.cells[i] ?? null, i === 0, { file, line: raw.line, field: labels[i] || `kolumn ${i + 1}` });
      if (c?.kind === 'number' && typeof raw.cells[i] === 'string') typed.add(c);
      cells[k] = c;
    });
    return { line: raw.line, cells };
  });

  const columns: GridColumn[] = keys.map((k, i) => {
    const filled = rows.map((r) => r.cells[k] ?? null).filter((c): c is Exclude<GridCell, null> => c !== null);
    const numeric = i > 0 && filled.length > 0 && filled.every((c) => c.kind === 'number');
    // Numbers typed with different decimals ("69" and "85,4" in one column of indicators) are kept
    // as typed: one column format would print "69,0".
    const decimalsOf = (c: Exclude<GridCell, null>): number => (c.kind === 'number' ? (c.value.split('.')[1] ?? '').length : 0);
    const typedDecimals = new Set(filled.filter((c) => typed.has(c)).map(decimalsOf));
    if (!numeric || typedDecimals.size > 1) return { key: k, label: labels[i]!, kind: 'text' };
    const decimals = Math.max(...filled.map(decimalsOf));
    return { key: k, label: labels[i]!, kind: 'number', decimals };
  });

  // A number in a text column is kept as typed: "2023" among "Permanent" and "2023, 2024" prints "2023", not "2 023".
  const textColumns = new Set(columns.filter((c) => c.kind === 'text').map((c) => c.key));
  for (const r of rows) {
    for (const k of textColumns) {
      const c = r.cells[k];
      if (c?.kind === 'number') r.cells[k] = { kind: 'text', text: c.text };
    }
  }
  return { id: options.id, title: options.title.trim(), board: options.board.trim(), year: options.year, round: options.round, columns, rows };
}

export function gridCell(c: Cell, first: boolean, where: InputLocation): GridCell {
  if (isBlank(c)) return null;
  if (typeof c === 'number') {
    if (first) return { kind: 'text', text: cellText(c, where) };
    const value = decimalFromSpreadsheetNumber(c, where);
    return { kind: 'number', value, text: value.replace('.', ',') };
  }
  const text = normaliseText(cellText(c, where));
  if (first) return { kind: 'text', text };
  const value = tryParseDecimal(text);
  return value === null ? { kind: 'text', text } : { kind: 'number', value, text };
}
