/**
 * Test support: an indicator table the report types in (a grid, one row per series) against its
 * reference fixture: every heading, every indicator in the printed order with its footnote marks,
 * every series (Tot/K/M or K/M/T) and every printed value, '-' included, and the target.
 */
import { formatDecimal } from '../../src/core/format/index.ts';
import type { ReportModel } from '../../src/report/index.ts';
import { gridById, loadFixture, type Difference } from './compare.ts';

interface IndicatorFixture {
  columns: Array<{ key: string; label: string }>;
  rows: Array<{
    indicator: string;
    footnote_marks?: string;
    target: Record<string, string>;
    series: Array<{ breakdown: string | null; cells: Record<string, { display: string }> }>;
  }>;
}

/** A column the report prints without a heading: the fixture names it in parentheses ("(K/M/T prefix of the value)"). */
const printedLabel = (label: string): string => (label.startsWith('(') ? '' : label);

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
      if (cell !== value) out.push({ row: p.label, column: fx.columns[k]!.key, printed: cell, ours: value });
    });
  });
  return out;
}
