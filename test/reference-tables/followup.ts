/**
 * Test support: the goal follow-up tables a report types in (observations, indicators) against
 * their reference fixtures: every heading, every goal area in the printed order and every text.
 */
import type { ReportModel } from '../../src/report/index.ts';
import { blocks, gridById, loadFixture, type Difference } from './compare.ts';

export interface ObservationsFixture {
  columns: Array<{ key: string; label: string }>;
  rows: Array<{ malomrade: string; positiva_iakttagelser: string[]; forbattringsomraden: string[] }>;
}

/** The fixture's column key → the observations grid's key (src/report/template.ts). */
const OBSERVATION_KEYS: Record<string, string> = { malomrade: 'area', positiva_iakttagelser: 'positive', forbattringsomraden: 'improvement' };

/** A cell of the grid as its observations: one per line, a leading bullet `• ` kept when `bullets`. */
const items = (cell: unknown): string[] => (typeof cell === 'string' && cell !== '' ? cell.split('\n') : []);

/**
 * The observations grid against its fixture: the three headings in order, the goal areas in the
 * printed order and each cell's observations, text for text, in order. `bullet` is the prefix the
 * report prints before each observation ('' when they are paragraphs).
 */
export function observationsDifferences(model: ReportModel, fixture: string, bullet: string): Difference[] {
  const grid = gridById(model, 'observations');
  if (!grid) return [{ row: '*', column: '*', printed: fixture, ours: null }];
  const fx = loadFixture<ObservationsFixture>(fixture);
  const out: Difference[] = [];
  const headings = grid.columns.map((c) => ({ key: c.key, label: c.label }));
  const expected = fx.columns.map((c) => ({ key: OBSERVATION_KEYS[c.key], label: c.label }));
  if (JSON.stringify(headings) !== JSON.stringify(expected)) out.push({ row: '*', column: 'headings', printed: expected, ours: headings });
  const areas = grid.rows.map((r) => r.cells.area);
  const printedAreas = fx.rows.map((r) => r.malomrade);
  if (JSON.stringify(areas) !== JSON.stringify(printedAreas)) out.push({ row: '*', column: 'rows', printed: printedAreas, ours: areas });
  for (const r of fx.rows) {
    const ours = grid.rows.find((g) => g.cells.area === r.malomrade);
    if (!ours) continue;
    for (const key of ['positiva_iakttagelser', 'forbattringsomraden'] as const) {
      const printed = r[key].map((t) => `${bullet}${t}`);
      const value = items(ours.cells[OBSERVATION_KEYS[key]!]);
      if (JSON.stringify(printed) !== JSON.stringify(value)) out.push({ row: r.malomrade, column: key, printed, ours: value });
    }
  }
  return out;
}

interface AreaObservationsFixture {
  columns: Array<{ key: string; label: string }>;
  rows: Array<{ malomrade: string; section: string; positiva_iakttagelser: string[]; forbattringsomraden: string[] }>;
}

/**
 * 002-14: one two-column table at the end of each goal area's chapter (grid `observations:N`):
 * its chapter is the fixture's section (number and title, naming the goal area, which the table
 * itself does not print), its two headings, and each cell's observations, bullet and text, in order.
 */
export function areaObservationsDifferences(model: ReportModel, fixture: string): Difference[] {
  const fx = loadFixture<AreaObservationsFixture>(fixture);
  const out: Difference[] = [];
  const expected = fx.columns.filter((c) => c.key !== 'malomrade').map((c) => c.label);
  fx.rows.forEach((r, n) => {
    const id = `observations:${n + 1}`;
    const found = [...blocks(model)].find(({ block }) => block.type === 'grid' && block.grid.id === id);
    const grid = gridById(model, id);
    if (!found || !grid) {
      out.push({ row: r.malomrade, column: '*', printed: r.section, ours: null });
      return;
    }
    const section = `${found.section.number ?? ''} ${found.section.title}`.trim();
    if (section !== r.section) out.push({ row: r.malomrade, column: 'section', printed: r.section, ours: section });
    const headings = grid.columns.map((c) => c.label);
    if (JSON.stringify(headings) !== JSON.stringify(expected)) out.push({ row: r.malomrade, column: 'headings', printed: expected, ours: headings });
    if (grid.rows.length !== 1) out.push({ row: r.malomrade, column: 'rows', printed: 1, ours: grid.rows.length });
    const cells = grid.rows[0]?.cells ?? {};
    (['positiva_iakttagelser', 'forbattringsomraden'] as const).forEach((key, k) => {
      const printed = r[key].map((t) => `• ${t}`);
      const value = items(cells[grid.columns[k]?.key ?? '']);
      if (JSON.stringify(printed) !== JSON.stringify(value)) out.push({ row: r.malomrade, column: key, printed, ours: value });
    });
  });
  return out;
}
