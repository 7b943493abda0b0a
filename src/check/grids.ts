/**
 * Checks on non-financial grids, by the conventions documented in index.ts: K/M/total
 * breakdowns, intrapreneurship roll-forwards, and grid cells that repeat a financial figure.
 */
import type { Grid, GridColumn, GridRow, Table } from '../report/index.ts';
import { entityOf, rowsWithTotal, sumTolerance, type Occurrence } from './tables.ts';
import { sv, type Finding } from './util.ts';

const EPS = 1e-9;

export const ROLLFORWARD_ROLES = ['opening', 'drawdown', 'deficit', 'surplus', 'closing', 'result', 'result_excl', 'result_total'] as const;
export type RollforwardRole = (typeof ROLLFORWARD_ROLES)[number];

const ROLE_TEXT: Record<RollforwardRole, string> = {
  opening: 'ingående ackumulerat resultat',
  drawdown: 'ianspråktagande',
  deficit: 'nya underskott',
  surplus: 'nya överskott',
  closing: 'utgående ackumulerat resultat',
  result: 'årets resultat (avvikelse) för intraprenaderna',
  result_excl: 'avvikelse exklusive intraprenader',
  result_total: 'avvikelse inklusive intraprenader',
};

function columnSet(grid: Grid): Set<string> {
  return new Set(grid.columns.map((c) => c.key));
}

