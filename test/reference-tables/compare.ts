/**
 * Test support: comparing the demo's reports with the 66 reference tables
 * (../shared/fixtures/reference-tables) cell by cell, headings included. Each reference report
 * has a module `test/reference-tables/r<id>.ts` exporting a `ReferenceComparison`; `index.test.ts`
 * runs them all on the demo and requires every fixture file to be compared by exactly one of them.
 *
 * A difference is a (row, column, printed, ours) tuple. The only differences allowed are the
 * sources' own documented errors (fixtures README, §6 and the tables' `checks`), each listed in
 * `allowed` with its reason; an allowed difference that no longer occurs fails too, so the list
 * stays true.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Block, Grid, ReportModel, Row, Table } from '../../src/report/index.ts';
import type { ReferenceId } from '../../src/demo/reports/types.ts';

export const FIXTURE_DIR = path.resolve(import.meta.dirname, '..', '..', '..', 'shared', 'fixtures', 'reference-tables');
export const haveFixtures = existsSync(FIXTURE_DIR);

/** Every table file of the fixtures (66), sorted; empty when ../shared is absent. */
export const fixtureFiles = (): string[] =>
  haveFixtures ? readdirSync(FIXTURE_DIR).filter((f) => /^\d{3}-\d{2}-.*\.json$/.test(f)).sort() : [];

export function loadFixture<T = FinancialFixture>(file: string): T {
  return JSON.parse(readFileSync(path.join(FIXTURE_DIR, file), 'utf8')) as T;
}

/** A cell (or a heading: column `heading:<key>`, or a whole row/table: column `*`) that differs. */
export interface Difference {
  row: string;
  column: string;
  printed: unknown;
  ours: unknown;
}

export interface Allowed extends Difference {
  /** The fixture file, e.g. `000-01-nettoredovisning.json`. */
  fixture: string;
  /** Why the source is wrong, with the README section or check it is documented in. */
  reason: string;
}

export interface TableComparison {
  fixture: string;
  /** The differences between the fixture and what the demo's report of this reference prints. */
  differences(model: ReportModel): Difference[];
}

export interface ReferenceComparison {
  reference: ReferenceId;
  tables: TableComparison[];
  allowed: Allowed[];
}

export interface FinancialFixture {
  table_id: string;
  kind: string;
  columns: Array<{ key: string; label: string; kind?: string }>;
  rows: Array<{ id?: string; code?: string | null; name: string; kind?: string; group?: string; values: Record<string, number | null> }>;
  total?: { label?: string; values: Record<string, number | null> } | null;
}

export const tableById = (model: ReportModel, id: string): Table | undefined => model.tables.find((t) => t.id === id);

/** Every block of the report, in order, with its section. */
export function* blocks(model: ReportModel): Generator<{ section: ReportModel['sections'][number]; block: Block }> {
  for (const section of model.sections) for (const block of section.blocks) yield { section, block };
}

export function gridById(model: ReportModel, id: string): Grid | undefined {
  for (const { block } of blocks(model)) if (block.type === 'grid' && block.grid.id === id) return block.grid;
  return undefined;
}

export interface FinancialOptions {
  /** Fixture column key → our column key. Every fixture column must be mapped (or listed in `skip`). */
  keys: Record<string, string>;
  /** Fixture columns the table does not print (a reason belongs in the comparison module). */
  skip?: string[];
  /** Our row for a fixture row; default: same code, else same name (subtotals by name). */
  row?: (table: Table, r: FinancialFixture['rows'][number], index: number) => Row | undefined;
  /** Compare the column headings (fixture `label` vs our `label`); default true. */
  headings?: boolean;
  /** The label a difference names for a fixture row (default its code, else its name). */
  label?: (r: FinancialFixture['rows'][number]) => string;
}

const defaultRow = (table: Table, r: FinancialFixture['rows'][number]): Row | undefined =>
  [...table.rows, ...(table.afterTotal ?? [])].find((o) => (r.code && r.kind !== 'subtotal' ? o.code === r.code && !o.kind : o.name === r.name));

/**
 * Differences between a financial fixture table and one of our tables: headings, rows, cells,
 * total, the rows' order (subtotals in place) and rows of ours the source does not print.
 */
export function financialDifferences(table: Table | undefined, fx: FinancialFixture, o: FinancialOptions): Difference[] {
  if (!table) return [{ row: '*', column: '*', printed: fx.table_id, ours: null }];
  const out: Difference[] = [];
  const label = o.label ?? ((r) => (r.code && r.kind !== 'subtotal' ? r.code : r.name));
  const columns = fx.columns.filter((c) => !(o.skip ?? []).includes(c.key));
  for (const c of columns) {
    const ours = table.columns.find((x) => x.key === o.keys[c.key]);
    if (!ours) out.push({ row: '*', column: `heading:${c.key}`, printed: c.label, ours: null });
    else if ((o.headings ?? true) && ours.label !== c.label) out.push({ row: '*', column: `heading:${c.key}`, printed: c.label, ours: ours.label });
  }
  const matched: Row[] = [];
  fx.rows.forEach((r, i) => {
    const ours = (o.row ?? defaultRow)(table, r, i);
    if (ours) matched.push(ours);
    if (!ours) {
      out.push({ row: label(r), column: '*', printed: r.name, ours: null });
      return;
    }
    for (const c of columns) {
      const printed = r.values[c.key] ?? null;
      const value = ours.values[o.keys[c.key]!] ?? null;
      if (printed !== value) out.push({ row: label(r), column: c.key, printed, ours: value });
    }
  });
  out.push(...orderDifferences(table, matched));
  if (fx.total) {
    for (const c of columns) {
      const printed = fx.total.values[c.key] ?? null;
      const value = table.total.values[o.keys[c.key]!] ?? null;
      if (printed !== value) out.push({ row: 'total', column: c.key, printed, ours: value });
    }
  }
  return out;
}

