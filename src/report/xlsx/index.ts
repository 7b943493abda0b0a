/**
 * The report as an Excel workbook (XLSX): a first sheet "Innehåll" with the report's meta and
 * a list of the sheets, then one sheet per financial table and per grid, in the order the
 * report shows them (chapters first, then the tables no chapter refers to); the grids of a
 * section with several (a goal area's goals and assignments) share one sheet named after the
 * section. Sheets are named after their tables, by names, never codes. A table's row codes and
 * names have their own columns ("Kod", "Enhet"), as the reference reports print both. Numbers are stored
 * as numbers with display formats (Excel shows the reader's locale separators); the header row
 * is bold, frozen and repeated on printed pages. Text is always stored as text: a cell that
 * begins like a formula (= + - @, tab, CR, LF) is a shared string with the Text format (@), so
 * it is never evaluated, not even when edited.
 */
import writeXlsxFile, { type Cell, type CellObject, type Feature, type Row, type Sheet, type SheetData } from 'write-excel-file/node';
import type { Table as FinancialTable } from '../../core/compute/index.ts';
import { formatDecimal, styleOf, type ValueStyle } from '../../core/format/index.ts';
import type { Grid, ReportModel } from '../model.ts';

type FileContent = Parameters<typeof writeXlsxFile>[0] extends Sheet<infer F>[] ? F : never;
type XSheet = Sheet<FileContent>;

/** Excel number formats of the value styles (the locale supplies the separators). */
export const XLSX_FORMATS: Record<ValueStyle, string> = {
  amount: '#,##0;-#,##0',
  percent: '0"%"',
  percent1: '0.0',
  mnkr: '#,##0.0;-#,##0.0',
};

export const CONTENTS_SHEET = 'Innehåll';

const HEADER_FILL = '#DCE6F1';
const SUBTOTAL_FILL = '#EEF3F8';
const TOTAL_FILL = '#E2E9F1';

// ---------------------------------------------------------------------------------------------
// Text and sheet names

const FORMULA_START = /^[=+\-@\t\r\n]/;

/** Removes what XML 1.0 cannot carry (control characters other than tab/LF/CR, lone surrogates). */
function xmlSafe(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '');
}

/**
 * A text cell. Strings are written as shared strings (never formulas); one that begins like a
 * formula also gets the Text format, so Excel keeps it as text when the cell is edited.
 */
function textCell(text: string, style: Omit<CellObject, 'value' | 'type'> = {}): CellObject {
  const value = xmlSafe(text);
  return FORMULA_START.test(value) ? { ...style, value, type: String, format: '@' } : { ...style, value, type: String };
}

const ILLEGAL_IN_SHEET_NAME = /[\[\]:*?]/g;
const MAX_SHEET_NAME = 31;

/**
 * Names sheets as Excel allows: at most 31 characters, none of []:*?/\, not beginning or ending
 * with an apostrophe, unique without regard to case, not "History". Takes the first candidate
 * that fits and is free; otherwise the first one shortened with "…" and numbered as needed; the
 * fallback only when no candidate has any usable character.
 */
export function sheetNamer(reserved: string[] = []): (candidates: string[], fallback: string) => string {
  const used = new Set(reserved.map((n) => n.toLocaleLowerCase('sv')));
  const clean = (s: string): string =>
    xmlSafe(s).replace(/[/\\]/g, '-').replace(ILLEGAL_IN_SHEET_NAME, ' ').replace(/\s+/g, ' ').trim().replace(/^'+|'+$/g, '').trim();
  const free = (s: string): boolean => s !== '' && s.toLowerCase() !== 'history' && !used.has(s.toLocaleLowerCase('sv'));
  const take = (s: string): string => (used.add(s.toLocaleLowerCase('sv')), s);
  return (candidates, fallback) => {
    const names = candidates.map(clean).filter((s) => s && s.toLowerCase() !== 'history');
    const fitting = names.find((s) => s.length <= MAX_SHEET_NAME && free(s));
    if (fitting) return take(fitting);
    const base = names[0] ?? clean(fallback);
    const fit = (s: string, room: number): string => (s.length <= room ? s : `${s.slice(0, room - 1).trimEnd()}…`);
    let name = fit(base, MAX_SHEET_NAME);
    for (let n = 2; !free(name); n++) {
      const suffix = ` (${n})`;
      name = fit(base, MAX_SHEET_NAME - suffix.length) + suffix;
    }
    return take(name);
  };
}

