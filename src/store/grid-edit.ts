/**
 * Editing a round's free tables (grids) in the application, as narratives are edited
 * (`content-edit.ts`): a grid has a version, a save names the version it was based on and a
 * stale one gets the current grid back instead of overwriting it. A save replaces the rows (so
 * rows can be added and removed); the columns and the title stay as imported.
 */
import type { SqlClient } from './adapters/types.ts';
import type { ContentKey, EditResult, Versioned } from './content-edit.ts';
import { isoOrNull } from './users.ts';

export interface GridColumnEntry {
  key: string;
  label: string;
  kind: 'text' | 'number';
  decimals?: number;
}

/** A cell as stored: a number when exact, else the text as typed; null = empty. */
export type GridCellValue = string | number | null;

export interface GridRowEntry {
  cells: Record<string, GridCellValue>;
}

export interface GridEntry extends Versioned {
  id: string;
  title: string;
  columns: GridColumnEntry[];
  rows: GridRowEntry[];
}

const SELECT = 'SELECT id, title, columns, rows, version, updated_by, updated_at FROM grid WHERE org_id = $1 AND board = $2 AND year = $3 AND round = $4';
const json = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));

const toEntry = (r: Record<string, unknown>): GridEntry => ({
  id: String(r.id),
  title: String(r.title),
  columns: json<GridColumnEntry[]>(r.columns),
  rows: json<GridRowEntry[]>(r.rows),
  version: Number(r.version),
  updatedBy: r.updated_by === null || r.updated_by === undefined ? null : String(r.updated_by),
  updatedAt: isoOrNull(r.updated_at),
});

export async function loadGrids(db: SqlClient, k: ContentKey): Promise<GridEntry[]> {
  const rows = await db.query<Record<string, unknown>>(`${SELECT} ORDER BY id`, [k.orgId, k.board, k.year, k.round]);
  return rows.map(toEntry);
}

export async function loadGrid(db: SqlClient, k: ContentKey, id: string, lock = false): Promise<GridEntry | null> {
  const [r] = await db.query<Record<string, unknown>>(`${SELECT} AND id = $5${lock ? ' FOR UPDATE' : ''}`, [k.orgId, k.board, k.year, k.round, id]);
  return r ? toEntry(r) : null;
}

/** Replaces the rows of an existing grid when `version` is the current one. */
export async function saveGridRows(tx: SqlClient, k: ContentKey, id: string, rows: GridRowEntry[], version: number, by: string): Promise<EditResult<GridEntry>> {
  const before = await loadGrid(tx, k, id, true);
  if (!before || before.version !== version) return { ok: false, current: before };
  await tx.query(
    `UPDATE grid SET rows = $6, updated_by = $7, updated_at = now(), version = nextval('edit_version')
     WHERE org_id = $1 AND board = $2 AND year = $3 AND round = $4 AND id = $5`,
    [k.orgId, k.board, k.year, k.round, id, JSON.stringify(rows), by],
  );
  return { ok: true, before, after: (await loadGrid(tx, k, id))! };
}
