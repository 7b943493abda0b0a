/**
 * Editing follow-up content in the application: goal and assignment statuses, measures and
 * narrative texts of one (board, year, round). Every row has a version (migration 0003); a save
 * names the version it was based on (0 = new) and a stale one gets the current row back instead
 * of overwriting it. Imports keep working as before (they replace rows; new rows get new versions).
 */
import type { SqlClient } from './adapters/types.ts';
import type { ContentKey } from './followup.ts';
import { isoOrNull } from './users.ts';

export type { ContentKey } from './followup.ts';

export interface Versioned {
  version: number;
  updatedBy: string | null;
  updatedAt: string | null;
}

export interface GoalEntry extends Versioned {
  code: string;
  parent: string | null;
  goalArea: string;
  kind: string;
  text: string;
  status: string | null;
  comment: string;
  /** The round the status was carried from (the previous round), until it is edited; else null. */
  carriedFrom: string | null;
}

export interface AssignmentEntry extends Versioned {
  code: string;
  goalArea: string;
  givenYear: number;
  text: string;
  status: string | null;
  comment: string;
  /** The round the status was carried from (the previous round), until it is edited; else null. */
  carriedFrom: string | null;
}

export interface MeasureFields {
  text: string;
  decisionDate: string;
  diaryNumber: string;
  /** Exact decimals in mnkr as strings ("5.8"), or null. */
  forecastEffectMnkr: string | null;
  totalEffectMnkr: string | null;
  achievedMnkr: string | null;
  expectedEffect: string;
  comment: string;
}

export interface MeasureEntry extends MeasureFields, Versioned {
  nr: string;
}

export interface NarrativeEntry extends Versioned {
  key: string;
  title: string;
  text: string;
}

const ver = (r: Record<string, unknown>): Versioned => ({
  version: r.version === null || r.version === undefined ? 0 : Number(r.version),
  updatedBy: r.updated_by === null || r.updated_by === undefined ? null : String(r.updated_by),
  updatedAt: isoOrNull(r.updated_at),
});
const s = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

export async function loadGoals(db: SqlClient, k: ContentKey): Promise<GoalEntry[]> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT g.code, g.parent_code, g.goal_area, g.kind, g.text, st.status, st.comment, st.version, st.updated_by, st.updated_at, st.carried_from
     FROM goal g LEFT JOIN goal_status st ON st.org_id = g.org_id AND st.board = g.board AND st.year = g.year AND st.round = $4 AND st.code = g.code
     WHERE g.org_id = $1 AND g.board = $2 AND g.year = $3 ORDER BY g.sort_order`,
    [k.orgId, k.board, k.year, k.round],
  );
  return rows.map((r) => ({
    code: String(r.code),
    parent: s(r.parent_code),
    goalArea: String(r.goal_area),
    kind: String(r.kind),
    text: String(r.text),
    status: s(r.status),
    comment: String(r.comment ?? ''),
    carriedFrom: s(r.carried_from),
    ...ver(r),
  }));
}

export async function loadAssignments(db: SqlClient, k: ContentKey): Promise<AssignmentEntry[]> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT a.code, a.goal_area, a.given_year, a.text, st.status, st.comment, st.version, st.updated_by, st.updated_at, st.carried_from
     FROM assignment a LEFT JOIN assignment_status st ON st.org_id = a.org_id AND st.board = a.board AND st.year = a.year AND st.round = $4 AND st.code = a.code
     WHERE a.org_id = $1 AND a.board = $2 AND a.year = $3 ORDER BY a.sort_order`,
    [k.orgId, k.board, k.year, k.round],
  );
  return rows.map((r) => ({
    code: String(r.code),
    goalArea: String(r.goal_area),
    givenYear: Number(r.given_year),
    text: String(r.text),
    status: s(r.status),
    comment: String(r.comment ?? ''),
    carriedFrom: s(r.carried_from),
    ...ver(r),
  }));
}

const MEASURE_SELECT = `SELECT nr, text, decision_date, diary_number, forecast_effect_mnkr::text AS f, total_effect_mnkr::text AS t,
  achieved_mnkr::text AS a, expected_effect, comment, version, updated_by, updated_at FROM measure`;

