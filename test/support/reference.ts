/**
 * Test support: turns the five reference reports (../shared/reference-reports, with their tables
 * extracted in ../shared/fixtures/reference-tables) into report models, so `checkReport` can be
 * run on real reports with known source errors. Read-only; nothing is copied into the repository.
 *
 * - Financial tables come from the fixture JSON, with our column keys, the unit codes the
 *   fixtures have (synthetic codes where the source prints none, e.g. the rows of 004), and the
 *   table scopes that make cross-table identities work (the mapping table TABLES below).
 * - 003-02, 004-05, 004-09, 004-10 and 004-17 become grids, following the grid conventions of
 *   src/check/index.ts (amount columns in tkr/mnkr, the intrapreneurship roll-forward roles,
 *   the K/M/total breakdown of the five-year summary).
 * - The report text is split into sections at its numbered headings; the lines of the modelled
 *   tables are left out of the text and replaced by table or grid blocks where they stood.
 *   Other non-financial tables stay in the text, as paragraphs.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { SignName, TableKind } from '../../src/core/compute/index.ts';
import type { Block, Grid, GridRow, ReportModel, Row, Section, Table, Values } from '../../src/report/index.ts';
import { rowRef } from '../../src/check/util.ts';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');
export const SHARED = path.resolve(REPO_ROOT, '..', 'shared');
const FIXTURES = path.join(SHARED, 'fixtures', 'reference-tables');
const REPORTS = path.join(SHARED, 'reference-reports');

export type ReferenceId = '000' | '001' | '002' | '003' | '004';
export const REFERENCE_IDS: readonly ReferenceId[] = ['000', '001', '002', '003', '004'];

interface ReportInfo {
  title: string;
  year: number;
  period: number;
  prevPeriod: number;
  round: string;
  sign: SignName;
  scope: { code: string; name: string };
  /** Lines that look like numbered headings but are list items, footnotes or page headers. */
  notHeadings: number[];
}

const INFO: Record<ReferenceId, ReportInfo> = {
  '000': {
    title: 'Delårsrapport med prognos 1 2019 – Kommunstyrelsen',
    year: 2019, period: 4, prevPeriod: 4, round: 'P1', sign: 'net',
    scope: { code: 'KS', name: 'Kommunstyrelsen' },
    notHeadings: [5, 10],
  },
  '001': {
    title: 'Årsberättelse 2021 – Kommunstyrelsen',
    year: 2021, period: 12, prevPeriod: 12, round: 'B', sign: 'net',
    scope: { code: 'KS', name: 'Kommunstyrelsen' },
    notHeadings: [40, 41],
  },
  '002': {
    title: 'Årsberättelse 2020 – Kommunstyrelsen',
    year: 2020, period: 12, prevPeriod: 12, round: 'B', sign: 'net',
    scope: { code: 'KS', name: 'Kommunstyrelsen' },
    notHeadings: [53, 54],
  },
  '003': {
    title: 'Delårsrapport med prognos 1 2024 – Kommunstyrelsen',
    year: 2024, period: 3, prevPeriod: 8, round: 'P1', sign: 'net',
    scope: { code: 'KS', name: 'Kommunstyrelsen' },
    notHeadings: [51],
  },
  '004': {
    title: 'Delårsrapport med prognos 2 2022 – Programnämnd social välfärd',
    year: 2022, period: 8, prevPeriod: 8, round: 'P2', sign: 'cost-positive',
    scope: { code: 'PSV', name: 'Programområde social välfärd' },
    notHeadings: [37, 39, 41, 44, 48, 417, 897, 2050],
  },
};

/**
 * Table kind and scope per fixture table; `codes` gives rows without a printed code a unit code
 * (net-summary rows whose budget level is one unit; the rows of 004). Codes in 004 are invented:
 * PSV programområdet, PNSV the programme committee's own activity, PNLOV and PNKBPA its purchases (LoV;
 * boende och personlig assistans).
 */
