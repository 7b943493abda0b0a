/**
 * CSV and XLSX import of follow-up content: goals and their status, assignments and their
 * status, measures, indicators and their values, observations, narrative text, the
 * intrapreneurship roll-forward, and free grids (any other table a chapter needs).
 *
 * The files are read by the generic reader of `import/tabular` (encodings, delimiters, header
 * binding, line numbers), so the rules are those of the tabular kinds: the whole file is
 * validated before anything is returned, and the first problem is thrown as `badInput` naming
 * file, line and field. References inside one file (a board goal's strategic goal) are checked
 * here; references to other data (does the board exist, does the goal of a status exist) belong
 * to the store.
 *
 * Numbers that are not kronor (indicator values, targets, effects in mnkr, grid numbers) are
 * exact decimal strings (`Decimal`, see `decimal.ts`), stored as PostgreSQL `numeric`. Kronor are
 * integer öre as everywhere else.
 */
import { badInput, type InputLocation } from '../../core/errors/index.ts';
import { parseKronor, type Ore } from '../../core/money/index.ts';
import {
  ASSIGNMENT_STATUSES,
  GOAL_STATUSES,
  type AssignmentStatus,
  type GoalKind,
  type GoalRelation,
  type GoalStatus,
  type TargetType,
} from '../../core/domain/followup.ts';
import {
  bindColumns,
  cellText,
  isBlank,
  oreFromSpreadsheetNumber,
  parseCsvTable,
  parseYear,
  readTableFile,
  uniqueCheck,
  type Cell,
  type ColumnSpec,
  type RawTable,
  type Row,
} from '../tabular/index.ts';
import { decimalFromSpreadsheetNumber, parseDecimal, tryParseDecimal, type Decimal } from './decimal.ts';

export { compareDecimals, decimalFraction, isDecimal, parseDecimal, tryParseDecimal, type Decimal } from './decimal.ts';
export { readKoladaFile, parseKoladaJson, type Breakdown, type KoladaRecord, type KoladaResult } from './kolada.ts';
import type { Breakdown } from './kolada.ts';

export type ContentKind =
  | 'goals'
  | 'goal-status'
  | 'assignments'
  | 'assignment-status'
  | 'measures'
  | 'indicators'
  | 'indicator-values'
  | 'observations'
  | 'narrative'
  | 'rollforward'
  | 'grid';

export const CONTENT_KINDS: readonly ContentKind[] = [
  'goals',
  'goal-status',
  'assignments',
  'assignment-status',
  'measures',
  'indicators',
  'indicator-values',
  'observations',
  'narrative',
  'rollforward',
  'grid',
];

// ---------------------------------------------------------------------------------------------
// Records. Every record carries `line` (CSV line or XLSX row) for errors found later by the store;
// `sortOrder` (0-based position in the file) where the report shows records in file order.

export interface GoalRecord {
  board: string;
  year: number;
  /** Målområde. For board goals and indicators left empty in the file: the strategic goal's. */
  goalArea: string;
  code: string;
  /** The strategic goal's code; null for a strategic goal. */
  parent: string | null;
  kind: GoalKind;
  text: string;
  /** Board goals only; null when not given. */
  relation: GoalRelation | null;
  target: string | null;
  /** A rule deriving the status from figures (`economy-in-balance`); null when not given. */
  rule: string | null;
  sortOrder: number;
  line: number;
}

/** Goal rules the report builder knows. */
export const GOAL_RULES: readonly string[] = ['economy-in-balance'];

export interface GoalStatusRecord {
  board: string;
  year: number;
  round: string;
  code: string;
  /** null = not assessed. */
  status: GoalStatus | null;
  comment: string;
  line: number;
}

export interface AssignmentRecord {
  board: string;
  year: number;
  code: string;
  goalArea: string;
  /** The ÖSB year that gave the assignment; earlier than `year` = kvarstående uppdrag. */
  givenYear: number;
  text: string;
  sortOrder: number;
  line: number;
}

export interface AssignmentStatusRecord {
  board: string;
  year: number;
  round: string;
  code: string;
  /** null = not assessed. */
  status: AssignmentStatus | null;
  comment: string;
  line: number;
}

export interface MeasureRecord {
  board: string;
  year: number;
  round: string;
  nr: string;
  text: string;
  /** Free text as in the source ("KS 2023-03-14"); '' when not given. */
  decisionDate: string;
  diaryNumber: string;
  forecastEffectMnkr: Decimal | null;
  totalEffectMnkr: Decimal | null;
  achievedMnkr: Decimal | null;
  expectedEffect: string;
  comment: string;
  sortOrder: number;
  line: number;
}

export interface IndicatorRecord {
  board: string;
  code: string;
  name: string;
  unit: string;
  /** A goal code (checked against the goals by the store); null when not given. */
  goal: string | null;
  targetType: TargetType | null;
  /** Required for min/max, optional for level, absent otherwise. */
  targetValue: Decimal | null;
  /** Where the values come from, e.g. a Kolada KPI id ("N00945"); '' when not given. */
  source: string;
  sortOrder: number;
  line: number;
}

