/** Charts drawn from a computed table (`{ chart: 'variance-by-row' | 'cost-development', table }`). */
import type { Table } from '../core/compute/index.ts';
import type { Chart } from './model.ts';

/** Variance per row of a table (a units table), as bars. */
export function varianceChart(t: Table): Chart {
  const rows = t.rows.filter((r) => !r.kind);
  const key = t.columns.some((c) => c.key === 'variance') ? 'variance' : 'variance_to_date';
  return {
    id: `chart-${t.id}`,
    title: `Avvikelse per enhet – ${t.title}`,
    description: `Stapeldiagram över helårsprognosens avvikelse mot budget i tkr per rad i tabellen ${t.title}. Positiva staplar är bättre än budget.`,
    kind: 'bar',
    unit: 'tkr',
    categories: rows.map((r) => (r.code && r.code !== r.name ? `${r.code} ${r.name}` : r.name)),
    series: [{ name: 'Avvikelse', values: rows.map((r) => r.values[key] ?? null) }],
  };
}

/** Last year's closing against this year's forecast (or actual) per row of a table. */
export function costChart(t: Table, year: number): Chart {
  const rows = t.rows.filter((r) => !r.kind);
  const actualKey = t.columns.some((c) => c.key === 'forecast') ? 'forecast' : 'actual';
  return {
    id: `cost-${t.id}`,
    title: `Utveckling ${year - 1}–${year} – ${t.title}`,
    description: `Stapeldiagram som jämför bokslut ${year - 1} med ${actualKey === 'forecast' ? 'helårsprognosen' : 'utfallet'} ${year} i tkr per rad i tabellen ${t.title}.`,
    kind: 'bar',
    unit: 'tkr',
    categories: rows.map((r) => (r.code && r.code !== r.name ? `${r.code} ${r.name}` : r.name)),
    series: [
      { name: `Bokslut ${year - 1}`, values: rows.map((r) => r.values.closing_prev ?? null) },
      { name: `${actualKey === 'forecast' ? 'Prognos' : 'Utfall'} ${year}`, values: rows.map((r) => r.values[actualKey] ?? null) },
    ],
  };
}