/** Short Swedish names of the table kinds, for sheet names when a title is too long. */
const KIND_NAMES: Record<FinancialTable['kind'], string> = {
  'net-summary': 'Nettoredovisning',
  units: 'Enheter',
  'account-groups': 'Kontogrupper',
  activities: 'Verksamheter',
  investments: 'Investeringar',
};

// ---------------------------------------------------------------------------------------------
// Sheets

interface Built {
  sheet: XSheet;
  title: string;
  /** The chapter the sheet's table or grid appears in, as printed ("2.1 Ekonomi"), or ''. */
  chapter: string;
}

const bold = { fontWeight: 'bold' } as const;

function headerCell(text: string, numeric: boolean): CellObject {
  return textCell(text, { ...bold, backgroundColor: HEADER_FILL, bottomBorderStyle: 'thin', wrap: true, alignVertical: 'bottom', align: numeric ? 'right' : 'left' });
}

function numberCell(v: number | null, format: string, style: Omit<CellObject, 'value' | 'type'> = {}): Cell {
  if (v === null || !Number.isFinite(v)) return Object.keys(style).length ? { ...style, value: null as never } : null;
  return { ...style, value: v, type: Number, format };
}

function firstHeader(t: FinancialTable): string {
  return t.kind === 'account-groups' ? 'Kontogrupp' : t.kind === 'activities' ? 'Verksamhet' : t.kind === 'net-summary' ? 'Belopp i tkr' : 'Enhet';
}

function rowLabel(code: string, name: string): string {
  return code && code !== name ? `${code} ${name}` : name;
}

/** Column widths in characters: wide enough for the longest cell, within bounds. */
function widths(data: SheetData, min: number[], max: number): Array<{ width: number }> {
  const n = Math.max(0, ...data.map((r) => r.length));
  return Array.from({ length: n }, (_, i) => {
    let w = min[i] ?? min[min.length - 1] ?? 10;
    for (const [ri, row] of data.entries()) {
      if (ri === 0) continue; // header cells wrap
      const c = row[i];
      const v = c !== null && typeof c === 'object' && 'value' in c ? c.value : c;
      if (v === null || v === undefined || (typeof c === 'object' && c !== null && 'columnSpan' in c && c.columnSpan)) continue;
      const text = typeof v === 'number' ? formatDecimal(v, Number.isInteger(v) ? 0 : 1) : String(v);
      w = Math.max(w, text.length + 2);
    }
    return { width: Math.min(w, max) };
  });
}

/** Whether a table's rows carry codes of their own (units, account groups, activities); the net summary prints names only. */
function hasCodes(t: FinancialTable): boolean {
  return t.kind !== 'net-summary' && t.rows.some((r) => !r.kind && r.code !== '' && r.code !== r.name);
}

function tableSheet(t: FinancialTable, name: string): XSheet {
  const formats = t.columns.map((c) => XLSX_FORMATS[styleOf(c.key)]);
  const coded = hasCodes(t);
  // Codes are text ("6A", "2630"), in their own column before the names.
  const labels = (code: string | null, label: string, style: Omit<CellObject, 'value' | 'type'> = {}): Cell[] =>
    coded ? [code ? textCell(code, style) : numberCell(null, '', style), textCell(label, style)] : [textCell(label, style)];
  const header: Row = [...(coded ? [headerCell('Kod', false)] : []), headerCell(firstHeader(t), false), ...t.columns.map((c) => headerCell(c.label, true))];
  const values = (v: Record<string, number | null>, style: Omit<CellObject, 'value' | 'type'>): Cell[] =>
    t.columns.map((c, i) => numberCell(v[c.key] ?? null, formats[i]!, style));
  const rows: Row[] = t.rows.map((r) => {
    if (r.kind === 'subtotal') {
      const style = { ...bold, backgroundColor: SUBTOTAL_FILL };
      return [...labels(null, `Summa ${r.name}`, style), ...values(r.values, style)];
    }
    return [...labels(r.code === r.name ? null : r.code, coded ? r.name : rowLabel(r.code, r.name)), ...values(r.values, {})];
  });
  const totalStyle = { ...bold, backgroundColor: TOTAL_FILL, topBorderStyle: 'thin' as const };
  const total: Row = [...labels(null, t.total.label, totalStyle), ...values(t.total.values, totalStyle)];
  // The note on forecasts not entered goes under the total, in the label column.
  const after: Row[] = (t.afterTotal ?? []).map((r) => [...labels(null, r.name), ...values(r.values, {})]);
  const data = [header, ...rows, total, ...after, ...(t.note ? [[textCell(t.note)]] : [])];
  const min = coded ? [6, 16, 12] : [16, 12];
  return { sheet: name, data, columns: widths(data, min, 60), stickyRowsCount: 1, stickyColumnsCount: coded ? 2 : 1, orientation: 'landscape' };
}

