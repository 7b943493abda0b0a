/**
 * A chart drawn from a grid the board typed (indicator values over the years, a cost series
 * 2015–2022 …): the chosen columns are the categories, the grid's rows the series. With `match`
 * only one group of rows is drawn — a row whose first cell starts with the text and the rows
 * below it with an empty first cell (an indicator's K/M/T rows) — and each series is named by
 * its other label cells (the columns left of the first one drawn). A cell that is no number (`-`, `Öka`) is a gap, never a zero.
 */
import { tryParseDecimal } from '../import/content/decimal.ts';
import type { Chart, Grid } from './model.ts';

export interface GridChartSpec {
  chart: 'grid';
  /** The grid's id. */
  grid: string;
  /** The columns drawn, in order (the categories). */
  columns: string[];
  /** Only the group of rows whose first cell starts with this text. */
  match?: string;
  kind?: 'bar' | 'line';
  /** The values' unit, e.g. "%", "tkr". */
  unit?: string;
  /** The chart's title (default: the group's first cell, else the grid's title). */
  title?: string;
}

const valueOf = (v: unknown): number | null => {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v !== 'string') return null;
  const d = tryParseDecimal(v);
  return d === null ? null : Number(d);
};

const textOf = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

/** The chart, or null when the grid lacks the columns or no row has a number in them. */
export function gridChart(spec: GridChartSpec, grid: Grid): Chart | null {
  const columns = spec.columns.map((k) => grid.columns.find((c) => c.key === k)).filter((c) => c !== undefined);
  if (columns.length === 0) return null;
  const first = grid.columns[0]?.key;
  const drawn = new Set(columns.map((c) => c.key));
  // A row is named by its label cells: the columns left of the first one drawn.
  const firstDrawn = grid.columns.findIndex((c) => drawn.has(c.key));
  const texts = grid.columns.slice(1, firstDrawn);
  let group = '';
  let groupTitle: string | null = null;
  const series: Chart['series'] = [];
  for (const r of grid.rows) {
    if (r.kind === 'heading') continue;
    const head = first ? textOf(r.cells[first]) : '';
    if (head) group = head;
    if (spec.match !== undefined && !group.startsWith(spec.match)) continue;
    if (spec.match !== undefined) groupTitle ??= group;
    const values = columns.map((c) => valueOf(r.cells[c.key]));
    if (values.every((v) => v === null)) continue;
    const others = texts.map((c) => textOf(r.cells[c.key])).filter((t) => t !== '');
    const name = spec.match !== undefined ? others.join(' ') || group : [group, ...others].filter((t) => t !== '').join(' – ');
    series.push({ name: name || `Rad ${series.length + 1}`, values });
  }
  if (series.length === 0) return null;
  const title = spec.title ?? groupTitle ?? grid.title;
  const categories = columns.map((c) => c.label);
  const kind = spec.kind ?? 'line';
  return {
    id: `chart-${grid.id}${spec.match !== undefined ? `-${spec.match.toLowerCase().slice(0, 40).replace(/[^\p{L}\p{N}]+/gu, '-')}` : ''}`,
    title,
    description: `${kind === 'line' ? 'Linjediagram' : 'Stapeldiagram'} över ${title}: ${series.map((s) => s.name).join(', ')}, ${categories[0]}${categories.length > 1 ? ` till ${categories.at(-1)}` : ''}${spec.unit ? ` (${spec.unit})` : ''}.`,
    kind,
    unit: spec.unit ?? '',
    categories,
    series,
  };
}