export interface IndicatorValueRecord {
  board: string;
  code: string;
  year: number;
  kind: 'actual' | 'forecast';
  breakdown: Breakdown;
  value: Decimal;
  line: number;
}

export interface ObservationRecord {
  board: string;
  year: number;
  round: string;
  goalArea: string;
  kind: 'positive' | 'improvement';
  text: string;
  sortOrder: number;
  line: number;
}

export interface NarrativeRecord {
  board: string;
  year: number;
  round: string;
  /** `proposal`, `analysis`, `events`, `outlook`, `comment:<table id>`, `comment:unit:<unit code>` … */
  key: string;
  /** '' when not given. */
  title: string;
  /** Line endings `\n`, paragraphs separated by exactly one empty line, no trailing spaces. */
  text: string;
  line: number;
}

export interface RollforwardRecord {
  board: string;
  year: number;
  unit: string;
  openingOre: Ore;
  usedOre: Ore;
  resultOre: Ore;
  /** Computed: opening + used + result. */
  closingOre: Ore;
  sortOrder: number;
  line: number;
}

export interface GridOptions {
  id: string;
  title: string;
  board: string;
  year: number;
  round: string;
}

export interface GridColumn {
  /** Stable key derived from the label ("Utfall 2018" → "utfall_2018"), or `c<n>` (1-based). */
  key: string;
  /** The header cell as written; may be ''. */
  label: string;
  /** 'number' when every non-empty cell of the column is a number; the first column is always 'text'. */
  kind: 'text' | 'number';
  /** Number columns: the largest number of decimals written, for printing them alike. */
  decimals?: number;
}

export type GridCell =
  | null
  | { kind: 'text'; text: string }
  /** `text` is the cell as written (or, from a numeric XLSX cell, the value with decimal comma). */
  | { kind: 'number'; value: Decimal; text: string };

export interface GridRow {
  line: number;
  /** By column key; every column has an entry (null when empty). */
  cells: Record<string, GridCell>;
}

export interface GridRecord extends GridOptions {
  columns: GridColumn[];
  rows: GridRow[];
}

interface ResultBase {
  file: string;
  warnings: string[];
}

export type ContentResult =
  | (ResultBase & { kind: 'goals'; records: GoalRecord[] })
  | (ResultBase & { kind: 'goal-status'; records: GoalStatusRecord[] })
  | (ResultBase & { kind: 'assignments'; records: AssignmentRecord[] })
  | (ResultBase & { kind: 'assignment-status'; records: AssignmentStatusRecord[] })
  | (ResultBase & { kind: 'measures'; records: MeasureRecord[] })
  | (ResultBase & { kind: 'indicators'; records: IndicatorRecord[] })
  | (ResultBase & { kind: 'indicator-values'; records: IndicatorValueRecord[] })
  | (ResultBase & { kind: 'observations'; records: ObservationRecord[] })
  | (ResultBase & { kind: 'narrative'; records: NarrativeRecord[] })
  | (ResultBase & { kind: 'rollforward'; records: RollforwardRecord[] })
  /** One file is one grid: `records` holds exactly one record. */
  | (ResultBase & { kind: 'grid'; records: [GridRecord] });

export type ContentResultOf<K extends ContentKind> = Extract<ContentResult, { kind: K }>;

/** Extra arguments per kind: a grid needs its id, title, board, year and round; the others none. */
export type ContentOptionsArg<K extends ContentKind> = K extends 'grid' ? [options: GridOptions] : [];

// ---------------------------------------------------------------------------------------------
// Documented columns

const BOARD: ColumnSpec = { name: 'board', required: true, description: 'Nämndens eller styrelsens ansvarskod, t.ex. KS. Obligatorisk.' };
const YEAR: ColumnSpec = { name: 'year', required: true, description: 'År, fyra siffror (1900–2200).' };
const ROUND: ColumnSpec = {
  name: 'round',
  required: true,
  description: 'Uppföljningsomgång: P1, P2 … för prognoser, B för bokslut (bokstäver, siffror, - och _; högst 20 tecken).',
};
const GOAL_AREA: ColumnSpec = { name: 'goal_area', required: true, description: 'Målområde, t.ex. "Ett tryggt Örebro genom livet".' };
const COMMENT: ColumnSpec = { name: 'comment', required: false, description: 'Kommentar (fritext); får vara tom.' };

