/**
 * CSV / XLSX / Kolada-JSON fuzzing of every tabular kind (org, accounts, activities, amounts)
 * and every content kind, run in a worker thread under the watchdog of watchdog.ts.
 * `workerData.property` picks one property (`csv`, `xlsx` or `kolada`); each has a fixed seed,
 * a fixed number of runs and a time limit. Every case goes through the public file readers
 * (`readTabularFile`, `readContentFile`, `readKoladaFile`) from a real file, so decoding,
 * delimiter sniffing and the XLSX unzip are all exercised.
 *
 * What must hold: the reader returns records that can be stored (no NUL in text, exact öre,
 * years 1900–2200, periods 1–12, canonical decimals, line numbers inside the file), or throws a
 * PrognosError (BAD_INPUT or UNSUPPORTED) whose location names the file — never anything else.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import JSZip from 'jszip';
import writeXlsxFile from 'write-excel-file/node';
import { PrognosError } from '../../src/core/errors/index.ts';
import { TABULAR_COLUMNS, TABULAR_KINDS, readTabularFile, type TabularKind } from '../../src/import/tabular/index.ts';
import { CONTENT_COLUMNS, CONTENT_KINDS, isDecimal, readContentFile, readKoladaFile, type ContentKind } from '../../src/import/content/index.ts';
import type { FuzzReport, WorkerMessage } from './watchdog.ts';

interface Data {
  property: 'csv' | 'xlsx' | 'kolada';
  seed: number;
  numRuns: number;
  timeLimitMs: number;
}
const data = workerData as Data;
const post = (m: WorkerMessage): void => parentPort!.postMessage(m);
const dir = mkdtempSync(path.join(tmpdir(), 'prognos-tabular-fuzz-'));

type Kind = TabularKind | ContentKind;
const KINDS: readonly Kind[] = [...TABULAR_KINDS, ...CONTENT_KINDS];
const GRID = { id: 'fuzz-grid', title: 'Fuzz', board: 'KS', year: 2024, round: 'P1' };

function columnsOf(kind: Kind): string[] {
  if (kind === 'grid') return ['Rubrik', 'Utfall 2023', 'Budget 2024', ''];
  const spec = (TABULAR_COLUMNS as Record<string, { name: string }[]>)[kind] ?? CONTENT_COLUMNS[kind as Exclude<ContentKind, 'grid'>];
  return spec.map((c) => c.name);
}

async function read(kind: Kind, file: string): Promise<{ records: unknown[]; warnings: string[] }> {
  if ((TABULAR_KINDS as readonly string[]).includes(kind)) return readTabularFile(kind as TabularKind, file);
  if (kind === 'grid') return readContentFile('grid', file, GRID);
  return readContentFile(kind as Exclude<ContentKind, 'grid'>, file);
}

// ---------------------------------------------------------------------------------------------
// Values

/** Text that must never appear in a message unless it came from the file (we never put it there). */
const FORBIDDEN = /undefined|NaN|\[object /;
const clean = (s: string): string => s.replace(/undefined|NaN|\[object /g, 'x');

const VALUES: Record<string, string[]> = {
  scenario: ['actual', 'budget', 'budget_osb', 'carryover', 'forecast:P1', 'forecast:', 'Actual', 'utfall', ' budget '],
  year: ['2024', '2023', '1899', '2201', '24', '2024.0', '２０２４', ' 2024 ', '-2024', '20240'],
  period: ['1', '12', '13', '0', '', '01', '1.0', '-1', ' 3 '],
  amount: ['1 234,50', '-1234.5', '−12', '1e5', '12.345', '99999999999999999', '0,005', '-0', '1.234,5', '1,234.50', '0', '100', '-0,00', '1 000 000 000 000 000'],
  code: ['KS', '100', 'A', 'å', 'KS ', '1.1', '1', '2.1', '0', ''],
  level: ['board', 'RN1', 'RN2', ''],
  group: ['3', '6A', '6b', 'I', 'X', ''],
  status: ['Uppfylls', 'Uppfylls delvis', 'Uppfylls ej', 'Genomfört', 'Påbörjat', 'Ej påbörjat', 'uppfylls', ''],
  kind: ['strategic', 'board', 'indicator', 'actual', 'forecast', 'positive', 'improvement', 'x'],
  breakdown: ['T', 'K', 'M', 'X', 't'],
  relation: ['own', 'contribution', 'not_relevant', 'x', ''],
  target_type: ['min', 'max', 'increase', 'decrease', 'level', 'minst', 'Öka', ''],
  decimal: ['4,4', '1 234,5', '12', '-3,5 mnkr', '5,8 mnkr', 'x', '1e3', '0,125', '−0,0', '123456789012345678901234567890'],
  round: ['P1', 'B', 'P 1', '', 'x'.repeat(21), 'P2'],
  key: ['proposal', 'analysis', 'events', 'outlook', 'comment:units', 'comment:unit:KS', 'bad key', 'comment:'],
  rule: ['economy-in-balance', 'x', ''],
};
const COLUMN_POOL: Record<string, string> = {
  scenario: 'scenario', year: 'year', given_year: 'year', period: 'period',
  amount: 'amount', opening: 'amount', used: 'amount', result: 'amount',
  code: 'code', account: 'code', unit: 'code', board: 'code', parent: 'code', goal: 'code', nr: 'code',
  level: 'level', budget_level: 'level', group: 'group', status: 'status', kind: 'kind', breakdown: 'breakdown',
  relation: 'relation', target_type: 'target_type', value: 'decimal', target_value: 'decimal',
  forecast_effect_mnkr: 'decimal', total_effect_mnkr: 'decimal', achieved_mnkr: 'decimal', round: 'round', key: 'key', rule: 'rule',
};

const garbage = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.constantFrom('"', '""', '"a"b"', ';', ',', '\t', '\n', '\r\n', '\r', '\u0000', '\uFEFF', '\u2028', '💶', 'å\u0308', ' ', '=1+1', '@SUM(A1)', '1;2', '"x\ny"', '\\'),
  fc.constantFrom('x'.repeat(5000), 'å'.repeat(20_000)),
).map(clean);

function cellArb(column: string): fc.Arbitrary<string> {
  const pool = VALUES[COLUMN_POOL[column.trim().toLowerCase()] ?? ''];
  const text = fc.constantFrom('Text', 'Kommunstyrelsen', 'Mål å ä ö', 'Rad ett\nRad två', '"Solen"', 'a, b; c', '');
  return pool ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...pool) }, { weight: 1, arbitrary: garbage }) : fc.oneof(text, garbage);
}

