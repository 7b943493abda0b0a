/**
 * CSV and XLSX import of what SIE cannot carry: the organisation tree, account groups,
 * activities (verksamheter) and amounts (budget, forecasts, outcome) in documented columns.
 *
 * Everything here is pure parsing and validation of one file: the whole file is checked before
 * anything is returned, and the first problem is thrown as `badInput` naming file, line (CSV
 * line or XLSX row number) and field (the documented column name). Cross-file checks (does the
 * unit of an amount exist in the organisation tree?) belong to the caller.
 */
import { badInput, type InputLocation } from '../../core/errors/index.ts';
import { parseKronor, type Ore } from '../../core/money/index.ts';
import {
  defaultAccountGroup,
  isAccountGroup,
  OPERATING_GROUPS,
  parseScenario,
  type AccountGroup,
  type LedgerAmount,
} from '../../core/domain/index.ts';
import { bindColumns as bindSpec, parseCsvTable, readTableFile, uniqueCheck, type ColumnSpec, type RawTable, type Row } from './rows.ts';

/**
 * The generic reader (CSV/XLSX → header + rows with line numbers and typed cell accessors), for
 * other import modules that read documented columns — the follow-up content parsers.
 */
export {
  bindColumns,
  cellText,
  decodeCsvBytes as decodeTextBytes,
  isBlank,
  parseCsvTable,
  parseYear,
  readBytes,
  readTableFile,
  uniqueCheck,
  type Cell,
  type ColumnSpec,
  type RawRow,
  type RawTable,
  type Row,
} from './rows.ts';

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
  /** Line (CSV) or row (XLSX) the record came from, for errors found later (unknown parent …). */
  line: number;
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

export interface AmountRecord extends LedgerAmount {
  /** Line (CSV) or row (XLSX) the record came from, for errors found later (unknown unit …). */
  line: number;
}

export type TabularResult =
  | { kind: 'org'; file: string; records: OrgRecord[]; warnings: string[] }
  | { kind: 'accounts'; file: string; records: AccountRecord[]; warnings: string[] }
  | { kind: 'activities'; file: string; records: ActivityRecord[]; warnings: string[] }
  | { kind: 'amounts'; file: string; records: AmountRecord[]; warnings: string[] };

export type TabularResultOf<K extends TabularKind> = Extract<TabularResult, { kind: K }>;

/** A documented column: name, whether the header must have it, Swedish description. */
export type TabularColumn = ColumnSpec;

export const TABULAR_COLUMNS: Record<TabularKind, TabularColumn[]> = {
  org: [
    { name: 'code', required: true, description: 'Ansvarskod (enhetens kod). Obligatorisk och unik i filen.' },
    { name: 'name', required: true, description: 'Enhetens namn. Obligatoriskt.' },
    {
      name: 'parent',
      required: true,
      description: 'Kod för överordnad enhet, som måste finnas i samma fil eller redan vara importerad. Tom för en rotenhet (t.ex. nämnden).',
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
  return buildResult(kind, await readTableFile(path), path);
}

/** Parse CSV text (already decoded) of the given kind. `fileName` is used in errors only. */
export function parseCsvText<K extends TabularKind>(kind: K, text: string, fileName: string): TabularResultOf<K> {
  return buildResult(kind, parseCsvTable(text, fileName), fileName);
}

// ---------------------------------------------------------------------------------------------
// Numbers from spreadsheet cells

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
// Kinds

function buildResult<K extends TabularKind>(kind: K, table: RawTable, file: string): TabularResultOf<K> {
  const rows = bindSpec(table, TABULAR_COLUMNS[kind], file, kind);
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

function orgRecords(rows: Row[], file: string): OrgRecord[] {
  const unique = uniqueCheck((earlier, code) => `koden "${code}" finns redan på rad ${earlier}; en kod får bara förekomma en gång`);
  const records: OrgRecord[] = [];
  for (const row of rows) {
    const code = row.required('code');
    unique(code, row, 'code');
    const name = row.required('name');
    const parent = row.text('parent') || null;
    const level = row.required('level');
    const budgetLevel = row.text('budget_level') || null;
    records.push({ code, name, parent, level, budgetLevel, sortOrder: records.length, line: row.line });
  }
  checkOrgTree(records, file);
  return records;
}

/**
 * The tree an org file makes together with the units already stored (`stored`: code → parent),
 * the file's units replacing stored ones of the same code: every parent must exist (in the file
 * or among the stored units) and no unit may lie under itself. Without `stored` (the parser
 * alone) parents outside the file are not checked — the store checks them in its transaction.
 * Errors name file, the line of the unit and the field `parent`.
 */
export function checkOrgTree(records: readonly OrgRecord[], file: string, stored?: ReadonlyMap<string, string | null>): void {
  const parentOf = new Map<string, string | null>(stored ?? []);
  const lineOf = new Map<string, number>();
  for (const r of records) {
    parentOf.set(r.code, r.parent);
    lineOf.set(r.code, r.line);
  }
  if (stored) {
    for (const r of records) {
      if (r.parent !== null && !parentOf.has(r.parent)) {
        throw badInput(
          `överordnad enhet "${r.parent}" finns varken i filen eller bland organisationens enheter (importera den först, eller lämna tomt för en rotenhet)`,
          { file, line: r.line, field: 'parent' },
        );
      }
    }
  }
  // Cycle detection: follow parents from every unit of the file; 'done' marks units known to reach a root.
  const done = new Set<string>();
  const lineFor = (c: string): number => lineOf.get(c) ?? Number.POSITIVE_INFINITY;
  for (const r of records) {
    const path: string[] = [];
    const onPath = new Map<string, number>();
    let at: string | null = r.code;
    while (at !== null && !done.has(at)) {
      if (onPath.has(at)) {
        const cycle = path.slice(onPath.get(at)!);
        // Report at the cycle member that comes first in the file (a stored unit has no line).
        const first = cycle.reduce((a, b) => (lineFor(a) <= lineFor(b) ? a : b));
        const start = cycle.indexOf(first);
        const ordered = [...cycle.slice(start), ...cycle.slice(0, start), first];
        throw badInput(
          `cykel i organisationsträdet: ${ordered.map((c) => `"${c}"`).join(' → ')} (en enhet kan inte ligga under sig själv)`,
          { file, line: lineFor(first), field: 'parent' },
        );
      }
      onPath.set(at, path.length);
      path.push(at);
      at = parentOf.get(at) ?? null;
    }
    for (const c of path) done.add(c);
  }
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

    const year = row.year('year');

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
