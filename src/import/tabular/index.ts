/**
 * CSV and XLSX import of what SIE cannot carry: the organisation tree, account groups,
 * activities (verksamheter) and amounts (budget, forecasts, outcome) in documented columns.
 *
 * Everything here is pure parsing and validation of one file: the whole file is checked before
 * anything is returned, and the first problem is thrown as `badInput` naming file, line (CSV
 * line or XLSX row number) and field (the documented column name). Cross-file checks (does the
 * unit of an amount exist in the organisation tree?) belong to the caller.
 */
import { readFile } from 'node:fs/promises';
import { isUtf8 } from 'node:buffer';
import { extname } from 'node:path';
import { parse as parseCsv, CsvError } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import readXlsxFile from 'read-excel-file/node';
import { badInput, PrognosError, type InputLocation } from '../../core/errors/index.ts';
import { parseKronor, type Ore } from '../../core/money/index.ts';
import {
  defaultAccountGroup,
  isAccountGroup,
  OPERATING_GROUPS,
  parseScenario,
  type AccountGroup,
  type Scenario,
} from '../../core/domain/index.ts';

export type TabularKind = 'org' | 'accounts' | 'activities' | 'amounts';

export const TABULAR_KINDS: readonly TabularKind[] = ['org', 'accounts', 'activities', 'amounts'];

export interface OrgRecord {
  code: string;
  name: string;
  parent: string | null;
  level: string;
  budgetLevel: string | null;
  /** 0-based position of the record in the file. */
  sortOrder: number;
}

export interface AccountRecord {
  account: string;
  name: string;
  group: AccountGroup | null;
  /** True when the file gave the group; false when it is `defaultAccountGroup(account)`. */
  groupOverride: boolean;
}

export interface ActivityRecord {
  code: string;
  name: string;
}

export interface AmountRecord {
  scenario: Scenario;
  year: number;
  /** 1–12, or null for an annual amount. */
  period: number | null;
  unit: string;
  account: string;
  /** '' when not given. */
  activity: string;
  /** '' when not given. */
  project: string;
  /** Ledger sign: debit (cost) positive, credit (revenue) negative. */
  amountOre: Ore;
  /** Line (CSV) or row (XLSX) the record came from, for errors found later (unknown unit …). */
  line: number;
}

export type TabularResult =
  | { kind: 'org'; file: string; records: OrgRecord[]; warnings: string[] }
  | { kind: 'accounts'; file: string; records: AccountRecord[]; warnings: string[] }
  | { kind: 'activities'; file: string; records: ActivityRecord[]; warnings: string[] }
  | { kind: 'amounts'; file: string; records: AmountRecord[]; warnings: string[] };

export type TabularResultOf<K extends TabularKind> = Extract<TabularResult, { kind: K }>;

export interface TabularColumn {
  name: string;
  /** The column must be present in the header. Whether a value may be empty is in the description. */
  required: boolean;
  /** Swedish, for the README and `--help`. */
  description: string;
}