function gridFormat(decimals: number): string {
  const frac = decimals > 0 ? `.${'0'.repeat(decimals)}` : '';
  return `#,##0${frac};-#,##0${frac}`;
}

function gridRows(g: Grid): Row[] {
  return g.rows.map((r) => {
    if (r.kind === 'heading') {
      const text = Object.values(r.cells).filter((v) => v !== null && v !== '').join(' ');
      return [textCell(text, { ...bold, backgroundColor: SUBTOTAL_FILL, columnSpan: g.columns.length }), ...g.columns.slice(1).map(() => null)];
    }
    const style = r.kind === 'subtotal' ? { ...bold, backgroundColor: SUBTOTAL_FILL } : {};
    return g.columns.map((c): Cell => {
      const v = r.cells[c.key] ?? null;
      if (typeof v === 'number') return numberCell(v, gridFormat(c.decimals ?? 0), style);
      if (v === null || v === '') return numberCell(null, '', style);
      return textCell(v, { ...style, wrap: c.kind !== 'number', alignVertical: 'top' });
    });
  });
}

const gridHeader = (g: Grid): Row => g.columns.map((c) => headerCell(c.label, c.kind === 'number'));
const gridMinWidths = (g: Grid): number[] => g.columns.map((c) => (c.kind === 'number' ? 10 : c.kind === 'status' ? 14 : 20));

function gridSheet(g: Grid, name: string): XSheet {
  const data = [gridHeader(g), ...gridRows(g)];
  return { sheet: name, data, columns: widths(data, gridMinWidths(g), 60), stickyRowsCount: 1, orientation: 'landscape' };
}

/** Several grids of one section on one sheet: each under its title, an empty row between. */
function sectionGridsSheet(grids: Grid[], name: string): XSheet {
  const data: SheetData = [];
  for (const g of grids) {
    if (data.length) data.push([]);
    data.push([textCell(g.title, { ...bold, fontSize: 12 })], gridHeader(g), ...gridRows(g));
  }
  const widest = grids.reduce((a, g) => (g.columns.length > a.columns.length ? g : a), grids[0]!);
  return { sheet: name, data, columns: widths(data, gridMinWidths(widest), 60), orientation: 'landscape' };
}

function signText(sign: ReportModel['report']['sign']): string {
  return sign === 'net'
    ? 'Intäkter positiva och kostnader negativa; positiv avvikelse är bättre än budget.'
    : 'Kostnader positiva; positiv avvikelse är bättre än budget.';
}

function contentsSheet(model: ReportModel, built: Built[]): XSheet {
  const r = model.report;
  // the municipality's name when one is set (never the organisation's id), else the board alone
  const organisation = r.organisationName?.trim() || r.scope.name;
  const label = (s: string): CellObject => textCell(s, bold);
  const data: SheetData = [
    [textCell(r.title, { ...bold, fontSize: 14 })],
    [label('Organisation'), textCell(!organisation || organisation === r.scope.name ? r.scope.name : `${organisation} – ${r.scope.name}`)],
    [label('Period'), textCell(r.periodText)],
    [label('Belopp'), textCell(r.unit)],
    [label('Teckenkonvention'), textCell(signText(r.sign))],
    [],
    [headerCell('Blad', false), headerCell('Titel', false), headerCell('Avsnitt', false)],
    ...built.map((b) => [textCell(b.sheet.sheet!), textCell(b.title), b.chapter ? textCell(b.chapter) : null]),
  ];
  const w = (i: number, min: number): number => Math.min(80, Math.max(min, ...built.map((b) => [b.sheet.sheet!, b.title, b.chapter][i]!.length + 2)));
  return { sheet: CONTENTS_SHEET, data, columns: [{ width: Math.max(18, w(0, 18)) }, { width: w(1, 40) }, { width: w(2, 20) }] };
}

