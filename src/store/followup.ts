/** Reading and replacing follow-up content (goals, assignments, measures, narrative …). */
import type {
  AssignmentStatus,
  FollowUpContent,
  GoalKind,
  GoalRelation,
  GoalStatus,
  StoredGrid,
  TargetType,
} from '../core/domain/followup.ts';
import type { SqlClient } from './adapters/types.ts';

export interface ContentKey {
  orgId: string;
  board: string;
  year: number;
  round: string;
}

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** Loads everything a report of one board, year and round can show. */
export async function loadFollowUp(db: SqlClient, k: ContentKey): Promise<FollowUpContent> {
  const p = [k.orgId, k.board, k.year];
  const pr = [...p, k.round];
  const [narr, goals, gst, asg, ast, meas, inds, ivals, obs, roll, grids] = await Promise.all([
    db.query<{ key: string; title: string; text: string }>('SELECT key, title, text FROM narrative WHERE org_id = $1 AND board = $2 AND year = $3 AND round = $4', pr),
    db.query<Record<string, unknown>>('SELECT * FROM goal WHERE org_id = $1 AND board = $2 AND year = $3 ORDER BY sort_order', p),
    db.query<{ code: string; status: string | null; comment: string }>('SELECT code, status, comment FROM goal_status WHERE org_id = $1 AND board = $2 AND year = $3 AND round = $4', pr),
    db.query<Record<string, unknown>>('SELECT * FROM assignment WHERE org_id = $1 AND board = $2 AND year = $3 ORDER BY sort_order', p),
    db.query<{ code: string; status: string | null; comment: string }>('SELECT code, status, comment FROM assignment_status WHERE org_id = $1 AND board = $2 AND year = $3 AND round = $4', pr),
    db.query<Record<string, unknown>>(
      'SELECT nr, text, decision_date, diary_number, forecast_effect_mnkr::text AS f, total_effect_mnkr::text AS t, achieved_mnkr::text AS a, expected_effect, comment FROM measure WHERE org_id = $1 AND board = $2 AND year = $3 AND round = $4 ORDER BY sort_order',
      pr,
    ),
    db.query<Record<string, unknown>>('SELECT code, name, unit, goal_code, target_type, target_value::text AS target_value, source FROM indicator WHERE org_id = $1 AND board = $2 ORDER BY sort_order', [k.orgId, k.board]),
    db.query<Record<string, unknown>>('SELECT code, year, kind, breakdown, value::text AS value FROM indicator_value WHERE org_id = $1 AND board = $2 AND year BETWEEN $3 - 4 AND $3 ORDER BY code, year, kind, breakdown', p),
    db.query<Record<string, unknown>>('SELECT goal_area, kind, text FROM observation WHERE org_id = $1 AND board = $2 AND year = $3 AND round = $4 ORDER BY sort_order', pr),
    db.query<Record<string, unknown>>('SELECT unit, opening_ore::text AS o, used_ore::text AS u, result_ore::text AS r FROM rollforward WHERE org_id = $1 AND board = $2 AND year = $3 ORDER BY sort_order', p),
    db.query<{ id: string; title: string; columns: unknown; rows: unknown }>('SELECT id, title, columns, rows FROM grid WHERE org_id = $1 AND board = $2 AND year = $3 AND round = $4', pr),
  ]);
  const json = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));
  return {
    narratives: new Map(narr.map((n) => [n.key, { title: n.title, text: n.text }])),
    goals: goals.map((g) => ({
      code: String(g.code),
      parent: str(g.parent_code),
      goalArea: String(g.goal_area),
      kind: g.kind as GoalKind,
      text: String(g.text),
      relation: (g.relation as GoalRelation | null) ?? null,
      target: str(g.target),
      rule: str(g.rule),
    })),
    goalStatus: new Map(gst.map((s) => [s.code, { status: s.status as GoalStatus | null, comment: s.comment }])),
    assignments: asg.map((a) => ({ code: String(a.code), goalArea: String(a.goal_area), givenYear: Number(a.given_year), text: String(a.text) })),
    assignmentStatus: new Map(ast.map((s) => [s.code, { status: s.status as AssignmentStatus | null, comment: s.comment }])),
    measures: meas.map((m) => ({
      nr: String(m.nr),
      text: String(m.text),
      decisionDate: String(m.decision_date),
      diaryNumber: String(m.diary_number),
      forecastEffectMnkr: str(m.f),
      totalEffectMnkr: str(m.t),
      achievedMnkr: str(m.a),
      expectedEffect: String(m.expected_effect),
      comment: String(m.comment),
    })),
    indicators: inds.map((i) => ({
      code: String(i.code),
      name: String(i.name),
      unit: String(i.unit),
      goal: str(i.goal_code),
      targetType: (i.target_type as TargetType | null) ?? null,
      targetValue: str(i.target_value),
      source: String(i.source),
    })),
    indicatorValues: ivals.map((v) => ({
      code: String(v.code),
      year: Number(v.year),
      kind: v.kind as 'actual' | 'forecast',
      breakdown: v.breakdown as 'T' | 'K' | 'M',
      value: String(v.value),
    })),
    observations: obs.map((o) => ({ goalArea: String(o.goal_area), kind: o.kind as 'positive' | 'improvement', text: String(o.text) })),
    rollForward: roll.map((r) => ({ unit: String(r.unit), openingOre: BigInt(String(r.o)), usedOre: BigInt(String(r.u)), resultOre: BigInt(String(r.r)) })),
    grids: new Map(grids.map((g) => [g.id, { id: g.id, title: g.title, columns: json<StoredGrid['columns']>(g.columns), rows: json<StoredGrid['rows']>(g.rows) }])),
  };
}