export const TABULAR_COLUMNS: Record<TabularKind, TabularColumn[]> = {
  org: [
    { name: 'code', required: true, description: 'Ansvarskod (enhetens kod). Obligatorisk och unik i filen.' },
    { name: 'name', required: true, description: 'Enhetens namn. Obligatoriskt.' },
    {
      name: 'parent',
      required: true,
      description: 'Kod för överordnad enhet, som måste finnas i samma fil. Tom för en rotenhet (t.ex. nämnden).',
    },
    { name: 'level', required: true, description: 'Nivå, t.ex. board, RN1 … RN5 (fritext). Obligatorisk.' },
    {
      name: 'budget_level',
      required: false,
      description: 'Budgetnivå i nettoredovisningen (fritext). Ärvs av underliggande enheter; får vara tom.',
    },
  ],
  accounts: [
    { name: 'account', required: true, description: 'Kontonummer. Obligatoriskt och unikt i filen.' },
    { name: 'name', required: true, description: 'Kontots namn. Obligatoriskt.' },
    {
      name: 'group',
      required: false,
      description:
        'Kontogrupp: 3, 4, 5, 6A, 6B, 7 eller I (investering). Tom = standardgrupp enligt Kommun-Bas (3xxx → 3, 61xx → 6A, övriga 6xxx → 6B, 10–12xx → I).',
    },
  ],
  activities: [
    { name: 'code', required: true, description: 'Verksamhetskod (RS), t.ex. 1000. Obligatorisk och unik i filen.' },
    { name: 'name', required: true, description: 'Verksamhetens namn. Obligatoriskt.' },
  ],
  amounts: [
    {
      name: 'scenario',
      required: true,
      description: 'Vad beloppet är: actual (utfall), budget, budget_osb (budget enligt ÖSB), carryover (överfört resultat) eller forecast:<omgång>, t.ex. forecast:P1.',
    },
    { name: 'year', required: true, description: 'År, fyra siffror (1900–2200).' },
    { name: 'period', required: true, description: 'Månad 1–12, eller tom för ett helårsbelopp.' },
    { name: 'unit', required: true, description: 'Ansvarskod. Obligatorisk.' },
    { name: 'account', required: true, description: 'Kontonummer. Obligatoriskt.' },
    { name: 'activity', required: false, description: 'Verksamhetskod (RS); får vara tom.' },
    { name: 'project', required: false, description: 'Projekt- eller investeringsobjekt; får vara tomt.' },
    {
      name: 'amount',
      required: true,
      description:
        'Belopp i kronor med högst två decimaler, bokföringens tecken (kostnad positiv, intäkt negativ). Decimalpunkt eller decimalkomma; mellanslag som tusentalsavgränsare; minus som - eller −. Samma nyckel (scenario, år, period, ansvar, konto, verksamhet, projekt) får bara förekomma en gång per fil.',
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// Public entry points

/**
 * Read one CSV or XLSX file of the given kind. The format is chosen by extension (`.csv`,
 * `.xlsx`); XLSX reads the first sheet. Throws `PrognosError` (BAD_INPUT) on the first problem.
 */
export async function readTabularFile<K extends TabularKind>(kind: K, path: string): Promise<TabularResultOf<K>> {
  const ext = extname(path).toLowerCase();
  if (ext === '.csv') {
    const bytes = await readBytes(path);
    const { text, warnings } = decodeCsvBytes(bytes);
    return buildResult(kind, csvTable(text, path, warnings), path);
  }
  if (ext === '.xlsx') {
    const bytes = await readBytes(path);
    return buildResult(kind, await xlsxTable(bytes, path), path);
  }
  if (ext === '.xls') {
    throw new PrognosError('UNSUPPORTED', 'det gamla Excel-formatet .xls stöds inte; spara filen som .xlsx eller .csv', {
      file: path,
    });
  }
  throw badInput(`okänd filtyp "${ext || '(ingen)'}"; filen ska sluta på .csv eller .xlsx`, { file: path });
}

/** Parse CSV text (already decoded) of the given kind. `fileName` is used in errors only. */
export function parseCsvText<K extends TabularKind>(kind: K, text: string, fileName: string): TabularResultOf<K> {
  return buildResult(kind, csvTable(text, fileName, []), fileName);
}

// ---------------------------------------------------------------------------------------------
// Raw tables: what CSV and XLSX have in common

/** A cell as read: CSV gives strings, XLSX also numbers, booleans and dates. */
type Cell = string | number | boolean | Date | null;

interface RawRow {
  /** 1-based line (CSV: the line the record starts on) or row number (XLSX). */
  line: number;
  cells: Cell[];
}

interface RawTable {
  format: 'csv' | 'xlsx';
  /** CSV only: the delimiter, for hints in errors. */
  delimiter?: string;
  /** The header row, or undefined for a file without any non-empty row. */
  header?: RawRow;
  rows: RawRow[];
  warnings: string[];
}

const isBlank = (c: Cell): boolean => c === null || (typeof c === 'string' && c.trim() === '');

async function readBytes(path: string): Promise<Buffer> {
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

// ---------------------------------------------------------------------------------------------
// CSV

/** Bytes → text: UTF-8 with or without BOM; UTF-16 with BOM; otherwise Windows-1252 with a warning. */
function decodeCsvBytes(bytes: Buffer): { text: string; warnings: string[] } {
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

function describeDelimiter(d: string): string {
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
      on_record: (record: string[], ctx) => {
        parsed.push({ line: lastEnd + 1, cells: record });
        lastEnd = ctx.lines;
        return null;
      },
    });
  } catch (err) {
    if (err instanceof CsvError) {
      const line = lastEnd + 1;
      if (err.code === 'CSV_QUOTE_NOT_CLOSED') {
        throw badInput('ett citattecken (") öppnas men stängs aldrig', { file, line });
      }
      throw badInput(`felaktig CSV: ${err.message}`, { file, line: typeof err.lines === 'number' ? err.lines : line });
    }
    throw err;
  }

  const rows = parsed.filter((r) => r.line !== sepLine && !r.cells.every(isBlank));
  const [header, ...data] = rows;
  return { format: 'csv', delimiter, header, rows: data, warnings };
}

// ---------------------------------------------------------------------------------------------
// XLSX

async function xlsxTable(bytes: Buffer, file: string): Promise<RawTable> {
  if (bytes.length === 0) return { format: 'xlsx', rows: [], warnings: [] };
  let sheets: Awaited<ReturnType<typeof readXlsxFile>>;
  try {
    sheets = await readXlsxFile(bytes);
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === 'XLS_FILE_NOT_SUPPORTED') {
      throw new PrognosError('UNSUPPORTED', 'filen är i det gamla Excel-formatet .xls; spara den som .xlsx', { file }, { cause: err });
    }
    const detail = err instanceof Error ? err.message : String(err);
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
  // read-excel-file keeps empty rows in the middle (as empty arrays or nulls), so index i is row i+1.
  const all: RawRow[] = sheet.data.map((cells, i) => ({ line: i + 1, cells: cells as unknown as Cell[] }));
  const rows = all.filter((r) => !r.cells.every(isBlank));
  const [header, ...data] = rows;
  return { format: 'xlsx', header, rows: data, warnings };
}

/**
 * Öre from a numeric spreadsheet cell. A cell holds a binary double, so 0.1 + 0.2 arrives as
 * 0.30000000000000004 and =1000000,1-999999,9 as 0.20000000004656613. Rule: take the nearest
 * öre amount (decimal rounding of the exact double, via `toFixed(2)`) and accept it when the
 * cell lies within 0.0001 kr of it — far below any real third decimal (a value such as 12.345
 * is 0.005 kr off and is rejected) but far above the error of ordinary arithmetic on amounts up
 * to tens of billions of kronor. For larger values the tolerance grows with the value (64 units
 * in the last place), because there a double cannot even hold every öre.
 */
export function oreFromSpreadsheetNumber(value: number, where: InputLocation = {}): Ore {
  if (!Number.isFinite(value)) throw badInput('cellen innehåller inget ändligt tal', where);
  if (Math.abs(value) >= 1e14) throw badInput(`beloppet ${value} är orimligt stort`, where);
  const fixed = value.toFixed(2); // nearest öre of the exact binary value
  const tolerance = Math.max(1e-4, Math.abs(value) * 2 ** -46);
  if (Math.abs(value - Number(fixed)) > tolerance) {
    throw badInput(
      `${String(value).replace('.', ',')} har fler än två decimaler; avrunda till hela ören i kalkylbladet (t.ex. AVRUNDA(…;2))`,
      where,
    );
  }
  const ore = parseKronor(fixed, where);
  return ore === 0 ? 0 : ore; // no -0
}

// ---------------------------------------------------------------------------------------------
// Header and row access

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

const quoteList = (names: readonly string[]): string => names.map((n) => `"${n}"`).join(', ');

interface Row {
  line: number;
  /** Raw cell of a documented column (null when absent or empty). */
  cell(column: string): Cell;
  /** Trimmed text of a documented column; '' when absent or empty. Rejects dates and booleans. */
  text(column: string): string;
  /** Like `text` but an empty value is an error. */
  required(column: string): string;
  /** Location of this row, with the field when given. */
  at(column?: string): InputLocation;
}

function headerName(c: Cell): string {
  if (c === null) return '';
  const s = c instanceof Date ? c.toISOString() : String(c);
  return s.replace(/^\uFEFF/, '').trim().toLowerCase();
}

/** Resolve the header against the documented columns and return row accessors. */
function bindColumns(kind: TabularKind, table: RawTable, file: string): Row[] {
  const spec = TABULAR_COLUMNS[kind];
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
    // Values under a column without a header are an error: they would be silently lost.
    raw.cells.forEach((c, i) => {
      if (!isBlank(c) && (i >= names.length || names[i] === '')) {
        const hint =
          table.format === 'csv'
            ? ` – kontrollera avgränsaren (${describeDelimiter(table.delimiter ?? ',')}) och sätt citattecken kring värden som innehåller den, t.ex. belopp med decimalkomma`
            : '';
        throw badInput(
          `värdet "${String(c)}" står i kolumn ${i + 1}, som saknar rubrik${hint}`,
          { file, line: raw.line },
        );
      }
    });
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
    const text = (column: string): string => {
      const c = cell(column);
      if (c === null) return '';
      if (typeof c === 'string') return c.trim();
      if (typeof c === 'number') return String(c);
      if (typeof c === 'boolean') {
        throw badInput(`sanningsvärdet ${c ? 'SANT' : 'FALSKT'} är inget giltigt värde här`, at(column));
      }
      throw badInput(
        `cellen är formaterad som datum (${c.toISOString().slice(0, 10)}); formatera kolumnen som text eller tal`,
        at(column),
      );
    };
    const required = (column: string): string => {
      const t = text(column);
      if (t === '') throw badInput(`värde saknas i kolumnen "${column}"`, at(column));
      return t;
    };
    return { line: raw.line, cell, text, required, at };
  });
}