/** A header: the documented columns (shuffled, in odd case, padded), sometimes one missing, misspelt or extra. */
function headerArb(kind: Kind): fc.Arbitrary<string[]> {
  const cols = columnsOf(kind);
  return fc
    .tuple(
      fc.shuffledSubarray(cols, { minLength: Math.max(0, cols.length - 1), maxLength: cols.length }),
      fc.constantFrom('none', 'upper', 'pad', 'bom'),
      fc.option(fc.constantFrom('extra', 'amout', 'Kod', '', 'code', 'name'), { freq: 4 }),
    )
    .map(([c, style, extra]) => {
      const h = extra === null ? [...c] : [...c, extra];
      return h.map((x, i) => (style === 'upper' ? x.toUpperCase() : style === 'pad' ? ` ${x} ` : style === 'bom' && i === 0 ? `\uFEFF${x}` : x));
    });
}

/** A valid value of a column for row `i` of a file of `kind`; `pick` varies it among valid choices. */
function validCell(kind: Kind, column: string, i: number, pick: number): string {
  const one = <T,>(xs: readonly T[]): T => xs[pick % xs.length]!;
  switch (column) {
    case 'board':
      return 'KS';
    case 'year':
      return kind === 'indicator-values' ? String(2020 + i) : one(['2024', '2023', ' 2024 ']);
    case 'given_year':
      return one(['2023', '2024']);
    case 'round':
      return one(['P1', 'B', 'P2']);
    case 'scenario':
      return one(['actual', 'budget', 'budget_osb', 'carryover', 'forecast:P1']);
    case 'period':
      return one(['', '1', '12', '7', '03']);
    case 'amount':
    case 'opening':
    case 'used':
    case 'result':
      return one(['1 234,50', '-1234.5', '−12', '0', '100', '-0,00', '999 999 999,99', '0,5']);
    case 'code':
      return kind === 'goals' || kind === 'goal-status' ? String(i + 1) : kind === 'org' || kind === 'assignments' || kind === 'assignment-status' ? `U${i}` : kind === 'indicator-values' ? 'I1' : kind === 'indicators' ? `I${i}` : String(1000 + i);
    case 'account':
      return kind === 'accounts' ? String(3000 + 10 * i) : one(['4010', '3010', '61000']);
    case 'unit':
      return kind === 'rollforward' ? `U${i}` : one(['KS', '100', 'Å1']);
    case 'parent':
      return kind === 'org' && i > 0 ? 'U0' : '';
    case 'name':
    case 'text':
    case 'goal_area':
    case 'expected_effect':
    case 'comment':
    case 'title':
      return one(['Kommunstyrelsen', 'Mål å ä ö', 'Rad ett\nRad två', '"Solen" i "Öster"', 'a, b; c\td', '  utfyllt  ', '']) || (column === 'comment' || column === 'title' || column === 'expected_effect' ? '' : 'x');
    case 'level':
      return one(['board', 'RN1', 'RN2']);
    case 'budget_level':
      return one(['', 'Nämnd']);
    case 'group':
      return one(['', '3', '4', '5', '6A', '6b', '7', 'I']);
    case 'project':
      return `P${i}`;
    case 'activity':
      return '';
    case 'kind':
      return kind === 'goals' ? 'strategic' : kind === 'indicator-values' ? one(['actual', 'forecast']) : one(['positive', 'improvement']);
    case 'status':
      return kind === 'goal-status' ? one(['Uppfylls', 'Uppfylls delvis', 'Uppfylls ej', '']) : one(['Genomfört', 'Påbörjat', 'Ej påbörjat', '']);
    case 'nr':
      return String(i + 1);
    case 'breakdown':
      return 'T';
    case 'value':
      return one(['4,4', '1 234,5', '12', '-3,5', '0,125', '153 317']);
    case 'forecast_effect_mnkr':
    case 'total_effect_mnkr':
    case 'achieved_mnkr':
      return one(['5,8', '', '-1,25 mnkr', '0']);
    case 'key':
      return ['proposal', 'analysis', 'events', 'outlook'][i] ?? `comment:unit:U${i}`;
    case 'unit ':
      return 'procent';
    default:
      return kind === 'grid' ? one(['Rad', '12', '3,5', '-1 234', '']) : '';
  }
}

