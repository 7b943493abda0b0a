/**
 * The generic part of CSV and XLSX import: a file becomes a header and rows of cells with their
 * line numbers, and a header is bound to documented columns, giving each row typed accessors
 * whose errors name file, line and field. Used by the tabular kinds in `index.ts` and by the
 * follow-up content parsers (`import/content`), which reach it through `index.ts`.
 *
 * Rules, decided once for every kind:
 * - the format is chosen by extension (`.csv`, `.xlsx`; `.xls` is UNSUPPORTED); XLSX reads the first
 *   sheet and warns about the others;
 * - CSV text: UTF-8 with or without BOM, UTF-16 with BOM, otherwise Windows-1252 with a warning;
 *   the delimiter is `,`, `;` or tab, whichever the header line has most of, or Excel's `sep=` line;
 * - empty rows are skipped but keep the line numbering; the first non-empty row is the header;
 * - header names are trimmed and lower-cased; unknown, duplicate or missing required columns and
 *   values under a column without a header are errors.
 */
import { readFile } from 'node:fs/promises';
import { isUtf8 } from 'node:buffer';
import { extname } from 'node:path';
import { parse as parseCsv, CsvError } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import type readXlsxFile from 'read-excel-file/node';
import { badInput, PrognosError, type InputLocation } from '../../core/errors/index.ts';
import { boundedXlsx } from './xlsx-guard.ts';

/** A cell as read: CSV gives strings, XLSX also numbers, booleans and dates. */
export type Cell = string | number | boolean | Date | null;

export interface RawRow {
  /** 1-based line (CSV: the line the record starts on) or row number (XLSX). */
  line: number;
  cells: Cell[];
}

export interface RawTable {
  format: 'csv' | 'xlsx';
  /** CSV only: the delimiter, for hints in errors. */
  delimiter?: string;
  /** The header row, or undefined for a file without any non-empty row. */
  header?: RawRow;
  /** Data rows after the header; rows whose cells are all empty are left out. */
  rows: RawRow[];
  warnings: string[];
}

export const isBlank = (c: Cell): boolean => c === null || (typeof c === 'string' && c.trim() === '');

export async function readBytes(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === 'ENOENT') throw badInput('filen finns inte', { file: path });
    if (code === 'EISDIR') throw badInput('sökvägen är en katalog, inte en fil', { file: path });
    if (code === 'EACCES' || code === 'EPERM') throw badInput('filen får inte läsas (behörighet saknas)', { file: path });
    throw err;
  }
}

/**
 * Read a CSV or XLSX file into a raw table, chosen by extension. Errors (missing file, unknown
 * extension, legacy .xls, unreadable workbook, broken CSV quoting) name the file as given.
 */
export async function readTableFile(path: string): Promise<RawTable> {
  const ext = extname(path).toLowerCase();
  if (ext === '.csv') {
    const bytes = await readBytes(path);
    const { text, warnings } = decodeCsvBytes(bytes);
    return csvTable(text, path, warnings);
  }
  if (ext === '.xlsx') {
    const bytes = await readBytes(path);
    return xlsxTable(bytes, path);
  }
  if (ext === '.xls') {
    throw new PrognosError('UNSUPPORTED', 'det gamla Excel-formatet .xls stöds inte; spara filen som .xlsx eller .csv', {
      file: path,
    });
  }
  throw badInput(`okänd filtyp "${ext || '(ingen)'}"; filen ska sluta på .csv eller .xlsx`, { file: path });
}

/** CSV text (already decoded) into a raw table. `file` is used in errors only. */
export function parseCsvTable(text: string, file: string): RawTable {
  return csvTable(text, file, []);
}

// ---------------------------------------------------------------------------------------------
// CSV

/** Bytes → text: UTF-8 with or without BOM; UTF-16 with BOM; otherwise Windows-1252 with a warning. */
export function decodeCsvBytes(bytes: Buffer): { text: string; warnings: string[] } {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: iconv.decode(bytes, 'utf16le'), warnings: [] };
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: iconv.decode(bytes, 'utf16be'), warnings: [] };
  }
  if (isUtf8(bytes)) return { text: bytes.toString('utf8'), warnings: [] };
  return {
    text: iconv.decode(bytes, 'win1252'),
    warnings: ['filen är inte giltig UTF-8 och lästes som Windows-1252 (ANSI); kontrollera å, ä och ö'],
  };
}

const DELIMITERS = [',', ';', '\t'] as const;

