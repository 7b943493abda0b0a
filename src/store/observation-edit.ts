/**
 * Editing a round's observations (iakttagelser) in the application, as narratives are edited
 * (`content-edit.ts`): every row has a version, a save names the version it was based on (0 =
 * new) and a stale one gets the current row back instead of overwriting it. An observation is
 * identified by its number in the round (`sort_order`, shown from 1).
 */
import type { SqlClient } from './adapters/types.ts';
import type { ContentKey, EditResult, Versioned } from './content-edit.ts';
import { isoOrNull } from './users.ts';

export interface ObservationFields {
  goalArea: string;
  kind: 'positive' | 'improvement';
  text: string;
}

export interface ObservationEntry extends ObservationFields, Versioned {
  /** The number in the round, from 1 (stored as sort_order = nr − 1). */
  nr: number;
}

const SELECT = 'SELECT sort_order, goal_area, kind, text, version, updated_by, updated_at FROM observation WHERE org_id = $1 AND board = $2 AND year = $3 AND round = $4';

const toEntry = (r: Record<string, unknown>): ObservationEntry => ({
  nr: Number(r.sort_order) + 1,
  goalArea: String(r.goal_area),
  kind: String(r.kind) as ObservationFields['kind'],
  text: String(r.text),
  version: Number(r.version),
  updatedBy: r.updated_by === null || r.updated_by === undefined ? null : String(r.updated_by),
  updatedAt: isoOrNull(r.updated_at),
});

export async function loadObservations(db: SqlClient, k: ContentKey): Promise<ObservationEntry[]> {
  const rows = await db.query<Record<string, unknown>>(`${SELECT} ORDER BY sort_order`, [k.orgId, k.board, k.year, k.round]);
  return rows.map(toEntry);
}

async function read(tx: SqlClient, k: ContentKey, nr: number, lock: boolean): Promise<ObservationEntry | null> {
  const [r] = await tx.query<Record<string, unknown>>(
    `${SELECT} AND sort_order = $5${lock ? ' FOR UPDATE' : ''}`,
    [k.orgId, k.board, k.year, k.round, nr - 1],
  );
  return r ? toEntry(r) : null;
}

/** The number a new observation of the round gets: one after the last. */
export async function nextObservationNr(db: SqlClient, k: ContentKey): Promise<number> {
  const [r] = await db.query<{ n: number | string | null }>('SELECT max(sort_order) AS n FROM observation WHERE org_id = $1 AND board = $2 AND year = $3 AND round = $4', [k.orgId, k.board, k.year, k.round]);
  return r?.n === null || r?.n === undefined ? 1 : Number(r.n) + 2;
}

export async function saveObservation(tx: SqlClient, k: ContentKey, nr: number, o: ObservationFields, version: number, by: string): Promise<EditResult<ObservationEntry>> {
  const before = await read(tx, k, nr, true);
  if ((before?.version ?? 0) !== version) return { ok: false, current: before };
  const key = [k.orgId, k.board, k.year, k.round, nr - 1];
  if (before) {
    await tx.query(
      `UPDATE observation SET goal_area = $6, kind = $7, text = $8, updated_by = $9, updated_at = now(), version = nextval('edit_version')
       WHERE org_id = $1 AND board = $2 AND year = $3 AND round = $4 AND sort_order = $5`,
      [...key, o.goalArea, o.kind, o.text, by],
    );
  } else {
    const [ins] = await tx.query(
      `INSERT INTO observation (org_id, board, year, round, sort_order, goal_area, kind, text, updated_by, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now()) ON CONFLICT DO NOTHING RETURNING 1`,
      [...key, o.goalArea, o.kind, o.text, by],
    );
    if (!ins) return { ok: false, current: await read(tx, k, nr, false) };
  }
  return { ok: true, before, after: (await read(tx, k, nr, false))! };
}

export async function deleteObservation(tx: SqlClient, k: ContentKey, nr: number, version: number): Promise<{ ok: true; before: ObservationEntry } | { ok: false; current: ObservationEntry | null }> {
  const before = await read(tx, k, nr, true);
  if (!before || before.version !== version) return { ok: false, current: before };
  await tx.query('DELETE FROM observation WHERE org_id = $1 AND board = $2 AND year = $3 AND round = $4 AND sort_order = $5', [k.orgId, k.board, k.year, k.round, nr - 1]);
  return { ok: true, before };
}
