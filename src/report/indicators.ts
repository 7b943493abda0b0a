/**
 * The indicator content path of a template's `{ indicators: true }` block: the indicators as a
 * grid (last three years, target, status) and a trend chart per indicator with two years or more.
 */
import { indicatorStatus, type FollowUpContent } from '../core/domain/followup.ts';
import type { Chart, Grid, GridRow } from './model.ts';

/** The indicators with their last three years, target and status (derived unless entered). */
export function indicatorsGrid(content: FollowUpContent, year: number): Grid {
  const years = [year - 2, year - 1, year];
  const target = (t: string | null, type: string | null): string =>
    type === 'min' ? `minst ${t}` : type === 'max' ? `högst ${t}` : type === 'increase' ? 'Öka' : type === 'decrease' ? 'Minska' : type === 'level' ? 'I nivå' : '';
  const rows: GridRow[] = [];
  for (const ind of content.indicators) {
    for (const b of ['T', 'K', 'M'] as const) {
      const vals = content.indicatorValues.filter((v) => v.code === ind.code && v.breakdown === b);
      if (vals.length === 0) continue;
      const cells: Record<string, string | number | null> = {
        name: b === 'T' ? `${ind.name}${ind.unit ? ` (${ind.unit})` : ''}` : b === 'K' ? 'Kvinnor' : 'Män',
      };
      for (const y of years) {
        const v = vals.find((x) => x.year === y && x.kind === 'actual') ?? vals.find((x) => x.year === y);
        cells[`y${y}`] = v ? Number(v.value) : null;
      }
      cells.target = b === 'T' ? target(ind.targetValue, ind.targetType) : '';
      cells.status = b === 'T' ? (content.goalStatus.get(ind.code)?.status ?? indicatorStatus(ind, content.indicatorValues, year) ?? '') : '';
      rows.push({ cells });
    }
  }
  return {
    id: 'indicators',
    title: 'Indikatorer',
    columns: [
      { key: 'name', label: 'Indikator' },
      ...years.map((y) => ({ key: `y${y}`, label: String(y), kind: 'number' as const, decimals: 1 })),
      { key: 'target', label: 'Målvärde' },
      { key: 'status', label: 'Status', kind: 'status' as const },
    ],
    rows,
  };
}

/** A trend line per indicator with at least two years of values, with its target when it is a number. */
export function indicatorCharts(content: FollowUpContent): Chart[] {
  const charts: Chart[] = [];
  for (const ind of content.indicators) {
    const vals = content.indicatorValues.filter((v) => v.code === ind.code);
    const years = [...new Set(vals.map((v) => v.year))].sort((a, b) => a - b);
    if (years.length < 2) continue;
    const series = (['T', 'K', 'M'] as const)
      .filter((b) => vals.some((v) => v.breakdown === b))
      .map((b) => ({
        name: b === 'T' ? 'Totalt' : b === 'K' ? 'Kvinnor' : 'Män',
        values: years.map((y) => {
          const v = vals.find((x) => x.year === y && x.breakdown === b && x.kind === 'actual') ?? vals.find((x) => x.year === y && x.breakdown === b);
          return v ? Number(v.value) : null;
        }),
      }));
    const target = (ind.targetType === 'min' || ind.targetType === 'max') && ind.targetValue !== null ? Number(ind.targetValue) : null;
    charts.push({
      id: `indicator-${ind.code}`,
      title: `${ind.name}${ind.unit ? ` (${ind.unit})` : ''}`,
      description: `Linjediagram över ${ind.name} ${years[0]}–${years.at(-1)}${target !== null ? ` med målvärdet ${String(target).replace('.', ',')}` : ''}.`,
      kind: 'line',
      unit: ind.unit,
      categories: years.map(String),
      series,
      target,
    });
  }
  return charts;
}
