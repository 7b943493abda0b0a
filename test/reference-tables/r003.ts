/**
 * Reference report 003 (Kommunstyrelsen, Delårsrapport med prognos 1 2024): the net summary, the
 * tables per unit, account group, activity and investment of chapter 3, and the typed table of
 * measures for a balanced economy (003-02), compared cell by cell, headings included, the rows in
 * the source's order with the subtotals in place; and Bilaga 1 and 2: the measures (003-14), the
 * goals with their forecast fulfilment (003-15) and the assignments (003-16), text by text.
 */
import type { Grid, ReportModel, Row, Table } from '../../src/report/index.ts';
import { KEYS } from '../support/reference.ts';
import { blocks, financialDifferences, gridById, gridDifferences, loadFixture, tableById, type Allowed, type Difference, type FinancialFixture, type ReferenceComparison, type TableComparison } from './compare.ts';

/**
 * Group codes the demo spells differently: the source writes 'KG OBJ' beside 'KGOBJ'. It also
 * reuses the RN2 code 'KGHR' for an RN5 unit in 003-04, which the demo calls 'KGHR5' (codes are
 * unique in a unit tree).
 */
const RENAMED: Record<string, string> = { 'KG OBJ': 'KGOBJ' };

function ourRow(fixtureId: string) {
  return (table: Table, r: FinancialFixture['rows'][number]): Row | undefined => {
    if (fixtureId === '003-01') return table.rows.find((o) => o.name === r.name);
    if (r.kind === 'subtotal') return table.rows.find((o) => o.kind === 'subtotal' && o.code === (RENAMED[r.group!] ?? r.group));
    const code = fixtureId === '003-04' && r.code === 'KGHR' ? 'KGHR5' : r.code!;
    const group = r.group === undefined ? undefined : (RENAMED[r.group] ?? r.group);
    return table.rows.find((o) => !o.kind && o.code === code && (group === undefined || o.group === group));
  };
}

const financial = (fixture: string, table: string): TableComparison => ({
  fixture,
  differences: (model) => {
    const fx = loadFixture(fixture);
    const ours = tableById(model, table);
    // financialDifferences also compares the order of the rows, subtotals in place, and finds rows the source lacks
    return financialDifferences(ours, fx, { keys: KEYS, row: ourRow(fixture.slice(0, 6)), label: (r) => (r.kind === 'subtotal' ? r.name : (r.code ?? r.name)) });
  },
});

interface MeasuresFixture {
  columns: Array<{ key: string; label: string }>;
  rows: Array<Record<string, unknown> & { nr: number }>;
}

/** Fixture key of 003-14 → the measures grid's column; amounts are `{ display, value }` in mnkr. */
const MEASURE_KEYS: Record<string, string> = {
  nr: 'nr',
  atgard: 'text',
  beslutsdatum: 'decision',
  diarienummer: 'diary',
  prognos_effekt_ar_mnkr: 'forecast',
  beraknad_total_effekt_mnkr: 'total',
  hittills_uppnadd_effekt_mnkr: 'achieved',
  forvantad_effekt: 'expected',
  kommentar: 'comment',
};

/**
 * 003-14: every measure's texts, dates and amounts, and the headings. Not compared as headings:
 * `atgard`, whose fixture label describes the column (the source heads it "Åtgärd N"), and the
 * fixture's note on "Hitills", which is cut off (the source misprints it in two of four blocks).
 */
function measuresDifferences(model: ReportModel): Difference[] {
  const file = '003-14-planerade-vidtagna-atgarder.json';
  const grid = gridById(model, 'measures');
  if (!grid) return [{ row: '*', column: '*', printed: file, ours: null }];
  const fx = loadFixture<MeasuresFixture>(file);
  const out: Difference[] = [];
  for (const c of fx.columns.filter((c) => c.key !== 'atgard')) {
    const printed = c.label.replace(/ \(printed .*\)$/, '');
    const ours = grid.columns.find((g) => g.key === MEASURE_KEYS[c.key])?.label ?? null;
    if (ours !== printed) out.push({ row: '*', column: `heading:${c.key}`, printed, ours });
  }
  for (const r of fx.rows) {
    const ours = grid.rows.find((g) => g.cells.nr === `Åtgärd ${r.nr}`);
    if (!ours) {
      out.push({ row: `Åtgärd ${r.nr}`, column: '*', printed: r.atgard, ours: null });
      continue;
    }
    for (const [key, col] of Object.entries(MEASURE_KEYS).filter(([k]) => k !== 'nr')) {
      const v = r[key];
      const printed = v !== null && typeof v === 'object' ? ((v as { value: number | null }).value ?? null) : ((v as string | undefined) || null);
      const value = ours.cells[col] === '' ? null : (ours.cells[col] ?? null);
      if (printed !== value) out.push({ row: `Åtgärd ${r.nr}`, column: key, printed, ours: value });
    }
  }
  if (grid.rows.length !== fx.rows.length) out.push({ row: '*', column: 'rows', printed: fx.rows.length, ours: grid.rows.length });
  return out;
}