// ---------------------------------------------------------------------------------------------
// Package extras: document properties, print titles

const escXml = (s: string): string => xmlSafe(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function coreProperties(model: ReportModel): Feature<FileContent> {
  const xml =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:title>${escXml(model.report.title)}</dc:title><dc:creator>Prognos</dc:creator>` +
    `<dc:description>${escXml(`${model.report.periodText}. Belopp i tkr.`)}</dc:description><dc:language>sv-SE</dc:language></cp:coreProperties>`;
  return {
    files: {
      write: { files: () => ({ 'docProps/core.xml': xml }) },
      transform: {
        '[Content_Types].xml': {
          insert: () => '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>',
        },
        '_rels/.rels': {
          insert: () => '<Relationship Id="rId-core" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>',
        },
      },
    },
  };
}

/** Repeats each data sheet's header row on every printed page (`_xlnm.Print_Titles`); not for `stacked` sheets. */
function printTitles(stacked: ReadonlySet<string>): Feature<FileContent> {
  return {
    files: {
      transform: {
        'xl/workbook.xml': {
          transform: (xml, sheets) => {
            const names = sheets
              .map((s, i) => (i === 0 || !s.sheet || stacked.has(s.sheet) ? '' : `<definedName name="_xlnm.Print_Titles" localSheetId="${i}">'${escXml(s.sheet.replace(/'/g, "''"))}'!$1:$1</definedName>`))
              .join('');
            if (!names) return xml;
            if (xml.includes('<definedNames/>')) return xml.replace('<definedNames/>', `<definedNames>${names}</definedNames>`);
            if (xml.includes('<definedNames>')) return xml.replace('<definedNames>', `<definedNames>${names}`);
            return xml.replace('</sheets>', `</sheets><definedNames>${names}</definedNames>`);
          },
        },
      },
    },
  };
}

// ---------------------------------------------------------------------------------------------

export async function renderXlsx(model: ReportModel): Promise<Buffer> {
  const name = sheetNamer([CONTENTS_SHEET]);
  const built: Built[] = [];
  const done = new Set<string>();
  const addTable = (t: FinancialTable, chapter: string): void => {
    if (done.has(t.id)) return;
    done.add(t.id);
    // Named after the table; a title too long for a sheet name gives way to kind and scope name
    // ("Kontogrupper Kommunledningsfö…"), so shortened names still differ.
    const short = `${KIND_NAMES[t.kind]} ${t.scopeName ?? t.scope}`;
    const sheetName = name(t.title.length <= 31 ? [t.title, short] : [short], `Tabell ${built.length + 1}`);
    built.push({ sheet: tableSheet(t, sheetName), title: `${t.title} (tkr)`, chapter });
  };
  const stacked = new Set<string>();
  for (const s of model.sections) {
    const chapter = s.number ? `${s.number} ${s.title}` : s.title;
    const sectionGrids = s.blocks.flatMap((b) => (b.type === 'grid' ? [b.grid] : []));
    if (sectionGrids.length > 1) {
      const sheetName = name([s.title], `Tabell ${built.length + 1}`);
      stacked.add(sheetName);
      built.push({ sheet: sectionGridsSheet(sectionGrids, sheetName), title: s.title, chapter });
    }
    for (const b of s.blocks) {
      if (b.type === 'table') {
        const t = model.tables.find((x) => x.id === b.tableId);
        if (t) addTable(t, chapter);
      } else if (b.type === 'grid' && sectionGrids.length === 1) {
        built.push({ sheet: gridSheet(b.grid, name([b.grid.title], `Tabell ${built.length + 1}`)), title: b.grid.title, chapter });
      }
    }
  }
  for (const t of model.tables) addTable(t, '');

  const sheets = [contentsSheet(model, built), ...built.map((b) => b.sheet)];
  return writeXlsxFile(sheets, { fontFamily: 'Calibri', fontSize: 11, features: [coreProperties(model), printTitles(stacked)] }).toBuffer();
}
