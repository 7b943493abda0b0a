/**
 * Editing the intrapreneurships' accumulated results (intraprenader: opening, used and the year's
 * result per unit, closing = opening + used + result) of a board and year in the application, as
 * observations are edited (`observation-edit.ts`): every row has a version (migration 0020), a
 * save names the version it was based on (0 = new) and a stale one gets the current row back.
 */
import type { SqlClient } from './adapters/types.ts';
import type { EditResult, Versioned } from './content-edit.ts';
import { isoOrNull } from './users.ts';

/** The roll-forward belongs to a board's year, not to a round: P1, P2 and the closing share it. */
export interface RollforwardKey {
  orgId: string;
  board: string;
  year: number;
}

export interface RollforwardFields {
  openingOre: number;
  usedOre: number;
  resultOre: number;
}

export interface RollforwardEntry extends RollforwardFields, Versioned {
  unit: string;
}

const SELECT = 'SELECT unit, opening_ore::text AS o, used_ore::text AS u, result_ore::text AS r, version, updated_by, updated_at FROM rollforward WHERE org_id = $1 AND board = $2 AND year = $3';

const toEntry = (r: Record<string, unknown>): RollforwardEntry => ({
  unit: String(r.unit),
  openingOre: Number(r.o),
  usedOre: Number(r.u),
  resultOre: Number(r.r),
  version: Number(r.version),
  updatedBy: r.updated_by === null || r.updated_by === undefined ? null : String(r.updated_by),
  updatedAt: isoOrNull(r.updated_at),
});

export async function loadRollforward(db: SqlClient, k: RollforwardKey): Promise<RollforwardEntry[]> {
  const rows = await db.query<Record<string, unknown>>(`${SELECT} ORDER BY sort_order, unit`, [k.orgId, k.board, k.year]);
  return rows.map(toEntry);
}

async function read(tx: SqlClient, k: RollforwardKey, unit: string, lock: boolean): Promise<RollforwardEntry | null> {
  const [r] = await tx.query<Record<string, unknown>>(`${SELECT} AND unit = $4${lock ? ' FOR UPDATE' : ''}`, [k.orgId, k.board, k.year, unit]);
  return r ? toEntry(r) : null;
}

export async function saveRollforward(tx: SqlClient, k: RollforwardKey, unit: string, f: RollforwardFields, version: number, by: string): Promise<EditResult<RollforwardEntry>> {
  const before = await read(tx, k, unit, true);
  if ((before?.version ?? 0) !== version) return { ok: false, current: before };
  const key = [k.orgId, k.board, k.year, unit];
  if (before) {
    await tx.query(
      `UPDATE rollforward SET opening_ore = $5, used_ore = $6, result_ore = $7, updated_by = $8, updated_at = now(), version = nextval('edit_version')
       WHERE org_id = $1 AND board = $2 AND year = $3 AND unit = $4`,
      [...key, f.openingOre, f.usedOre, f.resultOre, by],
    );
  } else {
    // A new intrapreneurship is listed last.
    const [ins] = await tx.query(
      `INSERT INTO rollforward (org_id, board, year, unit, opening_ore, used_ore, result_ore, sort_order, updated_by, updated_at)
       SELECT $1, $2, $3, $4, $5, $6, $7, coalesce(max(sort_order) + 1, 0), $8, now() FROM rollforward WHERE org_id = $1 AND board = $2 AND year = $3
       ON CONFLICT DO NOTHING RETURNING 1`,
      [...key, f.openingOre, f.usedOre, f.resultOre, by],
    );
    if (!ins) return { ok: false, current: await read(tx, k, unit, false) };
  }
  return { ok: true, before, after: (await read(tx, k, unit, false))! };
}

export async function deleteRollforward(tx: SqlClient, k: RollforwardKey, unit: string, version: number): Promise<{ ok: true; before: RollforwardEntry } | { ok: false; current: RollforwardEntry | null }> {
  const before = await read(tx, k, unit, true);
  if (!before || before.version !== version) return { ok: false, current: before };
  await tx.query('DELETE FROM rollforward WHERE org_id = $1 AND board = $2 AND year = $3 AND unit = $4', [k.orgId, k.board, k.year, unit]);
  return { ok: true, before };
}