/** The grids of goal areas (`goals-…`, `assignments-…`) with the title of the area they stand in. */
function areaGrids(model: ReportModel, prefix: string): Array<{ area: string; grid: Grid }> {
  const out: Array<{ area: string; grid: Grid }> = [];
  for (const { section, block } of blocks(model)) if (block.type === 'grid' && block.grid.id.startsWith(prefix)) out.push({ area: section.title, grid: block.grid });
  return out;
}

const orNull = (v: unknown): unknown => (v === '' || v === undefined ? null : v);

interface GoalFixture {
  rows: Array<{ malomrade: string; strategiskt_mal_nr: number; strategiskt_mal: string; table_header: string; id: string; text: string; prognos_maluppfyllelse: string | null; kommentar: string }>;
}

/** 003-15: each goal under its strategic goal, in its goal area, with the table's heading, status and comment. */
function goalDifferences(model: ReportModel): Difference[] {
  const grids = areaGrids(model, 'goals-');
  const fx = loadFixture<GoalFixture>('003-15-mal-prognos-maluppfyllelse.json');
  const out: Difference[] = [];
  for (const r of fx.rows) {
    const heading = `Strategiskt mål ${r.strategiskt_mal_nr}: ${r.strategiskt_mal}`;
    const found = grids.find((g) => g.area === r.malomrade && g.grid.rows.some((x) => x.kind === 'heading' && x.cells.goal === heading));
    if (!found) {
      out.push({ row: r.id, column: '*', printed: heading, ours: null });
      continue;
    }
    const { grid } = found;
    if (grid.columns[0]?.label !== r.table_header) out.push({ row: r.id, column: 'heading:table_header', printed: r.table_header, ours: grid.columns[0]?.label ?? null });
    const status = grid.columns.find((c) => c.key === 'status')?.label;
    if (status !== 'Prognos måluppfyllelse') out.push({ row: r.id, column: 'heading:prognos_maluppfyllelse', printed: 'Prognos måluppfyllelse', ours: status ?? null });
    const row = grid.rows.find((x) => x.kind !== 'heading' && x.cells.goal === `${r.id} ${r.text}`);
    if (!row) {
      out.push({ row: r.id, column: 'text', printed: `${r.id} ${r.text}`, ours: null });
      continue;
    }
    if (orNull(row.cells.status) !== r.prognos_maluppfyllelse) out.push({ row: r.id, column: 'prognos_maluppfyllelse', printed: r.prognos_maluppfyllelse, ours: orNull(row.cells.status) });
    if (orNull(row.cells.comment) !== r.kommentar) out.push({ row: r.id, column: 'kommentar', printed: r.kommentar, ours: orNull(row.cells.comment) });
  }
  const goals = grids.flatMap((g) => g.grid.rows.filter((x) => x.kind !== 'heading'));
  if (goals.length !== fx.rows.length) out.push({ row: '*', column: 'rows', printed: fx.rows.length, ours: goals.length });
  return out;
}

interface AssignmentFixture {
  rows: Array<{ malomrade: string; table_header: string; uppdrag: string; prognos_uppdrag: string; kommentar: string }>;
}

/** 003-16: each assignment in its goal area, under its table's heading, with status and comment. */
function assignmentDifferences(model: ReportModel): Difference[] {
  const grids = areaGrids(model, 'assignments-');
  const fx = loadFixture<AssignmentFixture>('003-16-uppdrag-prognos.json');
  const out: Difference[] = [];
  for (const r of fx.rows) {
    const found = grids.find((g) => g.area === r.malomrade && g.grid.columns[0]?.label === r.table_header && g.grid.rows.some((x) => x.cells.assignment === r.uppdrag));
    const row = found?.grid.rows.find((x) => x.cells.assignment === r.uppdrag);
    if (!found || !row) {
      out.push({ row: r.uppdrag.slice(0, 60), column: '*', printed: `${r.malomrade} / ${r.table_header}`, ours: null });
      continue;
    }
    const status = found.grid.columns.find((c) => c.key === 'status')?.label;
    if (status !== 'Prognos uppdrag') out.push({ row: r.uppdrag.slice(0, 60), column: 'heading:prognos_uppdrag', printed: 'Prognos uppdrag', ours: status ?? null });
    if (orNull(row.cells.status) !== r.prognos_uppdrag) out.push({ row: r.uppdrag.slice(0, 60), column: 'prognos_uppdrag', printed: r.prognos_uppdrag, ours: orNull(row.cells.status) });
    if (orNull(row.cells.comment) !== r.kommentar) out.push({ row: r.uppdrag.slice(0, 60), column: 'kommentar', printed: r.kommentar, ours: orNull(row.cells.comment) });
  }
  const count = grids.reduce((n, g) => n + g.grid.rows.length, 0);
  if (count !== fx.rows.length) out.push({ row: '*', column: 'rows', printed: fx.rows.length, ours: count });
  return out;
}