const rowLabel = (r: Row): string => (r.kind === 'subtotal' ? `Summa ${r.name}` : r.code && r.code !== r.name ? `${r.code} ${r.name}` : r.name);

/**
 * The rows as printed: the fixture's rows in the source's order, subtotals in place, and no row of
 * ours that the source does not print (a difference `order` or `extra` otherwise).
 */
function orderDifferences(table: Table, matched: Row[]): Difference[] {
  const printedRows = [...table.rows, ...(table.afterTotal ?? [])];
  const ours = printedRows.filter((r) => matched.includes(r));
  const out: Difference[] = [];
  if (ours.some((r, i) => r !== matched[i])) out.push({ row: '*', column: 'order', printed: matched.map(rowLabel), ours: ours.map(rowLabel) });
  const extra = printedRows.filter((r) => !matched.includes(r)).map(rowLabel);
  if (extra.length) out.push({ row: '*', column: 'extra', printed: [], ours: extra });
  return out;
}

const same = (a: Difference, b: Difference): boolean =>
  a.row === b.row && a.column === b.column && JSON.stringify(a.printed) === JSON.stringify(b.printed) && JSON.stringify(a.ours) === JSON.stringify(b.ours);

/** The differences not allowed, and the allowed ones that did not occur (both must be empty). */
export function unexplained(c: ReferenceComparison, model: ReportModel): { file: string; unexplained: Difference[]; stale: Allowed[] }[] {
  return c.tables.map((t) => {
    const found = t.differences(model);
    const allowed = c.allowed.filter((a) => a.fixture === t.fixture);
    return {
      file: t.fixture,
      unexplained: found.filter((d) => !allowed.some((a) => same(a, d))),
      stale: allowed.filter((a) => !found.some((d) => same(a, d))),
    };
  });
}

export interface GridFixture {
  columns: Array<{ key: string; label: string }>;
  rows: Array<{ code?: string | null; name: string; values: Record<string, number | null>; [text: string]: unknown }>;
  text_columns?: Record<string, string>;
}

/**
 * A typed grid against its fixture: the value columns' headings (in order, after the grid's
 * name columns), every row by its name, every number and every text column.
 * `nameColumns`: how many leading grid columns name the row (004-10: number and name).
 */
export function gridDifferences(model: ReportModel, id: string, fixture: string, nameColumns: number, textLabels: Record<string, string> = {}): Difference[] {
  const grid = gridById(model, id);
  const fx = loadFixture<GridFixture>(fixture);
  if (!grid) return [{ row: '*', column: '*', printed: fixture, ours: null }];
  const out: Difference[] = [];
  const names = grid.columns.slice(0, nameColumns);
  const valueColumns = grid.columns.slice(nameColumns);
  const expected = [...fx.columns.map((c) => ({ key: c.key, label: c.label })), ...Object.entries(textLabels).map(([key, label]) => ({ key, label }))];
  expected.forEach((c, i) => {
    const ours = valueColumns[i];
    if (ours?.label !== c.label) out.push({ row: '*', column: `heading:${c.key}`, printed: c.label, ours: ours?.label ?? null });
  });
  if (valueColumns.length !== expected.length) out.push({ row: '*', column: 'columns', printed: expected.length, ours: valueColumns.length });
  const nameOf = (cells: Record<string, string | number | null>): string => String(cells[names[nameColumns - 1]!.key] ?? '');
  for (const r of fx.rows) {
    const ours = grid.rows.find((g) => nameOf(g.cells) === r.name);
    if (!ours) {
      out.push({ row: r.name, column: '*', printed: r.name, ours: null });
      continue;
    }
    if (nameColumns > 1 && String(ours.cells[names[0]!.key] ?? '') !== (r.code ?? '')) out.push({ row: r.name, column: 'code', printed: r.code, ours: ours.cells[names[0]!.key] });
    expected.forEach((c, i) => {
      const printed = c.key in r.values ? (r.values[c.key] ?? null) : (r[c.key] ?? null);
      const value = ours.cells[valueColumns[i]?.key ?? ''] ?? null;
      if (printed !== value) out.push({ row: r.name, column: c.key, printed, ours: value });
    });
  }
  if (grid.rows.length !== fx.rows.length) out.push({ row: '*', column: 'rows', printed: fx.rows.length, ours: grid.rows.length });
  return out;
}
