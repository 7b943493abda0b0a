/**
 * Generator of the Prognos demo data for a programme-board consolidation (src/demo/data-004/*.csv).
 *
 * The ledger reproduces reference report 004 (Programnämnd social välfärd, Örebro, Delårsrapport
 * med prognos 2 2022, cut-off August, cost-positive sign), section 5.4 "Driftsnämndernas ekonomiska
 * resultat": table 004-04 (per operating board) and the intrapreneurship reconciliation 004-05.
 *
 *   npx tsx scripts/gen-demo-004.ts [--fixtures <dir>] [--reports <dir>] [--verify-only] [--no-engine]
 *
 * 004-01..03 (the programme board's own activity): scripts/lib/programme-004.ts splits the
 * programme board's fitted total into one RN2 unit per row of 004-01 and two of them into the
 * activities of 004-02/03 (activities.csv); test/reference-tables/r004.ts compares them.
 *
 * Steps:
 *  1. Fit: one exact öre value per printed input cell of 004-04 (Utfall jan–aug, Budget jan–aug,
 *     Prognos 2, Budget helår, and the two 2021 deviations), inside the cell's rounding interval, so
 *     that every derived cell (deviations, Förbrukn %, the Nettokostnad total) rounds to the printed
 *     value. The printed table is internally exact except the 2021 full-year total (rows −2 050,
 *     total −2 049, README §6 'rounding'), which needs row values whose exact sum lies in
 *     (−2 049,5; −2 048,5] tkr. Small deterministic öre offsets (a hash of unit and measure) make the
 *     amounts look like a ledger; the column offsets are re-centred so the totals keep their rounding.
 *  2. Decompose: every operating board (RN1) gets two RN2 units (the first by an explicit share or
 *     explicit values, the second takes the exact remainder), every unit's measure is split over a
 *     few Kommun-Bas accounts (revenue negative, costs positive: ledger sign), and over months.
 *  3. 2021: budget 2021 = 96 % of budget 2022; actual 2021 = budget 2021 − printed deviation, so the
 *     2021 columns (not Prognos standard columns) are reproduced too; closing_prev = actual 2021.
 *  4. Roll-forward (004-05): one row 'Intraprenader' (the report does not name the
 *     intrapreneurships) under Hemvårdsnämnd; its ledger variance equals used + result exactly.
 *  4b. Investments (004-06..08): one project per printed row (code = the printed name), on the
 *     category's account (1221 inventarier, 1222 myndighetskrav, 1223 nya boenden); budget and
 *     Prognos 2 annual, exact tkr (the tables are internally exact).
 *  5. Narrative: the 5.4 prose of the report, verbatim (page-wrapped lines joined, two line-end
 *     hyphenations joined), key comment:units:PNSV, and the intrapreneurship text, key rollforward.
 *  6. Verify: re-read the CSV files, compute 004-04 and 004-05 with Prognos' rules (exact öre sums,
 *     cost-positive: presented = ledger, variance = budget − value, tkr = öre/100 000 half away from
 *     zero, derived cells and totals from exact sums, percentages from exact values), compare with
 *     the fixtures; then load the CSVs into an in-memory Prognos store and check that Prognos'
 *     own units table gives the same cells (skip with --no-engine).
 *
 * Small helpers (split, formatKronor, csv writing) are copied from scripts/gen-demo-data.ts, which
 * is a self-running script and exports nothing. The output is deterministic.
 */
import { readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { OrgTree, svCollator, type Unit } from '../src/core/domain/index.ts';
import { divRoundHalfAwayFromZero, parseKronor } from '../src/core/money/index.ts';
import { readContentFile, normaliseText } from '../src/import/content/index.ts';
import { splitTotal } from './lib/programme-004.ts';

// ---------------------------------------------------------------------------------------------
// Paths and parameters
// ---------------------------------------------------------------------------------------------

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DATA_DIR = path.join(REPO_ROOT, 'src', 'demo', 'data-004');

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const FIXTURE_DIR =
  argValue('--fixtures') ?? process.env.PROGNOS_REFERENCE_TABLES ?? path.resolve(REPO_ROOT, '..', 'shared', 'fixtures', 'reference-tables');
const REPORT_FILE = path.join(
  argValue('--reports') ?? path.resolve(REPO_ROOT, '..', 'shared', 'reference-reports'),
  '004_7ca66d594fc2e6c0.txt',
);
const VERIFY_ONLY = process.argv.includes('--verify-only');
const NO_ENGINE = process.argv.includes('--no-engine');

const BOARD = 'PNSV';
const YEAR = 2022;
const CUTOFF = 8;
const ROUND = 'P2';
const FORECAST = `forecast:${ROUND}`;
const PREV_PERIOD = 8;

const TKR = 100_000; // öre per tkr

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------

type Values = Record<string, number | null>;
interface FRow {
  id: string;
  name?: string;
  label?: string;
  kind?: string;
  values: Values;
}
interface FTable {
  table_id: string;
  columns: { key: string }[];
  rows: FRow[];
  total: FRow | null;
}

function loadFixture(file: string): FTable {
  const f = path.join(FIXTURE_DIR, file);
  if (!existsSync(f)) throw new Error(`fixture not found: ${f} (use --fixtures <dir>)`);
  return JSON.parse(readFileSync(f, 'utf8')) as FTable;
}
const allRows = (t: FTable): FRow[] => (t.total ? [...t.rows, t.total] : [...t.rows]);

// ---------------------------------------------------------------------------------------------
// Organisation: 004-04 rows → RN1 units, each with two RN2 units
// ---------------------------------------------------------------------------------------------

/** Measures of a unit, öre, cost-positive (= ledger sign). P8/P: budget − actual 2021, jan–aug / year. */
type M = 'U' | 'BT' | 'F' | 'B' | 'P8' | 'P';
const MS: M[] = ['U', 'BT', 'F', 'B', 'P8', 'P'];
const FIXTURE_KEY: Record<M, string> = { U: 'utfall_ack', BT: 'budget_ack', F: 'prognos', B: 'budget', P8: 'avv_ack_prev', P: 'avv_prev' };

type Profile = 'operating' | 'external' | 'purchase' | 'common' | 'guardian';

/** First RN2 unit of a board: explicit values (tkr) or shares of the board's figures. */
interface FirstChild {
  code: string;
  name: string;
  profile: Profile;
  /** Gross revenue per year, tkr (revenue accounts), so that the accounts look like a ledger. */
  gross: number;
  /** Explicit measures in tkr (the remainder unit gets the rest). */
  explicit?: Record<M, number>;
  /** Share of budget, budget to date and the 2021 figures. */
  share?: number;
  /** Share of the board's to-date variance. */
  varShareToDate?: number;
  /** Forecast variance in tkr (from the report text) or as a share of the board's. */
  forecastVar?: number;
  varShareForecast?: number;
}
interface RestChild {
  code: string;
  name: string;
  profile: Profile;
  gross: number;
}
interface BoardDef {
  fixtureRow: string;
  code: string;
  name: string;
  first: FirstChild;
  rest: RestChild;
}

/**
 * Codes: Prognos orders the rows of a units table by code (Swedish collation, numeric), so the
 * codes are numbered in the printed order of 004-04. RN2 units are illustrative; where the report
 * text gives a figure (e.g. 'Daglig verksamhet … underskott 4,1 mnkr') it is used.
 */
const BOARDS: BoardDef[] = [
  {
    fixtureRow: 'L2096', code: 'SV1-FSN', name: 'Funktionsstödsnämnd',
    first: { code: 'SV1-FSN-DV', name: 'Daglig verksamhet', profile: 'operating', gross: 180_000, share: 0.3, varShareToDate: 0.2, forecastVar: -4_100 },
    rest: { code: 'SV1-FSN-BPA', name: 'Boende och personlig assistans', profile: 'operating', gross: 560_000 },
  },
  {
    fixtureRow: 'L2097', code: 'SV2-SN', name: 'Socialnämnd',
    first: { code: 'SV2-SN-EGEN', name: 'Verksamheter i egen drift', profile: 'operating', gross: 150_000, share: 0.55, varShareToDate: -1.2, forecastVar: 15_400 },
    rest: { code: 'SV2-SN-EXT', name: 'Externa vård- och behandlingskostnader', profile: 'external', gross: 20_000 },
  },
  {
    fixtureRow: 'L2099', code: 'SV3-HVN', name: 'Hemvårdsnämnd',
    first: {
      code: 'SV3-HVN-INTRA', name: 'Intraprenader', profile: 'operating', gross: 60_000,
      // Income-financed, budget 0 (report line 2224); forecast variance = used + result of the roll-forward.
      explicit: { U: -1_480, BT: 0, F: -2_200, B: 0, P8: 2_100, P: 3_400 },
    },
    rest: { code: 'SV3-HVN-HV', name: 'Hemvård', profile: 'operating', gross: 420_000 },
  },
  {
    fixtureRow: 'L2101', code: 'SV4-VBN', name: 'Vårdboendenämnd',
    first: { code: 'SV4-VBN-KORT', name: 'Korttidsplatser', profile: 'operating', gross: 90_000, share: 0.2, varShareToDate: 0.2, varShareForecast: 0.2 },
    rest: { code: 'SV4-VBN-VOB', name: 'Vård- och omsorgsboenden', profile: 'operating', gross: 610_000 },
  },
  {
    fixtureRow: 'L2103', code: 'SV5-OFN', name: 'Överförmyndarnämnd',
    first: { code: 'SV5-OFN-KANS', name: 'Kansliet', profile: 'guardian', gross: 1_500, share: 0.6, varShareToDate: 0.6, forecastVar: 200 },
    rest: { code: 'SV5-OFN-FORV', name: 'Förvaltarenheten', profile: 'guardian', gross: 6_000 },
  },
  {
    fixtureRow: 'L2105', code: 'SV6-PN', name: 'Programnämnd social välfärd',
    first: {
      code: 'SV6-PN-KOP', name: 'Köp av verksamhet', profile: 'purchase', gross: 10_000,
      // 004-01 rows 'Köp av verksamhet, LoV' + 'Köp boende och personlig assistans'.
      explicit: { U: 338_496 + 1_275_892, BT: 365_605 + 1_295_409, F: 522_664 + 1_931_485, B: 548_407 + 1_943_113, P8: 44_797 + 20_290, P: 48_951 + 9_352 },
    },
    rest: { code: 'SV6-PN-GEM', name: 'Gemensamt, avgifter och bidrag', profile: 'common', gross: 225_000 },
  },
];
const INTRA_UNIT = 'SV3-HVN-INTRA';

/** 004-01: the programme board's own rows, RN2 units coded in the printed order; 004-02/03 split two of them. */
const PN = 'SV6-PN';
const T0401 = loadFixture('004-01-programnamnd-egen-verksamhet.json');
const T0402 = loadFixture('004-02-kop-av-verksamhet-lov.json');
const T0403 = loadFixture('004-03-kop-av-boende-personlig-assistans.json');
const PN_UNITS = T0401.rows.map((r, i) => ({ code: `${PN}-${String(i + 1).padStart(2, '0')}`, name: r.name!, row: r.id }));
/** The unit of 004-01's row split by a table, and that table's activity code prefix. */
const PN_SPLITS: { row: string; table: FTable; prefix: string }[] = [
  { row: 'L1801', table: T0402, prefix: 'LOV' },
  { row: 'L1803', table: T0403, prefix: 'BPA' },
];

interface OrgRow {
  code: string;
  name: string;
  parent: string;
  level: string;
  budgetLevel: string;
}
function buildOrg(): OrgRow[] {
  const out: OrgRow[] = [{ code: BOARD, name: 'Programnämnd social välfärd', parent: '', level: 'board', budgetLevel: '' }];
  for (const b of BOARDS) {
    out.push({ code: b.code, name: b.name, parent: BOARD, level: 'RN1', budgetLevel: '' });
    if (b.code === PN) for (const u of PN_UNITS) out.push({ code: u.code, name: u.name, parent: b.code, level: 'RN2', budgetLevel: '' });
    else for (const c of [b.first, b.rest]) out.push({ code: c.code, name: c.name, parent: b.code, level: 'RN2', budgetLevel: '' });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Accounts (Kommun-Bas 13) and account profiles
// ---------------------------------------------------------------------------------------------

const ACCOUNTS: [string, string, string][] = [
  ['3130', 'Taxor och avgifter, vård och omsorg', '3'],
  ['3510', 'Statsbidrag', '3'],
  ['3610', 'Försäljning av verksamhet, interna intäkter', '3'],
  ['4610', 'Köp av huvudverksamhet', '4'],
  ['5110', 'Löner månadsavlönade', '5'],
  ['6110', 'Lokalhyror', '6A'],
  ['7610', 'Övriga främmande tjänster', '7'],
  // Investments (group I), one account per category of 5.4 Investeringar (004-06..08).
  ['1221', 'Inventarier', 'I'],
  ['1222', 'Inventarier, myndighetskrav', 'I'],
  ['1223', 'Inventarier, nya boenden', 'I'],
];

/**
 * 5.4 Investeringar (004-06..08): one project per printed row, named (coded) as printed, booked on
 * its board's unit and on its category's account; budget and Prognos 2 are annual amounts, exact
 * tkr as printed (the tables are internally exact). Outcome to date: 60 % of the forecast.
 */
interface InvestmentDef { fixture: string; row: string; account: string; unit: string }
const INVESTMENTS: InvestmentDef[] = [
  { fixture: '004-06-investeringar-inventarier.json', row: 'L2248', account: '1221', unit: 'SV6-PN-01' },
  { fixture: '004-06-investeringar-inventarier.json', row: 'L2249', account: '1221', unit: 'SV2-SN-EGEN' },
  { fixture: '004-06-investeringar-inventarier.json', row: 'L2250', account: '1221', unit: 'SV3-HVN-HV' },
  { fixture: '004-06-investeringar-inventarier.json', row: 'L2251', account: '1221', unit: 'SV4-VBN-VOB' },
  { fixture: '004-06-investeringar-inventarier.json', row: 'L2252', account: '1221', unit: 'SV1-FSN-DV' },
  { fixture: '004-06-investeringar-inventarier.json', row: 'L2253', account: '1221', unit: 'SV5-OFN-KANS' },
  { fixture: '004-07-investeringar-myndighetskrav.json', row: 'L2258', account: '1222', unit: 'SV6-PN-01' },
  { fixture: '004-08-investeringar-nya-boenden.json', row: 'L2264', account: '1223', unit: 'SV4-VBN-VOB' },
  { fixture: '004-08-investeringar-nya-boenden.json', row: 'L2265', account: '1223', unit: 'SV1-FSN-BPA' },
];
/** The investment table of each fixture: its account (the category) and the printed cells. */
const INVESTMENT_TABLES: Record<string, string> = {
  '004-06-investeringar-inventarier.json': '1221',
  '004-07-investeringar-myndighetskrav.json': '1222',
  '004-08-investeringar-nya-boenden.json': '1223',
};

interface InvestmentRow extends AmountRow { project: string }
function buildInvestments(): InvestmentRow[] {
  const rows: InvestmentRow[] = [];
  for (const d of INVESTMENTS) {
    const r = loadFixture(d.fixture).rows.find((x) => x.id === d.row);
    if (!r?.name || typeof r.values.budget !== 'number' || typeof r.values.prognos !== 'number') throw new Error(`${d.fixture} ${d.row}: no budget/prognos`);
    const base = { year: YEAR, unit: d.unit, account: d.account, project: r.name };
    rows.push({ ...base, activity: '', scenario: 'budget', period: null, amount: r.values.budget * TKR });
    rows.push({ ...base, activity: '', scenario: FORECAST, period: null, amount: r.values.prognos * TKR });
    split(roundKr(r.values.prognos * TKR * 0.6), CUTOFF).forEach((x, i) => rows.push({ ...base, activity: '', scenario: 'actual', period: i + 1, amount: x }));
  }
  return rows;
}

/** Revenue and cost mix per profile; the first cost account takes the rounding residual. */
const PROFILES: Record<Profile, { revenue: [string, number][]; cost: [string, number][] }> = {
  operating: { revenue: [['3610', 0.9], ['3130', 0.05], ['3510', 0.05]], cost: [['5110', 0.72], ['4610', 0.06], ['6110', 0.12], ['7610', 0.1]] },
  external: { revenue: [['3510', 0.6], ['3130', 0.4]], cost: [['4610', 0.92], ['5110', 0.03], ['7610', 0.05]] },
  purchase: { revenue: [['3510', 1]], cost: [['4610', 0.99], ['7610', 0.01]] },
  common: { revenue: [['3130', 0.57], ['3510', 0.25], ['3610', 0.18]], cost: [['5110', 0.35], ['4610', 0.35], ['6110', 0.05], ['7610', 0.25]] },
  guardian: { revenue: [['3130', 0.7], ['3610', 0.3]], cost: [['5110', 0.75], ['6110', 0.1], ['7610', 0.15]] },
};

// ---------------------------------------------------------------------------------------------
// Step 1: fit exact board values (öre)
// ---------------------------------------------------------------------------------------------

/** FNV-1a 32-bit: a deterministic pseudo-random integer in [−range, range]. */
function hashOffset(key: string, range: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return (h % (2 * range + 1)) - range;
}

/**
 * Offsets per board and measure, re-centred per column to a target sum: the total of the printed
 * rows rounds to the printed total when the offsets sum to less than ±0,5 tkr, except 'Helår 2021'
 * (rows −2 050, printed total −2 049): its offsets must sum to (+50 000; +150 000] öre.
 */
const COLUMN_TARGET: Record<M, number> = { U: 3_217, BT: -2_480, F: 1_905, B: -4_113, P8: 2_650, P: 110_000 };

function fitBoards(t0404: FTable): Map<string, Record<M, number>> {
  const printed = new Map(t0404.rows.map((r) => [r.id, r]));
  const out = new Map<string, Record<M, number>>();
  for (const b of BOARDS) out.set(b.code, {} as Record<M, number>);
  for (const m of MS) {
    const raw = BOARDS.map((b) => hashOffset(`${b.code}|${m}`, 10_000));
    const delta = COLUMN_TARGET[m] - raw.reduce((s, x) => s + x, 0);
    const n = BOARDS.length;
    const base = Math.trunc(delta / n);
    let rest = delta - base * n;
    BOARDS.forEach((b, i) => {
      const step = rest === 0 ? 0 : Math.sign(rest);
      rest -= step;
      const p = printed.get(b.fixtureRow)!.values[FIXTURE_KEY[m]];
      if (typeof p !== 'number') throw new Error(`004-04 ${b.fixtureRow} ${m}: no value`);
      out.get(b.code)![m] = p * TKR + raw[i]! + base + step;
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Step 2–3: units, accounts, months
// ---------------------------------------------------------------------------------------------

const roundKr = (ore: number): number => Math.round(ore / 100) * 100;

/** The programme board's cells: key `unit|activity` → measures (öre), from its fitted board total. */
function programmeCells(R: Record<M, number>): { cells: Map<string, Record<M, number>>; activities: [string, string][] } {
  const cells = new Map<string, Record<M, number>>();
  const activities: [string, string][] = [];
  const units = splitTotal(R, T0401.rows, (i) => PN_UNITS[i]!.code);
  for (const [i, u] of units.entries()) {
    const sp = PN_SPLITS.find((x) => x.row === PN_UNITS[i]!.row);
    if (!sp) {
      cells.set(`${u.code}|`, u.values);
      continue;
    }
    for (const a of splitTotal(u.values, sp.table.rows, (j) => `${sp.prefix}${j + 1}`)) {
      activities.push([a.code, a.name]);
      cells.set(`${u.code}|${a.code}`, a.values);
    }
  }
  return { cells, activities };
}

interface UnitFigures {
  U: number; BT: number; F: number; B: number; P8: number; P: number;
  B21: number; B21_8: number;
}

function unitFigures(fit: Map<string, Record<M, number>>): Map<string, UnitFigures> {
  const out = new Map<string, UnitFigures>();
  const with2021 = (x: Record<M, number>, b21: number): UnitFigures => ({ ...x, B21: b21, B21_8: roundKr((b21 * 8) / 12) });
  for (const b of BOARDS) {
    const R = fit.get(b.code)!;
    if (b.code === PN) {
      for (const [k, x] of programmeCells(R).cells) out.set(k, with2021(x, roundKr(x.B * 0.96)));
      continue;
    }
    const rowB21 = roundKr(R.B * 0.96);
    const rowFig = with2021(R, rowB21);
    const f = b.first;
    let first: UnitFigures;
    if (f.explicit) {
      const e = f.explicit;
      const x = Object.fromEntries(MS.map((m) => [m, e[m] * TKR])) as Record<M, number>;
      first = with2021(x, roundKr(x.B * 0.96));
    } else {
      const s = f.share!;
      const BT = roundKr(R.BT * s);
      const B = roundKr(R.B * s);
      const U = BT - roundKr((R.BT - R.U) * f.varShareToDate!);
      const F = B - (f.forecastVar !== undefined ? f.forecastVar * TKR : roundKr((R.B - R.F) * f.varShareForecast!));
      first = { U, BT, F, B, P8: roundKr(R.P8 * s), P: roundKr(R.P * s), B21: roundKr(rowB21 * s), B21_8: 0 };
      first.B21_8 = roundKr((first.B21 * 8) / 12);
    }
    const rest = Object.fromEntries(
      (Object.keys(rowFig) as (keyof UnitFigures)[]).map((k) => [k, rowFig[k] - first[k]]),
    ) as unknown as UnitFigures;
    out.set(`${f.code}|`, first);
    out.set(`${b.rest.code}|`, rest);
  }
  return out;
}

interface AmountRow {
  scenario: string;
  year: number;
  period: number | null;
  unit: string;
  account: string;
  activity: string;
  amount: number; // öre, ledger sign
}

/** Split an amount (öre) into n parts: whole kronor, the last part takes the remainder (from gen-demo-data.ts). */
function split(total: number, n: number): number[] {
  const sign = total < 0 ? -1 : 1;
  const abs = Math.abs(total);
  const base = Math.floor(abs / n / 100) * 100;
  return Array.from({ length: n }, (_, i) => sign * (i === n - 1 ? abs - base * (n - 1) : base));
}

/** Shares of a total in whole kronor; the first entry takes the residual. */
function byMix(total: number, mix: [string, number][]): [string, number][] {
  const parts = mix.map(([a, w]) => [a, roundKr(total * w)] as [string, number]);
  const residual = total - parts.reduce((s, [, v]) => s + v, 0);
  parts[0]![1] += residual;
  return parts;
}

function buildAmounts(figs: Map<string, UnitFigures>, org: OrgRow[]): AmountRow[] {
  const rows: AmountRow[] = [];
  const profileOf = new Map<string, { profile: Profile; gross: number }>();
  for (const b of BOARDS) for (const c of [b.first, b.rest]) profileOf.set(c.code, { profile: c.profile, gross: c.gross });
  for (const [key, f] of figs) {
    const [unit, activity] = key.split('|') as [string, string];
    // The programme board's own cells: purchases, or common cells with revenue above their net.
    const { profile, gross } = profileOf.get(unit) ?? { profile: activity !== '' ? ('purchase' as const) : ('common' as const), gross: Math.round((Math.abs(Math.min(f.B, f.U * 1.5, f.F, f.B21 - f.P, (f.B21_8 - f.P8) * 1.5, 0)) * 1.8) / TKR) + 500 };
    const mix = PROFILES[profile];
    const A21 = f.B21 - f.P;
    const A21_8 = f.B21_8 - f.P8;
    /** [scenario, year, first period (null = annual), months, net öre, share of the year, revenue level] */
    const slices: [string, number, number | null, number, number, number, number][] = [
      ['actual', YEAR - 1, 1, 8, A21_8, 8 / 12, 0.965],
      ['actual', YEAR - 1, 9, 4, A21 - A21_8, 4 / 12, 0.965],
      ['actual', YEAR, 1, CUTOFF, f.U, CUTOFF / 12, 1.01],
      ['budget', YEAR - 1, 1, 8, f.B21_8, 8 / 12, 0.96],
      ['budget', YEAR - 1, 9, 4, f.B21 - f.B21_8, 4 / 12, 0.96],
      ['budget', YEAR, 1, CUTOFF, f.BT, CUTOFF / 12, 1],
      ['budget', YEAR, CUTOFF + 1, 12 - CUTOFF, f.B - f.BT, (12 - CUTOFF) / 12, 1],
      [FORECAST, YEAR, null, 1, f.F, 1, 1.008],
    ];
    for (const [scenario, year, p0, months, net, t, level] of slices) {
      const revenue = -roundKr(gross * TKR * t * level);
      const cost = net - revenue;
      const parts = [...byMix(revenue, mix.revenue), ...byMix(cost, mix.cost)];
      for (const [account, v] of parts) {
        const isRevenue = account.startsWith('3');
        if (isRevenue ? v > 0 : v < 0) throw new Error(`${unit} ${scenario} ${year}: account ${account} would get the wrong sign (${v})`);
        if (p0 === null) {
          rows.push({ scenario, year, period: null, unit, account, activity, amount: v });
          continue;
        }
        split(v, months).forEach((x, i) => rows.push({ scenario, year, period: p0 + i, unit, account, activity, amount: x }));
      }
    }
  }
  const scenarioOrder = ['actual', 'budget', FORECAST];
  const unitOrder = new Map(org.map((o, i) => [o.code, i]));
  return rows.sort(
    (a, b) =>
      scenarioOrder.indexOf(a.scenario) - scenarioOrder.indexOf(b.scenario) ||
      a.year - b.year ||
      (a.period ?? 0) - (b.period ?? 0) ||
      unitOrder.get(a.unit)! - unitOrder.get(b.unit)! ||
      (a.account < b.account ? -1 : a.account > b.account ? 1 : 0) ||
      (a.activity < b.activity ? -1 : a.activity > b.activity ? 1 : 0),
  );
}

// ---------------------------------------------------------------------------------------------
// Step 4: roll-forward (004-05)
// ---------------------------------------------------------------------------------------------

interface RollRow {
  unit: string;
  opening: number; // öre
  used: number;
  result: number;
}
/**
 * 004-05: Ingående 23 900, Ianspråktagande −3 900, Nya underskott 0, Nya överskott 6 100,
 * Utgående 26 100 (consistent). Årets resultat = nya överskott − nya underskott.
 */
function buildRollforward(t0405: FTable): RollRow[] {
  const v = (id: string): number => {
    const r = t0405.rows.find((x) => x.id === id);
    if (!r || typeof r.values.amount !== 'number') throw new Error(`004-05 ${id}: no amount`);
    return r.values.amount * TKR;
  };
  return [{ unit: INTRA_UNIT, opening: v('L2110'), used: v('L2111'), result: v('L2113') - v('L2112') }];
}

// ---------------------------------------------------------------------------------------------
// Step 5: narrative (verbatim from the report text)
// ---------------------------------------------------------------------------------------------

/** Lines (1-based, inclusive) and a check of their first/last text, so a different file is noticed. */
const NARRATIVE = {
  units: { from: 2053, to: 2220, skip: [2093, 2118] as [number, number], first: 'I nedanstående tabell', last: '0,5 mnkr.' },
  rollforward: { title: 2221, from: 2222, to: 2225, titleText: 'Ingående ackumulerat resultat Intraprenader 2022', first: 'Då budgeten' },
  headings: ['Funktionsstödsnämnd', 'Socialnämnd', 'Hemvårdsnämnd', 'Vårdboendenämnd', 'Överförmyndarnämnd'],
};

/**
 * PDF text → paragraphs: an empty line or a line starting with a space (a lost bullet or indent)
 * starts a paragraph, a board name on its own line is a paragraph (sub-heading); wrapped lines are
 * joined with one space, a line-end hyphen before a lower-case word is a hyphenation and joins.
 */
function paragraphsOf(lines: string[]): string {
  const paras: string[] = [];
  let cur = '';
  const flush = (): void => {
    if (cur.trim() !== '') paras.push(cur.trim());
    cur = '';
  };
  for (const raw of lines) {
    const line = raw.replace(/[ \t\u00a0]+$/, '');
    if (line.trim() === '') {
      flush();
      continue;
    }
    if (/^\s/.test(line)) flush();
    const text = line.trim();
    if (NARRATIVE.headings.includes(text)) {
      flush();
      paras.push(text);
      continue;
    }
    if (cur === '') cur = text;
    else if (/\p{L}-$/u.test(cur) && /^\p{Ll}/u.test(text) && !/^(och|eller|samt)\b/.test(text)) cur = cur.slice(0, -1) + text;
    else cur += ` ${text}`;
  }
  flush();
  return paras.join('\n\n');
}

interface NarrativeRow {
  key: string;
  title: string;
  text: string;
}
function buildNarrative(): NarrativeRow[] {
  if (!existsSync(REPORT_FILE)) throw new Error(`reference report not found: ${REPORT_FILE} (use --reports <dir>)`);
  const lines = readFileSync(REPORT_FILE, 'utf8').split('\n');
  const at = (n: number): string => lines[n - 1] ?? '';
  const u = NARRATIVE.units;
  if (!at(u.from).startsWith(u.first) || !at(u.to).trim().endsWith(u.last)) throw new Error('report 004: 5.4 text not at the expected lines');
  if (!at(u.skip[0]).startsWith('Programområde social välfärd') || !at(u.skip[1]).startsWith('Justerad avvikelse'))
    throw new Error('report 004: table 004-04/004-05 not at the expected lines');
  const unitLines: string[] = [];
  for (let n = u.from; n <= u.to; n++) if (n < u.skip[0] || n > u.skip[1]) unitLines.push(at(n));
  const r = NARRATIVE.rollforward;
  if (at(r.title).trim() !== r.titleText) throw new Error('report 004: intrapreneurship caption not at the expected line');
  const rfLines: string[] = [];
  for (let n = r.from; n <= r.to; n++) rfLines.push(at(n));
  const rfText = paragraphsOf(rfLines);
  if (!rfText.startsWith(r.first)) throw new Error('report 004: intrapreneurship text not at the expected lines');
  return [
    { key: `comment:units:${BOARD}`, title: '', text: paragraphsOf(unitLines) },
    { key: 'rollforward', title: r.titleText, text: rfText },
  ];
}

// ---------------------------------------------------------------------------------------------
// CSV writing (from gen-demo-data.ts)
// ---------------------------------------------------------------------------------------------

function csvField(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
function writeCsv(file: string, header: string[], rows: string[][]): void {
  const text = [header, ...rows].map((r) => r.map(csvField).join(',')).join('\n') + '\n';
  writeFileSync(path.join(DATA_DIR, file), text, 'utf8');
}
function formatKronor(ore: number): string {
  const sign = ore < 0 ? '-' : '';
  const abs = Math.abs(ore);
  const kr = Math.floor(abs / 100);
  const o = abs % 100;
  return o === 0 ? `${sign}${kr}` : `${sign}${kr}.${String(o).padStart(2, '0')}`;
}

// ---------------------------------------------------------------------------------------------
// Step 6: verification with Prognos' rules
// ---------------------------------------------------------------------------------------------

function readCsv(file: string): Record<string, string>[] {
  return parse(readFileSync(path.join(DATA_DIR, file), 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
}

interface Ledger {
  tree: OrgTree;
  amounts: { scenario: string; year: number; period: number | null; unit: string; account: string; project: string; investment: boolean; ore: bigint }[];
}
function loadLedger(): Ledger {
  const units: Unit[] = readCsv('org.csv').map((r, i) => ({
    code: r.code!, name: r.name!, parent: r.parent || null, level: r.level!, budgetLevel: r.budget_level || null, sortOrder: i,
  }));
  const accountRows = readCsv('accounts.csv');
  const accounts = new Set(accountRows.map((r) => r.account!));
  const investmentAccounts = new Set(accountRows.filter((r) => r.group === 'I').map((r) => r.account!));
  const codes = new Set(units.map((u) => u.code));
  const amounts = readCsv('amounts.csv').map((r) => {
    if (!codes.has(r.unit!)) throw new Error(`amounts.csv: unknown unit ${r.unit}`);
    if (!accounts.has(r.account!)) throw new Error(`amounts.csv: unknown account ${r.account}`);
    if (!/^-?\d+(\.\d{1,2})?$/.test(r.amount!)) throw new Error(`amounts.csv: amount ${r.amount} is not kronor with at most 2 decimals`);
    return {
      scenario: r.scenario!, year: Number(r.year), period: r.period ? Number(r.period) : null,
      unit: r.unit!, account: r.account!, project: r.project ?? '', investment: investmentAccounts.has(r.account!), ore: BigInt(parseKronor(r.amount!)),
    };
  });
  return { tree: new OrgTree(units), amounts };
}

/** Exact sums in twelfths of öre (an annual amount counts k/12 in a to-date sum), ledger sign. */
interface Sums {
  actual: bigint; budgetToDate: bigint; budget: bigint; forecast: bigint;
  closingPrev: bigint; actualPrev: bigint; budgetPrev: bigint; budgetPrevToDate: bigint;
}
const zeroSums = (): Sums => ({ actual: 0n, budgetToDate: 0n, budget: 0n, forecast: 0n, closingPrev: 0n, actualPrev: 0n, budgetPrev: 0n, budgetPrevToDate: 0n });
function addAmount(s: Sums, a: Ledger['amounts'][number]): void {
  const toDate = (upTo: number): bigint => (a.period === null ? a.ore * BigInt(upTo) : a.period <= upTo ? a.ore * 12n : 0n);
  if (a.year === YEAR - 1 && a.scenario === 'actual') {
    s.closingPrev += a.ore * 12n;
    s.actualPrev += toDate(PREV_PERIOD);
  }
  if (a.year === YEAR - 1 && a.scenario === 'budget') {
    s.budgetPrev += a.ore * 12n;
    s.budgetPrevToDate += toDate(PREV_PERIOD);
  }
  if (a.year !== YEAR) return;
  if (a.scenario === 'actual') s.actual += toDate(CUTOFF);
  if (a.scenario === 'budget') {
    s.budgetToDate += toDate(CUTOFF);
    s.budget += a.ore * 12n;
  }
  if (a.scenario === FORECAST) s.forecast += a.ore * 12n;
}

const toTkr = (twelfths: bigint): number => Number(divRoundHalfAwayFromZero(twelfths, 12n * BigInt(TKR)));
const pct = (a: bigint, b: bigint): number | null => (b === 0n ? null : Number(divRoundHalfAwayFromZero(100n * a, b)));

/**
 * Cells of 004-04 from exact sums, cost-positive: presented = ledger, variance = base − value.
 * The 2021 columns are not Prognos standard columns; they follow the same rules.
 */
function cells0404(s: Sums): Values {
  return {
    utfall_ack: toTkr(s.actual),
    budget_ack: toTkr(s.budgetToDate),
    avv_ack: toTkr(s.budgetToDate - s.actual),
    forb_pct: pct(s.actual, s.budgetToDate),
    prognos: toTkr(s.forecast),
    budget: toTkr(s.budget),
    avv_prognos_budget: toTkr(s.budget - s.forecast),
    avv_ack_prev: toTkr(s.budgetPrevToDate - s.actualPrev),
    avv_prev: toTkr(s.budgetPrev - s.closingPrev),
  };
}
/** Prognos' own column keys for the same sums (units table, cut-off < 12). */
function prognosColumns(s: Sums): Values {
  return {
    closing_prev: toTkr(s.closingPrev),
    actual: toTkr(s.actual),
    budget_to_date: toTkr(s.budgetToDate),
    variance_to_date: toTkr(s.budgetToDate - s.actual),
    consumption_pct: pct(s.actual, s.budgetToDate),
    forecast: toTkr(s.forecast),
    budget: toTkr(s.budget),
    variance: toTkr(s.budget - s.forecast),
  };
}

interface OurRow {
  code: string;
  name: string;
  sums: Sums;
}
/** The units table of a scope at a level, rows ordered by code as Prognos does, plus the total. */
function unitsTable(L: Ledger, scope: string, level: string): { rows: OurRow[]; total: Sums } {
  const inSubtree = (unit: string, top: string): boolean => L.tree.path(unit).some((u) => u.code === top);
  const rowUnits = L.tree.subtree(scope).filter((u) => u.code !== scope && u.level === level);
  const rows = rowUnits.map((u) => ({ code: u.code, name: u.name, sums: zeroSums() }));
  const total = zeroSums();
  for (const a of L.amounts) {
    if (a.investment || !inSubtree(a.unit, scope)) continue;
    addAmount(total, a);
    const r = rows.find((x) => inSubtree(a.unit, x.code));
    if (!r) throw new Error(`amount of ${a.unit} is booked above level ${level} of ${scope}`);
    addAmount(r.sums, a);
  }
  rows.sort((a, b) => svCollator.compare(a.code, b.code));
  return { rows, total };
}

interface Difference {
  table: string;
  row: string;
  column: string;
  printed: number | string | null;
  ours: number | string | null;
  reason: string;
}

const REASON_2300 =
  "Source error (README §6.7, cross-check 004-H): 'Varav Intraprenader' / 'Årets avvikelse Intraprenader' is printed as 2 300, but no combination of the printed components gives it: utgående − ingående = 26 100 − 23 900 = 2 200 = ianspråktagande −3 900 + nya underskott 0 + nya överskott 6 100. The demo keeps the five consistent roll-forward figures, so the intrapreneurships' variance is 2 200 (ledger and roll-forward agree).";
const REASON_EXCL =
  "Consequence of source error README §6.7: 'exkl. Intraprenader' = Nettokostnad avvikelse −51 891 − intraprenadernas 2 200 = −54 091; the source subtracts the wrong 2 300 (−54 191). The adjusted total −51 891 agrees.";

interface Verification {
  compared: number;
  equal: number;
  differences: Difference[];
  unexpected: Difference[];
  lines: string[];
}

function verify(t0404: FTable, t0405: FTable): Verification {
  const L = loadLedger();
  const v: Verification = { compared: 0, equal: 0, differences: [], unexpected: [], lines: [] };
  const compare = (table: string, row: string, column: string, printed: number | null, ours: number | null, allowed?: string): boolean => {
    v.compared++;
    if (printed === ours) {
      v.equal++;
      return true;
    }
    const d = { table, row, column, printed, ours, reason: allowed ?? 'UNEXPECTED' };
    (allowed ? v.differences : v.unexpected).push(d);
    return false;
  };

  // 004-04: units table of PNSV at RN1.
  const ut = unitsTable(L, BOARD, 'RN1');
  const codeOf = new Map(BOARDS.map((b) => [b.fixtureRow, b.code]));
  const printedOrder = t0404.rows.map((r) => codeOf.get(r.id));
  const ourOrder = ut.rows.map((r) => r.code);
  if (printedOrder.join() !== ourOrder.join())
    v.unexpected.push({ table: '004-04', row: '*', column: 'rows', printed: printedOrder.join(', '), ours: ourOrder.join(', '), reason: 'UNEXPECTED: row set or order differs' });
  let c0 = v.compared;
  let e0 = v.equal;
  for (const pr of allRows(t0404)) {
    const isTotal = pr.id === 'total';
    const our = isTotal ? ut.total : ut.rows.find((r) => r.code === codeOf.get(pr.id))?.sums;
    const name = isTotal ? pr.label! : pr.name!;
    if (!isTotal) {
      const u = ut.rows.find((r) => r.code === codeOf.get(pr.id));
      if (u?.name !== pr.name) v.unexpected.push({ table: '004-04', row: name, column: 'name', printed: pr.name!, ours: u?.name ?? null, reason: 'UNEXPECTED: unit name differs' });
    }
    const cells = our ? cells0404(our) : null;
    for (const c of t0404.columns) compare('004-04', name, c.key, pr.values[c.key] ?? null, cells ? (cells[c.key] ?? null) : null);
  }
  v.lines.push(`004-04: ${v.compared - c0} cells, ${v.equal - e0} equal, ${v.compared - c0 - (v.equal - e0)} different`);

  // 004-05: roll-forward grid (Prognos: tkr of exact öre per row and of the sums) and the reconciliation.
  c0 = v.compared;
  e0 = v.equal;
  const roll = readCsv('rollforward.csv').map((r) => ({
    unit: r.unit!, opening: BigInt(parseKronor(r.opening!)), used: BigInt(parseKronor(r.used!)), result: BigInt(parseKronor(r.result!)),
  }));
  const sum = (f: (r: (typeof roll)[number]) => bigint): bigint => roll.reduce((a, r) => a + f(r), 0n);
  const tk = (ore: bigint): number => toTkr(ore * 12n);
  const opening = sum((r) => r.opening);
  const used = sum((r) => r.used);
  const deficits = sum((r) => (r.result < 0n ? r.result : 0n));
  const surpluses = sum((r) => (r.result > 0n ? r.result : 0n));
  const closing = sum((r) => r.opening + r.used + r.result);
  const change = used + deficits + surpluses; // = closing − opening
  // The intrapreneurships' forecast variance in the ledger (units table of their board, RN2).
  const intraBoard = L.tree.get(INTRA_UNIT)!.parent!;
  const intraRow = unitsTable(L, intraBoard, 'RN2').rows.find((r) => r.code === INTRA_UNIT)!;
  const intraVarTw = intraRow.sums.budget - intraRow.sums.forecast; // twelfths of öre
  if (intraVarTw !== change * 12n) v.unexpected.push({ table: '004-05', row: INTRA_UNIT, column: 'variance', printed: tk(change), ours: toTkr(intraVarTw), reason: 'UNEXPECTED: ledger variance of the intrapreneurships ≠ used + result' });
  const totalVarTw = ut.total.budget - ut.total.forecast;
  const ours0405: Record<string, [number, string?]> = {
    L2108: [toTkr(intraVarTw), REASON_2300],
    L2109: [toTkr(totalVarTw - intraVarTw), REASON_EXCL],
    L2110: [tk(opening)],
    L2111: [tk(used)],
    L2112: [tk(-deficits)],
    L2113: [tk(surpluses)],
    L2114: [tk(closing)],
    L2116: [toTkr(totalVarTw - intraVarTw), REASON_EXCL],
    L2117: [tk(change), REASON_2300],
    L2118: [toTkr(totalVarTw - intraVarTw + change * 12n)],
  };
  for (const pr of t0405.rows) {
    const o = ours0405[pr.id];
    if (!o) {
      v.unexpected.push({ table: '004-05', row: pr.name!, column: 'amount', printed: pr.values.amount ?? null, ours: null, reason: 'UNEXPECTED: row not computed' });
      continue;
    }
    const printed = pr.values.amount ?? null;
    compare('004-05', pr.name!, 'amount', printed, o[0], printed !== o[0] ? o[1] : undefined);
  }
  v.lines.push(`004-05: ${v.compared - c0} cells, ${v.equal - e0} equal, ${v.compared - c0 - (v.equal - e0)} different`);

  // 004-06..08: investments of the category's account per project: prognos, budget, prognos/budget, budget − prognos.
  for (const [file, account] of Object.entries(INVESTMENT_TABLES)) {
    c0 = v.compared;
    e0 = v.equal;
    const fx = loadFixture(file);
    const table = fx.table_id;
    const sumsOf = (project: string | null): Sums => {
      const s = zeroSums();
      for (const a of L.amounts) if (a.account === account && (project === null || a.project === project)) addAmount(s, a);
      return s;
    };
    const cells = (s: Sums): Values => ({ prognos: toTkr(s.forecast), budget: toTkr(s.budget), forb_pct: pct(s.forecast, s.budget), avv_prognos_budget: toTkr(s.budget - s.forecast) });
    for (const pr of allRows(fx)) {
      const ours = cells(sumsOf(pr.id === 'total' ? null : pr.name!));
      for (const c of fx.columns) compare(table, pr.name ?? pr.label!, c.key, pr.values[c.key] ?? null, ours[c.key] ?? null);
    }
    v.lines.push(`${table}: ${v.compared - c0} cells, ${v.equal - e0} equal, ${v.compared - c0 - (v.equal - e0)} different`);
  }
  return v;
}

/** Narrative and roll-forward files through Prognos' content reader; the text must be stored as is. */
async function verifyContent(): Promise<string[]> {
  const problems: string[] = [];
  const nar = await readContentFile('narrative', path.join(DATA_DIR, 'narrative.csv'));
  for (const r of nar.records) {
    if (normaliseText(r.text) !== r.text) problems.push(`narrative ${r.key}: text is not in normalised form`);
  }
  const keys = nar.records.map((r) => r.key).sort();
  if (keys.join() !== ['comment:units:PNSV', 'rollforward'].join()) problems.push(`narrative keys: ${keys.join(', ')}`);
  // Verbatim: the stored text has the same words as the report's lines (hyphenations joined).
  if (existsSync(REPORT_FILE)) {
    const lines = readFileSync(REPORT_FILE, 'utf8').split('\n');
    const u = NARRATIVE.units;
    const src: string[] = [];
    for (let n = u.from; n <= u.to; n++) if (n < u.skip[0] || n > u.skip[1]) src.push(lines[n - 1]!);
    const words = (t: string): string =>
      t.replace(/\s+/g, ' ').trim().replace(/(\p{L})- (?!(och|eller|samt)\b)(\p{Ll})/gu, '$1$3');
    const ours = nar.records.find((r) => r.key === `comment:units:${BOARD}`)?.text ?? '';
    if (words(ours) !== words(src.join('\n'))) problems.push('narrative comment:units:PNSV: words differ from the report text');
  }
  const rf = await readContentFile('rollforward', path.join(DATA_DIR, 'rollforward.csv'));
  if (rf.records.length !== 1 || rf.records[0]!.closingOre !== 26_100 * TKR) problems.push('rollforward: closing is not 26 100 tkr');
  return problems;
}

/** Load the CSV files into an in-memory Prognos store and compare Prognos' units tables with ours. */
async function verifyEngine(): Promise<{ cells: number; problems: string[] }> {
  const { openStore } = await import('../src/store/index.ts');
  const { importTabular } = await import('../src/store/ingest.ts');
  const { buildReport } = await import('../src/report/index.ts');
  const store = await openStore();
  const problems: string[] = [];
  let cells = 0;
  try {
    const org = 'demo004';
    for (const [kind, file] of [['org', 'org.csv'], ['accounts', 'accounts.csv'], ['activities', 'activities.csv'], ['amounts', 'amounts.csv']] as const)
      await importTabular(store, org, kind, path.join(DATA_DIR, file));
    const intraBoard = BOARDS.find((b) => b.first.code === INTRA_UNIT)!.code;
    const model = await buildReport(store, {
      orgId: org, scope: BOARD, year: YEAR, period: CUTOFF, prevPeriod: PREV_PERIOD, round: ROUND, sign: 'cost-positive',
      tables: [
        { id: `units:${BOARD}`, kind: 'units', scope: BOARD, level: 'RN1' },
        { id: `units:${intraBoard}`, kind: 'units', scope: intraBoard, level: 'RN2' },
      ],
    });
    const L = loadLedger();
    for (const [id, scope, level] of [[`units:${BOARD}`, BOARD, 'RN1'], [`units:${intraBoard}`, intraBoard, 'RN2']] as const) {
      const t = model.tables.find((x) => x.id === id)!;
      const ours = unitsTable(L, scope, level);
      const ourRows = [...ours.rows.map((r) => ({ key: r.code, values: prognosColumns(r.sums) })), { key: 'total', values: prognosColumns(ours.total) }];
      const theirRows = [...t.rows.map((r) => ({ key: r.code, values: r.values })), { key: 'total', values: t.total.values }];
      if (ourRows.map((r) => r.key).join() !== theirRows.map((r) => r.key).join())
        problems.push(`${id}: rows ${theirRows.map((r) => r.key).join(', ')} vs ours ${ourRows.map((r) => r.key).join(', ')}`);
      for (const [i, r] of theirRows.entries()) {
        for (const c of t.columns) {
          cells++;
          const mine = ourRows[i]?.values[c.key];
          if (r.values[c.key] !== mine) problems.push(`${id} ${r.key} ${c.key}: Prognos ${r.values[c.key]} vs ours ${mine}`);
        }
      }
    }
  } finally {
    await store.close();
  }
  return { cells, problems };
}

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const t0404 = loadFixture('004-04-driftsnamnder.json');
  const t0405 = loadFixture('004-05-intraprenader-avstamning.json');
  if (!VERIFY_ONLY) {
    const org = buildOrg();
    const figs = unitFigures(fitBoards(t0404));
    const amounts = buildAmounts(figs, org);
    const roll = buildRollforward(t0405);
    const narrative = buildNarrative();
    mkdirSync(DATA_DIR, { recursive: true });
    writeCsv('org.csv', ['code', 'name', 'parent', 'level', 'budget_level'], org.map((o) => [o.code, o.name, o.parent, o.level, o.budgetLevel]));
    writeCsv('activities.csv', ['code', 'name'], programmeCells(fitBoards(t0404).get(PN)!).activities);
    writeCsv('accounts.csv', ['account', 'name', 'group'], ACCOUNTS.map((a) => [...a]));
    writeCsv(
      'amounts.csv',
      ['scenario', 'year', 'period', 'unit', 'account', 'activity', 'project', 'amount'],
      [...amounts.map((a) => ({ ...a, project: '' })), ...buildInvestments()].map((a) => [a.scenario, String(a.year), a.period === null ? '' : String(a.period), a.unit, a.account, a.activity, a.project, formatKronor(a.amount)]),
    );
    writeCsv('rollforward.csv', ['board', 'year', 'unit', 'opening', 'used', 'result'], roll.map((r) => [BOARD, String(YEAR), r.unit, formatKronor(r.opening), formatKronor(r.used), formatKronor(r.result)]));
    writeCsv('narrative.csv', ['board', 'year', 'round', 'key', 'title', 'text'], narrative.map((n) => [BOARD, String(YEAR), ROUND, n.key, n.title, n.text]));
    console.log(`wrote ${org.length} units, ${ACCOUNTS.length} accounts, ${amounts.length} amount rows, ${roll.length} roll-forward row(s), ${narrative.length} narrative texts`);
  }
  const v = verify(t0404, t0405);
  for (const line of v.lines) console.log(`  ${line}`);
  console.log(`verification: ${v.compared} cells compared, ${v.equal} equal, ${v.compared - v.equal} different (${v.differences.length} allowed source errors, ${v.unexpected.length} unexpected)`);
  for (const d of [...v.differences, ...v.unexpected])
    console.log(`  ${d.table} ${d.row} ${d.column}: ours ${JSON.stringify(d.ours)} vs printed ${JSON.stringify(d.printed)} — ${d.reason}`);
  const content = await verifyContent();
  console.log(`content files: ${content.length ? content.join('; ') : 'narrative.csv and rollforward.csv read by Prognos, OK'}`);
  let engineProblems: string[] = [];
  if (!NO_ENGINE) {
    const e = await verifyEngine();
    engineProblems = e.problems;
    console.log(`Prognos engine (in-memory store, units tables ${BOARD}/RN1 and the intrapreneurships' board/RN2): ${e.cells} cells, ${e.problems.length} different from this script`);
    for (const p of e.problems) console.log(`  ${p}`);
  }
  if (!VERIFY_ONLY) writeFileSync(path.join(DATA_DIR, 'differences.json'), JSON.stringify(v.differences, null, 2) + '\n', 'utf8');
  if (v.unexpected.length || content.length || engineProblems.length) process.exitCode = 1;
}

await main();