const STATSBIDRAG = '§6.5: the split of the state grants differs by 217 tkr from 003-04; 003-01 is the wrong one (003-04 adds up to the ledger).';
const ZERO_BASE = 'R8: the source prints 0 % for a zero budget to date; a percentage of a zero base is empty in Prognos.';

const zeroBase = (fixture: string, rows: string[]): Allowed[] => rows.map((row) => ({ fixture, row, column: 'forb_pct', printed: 0, ours: null, reason: ZERO_BASE }));

export const COMPARE_003: ReferenceComparison = {
  reference: '003',
  tables: [
    financial('003-01-nettoredovisning.json', 'net-summary:KS'),
    { fixture: '003-02-atgarder-ekonomi-i-balans.json', differences: (m) => gridDifferences(m, 'balance-measures', '003-02-atgarder-ekonomi-i-balans.json', 1) },
    financial('003-03-kommunledning-rn3.json', 'units:ÖKL'),
    financial('003-04-kommungemensam-rn2-rn5.json', 'units:KGN'),
    financial('003-05-klf-rn3.json', 'units:ÖKA'),
    financial('003-06-kommunledning-kontogrupp.json', 'account-groups:ÖKL'),
    financial('003-07-kommungemensamt-kontogrupp.json', 'account-groups:KGN'),
    financial('003-08-klf-kontogrupp.json', 'account-groups:ÖKA'),
    financial('003-09-kommunledning-vht.json', 'activities:ÖKL'),
    financial('003-10-kommungemensamt-vht.json', 'activities:KGN'),
    financial('003-11-klf-vht.json', 'activities:ÖKA'),
    financial('003-12-investeringar-klf.json', 'investments:ÖKA'),
    financial('003-13-investeringar-kommungemensamt.json', 'investments:ÖKG'),
    { fixture: '003-14-planerade-vidtagna-atgarder.json', differences: measuresDifferences },
    { fixture: '003-15-mal-prognos-maluppfyllelse.json', differences: goalDifferences },
    { fixture: '003-16-uppdrag-prognos.json', differences: assignmentDifferences },
  ],
  allowed: [
    { fixture: '003-01-nettoredovisning.json', row: 'Kommungemensamt', column: 'prognos', printed: -438234, ours: -438017, reason: STATSBIDRAG },
    { fixture: '003-01-nettoredovisning.json', row: 'Kommungemensamt', column: 'avv_prognos_budget', printed: -55586, ours: -55370, reason: STATSBIDRAG },
    { fixture: '003-01-nettoredovisning.json', row: 'Kommungemensamma statsbidrag', column: 'prognos', printed: 18000, ours: 17783, reason: STATSBIDRAG },
    { fixture: '003-01-nettoredovisning.json', row: 'Kommungemensamma statsbidrag', column: 'avv_prognos_budget', printed: 5600, ours: 5383, reason: STATSBIDRAG },
    ...zeroBase('003-04-kommungemensam-rn2-rn5.json', ['SPLFE', 'Summa ÖKF', 'KGT', 'KGI']),
    ...zeroBase('003-05-klf-rn3.json', ['KCS', 'KMY']),
    ...zeroBase('003-07-kommungemensamt-kontogrupp.json', ['7']),
    {
      fixture: '003-07-kommungemensamt-kontogrupp.json', row: 'Summa ÖKG', column: 'forb_pct', printed: null, ours: 103,
      reason: 'Blank in the source; the cross-check 003-OKG-07-10 gives the correct 103 %.',
    },
    ...zeroBase('003-10-kommungemensamt-vht.json', ['9300', 'Summa ÖKF', '2630', '3100', '3899', '4598']),
    {
      fixture: '003-10-kommungemensamt-vht.json', row: 'Summa ÖKG', column: 'forb_pct', printed: 114, ours: 103,
      reason: '§6.2: Summa ÖKG prints the next row’s ratio (114 %); the correct value is 103 %.',
    },
    ...zeroBase('003-11-klf-vht.json', ['4020', '4320', '4327', '4340', '4999', '5999']),
    ...zeroBase('003-12-investeringar-klf.json', ['KAI', 'KIT']),
    {
      fixture: '003-16-uppdrag-prognos.json', row: '*', column: 'rows', printed: 32, ours: 33,
      reason:
        'The fixture leaves out one assignment the report prints (source text line 589, "En översyn av Kulturkvarterets ekonomi ska genomföras …", Genomfört, under Kvarstående uppdrag från ÖSB 2023); the demo prints all 33.',
    },
  ],
};