/** The longest cell a table file may hold (characters): longer is not a value someone typed. */
export const MAX_CELL_CHARS = 100_000;
/** The longest CSV record (characters, all its fields). */
export const MAX_RECORD_CHARS = 1024 * 1024;
const thousands = (n: number): string => n.toLocaleString('sv-SE').replace(/\u00a0/g, ' ');

export function describeDelimiter(d: string): string {
  return d === '\t' ? 'tabb' : `"${d}"`;
}

/** Count each delimiter outside double quotes in one line. */
function countDelimiters(line: string): Map<string, number> {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  return counts;
}

function csvTable(input: string, file: string, warnings: string[]): RawTable {
  // One line ending everywhere keeps csv-parse's line count exact (it miscounts mixed endings).
  const text = input.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const lines = text.split('\n');
  const headerIndex = lines.findIndex((l) => l.trim() !== '');
  if (headerIndex < 0) return { format: 'csv', rows: [], warnings };

  // Excel's "sep=;" hint line names the delimiter and is not data.
  let sepLine: number | undefined;
  let delimiter: string = ',';
  const first = lines[headerIndex]!;
  const sep = /^sep=(.)\s*$/i.exec(first);
  if (sep) {
    sepLine = headerIndex + 1;
    delimiter = sep[1]!;
  } else {
    let best = 0;
    for (const [d, n] of countDelimiters(first)) {
      if (n > best) {
        best = n;
        delimiter = d;
      }
    }
  }

  const parsed: RawRow[] = [];
  let lastEnd = 0;
  try {
    parseCsv(text, {
      delimiter,
      record_delimiter: '\n',
      relax_column_count: true,
      relax_quotes: true, // Förskolan "Solen" unquoted is text, not an error
      skip_empty_lines: false,
      max_record_size: MAX_RECORD_CHARS,
      on_record: (record: string[], ctx) => {
        parsed.push({ line: lastEnd + 1, cells: record });
        lastEnd = ctx.lines;
        return null;
      },
    });
  } catch (err) {
    if (err instanceof CsvError) {
      const line = lastEnd + 1;
      if (err.code === 'CSV_MAX_RECORD_SIZE') {
        throw badInput(
          `raden är längre än ${thousands(MAX_RECORD_CHARS)} tecken: filen är ingen tabell i CSV-format, eller ett citattecken (") stängs aldrig`,
          { file, line },
        );
      }
      if (err.code === 'CSV_QUOTE_NOT_CLOSED') {
        throw badInput('ett citattecken (") öppnas men stängs aldrig', { file, line });
      }
      throw badInput(`felaktig CSV: ${err.message}`, { file, line: typeof err.lines === 'number' ? err.lines : line });
    }
    throw err;
  }

  const rows = parsed.filter((r) => r.line !== sepLine && !r.cells.every(isBlank));
  const [header, ...data] = rows;
  return checkCells({ format: 'csv', delimiter, header, rows: data, warnings }, file);
}

/**
 * A NUL character cannot be stored (PostgreSQL text has none) and never belongs in a table: the
 * file is binary, broken, or UTF-16 without its byte order mark. A cell longer than
 * MAX_CELL_CHARS is no value either. Both are named at their line and column.
 */
function checkCells(table: RawTable, file: string): RawTable {
  for (const row of table.header ? [table.header, ...table.rows] : table.rows) {
    const long = row.cells.findIndex((c) => typeof c === 'string' && c.length > MAX_CELL_CHARS);
    if (long >= 0) {
      throw badInput(`kolumn ${long + 1} är längre än ${thousands(MAX_CELL_CHARS)} tecken; så långa värden tas inte emot`, { file, line: row.line });
    }
    const i = row.cells.findIndex((c) => typeof c === 'string' && c.includes('\u0000'));
    if (i >= 0) {
      throw badInput(
        `kolumn ${i + 1} innehåller ett NUL-tecken (binära data): filen är skadad eller inte sparad som text; spara den som CSV (UTF-8) eller XLSX igen`,
        { file, line: row.line },
      );
    }
  }
  return table;
}

// ---------------------------------------------------------------------------------------------
// XLSX