// ---------------------------------------------------------------------------------------------
// Kinds

function buildResult<K extends TabularKind>(kind: K, table: RawTable, file: string): TabularResultOf<K> {
  const rows = bindColumns(kind, table, file);
  const warnings = table.warnings;
  let result: TabularResult;
  switch (kind) {
    case 'org':
      result = { kind: 'org', file, records: orgRecords(rows, file), warnings };
      break;
    case 'accounts':
      result = { kind: 'accounts', file, records: accountRecords(rows), warnings };
      break;
    case 'activities':
      result = { kind: 'activities', file, records: activityRecords(rows), warnings };
      break;
    case 'amounts':
      result = { kind: 'amounts', file, records: amountRecords(rows), warnings };
      break;
    default:
      throw new Error(`unknown tabular kind ${String(kind)}`);
  }
  return result as TabularResultOf<K>;
}

/** Reject a second row with the same key, naming both lines. */
function uniqueCheck(reason: (earlierLine: number, key: string) => string) {
  const seen = new Map<string, number>();
  return (key: string, row: Row, field?: string): void => {
    const earlier = seen.get(key);
    if (earlier !== undefined) throw badInput(reason(earlier, key), row.at(field));
    seen.set(key, row.line);
  };
}

function orgRecords(rows: Row[], file: string): OrgRecord[] {
  const unique = uniqueCheck((earlier, code) => `koden "${code}" finns redan på rad ${earlier}; en kod får bara förekomma en gång`);
  const records: OrgRecord[] = [];
  const lineOf = new Map<string, number>();
  for (const row of rows) {
    const code = row.required('code');
    unique(code, row, 'code');
    const name = row.required('name');
    const parent = row.text('parent') || null;
    const level = row.required('level');
    const budgetLevel = row.text('budget_level') || null;
    lineOf.set(code, row.line);
    records.push({ code, name, parent, level, budgetLevel, sortOrder: records.length });
  }

  const parentOf = new Map(records.map((r) => [r.code, r.parent]));
  for (const r of records) {
    if (r.parent !== null && !parentOf.has(r.parent)) {
      throw badInput(`överordnad enhet "${r.parent}" finns inte i filen (lämna tomt för en rotenhet)`, {
        file,
        line: lineOf.get(r.code)!,
        field: 'parent',
      });
    }
  }

  // Cycle detection: follow parents from every unit; 'done' marks units known to reach a root.
  const done = new Set<string>();
  for (const r of records) {
    const path: string[] = [];
    const onPath = new Map<string, number>();
    let at: string | null = r.code;
    while (at !== null && !done.has(at)) {
      if (onPath.has(at)) {
        const cycle = path.slice(onPath.get(at)!);
        // Report at the cycle member that comes first in the file.
        const first = cycle.reduce((a, b) => (lineOf.get(a)! <= lineOf.get(b)! ? a : b));
        const start = cycle.indexOf(first);
        const ordered = [...cycle.slice(start), ...cycle.slice(0, start), first];
        throw badInput(
          `cykel i organisationsträdet: ${ordered.map((c) => `"${c}"`).join(' → ')} (en enhet kan inte ligga under sig själv)`,
          { file, line: lineOf.get(first)!, field: 'parent' },
        );
      }
      onPath.set(at, path.length);
      path.push(at);
      at = parentOf.get(at) ?? null;
    }
    for (const c of path) done.add(c);
  }
  return records;
}