/** A table: mostly a header with mistakes and cells with garbage; sometimes a file that is valid throughout. */
function tableArb(kind: Kind): fc.Arbitrary<{ header: string[]; rows: string[][] }> {
  const cols = columnsOf(kind);
  const valid = fc
    .tuple(fc.shuffledSubarray(cols, { minLength: cols.length, maxLength: cols.length }), fc.array(fc.array(fc.nat({ max: 1000 }), { minLength: cols.length, maxLength: cols.length }), { maxLength: 4 }))
    .map(([header, picks]) => ({ header, rows: picks.map((p, i) => header.map((c, j) => validCell(kind, c, i, p[j]!))) }));
  const messy = headerArb(kind).chain((header) =>
    fc.record({
      header: fc.constant(header),
      rows: fc.array(fc.tuple(...header.map((h) => cellArb(h)), fc.option(garbage, { freq: 8 })).map((r) => r.filter((c): c is string => c !== null)), {
        maxLength: 8,
      }),
    }),
  );
  return fc.oneof({ weight: 1, arbitrary: valid }, { weight: 2, arbitrary: messy });
}

// ---------------------------------------------------------------------------------------------
// Checks

const report: FuzzReport = { runs: {}, failures: [], outcomes: {} };

/** The message, and for an unexpected error where it was thrown (the first frames of its stack or its cause's). */
function describeError(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const cause = e.cause instanceof Error ? e.cause : null;
  const stack = (cause ?? e).stack?.split('\n').slice(1, 6).join('\n') ?? '';
  return cause || !/^(threw|error code|the error|line|unclear|records|chunking|a NUL|period|amount|two rows|rows differ)/.test(e.message) ? `${e.message}\n${stack}` : e.message;
}
function tally(property: string, outcome: string): void {
  const o = (report.outcomes[property] ??= {});
  o[outcome] = (o[outcome] ?? 0) + 1;
}