async function xlsxTable(bytes: Buffer, file: string): Promise<RawTable> {
  if (bytes.length === 0) return { format: 'xlsx', rows: [], warnings: [] };
  let sheets: Awaited<ReturnType<typeof readXlsxFile>>;
  // A zip archive is unpacked within a limit first (zip bombs); anything else is not unpacked at all.
  const input = bytes.length >= 4 && bytes.readUInt32LE(0) === 0x04034b50 ? Buffer.from(boundedXlsx(bytes, file)) : bytes;
  try {
    // Loaded on first use: a CSV or SIE import does not pay for the XLSX reader.
    const { default: readXlsx } = await import('read-excel-file/node');
    sheets = await readXlsx(input);
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === 'XLS_FILE_NOT_SUPPORTED') {
      throw new PrognosError('UNSUPPORTED', 'filen är i det gamla Excel-formatet .xls; spara den som .xlsx', { file }, { cause: err });
    }
    // A TypeError or RangeError is the reader tripping over a broken workbook: its text
    // ("Cannot read properties of undefined …") tells a user nothing.
    const detail = err instanceof TypeError || err instanceof RangeError ? 'arbetsboken är skadad' : err instanceof Error ? err.message : String(err);
    throw badInput(`filen kan inte läsas som .xlsx (${detail})`, { file });
  }
  const warnings: string[] = [];
  const sheet = sheets[0];
  if (!sheet) return { format: 'xlsx', rows: [], warnings };
  if (sheets.length > 1) {
    warnings.push(
      `arbetsboken har ${sheets.length} blad; bara det första ("${sheet.sheet}") lästes, övriga (${sheets
        .slice(1)
        .map((s) => `"${s.sheet}"`)
        .join(', ')}) ignorerades`,
    );
  }
  // A broken workbook can list a sheet whose data the reader could not build: say so, not a TypeError.
  if (!Array.isArray(sheet.data)) throw badInput(`filen kan inte läsas som .xlsx (arbetsboken är skadad: bladet "${sheet.sheet}" saknar data)`, { file });
  // read-excel-file keeps empty rows in the middle (as empty arrays or nulls), so index i is row i+1.
  const all: RawRow[] = sheet.data.map((cells, i) => ({ line: i + 1, cells: (Array.isArray(cells) ? cells : []) as unknown as Cell[] }));
  const rows = all.filter((r) => !r.cells.every(isBlank));
  const [header, ...data] = rows;
  return checkCells({ format: 'xlsx', header, rows: data, warnings }, file);
}

// ---------------------------------------------------------------------------------------------
// Cells

/**
 * Trimmed text of a cell; '' for an empty cell. Numbers become their shortest decimal text
 * (a spreadsheet 1000 is "1000"). Booleans and dates are errors at `where`: they are almost always
 * a cell formatted by accident, and guessing would store something the user never typed.
 */
export function cellText(c: Cell, where: InputLocation): string {
  if (c === null) return '';
  if (typeof c === 'string') return c.trim();
  if (typeof c === 'number') return String(c);
  if (typeof c === 'boolean') {
    throw badInput(`sanningsvärdet ${c ? 'SANT' : 'FALSKT'} är inget giltigt värde här`, where);
  }
  throw badInput(`cellen är formaterad som datum (${c.toISOString().slice(0, 10)}); formatera kolumnen som text eller tal`, where);
}

/** A header cell as a column name: trimmed, lower case, BOM removed. */
export function headerName(c: Cell): string {
  if (c === null) return '';
  const s = c instanceof Date ? c.toISOString() : String(c);
  return s.replace(/^\uFEFF/, '').trim().toLowerCase();
}

// ---------------------------------------------------------------------------------------------
// Header and row access

/** A documented column of a file kind. */
export interface ColumnSpec {
  name: string;
  /** The column must be present in the header. Whether a value may be empty is in the description. */
  required: boolean;
  /** Swedish, for the README and `--help`. */
  description: string;
}

/** One data row bound to documented columns. Every error it throws names file, line and field. */
export interface Row {
  line: number;
  /** Raw cell of a documented column (null when absent or empty). */
  cell(column: string): Cell;
  /** Trimmed text of a documented column; '' when absent or empty. Rejects dates and booleans. */
  text(column: string): string;
  /** Like `text` but an empty value is an error. */
  required(column: string): string;
  /** A required year: four digits, 1900–2200. */
  year(column: string): number;
  /** Location of this row, with the field when given. */
  at(column?: string): InputLocation;
}

/** Edit distance, for "did you mean" on misspelt column names. */
function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

export const quoteList = (names: readonly string[]): string => names.map((n) => `"${n}"`).join(', ');

/** Parse a year (four digits, 1900–2200) from text; errors at `where`. */
export function parseYear(text: string, where: InputLocation): number {
  const year = /^\d{4}$/.test(text) ? Number(text) : NaN;
  if (!(year >= 1900 && year <= 2200)) throw badInput(`"${text}" är inget år (fyra siffror, 1900–2200)`, where);
  return year;
}

/**
 * Resolve the header against the documented columns and return row accessors. `kind` names the
 * file kind in messages ("tillåtna för filtypen goals: …").
 */