const TABLES: Record<string, { kind: TableKind; scope: string; codes?: Record<string, string> }> = {
  '000-01': { kind: 'net-summary', scope: 'KS', codes: { L151: 'KGST', L152: 'ÖKL', L153: 'ÖKA' } },
  '000-02': { kind: 'units', scope: 'ÖKG' },
  '000-03': { kind: 'units', scope: 'ÖKA' },
  '000-04': { kind: 'units', scope: 'ÖRE' },
  '000-05': { kind: 'units', scope: 'ÖVA' },
  '000-06': { kind: 'account-groups', scope: 'ÖKA' },
  '000-07': { kind: 'investments', scope: 'ÖKA' },
  '001-01': { kind: 'units', scope: 'ÖKL' },
  '001-02': { kind: 'units', scope: 'ÖKG' },
  '001-03': { kind: 'units', scope: 'ÖKA' },
  '001-04': { kind: 'units', scope: 'ÖVA' },
  '001-05': { kind: 'account-groups', scope: 'ÖKL' },
  '001-06': { kind: 'account-groups', scope: 'ÖKG' },
  '001-07': { kind: 'account-groups', scope: 'ÖKA' },
  '001-08': { kind: 'account-groups', scope: 'ÖRE' },
  '001-09': { kind: 'account-groups', scope: 'ÖVA' },
  '002-01': { kind: 'net-summary', scope: 'KS', codes: { L651: 'KGST', L652: 'ÖKL', L653: 'ÖKA' } },
  '002-02': { kind: 'units', scope: 'ÖKL' },
  '002-03': { kind: 'units', scope: 'ÖKG' },
  '002-04': { kind: 'units', scope: 'ÖKA' },
  '002-05': { kind: 'units', scope: 'ÖRE' },
  '002-06': { kind: 'units', scope: 'ÖVA' },
  '002-07': { kind: 'account-groups', scope: 'ÖKL' },
  '002-08': { kind: 'account-groups', scope: 'ÖKG' },
  '002-09': { kind: 'account-groups', scope: 'ÖKA' },
  '002-10': { kind: 'account-groups', scope: 'ÖRE' },
  '002-11': { kind: 'account-groups', scope: 'ÖVA' },
  '002-12': { kind: 'investments', scope: 'ÖKA' },
  '003-01': { kind: 'net-summary', scope: 'KS', codes: { L88: 'KGST', L89: 'ÖKL', L90: 'ÖKA' } },
  '003-03': { kind: 'units', scope: 'ÖKL' },
  '003-04': { kind: 'units', scope: 'KGN' },
  '003-05': { kind: 'units', scope: 'ÖKA' },
  '003-06': { kind: 'account-groups', scope: 'ÖKL' },
  '003-07': { kind: 'account-groups', scope: 'KGN' },
  '003-08': { kind: 'account-groups', scope: 'ÖKA' },
  '003-09': { kind: 'activities', scope: 'ÖKL' },
  '003-10': { kind: 'activities', scope: 'KGN' },
  '003-11': { kind: 'activities', scope: 'ÖKA' },
  '003-12': { kind: 'investments', scope: 'ÖKA' },
  '003-13': { kind: 'investments', scope: 'ÖKG' },
  '004-01': {
    kind: 'units',
    scope: 'PNSV',
    codes: { L1795: 'PNGSV', L1796: 'PNBOA', L1797: 'PNPGV', L1798: 'PNREG', L1799: 'PNVSY', L1800: 'PNKKA', L1801: 'PNLOV', L1802: 'PNVOA', L1803: 'PNKBPA', L1804: 'PNIVO', L1805: 'PNSTB' },
  },
  '004-02': { kind: 'activities', scope: 'PNLOV' },
  '004-03': { kind: 'activities', scope: 'PNKBPA' },
  '004-04': { kind: 'units', scope: 'PSV', codes: { L2096: 'FSN', L2097: 'SN', L2099: 'HVN', L2101: 'VBN', L2103: 'ÖFN', L2105: 'PNSV' } },
  '004-06': { kind: 'investments', scope: 'INV-INVENTARIER' },
  '004-07': { kind: 'investments', scope: 'INV-MYNDIGHETSKRAV' },
  '004-08': { kind: 'investments', scope: 'INV-BOENDEN' },
};

/** Fixture column keys → ours (README §3 → src/core/compute). */
export const KEYS: Record<string, string> = {
  bokslut_prev: 'closing_prev',
  utfall_prev_period: 'actual_prev',
  utfall_ack: 'actual',
  utfall: 'actual',
  budget_ack: 'budget_to_date',
  avv_ack: 'variance_to_date',
  forb_pct: 'consumption_pct',
  budget_osb: 'budget_osb',
  budget: 'budget',
  budget_change: 'budget_change',
  prognos: 'forecast',
  prognos_ber: 'forecast_calculated',
  avv_prognos_budget: 'variance',
  avv_budget_utfall: 'variance_to_date',
  forandr_pct: 'change_pct',
  overfort: 'carryover',
  budget_incl_overfort: 'budget_incl_carryover',
  avv_ack_prev: 'variance_to_date_prev',
  avv_prev: 'variance_prev',
};