export const CONTENT_COLUMNS: Record<Exclude<ContentKind, 'grid'>, ColumnSpec[]> = {
  goals: [
    BOARD,
    YEAR,
    {
      ...GOAL_AREA,
      description:
        'Målområde. Obligatoriskt för strategiska mål; för nämndmål och indikatorer får det vara tomt och ärvs då från det strategiska målet (anges det måste det vara samma).',
    },
    { name: 'code', required: true, description: 'Målets nummer, t.ex. 1 eller 1.1. Unikt per nämnd och år.' },
    {
      name: 'parent',
      required: true,
      description: 'Nummer på det strategiska mål som ett nämndmål eller en indikator hör till; målet måste finnas i samma fil. Tomt för strategiska mål.',
    },
    {
      name: 'kind',
      required: true,
      description: 'strategic (strategiskt mål, KF-mål), board (nämndmål) eller indicator (kommunövergripande indikator).',
    },
    { name: 'text', required: true, description: 'Målets text. Obligatorisk.' },
    {
      name: 'relation',
      required: false,
      description:
        'Bara för nämndmål: own (eget åtagande), contribution (bidrar genom grunduppdraget) eller not_relevant (ej relevant); får vara tomt.',
    },
    { name: 'target', required: false, description: 'Målvärde som text, t.ex. "minst 78" eller "Öka"; får vara tomt.' },
    {
      name: 'rule',
      required: false,
      description: 'Regel som räknar fram måluppfyllelsen ur siffrorna: economy-in-balance (Uppfylls ej när prognosens avvikelse är sämre än −1 % av budget); får vara tomt.',
    },
  ],
  'goal-status': [
    BOARD,
    YEAR,
    ROUND,
    { name: 'code', required: true, description: 'Målets nummer som i filen med mål, t.ex. 1.1. En rad per mål och omgång.' },
    {
      name: 'status',
      required: true,
      description: 'Måluppfyllelse (prognos eller utfall): Uppfylls, Uppfylls delvis eller Uppfylls ej; tomt = inte bedömt.',
    },
    COMMENT,
  ],
  assignments: [
    BOARD,
    YEAR,
    { name: 'code', required: true, description: 'Uppdragets kod (fritext), unik per nämnd och år.' },
    GOAL_AREA,
    {
      name: 'given_year',
      required: true,
      description: 'Året för den ÖSB som gav uppdraget; ett tidigare år än year visas som "Kvarstående uppdrag från ÖSB <år>". Får inte vara senare än year.',
    },
    { name: 'text', required: true, description: 'Uppdragets text. Obligatorisk.' },
  ],
  'assignment-status': [
    BOARD,
    YEAR,
    ROUND,
    { name: 'code', required: true, description: 'Uppdragets kod som i filen med uppdrag. En rad per uppdrag och omgång.' },
    { name: 'status', required: true, description: 'Genomfört, Påbörjat eller Ej påbörjat; tomt = inte bedömt.' },
    COMMENT,
  ],
  measures: [
    BOARD,
    YEAR,
    ROUND,
    { name: 'nr', required: true, description: 'Åtgärdens nummer, t.ex. 1. Unikt per nämnd, år och omgång.' },
    { name: 'text', required: true, description: 'Beskrivning av åtgärden. Obligatorisk.' },
    { name: 'decision_date', required: false, description: 'Beslutsdatum som fritext, t.ex. "KS 2023-03-14"; får vara tomt.' },
    { name: 'diary_number', required: false, description: 'Diarienummer, t.ex. "Ks 536/2023"; får vara tomt.' },
    {
      name: 'forecast_effect_mnkr',
      required: false,
      description: 'Prognos för effekt under året i mnkr, t.ex. 5,8 (decimalkomma eller decimalpunkt, "mnkr" efter talet får stå med); får vara tomt.',
    },
    { name: 'total_effect_mnkr', required: false, description: 'Beräknad total effekt i mnkr; får vara tomt.' },
    { name: 'achieved_mnkr', required: false, description: 'Hittills uppnådd effekt i mnkr; får vara tomt.' },
    { name: 'expected_effect', required: false, description: 'Beskrivning av förväntad effekt; får vara tom.' },
    COMMENT,
  ],
  indicators: [
    BOARD,
    { name: 'code', required: true, description: 'Indikatorns kod, unik per nämnd.' },
    { name: 'name', required: true, description: 'Indikatorns namn, t.ex. "Sjukfrånvaro i procent av arbetstiden". Obligatoriskt.' },
    { name: 'unit', required: false, description: 'Enhet, t.ex. procent eller antal; får vara tom.' },
    { name: 'goal', required: false, description: 'Numret på det mål indikatorn följer upp, t.ex. 2.1; får vara tomt.' },
    {
      name: 'target_type',
      required: false,
      description: 'Typ av målvärde: min (minst), max (högst), increase (Öka), decrease (Minska), level (I nivå) eller tomt. De svenska orden går också bra.',
    },
    {
      name: 'target_value',
      required: false,
      description: 'Målvärdet som tal; obligatoriskt för min och max, valfritt för level, ska vara tomt annars.',
    },
    { name: 'source', required: false, description: 'Källa, t.ex. ett Kolada-nyckeltal (N00945); får vara tom.' },
  ],
  'indicator-values': [
    BOARD,
    { name: 'code', required: true, description: 'Indikatorns kod som i filen med indikatorer.' },
    YEAR,
    { name: 'kind', required: true, description: 'actual (utfall) eller forecast (prognos).' },
    { name: 'breakdown', required: true, description: 'T (totalt), K (kvinnor) eller M (män).' },
    {
      name: 'value',
      required: true,
      description: 'Värdet som tal, t.ex. 4,4 (decimalkomma eller decimalpunkt). Lagras exakt som skrivet. Samma indikator, år, typ och uppdelning får bara förekomma en gång.',
    },
  ],
  observations: [
    BOARD,
    YEAR,
    ROUND,
    GOAL_AREA,
    { name: 'kind', required: true, description: 'positive (positiv iakttagelse) eller improvement (förbättringsområde).' },
    { name: 'text', required: true, description: 'Iakttagelsen. Obligatorisk.' },
  ],
  narrative: [
    BOARD,
    YEAR,
    ROUND,
    {
      name: 'key',
      required: true,
      description:
        'Vilken text: proposal (förslag till beslut), analysis (bedömning och analys), events (väsentliga händelser), outlook (förväntad utveckling), comment:<tabell-id> (kommentar till en tabell) eller comment:unit:<ansvarskod> (kommentar till en enhet). Unik per nämnd, år och omgång.',
    },
    {
      name: 'text',
      required: true,
      description: 'Texten. Får sträcka sig över flera rader inom citattecken; stycken skiljs åt med en tom rad.',
    },
    { name: 'title', required: false, description: 'Egen rubrik; får vara tom.' },
  ],
  rollforward: [
    BOARD,
    YEAR,
    { name: 'unit', required: true, description: 'Intraprenadens ansvarskod. Unik per nämnd och år.' },
    { name: 'opening', required: true, description: 'Ingående ackumulerat resultat i kronor (högst två decimaler).' },
    { name: 'used', required: true, description: 'Ianspråktaget under året i kronor (negativt när resultat används).' },
    {
      name: 'result',
      required: true,
      description: 'Årets resultat (över- eller underskott) i kronor. Utgående resultat = ingående + ianspråktaget + årets resultat räknas fram.',
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// Public entry points

/**
 * Read one CSV or XLSX file of follow-up content. The format is chosen by extension (`.csv`,
 * `.xlsx`); XLSX reads the first sheet. A grid also needs its options. Throws `PrognosError`
 * (BAD_INPUT) on the first problem.
 */
export async function readContentFile<K extends ContentKind>(
  kind: K,
  path: string,
  ...options: ContentOptionsArg<K>
): Promise<ContentResultOf<K>> {
  return buildResult(kind, await readTableFile(path), path, options[0]);
}

/** Parse CSV text (already decoded) of follow-up content. `fileName` is used in errors only. */
export function parseContentCsv<K extends ContentKind>(
  kind: K,
  text: string,
  fileName: string,
  ...options: ContentOptionsArg<K>
): ContentResultOf<K> {
  return buildResult(kind, parseCsvTable(text, fileName), fileName, options[0]);
}

function buildResult<K extends ContentKind>(kind: K, table: RawTable, file: string, options: GridOptions | undefined): ContentResultOf<K> {
  const warnings = [...table.warnings];
  if (kind === 'grid') {
    if (options === undefined) throw badInput('en grid behöver id, title, board, year och round', { file });
    return { kind: 'grid', file, records: [gridRecord(table, file, options)], warnings } as ContentResultOf<K>;
  }
  const k = kind as Exclude<ContentKind, 'grid'>;
  const rows = bindColumns(table, CONTENT_COLUMNS[k], file, k);
  let result: ContentResult;
  switch (k) {
    case 'goals':
      result = { kind: k, file, records: goalRecords(rows, file), warnings };
      break;
    case 'goal-status':
      result = { kind: k, file, records: goalStatusRecords(rows), warnings };
      break;
    case 'assignments':
      result = { kind: k, file, records: assignmentRecords(rows), warnings };
      break;
    case 'assignment-status':
      result = { kind: k, file, records: assignmentStatusRecords(rows), warnings };
      break;
    case 'measures':
      result = { kind: k, file, records: measureRecords(rows), warnings };
      break;
    case 'indicators':
      result = { kind: k, file, records: indicatorRecords(rows), warnings };
      break;
    case 'indicator-values':
      result = { kind: k, file, records: indicatorValueRecords(rows), warnings };
      break;
    case 'observations':
      result = { kind: k, file, records: observationRecords(rows), warnings };
      break;
    case 'narrative':
      result = { kind: k, file, records: narrativeRecords(rows, warnings), warnings };
      break;
    case 'rollforward':
      result = { kind: k, file, records: rollforwardRecords(rows), warnings };
      break;
    default:
      throw new Error(`unknown content kind ${String(kind)}`);
  }
  return result as ContentResultOf<K>;
}

// ---------------------------------------------------------------------------------------------
// Typed values

interface Choice<T extends string> {
  value: T;
  /** Swedish meaning, shown in the error message. */
  label?: string;
  /** Other spellings accepted (compared case-insensitively, spaces collapsed). */
  aliases?: readonly string[];
}

const fold = (s: string): string => s.trim().replace(/\s+/g, ' ').toLocaleLowerCase('sv');

/** An enumerated value; '' gives null when `optional`, an error otherwise. */
function choice<T extends string>(row: Row, column: string, choices: readonly Choice<T>[], optional: boolean): T | null {
  const given = row.text(column);
  if (given === '') {
    if (optional) return null;
    throw badInput(`värde saknas i kolumnen "${column}" (tillåtna: ${describeChoices(choices)})`, row.at(column));
  }
  const f = fold(given);
  const hit = choices.find((c) => fold(c.value) === f || (c.aliases ?? []).some((a) => fold(a) === f));
  if (!hit) {
    throw badInput(
      `"${given}" är inget tillåtet värde i kolumnen "${column}" (tillåtna: ${describeChoices(choices)}${optional ? ' eller tomt' : ''})`,
      row.at(column),
    );
  }
  return hit.value;
}

function describeChoices(choices: readonly Choice<string>[]): string {
  return choices.map((c) => (c.label ? `${c.value} (${c.label})` : c.value)).join(', ');
}

/**
 * A code (board, goal code, unit …). A numeric XLSX cell is accepted only as a whole number:
 * a decimal such as 1.10 would come back as 1.1, so the column must be formatted as text.
 */
function codeCell(row: Row, column: string, required: boolean): string {
  const c = row.cell(column);
  if (typeof c === 'number' && !Number.isInteger(c)) {
    throw badInput(
      `koden ${String(c).replace('.', ',')} är ett decimaltal i kalkylbladet; formatera kolumnen som text så att t.ex. 1.10 inte blir 1.1`,
      row.at(column),
    );
  }
  return required ? row.required(column) : row.text(column);
}

const ROUND_PATTERN = /^[A-Za-z0-9_-]{1,20}$/;

function roundCell(row: Row): string {
  const round = row.required('round');
  if (!ROUND_PATTERN.test(round)) {
    throw badInput(`"${round}" är ingen omgång (t.ex. P1, P2 eller B för bokslut; bokstäver, siffror, - och _)`, row.at('round'));
  }
  return round;
}

/** An optional exact decimal; `suffix` (e.g. "mnkr") may follow the number in text cells. */
function decimalCell(row: Row, column: string, suffix?: string): Decimal | null {
  const c = row.cell(column);
  if (c === null) return null;
  if (typeof c === 'number') return decimalFromSpreadsheetNumber(c, row.at(column));
  let t = row.text(column);
  if (suffix !== undefined) t = t.replace(new RegExp(`\\s*${suffix}$`, 'i'), '');
  return parseDecimal(t, row.at(column));
}

function requiredDecimal(row: Row, column: string): Decimal {
  const d = decimalCell(row, column);
  if (d === null) throw badInput(`värde saknas i kolumnen "${column}"`, row.at(column));
  return d;
}

/** A required amount in kronor as öre: text parsed exactly, spreadsheet numbers to the nearest öre. */
function kronorCell(row: Row, column: string): Ore {
  const c = row.cell(column);
  if (c === null) throw badInput(`belopp saknas i kolumnen "${column}" (skriv 0 för inget belopp)`, row.at(column));
  const ore = typeof c === 'number' ? oreFromSpreadsheetNumber(c, row.at(column)) : parseKronor(row.text(column), row.at(column));
  return ore === 0 ? 0 : ore; // no -0
}

const key = (...parts: Array<string | number>): string => JSON.stringify(parts);

// ---------------------------------------------------------------------------------------------
// Kinds

const GOAL_KINDS: readonly Choice<GoalKind>[] = [
  { value: 'strategic', label: 'strategiskt mål', aliases: ['strategiskt mål', 'KF-mål'] },
  { value: 'board', label: 'nämndmål', aliases: ['nämndmål'] },
  { value: 'indicator', label: 'kommunövergripande indikator', aliases: ['indikator'] },
];

const GOAL_RELATIONS: readonly Choice<GoalRelation>[] = [
  { value: 'own', label: 'eget åtagande' },
  { value: 'contribution', label: 'bidrar genom grunduppdraget' },
  { value: 'not_relevant', label: 'ej relevant' },
];

const GOAL_CODE = /^[0-9A-Za-z]+(?:\.[0-9A-Za-z]+)*$/;

function goalRecords(rows: Row[], file: string): GoalRecord[] {
  const unique = uniqueCheck((earlier, k) => {
    const [board, year, code] = JSON.parse(k) as [string, number, string];
    return `målet ${code} finns redan för ${board} ${year} på rad ${earlier}; ett målnummer får bara förekomma en gång per nämnd och år`;
  });
  const records: GoalRecord[] = rows.map((row, sortOrder) => {
    const board = codeCell(row, 'board', true);
    const year = row.year('year');
    const code = codeCell(row, 'code', true);
    if (!GOAL_CODE.test(code)) throw badInput(`"${code}" är inget målnummer (t.ex. 1 eller 1.1)`, row.at('code'));
    unique(key(board, year, code), row, 'code');
    const kind = choice(row, 'kind', GOAL_KINDS, false)!;
    const parentText = codeCell(row, 'parent', false);
    if (kind === 'strategic' && parentText !== '') {
      throw badInput(`ett strategiskt mål har inget överordnat mål; lämna "parent" tom (angivet: "${parentText}")`, row.at('parent'));
    }
    if (kind !== 'strategic' && parentText === '') {
      throw badInput(
        `värde saknas i kolumnen "parent": ${kind === 'board' ? 'ett nämndmål' : 'en indikator'} ska ange numret på sitt strategiska mål`,
        row.at('parent'),
      );
    }
    const goalArea = row.text('goal_area');
    if (kind === 'strategic' && goalArea === '') {
      throw badInput('värde saknas i kolumnen "goal_area": ett strategiskt mål måste ha ett målområde', row.at('goal_area'));
    }
    const relation = choice(row, 'relation', GOAL_RELATIONS, true);
    if (relation !== null && kind !== 'board') {
      throw badInput(`"relation" anges bara för nämndmål (kind board), inte för ${kind}`, row.at('relation'));
    }
    const target = row.text('target') || null;
    const rule = row.text('rule') || null;
    if (rule !== null && !GOAL_RULES.includes(rule)) {
      throw badInput(`okänd regel "${rule}" (tillåtna: ${GOAL_RULES.join(', ')} eller tomt)`, row.at('rule'));
    }
    return {
      rule,
      board,
      year,
      goalArea,
      code,
      parent: parentText === '' ? null : parentText,
      kind,
      text: row.required('text'),
      relation,
      target,
      sortOrder,
      line: row.line,
    };
  });

  // References inside the file: a board goal or indicator hangs under a strategic goal of the same board and year.
  const byKey = new Map(records.map((r) => [key(r.board, r.year, r.code), r]));
  for (const r of records) {
    if (r.parent === null) continue;
    const where: InputLocation = { file, line: r.line, field: 'parent' };
    const parent = byKey.get(key(r.board, r.year, r.parent));
    if (!parent) throw badInput(`det strategiska målet "${r.parent}" finns inte i filen för ${r.board} ${r.year}`, where);
    if (parent.kind !== 'strategic') {
      throw badInput(`"${r.parent}" (rad ${parent.line}) är inget strategiskt mål; nämndmål och indikatorer ska ligga direkt under ett strategiskt mål`, where);
    }
    if (r.goalArea === '') r.goalArea = parent.goalArea;
    else if (r.goalArea !== parent.goalArea) {
      throw badInput(
        `målområdet "${r.goalArea}" skiljer sig från det strategiska målets "${parent.goalArea}" (rad ${parent.line}); lämna kolumnen tom eller skriv samma`,
        { file, line: r.line, field: 'goal_area' },
      );
    }
  }
  return records;
}

const GOAL_STATUS_CHOICES: readonly Choice<GoalStatus>[] = GOAL_STATUSES.map((value) => ({ value }));
const ASSIGNMENT_STATUS_CHOICES: readonly Choice<AssignmentStatus>[] = ASSIGNMENT_STATUSES.map((value) => ({ value }));

function statusRecords<S extends string>(rows: Row[], choices: readonly Choice<S>[], what: string) {
  const unique = uniqueCheck(
    (earlier, k) => {
      const [board, year, round, code] = JSON.parse(k) as [string, number, string, string];
      return `${what} ${code} har redan en status för ${board} ${year} ${round} på rad ${earlier}; en rad per ${what} och omgång`;
    },
  );
  return rows.map((row) => {
    const board = codeCell(row, 'board', true);
    const year = row.year('year');
    const round = roundCell(row);
    const code = codeCell(row, 'code', true);
    unique(key(board, year, round, code), row, 'code');
    const status = choice(row, 'status', choices, true);
    return { board, year, round, code, status, comment: row.text('comment'), line: row.line };
  });
}

function goalStatusRecords(rows: Row[]): GoalStatusRecord[] {
  return statusRecords(rows, GOAL_STATUS_CHOICES, 'målet');
}

function assignmentStatusRecords(rows: Row[]): AssignmentStatusRecord[] {
  return statusRecords(rows, ASSIGNMENT_STATUS_CHOICES, 'uppdraget');
}

function assignmentRecords(rows: Row[]): AssignmentRecord[] {
  const unique = uniqueCheck((earlier, k) => {
    const [board, year, code] = JSON.parse(k) as [string, number, string];
    return `uppdraget ${code} finns redan för ${board} ${year} på rad ${earlier}; en kod får bara förekomma en gång per nämnd och år`;
  });
  return rows.map((row, sortOrder) => {
    const board = codeCell(row, 'board', true);
    const year = row.year('year');
    const code = codeCell(row, 'code', true);
    unique(key(board, year, code), row, 'code');
    const goalArea = row.required('goal_area');
    const givenYear = row.year('given_year');
    if (givenYear > year) {
      throw badInput(`uppdraget kan inte ha getts i ÖSB ${givenYear}, senare än uppföljningsåret ${year}`, row.at('given_year'));
    }
    return { board, year, code, goalArea, givenYear, text: row.required('text'), sortOrder, line: row.line };
  });
}

function measureRecords(rows: Row[]): MeasureRecord[] {
  const unique = uniqueCheck((earlier, k) => {
    const [board, year, round, nr] = JSON.parse(k) as [string, number, string, string];
    return `åtgärd ${nr} finns redan för ${board} ${year} ${round} på rad ${earlier}; numret får bara förekomma en gång per nämnd, år och omgång`;
  });
  return rows.map((row, sortOrder) => {
    const board = codeCell(row, 'board', true);
    const year = row.year('year');
    const round = roundCell(row);
    const nr = codeCell(row, 'nr', true);
    unique(key(board, year, round, nr), row, 'nr');
    return {
      board,
      year,
      round,
      nr,
      text: row.required('text'),
      decisionDate: row.text('decision_date'),
      diaryNumber: row.text('diary_number'),
      forecastEffectMnkr: decimalCell(row, 'forecast_effect_mnkr', 'mnkr'),
      totalEffectMnkr: decimalCell(row, 'total_effect_mnkr', 'mnkr'),
      achievedMnkr: decimalCell(row, 'achieved_mnkr', 'mnkr'),
      expectedEffect: row.text('expected_effect'),
      comment: row.text('comment'),
      sortOrder,
      line: row.line,
    };
  });
}

const TARGET_TYPES: readonly Choice<TargetType>[] = [
  { value: 'min', label: 'minst', aliases: ['minst'] },
  { value: 'max', label: 'högst', aliases: ['högst'] },
  { value: 'increase', label: 'Öka', aliases: ['öka'] },
  { value: 'decrease', label: 'Minska', aliases: ['minska'] },
  { value: 'level', label: 'I nivå', aliases: ['i nivå'] },
];

function indicatorRecords(rows: Row[]): IndicatorRecord[] {
  const unique = uniqueCheck((earlier, k) => {
    const [board, code] = JSON.parse(k) as [string, string];
    return `indikatorn ${code} finns redan för ${board} på rad ${earlier}; en kod får bara förekomma en gång per nämnd`;
  });
  return rows.map((row, sortOrder) => {
    const board = codeCell(row, 'board', true);
    const code = codeCell(row, 'code', true);
    unique(key(board, code), row, 'code');
    const name = row.required('name');
    const goal = codeCell(row, 'goal', false) || null;
    if (goal !== null && !GOAL_CODE.test(goal)) throw badInput(`"${goal}" är inget målnummer (t.ex. 1 eller 1.1)`, row.at('goal'));
    const targetType = choice(row, 'target_type', TARGET_TYPES, true);
    const targetValue = decimalCell(row, 'target_value');
    if ((targetType === 'min' || targetType === 'max') && targetValue === null) {
      throw badInput(`värde saknas i kolumnen "target_value": målvärdestypen ${targetType} kräver ett tal`, row.at('target_value'));
    }
    if (targetValue !== null && (targetType === null || targetType === 'increase' || targetType === 'decrease')) {
      throw badInput(
        targetType === null
          ? 'ett målvärde kräver en målvärdestyp i kolumnen "target_type" (min, max eller level)'
          : `målvärdestypen ${targetType} har inget tal som målvärde; lämna "target_value" tom`,
        row.at('target_value'),
      );
    }
    return {
      board,
      code,
      name,
      unit: row.text('unit'),
      goal,
      targetType,
      targetValue,
      source: row.text('source'),
      sortOrder,
      line: row.line,
    };
  });
}

const VALUE_KINDS: readonly Choice<'actual' | 'forecast'>[] = [
  { value: 'actual', label: 'utfall', aliases: ['utfall'] },
  { value: 'forecast', label: 'prognos', aliases: ['prognos'] },
];

const BREAKDOWNS: readonly Choice<Breakdown>[] = [
  { value: 'T', label: 'totalt', aliases: ['tot', 'totalt'] },
  { value: 'K', label: 'kvinnor', aliases: ['kvinnor'] },
  { value: 'M', label: 'män', aliases: ['män'] },
];

function indicatorValueRecords(rows: Row[]): IndicatorValueRecord[] {
  const unique = uniqueCheck(
    (earlier) => `rad ${earlier} har redan samma nämnd, indikator, år, typ och uppdelning; ta bort dubbletten`,
  );
  return rows.map((row) => {
    const board = codeCell(row, 'board', true);
    const code = codeCell(row, 'code', true);
    const year = row.year('year');
    const kind = choice(row, 'kind', VALUE_KINDS, false)!;
    const breakdown = choice(row, 'breakdown', BREAKDOWNS, false)!;
    const value = requiredDecimal(row, 'value');
    unique(key(board, code, year, kind, breakdown), row);
    return { board, code, year, kind, breakdown, value, line: row.line };
  });
}

const OBSERVATION_KINDS: readonly Choice<'positive' | 'improvement'>[] = [
  { value: 'positive', label: 'positiv iakttagelse', aliases: ['positiv'] },
  { value: 'improvement', label: 'förbättringsområde', aliases: ['förbättringsområde'] },
];

function observationRecords(rows: Row[]): ObservationRecord[] {
  const unique = uniqueCheck((earlier) => `rad ${earlier} har redan samma iakttagelse (nämnd, år, omgång, målområde, typ och text); ta bort dubbletten`);
  return rows.map((row, sortOrder) => {
    const board = codeCell(row, 'board', true);
    const year = row.year('year');
    const round = roundCell(row);
    const goalArea = row.required('goal_area');
    const kind = choice(row, 'kind', OBSERVATION_KINDS, false)!;
    const text = normaliseText(row.required('text'));
    unique(key(board, year, round, goalArea, kind, text), row, 'text');
    return { board, year, round, goalArea, kind, text, sortOrder, line: row.line };
  });
}

/** Narrative keys the report places in fixed chapters; other simple keys are accepted with a warning. */
export const NARRATIVE_KEYS = ['proposal', 'analysis', 'events', 'outlook'] as const;

const SIMPLE_KEY = /^[a-z][a-z0-9_-]*$/;
// Table ids may contain ":" and Swedish letters (units:ÖKL).
const TABLE_COMMENT_KEY = /^comment:(?!unit:)[^\s]+$/;
const UNIT_COMMENT_KEY = /^comment:unit:[^\s:]+$/;

function narrativeRecords(rows: Row[], warnings: string[]): NarrativeRecord[] {
  const unique = uniqueCheck((earlier, k) => {
    const [board, year, round, textKey] = JSON.parse(k) as [string, number, string, string];
    return `texten "${textKey}" finns redan för ${board} ${year} ${round} på rad ${earlier}; en nyckel får bara förekomma en gång per nämnd, år och omgång`;
  });
  return rows.map((row) => {
    const board = codeCell(row, 'board', true);
    const year = row.year('year');
    const round = roundCell(row);
    const textKey = row.required('key');
    if (!SIMPLE_KEY.test(textKey) && !TABLE_COMMENT_KEY.test(textKey) && !UNIT_COMMENT_KEY.test(textKey)) {
      throw badInput(
        `"${textKey}" är ingen giltig nyckel (t.ex. ${NARRATIVE_KEYS.join(', ')}, comment:<tabell-id> eller comment:unit:<ansvarskod>)`,
        row.at('key'),
      );
    }
    if (SIMPLE_KEY.test(textKey) && !(NARRATIVE_KEYS as readonly string[]).includes(textKey)) {
      warnings.push(
        `rad ${row.line}: nyckeln "${textKey}" hör inte till rapportens fasta avsnitt (${NARRATIVE_KEYS.join(', ')}); kontrollera stavningen`,
      );
    }
    unique(key(board, year, round, textKey), row, 'key');
    return { board, year, round, key: textKey, title: row.text('title'), text: normaliseText(row.required('text')), line: row.line };
  });
}

/**
 * Free text as stored: line endings `\n`, no spaces at line ends, paragraphs separated by exactly
 * one empty line (lines of only spaces count as empty), no empty lines at start or end.
 */
export function normaliseText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.replace(/[ \t\u00a0]+$/, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function rollforwardRecords(rows: Row[]): RollforwardRecord[] {
  const unique = uniqueCheck((earlier, k) => {
    const [board, year, unit] = JSON.parse(k) as [string, number, string];
    return `enheten ${unit} finns redan för ${board} ${year} på rad ${earlier}; en rad per intraprenad och år`;
  });
  return rows.map((row, sortOrder) => {
    const board = codeCell(row, 'board', true);
    const year = row.year('year');
    const unit = codeCell(row, 'unit', true);
    unique(key(board, year, unit), row, 'unit');
    const openingOre = kronorCell(row, 'opening');
    const usedOre = kronorCell(row, 'used');
    const resultOre = kronorCell(row, 'result');
    return { board, year, unit, openingOre, usedOre, resultOre, closingOre: openingOre + usedOre + resultOre, sortOrder, line: row.line };
  });
}

// ---------------------------------------------------------------------------------------------
// Grid

const GRID_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]*$/;

function validateGridOptions(o: GridOptions, file: string): void {
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
function slug(label: string): string {
  return label
    .toLocaleLowerCase('sv')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

function gridRecord(table: RawTable, file: string, options: GridOptions): GridRecord {
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

  const rows: GridRow[] = table.rows.map((raw) => {
    raw.cells.forEach((c, i) => {
      if (i >= width && !isBlank(c)) {
        throw badInput(`värdet "${String(c)}" står i kolumn ${i + 1}, till höger om rubrikraden; ge kolumnen en rubrik`, { file, line: raw.line });
      }
    });
    const cells: Record<string, GridCell> = {};
    keys.forEach((k, i) => {
      cells[k] = gridCell(raw.cells[i] ?? null, i === 0, { file, line: raw.line, field: labels[i] || `kolumn ${i + 1}` });
    });
    return { line: raw.line, cells };
  });

  const columns: GridColumn[] = keys.map((k, i) => {
    const filled = rows.map((r) => r.cells[k] ?? null).filter((c): c is Exclude<GridCell, null> => c !== null);
    const numeric = i > 0 && filled.length > 0 && filled.every((c) => c.kind === 'number');
    if (!numeric) return { key: k, label: labels[i]!, kind: 'text' };
    const decimals = Math.max(...filled.map((c) => (c.kind === 'number' ? (c.value.split('.')[1] ?? '').length : 0)));
    return { key: k, label: labels[i]!, kind: 'number', decimals };
  });

  return { id: options.id, title: options.title.trim(), board: options.board.trim(), year: options.year, round: options.round, columns, rows };
}

function gridCell(c: Cell, first: boolean, where: InputLocation): GridCell {
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