function accountRecords(rows: Row[]): AccountRecord[] {
  const unique = uniqueCheck((earlier, account) => `kontot "${account}" finns redan på rad ${earlier}; ett konto får bara förekomma en gång`);
  // Not Object.keys(ACCOUNT_GROUPS): that puts integer-like keys first (3, 4, 5, 7, 6A …).
  const allowed = [...OPERATING_GROUPS, 'I'].join(', ');
  return rows.map((row) => {
    const account = row.required('account');
    unique(account, row, 'account');
    const name = row.required('name');
    const given = row.text('group');
    if (given === '') return { account, name, group: defaultAccountGroup(account), groupOverride: false };
    const group = given.toUpperCase();
    if (!isAccountGroup(group)) {
      throw badInput(`"${given}" är ingen kontogrupp (tillåtna: ${allowed} eller tomt för standardgruppen)`, row.at('group'));
    }
    return { account, name, group, groupOverride: true };
  });
}

function activityRecords(rows: Row[]): ActivityRecord[] {
  const unique = uniqueCheck((earlier, code) => `verksamhetskoden "${code}" finns redan på rad ${earlier}; en kod får bara förekomma en gång`);
  return rows.map((row) => {
    const code = row.required('code');
    unique(code, row, 'code');
    return { code, name: row.required('name') };
  });
}