function toMeasure(r: Record<string, unknown>): MeasureEntry {
  return {
    nr: String(r.nr),
    text: String(r.text),
    decisionDate: String(r.decision_date),
    diaryNumber: String(r.diary_number),
    forecastEffectMnkr: s(r.f),
    totalEffectMnkr: s(r.t),
    achievedMnkr: s(r.a),
    expectedEffect: String(r.expected_effect),
    comment: String(r.comment),
    ...ver(r),
  };
}

export async function loadMeasures(db: SqlClient, k: ContentKey): Promise<MeasureEntry[]> {
  const rows = await db.query<Record<string, unknown>>(`${MEASURE_SELECT} WHERE org_id = $1 AND board = $2 AND year = $3 AND round = $4 ORDER BY sort_order, nr`, [
    k.orgId,
    k.board,
    k.year,
    k.round,
  ]);
  return rows.map(toMeasure);
}

export async function loadNarratives(db: SqlClient, k: ContentKey): Promise<NarrativeEntry[]> {
  const rows = await db.query<Record<string, unknown>>(
    'SELECT key, title, text, version, updated_by, updated_at FROM narrative WHERE org_id = $1 AND board = $2 AND year = $3 AND round = $4 ORDER BY key',
    [k.orgId, k.board, k.year, k.round],
  );
  return rows.map((r) => ({ key: String(r.key), title: String(r.title), text: String(r.text), ...ver(r) }));
}

export type EditResult<T> = { ok: true; before: T | null; after: T } | { ok: false; current: T | null };

/** Does the goal (or assignment) of the status exist? */
export async function hasGoal(db: SqlClient, k: ContentKey, table: 'goal' | 'assignment', code: string): Promise<boolean> {
  const [r] = await db.query(`SELECT 1 FROM ${table} WHERE org_id = $1 AND board = $2 AND year = $3 AND code = $4`, [k.orgId, k.board, k.year, code]);
  return r !== undefined;
}

export interface StatusValue {
  status: string | null;
  comment: string;
}

export async function setStatus(
  tx: SqlClient,
  table: 'goal_status' | 'assignment_status',
  k: ContentKey,
  code: string,
  value: StatusValue,
  version: number,
  by: string,
): Promise<EditResult<StatusValue & Versioned>> {
  const key = [k.orgId, k.board, k.year, k.round, code];
  const read = async (lock: boolean): Promise<(StatusValue & Versioned) | null> => {
    const [r] = await tx.query<Record<string, unknown>>(
      `SELECT status, comment, version, updated_by, updated_at FROM ${table} WHERE org_id = $1 AND board = $2 AND year = $3 AND round = $4 AND code = $5${lock ? ' FOR UPDATE' : ''}`,
      key,
    );
    return r ? { status: s(r.status), comment: String(r.comment), ...ver(r) } : null;
  };
  const before = await read(true);
  if ((before?.version ?? 0) !== version) return { ok: false, current: before };
  if (before) {
    await tx.query(
      `UPDATE ${table} SET status = $6, comment = $7, version = nextval('edit_version'), updated_by = $8, updated_at = now(), carried_from = NULL
       WHERE org_id = $1 AND board = $2 AND year = $3 AND round = $4 AND code = $5`,
      [...key, value.status, value.comment, by],
    );
  } else {
    const [ins] = await tx.query(
      `INSERT INTO ${table} (org_id, board, year, round, code, status, comment, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())
       ON CONFLICT DO NOTHING RETURNING 1`,
      [...key, value.status, value.comment, by],
    );
    if (!ins) return { ok: false, current: await read(false) };
  }
  return { ok: true, before, after: (await read(false))! };
}

async function readMeasure(tx: SqlClient, k: ContentKey, nr: string, lock: boolean): Promise<MeasureEntry | null> {
  const [r] = await tx.query<Record<string, unknown>>(`${MEASURE_SELECT} WHERE org_id = $1 AND board = $2 AND year = $3 AND round = $4 AND nr = $5${lock ? ' FOR UPDATE' : ''}`, [
    k.orgId,
    k.board,
    k.year,
    k.round,
    nr,
  ]);
  return r ? toMeasure(r) : null;
}