function checkError(e: unknown, file: string): string {
  if (!(e instanceof PrognosError)) throw new Error(`threw ${e instanceof Error ? `${e.constructor.name}: ${e.message}` : String(e)}, not a PrognosError`, { cause: e });
  if (e.code !== 'BAD_INPUT' && e.code !== 'UNSUPPORTED') throw new Error(`error code ${e.code}: ${e.message}`);
  if (e.location.file !== file) throw new Error(`the error does not name the file: ${JSON.stringify(e.location)} ${e.message}`);
  if (e.location.line !== undefined && !(Number.isInteger(e.location.line) && e.location.line >= 1)) throw new Error(`line ${e.location.line}`);
  if (FORBIDDEN.test(e.reason) || e.reason.trim() === '') throw new Error(`unclear message: ${e.message}`);
  return `rejected ${e.code}`;
}

const DECIMAL_FIELDS = new Set(['value', 'targetValue', 'forecastEffectMnkr', 'totalEffectMnkr', 'achievedMnkr']);
const YEAR_FIELDS = new Set(['year', 'givenYear']);

/** Every value of a record can be stored as the store's columns expect. */
function checkValue(k: string, v: unknown, where: string, maxLine: number): void {
  if (typeof v === 'string') {
    if (v.includes('\u0000')) throw new Error(`${where}.${k} holds a NUL character (PostgreSQL text cannot): ${JSON.stringify(v).slice(0, 80)}`);
    if (DECIMAL_FIELDS.has(k) && !isDecimal(v)) throw new Error(`${where}.${k} = ${JSON.stringify(v)} is not a canonical decimal`);
  } else if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`${where}.${k} = ${v}`);
    if (k.endsWith('Ore') && (!Number.isSafeInteger(v) || Object.is(v, -0))) throw new Error(`${where}.${k} = ${v} is not exact öre`);
    if (YEAR_FIELDS.has(k) && !(Number.isInteger(v) && v >= 1900 && v <= 2200)) throw new Error(`${where}.${k} = ${v}`);
    if (k === 'period' && !(Number.isInteger(v) && v >= 1 && v <= 12)) throw new Error(`${where}.period = ${v}`);
    if (k === 'line' && !(Number.isInteger(v) && v >= 1 && v <= maxLine)) throw new Error(`${where}.line = ${v}, the file has ${maxLine} lines/rows`);
  } else if (v !== null && typeof v === 'object') {
    for (const [kk, vv] of Object.entries(v)) checkValue(kk, vv, `${where}.${k}`, maxLine);
  } else if (v !== null && typeof v !== 'boolean') throw new Error(`${where}.${k} has type ${typeof v}`);
}

function checkResult(r: { records: unknown[]; warnings: string[] }, maxLine: number): string {
  r.records.forEach((rec, i) => checkValue(`[${i}]`, rec, 'records', maxLine));
  for (const w of r.warnings) if (FORBIDDEN.test(w)) throw new Error(`unclear warning: ${w}`);
  return r.records.length > 0 ? 'accepted with records' : 'accepted empty';
}

async function readChecked(kind: Kind, file: string, maxLine: number): Promise<string> {
  try {
    return checkResult(await read(kind, file), maxLine);
  } catch (e) {
    if (e instanceof Error && !(e instanceof PrognosError) && /^(threw|error code|the error|line|unclear|records)/.test(e.message)) throw e;
    return checkError(e, file);
  }
}

function fail<T>(property: string, details: fc.RunDetails<T>): void {
  if (!details.failed) return;
  report.failures.push({
    property,
    error: describeError(details.errorInstance),
    counterexample: JSON.stringify(details.counterexample, (_k, v: unknown) => (v instanceof Uint8Array ? `<${v.length} bytes>` : v)).slice(0, 3000),
    seed: details.seed,
    ...(details.counterexamplePath ? { path: details.counterexamplePath } : {}),
  });
}

const params = { seed: data.seed, numRuns: data.numRuns, interruptAfterTimeLimit: data.timeLimitMs, markInterruptAsFailure: false };

// ---------------------------------------------------------------------------------------------
// CSV