export function bindColumns(table: RawTable, spec: readonly ColumnSpec[], file: string, kind: string): Row[] {
  const allowed = spec.map((c) => c.name);
  const header = table.header;
  if (!header) {
    throw badInput(
      `filen är tom; första raden ska vara en rubrikrad med kolumnerna ${quoteList(allowed)} (obligatoriska: ${quoteList(
        spec.filter((c) => c.required).map((c) => c.name),
      )})`,
      { file },
    );
  }
  const names = header.cells.map(headerName);
  const hloc = (field?: string): InputLocation => (field === undefined ? { file, line: header.line } : { file, line: header.line, field });

  const unknown = names.filter((n) => n !== '' && !allowed.includes(n));
  if (unknown.length > 0) {
    const hints = unknown
      .map((u) => {
        const near = allowed.filter((a) => editDistance(u, a) <= 2);
        return near.length > 0 ? `"${u}" – menade du "${near[0]}"?` : undefined;
      })
      .filter((h): h is string => h !== undefined);
    const delimiterHint =
      table.format === 'csv' && names.length === 1 && unknown.length === 1
        ? ' Avgränsaren ska vara komma, semikolon eller tabb.'
        : '';
    throw badInput(
      `okänd${unknown.length > 1 ? 'a' : ''} kolumn${unknown.length > 1 ? 'er' : ''} ${quoteList(unknown)} i rubrikraden; tillåtna för filtypen ${kind}: ${quoteList(
        allowed,
      )}${hints.length > 0 ? ` (${hints.join('; ')})` : ''}.${delimiterHint}`,
      hloc(unknown.join(', ')),
    );
  }
  const index = new Map<string, number>();
  names.forEach((n, i) => {
    if (n === '') return;
    if (index.has(n)) throw badInput(`kolumnen "${n}" finns två gånger i rubrikraden`, hloc(n));
    index.set(n, i);
  });
  const missing = spec.filter((c) => c.required && !index.has(c.name)).map((c) => c.name);
  if (missing.length > 0) {
    throw badInput(
      `${missing.length > 1 ? 'kolumnerna' : 'kolumnen'} ${quoteList(missing)} saknas i rubrikraden (obligatoriska för filtypen ${kind}: ${quoteList(
        spec.filter((c) => c.required).map((c) => c.name),
      )})`,
      hloc(missing.join(', ')),
    );
  }
  const lastNamed = Math.max(...index.values());

  return table.rows.map((raw) => {
    rejectUnheadedValues(table, raw, names, file);
    if (table.format === 'csv' && raw.cells.length <= lastNamed) {
      throw badInput(
        `raden har ${raw.cells.length} fält men rubrikraden har ${lastNamed + 1} (avgränsare ${describeDelimiter(table.delimiter ?? ',')})`,
        { file, line: raw.line },
      );
    }
    const at = (column?: string): InputLocation =>
      column === undefined ? { file, line: raw.line } : { file, line: raw.line, field: column };
    const cell = (column: string): Cell => {
      const i = index.get(column);
      if (i === undefined) return null;
      const c = raw.cells[i] ?? null;
      return isBlank(c) ? null : c;
    };
    const text = (column: string): string => cellText(cell(column), at(column));
    const required = (column: string): string => {
      const t = text(column);
      if (t === '') throw badInput(`värde saknas i kolumnen "${column}"`, at(column));
      return t;
    };
    const year = (column: string): number => parseYear(required(column), at(column));
    return { line: raw.line, cell, text, required, year, at };
  });
}

/**
 * Values under a column without a header are an error: they would be silently lost. `names` are
 * the header names ('' for an empty header cell).
 */
export function rejectUnheadedValues(table: RawTable, raw: RawRow, names: readonly string[], file: string): void {
  raw.cells.forEach((c, i) => {
    if (!isBlank(c) && (i >= names.length || names[i] === '')) {
      const hint =
        table.format === 'csv'
          ? ` – kontrollera avgränsaren (${describeDelimiter(table.delimiter ?? ',')}) och sätt citattecken kring värden som innehåller den, t.ex. belopp med decimalkomma`
          : '';
      throw badInput(`värdet "${String(c)}" står i kolumn ${i + 1}, som saknar rubrik${hint}`, { file, line: raw.line });
    }
  });
}

/** Reject a second row with the same key, naming both lines. */
export function uniqueCheck(reason: (earlierLine: number, key: string) => string) {
  const seen = new Map<string, number>();
  return (key: string, row: { line: number; at(field?: string): InputLocation }, field?: string): void => {
    const earlier = seen.get(key);
    if (earlier !== undefined) throw badInput(reason(earlier, key), row.at(field));
    seen.set(key, row.line);
  };
}