function amountRecords(rows: Row[]): AmountRecord[] {
  const unique = uniqueCheck(
    (earlier) =>
      `rad ${earlier} har redan samma scenario, år, period, ansvar, konto, verksamhet och projekt; ta bort dubbletten eller slå ihop raderna till ett belopp`,
  );
  return rows.map((row) => {
    const scenario = parseScenario(row.required('scenario'), row.at('scenario'));

    const yearText = row.required('year');
    const year = /^\d{4}$/.test(yearText) ? Number(yearText) : NaN;
    if (!(year >= 1900 && year <= 2200)) throw badInput(`"${yearText}" är inget år (fyra siffror, 1900–2200)`, row.at('year'));

    const periodText = row.text('period');
    let period: number | null = null;
    if (periodText !== '') {
      period = /^\d{1,2}$/.test(periodText) ? Number(periodText) : NaN;
      if (!(period >= 1 && period <= 12)) throw badInput(`"${periodText}" är ingen period (1–12 eller tom)`, row.at('period'));
    }

    const unit = row.required('unit');
    const account = row.required('account');
    const activity = row.text('activity');
    const project = row.text('project');

    const raw = row.cell('amount');
    if (raw === null) throw badInput('belopp saknas (en tom cell eller en formel som gav fel)', row.at('amount'));
    const parsed = typeof raw === 'number' ? oreFromSpreadsheetNumber(raw, row.at('amount')) : parseKronor(row.text('amount'), row.at('amount'));
    const amountOre = parsed === 0 ? 0 : parsed; // "-0" is zero, not negative zero

    unique(JSON.stringify([scenario, year, period, unit, account, activity, project]), row);
    return { scenario, year, period, unit, account, activity, project, amountOre, line: row.line };
  });
}