const csvCase = fc.constantFrom(...KINDS).chain((kind) =>
  fc.record({
    kind: fc.constant(kind),
    table: tableArb(kind),
    delimiter: fc.constantFrom(',', ';', '\t', '|'),
    quoting: fc.constantFrom('minimal', 'all', 'none', 'broken'),
    eol: fc.constantFrom('\n', '\r\n', '\r'),
    sepLine: fc.boolean(),
    blankLines: fc.boolean(),
    encoding: fc.constantFrom('utf8', 'utf8bom', 'utf16le', 'utf16be', 'win1252', 'latin1'),
    corruption: fc.oneof(
      { weight: 6, arbitrary: fc.constant({ k: 'none' as const }) },
      { weight: 1, arbitrary: fc.record({ k: fc.constant('truncate' as const), at: fc.nat() }) },
      { weight: 1, arbitrary: fc.record({ k: fc.constant('flip' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }) },
      { weight: 1, arbitrary: fc.record({ k: fc.constant('binary' as const), bytes: fc.uint8Array({ maxLength: 300 }) }) },
    ),
  }),
);

type CsvCase = typeof csvCase extends fc.Arbitrary<infer T> ? T : never;

function csvBytes(c: CsvCase): { bytes: Buffer; lines: number } {
  const q = (v: string): string => {
    const needs = v.includes(c.delimiter) || /["\r\n]/.test(v) || v !== v.trim();
    if (c.quoting === 'all' || (c.quoting === 'minimal' && needs)) return `"${v.replace(/"/g, '""')}"`;
    if (c.quoting === 'broken' && needs) return `"${v}`;
    return v;
  };
  const lines = [c.table.header, ...c.table.rows].map((r) => r.map(q).join(c.delimiter));
  if (c.blankLines) lines.splice(1, 0, '', c.delimiter.repeat(3));
  if (c.sepLine) lines.unshift(`sep=${c.delimiter}`);
  const text = lines.join(c.eol) + c.eol;
  let bytes: Buffer;
  switch (c.encoding) {
    case 'utf8':
      bytes = Buffer.from(text, 'utf8');
      break;
    case 'utf8bom':
      bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
      break;
    case 'utf16le':
      bytes = iconv.encode(text, 'utf16le', { addBOM: true });
      break;
    case 'utf16be':
      bytes = iconv.encode(text, 'utf16be', { addBOM: true });
      break;
    default:
      bytes = iconv.encode(text, c.encoding);
  }
  const k = c.corruption;
  if (k.k === 'truncate') bytes = bytes.subarray(0, k.at % (bytes.length + 1));
  else if (k.k === 'flip' && bytes.length > 0) bytes[k.at % bytes.length] = k.byte;
  else if (k.k === 'binary') bytes = Buffer.from(k.bytes);
  // A generous bound for line numbers: every kind of line break counts.
  const s = bytes.toString('latin1');
  return { bytes, lines: (s.match(/\r\n|\r|\n|\u2028|\u2029/g)?.length ?? 0) + (bytes.length / 2 + 2) };
}

async function runCsv(): Promise<void> {
  const property = 'csv';
  let runs = 0;
  const file = path.join(dir, 'fuzz.csv');
  const details = await fc.check(
    fc.asyncProperty(csvCase, async (c) => {
      runs++;
      post({ type: 'case', property, desc: `${c.kind} ${c.encoding} ${JSON.stringify(c.delimiter)} ${c.quoting} ${c.corruption.k} header=${JSON.stringify(c.table.header)}` });
      const { bytes, lines } = csvBytes(c);
      writeFileSync(file, bytes);
      tally(property, await readChecked(c.kind, file, lines));
    }),
    params,
  );
  report.runs[property] = runs;
  fail(property, details);
}

// ---------------------------------------------------------------------------------------------
// XLSX

type XCell = null | string | number | boolean | { value: Date; format: string } | { type: 'Formula'; value: string };

function xcellArb(column: string): fc.Arbitrary<XCell> {
  return fc.oneof(
    { weight: 4, arbitrary: cellArb(column).map((s): XCell => s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')) },
    { weight: 2, arbitrary: fc.oneof(fc.integer({ min: -1e9, max: 1e9 }), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(0.1 + 0.2, 12.345, -0, 1e20, 2024, 12, 1, 1e-7)) },
    { weight: 1, arbitrary: fc.boolean() },
    { weight: 1, arbitrary: fc.date({ min: new Date('1900-03-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => ({ value: d, format: 'yyyy-mm-dd' })) },
    { weight: 1, arbitrary: fc.constantFrom<XCell>({ type: 'Formula', value: '1/0' }, { type: 'Formula', value: 'SUM(A1:A2)' }, null) },
  );
}

/** A text cell as it is, or (one time in four) a typed cell instead. */
function typedOrText(text: string, column: string): fc.Arbitrary<XCell> {
  const plain = text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, ''); // XML cannot hold these
  return fc.oneof({ weight: 3, arbitrary: fc.constant<XCell>(plain) }, { weight: 1, arbitrary: xcellArb(column) });
}

const xlsxCase = fc.constantFrom(...KINDS).chain((kind) =>
  tableArb(kind).chain(({ header, rows }) =>
    fc.record({
      kind: fc.constant(kind),
      header: fc.constant(header.map((h) => h.replace(/\uFEFF/g, ''))),
      numericHeader: fc.boolean(),
      // the table's text cells, some replaced by typed cells (numbers, booleans, dates, formulas)
      rows: fc.tuple(...rows.map((r) => fc.tuple(...r.map((c, j) => typedOrText(c, header[j] ?? ''))))),
      secondSheet: fc.boolean(),
      corruption: fc.oneof(
        { weight: 5, arbitrary: fc.constant({ k: 'none' as const }) },
        { weight: 1, arbitrary: fc.record({ k: fc.constant('truncate' as const), at: fc.nat() }) },
        { weight: 1, arbitrary: fc.record({ k: fc.constant('flip' as const), at: fc.array(fc.nat(), { minLength: 1, maxLength: 4 }) }) },
        { weight: 1, arbitrary: fc.record({ k: fc.constant('binary' as const), bytes: fc.uint8Array({ maxLength: 200 }) }) },
        {
          weight: 3,
          arbitrary: fc.record({
            k: fc.constant('xml' as const),
            entry: fc.nat(),
            op: fc.constantFrom('truncate', 'insert', 'delete', 'replace'),
            at: fc.nat(),
            text: fc.constantFrom('<', '>', '&', '&#0;', '<c r="A1" t="s"><v>999</v></c>', '<v>x</v>', '"', '<row r="0">', '<c r="ZZZZ99999999"><v>1</v></c>', ''),
          }),
        },
      ),
    }),
  ),
);
type XlsxCase = typeof xlsxCase extends fc.Arbitrary<infer T> ? T : never;

async function xlsxBytes(c: XlsxCase): Promise<Buffer> {
  const header: XCell[] = c.header.map((h, i) => (c.numericHeader && i === 0 ? 2024 : h));
  const sheet = [header, ...c.rows] as unknown as Parameters<typeof writeXlsxFile>[0];
  let bytes = c.secondSheet
    ? await writeXlsxFile([{ sheet: 'Data', data: sheet as never }, { sheet: 'Annat', data: [['x']] }] as never).toBuffer()
    : await writeXlsxFile(sheet as never).toBuffer();
  const k = c.corruption;
  if (k.k === 'truncate') bytes = bytes.subarray(0, k.at % (bytes.length + 1));
  else if (k.k === 'flip') for (const a of k.at) bytes[a % bytes.length]! ^= 0x5a;
  else if (k.k === 'binary') bytes = Buffer.from(k.bytes);
  else if (k.k === 'xml') {
    const zip = await JSZip.loadAsync(bytes);
    const names = Object.keys(zip.files).filter((n) => !zip.files[n]!.dir).sort();
    const name = names[k.entry % names.length]!;
    if (k.op === 'delete') zip.remove(name);
    else {
      const text = await zip.file(name)!.async('string');
      const at = k.at % (text.length + 1);
      const next = k.op === 'truncate' ? text.slice(0, at) : k.op === 'insert' ? text.slice(0, at) + k.text : text.replace(/<v>[^<]*<\/v>/, k.text);
      zip.file(name, k.op === 'insert' ? next + text.slice(at) : next);
    }
    bytes = await zip.generateAsync({ type: 'nodebuffer' });
  }
  return bytes;
}

async function runXlsx(): Promise<void> {
  const property = 'xlsx';
  let runs = 0;
  const file = path.join(dir, 'fuzz.xlsx');
  const details = await fc.check(
    fc.asyncProperty(xlsxCase, async (c) => {
      runs++;
      post({ type: 'case', property, desc: `${c.kind} ${JSON.stringify(c.corruption)} header=${JSON.stringify(c.header)} rows=${c.rows.length}` });
      let bytes: Buffer;
      try {
        bytes = await xlsxBytes(c);
      } catch (e) {
        tally(property, 'not writable');
        return; // the writer refused the generated sheet: not the importer's business
      }
      writeFileSync(file, bytes);
      tally(property, await readChecked(c.kind, file, c.rows.length + 5));
    }),
    params,
  );
  report.runs[property] = runs;
  fail(property, details);
}

// ---------------------------------------------------------------------------------------------
// Kolada JSON

const jsonValue = fc.oneof(
  fc.constantFrom(null, true, 'T', 'K', 'M', 'X', 2022, '2022', ' 2022 ', 1899, 12.3, -0, 1e308, '12,3', '', 'N00945', '0180', 180, [], {}),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.string({ unit: 'grapheme', maxLength: 8 }).map(clean),
);
const validKolada = fc
  .array(fc.tuple(fc.constantFrom('N00945', 'U00002'), fc.subarray(['T', 'K', 'M'], { minLength: 1 }), fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 }), fc.constant(null))), { maxLength: 4 })
  .map((entries) => JSON.stringify({ values: entries.map(([kpi, genders, value], i) => ({ kpi, municipality: '1880', period: 2015 + i, values: genders.map((gender) => ({ gender, value, status: '' })) })) }));
const koladaDoc = fc.oneof(
  { weight: 2, arbitrary: validKolada },
  { weight: 1, arbitrary: fc.json().map(clean) },
  {
    weight: 4,
    arbitrary: fc
      .record(
        {
          values: fc.array(
            fc.record(
              {
                kpi: fc.oneof(fc.constantFrom('N00945', 'U00002'), jsonValue),
                municipality: fc.oneof(fc.constantFrom('1880', '0180'), jsonValue),
                period: fc.oneof(fc.constantFrom(2022, '2023'), jsonValue),
                values: fc.oneof(
                  fc.array(fc.record({ gender: fc.oneof(fc.constantFrom('T', 'K', 'M'), jsonValue), value: fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), jsonValue), status: jsonValue }, { requiredKeys: [] }), { maxLength: 4 }),
                  jsonValue,
                ),
              },
              { requiredKeys: [] },
            ),
            { maxLength: 5 },
          ),
          next_page: fc.oneof(fc.constant(null), fc.constant('https://api.kolada.se/v2/data?page=2')),
        },
        { requiredKeys: ['values'] },
      )
      .map((d) => JSON.stringify(d)),
  },
);

async function runKolada(): Promise<void> {
  const property = 'kolada';
  let runs = 0;
  const file = path.join(dir, 'fuzz.json');
  const details = await fc.check(
    fc.asyncProperty(koladaDoc, fc.option(fc.nat(), { freq: 5 }), fc.constantFrom('utf8', 'utf16le', 'win1252'), async (text, cut, encoding) => {
      runs++;
      post({ type: 'case', property, desc: `${encoding} cut=${cut} ${text.slice(0, 200)}` });
      let bytes = encoding === 'utf16le' ? iconv.encode(text, 'utf16le', { addBOM: true }) : iconv.encode(text, encoding);
      if (cut !== null) bytes = bytes.subarray(0, cut % (bytes.length + 1));
      writeFileSync(file, bytes);
      try {
        const r = await readKoladaFile(file);
        r.records.forEach((rec, i) => checkValue(`[${i}]`, rec, 'records', Infinity));
        tally(property, r.records.length > 0 ? 'accepted with records' : 'accepted empty');
      } catch (e) {
        if (e instanceof Error && !(e instanceof PrognosError) && /^records/.test(e.message)) throw e;
        tally(property, checkError(e, file));
      }
    }),
    params,
  );
  report.runs[property] = runs;
  fail(property, details);
}

try {
  if (data.property === 'csv') await runCsv();
  else if (data.property === 'xlsx') await runXlsx();
  else await runKolada();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
post({ type: 'done', report });