interface FixtureRow {
  id: string;
  code?: string | null;
  name?: string;
  kind?: string;
  group?: string;
  parent_name?: string;
  values: Record<string, number | null>;
  refers_to?: string;
  cells?: Record<string, { display: string; value: number | null }>;
  [k: string]: unknown;
}

interface Fixture {
  table_id: string;
  kind: string;
  caption: string;
  section?: string;
  subsection?: string | null;
  source_lines: [number, number];
  columns: Array<{ key: string; label: string }>;
  rows: FixtureRow[];
  total: { label?: string; values: Record<string, number | null> } | null;
  duplicate_total_lines?: Array<{ line: number }>;
}

function fixtures(id: ReferenceId): Fixture[] {
  return readdirSync(FIXTURES)
    .filter((f) => f.startsWith(`${id}-`) && f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(path.join(FIXTURES, f), 'utf8')) as Fixture);
}

const code = (c: string | null | undefined): string => (c ?? '').replace(/\s+/g, '');

function mapValues(values: Record<string, number | null>): Values {
  const out: Values = {};
  for (const [k, v] of Object.entries(values)) out[KEYS[k] ?? k] = v;
  return out;
}

function financialTable(f: Fixture, refs?: Map<string, string>): Table {
  const meta = TABLES[f.table_id];
  if (!meta) throw new Error(`no mapping for fixture table ${f.table_id}`);
  const rows: Row[] = [];
  const ids: string[] = [];
  for (const r of f.rows) {
    if (r.kind === 'memo') continue; // "varav …": not part of the sum; the model has no memo rows
    const c = code(r.code) || meta.codes?.[r.id] || '';
    const group = code(r.group) || undefined;
    if (r.kind === 'subtotal') {
      const g = group ?? c;
      const parent = f.rows.find((x) => x.kind !== 'subtotal' && code(x.group) === g && typeof x.parent_name === 'string');
      rows.push({ code: g, name: (parent?.parent_name as string | undefined) ?? r.name ?? `Summa ${g}`, kind: 'subtotal', group: g, values: mapValues(r.values) });
    } else {
      rows.push({ code: c, name: r.name ?? c, ...(group ? { group } : {}), values: mapValues(r.values) });
    }
    ids.push(r.id);
  }
  const title = (f.subsection ?? '').replace(/\s*\(.*$/, '').trim() || f.caption.replace(/[:(].*$/, '').trim();
  const table: Table = {
    id: f.table_id,
    kind: meta.kind,
    scope: meta.scope,
    title,
    columns: f.columns.map((c) => ({ key: KEYS[c.key] ?? c.key, label: c.label })),
    rows,
    total: { label: f.total?.label ?? '', values: f.total ? mapValues(f.total.values) : {} },
  };
  if (refs) {
    refs.set(`${f.table_id}|total`, 'total');
    rows.forEach((row, i) => {
      const ref = rowRef(row, table);
      refs.set(`${f.table_id}|${ids[i]}`, ref);
      if (row.code && row.kind !== 'subtotal') refs.set(`${f.table_id}|${row.code}`, ref);
    });
  }
  return table;
}

// ---------------------------------------------------------------------------------------------
// Grids

const ROLES_004_05: Record<string, { role: string; same_as?: string }> = {
  L2108: { role: 'result' },
  L2109: { role: 'result_excl' },
  L2110: { role: 'opening' },
  L2111: { role: 'drawdown' },
  L2112: { role: 'deficit' },
  L2113: { role: 'surplus' },
  L2114: { role: 'closing' },
  L2116: { role: 'result_excl' },
  L2117: { role: 'result' },
  L2118: { role: 'result_total', same_as: '004-04|total|variance' },
};

function gridOf(f: Fixture): Grid | null {
  switch (f.table_id) {
    case '003-02':
      return {
        id: f.table_id,
        title: 'Åtgärder för en ekonomi i balans',
        columns: [
          { key: 'atgard', label: 'Åtgärder för en ekonomi i balans', kind: 'text' },
          { key: 'belopp_tkr', label: 'Belopp, tkr', kind: 'number' },
        ],
        rows: f.rows.map((r) => ({ cells: { atgard: r.name ?? '', belopp_tkr: r.values.amount ?? null } })),
      };
    case '004-05':
      return {
        id: f.table_id,
        title: 'Avstämning intraprenader',
        columns: [
          { key: 'post', label: 'Belopp i tkr', kind: 'text' },
          { key: 'belopp_tkr', label: 'tkr', kind: 'number' },
        ],
        rows: f.rows.map((r) => ({ cells: { post: r.name ?? '', belopp_tkr: r.values.amount ?? null, ...(ROLES_004_05[r.id] ?? {}) } })),
      };
    case '004-09':
      return {
        id: f.table_id,
        title: 'Nettokostnadsavvikelse, mnkr',
        columns: [
          { key: 'verksamhet', label: 'Nettokostnadsavvikelse, mnkr', kind: 'text' },
          { key: 'avvikelse_2020_mnkr', label: '2020', kind: 'number' },
          { key: 'avvikelse_2021_mnkr', label: '2021', kind: 'number' },
        ],
        rows: f.rows.map((r) => ({ cells: { verksamhet: r.name ?? '', avvikelse_2020_mnkr: r.values.utfall_2020 ?? null, avvikelse_2021_mnkr: r.values.utfall_2021 ?? null } })),
      };
    case '004-10':
      return {
        id: f.table_id,
        title: 'Riktade statsbidrag',
        columns: [
          { key: 'nr', label: '', kind: 'text' },
          { key: 'benamning', label: 'Benämning', kind: 'text' },
          { key: 'belopp_mnkr', label: 'Belopp, mnkr', kind: 'number', decimals: 1 },
          { key: 'aterrapportering', label: 'Återrapportering', kind: 'text' },
          { key: 'aterbetalning', label: 'Återbetalning', kind: 'text' },
          { key: 'kommande_ar', label: 'Kommande år', kind: 'text' },
        ],
        rows: f.rows.map((r) => ({
          cells: {
            nr: code(r.code),
            benamning: r.name ?? '',
            belopp_mnkr: r.values.amount ?? null,
            aterrapportering: String(r.aterrapportering ?? ''),
            aterbetalning: String(r.aterbetalning ?? ''),
            kommande_ar: String(r.kommande_ar ?? ''),
          },
        })),
      };
    case '004-17':
      return fiveYears(f);
    default:
      return null;
  }
}

/** Five years in summary: group headings, and the K/M/total metadata of the conventions. */
function fiveYears(f: Fixture): Grid {
  const years = f.columns.filter((c) => c.key !== 'group' && c.key !== 'name');
  const rows: GridRow[] = [];
  let group = '';
  for (const r of f.rows) {
    const g = String(r.group ?? '');
    if (g !== group) {
      rows.push({ kind: 'heading', cells: { name: g } });
      group = g;
    }
    const cells: GridRow['cells'] = { name: r.name ?? '' };
    for (const y of years) {
      const c = r.cells?.[y.key];
      cells[y.key] = c ? (c.value ?? (c.display && c.display !== '-' ? c.display : null)) : null;
    }
    const name = (r.name ?? '').trim();
    if (g === 'Befolkning' && /totalt$/i.test(name)) Object.assign(cells, { series: 'befolkning', breakdown: 'T', aggregate: 'sum' });
    if (g === 'Befolkning' && name === 'Kvinnor') Object.assign(cells, { series: 'befolkning', breakdown: 'K', aggregate: 'sum' });
    if (g === 'Befolkning' && name === 'Män') Object.assign(cells, { series: 'befolkning', breakdown: 'M', aggregate: 'sum' });
    if (r.refers_to && /^Andel kvinnor/i.test(name)) Object.assign(cells, { series: r.refers_to, breakdown: 'K', aggregate: 'share' });
    if (r.refers_to && /^Andel män/i.test(name)) Object.assign(cells, { series: r.refers_to, breakdown: 'M', aggregate: 'share' });
    rows.push({ cells });
  }
  return {
    id: f.table_id,
    title: 'Fem år i sammandrag',
    columns: [{ key: 'name', label: 'Fem år i sammandrag', kind: 'text' }, ...years.map((y) => ({ key: y.key, label: y.label, kind: 'number' as const }))],
    rows,
  };
}

// ---------------------------------------------------------------------------------------------
// Sections

const HEADING_RE = /^\s*(\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+(\p{Lu}.*)$/u;

const APPENDIX_RE = /^\s*(Bilaga (\d+))[:.]?\s+(\p{Lu}.*)$/u;

function headingOf(line: string): { number: string | null; id: string; title: string } | null {
  if (line.includes('\t') || line.trim().length > 110) return null;
  const a = APPENDIX_RE.exec(line);
  if (a) return { number: null, id: `bilaga-${a[2]}`, title: `${a[1]}: ${a[3]!.trim()}` };
  const m = HEADING_RE.exec(line);
  if (!m) return null;
  const title = m[2]!.replace(/\*+/g, ' ').replace(/\.{2,}.*$/, '').replace(/\s+/g, ' ').trim().replace(/\.$/, '');
  return { number: m[1]!, id: m[1]!, title };
}

/** Joins the lines of a paragraph; a word split with a hyphen at a line end is joined again. */
function joinLines(lines: string[]): string {
  let out = '';
  for (const raw of lines) {
    const l = raw.trim();
    if (!l) continue;
    if (out === '') out = l;
    else if (/\p{L}-$/u.test(out) && /^\p{Ll}/u.test(l)) out = out.slice(0, -1) + l;
    else out = `${out} ${l}`;
  }
  return out;
}

function buildSections(text: string, info: ReportInfo, excluded: Set<number>, blocksAt: Map<number, Block[]>): Section[] {
  const lines = text.split(/\r?\n/);
  const sections: Section[] = [];
  const ids = new Set<string>();
  let current: Section | null = null;
  let para: string[] = [];
  let list: string[] | null = null;
  let item: string[] | null = null;
  const flushItem = (): void => {
    if (item && list) list.push(joinLines(item));
    item = null;
  };
  const flush = (): void => {
    flushItem();
    if (current && list && list.length > 0) current.blocks.push({ type: 'list', items: list.filter((i) => i !== '') });
    list = null;
    const t = joinLines(para);
    if (current && t) current.blocks.push({ type: 'paragraph', text: t });
    para = [];
  };
  const notHeadings = new Set(info.notHeadings);
  for (let n = 1; n <= lines.length; n++) {
    const line = lines[n - 1]!;
    const blocks = blocksAt.get(n);
    if (blocks) {
      flush();
      current?.blocks.push(...blocks);
    }
    if (excluded.has(n)) {
      flush();
      continue;
    }
    const h = notHeadings.has(n) ? null : headingOf(line);
    if (h) {
      flush();
      let id = h.id;
      for (let k = 2; ids.has(id); k++) id = `${h.id}-${k}`;
      ids.add(id);
      const depth = h.number ? h.number.split('.').length : 1;
      current = { id, number: h.number, title: h.title, level: Math.min(depth, 3) as 1 | 2 | 3, blocks: [] };
      sections.push(current);
      continue;
    }
    const t = line.trim();
    if (t === '') {
      if (item) flushItem();
      else if (!list) flush();
      continue;
    }
    if (/^[•●▪]/.test(t)) {
      if (para.length > 0) {
        const p = joinLines(para);
        if (current && p) current.blocks.push({ type: 'paragraph', text: p });
        para = [];
      }
      flushItem();
      list ??= [];
      item = [t.replace(/^[•●▪]\s*/, '')];
      continue;
    }
    if (item) {
      item.push(t);
      continue;
    }
    if (list) flush();
    para.push(t);
  }
  flush();
  return sections;
}

// ---------------------------------------------------------------------------------------------

/** The reference report `id` as a report model. */
export function loadReference(id: ReferenceId): ReportModel {
  const info = INFO[id];
  const file = readdirSync(REPORTS).find((f) => f.startsWith(`${id}_`) && f.endsWith('.txt'));
  if (!file) throw new Error(`reference report ${id} not found in ${REPORTS}`);
  const text = readFileSync(path.join(REPORTS, file), 'utf8');
  const tables: Table[] = [];
  const excluded = new Set<number>();
  const blocksAt = new Map<number, Block[]>();
  const place = (line: number, block: Block): void => {
    blocksAt.set(line, [...(blocksAt.get(line) ?? []), block]);
  };
  for (const f of fixtures(id)) {
    const [from, to] = f.source_lines;
    const grid = gridOf(f);
    if (grid) {
      place(from, { type: 'grid', grid });
    } else if (f.kind === 'financial') {
      tables.push(financialTable(f));
      place(from, { type: 'table', tableId: f.table_id });
    } else {
      continue; // other non-financial tables stay in the text
    }
    for (let n = from; n <= to; n++) excluded.add(n);
    for (const d of f.duplicate_total_lines ?? []) excluded.add(d.line);
  }
  return {
    report: {
      organisation: 'orebro',
      organisationName: 'Örebro kommun',
      scope: info.scope,
      title: info.title,
      year: info.year,
      period: info.period,
      prevPeriod: info.prevPeriod,
      round: info.round,
      sign: info.sign,
      unit: 'tkr',
      periodText: '',
    },
    tables,
    sections: buildSections(text, info, excluded, blocksAt),
  };
}

/** The ids of the sections whose text contains `snippet` (whitespace-insensitive), in order. */
export function sectionsContaining(model: ReportModel, snippet: string): string[] {
  const want = snippet.replace(/\s+/g, ' ');
  return model.sections
    .filter((s) =>
      s.blocks.some((b) => {
        const texts = b.type === 'paragraph' ? [b.text] : b.type === 'list' ? b.items : [];
        return texts.some((t) => t.replace(/\s+/g, ' ').includes(want));
      }),
    )
    .map((s) => s.id);
}

/** The id of the one section whose text contains `snippet`. */
export function sectionContaining(model: ReportModel, snippet: string): string {
  const ids = sectionsContaining(model, snippet);
  if (ids.length !== 1) throw new Error(`${ids.length} sections contain "${snippet}"`);
  return ids[0]!;
}

// ---------------------------------------------------------------------------------------------
// The fixtures' own verdicts, located as checkReport locates its findings

export interface FixtureVerdict {
  tableId: string;
  /** Row reference as in finding locations (`total`, `Summa <code>`, a code or a name). */
  row: string;
  /** Our column key. */
  column: string;
  status: string;
  type: string;
}

const MODELLED_AS_GRIDS = new Set(['003-02', '004-05', '004-09', '004-10', '004-17']);

function rowRefs(id: ReferenceId): Map<string, string> {
  const refs = new Map<string, string>();
  for (const f of fixtures(id)) if (f.kind === 'financial' && !MODELLED_AS_GRIDS.has(f.table_id)) financialTable(f, refs);
  return refs;
}

/** Every check the fixtures record in the financial tables of report `id` (README §1: exact, rounding, fail …). */
export function fixtureVerdicts(id: ReferenceId): FixtureVerdict[] {
  const refs = rowRefs(id);
  const out: FixtureVerdict[] = [];
  for (const f of fixtures(id)) {
    if (f.kind !== 'financial' || MODELLED_AS_GRIDS.has(f.table_id)) continue;
    for (const c of ((f as unknown as { checks?: Array<Record<string, unknown>> }).checks ?? [])) {
      const row = refs.get(`${f.table_id}|${String(c.row)}`);
      const column = KEYS[String(c.column)] ?? String(c.column);
      if (row === undefined) continue;
      out.push({ tableId: f.table_id, row, column, status: String(c.status), type: String(c.type) });
    }
  }
  return out;
}

export interface CrossVerdict {
  id: string;
  status: string;
  sides: Array<{ tableId: string; row: string; column: string }>;
}

/** The cross-table checks of report `id` whose two sides are single cells of financial tables. */
export function crossVerdicts(id: ReferenceId): CrossVerdict[] {
  const refs = rowRefs(id);
  const data = JSON.parse(readFileSync(path.join(FIXTURES, 'cross-checks.json'), 'utf8')) as { checks: Array<{ id: string; status: string; left: string; right: string }> };
  const term = /^(\d{3}-\d{2})\[([^\]]+)\]\.(\w+)$/;
  const out: CrossVerdict[] = [];
  for (const c of data.checks) {
    const sides = [c.left, c.right].map((t) => term.exec(t.trim()));
    if (sides.some((m) => !m)) continue;
    const cells = sides.map((m) => ({ tableId: m![1]!, row: refs.get(`${m![1]}|${m![2]}`), column: KEYS[m![3]!] ?? m![3]! }));
    if (cells.some((x) => !x.tableId.startsWith(`${id}-`) || x.row === undefined || MODELLED_AS_GRIDS.has(x.tableId))) continue;
    out.push({ id: c.id, status: c.status, sides: cells.map((x) => ({ tableId: x.tableId, row: x.row!, column: x.column })) });
  }
  return out;
}