/** Metadata cell (a key that is not a column) as text. */
function meta(grid: Grid, row: GridRow, key: string): string | undefined {
  if (columnSet(grid).has(key)) return undefined;
  const v = row.cells[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

export function numberColumns(grid: Grid): GridColumn[] {
  return grid.columns.filter((c) => c.kind === 'number');
}

/** Amount unit of a grid column: tkr or mnkr by key suffix or label; null for other numbers. */
export function amountUnit(col: GridColumn): 'tkr' | 'mnkr' | null {
  if (col.kind !== 'number') return null;
  const k = col.key.toLowerCase();
  const l = col.label.toLowerCase();
  if (k.endsWith('_mnkr') || /\bmnkr\b/.test(l)) return 'mnkr';
  if (k.endsWith('_tkr') || /\btkr\b/.test(l)) return 'tkr';
  return null;
}

/** A row as locations name it: the first text column's value, else its position. */
export function gridRowRef(grid: Grid, row: GridRow): string {
  for (const c of grid.columns) {
    if (c.kind === 'number') continue;
    const v = row.cells[c.key];
    if (typeof v === 'string' && v.trim() !== '') return v.trim();
  }
  return `rad ${grid.rows.indexOf(row) + 1}`;
}

function num(row: GridRow, key: string): number | null {
  const v = row.cells[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

export function checkGrid(grid: Grid): Finding[] {
  return [...checkBreakdowns(grid), ...checkRollforward(grid)];
}

function checkBreakdowns(grid: Grid): Finding[] {
  const findings: Finding[] = [];
  const series = new Map<string, { aggregate: string; parts: Partial<Record<'T' | 'K' | 'M', GridRow>> }>();
  for (const row of grid.rows) {
    if (row.kind === 'heading') continue;
    const s = meta(grid, row, 'series');
    const b = meta(grid, row, 'breakdown');
    const a = meta(grid, row, 'aggregate');
    if (!s || !b || !a || (b !== 'T' && b !== 'K' && b !== 'M')) continue;
    const key = `${a}\u0000${s}`;
    const e = series.get(key) ?? { aggregate: a, parts: {} };
    e.parts[b] = row;
    series.set(key, e);
  }
  for (const [key, { aggregate, parts }] of series) {
    const name = key.split('\u0000')[1]!;
    for (const col of numberColumns(grid)) {
      const unit = 10 ** -(col.decimals ?? 0);
      const k = parts.K ? num(parts.K, col.key) : null;
      const m = parts.M ? num(parts.M, col.key) : null;
      if (k === null || m === null) continue;
      if (aggregate === 'sum' && parts.T) {
        const t = num(parts.T, col.key);
        if (t === null) continue;
        const diff = t - (k + m);
        if (Math.abs(diff) > unit * sumTolerance(2) + EPS) {
          findings.push({
            code: 'grid-breakdown',
            severity: 'error',
            message: `${grid.title}: "${gridRowRef(grid, parts.T)}" (${col.label}) är ${sv(t)} men kvinnor + män = ${sv(k)} + ${sv(m)} = ${sv(k + m)} (differens ${sv(diff)}).`,
            location: { tableId: grid.id, row: gridRowRef(grid, parts.T), column: col.key },
          });
        }
      } else if (aggregate === 'share') {
        const diff = k + m - 100;
        if (Math.abs(diff) > unit * sumTolerance(2) + EPS) {
          findings.push({
            code: 'grid-breakdown',
            severity: 'error',
            message: `${grid.title}: andelarna kvinnor och män för "${name}" (${col.label}) summerar till ${sv(k + m)} %, inte 100 %.`,
            location: { tableId: grid.id, row: gridRowRef(grid, parts.K!), column: col.key },
          });
        }
      }
    }
  }
  return findings;
}

function checkRollforward(grid: Grid): Finding[] {
  const byRole = new Map<RollforwardRole, GridRow[]>();
  for (const row of grid.rows) {
    if (row.kind === 'heading') continue;
    const r = meta(grid, row, 'role');
    if (!r || !(ROLLFORWARD_ROLES as readonly string[]).includes(r)) continue;
    const list = byRole.get(r as RollforwardRole) ?? [];
    list.push(row);
    byRole.set(r as RollforwardRole, list);
  }
  if (byRole.size === 0) return [];
  const findings: Finding[] = [];
  for (const col of numberColumns(grid)) {
    const unit = 10 ** -(col.decimals ?? 0);
    const at = (row: GridRow): Finding['location'] => ({ tableId: grid.id, row: gridRowRef(grid, row), column: col.key });
    // The same role printed twice must carry the same number.
    const value = (role: RollforwardRole): number | null => {
      const rows = byRole.get(role) ?? [];
      const first = rows.map((r) => num(r, col.key)).find((v) => v !== null) ?? null;
      return first;
    };
    for (const [role, rows] of byRole) {
      const v0 = value(role);
      for (const r of rows) {
        const v = num(r, col.key);
        if (v === null || v0 === null || Math.abs(v - v0) <= EPS) continue;
        findings.push({
          code: 'grid-rollforward',
          severity: 'error',
          message: `${grid.title}: "${gridRowRef(grid, r)}" visar ${sv(v)} men samma uppgift (${ROLE_TEXT[role]}) står som ${sv(v0)} på en annan rad.`,
          location: at(r),
        });
      }
    }
    const opening = value('opening');
    const closing = value('closing');
    const movements = (['drawdown', 'deficit', 'surplus'] as const).map((r) => value(r)).filter((v): v is number => v !== null);
    if (opening !== null && closing !== null && movements.length > 0) {
      const expected = opening + movements.reduce((s, v) => s + v, 0);
      const tol = unit * sumTolerance(movements.length + 1);
      if (Math.abs(closing - expected) > tol + EPS) {
        findings.push({
          code: 'grid-rollforward',
          severity: 'error',
          message:
            `${grid.title}: utgående ackumulerat resultat ${sv(closing)} stämmer inte med ingående ${sv(opening)} + ianspråktagande ` +
            `och årets nya över- och underskott = ${sv(expected)} (differens ${sv(closing - expected)}).`,
          location: at(byRole.get('closing')![0]!),
        });
      }
    }
    const result = value('result');
    if (opening !== null && closing !== null && result !== null) {
      const change = closing - opening;
      if (Math.abs(result - change) > unit * sumTolerance(2) + EPS) {
        const row = byRole.get('result')!.find((r) => num(r, col.key) !== null)!;
        findings.push({
          code: 'grid-rollforward',
          severity: 'error',
          message:
            `${grid.title}: "${gridRowRef(grid, row)}" är ${sv(result)} men utgående − ingående ackumulerat resultat = ` +
            `${sv(closing)} − ${sv(opening)} = ${sv(change)} (differens ${sv(result - change)}).`,
          location: at(row),
        });
      }
    }
    const excl = value('result_excl');
    const total = value('result_total');
    if (excl !== null && result !== null && total !== null && Math.abs(total - (excl + result)) > unit * sumTolerance(2) + EPS) {
      findings.push({
        code: 'grid-rollforward',
        severity: 'error',
        message: `${grid.title}: avvikelsen inklusive intraprenader ${sv(total)} är inte avvikelsen exklusive intraprenader ${sv(excl)} + intraprenadernas ${sv(result)} = ${sv(excl + result)}.`,
        location: at(byRole.get('result_total')![0]!),
      });
    }
  }
  return findings;
}

/**
 * Grid rows that repeat a financial figure (`cells.same_as = '<tableId>|<row>|<column>'`) become
 * occurrences of that figure's identity, so check 3 compares them. Unresolvable references are
 * reported.
 */
export function gridOccurrences(grid: Grid, tables: readonly Table[], aliases: Readonly<Record<string, string>>): { occurrences: Occurrence[]; findings: Finding[] } {
  const occurrences: Occurrence[] = [];
  const findings: Finding[] = [];
  const col = numberColumns(grid).find((c) => amountUnit(c) === 'tkr') ?? numberColumns(grid).find((c) => amountUnit(c) === null);
  for (const row of grid.rows) {
    if (row.kind === 'heading') continue;
    const ref = meta(grid, row, 'same_as');
    if (!ref || !col) continue;
    const [tableId, rowName, column] = ref.split('|');
    const table = tables.find((t) => t.id === tableId);
    const target = table && rowsWithTotal(table).find((r) => r.ref === rowName);
    if (!table || !target || !column || !table.columns.some((c) => c.key === column)) {
      findings.push({
        code: 'grid-reference',
        severity: 'warning',
        message: `${grid.title}: "${gridRowRef(grid, row)}" hänvisar till ${ref}, som inte finns i rapportens tabeller.`,
        location: { tableId: grid.id, row: gridRowRef(grid, row) },
      });
      continue;
    }
    const v = num(row, col.key);
    if (v === null) continue;
    occurrences.push({
      entity: entityOf(table, target.row, aliases),
      column,
      value: v,
      tableId: grid.id,
      row: gridRowRef(grid, row),
      weight: 0,
      label: `tabell ${grid.id}, raden "${gridRowRef(grid, row)}"`,
    });
  }
  return { occurrences, findings };
}