export async function saveMeasure(tx: SqlClient, k: ContentKey, nr: string, m: MeasureFields, version: number, by: string): Promise<EditResult<MeasureEntry>> {
  const before = await readMeasure(tx, k, nr, true);
  if ((before?.version ?? 0) !== version) return { ok: false, current: before };
  const values = [m.text, m.decisionDate, m.diaryNumber, m.forecastEffectMnkr, m.totalEffectMnkr, m.achievedMnkr, m.expectedEffect, m.comment, by];
  if (before) {
    await tx.query(
      `UPDATE measure SET text = $6, decision_date = $7, diary_number = $8, forecast_effect_mnkr = $9::numeric, total_effect_mnkr = $10::numeric,
         achieved_mnkr = $11::numeric, expected_effect = $12, comment = $13, updated_by = $14, updated_at = now(), version = nextval('edit_version')
       WHERE org_id = $1 AND board = $2 AND year = $3 AND round = $4 AND nr = $5`,
      [k.orgId, k.board, k.year, k.round, nr, ...values],
    );
  } else {
    const [ins] = await tx.query(
      `INSERT INTO measure (org_id, board, year, round, nr, text, decision_date, diary_number, forecast_effect_mnkr, total_effect_mnkr, achieved_mnkr,
         expected_effect, comment, updated_by, updated_at, sort_order)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::numeric, $10::numeric, $11::numeric, $12, $13, $14, now(),
         (SELECT coalesce(max(sort_order), -1) + 1 FROM measure WHERE org_id = $1 AND board = $2 AND year = $3 AND round = $4))
       ON CONFLICT DO NOTHING RETURNING 1`,
      [k.orgId, k.board, k.year, k.round, nr, ...values],
    );
    if (!ins) return { ok: false, current: await readMeasure(tx, k, nr, false) };
  }
  return { ok: true, before, after: (await readMeasure(tx, k, nr, false))! };
}

export async function deleteMeasure(tx: SqlClient, k: ContentKey, nr: string, version: number): Promise<{ ok: true; before: MeasureEntry } | { ok: false; current: MeasureEntry | null }> {
  const before = await readMeasure(tx, k, nr, true);
  if (!before || before.version !== version) return { ok: false, current: before };
  await tx.query('DELETE FROM measure WHERE org_id = $1 AND board = $2 AND year = $3 AND round = $4 AND nr = $5', [k.orgId, k.board, k.year, k.round, nr]);
  return { ok: true, before };
}

async function readNarrative(tx: SqlClient, k: ContentKey, key: string, lock: boolean): Promise<NarrativeEntry | null> {
  const [r] = await tx.query<Record<string, unknown>>(
    `SELECT key, title, text, version, updated_by, updated_at FROM narrative WHERE org_id = $1 AND board = $2 AND year = $3 AND round = $4 AND key = $5${lock ? ' FOR UPDATE' : ''}`,
    [k.orgId, k.board, k.year, k.round, key],
  );
  return r ? { key: String(r.key), title: String(r.title), text: String(r.text), ...ver(r) } : null;
}

export async function saveNarrative(
  tx: SqlClient,
  k: ContentKey,
  key: string,
  value: { title: string; text: string },
  version: number,
  by: string,
): Promise<EditResult<NarrativeEntry>> {
  const before = await readNarrative(tx, k, key, true);
  if ((before?.version ?? 0) !== version) return { ok: false, current: before };
  if (before) {
    await tx.query(
      `UPDATE narrative SET title = $6, text = $7, version = nextval('edit_version'), updated_by = $8, updated_at = now()
       WHERE org_id = $1 AND board = $2 AND year = $3 AND round = $4 AND key = $5`,
      [k.orgId, k.board, k.year, k.round, key, value.title, value.text, by],
    );
  } else {
    const [ins] = await tx.query(
      `INSERT INTO narrative (org_id, board, year, round, key, title, text, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())
       ON CONFLICT DO NOTHING RETURNING 1`,
      [k.orgId, k.board, k.year, k.round, key, value.title, value.text, by],
    );
    if (!ins) return { ok: false, current: await readNarrative(tx, k, key, false) };
  }
  return { ok: true, before, after: (await readNarrative(tx, k, key, false))! };
}
