/**
 * Test support: the tables a report types in as grids against their reference fixtures, every
 * heading and every printed cell in order: the indicator tables (one row per series: the name
 * with its footnote marks, Tot/K/M or K/M/T, every value, '-' included, and the target) and the
 * five years in summary (a heading row per group).
 */
import { formatDecimal } from '../../src/core/format/index.ts';
import type { Grid, ReportModel } from '../../src/report/index.ts';
import { printedLabel, type IndicatorFixture } from '../../scripts/lib/indicator-fixture.ts';
import { gridById, loadFixture, type Difference } from './compare.ts';

/** The grid's rows as printed, cell by cell, against the fixture's series. */
export function indicatorDifferences(model: ReportModel, id: string, fixture: string): Difference[] {
  const grid = gridById(model, id);
  if (!grid) return [{ row: '*', column: '*', printed: fixture, ours: null }];
  const fx = loadFixture<IndicatorFixture>(fixture);
  const out: Difference[] = [];
  const headings = grid.columns.map((c) => c.label);
  const expected = fx.columns.map((c) => printedLabel(c.label));
  if (JSON.stringify(headings) !== JSON.stringify(expected)) out.push({ row: '*', column: 'headings', printed: expected, ours: headings });

  const printed = fx.rows.flatMap((r) =>
    r.series.map((s, n) => ({
      label: `${r.indicator.slice(0, 60)}${s.breakdown ? ` ${s.breakdown}` : ''}`,
      cells: fx.columns.map((c) =>
        c.key === 'indicator'
          ? n === 0
            ? `${r.indicator}${r.footnote_marks ?? ''}`
            : ''
          : c.key === 'breakdown'
            ? (s.breakdown ?? '')
            : c.key.startsWith('malvarde_')
              ? n === 0
                ? (r.target[c.key] ?? '')
                : ''
              : (s.cells[c.key]?.display ?? ''),
      ),
    })),
  );
  return printedDifferences(grid, printed, fx.columns.map((c) => c.key), out);
}

/** Every grid row as printed (a number in its column's format), against the rows expected in order. */
function printedDifferences(grid: Grid, printed: Array<{ label: string; cells: string[] }>, keys: string[], out: Difference[]): Difference[] {
  const ours = grid.rows.map((row) =>
    grid.columns.map((c) => {
      const v = row.cells[c.key] ?? null;
      return v === null ? '' : typeof v === 'number' ? formatDecimal(v, c.decimals ?? 0) : v;
    }),
  );
  if (ours.length !== printed.length) out.push({ row: '*', column: 'rows', printed: printed.length, ours: ours.length });
  printed.forEach((p, i) => {
    p.cells.forEach((cell, k) => {
      const value = ours[i]?.[k] ?? null;
      if (cell !== value) out.push({ row: p.label, column: keys[k]!, printed: cell, ours: value });
    });
  });
  return out;
}

interface FiveYearFixture {
  columns: Array<{ key: string; label: string }>;
  rows: Array<{ group: string; name: string; cells: Record<string, { display: string } | undefined> }>;
}

/**
 * 004-17 Fem år i sammandrag against its typed grid: the headings, a heading row (its name alone)
 * before each group, then the group's rows with every value as printed.
 */
export function fiveYearDifferences(model: ReportModel, id: string, fixture: string): Difference[] {
  const grid = gridById(model, id);
  if (!grid) return [{ row: '*', column: '*', printed: fixture, ours: null }];
  const fx = loadFixture<FiveYearFixture>(fixture);
  const out: Difference[] = [];
  const columns = fx.columns.filter((c) => c.key !== 'group');
  const headings = grid.columns.map((c) => c.label);
  const expected = columns.map((c) => c.label);
  if (JSON.stringify(headings) !== JSON.stringify(expected)) out.push({ row: '*', column: 'headings', printed: expected, ours: headings });
  const printed: Array<{ label: string; cells: string[] }> = [];
  fx.rows.forEach((r, n) => {
    if (n === 0 || fx.rows[n - 1]!.group !== r.group) printed.push({ label: r.group, cells: columns.map((c) => (c.key === 'name' ? r.group : '')) });
    printed.push({ label: `${r.group}: ${r.name}`, cells: columns.map((c) => (c.key === 'name' ? r.name : (r.cells[c.key]?.display ?? ''))) });
  });
  return printedDifferences(grid, printed, columns.map((c) => c.key), out);
}
